import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type APIRequestContext, type Page, type Response, request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE_URL, type BrowserSession, launchBrowser } from './browser';

const PASSWORD = process.env.DEMO_PASSWORD ?? 'demo-password-1';
// The demo PIN every seeded user has (server/db/seed-on-start.ts).
const MANAGER_PIN = process.env.DEMO_PIN ?? '1234';
const ARTIFACTS_DIR = fileURLToPath(new URL('./artifacts/', import.meta.url));
// Where `npm run test:e2e`'s SMTP server drops each message it receives (one file per message).
const MAIL_DIR = process.env.E2E_MAIL_DIR;
// A register of its own, so this file never meets the shift of another register test.
const RUN = Date.now().toString(36);
const REGISTER_ID = `e2e-cust-${RUN}`;

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
  productId: string;
  quantity: number;
  grossCents: number;
  discountCents: number;
  totalCents: number;
  rewardProgramId: string | null;
};
type SaleRow = {
  id: string;
  receiptNumber: string;
  customerId: string | null;
  subtotalCents: number;
  discountCents: number;
  taxCents: number;
  totalCents: number;
  approvedBy: string | null;
  lines: SaleLineRow[];
};
type Progress = {
  programId: string;
  unitsTowardNext: number;
  rewardsAvailable: number;
  rewardsRedeemed: number;
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

async function text(page: Page, testId: string): Promise<string> {
  return ((await page.getByTestId(testId).first().textContent()) ?? '').trim();
}

/** A manager's own API session, apart from the cashier's browser: sets up the frequent-buyer program. */
async function managerApi(): Promise<{ api: APIRequestContext; csrf: Record<string, string> }> {
  const api = await request.newContext({ baseURL: BASE_URL });
  const login = await api.post('/api/auth/login', { data: { username: 'manager1', password: PASSWORD } });
  expect(login.status()).toBe(200);
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  return { api, csrf: { 'X-CSRF-Token': csrfToken } };
}

describe('the register: customers, frequent-buyer rewards, weighed items, emailed receipts', () => {
  let browser: BrowserSession;
  let page: Page;
  let manager: APIRequestContext | undefined;
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
    await manager?.dispose();
    await browser?.close();
  });

  it('creates a customer with a pet, earns a reward, redeems it, weighs an item and emails a receipt', async () => {
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
    // Two piece products in stock (the program's and another), and a weighed one with a kilo in stock.
    const catalog = await getJson<{ items: ProductRow[] }>(page, '/api/products?active=true&limit=500');
    const pieces: LookupRow[] = [];
    let weighed: LookupRow | null = null;
    for (const product of catalog.items) {
      const code = product.unit === 'each' ? product.barcodes[0] : product.sku;
      if (code === undefined || (product.unit === 'each' ? pieces.length === 2 : weighed !== null)) {
        continue;
      }
      const lookup = await getJson<LookupRow>(page, `/api/products/lookup?code=${code}&storeId=${store.id}`);
      if (product.unit === 'each' && lookup.onHand >= 10 && lookup.priceCents >= 500) {
        pieces.push(lookup);
      } else if (product.unit === 'weight' && lookup.onHand >= 1000) {
        weighed = lookup;
      }
      if (pieces.length === 2 && weighed !== null) {
        break;
      }
    }
    const [food, other] = pieces as [LookupRow, LookupRow];
    expect(other).toBeDefined();
    if (weighed === null) {
      throw new Error('no weighed product in stock at S001');
    }
    const bulk: LookupRow = weighed;

    // The manager sets up "buy 2, get 1 free" on the food, through the API.
    const session = await managerApi();
    manager = session.api;
    const programResponse = await manager.post('/api/loyalty-programs', {
      headers: session.csrf,
      data: {
        name: `E2E ${food.name}: buy 2, get 1`,
        storeIds: [store.id],
        qualifying: { productIds: [food.id] },
        buyQuantity: 2,
        rewardQuantity: 1,
      },
    });
    expect(programResponse.status(), await programResponse.text()).toBe(201);
    const program = (await programResponse.json()) as { id: string; name: string };

    await page.getByRole('link', { name: 'Open the register' }).click();
    await page.getByRole('heading', { name: 'Set up this till' }).waitFor();
    await page.getByLabel('Register', { exact: true }).fill(REGISTER_ID);
    await page.getByRole('button', { name: 'Use this till' }).click();
    await page.getByLabel('Opening float').waitFor();
    await page.keyboard.type('100');
    await page.keyboard.press('Enter');
    await page.getByLabel('Scan or type a barcode / SKU').waitFor();
    const rows = page.locator('.register-cart-table tbody tr');

    // 1. F6: the phone finds nobody, so Alt+N adds the customer (the phone carried over) with a pet.
    const phoneDigits = `312555${String(Date.now()).slice(-4)}`;
    const customerName = `Pat Tester ${RUN}`;
    const email = `pat.${RUN}@example.com`;
    await page.keyboard.press('F6');
    const customerDialog = page.getByRole('dialog', { name: 'Customer' });
    await customerDialog.waitFor();
    await page.keyboard.type(phoneDigits);
    await expect
      .poll(() => customerDialog.getByRole('status').textContent())
      .toContain('No customer matches');
    await page.keyboard.press('Alt+N');
    const newDialog = page.getByRole('dialog', { name: 'New customer' });
    await newDialog.waitFor();
    expect(await page.getByLabel('Phone').inputValue()).toBe(phoneDigits);
    await page.keyboard.type(customerName);
    // A phone too short: the server's refusal, named by the form's own field, and nothing saved.
    const isCustomerPost = (r: Response) =>
      new URL(r.url()).pathname === '/api/customers' && r.request().method() === 'POST';
    await page.getByLabel('Phone').fill('555-12');
    const [refused] = await Promise.all([page.waitForResponse(isCustomerPost), page.keyboard.press('Enter')]);
    expect(refused.status()).toBe(400);
    await expect
      .poll(() => newDialog.getByRole('alert').textContent())
      .toBe('Phone must have 7 to 15 digits.');
    await page.getByLabel('Phone').fill(phoneDigits);
    await page.getByLabel('Email').fill(email);
    await page.keyboard.press('Alt+P');
    await page.getByLabel('Pet name').waitFor();
    await expect.poll(() => focusedId(page)).toBe('register-pet-name-0');
    await page.keyboard.type('Biscuit');
    await page.getByLabel('Species').selectOption('cat');
    await page.getByLabel('Breed').fill('Siamese');
    await page.getByLabel('Birth date').fill('2021-05-04');
    await screenshot(page, '30-new-customer');
    const [createdCustomer] = await Promise.all([
      page.waitForResponse(
        (r) => new URL(r.url()).pathname === '/api/customers' && r.request().method() === 'POST',
      ),
      page.getByLabel('Breed').press('Enter'),
    ]);
    expect(createdCustomer.status()).toBe(201);
    const customer = (await createdCustomer.json()) as {
      id: string;
      pets: { name: string; species: string }[];
    };
    expect(customer.pets).toMatchObject([{ name: 'Biscuit', species: 'cat' }]);
    await newDialog.waitFor({ state: 'detached' });
    const card = page.getByTestId('sale-customer');
    // The program's line on the customer strip, whole (the strip may cut a long name short on screen).
    const programShown = () =>
      page
        .getByTestId('loyalty-progress')
        .filter({ hasText: program.name })
        .getAttribute('title', { timeout: 1000 });
    await expect.poll(() => card.textContent()).toContain(customerName);
    expect(await card.textContent()).toContain('Biscuit (cat)');
    await expect.poll(() => programShown()).toBe(`${program.name}: 0 of 2 bought toward 1 free`);

    // Two units of the food, paid in cash: the sale carries the customer and earns the reward.
    await scan(page, food.barcodes[0] ?? food.sku);
    await scan(page, food.barcodes[0] ?? food.sku);
    await expect
      .poll(() => page.getByLabel(`Quantity of ${food.name}`, { exact: true }).textContent())
      .toBe('2');
    await screenshot(page, '31-customer-on-sale');
    await page.keyboard.press('F2');
    await page.getByRole('dialog', { name: 'Cash payment' }).waitFor();
    const [firstSale] = await Promise.all([page.waitForResponse(isSalePost), page.keyboard.press('Enter')]);
    expect(firstSale.status()).toBe(201);
    const earning = (await firstSale.json()) as SaleRow;
    expect(earning.customerId).toBe(customer.id);
    const progressOf = async () => {
      const detail = await getJson<{ loyalty: Progress[] }>(
        page,
        `/api/customers/${customer.id}?storeId=${store.id}`,
      );
      return detail.loyalty.find((item) => item.programId === program.id);
    };
    expect(await progressOf()).toMatchObject({ rewardsAvailable: 1, rewardsRedeemed: 0 });

    // 2. E on the sale-complete panel: the customer's email is offered, and the receipt reaches the mailbox.
    if (MAIL_DIR === undefined) {
      throw new Error('E2E_MAIL_DIR is not set: run the browser tests with `npm run test:e2e`');
    }
    await page.getByRole('heading', { name: 'Sale complete' }).waitFor();
    await page.keyboard.press('e');
    const emailField = page.getByLabel('Email the receipt to');
    await emailField.waitFor();
    expect(await emailField.inputValue()).toBe(email);
    // A typo is caught before anything is sent.
    await emailField.fill('pat@');
    await page.keyboard.press('Enter');
    await expect.poll(() => text(page, 'email-status')).toContain('Type an email address');
    await emailField.fill(email);
    const [emailed] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith(`/api/sales/${earning.id}/receipt/email`)),
      page.keyboard.press('Enter'),
    ]);
    expect(emailed.status()).toBe(202);
    await expect.poll(() => text(page, 'email-status')).toBe(`Sent to ${email}.`);
    await screenshot(page, '32-email-receipt-sent');
    const mailFor = async () => {
      for (const file of await readdir(MAIL_DIR)) {
        const raw = await readFile(join(MAIL_DIR, file), 'utf8');
        if (raw.startsWith(`X-Envelope-To: ${email}\r\n`)) {
          return raw;
        }
      }
      return null;
    };
    // The subject is MIME-encoded; the receipt number reads the same either way.
    await expect.poll(mailFor).toContain(`Your_receipt_${earning.receiptNumber}_from`);
    expect(await mailFor()).toContain(`\r\nTo: ${email}\r\n`);
    await page.keyboard.press('Escape');
    await emailField.waitFor({ state: 'detached' });
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Sale complete' }).waitFor({ state: 'detached' });
    await expect.poll(() => rows.count()).toBe(0);
    expect(await card.count()).toBe(0);

    // 3. Next sale: the same customer found by phone as you type; the reward shows as earned.
    await page.keyboard.press('F6');
    await customerDialog.waitFor();
    await page.keyboard.type(phoneDigits.slice(-7));
    const option = customerDialog.getByRole('option', { name: new RegExp(customerName) });
    await option.waitFor();
    await expect.poll(() => option.getAttribute('aria-selected')).toBe('true');
    await screenshot(page, '33-customer-search');
    await page.keyboard.press('Enter');
    await customerDialog.waitFor({ state: 'detached' });
    await expect.poll(() => programShown()).toBe(`${program.name}: 1 free unit earned`);
    expect(await card.textContent()).toContain('1 free unit earned (Alt+Y)');

    // Alt+Y makes the food free; a weighed item by grams is the paid line.
    await scan(page, food.barcodes[0] ?? food.sku);
    await expect.poll(() => rows.count()).toBe(1);
    await page.keyboard.press('Alt+Y');
    await page.getByTestId('line-reward').waitFor();
    await expect.poll(() => rows.nth(0).locator('.register-line-total').textContent()).toBe(usd(0));
    await scan(page, bulk.sku);
    const weightDialog = page.getByRole('dialog', { name: `Weight of ${bulk.name}` });
    await weightDialog.waitFor();
    // First in grams; then Alt+G on the weighed line corrects it, in kilograms.
    await page.keyboard.type('1200');
    await page.keyboard.press('Enter');
    await weightDialog.waitFor({ state: 'detached' });
    await expect.poll(() => rows.nth(1).textContent()).toContain('1.200 kg');
    await page.keyboard.press('Alt+G');
    await weightDialog.waitFor();
    expect(await page.getByLabel('Grams (or kg with a point)').inputValue()).toBe('1200');
    await page.keyboard.type('0.75 kg');
    const grossCents = Math.round((bulk.priceCents * 750) / 1000);
    await expect.poll(() => text(page, 'weight-preview')).toBe(`0.750 kg = ${usd(grossCents)}`);
    await screenshot(page, '34-weight-dialog');
    await page.keyboard.press('Enter');
    await weightDialog.waitFor({ state: 'detached' });
    await expect.poll(() => rows.count()).toBe(2);
    expect(await rows.nth(1).textContent()).toContain('0.750 kg');
    const weighedLineTotal = ((await rows.nth(1).locator('.register-line-total').textContent()) ?? '').trim();
    expect(weighedLineTotal).toBe(usd(grossCents));
    const screenTotal = await text(page, 'totals-total');
    const screenTax = await text(page, 'totals-tax');
    const screenSubtotal = await text(page, 'totals-subtotal');
    const screenDiscounts = await text(page, 'totals-discounts');
    await screenshot(page, '35-reward-and-weighed-line');

    await page.keyboard.press('F2');
    await page.getByRole('dialog', { name: 'Cash payment' }).waitFor();
    const [secondSale] = await Promise.all([page.waitForResponse(isSalePost), page.keyboard.press('Enter')]);
    expect(secondSale.status(), await secondSale.text()).toBe(201);
    const redeeming = await getJson<SaleRow>(page, `/api/sales/${((await secondSale.json()) as SaleRow).id}`);
    expect(redeeming.customerId).toBe(customer.id);
    expect(usd(redeeming.totalCents)).toBe(screenTotal);
    expect(usd(redeeming.taxCents)).toBe(screenTax);
    expect(usd(redeeming.subtotalCents)).toBe(screenSubtotal);
    // The free unit is the sale's whole discount: its price, shown negative.
    expect(redeeming.discountCents).toBe(food.priceCents);
    expect(usd(-redeeming.discountCents)).toBe(screenDiscounts);
    expect(redeeming.lines).toMatchObject([
      {
        productId: food.id,
        quantity: 1,
        rewardProgramId: program.id,
        discountCents: food.priceCents,
        totalCents: 0,
      },
      { productId: bulk.id, quantity: 750, rewardProgramId: null, grossCents },
    ]);
    const bulkLine = redeeming.lines[1] as SaleLineRow;
    expect(usd(bulkLine.grossCents - bulkLine.discountCents)).toBe(weighedLineTotal);
    expect(usd(bulkLine.totalCents)).toBe(screenTotal);
    expect(await progressOf()).toMatchObject({ rewardsAvailable: 0, rewardsRedeemed: 1 });
    await page.getByRole('heading', { name: 'Sale complete' }).waitFor();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Sale complete' }).waitFor({ state: 'detached' });

    // 4. A free unit the customer has not earned: the till says so, and a manager approves it when paying.
    await page.keyboard.press('F6');
    await customerDialog.waitFor();
    await page.keyboard.type(phoneDigits);
    await customerDialog.getByRole('option', { name: new RegExp(customerName) }).waitFor();
    await page.keyboard.press('Enter');
    await expect.poll(() => programShown()).toBe(`${program.name}: 0 of 2 bought toward 1 free`);
    await scan(page, food.barcodes[0] ?? food.sku);
    await scan(page, other.barcodes[0] ?? other.sku);
    await expect.poll(() => rows.count()).toBe(2);
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Alt+Y');
    await expect
      .poll(() => page.locator('.register-scan-error').textContent())
      .toContain(`has not earned a free ${food.name}: a manager approves it when paying`);
    await page.keyboard.press('F2');
    await page.getByRole('dialog', { name: 'Cash payment' }).waitFor();
    await page.keyboard.press('Enter');
    const approval = page.getByRole('dialog', { name: 'Manager approval' });
    await approval.waitFor();
    expect(await approval.textContent()).toContain(`Free ${food.name} the customer has not earned`);
    await screenshot(page, '36-reward-approval');
    await page.keyboard.type('manager1');
    await page.keyboard.press('Tab');
    await page.keyboard.type(MANAGER_PIN);
    const [goodwill] = await Promise.all([page.waitForResponse(isSalePost), page.keyboard.press('Enter')]);
    expect(goodwill.status(), await goodwill.text()).toBe(201);
    const goodwillSale = (await goodwill.json()) as SaleRow;
    expect(goodwillSale.approvedBy).not.toBeNull();
    // Nothing is earned in any program, so the free unit may count against any program the item qualifies
    // for (the demo chain's own program may cover it too).
    expect(goodwillSale.lines[0]).toMatchObject({
      productId: food.id,
      rewardProgramId: expect.any(String),
      totalCents: 0,
    });

    // F6 with a customer on the sale offers change or remove; Delete takes them off.
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Sale complete' }).waitFor({ state: 'detached' });
    await page.keyboard.press('F6');
    await customerDialog.waitFor();
    await page.keyboard.type(phoneDigits);
    await customerDialog.getByRole('option', { name: new RegExp(customerName) }).waitFor();
    await page.keyboard.press('Enter');
    await card.waitFor();
    await page.keyboard.press('F6');
    const onSale = page.getByRole('dialog', { name: 'Customer on this sale' });
    await onSale.waitFor();
    await screenshot(page, '37-customer-change-or-remove');
    await page.keyboard.press('Delete');
    await onSale.waitFor({ state: 'detached' });
    expect(await card.count()).toBe(0);

    expect(pageErrors).toEqual([]);
  });
});

function focusedId(page: Page): Promise<unknown> {
  return page.evaluate('document.activeElement?.id');
}
