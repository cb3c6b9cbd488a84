import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Page, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE_URL, type BrowserSession, launchBrowser } from './browser';

const PASSWORD = process.env.DEMO_PASSWORD ?? 'demo-password-1';
// The demo PIN every seeded user has (server/db/seed-on-start.ts).
const MANAGER_PIN = process.env.DEMO_PIN ?? '1234';
const ARTIFACTS_DIR = fileURLToPath(new URL('./artifacts/', import.meta.url));
// A register of its own, so this file never meets the shift of the other register test.
const REGISTER_ID = `e2e-disc-${Date.now().toString(36)}`;

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
  totalCents: number;
  discountCents: number;
  approvedBy: string | null;
  lines: { productId: string; quantity: number; discountCents: number; discountReason: string | null }[];
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

function focusedId(page: Page): Promise<unknown> {
  return page.evaluate('document.activeElement?.id');
}

describe('the register: search, discounts and manager approval', () => {
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

  it('adds a product found as you type, and a discount above the cashier limit is approved by a manager', async () => {
    await page.goto(`${BASE_URL}/login`);
    await page.getByLabel('Username').fill('cashier1');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();

    const stores = await getJson<{ items: { id: string; code: string }[] }>(page, '/api/stores');
    const storeRow = stores.items.find((item) => item.code === 'S001');
    if (!storeRow) {
      throw new Error('the demo store S001 is missing');
    }
    const store = await getJson<{ id: string; cashierDiscountLimitPercent: number }>(
      page,
      `/api/stores/${storeRow.id}`,
    );
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
      // Well priced, so a percentage discount is never rounded to nothing.
      if (lookup.onHand >= 5 && lookup.priceCents >= 500) {
        products.push(lookup);
      }
      if (products.length === 2) {
        break;
      }
    }
    const [scanned, searched] = products as [LookupRow, LookupRow];
    expect(searched).toBeDefined();

    await page.getByRole('link', { name: 'Open the register' }).click();
    await page.getByRole('heading', { name: 'Set up this till' }).waitFor();
    await page.getByLabel('Register', { exact: true }).fill(REGISTER_ID);
    await page.getByRole('button', { name: 'Use this till' }).click();
    await page.getByLabel('Opening float').waitFor();
    await page.keyboard.type('100');
    await page.keyboard.press('Enter');
    await page.getByLabel('Scan or type a barcode / SKU').waitFor();

    // An exact code goes straight on the sale: no results list.
    await page.keyboard.type(scanned.barcodes[0] ?? scanned.sku, { delay: 0 });
    await page.keyboard.press('Enter');
    const rows = page.locator('.register-cart-table tbody tr');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await page.getByRole('listbox', { name: 'Products' }).count()).toBe(0);

    // Search as you type: F7, a few words of the name, arrows to the product, Enter adds it.
    await page.keyboard.press('F7');
    await page.getByRole('dialog', { name: 'Find a product' }).waitFor();
    await page.keyboard.type(searched.name, { delay: 20 });
    const options = page.getByRole('option');
    await expect
      .poll(async () => (await options.allTextContents()).some((t) => t.includes(searched.name)))
      .toBe(true);
    const names = await options.allTextContents();
    const index = names.findIndex((t) => t.includes(searched.name));
    for (let step = 0; step < index; step += 1) {
      await page.keyboard.press('ArrowDown');
    }
    await expect
      .poll(() => page.locator('[role="option"][aria-selected="true"]').textContent())
      .toContain(searched.name);
    await screenshot(page, '10-search-as-you-type');
    await page.keyboard.press('Enter');
    await page.getByRole('dialog', { name: 'Find a product' }).waitFor({ state: 'detached' });
    await expect.poll(() => rows.count()).toBe(2);
    expect(await rows.nth(1).textContent()).toContain(searched.name);
    await expect.poll(() => focusedId(page)).toBe('register-scan-input');

    // Esc closes the search without adding anything, and the scan field has focus again.
    await page.keyboard.press('F7');
    await page.getByRole('dialog', { name: 'Find a product' }).waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('dialog', { name: 'Find a product' }).waitFor({ state: 'detached' });
    await expect.poll(() => focusedId(page)).toBe('register-scan-input');
    expect(await rows.count()).toBe(2);

    // A discount on the first item, five points above what a cashier may give alone.
    const percent = store.cashierDiscountLimitPercent + 5;
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('F8');
    await page.getByRole('dialog', { name: 'Discount on this item' }).waitFor();
    await page.keyboard.type(`${percent}%`);
    await page.getByLabel('Reason').fill('Damaged packaging');
    await screenshot(page, '11-line-discount');
    await page.keyboard.press('Enter');
    await page.getByRole('dialog', { name: 'Discount on this item' }).waitFor({ state: 'detached' });
    const discountLine = page.getByTestId('line-discount');
    await expect.poll(() => discountLine.textContent()).toContain(`${percent} % off`);
    const expectedDiscount = Math.round((scanned.priceCents * percent) / 100);
    await expect.poll(() => page.getByTestId('totals-discounts').textContent()).toBe(usd(-expectedDiscount));
    const registerTotal = ((await page.getByTestId('totals-total').textContent()) ?? '').trim();

    // Paying asks for a manager before anything is sent.
    const salePosts: number[] = [];
    page.on('response', (response) => {
      if (isSalePost(response)) {
        salePosts.push(response.status());
      }
    });
    await page.keyboard.press('F2');
    await page.getByRole('dialog', { name: 'Cash payment' }).waitFor();
    await page.keyboard.press('Enter');
    const approval = page.getByRole('dialog', { name: 'Manager approval' });
    await approval.waitFor();
    expect(await approval.textContent()).toContain(`Discount on ${scanned.name} above the cashier limit`);
    expect(salePosts).toEqual([]);
    expect(await focusedId(page)).toBe('register-approval-username');
    await page.keyboard.type('manager1');
    await page.keyboard.press('Tab');
    await page.keyboard.type('9999');
    expect(await page.getByLabel('PIN').getAttribute('type')).toBe('password');
    await screenshot(page, '12-manager-approval');

    // A wrong PIN: the server's words, and the dialog asks again.
    const [refused] = await Promise.all([page.waitForResponse(isSalePost), page.keyboard.press('Enter')]);
    expect(refused.status()).toBe(422);
    await expect
      .poll(async () => (await approval.getByRole('alert').textContent()) ?? '')
      .toContain('the PIN is wrong');
    expect(await page.getByLabel('PIN').inputValue()).toBe('');
    await screenshot(page, '13-manager-approval-wrong-pin');

    // The right PIN completes the sale.
    await page.getByLabel('PIN').fill(MANAGER_PIN);
    const [accepted] = await Promise.all([page.waitForResponse(isSalePost), page.keyboard.press('Enter')]);
    expect(accepted.status()).toBe(201);
    await page.getByRole('heading', { name: 'Sale complete' }).waitFor();
    await screenshot(page, '14-approved-sale-complete');
    const created = (await accepted.json()) as SaleRow;
    const sale = await getJson<SaleRow>(page, `/api/sales/${created.id}`);
    expect(sale.approvedBy).not.toBeNull();
    expect(usd(sale.totalCents)).toBe(registerTotal);
    expect(sale.discountCents).toBe(expectedDiscount);
    expect(sale.lines.map((line) => [line.productId, line.discountCents, line.discountReason])).toEqual([
      [scanned.id, expectedDiscount, 'Damaged packaging'],
      [searched.id, 0, null],
    ]);

    // The approval is not kept: the next sale with the same discount asks again.
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Sale complete' }).waitFor({ state: 'detached' });
    await page.keyboard.type(scanned.barcodes[0] ?? scanned.sku, { delay: 0 });
    await page.keyboard.press('Enter');
    await expect.poll(() => rows.count()).toBe(1);
    await page.keyboard.press('F8');
    await page.keyboard.type(`${percent}%`);
    await page.getByLabel('Reason').fill('Damaged packaging');
    await page.keyboard.press('Enter');
    await page.keyboard.press('F2');
    await page.getByRole('dialog', { name: 'Cash payment' }).waitFor();
    await page.keyboard.press('Enter');
    await approval.waitFor();
    expect(salePosts).toEqual([422, 201]);
    await page.keyboard.press('Escape');
    await page.getByRole('dialog', { name: 'Cash payment' }).waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('dialog', { name: 'Cash payment' }).waitFor({ state: 'detached' });

    // A new price on the line (always a manager's) and $1.00 off the whole sale, approved in one go.
    await page.keyboard.press('F9');
    await page.getByRole('dialog', { name: 'Change the price' }).waitFor();
    await page.keyboard.type('5.00');
    await page.getByLabel('Reason').fill('Price match');
    await page.keyboard.press('Enter');
    await page.keyboard.press('F10');
    await page.getByRole('dialog', { name: 'Discount on the whole sale' }).waitFor();
    await page.keyboard.type('$1');
    await page.getByLabel('Reason').fill('Loyal customer');
    await page.keyboard.press('Enter');
    // 15 % of the new $5.00 price, plus the $1.00 off the sale.
    await expect.poll(() => page.getByTestId('totals-discounts').textContent()).toBe(usd(-175));
    await page.keyboard.press('F2');
    await page.getByRole('dialog', { name: 'Cash payment' }).waitFor();
    await page.keyboard.press('Enter');
    await approval.waitFor();
    expect(await approval.textContent()).toContain(`Price change on ${scanned.name}`);
    await page.keyboard.type('manager1');
    await page.keyboard.press('Tab');
    await page.keyboard.type(MANAGER_PIN);
    const [overridden] = await Promise.all([page.waitForResponse(isSalePost), page.keyboard.press('Enter')]);
    expect(overridden.status()).toBe(201);
    await page.getByRole('heading', { name: 'Sale complete' }).waitFor();
    const second = await getJson<SaleRow & { lines: { unitPriceCents: number }[] }>(
      page,
      `/api/sales/${((await overridden.json()) as SaleRow).id}`,
    );
    expect(second.approvedBy).not.toBeNull();
    expect(second.lines[0]?.unitPriceCents).toBe(500);
    expect(second.discountCents).toBe(175);

    expect(pageErrors).toEqual([]);
  });
});
