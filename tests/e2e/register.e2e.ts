import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Page, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE_URL, type BrowserSession, launchBrowser } from './browser';

const PASSWORD = process.env.DEMO_PASSWORD ?? 'demo-password-1';
const ARTIFACTS_DIR = fileURLToPath(new URL('./artifacts/', import.meta.url));
// A register of its own, so a rerun against the same server never meets a shift left open by another run.
const REGISTER_ID = `e2e-${Date.now().toString(36)}`;

type ProductRow = {
  id: string;
  sku: string;
  name: string;
  unit: string;
  active: boolean;
  barcodes: string[];
};
type LookupRow = ProductRow & { onHand: number; priceCents: number };
type SaleRow = {
  id: string;
  receiptNumber: string;
  subtotalCents: number;
  discountCents: number;
  taxCents: number;
  totalCents: number;
  roundingCents: number;
  changeDueCents: number;
  lines: { productId: string; quantity: number }[];
  tenders: { method: string; amountCents: number; reference: string | null }[];
};

const usd = (cents: number) =>
  new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(cents / 100);

async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${ARTIFACTS_DIR}${name}.png` });
}

async function getJson<T>(page: Page, path: string): Promise<T> {
  const response = await page.request.get(`${BASE_URL}${path}`);
  expect(response.status(), `GET ${path}`).toBe(200);
  return (await response.json()) as T;
}

function isSalePost(response: Response): boolean {
  return new URL(response.url()).pathname === '/api/sales' && response.request().method() === 'POST';
}

/** Types the code as a USB scanner does: all characters at once, then Enter. */
async function scan(page: Page, code: string): Promise<void> {
  await page.keyboard.type(code, { delay: 0 });
  await page.keyboard.press('Enter');
}

/** The id of the focused element (a string expression: this file is type-checked without the DOM lib). */
function focusedId(page: Page): Promise<unknown> {
  return page.evaluate('document.activeElement?.id');
}

async function text(page: Page, testId: string): Promise<string> {
  return ((await page.getByTestId(testId).textContent()) ?? '').trim();
}

describe('the register', () => {
  let browser: BrowserSession;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    await mkdir(ARTIFACTS_DIR, { recursive: true });
    // Screenshots are build output: keep them out of git without touching the repository's .gitignore.
    await writeFile(`${ARTIFACTS_DIR}.gitignore`, '*\n');
    browser = await launchBrowser();
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    await page.setViewportSize({ width: 1024, height: 768 });
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('sets up the till, rings up a cash sale with a quick amount and a split-tender sale', async () => {
    // Sign in as the cashier.
    await page.goto(`${BASE_URL}/login`);
    await page.getByLabel('Username').fill('cashier1');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();

    // Three products of the cashier's store that are sold by the piece, have a barcode and are in stock.
    const stores = await getJson<{ items: { id: string; code: string }[] }>(page, '/api/stores');
    const store = stores.items.find((item) => item.code === 'S001');
    if (!store) {
      throw new Error('the demo store S001 is missing');
    }
    const catalog = await getJson<{ items: ProductRow[] }>(page, '/api/products?active=true&limit=200');
    const products: LookupRow[] = [];
    for (const product of catalog.items) {
      const barcode = product.barcodes[0];
      if (product.unit !== 'each' || !product.active || barcode === undefined) {
        continue;
      }
      const lookup = await getJson<LookupRow>(
        page,
        `/api/products/lookup?code=${barcode}&storeId=${store.id}`,
      );
      if (lookup.onHand >= 10) {
        products.push(lookup);
      }
      if (products.length === 4) {
        break;
      }
    }
    expect(products).toHaveLength(4);
    const [first, second, third, fourth] = products as [LookupRow, LookupRow, LookupRow, LookupRow];
    const codeOf = (product: LookupRow) => product.barcodes[0] ?? product.sku;

    // 1. Set up the till: the only store is chosen already; name the register, then count the float.
    await page.getByRole('link', { name: 'Open the register' }).click();
    await page.getByRole('heading', { name: 'Set up this till' }).waitFor();
    await page.getByLabel('Register', { exact: true }).fill(REGISTER_ID);
    await screenshot(page, '01-till-setup');
    await page.getByRole('button', { name: 'Use this till' }).click();
    const float = page.getByLabel('Opening float');
    await float.waitFor();
    await page.keyboard.type('150');
    await screenshot(page, '02-open-shift');
    const [shiftResponse] = await Promise.all([
      page.waitForResponse((response) => new URL(response.url()).pathname === '/api/shifts'),
      page.keyboard.press('Enter'),
    ]);
    expect(shiftResponse.status()).toBe(201);
    const scanField = page.getByLabel('Scan or type a barcode / SKU');
    await scanField.waitFor();
    expect(await focusedId(page)).toBe('register-scan-input');

    // 2. Three scans typed as a scanner types them, back to back, then the first product again.
    await scan(page, codeOf(first));
    await scan(page, codeOf(second));
    await scan(page, codeOf(third));
    await scan(page, codeOf(first));
    const rows = page.locator('.register-cart-table tbody tr');
    await expect.poll(() => rows.count()).toBe(3);
    const quantityOf = (product: LookupRow) =>
      page.getByLabel(`Quantity of ${product.name}`, { exact: true }).textContent();
    await expect.poll(() => quantityOf(first)).toBe('2');
    expect(await rows.nth(0).textContent()).toContain(first.name);
    expect(await rows.nth(1).textContent()).toContain(second.name);
    expect(await rows.nth(2).textContent()).toContain(third.name);

    // Change a quantity with the keys: select the third line and add two, then take one off.
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('NumpadAdd');
    await page.keyboard.press('NumpadAdd');
    await page.keyboard.press('NumpadSubtract');
    await expect.poll(() => quantityOf(third)).toBe('2');
    await screenshot(page, '03-cart');

    // The help overlay lists the keys.
    await page.keyboard.press('F1');
    await page.getByRole('dialog', { name: 'Keys' }).waitFor();
    await screenshot(page, '04-help');
    await page.keyboard.press('Escape');
    await page.getByRole('dialog', { name: 'Keys' }).waitFor({ state: 'detached' });

    // Alt+M: the till menu holds every action as a button; Esc gives the scan field back.
    await page.keyboard.press('Alt+M');
    await page
      .getByRole('dialog', { name: 'Till' })
      .getByRole('button', { name: /Sale discount/ })
      .waitFor();
    await screenshot(page, '04b-till-menu');
    await page.keyboard.press('Escape');
    await page.getByRole('dialog', { name: 'Till' }).waitFor({ state: 'detached' });
    await expect.poll(() => focusedId(page)).toBe('register-scan-input');
    const registerTotal = await text(page, 'totals-total');

    // 3. Cash with a quick amount (F6: the second button, the next $5 or more).
    await page.keyboard.press('F2');
    await page.getByRole('dialog', { name: 'Cash payment' }).waitFor();
    const quickButtons = page.locator('.register-quick-button');
    const tendered = (
      (await quickButtons.nth(1).locator('.register-quick-amount').textContent()) ?? ''
    ).trim();
    await screenshot(page, '05-cash-payment');
    // Tab stays in the payment dialog (a modal): it never walks out to the sale behind.
    const payment = page.getByRole('dialog', { name: 'Cash payment' });
    for (let step = 0; step < 15; step += 1) {
      await page.keyboard.press('Tab');
      expect(await payment.locator(':focus').count()).toBe(1);
    }
    const [saleResponse] = await Promise.all([page.waitForResponse(isSalePost), page.keyboard.press('F6')]);
    expect(saleResponse.status()).toBe(201);
    const created = (await saleResponse.json()) as SaleRow;
    await page.getByRole('heading', { name: 'Sale complete' }).waitFor();

    // The change shown is the server's, and so are the totals the register showed before paying.
    const sale = await getJson<SaleRow>(page, `/api/sales/${created.id}`);
    expect(await text(page, 'sale-change-due')).toBe(usd(sale.changeDueCents));
    expect(sale.changeDueCents).toBeGreaterThan(0);
    expect(registerTotal).toBe(usd(sale.totalCents));
    expect(usd(sale.tenders[0]?.amountCents ?? 0)).toBe(tendered);
    expect(sale.lines.map((line) => [line.productId, line.quantity])).toEqual([
      [first.id, 2],
      [second.id, 1],
      [third.id, 2],
    ]);

    // The receipt in the frame shows the same receipt number and totals.
    const receipt = page.frameLocator('iframe[title="Receipt"]').locator('body');
    await expect.poll(async () => (await receipt.textContent()) ?? '').toContain(sale.receiptNumber);
    const receiptText = (await receipt.textContent()) ?? '';
    for (const cents of [sale.subtotalCents, sale.taxCents, sale.totalCents, sale.changeDueCents]) {
      expect(receiptText).toContain(usd(cents));
    }
    await screenshot(page, '06-sale-complete');

    // P prints the framed receipt. The frame's print() is replaced by a counter: a headless browser has no
    // printer dialog to wait for, and what matters here is that the key reaches the receipt's own window.
    const receiptFrame = page.frames().find((frame) => frame.url().endsWith(`/api/sales/${sale.id}/receipt`));
    if (!receiptFrame) {
      throw new Error('the receipt frame is missing');
    }
    await receiptFrame.evaluate(
      'window.print = () => { window.printCount = (window.printCount ?? 0) + 1; }; 0',
    );
    await page.keyboard.press('p');
    await expect.poll(() => receiptFrame.evaluate('window.printCount')).toBe(1);

    // Enter starts the next sale with the scan field focused and the cart empty.
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Sale complete' }).waitFor({ state: 'detached' });
    await expect.poll(() => focusedId(page)).toBe('register-scan-input');
    expect(await rows.count()).toBe(0);

    // Second sale: split tender, card with the terminal's reference plus cash.
    await scan(page, codeOf(fourth));
    await scan(page, codeOf(second));
    await expect.poll(() => rows.count()).toBe(2);
    const secondTotal = await text(page, 'totals-total');
    await page.keyboard.press('F4');
    await page.getByRole('dialog', { name: 'Split payment: card and cash' }).waitFor();
    await page.keyboard.type('5.00');
    await page.getByLabel('Card terminal reference').fill('AUTH-E2E-1');
    const cashField = page.getByLabel(/Cash received/);
    await cashField.fill('100');
    await screenshot(page, '07-split-payment');

    // The first answer is lost on the way back: the server records the sale, the till sees a dropped
    // connection. The sale is complete on the till at once (queued with its receipt number), and the outbox
    // sends the very same body again: the server answers the sale it already has.
    const sentBodies: string[] = [];
    page.on('request', (request) => {
      if (new URL(request.url()).pathname === '/api/sales' && request.method() === 'POST') {
        sentBodies.push(request.postData() ?? '');
      }
    });
    let firstStatus = 0;
    await page.route(
      `${BASE_URL}/api/sales`,
      async (route) => {
        firstStatus = (await route.fetch()).status();
        await route.abort('connectionreset');
      },
      { times: 1 },
    );
    const [splitResponse] = await Promise.all([
      page.waitForResponse((response) => isSalePost(response) && response.status() === 200),
      cashField.press('Enter'),
    ]);
    await page.getByTestId('sale-saved-locally').waitFor();
    expect(firstStatus).toBe(201);
    await screenshot(page, '07b-split-connection-dropped');
    expect(sentBodies).toHaveLength(2);
    expect(sentBodies[1]).toBe(sentBodies[0]);
    const split = await getJson<SaleRow>(page, `/api/sales/${((await splitResponse.json()) as SaleRow).id}`);
    expect(await text(page, 'sale-receipt-number')).toBe(split.receiptNumber);
    expect(usd(split.totalCents)).toBe(secondTotal);
    expect(split.tenders).toEqual([
      { method: 'card', amountCents: 500, reference: expect.stringContaining('1') },
      { method: 'cash', amountCents: 10_000, reference: null },
    ]);
    expect(split.changeDueCents).toBe(500 + 10_000 - split.totalCents);
    await page.getByRole('heading', { name: 'Sale complete' }).waitFor();
    expect(await text(page, 'sale-change-due')).toBe(usd(split.changeDueCents));
    await screenshot(page, '08-split-complete');
    // The next customer's first item, scanned while "Sale complete" still shows: the next sale starts with it.
    await scan(page, codeOf(third));
    await page.getByRole('heading', { name: 'Sale complete' }).waitFor({ state: 'detached' });
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.nth(0).textContent()).toContain(third.name);
    await expect.poll(() => focusedId(page)).toBe('register-scan-input');
    // Esc, then Enter to confirm, cancels that sale: nothing is sent.
    await page.keyboard.press('Escape');
    await page.getByRole('alertdialog', { name: 'Cancel this sale?' }).waitFor();
    await page.keyboard.press('Enter');
    await expect.poll(() => rows.count()).toBe(0);

    // Exactly the two sales on this register: the retry did not ring the split sale up twice.
    const registerSales = await getJson<{ items: SaleRow[] }>(
      page,
      `/api/sales?storeId=${store.id}&registerId=${REGISTER_ID}`,
    );
    expect(registerSales.items.map((item) => item.id).sort()).toEqual([created.id, split.id].sort());

    expect(pageErrors).toEqual([]);
  });
});
