import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Page, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE_URL, type BrowserSession, launchBrowser } from './browser';

const PASSWORD = process.env.DEMO_PASSWORD ?? 'demo-password-1';
// The demo PIN every seeded user has (server/db/seed-on-start.ts).
const MANAGER_PIN = process.env.DEMO_PIN ?? '1234';
const ARTIFACTS_DIR = fileURLToPath(new URL('./artifacts/', import.meta.url));
// A register of its own, so a rerun against the same server never meets a shift left open by another run.
const REGISTER_ID = `e2e-ret-${Date.now().toString(36)}`;

type ProductRow = {
  id: string;
  sku: string;
  name: string;
  unit: string;
  active: boolean;
  barcodes: string[];
};
type LookupRow = ProductRow & { onHand: number; priceCents: number };
type SaleLineRow = {
  id: string;
  productId: string;
  quantity: number;
  grossCents: number;
  discountCents: number;
  taxCents: number;
  returnedQuantity: number;
};
type SaleRow = {
  id: string;
  receiptNumber: string;
  status: string;
  pricesIncludeTax: boolean;
  totalCents: number;
  roundingCents: number;
  changeDueCents: number;
  lines: SaleLineRow[];
  tenders: { method: string; amountCents: number }[];
};
type ReturnRow = {
  id: string;
  receiptNumber: string;
  originalSaleId: string | null;
  refundTotalCents: number;
  roundingCents: number;
  lines: { originalLineId: string | null; quantity: number; restock: boolean; refundCents: number }[];
  refundTenders: { method: string; amountCents: number }[];
};
type MovementRow = { productId: string; delta: number; reason: string; refId: string | null };

const usd = (cents: number) =>
  new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(cents / 100);

/** Half-up division of non-negative cents, as the contract rounds. */
const halfUp = (numerator: number, denominator: number) =>
  Math.floor((2 * numerator + denominator) / (2 * denominator));

