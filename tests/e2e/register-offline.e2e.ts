import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { type APIRequestContext, type Page, request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE_URL, type BrowserSession, launchBrowser } from './browser';

const PASSWORD = process.env.DEMO_PASSWORD ?? 'demo-password-1';
const ARTIFACTS_DIR = fileURLToPath(new URL('./artifacts/', import.meta.url));
// A register of its own, so a rerun against the same server never meets a shift left open by another run.
const REGISTER_ID = `e2e-off-${Date.now().toString(36)}`;

type ProductRow = {
  id: string;
  sku: string;
  name: string;
  unit: string;
  active: boolean;
  barcodes: string[];
};
type LookupRow = ProductRow & { onHand: number };
type SaleRow = {
  id: string;
  receiptNumber: string;
  totalCents: number;
  lines: { productId: string; quantity: number }[];
};
type MovementRow = { productId: string; delta: number; refId: string | null; reason: string };

async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${ARTIFACTS_DIR}${name}.png` });
}

async function getJson<T>(page: Page, path: string): Promise<T> {
  const response = await page.request.get(`${BASE_URL}${path}`);
  expect(response.status(), `GET ${path}`).toBe(200);
  return (await response.json()) as T;
}

async function scan(page: Page, code: string): Promise<void> {
  await page.keyboard.type(code, { delay: 0 });
  await page.keyboard.press('Enter');
}

function attribute(page: Page, testId: string, name: string): Promise<string | null> {
  return page.getByTestId(testId).getAttribute(name);
}

/** Rings one item up and pays cash with the second quick amount (F6); answers the receipt number shown. */
async function sellForCash(page: Page, code: string, expectLocal: boolean): Promise<string> {
  const rows = page.locator('.register-cart-table tbody tr');
  await scan(page, code);
  await expect.poll(() => rows.count()).toBe(1);
  await page.keyboard.press('F2');
  await page.getByRole('dialog', { name: 'Cash payment' }).waitFor();
  await page.keyboard.press('F6');
  await page.getByRole('heading', { name: 'Sale complete' }).waitFor();
  if (expectLocal) {
    await page.getByTestId('sale-saved-locally').waitFor();
    await screenshot(page, 'offline-02a-sale-complete-on-till');
  }
  const receiptNumber = ((await page.getByTestId('sale-receipt-number').textContent()) ?? '').trim();
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Sale complete' }).waitFor({ state: 'detached' });
  return receiptNumber;
}

/** A manager's own API session (not the browser's): changes the catalog while the till is offline. */
async function managerApi(): Promise<{ api: APIRequestContext; csrf: string }> {
  const api = await request.newContext({ baseURL: BASE_URL });
  const login = await api.post('/api/auth/login', { data: { username: 'manager1', password: PASSWORD } });
  expect(login.status()).toBe(200);
  return { api, csrf: ((await login.json()) as { csrfToken: string }).csrfToken };
}

describe('the register offline', () => {
  let browser: BrowserSession;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    await mkdir(ARTIFACTS_DIR, { recursive: true });
    await writeFile(`${ARTIFACTS_DIR}.gitignore`, '*\n');
    browser = await launchBrowser();
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    await page.setViewportSize({ width: 1024, height: 768 });
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('sells offline, survives a reload offline, syncs each sale exactly once; a refused sale is kept; one tab per register', async () => {
    await page.goto(`${BASE_URL}/login`);
    await page.getByLabel('Username').fill('cashier1');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();

    const stores = await getJson<{ items: { id: string; code: string }[] }>(page, '/api/stores');
    const store = stores.items.find((item) => item.code === 'S001');
    if (!store) {
      throw new Error('the demo store S001 is missing');
    }
    const catalog = await getJson<{ items: ProductRow[] }>(page, '/api/products?active=true&limit=200');
    const products: LookupRow[] = [];
    for (const product of catalog.items) {
      const barcode = product.barcodes[0];
      if (product.unit !== 'each' || barcode === undefined) {
        continue;
      }
      const lookup = await getJson<LookupRow>(
        page,
        `/api/products/lookup?code=${barcode}&storeId=${store.id}`,
      );
      if (lookup.onHand >= 10) {
        products.push(lookup);
      }
      if (products.length === 3) {
        break;
      }
    }
    const [first, second, third] = products as [LookupRow, LookupRow, LookupRow];
    expect(third).toBeDefined();

    // Set up the till and open the shift, online.
    await page.getByRole('link', { name: 'Open the register' }).click();
    await page.getByLabel('Register', { exact: true }).fill(REGISTER_ID);
    await page.getByRole('button', { name: 'Use this till' }).click();
    await page.getByLabel('Opening float').waitFor();
    await page.keyboard.type('150');
    await page.keyboard.press('Enter');
    await page.getByLabel('Scan or type a barcode / SKU').waitFor();

    // The catalog copy is complete and the service worker controls the page before the network goes.
    await expect
      .poll(() => attribute(page, 'offline-banner', 'data-catalog'), { timeout: 30_000 })
      .toBe('synced');
    await expect
      .poll(
        () =>
          page.evaluate(
            'navigator.serviceWorker.ready.then(() => Boolean(navigator.serviceWorker.controller))',
          ),
        {
          timeout: 15_000,
        },
      )
      .toBe(true);
    await screenshot(page, 'offline-01-online-synced');

    // Offline: two cash sales complete on the till with their final receipt numbers.
    await browser.context.setOffline(true);
    await expect.poll(() => attribute(page, 'offline-banner', 'data-state')).toBe('offline');
    const firstReceipt = await sellForCash(page, first.barcodes[0] as string, true);
    const secondReceipt = await sellForCash(page, second.barcodes[0] as string, true);
    expect(firstReceipt).toMatch(/^S001-.+-\d{6,}$/);
    expect(secondReceipt).not.toBe(firstReceipt);
    await expect.poll(() => attribute(page, 'offline-queued-count', 'data-count')).toBe('2');
    await screenshot(page, 'offline-02-two-sales-queued');

    // A reload without a network: the service worker serves the app, the till opens with its queue.
    await page.reload();
    await page.getByLabel('Scan or type a barcode / SKU').waitFor();
    await expect.poll(() => attribute(page, 'offline-queued-count', 'data-count')).toBe('2');
    expect(await attribute(page, 'offline-banner', 'data-state')).toBe('offline');
    await screenshot(page, 'offline-03-reloaded-offline');

    // A third sale offline, of a product a manager deactivates before the till is back: the server refuses it.
    const thirdReceipt = await sellForCash(page, third.barcodes[0] as string, true);
    const { api, csrf } = await managerApi();
    const setActive = async (active: boolean) => {
      const response = await api.patch(`/api/products/${third.id}`, {
        data: { active },
        headers: { 'X-CSRF-Token': csrf },
      });
      expect(response.status()).toBe(200);
    };
    await setActive(false);

    // Back online: the queue drains in order; the refused sale stays on the till, in red.
    await browser.context.setOffline(false);
    await expect
      .poll(() => attribute(page, 'offline-queued-count', 'data-count'), { timeout: 30_000 })
      .toBe('0');
    await page.getByTestId('offline-rejected').waitFor();
    expect(await attribute(page, 'offline-banner', 'data-state')).toBe('online');
    await screenshot(page, 'offline-04-refused-banner');
    await page.keyboard.press('Alt+q');
    const refused = page.getByRole('dialog', { name: 'Sales refused by the server' });
    await refused.waitFor();
    // The list is read from IndexedDB after the dialog opens.
    await refused.getByTestId('rejected-sale').first().waitFor();
    expect(await refused.getByTestId('rejected-sale').count()).toBe(1);
    const refusedRow = (await refused.getByTestId('rejected-sale').textContent()) ?? '';
    expect(refusedRow).toContain(thirdReceipt);
    expect(refusedRow).toContain('no longer sold');
    await screenshot(page, 'offline-05-refused-list');

    // The manager puts the product back on sale and retries (R): the sale goes through, the list empties.
    await setActive(true);
    await page.keyboard.press('r');
    await refused.getByTestId('rejected-none').waitFor({ timeout: 15_000 });
    await page.keyboard.press('Escape');
    await page.getByTestId('offline-rejected').waitFor({ state: 'detached' });
    await api.dispose();

    // Each sale reached the server exactly once, with the receipt number the till showed.
    const registerSales = await getJson<{ items: SaleRow[] }>(
      page,
      `/api/sales?storeId=${store.id}&registerId=${REGISTER_ID}`,
    );
    expect(registerSales.items.map((sale) => sale.receiptNumber).sort()).toEqual(
      [firstReceipt, secondReceipt, thirdReceipt].sort(),
    );
    // And the stock moved once per sale.
    for (const [product, sale] of [
      [first, registerSales.items.find((item) => item.receiptNumber === firstReceipt)],
      [second, registerSales.items.find((item) => item.receiptNumber === secondReceipt)],
      [third, registerSales.items.find((item) => item.receiptNumber === thirdReceipt)],
    ] as const) {
      const movements = await getJson<{ items: MovementRow[] }>(
        page,
        `/api/stores/${store.id}/inventory/movements?productId=${product.id}&limit=100`,
      );
      const ofSale = movements.items.filter((movement) => movement.refId === sale?.id);
      expect(ofSale.map((movement) => movement.delta)).toEqual([-1]);
      const after = await getJson<LookupRow>(
        page,
        `/api/products/lookup?code=${product.barcodes[0]}&storeId=${store.id}`,
      );
      expect(after.onHand).toBe(product.onHand - 1);
    }
    await screenshot(page, 'offline-06-all-sent');

    // A second tab on the same register is refused and cannot sell.
    const secondTab = await browser.context.newPage();
    await secondTab.setViewportSize({ width: 1024, height: 768 });
    await secondTab.goto(`${BASE_URL}/register`);
    await secondTab.getByTestId('register-taken').waitFor();
    expect(await secondTab.getByLabel('Scan or type a barcode / SKU').count()).toBe(0);
    await screenshot(secondTab, 'offline-07-second-tab-refused');
    await secondTab.close();

    expect(pageErrors).toEqual([]);
  });
});
