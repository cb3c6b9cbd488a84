import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { type Page, request as playwrightRequest, type Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE_URL, type BrowserSession, launchBrowser } from './browser';

const PASSWORD = process.env.DEMO_PASSWORD ?? 'demo-password-1';
const PIN = process.env.DEMO_PIN ?? '1234';
const ARTIFACTS_DIR = fileURLToPath(new URL('./artifacts/', import.meta.url));
// A register of its own, so a rerun against the same server never meets a shift left open by another run.
const REGISTER_ID = `e2e-z-${Date.now().toString(36)}`;
// S001 has one demo cashier: the test adds a second one (through the admin API) to hand the till over to.
const SECOND_CASHIER = { username: `e2e_cashier_${Date.now().toString(36)}`, name: 'Jordan Second' };

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
  roundingCents: number;
  changeDueCents: number;
  cashierId?: string;
  tenders: { method: string; amountCents: number }[];
};
type ShiftReportRow = {
  kind: 'X' | 'Z';
  salesCount: number;
  noSaleCount: number;
  cash: {
    openingFloatCents: number;
    cashSalesCents: number;
    cashRefundsCents: number;
    paidInCents: number;
    paidOutCents: number;
    expectedCashCents: number;
  };
  cashMovements: { type: string; amountCents: number; reason: string }[];
};
type CloseRow = { expectedCashCents: number; countedCashCents: number; overShortCents: number };

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

function isPost(path: RegExp): (response: Response) => boolean {
  return (response) => path.test(new URL(response.url()).pathname) && response.request().method() === 'POST';
}

/** Types the code as a USB scanner does: all characters at once, then Enter. */
async function scan(page: Page, code: string): Promise<void> {
  await page.keyboard.type(code, { delay: 0 });
  await page.keyboard.press('Enter');
}

function focusedId(page: Page): Promise<unknown> {
  return page.evaluate('document.activeElement?.id');
}

async function text(page: Page, testId: string): Promise<string> {
  return ((await page.getByTestId(testId).textContent()) ?? '').trim();
}

// The drawer of a US till, as the close dialog labels it.
const USD_DRAWER: [label: string, cents: number][] = [
  ['$100', 10000],
  ['$50', 5000],
  ['$20', 2000],
  ['$10', 1000],
  ['$5', 500],
  ['$2', 200],
  ['$1', 100],
  ['$1 coin', 100],
  ['50¢', 50],
  ['25¢', 25],
  ['10¢', 10],
  ['5¢', 5],
  ['1¢', 1],
];

/** How a cashier would count an amount: as few bills and coins as possible (no $2 bills, no dollar coins). */
function countOut(cents: number): Map<string, number> {
  const counts = new Map<string, number>();
  let left = cents;
  for (const [label, value] of USD_DRAWER) {
    if (label === '$2' || label === '$1 coin') {
      continue;
    }
    const count = Math.floor(left / value);
    if (count > 0) {
      counts.set(label, count);
      left -= count * value;
    }
  }
  return counts;
}

