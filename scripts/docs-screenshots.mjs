// `npm run docs:screenshots`: the pictures of docs/user-manual.md, taken from the real screens. Starts the built
// server (run `npm run build` first) on a fresh demo database in a temp folder, with an SMTP server of its own for
// the emailed receipt, and walks Chromium (playwright-core) through every screen the manual shows.
// `--out DIR` writes the PNGs there instead of docs/images/ (the e2e test does, to leave the committed ones alone).
// Each step waits for its screen by role or label; the first step that does not find it stops the run, named,
// with exit code 1.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, request } from 'playwright-core';
import { SMTPServer } from 'smtp-server';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outArg = process.argv.indexOf('--out');
const outDir = path.resolve(
  outArg === -1 ? path.join(root, 'docs', 'images') : (process.argv[outArg + 1] ?? ''),
);
const PASSWORD = process.env.DEMO_PASSWORD ?? 'demo-password-1';
const PIN = '1234';
const REGISTER_ID = 'till-1';
// Not the e2e runner's range (3800–3889): the e2e test runs this script while that server is up.
const port = 3900 + Math.floor(Math.random() * 90);
const BASE_URL = `http://127.0.0.1:${port}`;
const STEP_TIMEOUT_MS = 20_000;

mkdirSync(outDir, { recursive: true });
const dataDir = mkdtempSync(path.join(tmpdir(), 'pos-docs-data-'));
const profileDir = mkdtempSync(path.join(tmpdir(), 'pos-docs-browser-'));

/** Accepts every message and keeps none: the till only needs the server to say "sent". */
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  onData(stream, _session, callback) {
    stream.on('data', () => undefined);
    stream.on('end', () => callback());
  },
});

// ---------------------------------------------------------------------------------------------------------------
// Helpers

/** What the steps share: the browser page, the demo's ids and the products chosen for the pictures. */
const state = {
  /** @type {import('playwright-core').Page} */ page: undefined,
  /** @type {import('playwright-core').BrowserContext} */ context: undefined,
  stores:
    /** @type {Record<string, { id: string; code: string; name: string; cashierDiscountLimitPercent: number }>} */ ({}),
  /** piece products in stock at S001, priced $5 or more, in catalog order (the seed is fixed) */
  pieces: /** @type {any[]} */ ([]),
  weighed: /** @type {any} */ (null),
  firstReceipt: '',
};
const shots = /** @type {{ step: string; file: string; bytes: number }[]} */ ([]);

/** Saves the page, or only `target` (a dialog, a panel) when it reads better cropped. */
async function shot(step, file, target, options = {}) {
  const filePath = path.join(outDir, file);
  const settings = { path: filePath, animations: 'disabled', caret: 'hide', ...options };
  if (target) {
    await target.screenshot(settings);
  } else {
    await state.page.screenshot(settings);
  }
  shots.push({ step, file, bytes: statSync(filePath).size });
}

/** Types the code as a USB scanner does: all at once, then Enter. */
async function scan(code) {
  await state.page.keyboard.type(code, { delay: 0 });
  await state.page.keyboard.press('Enter');
}