async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${ARTIFACTS_DIR}${name}.png` });
}

async function getJson<T>(page: Page, path: string): Promise<T> {
  const response = await page.request.get(`${BASE_URL}${path}`);
  expect(response.status(), `GET ${path}`).toBe(200);
  return (await response.json()) as T;
}

const isPost = (path: string) => (response: Response) =>
  new URL(response.url()).pathname === path && response.request().method() === 'POST';

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

describe('the register: returns, parked carts and voiding the last sale', () => {
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

  it('returns part of a sale line by its receipt, parks and recalls a cart, voids the last sale', async () => {
    await page.goto(`${BASE_URL}/login`);
    await page.getByLabel('Username').fill('cashier1');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();

    const stores = await getJson<{ items: { id: string; code: string; cashRoundingCents: number }[] }>(
      page,
      '/api/stores',
    );
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
      if (products.length === 3) {
        break;
      }
    }
    expect(products).toHaveLength(3);
    const [first, second, third] = products as [LookupRow, LookupRow, LookupRow];
    const codeOf = (product: LookupRow) => product.barcodes[0] ?? product.sku;

    await page.getByRole('link', { name: 'Open the register' }).click();
    await page.getByRole('heading', { name: 'Set up this till' }).waitFor();
    await page.getByLabel('Register', { exact: true }).fill(REGISTER_ID);
    await page.getByRole('button', { name: 'Use this till' }).click();
    await page.getByLabel('Opening float').waitFor();
    await page.keyboard.type('200');
    await page.keyboard.press('Enter');
    await page.getByLabel('Scan or type a barcode / SKU').waitFor();
    const rows = page.locator('.register-cart-table tbody tr');

    // 1. A three-line sale paid in cash: two of the first product, one each of the others.
    await scan(page, codeOf(first));
    await scan(page, codeOf(second));
    await scan(page, codeOf(third));
    await scan(page, codeOf(first));
    await expect.poll(() => rows.count()).toBe(3);
    await expect
      .poll(() => page.getByLabel(`Quantity of ${first.name}`, { exact: true }).textContent())
      .toBe('2');
    await page.keyboard.press('F2');
    await page.getByRole('dialog', { name: 'Cash payment' }).waitFor();
    const [saleResponse] = await Promise.all([
      page.waitForResponse(isPost('/api/sales')),
      page.keyboard.press('F6'),
    ]);
    expect(saleResponse.status()).toBe(201);
    const sold = (await saleResponse.json()) as SaleRow;
    await page.getByRole('heading', { name: 'Sale complete' }).waitFor();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Sale complete' }).waitFor({ state: 'detached' });

    // 2. Alt+R, the receipt number as a scanner types it: the sale's lines with what is left to return.
    await page.keyboard.press('Alt+R');
    const returnDialog = page.getByRole('dialog', { name: /Return/ });
    await returnDialog.waitFor();
    expect(await focusedId(page)).toBe('register-return-code');
    await screenshot(page, '20-return-find');
    await scan(page, sold.receiptNumber);
    await page.getByRole('heading', { name: `Return from receipt ${sold.receiptNumber}` }).waitFor();
    // One of the two of the first line (selected first), restocked, in cash.
    await page.keyboard.press('+');
    await expect.poll(() => page.getByLabel(`Returning of ${first.name}`).textContent()).toBe('1');
    await page.keyboard.press('+');
    await page.keyboard.press('-');
    await expect.poll(() => page.getByLabel(`Returning of ${first.name}`).textContent()).toBe('1');
    expect(
      await page.getByRole('button', { name: `Restock ${first.name}` }).getAttribute('aria-pressed'),
    ).toBe('true');
    await page.keyboard.press('1');
    await page.getByLabel('Reason').fill('Wrong size');

    // What the till expects to refund: half the line's net and tax, rounded half-up, as the contract says.
    const soldLine = sold.lines.find((line) => line.productId === first.id);
    if (!soldLine) {
      throw new Error('the first product is not on the sale');
    }
    const netShare = halfUp(soldLine.grossCents - soldLine.discountCents, 2);
    const taxShare = halfUp(soldLine.taxCents, 2);
    const expectedRefund = sold.pricesIncludeTax ? netShare : netShare + taxShare;
    const expectedPayout =
      store.cashRoundingCents > 1
        ? Math.floor((expectedRefund + store.cashRoundingCents / 2) / store.cashRoundingCents) *
          store.cashRoundingCents
        : expectedRefund;
    await expect.poll(() => text(page, 'return-refund-total')).toBe(`Refund ${usd(expectedPayout)} in cash`);
    await screenshot(page, '21-return-lines');

    // The first answer is lost on the way back: Enter sends the very same body again, recorded once.
    const sentBodies: string[] = [];
    page.on('request', (request) => {
      if (new URL(request.url()).pathname === '/api/returns' && request.method() === 'POST') {
        sentBodies.push(request.postData() ?? '');
      }
    });
    let firstStatus = 0;
    await page.route(
      `${BASE_URL}/api/returns`,
      async (route) => {
        firstStatus = (await route.fetch()).status();
        await route.abort('connectionreset');
      },
      { times: 1 },
    );
    await page.keyboard.press('Enter');
    await expect
      .poll(async () => (await returnDialog.getByRole('alert').textContent()) ?? '')
      .toContain('may already be recorded');
    expect(firstStatus).toBe(201);
    await screenshot(page, '22-return-connection-dropped');
    const [returnResponse] = await Promise.all([
      page.waitForResponse(isPost('/api/returns')),
      page.keyboard.press('Enter'),
    ]);
    expect(returnResponse.status()).toBe(200);
    expect(sentBodies).toHaveLength(2);
    expect(sentBodies[1]).toBe(sentBodies[0]);
    const returned = (await returnResponse.json()) as ReturnRow;
    await page.getByRole('heading', { name: 'Return recorded' }).waitFor();
    expect(await text(page, 'return-receipt-number')).toBe(returned.receiptNumber);
    expect(await text(page, 'return-payout')).toBe(`Give ${usd(expectedPayout)} back in cash`);
    await screenshot(page, '23-return-done');

    // On the server: one unit of that line came back, refunded pro rata, restocked by one movement.
    expect(returned).toMatchObject({
      originalSaleId: sold.id,
      refundTotalCents: expectedRefund,
      lines: [{ originalLineId: soldLine.id, quantity: 1, restock: true, refundCents: expectedRefund }],
      refundTenders: [{ method: 'cash', amountCents: expectedPayout }],
    });
    const afterReturn = await getJson<SaleRow>(page, `/api/sales/${sold.id}`);
    expect(afterReturn.lines.map((line) => [line.productId, line.returnedQuantity])).toEqual([
      [first.id, 1],
      [second.id, 0],
      [third.id, 0],
    ]);
    const movements = await getJson<{ items: MovementRow[] }>(
      page,
      `/api/stores/${store.id}/inventory/movements?productId=${first.id}&limit=100`,
    );
    expect(movements.items.filter((movement) => movement.refId === returned.id)).toEqual([
      expect.objectContaining({ productId: first.id, delta: 1, reason: 'return' }),
    ]);

    // Enter: the next sale starts (an exchange rings the new items now), scan field focused.
    await page.keyboard.press('Enter');
    await returnDialog.waitFor({ state: 'detached' });
    await expect.poll(() => focusedId(page)).toBe('register-scan-input');

    // The second look-up shows only the unit left: + stops at what can still come back. Esc closes.
    await page.keyboard.press('Alt+R');
    await returnDialog.waitFor();
    expect(await focusedId(page)).toBe('register-return-code');
    await scan(page, sold.receiptNumber);
    await page.getByRole('heading', { name: `Return from receipt ${sold.receiptNumber}` }).waitFor();
    await page.keyboard.press('+');
    await page.keyboard.press('+');
    await expect.poll(() => page.getByLabel(`Returning of ${first.name}`).textContent()).toBe('1');
    await page.keyboard.press('Escape');
    await returnDialog.waitFor({ state: 'detached' });
    await expect.poll(() => focusedId(page)).toBe('register-scan-input');

    // 2b. No receipt (Alt+N in the same dialog): scan the item, find the customer, a manager approves, and
    // the refund is store credit at today's price.
    const customers = await getJson<{
      items: { id: string; email: string | null; storeCreditCents: number }[];
    }>(page, '/api/customers?limit=20');
    const customer = customers.items.find((item) => item.email !== null);
    if (!customer?.email) {
      throw new Error('no demo customer with an email');
    }
    await page.keyboard.press('Alt+R');
    await returnDialog.waitFor();
    await page.keyboard.press('Alt+N');
    await page.getByRole('heading', { name: 'Return without a receipt' }).waitFor();
    expect(await focusedId(page)).toBe('register-return-code');
    await scan(page, codeOf(second));
    await expect.poll(() => page.getByLabel(`Returning of ${second.name}`).textContent()).toBe('1');
    await page.getByLabel(/^Customer/).fill(customer.email);
    await page.keyboard.press('Enter');
    // The first match is chosen for the store credit.
    await page.locator('.register-returns-customers button[aria-pressed="true"]').waitFor();
    await page.getByLabel('Reason').fill('Unopened gift');
    const noReceiptShown = await text(page, 'return-refund-total');
    await screenshot(page, '23b-no-receipt');
    await page.keyboard.press('Enter');
    await page.getByRole('dialog', { name: 'Manager approval' }).waitFor();
    await expect.poll(() => focusedId(page)).toBe('register-approval-username');
    await page.keyboard.type('manager1');
    await page.getByLabel('PIN').fill(MANAGER_PIN);
    const [creditResponse] = await Promise.all([
      page.waitForResponse(isPost('/api/returns')),
      page.keyboard.press('Enter'),
    ]);
    expect(creditResponse.status()).toBe(201);
    const credited = (await creditResponse.json()) as ReturnRow & {
      approvedBy: string | null;
      customerId: string;
    };
    expect(credited).toMatchObject({
      originalSaleId: null,
      customerId: customer.id,
      lines: [{ originalLineId: null, quantity: 1, restock: true }],
      refundTenders: [{ method: 'store_credit', amountCents: credited.refundTotalCents }],
    });
    expect(credited.approvedBy).not.toBeNull();
    expect(credited.refundTotalCents).toBeGreaterThanOrEqual(second.priceCents);
    expect(noReceiptShown).toBe(`Refund ${usd(credited.refundTotalCents)} as store credit`);
    await page.getByRole('heading', { name: 'Return recorded' }).waitFor();
    expect(await text(page, 'return-payout')).toBe(`${usd(credited.refundTotalCents)} added as store credit`);
    const creditedCustomer = await getJson<{ storeCreditCents: number }>(
      page,
      `/api/customers/${customer.id}`,
    );
    expect(creditedCustomer.storeCreditCents).toBe(customer.storeCreditCents + credited.refundTotalCents);
    await page.keyboard.press('Escape');
    await returnDialog.waitFor({ state: 'detached' });
    await expect.poll(() => focusedId(page)).toBe('register-scan-input');

    // 3. Park a cart with a discounted line (F5), and bring it back with its lines (F5 on an empty sale).
    await scan(page, codeOf(second));
    await scan(page, codeOf(third));
    await scan(page, codeOf(third));
    await expect.poll(() => rows.count()).toBe(2);
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('F8');
    await page.getByRole('dialog', { name: 'Discount on this item' }).waitFor();
    await page.keyboard.type('5%');
    await page.getByLabel('Reason').fill('Scuffed box');
    await page.keyboard.press('Enter');
    await page.getByRole('dialog', { name: 'Discount on this item' }).waitFor({ state: 'detached' });
    const parkedTotal = await text(page, 'totals-total');
    const parkedDiscounts = await text(page, 'totals-discounts');
    await page.keyboard.press('F5');
    await page.getByRole('dialog', { name: 'Park this cart' }).waitFor();
    await page.keyboard.type('Blue jacket');
    await screenshot(page, '24-park');
    const [parkResponse] = await Promise.all([
      page.waitForResponse(isPost('/api/parked-carts')),
      page.keyboard.press('Enter'),
    ]);
    expect(parkResponse.status()).toBe(201);
    await expect.poll(() => rows.count()).toBe(0);
    await expect.poll(() => focusedId(page)).toBe('register-scan-input');
    await page.getByRole('status').filter({ hasText: 'Cart parked as “Blue jacket”' }).waitFor();

    // A second cart, parked without a note: the list shows the newest first.
    await scan(page, codeOf(first));
    await expect.poll(() => rows.count()).toBe(1);
    await page.keyboard.press('F5');
    await page.getByRole('dialog', { name: 'Park this cart' }).waitFor();
    await Promise.all([page.waitForResponse(isPost('/api/parked-carts')), page.keyboard.press('Enter')]);
    await expect.poll(() => rows.count()).toBe(0);

    await page.keyboard.press('F5');
    await page.getByRole('dialog', { name: 'Parked carts' }).waitFor();
    // Carts other browser tests parked in this store come after these two (newest first).
    const options = page.getByRole('option');
    await expect.poll(() => options.count()).toBeGreaterThanOrEqual(2);
    const listedBefore = await options.count();
    expect(await options.nth(0).textContent()).toContain('1 item');
    expect(await options.nth(1).textContent()).toContain('Blue jacket');
    await screenshot(page, '25-recall-list');
    // Delete twice throws the selected (newest) cart away; the other is left, selected.
    await page.keyboard.press('Delete');
    await page.getByRole('dialog', { name: 'Parked carts' }).getByText('Press Delete again').waitFor();
    const [deleteResponse] = await Promise.all([
      page.waitForResponse(
        (response) =>
          response.request().method() === 'DELETE' &&
          new URL(response.url()).pathname.startsWith('/api/parked-carts/'),
      ),
      page.keyboard.press('Delete'),
    ]);
    expect(deleteResponse.status()).toBe(204);
    await expect.poll(() => options.count()).toBe(listedBefore - 1);
    expect(await options.nth(0).getAttribute('aria-selected')).toBe('true');
    expect(await options.nth(0).textContent()).toContain('Blue jacket');
    await page.keyboard.press('Enter');
    await page.getByRole('dialog', { name: 'Parked carts' }).waitFor({ state: 'detached' });
    await expect.poll(() => rows.count()).toBe(2);
    await expect
      .poll(() => page.getByLabel(`Quantity of ${third.name}`, { exact: true }).textContent())
      .toBe('2');
    expect(await rows.nth(0).textContent()).toContain(second.name);
    await expect.poll(() => page.getByTestId('line-discount').textContent()).toContain('5 % off');
    expect(await text(page, 'totals-total')).toBe(parkedTotal);
    expect(await text(page, 'totals-discounts')).toBe(parkedDiscounts);
    await expect.poll(() => focusedId(page)).toBe('register-scan-input');
    await screenshot(page, '26-recalled');
    // Recalled once: it left the list.
    const parked = await getJson<{ items: { label: string }[] }>(
      page,
      `/api/parked-carts?storeId=${store.id}`,
    );
    expect(parked.items.map((item) => item.label)).not.toContain('Blue jacket');

    // 4. Pay for the recalled cart, then void it as the last sale with the manager's PIN (Alt+V).
    await page.keyboard.press('F2');
    await page.getByRole('dialog', { name: 'Cash payment' }).waitFor();
    const [lastResponse] = await Promise.all([
      page.waitForResponse(isPost('/api/sales')),
      page.keyboard.press('F6'),
    ]);
    expect(lastResponse.status()).toBe(201);
    const last = (await lastResponse.json()) as SaleRow;
    await page.getByRole('heading', { name: 'Sale complete' }).waitFor();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Sale complete' }).waitFor({ state: 'detached' });

    await page.keyboard.press('Alt+V');
    await page.getByRole('dialog', { name: 'Void the last sale' }).waitFor();
    expect(await focusedId(page)).toBe('register-void-reason');
    await page.keyboard.type('Customer changed their mind');
    await page.keyboard.press('Enter');
    await page.getByRole('dialog', { name: 'Manager approval' }).waitFor();
    await expect.poll(() => focusedId(page)).toBe('register-approval-username');
    await page.keyboard.type('manager1');
    // A wrong PIN: refused in the server's words, nothing voided, the dialog asks again.
    await page.getByLabel('PIN').fill('9999');
    const [refusedResponse] = await Promise.all([
      page.waitForResponse(isPost(`/api/sales/${last.id}/void`)),
      page.keyboard.press('Enter'),
    ]);
    expect(refusedResponse.status()).toBe(422);
    const approvalDialog = page.getByRole('dialog', { name: 'Manager approval' });
    await expect
      .poll(async () => (await approvalDialog.getByRole('alert').textContent()) ?? '')
      .toContain('PIN');
    expect((await getJson<SaleRow>(page, `/api/sales/${last.id}`)).status).toBe('completed');
    await page.getByLabel('PIN').fill(MANAGER_PIN);
    await screenshot(page, '27-void-approval');
    const [voidResponse] = await Promise.all([
      page.waitForResponse(isPost(`/api/sales/${last.id}/void`)),
      page.keyboard.press('Enter'),
    ]);
    expect(voidResponse.status()).toBe(200);
    const cashBack = (last.tenders[0]?.amountCents ?? 0) - last.changeDueCents;
    await expect
      .poll(() => text(page, 'void-result'))
      .toBe(`Sale ${last.receiptNumber} voided, ${usd(cashBack)} back to the customer in cash.`);
    await screenshot(page, '28-void-done');
    await page.keyboard.press('Enter');
    await page.getByRole('dialog', { name: 'Sale voided' }).waitFor({ state: 'detached' });
    await expect.poll(() => focusedId(page)).toBe('register-scan-input');
    const voided = await getJson<SaleRow>(page, `/api/sales/${last.id}`);
    expect(voided.status).toBe('voided');

    // Nothing left to void on this till now.
    await page.keyboard.press('Alt+V');
    await expect
      .poll(() => page.getByRole('alert').first().textContent())
      .toContain('No sale has been completed');

    expect(pageErrors).toEqual([]);
  });
});
