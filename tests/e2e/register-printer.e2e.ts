// The receipt printer and cash drawer through Web Serial, in Chromium. No printer can be plugged in here, so
// `navigator.serial` is replaced by an in-page port that records the bytes it is sent (and can be made to
// fail); everything else, the server included, is real.
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Page, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE_URL, type BrowserSession, launchBrowser } from './browser';

const PASSWORD = process.env.DEMO_PASSWORD ?? 'demo-password-1';
const ARTIFACTS_DIR = fileURLToPath(new URL('./artifacts/', import.meta.url));
const REGISTER_ID = `print-${Date.now().toString(36)}`;
const DRAWER_PULSE = [0x1b, 0x40, 0x1b, 0x70, 0, 25, 250];

/** The fake port: `__serialJobs` gets each write's bytes, `__serialOpened` each open's options. */
const FAKE_SERIAL = `
window.__serialJobs = [];
window.__serialOpened = [];
window.__serialFails = false;
class FakeSerialPort extends EventTarget {
  constructor() { super(); this.writable = null; }
  async open(options) {
    if (this.writable) { throw new DOMException('The port is already open.', 'InvalidStateError'); }
    window.__serialOpened.push(options);
    this.writable = new WritableStream({
      write(chunk) {
        if (window.__serialFails) { throw new DOMException('The device has been lost.', 'NetworkError'); }
        window.__serialJobs.push(Array.from(chunk));
      },
    });
  }
  async close() { this.writable = null; }
  getInfo() { return { usbVendorId: 0x04b8, usbProductId: 0x0e28 }; }
}
const port = new FakeSerialPort();
const serial = new EventTarget();
serial.requestPort = async () => port;
serial.getPorts = async () => [port];
Object.defineProperty(Navigator.prototype, 'serial', { get: () => serial, configurable: true });
`;

type LookupRow = {
  id: string;
  name: string;
  unit: string;
  active: boolean;
  barcodes: string[];
  onHand: number;
};