async function poll(what, check, timeout = STEP_TIMEOUT_MS) {
  const deadline = Date.now() + timeout;
  for (;;) {
    if (await check()) {
      return;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}

async function getJson(urlPath) {
  const response = await state.page.request.get(`${BASE_URL}${urlPath}`);
  if (!response.ok()) {
    throw new Error(`GET ${urlPath} answered ${response.status()}`);
  }
  return response.json();
}

/** A browser-less API session of a demo user, for what the manual does not show (e.g. drafting an order). */
async function apiAs(username) {
  const api = await request.newContext({ baseURL: BASE_URL });
  const login = await api.post('/api/auth/login', { data: { username, password: PASSWORD } });
  if (login.status() !== 200) {
    throw new Error(`${username} could not sign in through the API (${login.status()})`);
  }
  const { csrfToken } = await login.json();
  return { api, headers: { 'X-CSRF-Token': csrfToken } };
}

async function signIn(username) {
  const { page } = state;
  await page.goto(`${BASE_URL}/login`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

async function signOut() {
  await state.page.getByRole('button', { name: 'Sign out' }).click();
  await state.page.getByLabel('Username').waitFor();
}

const codeOf = (product) => product.barcodes[0] ?? product.sku;
const dialog = (name) => state.page.getByRole('dialog', { name });
const cartRows = () => state.page.locator('.register-cart-table tbody tr');

async function payCashWithQuickAmount() {
  const { page } = state;
  await page.keyboard.press('F2');
  await dialog('Cash payment').waitFor();
  await page.keyboard.press('F6');
}

async function nextSale() {
  await state.page.keyboard.press('Enter');
  await state.page.getByRole('heading', { name: 'Sale complete' }).waitFor({ state: 'detached' });
}

// ---------------------------------------------------------------------------------------------------------------
// The steps, in the manual's order. Each one leaves the screen ready for the next.

async function signInScreen() {
  const { page } = state;
  await page.goto(`${BASE_URL}/login`);
  await page.getByLabel('Username').fill('cashier1');
  await page.getByLabel('Password').fill(PASSWORD);
  await shot('signInScreen', 'sign-in.png');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('link', { name: 'Open the register' }).waitFor();
  await shot('signInScreen', 'start.png');
}

async function chooseDemoProducts() {
  // Every store (the cashier sees only their own): the admin's list.
  const admin = await apiAs('admin');
  const stores = await (await admin.api.get('/api/stores')).json();
  await admin.api.dispose();
  for (const store of stores.items) {
    state.stores[store.code] = store;
  }
  const s001 = state.stores.S001;
  if (!s001) {
    throw new Error('the demo store S001 is missing');
  }
  const catalog = await getJson('/api/products?active=true&limit=200');
  for (const product of catalog.items) {
    const code = product.unit === 'each' ? product.barcodes[0] : product.sku;
    if (code === undefined || (product.unit === 'each' ? state.pieces.length >= 8 : state.weighed !== null)) {
      continue;
    }
    const lookup = await getJson(`/api/products/lookup?code=${encodeURIComponent(code)}&storeId=${s001.id}`);
    if (product.unit === 'each' && lookup.onHand >= 10 && lookup.priceCents >= 500) {
      state.pieces.push({ ...lookup, categoryId: product.categoryId });
    } else if (product.unit === 'weight' && lookup.onHand >= 1000) {
      state.weighed = lookup;
    }
    if (state.pieces.length >= 8 && state.weighed !== null) {
      break;
    }
  }
  if (state.pieces.length < 8 || state.weighed === null) {
    throw new Error('not enough products in stock at S001 in the first 200 of the catalog');
  }
}

async function tillSetup() {
  const { page } = state;
  await page.getByRole('link', { name: 'Open the register' }).click();
  await page.getByRole('heading', { name: 'Set up this till' }).waitFor();
  await page.getByLabel('Register', { exact: true }).fill(REGISTER_ID);
  await shot('tillSetup', 'till-setup.png');
  await page.getByRole('button', { name: 'Use this till' }).click();
}

async function openingFloat() {
  const { page } = state;
  await page.getByLabel('Opening float').waitFor();
  await page.keyboard.type('150');
  await shot('openingFloat', 'opening-float.png');
  await page.keyboard.press('Enter');
  await page.getByLabel('Scan or type a barcode / SKU').waitFor();
}

async function scanItems() {
  const [first, second] = state.pieces;
  await scan(codeOf(first));
  await scan(codeOf(second));
  await scan(codeOf(first));
  await poll('two cart lines', async () => (await cartRows().count()) === 2);
  await poll('the first item twice', async () => {
    const quantity = await state.page.getByLabel(`Quantity of ${first.name}`, { exact: true }).textContent();
    return quantity === '2';
  });
  await shot('scanItems', 'selling.png');
}

async function searchAsYouType() {
  const { page } = state;
  const wanted = state.pieces[2];
  await page.keyboard.press('F7');
  await dialog('Find a product').waitFor();
  const query = wanted.name.split(' ').slice(0, 2).join(' ');
  await page.keyboard.type(query, { delay: 20 });
  const options = page.getByRole('option');
  await poll(`"${wanted.name}" among the results`, async () =>
    (await options.allTextContents()).some((text) => text.includes(wanted.name)),
  );
  const index = (await options.allTextContents()).findIndex((text) => text.includes(wanted.name));
  for (let step = 0; step < index; step += 1) {
    await page.keyboard.press('ArrowDown');
  }
  await shot('searchAsYouType', 'search.png', dialog('Find a product'));
  await page.keyboard.press('Enter');
  await dialog('Find a product').waitFor({ state: 'detached' });
  await poll('three cart lines', async () => (await cartRows().count()) === 3);
}

async function weighedItem() {
  const { page } = state;
  const bulk = state.weighed;
  await scan(bulk.sku);
  const weight = dialog(`Weight of ${bulk.name}`);
  await weight.waitFor();
  await page.keyboard.type('750');
  await page.getByTestId('weight-preview').waitFor();
  await shot('weighedItem', 'weight.png', weight);
  await page.keyboard.press('Enter');
  await weight.waitFor({ state: 'detached' });
  await poll('four cart lines', async () => (await cartRows().count()) === 4);
}

async function lineDiscount() {
  const { page } = state;
  // The first line: above the cashier's limit, so paying asks for a manager.
  for (let step = 0; step < 3; step += 1) {
    await page.keyboard.press('ArrowUp');
  }
  await page.keyboard.press('F8');
  const discount = dialog('Discount on this item');
  await discount.waitFor();
  await page.keyboard.type(`${state.stores.S001.cashierDiscountLimitPercent + 5}%`);
  await page.getByLabel('Reason').fill('Damaged packaging');
  await shot('lineDiscount', 'line-discount.png', discount);
  await page.keyboard.press('Enter');
  await discount.waitFor({ state: 'detached' });
  await page.getByTestId('line-discount').waitFor();
}

async function attachCustomer() {
  const { page } = state;
  await page.keyboard.press('F6');
  const customer = dialog('Customer');
  await customer.waitFor();
  await page.keyboard.type('Priya');
  await customer.getByRole('option', { name: /Priya Shah/ }).waitFor();
  await shot('attachCustomer', 'customer-search.png', customer);
  await page.keyboard.press('Enter');
  await customer.waitFor({ state: 'detached' });
  await poll('Priya Shah on the sale', async () =>
    ((await page.getByTestId('sale-customer').textContent()) ?? '').includes('Priya Shah'),
  );
  await page.getByTestId('loyalty-progress').first().waitFor();
  await shot('attachCustomer', 'customer-on-sale.png');
}

async function cashPaymentWithApproval() {
  const { page } = state;
  await page.keyboard.press('F2');
  await dialog('Cash payment').waitFor();
  await page.locator('.register-quick-button').first().waitFor();
  await shot('cashPaymentWithApproval', 'cash-payment.png', dialog('Cash payment'));
  await page.keyboard.press('F6');
  const approval = dialog('Manager approval');
  await approval.waitFor();
  await page.keyboard.type('manager1');
  await page.keyboard.press('Tab');
  await page.keyboard.type(PIN);
  await shot('cashPaymentWithApproval', 'manager-approval.png', approval);
  await page.keyboard.press('Enter');
}

async function saleComplete() {
  const { page } = state;
  await page.getByRole('heading', { name: 'Sale complete' }).waitFor();
  state.firstReceipt = ((await page.getByTestId('sale-receipt-number').textContent()) ?? '').trim();
  const receipt = page.frameLocator('iframe[title="Receipt"]').locator('body');
  await poll('the receipt in its frame', async () =>
    ((await receipt.textContent()) ?? '').includes(state.firstReceipt),
  );
  await shot('saleComplete', 'sale-complete.png');
}

async function emailReceipt() {
  const { page } = state;
  await page.keyboard.press('e');
  const field = page.getByLabel('Email the receipt to');
  await field.waitFor();
  await page.keyboard.press('Enter');
  await poll('"Sent to" under the receipt', async () =>
    ((await page.getByTestId('email-status').textContent()) ?? '').includes('Sent to'),
  );
  await shot('emailReceipt', 'email-receipt.png');
  await page.keyboard.press('Escape');
  await nextSale();
}

async function cardPayment() {
  const { page } = state;
  await scan(codeOf(state.pieces[3]));
  await poll('one cart line', async () => (await cartRows().count()) === 1);
  await page.keyboard.press('F3');
  const card = dialog('Card payment');
  await card.waitFor();
  await page.getByLabel('Card terminal reference').fill('AUTH 204518');
  await shot('cardPayment', 'card-payment.png', card);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Sale complete' }).waitFor();
  await nextSale();
}

async function splitPayment() {
  const { page } = state;
  await scan(codeOf(state.pieces[4]));
  await scan(codeOf(state.pieces[5]));
  await poll('two cart lines', async () => (await cartRows().count()) === 2);
  await page.keyboard.press('F4');
  const split = dialog('Split payment: card and cash');
  await split.waitFor();
  await page.keyboard.type('5.00');
  await page.getByLabel('Card terminal reference').fill('AUTH 204519');
  await page.getByLabel(/Cash received/).fill('100');
  await shot('splitPayment', 'split-payment.png', split);
  await page.getByLabel(/Cash received/).press('Enter');
  await page.getByRole('heading', { name: 'Sale complete' }).waitFor();
  await nextSale();
}

async function keysAndMenu() {
  const { page } = state;
  await page.keyboard.press('F1');
  await dialog('Keys').waitFor();
  await shot('keysAndMenu', 'keys.png', dialog('Keys'));
  await page.keyboard.press('Escape');
  await dialog('Keys').waitFor({ state: 'detached' });
  await page.keyboard.press('Alt+M');
  await dialog('Till')
    .getByRole('button', { name: /Change cashier/ })
    .waitFor();
  await shot('keysAndMenu', 'till-menu.png', dialog('Till'));
  await page.keyboard.press('Escape');
  await dialog('Till').waitFor({ state: 'detached' });
}

async function returnWithReceipt() {
  const { page } = state;
  const [first] = state.pieces;
  await page.keyboard.press('Alt+R');
  const returns = dialog(/Return/);
  await returns.waitFor();
  await page.getByLabel("Scan the receipt's barcode or type its number").waitFor();
  await shot('returnWithReceipt', 'return-find.png', returns);
  await scan(state.firstReceipt);
  await page.getByRole('heading', { name: `Return from receipt ${state.firstReceipt}` }).waitFor();
  await page.keyboard.press('+');
  await poll(
    'one unit to return',
    async () => ((await page.getByLabel(`Returning of ${first.name}`).textContent()) ?? '') === '1',
  );
  await page.keyboard.press('1');
  await page.getByLabel('Reason').fill('Wrong size');
  await shot('returnWithReceipt', 'return-lines.png', returns);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Return recorded' }).waitFor();
  await shot('returnWithReceipt', 'return-done.png', returns);
  await page.keyboard.press('Enter');
  await returns.waitFor({ state: 'detached' });
}

async function parkAndRecall() {
  const { page } = state;
  await scan(codeOf(state.pieces[6]));
  await scan(codeOf(state.pieces[7]));
  await poll('two cart lines', async () => (await cartRows().count()) === 2);
  await page.keyboard.press('F5');
  const park = dialog('Park this cart');
  await park.waitFor();
  await page.keyboard.type('Blue jacket');
  await shot('parkAndRecall', 'park.png', park);
  await page.keyboard.press('Enter');
  await page.getByRole('status').filter({ hasText: 'Cart parked as “Blue jacket”' }).waitFor();
  await page.keyboard.press('F5');
  const parked = dialog('Parked carts');
  await parked.getByRole('option').first().waitFor();
  await shot('parkAndRecall', 'parked-carts.png', parked);
  await page.keyboard.press('Enter');
  await parked.waitFor({ state: 'detached' });
  await poll('the recalled cart', async () => (await cartRows().count()) === 2);
  // Cancelled: the drawer steps below need an empty till.
  await page.keyboard.press('Escape');
  await page.getByRole('alertdialog', { name: 'Cancel this sale?' }).waitFor();
  await page.keyboard.press('Enter');
  await poll('an empty cart', async () => (await cartRows().count()) === 0);
}

async function drawerMovements() {
  const { page } = state;
  await page.keyboard.press('Alt+I');
  await dialog('Paid in').waitFor();
  await page.keyboard.type('20');
  await page.keyboard.press('Tab');
  await page.keyboard.type('Change from the safe');
  await shot('drawerMovements', 'paid-in.png', dialog('Paid in'));
  await page.keyboard.press('Enter');
  await dialog('Paid in').waitFor({ state: 'detached' });
  await page.keyboard.press('Alt+O');
  await dialog('Paid out').waitFor();
  await page.keyboard.type('7.50');
  await page.getByLabel('Reason').fill('Window cleaner');
  await shot('drawerMovements', 'paid-out.png', dialog('Paid out'));
  await page.keyboard.press('Enter');
  await dialog('Paid out').waitFor({ state: 'detached' });
  await page.keyboard.press('Alt+N');
  await dialog(/No sale/).waitFor();
  await page.keyboard.type('Customer needed change');
  await shot('drawerMovements', 'no-sale.png', dialog(/No sale/));
  await page.keyboard.press('Enter');
  await dialog(/No sale/).waitFor({ state: 'detached' });
}

async function lockAndChangeCashier() {
  const { page } = state;
  const lock = page.getByTestId('till-lock');
  await page.keyboard.press('Alt+L');
  await lock.getByRole('heading', { name: 'Till locked' }).waitFor();
  await poll(
    'the PIN field focused',
    async () => (await page.evaluate('document.activeElement?.id')) === 'till-lock-pin',
  );
  await shot('lockAndChangeCashier', 'till-locked.png');
  await page.keyboard.type(PIN);
  await page.keyboard.press('Enter');
  await lock.waitFor({ state: 'detached' });
  await page.keyboard.press('Alt+W');
  await lock.getByRole('heading', { name: 'Change cashier' }).waitFor();
  await poll(
    'the username field focused',
    async () => (await page.evaluate('document.activeElement?.id')) === 'till-switch-username',
  );
  await page.keyboard.type('manager1');
  await shot('lockAndChangeCashier', 'change-cashier.png');
  await page.keyboard.press('Escape');
  await lock.waitFor({ state: 'detached' });
}

async function offlineSelling() {
  const { page, context } = state;
  const banner = page.getByTestId('offline-banner');
  // The till's catalog copy complete and the service worker in charge before the network goes (as the e2e test).
  await poll(
    'the catalog copy on the till',
    async () => (await banner.getAttribute('data-catalog')) === 'synced',
    60_000,
  );
  await poll('the service worker', () =>
    page.evaluate('navigator.serviceWorker.ready.then(() => Boolean(navigator.serviceWorker.controller))'),
  );
  await context.setOffline(true);
  await poll('the offline banner', async () => (await banner.getAttribute('data-state')) === 'offline');
  const refusedProduct = state.pieces[7];
  for (const product of [state.pieces[6], refusedProduct]) {
    await scan(codeOf(product));
    await poll('one cart line', async () => (await cartRows().count()) === 1);
    await payCashWithQuickAmount();
    await page.getByRole('heading', { name: 'Sale complete' }).waitFor();
    await page.getByTestId('sale-saved-locally').waitFor();
    if (product === refusedProduct) {
      await shot('offlineSelling', 'offline-sale-complete.png');
    }
    await nextSale();
  }
  await poll(
    'two sales waiting',
    async () => (await page.getByTestId('offline-queued-count').getAttribute('data-count')) === '2',
  );
  await shot('offlineSelling', 'offline-banner.png', banner);

  // A manager takes the second product off sale meanwhile: the server refuses that sale when it arrives.
  const manager = await apiAs('manager1');
  const setActive = async (active) => {
    const response = await manager.api.patch(`${BASE_URL}/api/products/${refusedProduct.id}`, {
      data: { active },
      headers: manager.headers,
    });
    if (response.status() !== 200) {
      throw new Error(`PATCH product answered ${response.status()}`);
    }
  };
  await setActive(false);
  await context.setOffline(false);
  await poll(
    'the queue sent',
    async () => (await page.getByTestId('offline-queued-count').getAttribute('data-count')) === '0',
    30_000,
  );
  await page.getByTestId('offline-rejected').waitFor();
  await shot('offlineSelling', 'refused-banner.png', banner);
  await page.keyboard.press('Alt+q');
  const refused = dialog('Sales refused by the server');
  await refused.getByTestId('rejected-sale').first().waitFor();
  await shot('offlineSelling', 'refused-sales.png', refused);
  // Back on sale, the retry (R) goes through and the list empties.
  await setActive(true);
  await manager.api.dispose();
  await page.keyboard.press('r');
  await refused.getByTestId('rejected-none').waitFor({ timeout: 15_000 });
  await page.keyboard.press('Escape');
  await page.getByTestId('offline-rejected').waitFor({ state: 'detached' });
}

/** Bills and coins for an amount, as a cashier counts them (the close dialog labels them so). */
function countOut(cents) {
  const drawer = [
    ['$100', 10000],
    ['$50', 5000],
    ['$20', 2000],
    ['$10', 1000],
    ['$5', 500],
    ['$1', 100],
    ['25¢', 25],
    ['10¢', 10],
    ['5¢', 5],
    ['1¢', 1],
  ];
  const counts = [];
  let left = cents;
  for (const [label, value] of drawer) {
    const count = Math.floor(left / value);
    if (count > 0) {
      counts.push([label, count]);
      left -= count * value;
    }
  }
  return counts;
}

async function closeShift() {
  const { page } = state;
  await page.keyboard.press('Alt+Z');
  const close = dialog('Close the shift');
  await close.waitFor();
  let expectedCents = 0;
  await poll('the expected cash', async () => {
    const text = ((await page.getByTestId('close-expected').textContent()) ?? '').replace(/[^0-9.]/g, '');
    expectedCents = Math.round(Number(text) * 100);
    return expectedCents > 0;
  });
  // 25¢ short, so the picture shows an over/short.
  for (const [label, count] of countOut(expectedCents - 25)) {
    await close.getByLabel(label, { exact: true }).fill(String(count));
  }
  await shot('closeShift', 'close-count.png', close);
  await page.keyboard.press('Alt+Z');
  await close.getByRole('button', { name: /Close the shift/ }).waitFor();
  await shot('closeShift', 'close-confirm.png', close);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Shift closed' }).waitFor();
  const report = page.frameLocator('iframe[title="Z report"]').locator('body');
  await poll('the Z report in its frame', async () =>
    ((await report.textContent()) ?? '').includes((expectedCents / 100).toFixed(2)),
  );
  await shot('closeShift', 'z-report.png');
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Open the shift' }).waitFor();
  await signOut();
}

async function dashboard() {
  const { page } = state;
  await signIn('manager1');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboard' }).click();
  await page.getByTestId('kpi-net-sales-value').waitFor();
  await page.getByTestId('chart-by-category').waitFor();
  await shot('dashboard', 'dashboard.png');
  // The charts below the figures, cropped: the whole page would be a large picture.
  const charts = page.locator('.dashboard-charts');
  await charts.scrollIntoViewIfNeeded();
  await shot('dashboard', 'dashboard-charts.png', charts);
}

async function stockAdjustment() {
  const { page } = state;
  const product = state.pieces[0];
  await page.goto(`${BASE_URL}/inventory`);
  await page.getByTestId('inventory-table').waitFor();
  await page.getByLabel('Search').fill(product.sku);
  const row = page.getByTestId('inventory-table').locator('tr', { hasText: product.sku });
  await poll(
    'one row',
    async () => (await page.getByTestId('inventory-table').locator('tbody tr').count()) === 1,
  );
  await page.getByLabel('Search').fill('');
  await poll(
    'the whole list again',
    async () => (await page.getByTestId('inventory-table').locator('tbody tr').count()) > 1,
  );
  await shot('stockAdjustment', 'stock-list.png');
  await page.getByLabel('Search').fill(product.sku);
  await poll(
    'one row',
    async () => (await page.getByTestId('inventory-table').locator('tbody tr').count()) === 1,
  );
  await row.getByRole('button', { name: `Adjust stock of ${product.name}` }).click();
  const adjust = dialog('Adjust stock');
  await adjust.waitFor();
  await adjust.getByLabel('Change').fill('-2');
  await adjust.getByLabel('Reason').selectOption('damaged');
  await adjust.getByLabel('Note (optional)').fill('torn bag');
  await shot('stockAdjustment', 'adjust-stock.png', adjust);
  await adjust.getByRole('button', { name: 'Save adjustment' }).click();
  await page.getByRole('status').filter({ hasText: 'On hand now' }).waitFor();
}

async function receivePurchaseOrder() {
  const { page } = state;
  const product = state.pieces[1];
  const s001 = state.stores.S001;
  // Orders are drafted and sent through the API (there is no screen for that): the manual shows the receiving.
  const manager = await apiAs('manager1');
  const suppliers = await (await manager.api.get('/api/suppliers?q=Great%20Lakes')).json();
  const supplierId = suppliers.items[0]?.id;
  if (!supplierId) {
    throw new Error('the demo supplier Great Lakes Pet Distribution is missing');
  }
  const created = await manager.api.post(`/api/stores/${s001.id}/purchase-orders`, {
    headers: manager.headers,
    data: { supplierId, lines: [{ productId: product.id, quantityOrdered: 6, unitCostCents: 350 }] },
  });
  if (created.status() !== 201) {
    throw new Error(`creating the purchase order answered ${created.status()}: ${await created.text()}`);
  }
  const order = await created.json();
  const ordered = await manager.api.post(`/api/stores/${s001.id}/purchase-orders/${order.id}/order`, {
    headers: manager.headers,
  });
  if (ordered.status() !== 200) {
    throw new Error(`ordering answered ${ordered.status()}`);
  }
  await manager.api.dispose();
  await page.goto(`${BASE_URL}/inventory/purchase-orders`);
  await page.getByRole('link', { name: order.number }).waitFor();
  await shot('receivePurchaseOrder', 'purchase-orders.png');
  await page.getByRole('link', { name: order.number }).click();
  const scanField = page.getByLabel('Scan what arrived');
  await scanField.waitFor();
  for (let count = 1; count <= 2; count += 1) {
    await scanField.fill(codeOf(product));
    await scanField.press('Enter');
    await poll(
      `${count} received`,
      async () => (await page.getByLabel(`Receiving now: ${product.name}`).inputValue()) === String(count),
    );
  }
  await shot('receivePurchaseOrder', 'receive-order.png');
  await page.getByRole('button', { name: 'Receive delivery' }).click();
  await page.getByTestId('po-receipt').waitFor();
}

async function transfers() {
  const { page } = state;
  const product = state.pieces[2];
  // Only someone assigned to both stores sends stock between them: in the demo, the admin.
  await signOut();
  await signIn('admin');
  await page.goto(`${BASE_URL}/inventory/transfers`);
  await page.locator('#inventory-store').selectOption(state.stores.S001.id);
  await page.getByRole('link', { name: 'New transfer out' }).click();
  await page.getByLabel('To store').selectOption(state.stores.S002.id);
  await page.getByLabel('Add a product').fill(product.sku);
  await page.getByRole('button', { name: new RegExp(product.name) }).click();
  await page.getByLabel(`Quantity to send: ${product.name}`).fill('3');
  await shot('transfers', 'transfer-new.png');
  await page.getByRole('button', { name: 'Send transfer' }).click();
  await page.getByRole('status').filter({ hasText: 'Sent 3 units' }).waitFor();
  await signOut();

  await signIn('manager2');
  await page.goto(`${BASE_URL}/inventory/transfers`);
  const incoming = page.getByTestId('transfer-table').locator('tr', { hasText: product.name });
  await incoming.getByRole('button', { name: 'Receive' }).waitFor();
  await shot('transfers', 'transfers.png');
  await incoming.getByRole('button', { name: 'Receive' }).click();
  const receive = dialog('Receive transfer');
  await receive.waitFor();
  await shot('transfers', 'transfer-receive.png', receive);
  await receive.getByRole('button', { name: 'Receive' }).click();
  await page.getByRole('status').filter({ hasText: 'Received 3 units' }).waitFor();
  await signOut();
}

async function stockCount() {
  const { page } = state;
  const product = state.pieces[3];
  await signIn('manager1');
  await page.goto(`${BASE_URL}/inventory/counts`);
  await page.getByTestId('count-table').waitFor();
  await page.getByLabel('What to count').selectOption(product.categoryId);
  await page.getByRole('button', { name: 'Start count' }).click();
  const scanField = page.getByLabel('Scan to count (each scan adds 1)');
  await scanField.waitFor();
  for (let count = 1; count <= 3; count += 1) {
    await scanField.fill(codeOf(product));
    await scanField.press('Enter');
    await page
      .getByTestId('count-scan-message')
      .filter({ hasText: `counted ${count})` })
      .waitFor();
  }
  await shot('stockCount', 'stock-count.png');
}

async function reports() {
  const { page } = state;
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Reports' }).click();
  await page.getByRole('heading', { name: 'Daily sales' }).waitFor();
  await page.getByRole('button', { name: 'Last week' }).click();
  await page.getByTestId('report-table').waitFor();
  await page.getByRole('link', { name: 'Download CSV' }).waitFor();
  await shot('reports', 'reports.png');
}

async function securityPage() {
  const { page } = state;
  await page.getByRole('link', { name: 'Security' }).click();
  await page.getByRole('heading', { name: 'Two-factor sign-in', exact: true }).waitFor();
  await page.getByRole('button', { name: 'Set up two-factor sign-in' }).click();
  const qr = page.getByRole('img', { name: 'QR code for your authenticator app' });
  await qr.waitFor();
  // The key is new on every run: masked, so the picture changes only when the screen does.
  await shot('securityPage', 'mfa-setup.png', undefined, {
    mask: [qr, page.getByTestId('mfa-secret')],
    maskColor: '#c9d2cd',
  });
  await signOut();
}

async function users() {
  const { page } = state;
  await signIn('admin');
  await page.goto(`${BASE_URL}/admin/users`);
  await page.getByTestId('admin-users-table').getByRole('link', { name: 'cashier2' }).waitFor();
  await shot('users', 'users.png');
  await page.getByRole('link', { name: 'New user' }).click();
  await page.getByRole('heading', { name: 'New user' }).waitFor();
  await page.getByLabel('Username').fill('cashier3');
  await page.getByLabel('Full name').fill('Riley Newhire');
  await page.getByLabel('Role').selectOption('cashier');
  await page.getByRole('checkbox', { name: /^S001 · / }).check();
  await page.getByLabel('Password').fill('a-long-first-password');
  await page.getByLabel('PIN (optional)').fill('4321');
  await shot('users', 'user-new.png');
  await page.getByRole('button', { name: 'Create user' }).click();
  await page.getByText('Created cashier3 (Cashier)').waitFor();
}

const STEPS = [
  signInScreen,
  chooseDemoProducts,
  tillSetup,
  openingFloat,
  scanItems,
  searchAsYouType,
  weighedItem,
  lineDiscount,
  attachCustomer,
  cashPaymentWithApproval,
  saleComplete,
  emailReceipt,
  cardPayment,
  splitPayment,
  keysAndMenu,
  returnWithReceipt,
  parkAndRecall,
  drawerMovements,
  lockAndChangeCashier,
  offlineSelling,
  closeShift,
  dashboard,
  stockAdjustment,
  receivePurchaseOrder,
  transfers,
  stockCount,
  reports,
  securityPage,
  users,
];

// ---------------------------------------------------------------------------------------------------------------
// The run

async function startServer() {
  await new Promise((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const server = spawn(process.execPath, ['dist/index.js'], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: 'development',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_DIR: path.join(dataDir, 'logs'),
      DATABASE_URL: '',
      REDIS_URL: '',
      SEED_DEMO: 'true',
      LOG_LEVEL: 'warn',
      LOGIN_RATE_LIMIT_PER_MINUTE: '1000',
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(smtp.server.address().port),
      SMTP_USER: '',
      SMTP_PASS: '',
      SMTP_FROM: 'receipts@petproducts.example',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      if ((await fetch(`${BASE_URL}/api/health`)).ok) {
        return server;
      }
    } catch {
      // not up yet
    }
    if (Date.now() > deadline || server.exitCode !== null) {
      throw new Error('the server did not become healthy (did you run `npm run build`?)');
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

let server;
let failed = null;
try {
  server = await startServer();
  state.context = await chromium.launchPersistentContext(profileDir, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1024, height: 768 },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  state.context.setDefaultTimeout(STEP_TIMEOUT_MS);
  state.page = state.context.pages()[0] ?? (await state.context.newPage());
  for (const step of STEPS) {
    try {
      await step();
    } catch (error) {
      failed = { step: step.name, error };
      // What the browser showed instead, outside the output folder so it is never mistaken for a manual image.
      const seen = path.join(tmpdir(), `pos-docs-failed-${step.name}.png`);
      if (
        await state.page.screenshot({ path: seen }).then(
          () => true,
          () => false,
        )
      ) {
        console.error(`docs:screenshots: the screen at the failure is in ${seen}`);
      }
      break;
    }
  }
} catch (error) {
  failed = { step: 'start', error };
} finally {
  await state.context?.close().catch(() => undefined);
  if (server) {
    server.kill('SIGTERM');
    await new Promise((resolve) => (server.exitCode !== null ? resolve() : server.on('exit', resolve)));
  }
  await new Promise((resolve) => smtp.close(resolve));
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(profileDir, { recursive: true, force: true });
}

const width = Math.max(4, ...shots.map((row) => row.step.length));
const fileWidth = Math.max(4, ...shots.map((row) => row.file.length));
console.log(`${'step'.padEnd(width)}  ${'file'.padEnd(fileWidth)}  size`);
for (const row of shots) {
  console.log(
    `${row.step.padEnd(width)}  ${row.file.padEnd(fileWidth)}  ${(row.bytes / 1024).toFixed(1)} KB`,
  );
}
console.log(`${shots.length} screenshots in ${path.relative(root, outDir) || outDir}`);
if (failed) {
  const message = failed.error instanceof Error ? failed.error.message : String(failed.error);
  console.error(`docs:screenshots: step "${failed.step}" did not find its screen: ${message.split('\n')[0]}`);
  process.exit(1);
}