describe('the register: drawer, closing the shift, the till lock and changing cashier', () => {
  let browser: BrowserSession;
  let page: Page;
  const pageErrors: string[] = [];
  // Found by the first test, scanned again by the second.
  let knownCode = '';

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

  it('paid in, paid out, no sale, lock and unlock, another cashier, then the close with an over/short', async () => {
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
      if (products.length === 2) {
        break;
      }
    }
    const [first, second] = products as [LookupRow, LookupRow];

    // The admin adds a second cashier of S001, in a browser-less session of its own.
    const adminApi = await playwrightRequest.newContext({ baseURL: BASE_URL });
    const adminLogin = await adminApi.post('/api/auth/login', {
      data: { username: 'admin', password: PASSWORD },
    });
    expect(adminLogin.status()).toBe(200);
    const { csrfToken } = (await adminLogin.json()) as { csrfToken: string };
    const created = await adminApi.post('/api/users', {
      headers: { 'X-CSRF-Token': csrfToken },
      data: { ...SECOND_CASHIER, password: PASSWORD, role: 'cashier', storeIds: [store.id], pin: '4321' },
    });
    expect(created.status(), await created.text()).toBe(201);
    await adminApi.dispose();
    const codeOf = (product: LookupRow) => product.barcodes[0] ?? product.sku;
    knownCode = codeOf(first);

    // Open a shift with a $150.00 float.
    await page.getByRole('link', { name: 'Open the register' }).click();
    await page.getByLabel('Register', { exact: true }).fill(REGISTER_ID);
    await page.getByRole('button', { name: 'Use this till' }).click();
    await page.getByLabel('Opening float').waitFor();
    await page.keyboard.type('150');
    const [shiftResponse] = await Promise.all([
      page.waitForResponse((response) => new URL(response.url()).pathname === '/api/shifts'),
      page.keyboard.press('Enter'),
    ]);
    expect(shiftResponse.status()).toBe(201);
    const shiftId = ((await shiftResponse.json()) as { id: string }).id;
    await page.getByLabel('Scan or type a barcode / SKU').waitFor();
    const rows = page.locator('.register-cart-table tbody tr');
    const sales: SaleRow[] = [];

    // The keys and the till menu list the new actions, and still fit a 1024 × 768 till.
    await page.keyboard.press('F1');
    const help = page.getByRole('dialog', { name: 'Keys' });
    await help.waitFor();
    expect(await help.textContent()).toContain('Close the shift');
    await screenshot(page, '28-help');
    await page.keyboard.press('Escape');
    await help.waitFor({ state: 'detached' });
    await page.keyboard.press('Alt+M');
    const menu = page.getByRole('dialog', { name: 'Till' });
    await menu.getByRole('button', { name: /Change cashier/ }).waitFor();
    await screenshot(page, '29-till-menu');
    await page.keyboard.press('Escape');
    await menu.waitFor({ state: 'detached' });

    // A cash sale with change: the second quick amount (F6).
    await scan(page, codeOf(first));
    await expect.poll(() => rows.count()).toBe(1);
    await page.keyboard.press('F2');
    await page.getByRole('dialog', { name: 'Cash payment' }).waitFor();
    const [saleResponse] = await Promise.all([
      page.waitForResponse(isPost(/^\/api\/sales$/)),
      page.keyboard.press('F6'),
    ]);
    expect(saleResponse.status()).toBe(201);
    sales.push((await saleResponse.json()) as SaleRow);
    await page.getByRole('heading', { name: 'Sale complete' }).waitFor();
    await page.keyboard.press('Enter');
    await expect.poll(() => focusedId(page)).toBe('register-scan-input');

    // Paid in (Alt+I): $20.00 from the safe.
    await page.keyboard.press('Alt+I');
    await page.getByRole('dialog', { name: 'Paid in' }).waitFor();
    expect(await focusedId(page)).toBe('drawer-movement-amount');
    await page.keyboard.type('20');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Change from the safe');
    await screenshot(page, '30-paid-in');
    const [paidIn] = await Promise.all([
      page.waitForResponse(isPost(/\/cash-movements$/)),
      page.keyboard.press('Enter'),
    ]);
    expect(paidIn.status()).toBe(201);
    await page.getByRole('dialog', { name: 'Paid in' }).waitFor({ state: 'detached' });
    await expect.poll(() => page.locator('.shift-notice').textContent()).toContain('Paid in $20.00 recorded');

    // Paid out (Alt+O): no amount → a clear problem, nothing sent; then $7.50 for the window cleaner.
    await page.keyboard.press('Alt+O');
    const paidOutDialog = page.getByRole('dialog', { name: 'Paid out' });
    await paidOutDialog.waitFor();
    await page.keyboard.press('Enter');
    await expect.poll(() => paidOutDialog.getByRole('alert').textContent()).toContain('Type the amount');
    await page.keyboard.type('7.50');
    await page.getByLabel('Reason').fill('Window cleaner');
    await screenshot(page, '31-paid-out');
    const [paidOut] = await Promise.all([
      page.waitForResponse(isPost(/\/cash-movements$/)),
      page.keyboard.press('Enter'),
    ]);
    expect(paidOut.status()).toBe(201);
    await paidOutDialog.waitFor({ state: 'detached' });

    // No sale (Alt+N): the reason is enough.
    await page.keyboard.press('Alt+N');
    await page.getByRole('dialog', { name: /No sale/ }).waitFor();
    await page.keyboard.type('Customer needed change');
    const [noSale] = await Promise.all([
      page.waitForResponse(isPost(/\/no-sale$/)),
      page.keyboard.press('Enter'),
    ]);
    expect(noSale.status()).toBe(201);
    await page.getByRole('dialog', { name: /No sale/ }).waitFor({ state: 'detached' });

    // Alt+L locks the till with a sale on it: the server session is locked too, the cart waits underneath.
    await scan(page, codeOf(second));
    await expect.poll(() => rows.count()).toBe(1);
    const totalBeforeLock = await text(page, 'totals-total');
    await page.keyboard.press('Alt+L');
    const lock = page.getByTestId('till-lock');
    await lock.getByRole('heading', { name: 'Till locked' }).waitFor();
    await expect.poll(() => focusedId(page)).toBe('till-lock-pin');
    await expect.poll(async () => (await page.request.get(`${BASE_URL}/api/auth/me`)).status()).toBe(401);
    // Keys do not reach the till underneath: F2 does not open a payment.
    await page.keyboard.press('F2');
    expect(await page.getByRole('dialog', { name: 'Cash payment' }).count()).toBe(0);
    await page.keyboard.type('0000');
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await lock.getByRole('alert').textContent()) ?? '').toContain('Wrong PIN');
    await screenshot(page, '32-till-locked');
    await page.keyboard.type(PIN);
    const [unlock] = await Promise.all([
      page.waitForResponse(isPost(/^\/api\/auth\/unlock$/)),
      page.keyboard.press('Enter'),
    ]);
    expect(unlock.status()).toBe(200);
    await lock.waitFor({ state: 'detached' });
    expect(await rows.count()).toBe(1);
    expect(await text(page, 'totals-total')).toBe(totalBeforeLock);
    await expect.poll(() => focusedId(page)).toBe('register-scan-input');
    expect((await page.request.get(`${BASE_URL}/api/auth/me`)).status()).toBe(200);

    // Alt+W: the manager takes over the till. The cashier's sale is not carried over: it is parked.
    await page.keyboard.press('Alt+W');
    await lock.getByRole('heading', { name: 'Change cashier' }).waitFor();
    await expect.poll(() => focusedId(page)).toBe('till-switch-username');
    await page.keyboard.type('manager1');
    await page.keyboard.press('Tab');
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Enter');
    const handover = page.getByRole('alertdialog', { name: /sale is still on the till/ });
    await handover.waitFor();
    expect(await handover.textContent()).toContain(totalBeforeLock);
    await screenshot(page, '33-handover');
    const [parked] = await Promise.all([
      page.waitForResponse(isPost(/^\/api\/parked-carts$/)),
      page.keyboard.press('Enter'),
    ]);
    expect(parked.status()).toBe(201);
    expect(((await parked.json()) as { label: string }).label).toBe("Casey Cashier's sale");
    const parkedList = await getJson<{
      items: { label: string; cart: { lines: { productId: string }[] } }[];
    }>(page, `/api/parked-carts?storeId=${store.id}`);
    const parkedCart = parkedList.items.find((item) => item.label === "Casey Cashier's sale");
    expect(parkedCart?.cart.lines.map((line) => line.productId)).toEqual([second.id]);
    await lock.waitFor({ state: 'detached' });
    expect(await rows.count()).toBe(0);
    await expect.poll(() => page.locator('.shell-user-name').textContent()).toBe('Morgan Manager');
    await expect.poll(() => focusedId(page)).toBe('register-scan-input');

    // A manager changing a price is not asked for their own PIN: the sale goes straight through.
    await scan(page, codeOf(first));
    await expect.poll(() => rows.count()).toBe(1);
    await page.keyboard.press('F9');
    await page.getByRole('dialog', { name: 'Change the price' }).waitFor();
    await page.keyboard.type('1.00');
    await page.getByLabel('Reason').fill('Damaged box');
    await page.keyboard.press('Enter');
    await page.keyboard.press('F2');
    await page.getByRole('dialog', { name: 'Cash payment' }).waitFor();
    const [managerSale] = await Promise.all([
      page.waitForResponse(isPost(/^\/api\/sales$/)),
      page.keyboard.press('Enter'),
    ]);
    expect(managerSale.status()).toBe(201);
    expect(await page.getByRole('dialog', { name: 'Manager approval' }).count()).toBe(0);
    sales.push((await managerSale.json()) as SaleRow);
    await page.getByRole('heading', { name: 'Sale complete' }).waitFor();
    await page.keyboard.press('Enter');

    // Alt+W with an empty till: Esc goes back to selling; then the second cashier takes over, nothing to park.
    await page.keyboard.press('Alt+W');
    await lock.getByRole('heading', { name: 'Change cashier' }).waitFor();
    await page.keyboard.press('Escape');
    await lock.waitFor({ state: 'detached' });
    await expect.poll(() => focusedId(page)).toBe('register-scan-input');
    await page.keyboard.press('Alt+W');
    await lock.getByRole('heading', { name: 'Change cashier' }).waitFor();
    await expect.poll(() => focusedId(page)).toBe('till-switch-username');
    await page.keyboard.type(SECOND_CASHIER.username);
    await page.keyboard.press('Tab');
    await page.keyboard.type('not-the-password');
    await page.keyboard.press('Enter');
    await expect
      .poll(async () => (await lock.getByRole('alert').textContent()) ?? '')
      .toContain('Wrong username or password');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.keyboard.press('Enter');
    await lock.waitFor({ state: 'detached' });
    await expect.poll(() => page.locator('.shell-user-name').textContent()).toBe(SECOND_CASHIER.name);
    await expect
      .poll(() => page.locator('.shift-notice').textContent())
      .toContain(`${SECOND_CASHIER.name} is signed in at this till`);

    // The X report agrees with what was rung up: float + cash kept (tendered − change) + paid in − paid out.
    const xReport = await getJson<ShiftReportRow>(page, `/api/shifts/${shiftId}/report`);
    const cashKept = sales.reduce(
      (sum, sale) =>
        sum +
        sale.tenders.filter((t) => t.method === 'cash').reduce((s, t) => s + t.amountCents, 0) -
        sale.changeDueCents,
      0,
    );
    expect(xReport.kind).toBe('X');
    expect(xReport.cash).toMatchObject({
      openingFloatCents: 15_000,
      cashSalesCents: cashKept,
      paidInCents: 2_000,
      paidOutCents: 750,
    });
    const expectedCents = 15_000 + cashKept + 2_000 - 750;
    expect(xReport.cash.expectedCashCents).toBe(expectedCents);
    expect(xReport.noSaleCount).toBe(1);
    expect(xReport.cashMovements.map((m) => [m.type, m.amountCents, m.reason])).toEqual([
      ['paid_in', 2_000, 'Change from the safe'],
      ['paid_out', 750, 'Window cleaner'],
      ['no_sale', 0, 'Customer needed change'],
    ]);

    // Alt+Z: count the drawer by bill and coin, 37¢ short on purpose.
    await page.keyboard.press('Alt+Z');
    const closeDialog = page.getByRole('dialog', { name: 'Close the shift' });
    await closeDialog.waitFor();
    await expect.poll(() => text(page, 'close-expected')).toBe(usd(expectedCents));
    await expect.poll(() => focusedId(page)).toBe('shift-count-0');
    const countedCents = expectedCents - 37;
    for (const [label, count] of countOut(countedCents)) {
      await closeDialog.getByLabel(label, { exact: true }).fill(String(count));
    }
    expect(await text(page, 'close-counted')).toBe(usd(countedCents));
    expect(await text(page, 'close-over-short')).toBe('Short $0.37');
    await screenshot(page, '34-close-count');
    await page.keyboard.press('Alt+Z');
    await closeDialog.getByRole('button', { name: /Close the shift/ }).waitFor();
    await screenshot(page, '35-close-confirm');
    const [closeResponse] = await Promise.all([
      page.waitForResponse(isPost(/\/close$/)),
      page.keyboard.press('Enter'),
    ]);
    expect(closeResponse.status()).toBe(200);
    const closed = (await closeResponse.json()) as CloseRow;
    expect(closed).toMatchObject({
      expectedCashCents: expectedCents,
      countedCashCents: countedCents,
      overShortCents: -37,
    });

    // The Z report: the server's figures, the printable page in a frame, P prints it.
    await page.getByRole('heading', { name: 'Shift closed' }).waitFor();
    expect(await text(page, 'z-expected')).toBe(usd(expectedCents));
    expect(await text(page, 'z-counted')).toBe(usd(countedCents));
    expect(await text(page, 'z-over-short')).toBe('Short $0.37');
    const zReport = await getJson<ShiftReportRow>(page, `/api/shifts/${shiftId}/report`);
    expect(zReport.kind).toBe('Z');
    expect(zReport.cash.expectedCashCents).toBe(expectedCents);
    const framed = page.frameLocator('iframe[title="Z report"]').locator('body');
    await expect
      .poll(async () => (await framed.textContent()) ?? '')
      .toContain((expectedCents / 100).toFixed(2));
    expect((await framed.textContent()) ?? '').toMatch(/Z/);
    await screenshot(page, '36-z-report');
    const reportFrame = page.frames().find((frame) => frame.url().endsWith(`/api/shifts/${shiftId}/report`));
    if (!reportFrame) {
      throw new Error('the Z report frame is missing');
    }
    await reportFrame.evaluate(
      'window.print = () => { window.printCount = (window.printCount ?? 0) + 1; }; 0',
    );
    await page.keyboard.press('p');
    await expect.poll(() => reportFrame.evaluate('window.printCount')).toBe(1);

    // Done: the till asks for a new shift.
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Open the shift' }).waitFor();
    await screenshot(page, '37-after-close');
    expect(pageErrors).toEqual([]);
  });

  it('locks by itself after SESSION_IDLE_MINUTES without a key or a touch; the PIN gives the sale back', async () => {
    // One register sells in one tab at a time: the first test's tab lets the register go.
    await page.close();
    // The page's clock is Playwright's, so the idle time passes at once; the server keeps real time.
    const idlePage = await browser.context.newPage();
    idlePage.on('pageerror', (error) => pageErrors.push(error.message));
    await idlePage.setViewportSize({ width: 1024, height: 768 });
    await idlePage.clock.install();
    // The same till as the first test (its settings are in this browser), signed in as the second cashier.
    await idlePage.goto(`${BASE_URL}/register`);
    await idlePage.getByLabel('Opening float').waitFor();
    await idlePage.keyboard.type('100');
    const [opened] = await Promise.all([
      idlePage.waitForResponse((response) => new URL(response.url()).pathname === '/api/shifts'),
      idlePage.keyboard.press('Enter'),
    ]);
    expect(opened.status()).toBe(201);
    await idlePage.getByLabel('Scan or type a barcode / SKU').waitFor();
    await scan(idlePage, knownCode);
    const rows = idlePage.locator('.register-cart-table tbody tr');
    await expect.poll(() => rows.count()).toBe(1);
    const total = await text(idlePage, 'totals-total');

    const { sessionIdleMinutes } = await getJson<{ sessionIdleMinutes: number }>(idlePage, '/api/auth/me');
    expect(sessionIdleMinutes).toBe(15);
    const lock = idlePage.getByTestId('till-lock');
    // A minute short of the idle time: still selling.
    await idlePage.clock.fastForward((sessionIdleMinutes - 1) * 60_000);
    await idlePage.waitForTimeout(300);
    expect(await lock.count()).toBe(0);
    // Past it: the lock screen, and the server session is locked too.
    const [locked] = await Promise.all([
      idlePage.waitForResponse(isPost(/^\/api\/auth\/lock$/)),
      idlePage.clock.fastForward(2 * 60_000),
    ]);
    expect(locked.status()).toBe(204);
    await lock.getByRole('heading', { name: 'Till locked' }).waitFor();
    expect(await lock.textContent()).toContain(SECOND_CASHIER.name);
    expect((await idlePage.request.get(`${BASE_URL}/api/auth/me`)).status()).toBe(401);
    await screenshot(idlePage, '38-idle-locked');

    await expect.poll(() => focusedId(idlePage)).toBe('till-lock-pin');
    await idlePage.keyboard.type('4321');
    await idlePage.keyboard.press('Enter');
    await lock.waitFor({ state: 'detached' });
    expect(await rows.count()).toBe(1);
    expect(await text(idlePage, 'totals-total')).toBe(total);
    expect(pageErrors).toEqual([]);
    await idlePage.close();
  });
});