async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${ARTIFACTS_DIR}${name}.png` });
}

function jobs(page: Page): Promise<number[][]> {
  return page.evaluate('window.__serialJobs') as Promise<number[][]>;
}

function asText(job: number[]): string {
  return String.fromCharCode(...job);
}

function isSalePost(response: Response): boolean {
  return new URL(response.url()).pathname === '/api/sales' && response.request().method() === 'POST';
}

describe('register printer & drawer', () => {
  let browser: BrowserSession;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    await mkdir(ARTIFACTS_DIR, { recursive: true });
    await writeFile(`${ARTIFACTS_DIR}.gitignore`, '*\n');
    browser = await launchBrowser();
    await browser.context.addInitScript(FAKE_SERIAL);
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    await page.setViewportSize({ width: 1024, height: 768 });
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('connects at a chosen speed, test prints, opens the drawer, and prints a cash sale on the printer', async () => {
    await page.goto(`${BASE_URL}/login`);
    await page.getByLabel('Username').fill('cashier1');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    await page.getByRole('link', { name: 'Open the register' }).click();
    await page.getByLabel('Register', { exact: true }).fill(REGISTER_ID);
    await page.getByRole('button', { name: 'Use this till' }).click();
    await page.getByLabel('Opening float').waitFor();
    await page.keyboard.type('100');
    await page.keyboard.press('Enter');
    await page.getByLabel('Scan or type a barcode / SKU').waitFor();

    // The till menu lists the dialog with its key.
    await page.keyboard.press('Alt+M');
    await page
      .getByRole('dialog', { name: 'Till' })
      .getByRole('button', { name: /Printer & drawer/ })
      .click();
    const dialog = page.getByRole('dialog', { name: 'Printer & drawer' });
    await dialog.waitFor();
    expect(await page.getByTestId('printer-status').textContent()).toContain('No receipt printer connected');
    await screenshot(page, 'printer-01-not-connected');

    // 2 → 19200 baud; C → the browser's port chooser (here the fake port) and the port opens at that speed.
    await page.keyboard.press('2');
    await expect
      .poll(() => dialog.getByRole('button', { name: /19200/ }).getAttribute('aria-pressed'))
      .toBe('true');
    await page.keyboard.press('c');
    await expect
      .poll(async () => (await page.getByTestId('printer-status').textContent()) ?? '')
      .toBe('Connected: USB 04b8:0e28, 19200 baud.');
    expect(await page.evaluate('window.__serialOpened')).toEqual([
      { baudRate: 19200, dataBits: 8, stopBits: 1, parity: 'none', flowControl: 'none' },
    ]);

    // T prints a test page; O kicks the drawer.
    await page.keyboard.press('t');
    await expect.poll(async () => (await jobs(page)).length).toBe(1);
    expect(asText((await jobs(page))[0] ?? [])).toContain('Printer test');
    await page.keyboard.press('o');
    await expect.poll(async () => (await jobs(page))[1]).toEqual(DRAWER_PULSE);
    await dialog.getByRole('status').waitFor();
    await screenshot(page, 'printer-02-connected');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });

    // After a reload the permitted port is reopened by itself, at the remembered speed.
    await page.reload();
    await page.getByLabel('Scan or type a barcode / SKU').waitFor();
    await page.keyboard.press('Alt+D');
    await expect
      .poll(async () => (await page.getByTestId('printer-status').textContent()) ?? '')
      .toBe('Connected: USB 04b8:0e28, 19200 baud.');
    await page.keyboard.press('Escape');

    // A product the store has in stock.
    const store = (
      (await (await page.request.get(`${BASE_URL}/api/stores`)).json()) as {
        items: { id: string; code: string }[];
      }
    ).items.find((item) => item.code === 'S001');
    const catalog = (await (
      await page.request.get(`${BASE_URL}/api/products?active=true&limit=50`)
    ).json()) as {
      items: LookupRow[];
    };
    let product: LookupRow | null = null;
    for (const candidate of catalog.items) {
      const code = candidate.barcodes[0];
      if (candidate.unit !== 'each' || code === undefined) {
        continue;
      }
      const lookup = (await (
        await page.request.get(`${BASE_URL}/api/products/lookup?code=${code}&storeId=${store?.id}`)
      ).json()) as LookupRow;
      if (lookup.onHand >= 5) {
        product = lookup;
        break;
      }
    }
    if (product === null) {
      throw new Error('no product in stock at S001');
    }
    const code = product.barcodes[0] as string;

    // A cash sale: the drawer opens as the sale completes; P prints the receipt on the printer.
    await page.keyboard.insertText(code);
    await page.keyboard.press('Enter');
    await page.locator('.register-cart-table tbody tr').first().waitFor();
    await page.keyboard.press('F2');
    await page.getByRole('dialog', { name: 'Cash payment' }).waitFor();
    const [saleResponse] = await Promise.all([
      page.waitForResponse(isSalePost),
      page.keyboard.press('Enter'),
    ]);
    expect(saleResponse.status()).toBe(201);
    const sale = (await saleResponse.json()) as { receiptNumber: string };
    await page.getByRole('heading', { name: 'Sale complete' }).waitFor();
    // (The reload emptied the fake port's record.)
    await expect.poll(async () => (await jobs(page))[0]).toEqual(DRAWER_PULSE);
    await page.keyboard.press('p');
    await expect.poll(async () => (await jobs(page)).length).toBe(2);
    const receipt = asText((await jobs(page))[1] ?? []);
    expect(receipt.startsWith('\x1b@')).toBe(true);
    expect(receipt).toContain(product.name.slice(0, 20));
    expect(receipt).toContain('TOTAL');
    // The receipt number as Code 128 (GS k 73 n {B …) and the partial cut at the end.
    expect(receipt).toContain(
      `\x1dkI${String.fromCharCode(sale.receiptNumber.length + 2)}{B${sale.receiptNumber}`,
    );
    expect(receipt.endsWith('\x1dVB\x03')).toBe(true);
    await screenshot(page, 'printer-03-sale-printed');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Sale complete' }).waitFor({ state: 'detached' });

    // A card sale while the printer fails: no drawer, the failure in words, the sale still complete, and the
    // next P prints through the browser.
    await page.evaluate('window.__serialFails = true');
    await page.keyboard.insertText(code);
    await page.keyboard.press('Enter');
    await page.locator('.register-cart-table tbody tr').first().waitFor();
    await page.keyboard.press('F3');
    await page.getByLabel('Card terminal reference').fill('AUTH-PRINT-1');
    const [cardResponse] = await Promise.all([
      page.waitForResponse(isSalePost),
      page.getByLabel('Card terminal reference').press('Enter'),
    ]);
    expect(cardResponse.status()).toBe(201);
    await page.getByRole('heading', { name: 'Sale complete' }).waitFor();
    const jobsBefore = (await jobs(page)).length;
    await page.keyboard.press('p');
    const problem = page.getByTestId('printer-problem');
    await expect
      .poll(async () => (await problem.textContent()) ?? '', { timeout: 10_000 })
      .toContain('The receipt did not print. The printer stopped answering');
    expect((await jobs(page)).length).toBe(jobsBefore);
    await screenshot(page, 'printer-04-print-failed');
    const frame = page.frames().find((candidate) => candidate.url().includes('/receipt'));
    if (!frame) {
      throw new Error('the receipt frame is missing');
    }
    await expect.poll(() => frame.evaluate('document.readyState')).toBe('complete');
    await frame.evaluate('window.print = () => { window.printCount = (window.printCount ?? 0) + 1; }; 0');
    await page.keyboard.press('p');
    await expect.poll(() => frame.evaluate('window.printCount')).toBe(1);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Sale complete' }).waitFor({ state: 'detached' });

    // X disconnects: receipts go back to the browser, and a reload does not reopen the port.
    await page.keyboard.press('Alt+D');
    await page.keyboard.press('x');
    await expect
      .poll(async () => (await page.getByTestId('printer-status').textContent()) ?? '')
      .toContain('No receipt printer connected');
    await page.reload();
    await page.getByLabel('Scan or type a barcode / SKU').waitFor();
    await page.keyboard.press('Alt+D');
    await page.getByRole('dialog', { name: 'Printer & drawer' }).waitFor();
    expect(await page.getByTestId('printer-status').textContent()).toContain('No receipt printer connected');
    expect(await page.evaluate('window.__serialOpened')).toEqual([]);
    expect(pageErrors).toEqual([]);
  }, 120_000);
});
