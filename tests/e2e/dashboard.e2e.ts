import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { type APIRequestContext, type Page, request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE_URL, type BrowserSession, launchBrowser } from './browser';

const PASSWORD = process.env.DEMO_PASSWORD ?? 'demo-password-1';
const ARTIFACTS_DIR = fileURLToPath(new URL('./artifacts/', import.meta.url));
const REGISTER_ID = `dash-${Date.now().toString(36)}`;

type Store = { id: string; code: string; name: string };
type Figures = {
  netSalesCents: number;
  transactions: number;
  averageBasketCents: number;
  itemsPerBasket: number;
  grossMarginCents: number;
  returnsCents: number;
  returns: number;
  voids: number;
};
type Dashboard = {
  today: Figures;
  lowStockCount: number;
  byStore?: unknown[];
  byCategory: { categoryId: string | null; name: string }[];
};
type Lookup = { id: string; unit: string; onHand: number; priceCents: number; barcodes: string[] };

const usd = (cents: number) =>
  new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(cents / 100);

async function screenshot(page: Page, name: string, fullPage = false): Promise<void> {
  await page.screenshot({ path: `${ARTIFACTS_DIR}dashboard-${name}.png`, fullPage });
}

async function text(page: Page, testId: string): Promise<string> {
  return ((await page.getByTestId(testId).textContent()) ?? '').trim();
}

async function apiSession(
  username: string,
): Promise<{ api: APIRequestContext; csrf: Record<string, string> }> {
  const api = await request.newContext({ baseURL: BASE_URL });
  const login = await api.post('/api/auth/login', { data: { username, password: PASSWORD } });
  expect(login.status()).toBe(200);
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  return { api, csrf: { 'X-CSRF-Token': csrfToken } };
}

