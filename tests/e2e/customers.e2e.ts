// Customers screens in a browser: find a demo customer and open their pets and purchases; create a
// frequent-buyer program and see a member's progress once they buy qualifying units.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ApiSession,
  apiSession,
  BASE_URL,
  type BackOfficePage,
  openBackOffice,
  screenshot,
  signIn,
} from './backoffice';

const STAMP = Date.now().toString(36).toUpperCase();

type Product = {
  id: string;
  sku: string;
  name: string;
  brand: string;
  unit: string;
  active: boolean;
  priceCents: number;
};
type Sale = { id: string; receiptNumber: string };

describe('customers and frequent-buyer programs', () => {
  let session: BackOfficePage;
  let admin: ApiSession;
  let storeId: string;
  let storeCode: string;
  let customerId: string;
  const customerName = `E2E Loyal ${STAMP}`;
  let product: Product;

  beforeAll(async () => {
    admin = await apiSession('admin');
    // A store of our own, so the program and its sale touch nothing other tests count.
    storeCode = `L${STAMP.slice(-8)}`;
    const store = await admin.api.post('/api/stores', {
      headers: admin.csrf,
      data: {
        code: storeCode,
        name: `E2E Loyalty ${STAMP}`,
        timezone: 'America/Chicago',
        taxRates: { standard: '0', reduced: '0', exempt: '0' },
      },
    });
    expect(store.status(), await store.text()).toBe(201);
    storeId = ((await store.json()) as { id: string }).id;
    const customer = await admin.api.post('/api/customers', {
      headers: admin.csrf,
      data: { name: customerName, pets: [{ name: 'Rex', species: 'dog' }] },
    });
    expect(customer.status(), await customer.text()).toBe(201);
    customerId = ((await customer.json()) as { id: string }).id;
    const products = (await (await admin.api.get('/api/products?limit=200&active=true')).json()) as {
      items: Product[];
    };
    const branded = products.items.find((item) => item.unit === 'each' && item.brand.trim() !== '');
    expect(branded).toBeDefined();
    product = branded!;
    session = await openBackOffice(1280, 800);
    await signIn(session.page, 'admin');
  });
  afterAll(async () => {
    await session?.browser.close();
    await admin?.api.dispose();
  });

  it('finds a demo customer by a misspelt name and shows their pets and purchase history', async () => {
    const { page } = session;
    const found = (await (await admin.api.get('/api/customers?q=Priya')).json()) as {
      items: { id: string; name: string }[];
    };
    const priya = found.items.find((item) => item.name === 'Priya Shah')!;
    const history = (await (await admin.api.get(`/api/sales?customerId=${priya.id}&limit=20`)).json()) as {
      items: Sale[];
    };
    expect(history.items.length).toBeGreaterThan(0);

    await page.goto(`${BASE_URL}/customers`);
    await page.getByRole('heading', { name: 'Customers', exact: true }).waitFor();
    await page.getByTestId('customers-table').getByRole('link').first().waitFor();
    await screenshot(page, 'customers-list');
    await page.getByLabel('Search').fill('Priya Shha');
    const link = page.getByTestId('customers-table').getByRole('link', { name: 'Priya Shah' });
    await link.waitFor();
    await link.click();
    await page.getByRole('heading', { name: 'Priya Shah' }).waitFor();
    await page.getByTestId('customer-pets').getByRole('cell', { name: 'Biscuit' }).waitFor();
    expect(await page.getByTestId('customer-pets').textContent()).toContain('Golden Retriever');
    // The newest purchase the API knows is on screen, and as many rows as the first page holds.
    await page.getByTestId('customer-purchases').getByText(history.items[0]!.receiptNumber).waitFor();
    const rows = page.getByTestId('customer-purchases').locator('tbody tr');
    expect(await rows.count()).toBe(history.items.length);
    await screenshot(page, 'customers-detail');
  });

  it('creates a program; a member who buys qualifying units shows their progress', async () => {
    const { page } = session;
    await page.goto(`${BASE_URL}/customers/programs`);
    await page.getByRole('heading', { name: 'Frequent-buyer programs' }).waitFor();
    await page.getByRole('link', { name: 'New program' }).click();
    await page.getByRole('heading', { name: 'New frequent-buyer program' }).waitFor();
    const programName = `E2E Club ${STAMP}`;
    await page.getByLabel('Name', { exact: true }).fill(programName);
    await page.getByLabel('Buy', { exact: true }).fill('3');
    await page.getByLabel('Get free').fill('1');
    // Nothing to count and no store: each problem at its place.
    await page.getByRole('button', { name: 'Create program' }).click();
    await page.getByText('set a brand, a category or both').waitFor();
    await page.locator('.store-checklist .form-error').waitFor();
    await page.getByLabel('Brand').fill(product.brand);
    await page.getByRole('checkbox', { name: new RegExp(`^${storeCode} · `) }).check();
    await screenshot(page, 'customers-program-new');
    await page.getByRole('button', { name: 'Create program' }).click();
    await page.getByRole('heading', { name: programName }).waitFor();
    await page.getByText('No customer has bought a qualifying product yet.').waitFor();

    // The customer buys 2 qualifying units at the program's store.
    const registerId = `cus-${STAMP.toLowerCase()}`;
    const shift = await admin.api.post('/api/shifts', {
      headers: admin.csrf,
      data: { storeId, registerId, openingFloatCents: 10000 },
    });
    expect(shift.status(), await shift.text()).toBe(201);
    const shiftId = ((await shift.json()) as { id: string }).id;
    const sale = await admin.api.post('/api/sales', {
      headers: admin.csrf,
      data: {
        id: randomUUID(),
        storeId,
        registerId,
        shiftId,
        customerId,
        lines: [{ productId: product.id, quantity: 2 }],
        tenders: [{ method: 'cash', amountCents: product.priceCents * 2 + 1000 }],
      },
    });
    expect(sale.status(), await sale.text()).toBe(201);

    await page.reload();
    const member = page.getByTestId('program-members').locator('tr', { hasText: customerName });
    await member.waitFor();
    expect(await member.textContent()).toContain('2 of 3');
    await screenshot(page, 'customers-program-detail');

    await page.getByRole('link', { name: 'Back to programs' }).click();
    await page.getByTestId('programs-table').getByRole('link', { name: programName }).waitFor();
    await screenshot(page, 'customers-programs');

    // The member's own page shows the same progress.
    await page.goto(`${BASE_URL}/customers/${customerId}`);
    const progress = page.getByTestId('customer-loyalty').locator('tr', { hasText: programName });
    await progress.waitFor();
    expect(await progress.textContent()).toContain('2 of 3');
    expect(session.pageErrors).toEqual([]);
  });
});
