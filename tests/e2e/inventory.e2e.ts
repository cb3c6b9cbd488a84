// Inventory screens in the browser against the built app: adjust stock, send and receive a transfer, receive a
// purchase order by scanning, and a cycle count with a variance. Each test makes its own products (run-unique
// SKUs and barcodes) and checks the stock through the API as well as on screen.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeEan13 } from '../../shared/barcode/ean';
import {
  type ApiSession,
  type BackOfficePage,
  BASE_URL,
  apiSession,
  openBackOffice,
  screenshot,
  signIn,
  signOut,
} from './backoffice';

const RUN = Date.now().toString(36);
const RUN_DIGITS = String(Date.now() % 100_000).padStart(5, '0');
let serial = 0;

type Store = { id: string; code: string; name: string };
type Item = { productId: string; sku: string; onHand: number; reorderPoint: number };
type Product = { id: string; sku: string; name: string; barcode: string };

/** A distinct EAN-13 for this run ("41" prefix: not an in-store 2x code). */
function nextBarcode(): string {
  serial += 1;
  return completeEan13(`41${RUN_DIGITS}${String(serial).padStart(5, '0')}`);
}

async function createProduct(
  session: ApiSession,
  label: string,
  categoryId: string | null = null,
): Promise<Product> {
  serial += 1;
  const sku = `INV-${RUN}-${serial}`;
  const barcode = nextBarcode();
  const name = `${label} ${RUN}`;
  const response = await session.api.post('/api/products', {
    headers: session.csrf,
    data: { sku, name, priceCents: 999, costCents: 400, barcodes: [barcode], categoryId },
  });
  expect(response.status(), await response.text()).toBe(201);
  const { id } = (await response.json()) as { id: string };
  return { id, sku, name, barcode };
}

async function adjust(session: ApiSession, storeId: string, productId: string, delta: number): Promise<void> {
  const response = await session.api.post(`/api/stores/${storeId}/inventory/adjustments`, {
    headers: session.csrf,
    data: { lines: [{ productId, delta, reason: 'found' }], note: 'e2e opening stock' },
  });
  expect(response.status(), await response.text()).toBe(201);
}

/** The store's stock row of one product, as the API lists it. */
async function stockOf(session: ApiSession, storeId: string, product: Product): Promise<Item> {
  const response = await session.api.get(
    `/api/stores/${storeId}/inventory?q=${encodeURIComponent(product.sku)}&limit=50`,
  );
  expect(response.status()).toBe(200);
  const { items } = (await response.json()) as { items: Item[] };
  const item = items.find((candidate) => candidate.productId === product.id);
  if (!item) {
    throw new Error(`${product.sku} is not in the stock list of ${storeId}`);
  }
  return item;
}

async function scan(page: Page, fieldLabel: string, code: string): Promise<void> {
  const field = page.getByLabel(fieldLabel);
  await field.fill(code);
  await field.press('Enter');
}

async function chooseStore(page: Page, store: Store): Promise<void> {
  const select = page.locator('#inventory-store');
  if ((await select.count()) > 0) {
    await select.selectOption(store.id);
  }
}