async function signIn(page: Page, username: string): Promise<void> {
  await page.goto(`${BASE_URL}/login`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByLabel('Username').waitFor();
}

describe('the dashboard', () => {
  let browser: BrowserSession;
  let page: Page;
  let cashier: APIRequestContext | undefined;
  let riverside: Store;
  let harbor: Store;
  let firstProductId = '';
  let ringUp: (lines: { productId: string; quantity: number }[]) => Promise<void> = async () => {};
  const pageErrors: string[] = [];

  beforeAll(async () => {
    await mkdir(ARTIFACTS_DIR, { recursive: true });
    await writeFile(`${ARTIFACTS_DIR}.gitignore`, '*\n');
    browser = await launchBrowser();
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    await page.setViewportSize({ width: 1024, height: 768 });
    page.on('pageerror', (error) => pageErrors.push(error.message));

    // Two sales rung up through the API by the demo cashier of S001, so today has figures of our own.
    const session = await apiSession('cashier1');
    cashier = session.api;
    const admin = await apiSession('admin');
    const all = (await (await admin.api.get('/api/stores')).json()) as { items: Store[] };
    await admin.api.dispose();
    const findStore = (code: string) => {
      const store = all.items.find((item) => item.code === code);
      if (!store) {
        throw new Error(`the demo store ${code} is missing`);
      }
      return store;
    };
    riverside = findStore('S001');
    harbor = findStore('S002');

    const catalog = (await (await cashier.get('/api/products?active=true&limit=100')).json()) as {
      items: { barcodes: string[]; unit: string }[];
    };
    const products: Lookup[] = [];
    for (const product of catalog.items) {
      const barcode = product.barcodes[0];
      if (product.unit !== 'each' || barcode === undefined) {
        continue;
      }
      const lookup = (await (
        await cashier.get(`/api/products/lookup?code=${barcode}&storeId=${riverside.id}`)
      ).json()) as Lookup;
      if (lookup.onHand >= 5) {
        products.push(lookup);
      }
      if (products.length === 2) {
        break;
      }
    }
    expect(products).toHaveLength(2);
    const [first, second] = products as [Lookup, Lookup];

    const shift = await cashier.post('/api/shifts', {
      headers: session.csrf,
      data: { storeId: riverside.id, registerId: REGISTER_ID, openingFloatCents: 10_000 },
    });
    expect(shift.status()).toBe(201);
    const { id: shiftId } = (await shift.json()) as { id: string };
    const prices = new Map([
      [first.id, first.priceCents],
      [second.id, second.priceCents],
    ]);
    ringUp = async (lines) => {
      const total = lines.reduce((sum, line) => sum + line.quantity * (prices.get(line.productId) ?? 0), 0);
      const sale = await session.api.post('/api/sales', {
        headers: session.csrf,
        data: {
          id: randomUUID(),
          storeId: riverside.id,
          registerId: REGISTER_ID,
          shiftId,
          lines,
          // Plenty of cash whatever the tax: the change is given back.
          tenders: [{ method: 'cash', amountCents: Math.ceil((total * 2) / 100) * 100 + 1000 }],
        },
      });
      expect(sale.status(), await sale.text()).toBe(201);
    };
    firstProductId = first.id;
    await ringUp([{ productId: first.id, quantity: 2 }]);
    await ringUp([
      { productId: first.id, quantity: 1 },
      { productId: second.id, quantity: 1 },
    ]);
  });

  afterAll(async () => {
    await cashier?.dispose();
    await browser?.close();
  });

  it('is not offered to a cashier, and says managers only at its address', async () => {
    await signIn(page, 'cashier1');
    expect(await page.getByRole('link', { name: /dashboard/i }).count()).toBe(0);
    await page.goto(`${BASE_URL}/dashboard`);
    await page.getByRole('heading', { name: 'Managers only' }).waitFor();
    await screenshot(page, 'cashier-denied');
    await signOut(page);
  });

  it("shows a manager their store's figures, as the API computes them, with both charts", async () => {
    await signIn(page, 'manager1');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboard' }).click();
    await page.getByTestId('kpi-net-sales-value').waitFor();
    await page.locator('[data-testid="chart-by-hour"] svg').first().waitFor();
    await page.locator('[data-testid="chart-by-category"] svg').first().waitFor();

    const response = await page.request.get(`${BASE_URL}/api/reports/dashboard?storeId=${riverside.id}`);
    expect(response.status()).toBe(200);
    const api = (await response.json()) as Dashboard;
    expect(api.today.transactions).toBeGreaterThanOrEqual(2);
    expect(api.byStore).toBeUndefined();

    expect(await text(page, 'kpi-net-sales-value')).toBe(usd(api.today.netSalesCents));
    expect(await text(page, 'kpi-transactions-value')).toBe(String(api.today.transactions));
    expect(await text(page, 'kpi-average-basket-value')).toBe(usd(api.today.averageBasketCents));
    expect(await text(page, 'kpi-items-per-basket-value')).toBe(api.today.itemsPerBasket.toFixed(2));
    expect(await text(page, 'kpi-gross-margin-value')).toBe(usd(api.today.grossMarginCents));
    expect(await text(page, 'kpi-returns-value')).toBe(usd(api.today.returnsCents));
    expect(await text(page, 'kpi-voids-value')).toBe(String(api.today.voids));
    expect(await text(page, 'kpi-low-stock-value')).toBe(String(api.lowStockCount));
    // The low-stock card leads to the stock list of this store, filtered to low stock.
    const lowStockHref = (await page.getByTestId('kpi-low-stock-link').getAttribute('href')) ?? '';
    expect(lowStockHref).toBe(`/inventory?lowStock=true&storeId=${riverside.id}`);
    // Category bars name the whole path ("Dog > Food"): leaf names repeat across species.
    const categories = (await (await page.request.get(`${BASE_URL}/api/categories`)).json()) as {
      items: { id: string; parentId: string | null; name: string }[];
    };
    const byId = new Map(categories.items.map((category) => [category.id, category]));
    const pathOf = (id: string): string => {
      const category = byId.get(id);
      if (!category) {
        return '';
      }
      return category.parentId === null ? category.name : `${pathOf(category.parentId)} > ${category.name}`;
    };
    const chartText = (await page.getByTestId('chart-by-category').textContent()) ?? '';
    for (const row of api.byCategory.filter((category) => category.categoryId !== null).slice(0, 8)) {
      expect(chartText).toContain(pathOf(row.categoryId ?? ''));
    }
    // Each change against last week carries its sign in text, not only a colour.
    expect(await text(page, 'kpi-net-sales-delta')).toMatch(/^(\+\d+ %|−\d+ %|±0 %|new)$/);

    // Their store only: no other store named anywhere, and nothing to pick.
    const body = (await page.locator('body').textContent()) ?? '';
    expect(body).toContain(riverside.name);
    expect(body).not.toContain(harbor.name);
    expect(await page.getByTestId('dashboard-store-picker').textContent()).toBe(riverside.name);
    expect(await page.getByTestId('dashboard-store-picker').locator('input').count()).toBe(0);
    expect(await page.getByTestId('store-comparison').count()).toBe(0);
    await screenshot(page, 'manager-1024');
    await screenshot(page, 'manager-1024-full', true);
    await page.setViewportSize({ width: 1440, height: 900 });
    await screenshot(page, 'manager-wide', true);
    await page.setViewportSize({ width: 1024, height: 768 });
    await signOut(page);
  });

  it('refreshes on its own every minute', async () => {
    // The page's clock runs on Playwright's control: a minute passes without waiting for one.
    await page.clock.install();
    await signIn(page, 'manager1');
    await page.goto(`${BASE_URL}/dashboard`);
    await page.getByTestId('kpi-transactions-value').waitFor();
    const before = Number(await text(page, 'kpi-transactions-value'));

    await ringUp([{ productId: firstProductId, quantity: 1 }]);
    await page.clock.runFor(30_000);
    // Half a minute on, the screen still shows what it had: no refresh yet.
    expect(Number(await text(page, 'kpi-transactions-value'))).toBe(before);
    await page.clock.runFor(31_000);
    await expect.poll(() => text(page, 'kpi-transactions-value')).toBe(String(before + 1));
    await signOut(page);
  });

  it('compares the stores for an admin, and remembers a chosen store', async () => {
    await signIn(page, 'admin');
    // The start screen offers the dashboard too (signing in may land back on the last page signed out from).
    await page.goto(`${BASE_URL}/`);
    await page.getByRole('link', { name: 'Open the dashboard' }).click();
    const comparison = page.getByTestId('store-comparison');
    await comparison.waitFor();
    expect(await comparison.textContent()).toContain(riverside.name);
    expect(await comparison.textContent()).toContain(harbor.name);
    const api = (await (await page.request.get(`${BASE_URL}/api/reports/dashboard`)).json()) as Dashboard;
    expect(await text(page, 'kpi-transactions-value')).toBe(String(api.today.transactions));
    await screenshot(page, 'admin-1024-full', true);

    // Untick Harbor Point: Riverside alone, no comparison; the choice survives a reload.
    const picker = page.getByTestId('dashboard-store-picker');
    await picker.getByLabel(harbor.name).uncheck();
    await comparison.waitFor({ state: 'detached' });
    await page.reload();
    await page.getByTestId('kpi-net-sales-value').waitFor();
    expect(await picker.getByLabel(riverside.name).isChecked()).toBe(true);
    expect(await picker.getByLabel(harbor.name).isChecked()).toBe(false);
    expect(await page.getByTestId('store-comparison').count()).toBe(0);
    const one = (await (
      await page.request.get(`${BASE_URL}/api/reports/dashboard?storeId=${riverside.id}`)
    ).json()) as Dashboard;
    await expect.poll(() => text(page, 'kpi-net-sales-value')).toBe(usd(one.today.netSalesCents));
    await screenshot(page, 'admin-one-store');
    expect(pageErrors).toEqual([]);
  });
});