describe('inventory screens', () => {
  let office: BackOfficePage;
  let admin: ApiSession;
  let manager1: ApiSession;
  let s001: Store;
  let s002: Store;

  beforeAll(async () => {
    admin = await apiSession('admin');
    manager1 = await apiSession('manager1');
    const stores = (await (await admin.api.get('/api/stores?limit=500')).json()) as { items: Store[] };
    s001 = stores.items.find((store) => store.code === 'S001')!;
    s002 = stores.items.find((store) => store.code === 'S002')!;
    office = await openBackOffice(1280, 800);
  }, 60_000);

  afterAll(async () => {
    await office?.browser.close();
    await admin?.api.dispose();
    await manager1?.api.dispose();
  });

  it('manager1 adjusts a product by −2 damaged: the list, the API and the history agree', async () => {
    const { page } = office;
    // A test that failed half-way may have left someone signed in.
    await office.browser.context.clearCookies();
    const product = await createProduct(manager1, 'Adjust test kibble');
    await adjust(manager1, s001.id, product.id, 10);
    // A reorder point above the stock makes it low, for the dashboard's link to the low-stock list.
    const patch = await manager1.api.patch(`/api/stores/${s001.id}/inventory/${product.id}`, {
      headers: manager1.csrf,
      data: { reorderPoint: 12, reorderQuantity: 24 },
    });
    expect(patch.status()).toBe(200);

    await signIn(page, 'manager1');
    await page.goto(`${BASE_URL}/inventory?lowStock=true`);
    await expect.poll(() => page.getByLabel('Low stock only').isChecked()).toBe(true);
    const row = page.getByTestId('inventory-table').locator('tr', { hasText: product.sku });
    await row.waitFor();
    await screenshot(page, 'inventory-stock');
    await page.setViewportSize({ width: 1024, height: 768 });
    await screenshot(page, 'inventory-stock-1024');
    // The table scrolls inside its box at most; the page itself never scrolls sideways.
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(1024);
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.getByLabel('Search').fill(product.sku);
    await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBe(product.sku);
    expect(new URL(page.url()).searchParams.get('lowStock')).toBe('true');
    await expect.poll(() => page.getByTestId('inventory-table').locator('tbody tr').count()).toBe(1);
    expect(await row.textContent()).toContain('Low');

    await row.getByRole('button', { name: `Adjust stock of ${product.name}` }).click();
    const dialog = page.getByRole('dialog', { name: 'Adjust stock' });
    await dialog.waitFor();
    // Saving without a reason names the field.
    await dialog.getByLabel('Change').fill('-2');
    await dialog.getByRole('button', { name: 'Save adjustment' }).click();
    await dialog.getByRole('alert').filter({ hasText: 'Choose a reason' }).waitFor();
    expect(await dialog.getByLabel('Reason').getAttribute('aria-invalid')).toBe('true');
    await dialog.getByLabel('Reason').selectOption('damaged');
    await dialog.getByLabel('Note (optional)').fill('torn bag');
    await screenshot(page, 'inventory-adjust');
    await dialog.getByRole('button', { name: 'Save adjustment' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('status').filter({ hasText: 'On hand now 8' }).waitFor();
    await expect.poll(async () => (await row.locator('td').nth(2).textContent())?.trim()).toBe('8');

    const item = await stockOf(manager1, s001.id, product);
    expect(item.onHand).toBe(8);
    const lookup = await manager1.api.get(`/api/products/lookup?code=${product.barcode}&storeId=${s001.id}`);
    expect(((await lookup.json()) as { onHand: number }).onHand).toBe(8);

    await row.getByRole('link', { name: product.name }).click();
    await page.getByTestId('product-on-hand').filter({ hasText: '8' }).waitFor();
    const history = page.getByTestId('movement-table').locator('tbody tr');
    await expect.poll(() => history.count()).toBe(2);
    const newest = (await history.first().textContent()) ?? '';
    expect(newest).toContain('Damaged');
    expect(newest).toContain('\u22122');
    expect(newest).toContain('torn bag');
    expect(newest).toContain('(you)');
    expect((await history.nth(1).textContent()) ?? '').toContain('+10');
    await screenshot(page, 'inventory-product');
    await signOut(page);
    expect(office.pageErrors).toEqual([]);
  }, 90_000);

  it('admin sends 3 units S001 → S002 and manager2 receives them: each store moves by exactly 3', async () => {
    const { page } = office;
    // A test that failed half-way may have left someone signed in.
    await office.browser.context.clearCookies();
    const product = await createProduct(admin, 'Transfer test litter');
    await adjust(admin, s001.id, product.id, 10);

    await signIn(page, 'admin');
    await page.goto(`${BASE_URL}/inventory/transfers`);
    await chooseStore(page, s001);
    await page.getByRole('link', { name: 'New transfer out' }).click();
    await page.getByLabel('To store').selectOption(s002.id);
    await page.getByLabel('Add a product').fill(product.sku);
    await page.getByRole('button', { name: new RegExp(product.name) }).click();
    await page.getByLabel(`Quantity to send: ${product.name}`).fill('3');
    await screenshot(page, 'inventory-transfer-new');
    await page.getByRole('button', { name: 'Send transfer' }).click();
    await page.getByRole('status').filter({ hasText: 'Sent 3 units' }).waitFor();
    const outRow = page.getByTestId('transfer-table').locator('tr', { hasText: product.name });
    expect(await outRow.textContent()).toContain('In transit');
    expect((await stockOf(admin, s001.id, product)).onHand).toBe(7);
    expect((await stockOf(admin, s002.id, product)).onHand).toBe(0);
    await signOut(page);

    await signIn(page, 'manager2');
    await page.goto(`${BASE_URL}/inventory/transfers`);
    const inRow = page.getByTestId('transfer-table').locator('tr', { hasText: product.name });
    await inRow.waitFor();
    expect(await inRow.textContent()).toContain('from another store');
    await screenshot(page, 'inventory-transfers');
    await inRow.getByRole('button', { name: 'Receive' }).click();
    const dialog = page.getByRole('dialog', { name: 'Receive transfer' });
    expect(await dialog.getByLabel(`Arrived: ${product.name}`).inputValue()).toBe('3');
    await screenshot(page, 'inventory-transfer-receive');
    await dialog.getByRole('button', { name: 'Receive' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('status').filter({ hasText: 'Received 3 units' }).waitFor();
    await expect.poll(async () => inRow.textContent()).toContain('Received');

    const manager2 = await apiSession('manager2');
    expect((await stockOf(manager2, s002.id, product)).onHand).toBe(3);
    expect((await stockOf(admin, s001.id, product)).onHand).toBe(7);
    await manager2.api.dispose();
    await signOut(page);
    expect(office.pageErrors).toEqual([]);
  }, 90_000);

  it('manager1 receives a purchase order by scanning the barcode twice: on hand +2', async () => {
    const { page } = office;
    // A test that failed half-way may have left someone signed in.
    await office.browser.context.clearCookies();
    const product = await createProduct(manager1, 'PO test treats');
    const supplier = await manager1.api.post('/api/suppliers', {
      headers: manager1.csrf,
      data: { name: `E2E supplier ${RUN}` },
    });
    expect(supplier.status()).toBe(201);
    const supplierId = ((await supplier.json()) as { id: string }).id;
    const created = await manager1.api.post(`/api/stores/${s001.id}/purchase-orders`, {
      headers: manager1.csrf,
      data: { supplierId, lines: [{ productId: product.id, quantityOrdered: 6, unitCostCents: 350 }] },
    });
    expect(created.status(), await created.text()).toBe(201);
    const po = (await created.json()) as { id: string; number: string };
    const ordered = await manager1.api.post(`/api/stores/${s001.id}/purchase-orders/${po.id}/order`, {
      headers: manager1.csrf,
    });
    expect(ordered.status()).toBe(200);
    const before = (await stockOf(manager1, s001.id, product)).onHand;

    await signIn(page, 'manager1');
    await page.goto(`${BASE_URL}/inventory/purchase-orders`);
    await page.getByRole('link', { name: po.number }).waitFor();
    await screenshot(page, 'inventory-po-list');
    await page.getByRole('link', { name: po.number }).click();
    await page.getByLabel('Scan what arrived').waitFor();
    await scan(page, 'Scan what arrived', product.barcode);
    await page
      .getByTestId('po-scan-message')
      .filter({ hasText: `+1 ${product.name}` })
      .waitFor();
    await scan(page, 'Scan what arrived', product.barcode);
    const quantity = page.getByLabel(`Receiving now: ${product.name}`);
    await expect.poll(() => quantity.inputValue()).toBe('2');
    const unknown = nextBarcode();
    await scan(page, 'Scan what arrived', unknown);
    await page
      .getByTestId('po-scan-message')
      .filter({ hasText: `Unknown barcode ${unknown}` })
      .waitFor();
    expect(await quantity.inputValue()).toBe('2');
    await screenshot(page, 'inventory-po');
    await page.getByRole('button', { name: 'Receive delivery' }).click();
    await page.getByTestId('po-receipt').waitFor();
    expect(await page.getByTestId('po-receipt').textContent()).toContain(`2 × ${product.name}`);
    await expect
      .poll(async () => page.getByTestId('po-lines').locator('tbody tr td').nth(3).textContent())
      .toBe('2');

    expect((await stockOf(manager1, s001.id, product)).onHand).toBe(before + 2);
    const reread = await manager1.api.get(`/api/stores/${s001.id}/purchase-orders/${po.id}`);
    const body = (await reread.json()) as { status: string; lines: { quantityReceived: number }[] };
    expect(body.status).toBe('partially_received');
    expect(body.lines[0]?.quantityReceived).toBe(2);
    await signOut(page);
    expect(office.pageErrors).toEqual([]);
  }, 90_000);

  it('manager1 counts a category: one product scanned short shows a variance and is corrected on submit', async () => {
    const { page } = office;
    // A test that failed half-way may have left someone signed in.
    await office.browser.context.clearCookies();
    const category = await manager1.api.post('/api/categories', {
      headers: manager1.csrf,
      data: { name: `Count shelf ${RUN}` },
    });
    expect(category.status(), await category.text()).toBe(201);
    const categoryId = ((await category.json()) as { id: string }).id;
    const counted = await createProduct(manager1, 'Count test chews', categoryId);
    const untouched = await createProduct(manager1, 'Count test balls', categoryId);
    await adjust(manager1, s001.id, counted.id, 5);
    await adjust(manager1, s001.id, untouched.id, 4);

    page.on('dialog', (question) => void question.accept());
    await signIn(page, 'manager1');
    await page.goto(`${BASE_URL}/inventory/counts`);
    await page.getByTestId('count-table').waitFor();
    await screenshot(page, 'inventory-counts');
    await page.getByLabel('What to count').selectOption(categoryId);
    await page.getByRole('button', { name: 'Start count' }).click();
    await page.getByLabel('Scan to count (each scan adds 1)').waitFor();
    expect(await page.getByTestId('count-progress').textContent()).toContain('0 of 2 products counted');
    for (let scanIndex = 0; scanIndex < 3; scanIndex += 1) {
      await scan(page, 'Scan to count (each scan adds 1)', counted.barcode);
      await page
        .getByTestId('count-scan-message')
        .filter({ hasText: `counted ${scanIndex + 1})` })
        .waitFor();
    }
    const line = page.getByTestId('count-lines').locator(`tr[data-product-id="${counted.id}"]`);
    await expect.poll(async () => line.locator('td').nth(4).textContent()).toBe('\u22122');
    expect(await page.getByTestId('count-progress').textContent()).toContain(
      '1 of 2 products counted · 1 with a variance',
    );
    await screenshot(page, 'inventory-count');
    await page.getByRole('button', { name: 'Submit count' }).click();
    await page.getByTestId('count-result').waitFor();
    const result = (await page.getByTestId('count-result').textContent()) ?? '';
    expect(result).toContain(`1 correction(s) (${counted.sku} \u22122)`);
    expect(result).toContain('1 product(s) not counted');

    expect((await stockOf(manager1, s001.id, counted)).onHand).toBe(3);
    expect((await stockOf(manager1, s001.id, untouched)).onHand).toBe(4);
    await signOut(page);
    expect(office.pageErrors).toEqual([]);
  }, 90_000);
});
