// The catalog screens end to end: create a product with an EAN-13 and sell it at the register, change its price,
// import a CSV (the dry run first: a bad file writes nothing), and print shelf labels with real barcodes.
import { deflateSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeEan13 } from '../../shared/barcode/ean';
import {
  type ApiSession,
  apiSession,
  BASE_URL,
  type BackOfficePage,
  openBackOffice,
  screenshot,
  signIn,
  signOut,
} from './backoffice';

const RUN = Date.now().toString(36).toUpperCase();
// Digits from the clock make the EAN-13s unique per run; prefix 40 (not 2x, which scales use for weight labels).
const DIGITS = String(Date.now()).slice(-9);
const EAN = completeEan13(`400${DIGITS}`);
const IMPORT_EAN = completeEan13(`401${DIGITS}`);
const SKU = `E2E-CAT-${RUN}`;
const NAME = `E2E Salmon Treats ${RUN}`;
const CODE128_SKU = `E2E-C128-${RUN}`;
const CODE128 = `INT-${RUN}`;
const REGISTER_ID = `cat-${RUN.toLowerCase()}`;

type Product = {
  id: string;
  sku: string;
  name: string;
  priceCents: number;
  barcodes: string[];
  imageUrl: string | null;
};
type Store = { id: string; code: string };

const usd = (cents: number) =>
  new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(cents / 100);

/** A real PNG (a green square with a stripe), so the server's signature check and the preview both see an image. */
function pngImage(size = 96): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) {
      c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    }
    return c >>> 0;
  });
  const crc32 = (bytes: Buffer) => {
    let c = 0xffffffff;
    for (const byte of bytes) {
      c = (crcTable[(c ^ byte) & 0xff] ?? 0) ^ (c >>> 8);
    }
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // truecolour RGB
  const rows: Buffer[] = [];
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 3);
    for (let x = 0; x < size; x++) {
      const isStripe = Math.abs(x - y) < 8;
      row.set(isStripe ? [242, 169, 0] : [31, 77, 58], 1 + x * 3);
    }
    rows.push(row);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function csv(rows: string[][]): Buffer {
  const header =
    'sku,name,brand,category,species,barcodes,price_cents,cost_cents,tax_class,unit,active,lot_tracked';
  return Buffer.from(`${[header, ...rows.map((row) => row.join(','))].join('\n')}\n`);
}

async function findBySku(session: ApiSession, sku: string): Promise<Product | undefined> {
  const response = await session.api.get(`/api/products?q=${encodeURIComponent(sku)}&limit=50`);
  expect(response.status()).toBe(200);
  const page = (await response.json()) as { items: Product[] };
  return page.items.find((item) => item.sku === sku);
}

async function searchList(page: Page, text: string): Promise<void> {
  await page.getByLabel('Search', { exact: true }).fill(text);
}

describe('the catalog screens', () => {
  let office: BackOfficePage;
  let page: Page;
  let admin: ApiSession;
  const scripts: string[] = [];

  beforeAll(async () => {
    office = await openBackOffice(1280, 800);
    page = office.page;
    page.on('request', (request) => {
      if (request.resourceType() === 'script') {
        scripts.push(new URL(request.url()).pathname);
      }
    });
    admin = await apiSession('admin');
  });

  afterAll(async () => {
    await admin?.api.dispose();
    await office?.browser.close();
  });

  it('creates a product with a checked EAN-13, refuses a taken SKU next to the field, and takes a photo', async () => {
    const existing = (await (await admin.api.get('/api/products?limit=1')).json()) as { items: Product[] };
    const takenSku = existing.items[0]?.sku;
    expect(takenSku).toBeDefined();

    await signIn(page, 'admin');
    await page.goto(`${BASE_URL}/catalog`);
    await page.getByRole('heading', { name: 'Products' }).waitFor();
    await page.getByTestId('catalog-products').locator('tbody tr').first().waitFor();
    await screenshot(page, 'catalog-list', false);

    await page.getByRole('link', { name: 'New product' }).click();
    await page.getByRole('heading', { name: 'New product' }).waitFor();
    await page.getByLabel('Name').fill(NAME);
    await page.getByLabel('SKU').fill(takenSku ?? '');
    await page.getByLabel('Brand').fill('E2E Foods');
    await page.getByLabel('Price', { exact: true }).fill('4.99');
    await page.getByLabel('Cost', { exact: true }).fill('2.10');
    await page.getByLabel('Dog', { exact: true }).check();
    await page.getByLabel('Cat', { exact: true }).check();
    // A typo in the check digit shows at once, with the digit it should be.
    const wrong = `${EAN.slice(0, 12)}${(Number(EAN.at(-1)) + 1) % 10}`;
    await page.getByLabel('Barcode 1', { exact: true }).fill(wrong);
    await page.getByText(`should end in ${EAN.at(-1)}`).waitFor();
    await page.getByLabel('Barcode 1', { exact: true }).fill(EAN);
    expect(await page.getByText('wrong EAN-13 check digit').count()).toBe(0);
    await page.getByRole('button', { name: 'Add a barcode' }).click();
    await page.getByLabel('Barcode 2', { exact: true }).fill(`ALT-${RUN}`);

    // The server's 409 for the SKU shows under the SKU field; nothing is created.
    await page.getByRole('button', { name: 'Create product' }).click();
    const skuError = page.locator('.form-field', { has: page.getByLabel('SKU') }).locator('.form-error');
    await expect.poll(() => skuError.textContent()).toBe('is already used by another product');

    await page.getByLabel('SKU').fill(SKU);
    await page.getByRole('button', { name: 'Create product' }).click();
    await page.getByRole('heading', { name: NAME }).waitFor();
    await page.getByText('was created').waitFor();
    const created = await findBySku(admin, SKU);
    expect(created).toMatchObject({ name: NAME, priceCents: 499, barcodes: [EAN, `ALT-${RUN}`] });

    // A GIF is refused before upload; a PNG is previewed, then uploaded and shown from the server.
    const photoInput = page.getByLabel(/Choose a photo/);
    await photoInput.setInputFiles({
      name: 'photo.gif',
      mimeType: 'image/gif',
      buffer: Buffer.from('GIF89a'),
    });
    await page.getByText('photo.gif is not a JPEG, PNG or WebP image').waitFor();
    await photoInput.setInputFiles({ name: 'treats.png', mimeType: 'image/png', buffer: pngImage() });
    await page.getByText('not uploaded yet').waitFor();
    await page.getByRole('button', { name: 'Upload photo' }).click();
    await page.getByText('Photo saved.').waitFor();
    await expect
      .poll(() => page.locator('.catalog-image-frame img').getAttribute('src'))
      .toMatch(new RegExp(`^/api/products/${created?.id}/image\\?v=`));
    // The server's copy has loaded and is the 96 px square (not a broken image).
    await expect
      .poll(() => page.evaluate("document.querySelector('.catalog-image-frame img')?.naturalWidth"))
      .toBe(96);
    await page.evaluate('window.scrollTo(0, 0)');
    await screenshot(page, 'catalog-edit');
    // The smallest desk screen: the form folds the photo under it, and the page never scrolls sideways.
    await page.setViewportSize({ width: 1024, height: 768 });
    expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
    await screenshot(page, 'catalog-edit-1024');
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('a manager changes the price, and the list shows the new one', async () => {
    const product = await findBySku(admin, SKU);
    await signOut(page);
    await signIn(page, 'manager1');
    await page.goto(`${BASE_URL}/catalog/${product?.id}`);
    await page.getByRole('heading', { name: NAME }).waitFor();
    // Saving an untouched form sends nothing.
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Nothing changed.').waitFor();
    await page.getByLabel('Price', { exact: true }).fill('5.49');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText(/^Saved at/).waitFor();
    expect((await findBySku(admin, SKU))?.priceCents).toBe(549);

    await page.getByRole('link', { name: 'Back to the products' }).first().click();
    await searchList(page, SKU);
    const price = page.getByTestId(`price-${SKU}`);
    await expect.poll(() => price.textContent()).toBe(usd(549));
  });

  it('checks a CSV first: an error row writes nothing; a clean file then imports', async () => {
    const goodSku = `E2E-IMP-${RUN}`;
    const badSku = `E2E-BAD-${RUN}`;
    const badFile = csv([
      [
        goodSku,
        `Imported Chews ${RUN}`,
        'E2E',
        '',
        'dog',
        IMPORT_EAN,
        '899',
        '400',
        'standard',
        'each',
        'true',
        'false',
      ],
      [
        badSku,
        `Bad Row ${RUN}`,
        'E2E',
        '',
        'dog',
        `${IMPORT_EAN.slice(0, 12)}${(Number(IMPORT_EAN.at(-1)) + 1) % 10}`,
        'abc',
        '',
        'luxury',
        'each',
        '',
        '',
      ],
    ]);
    await page.getByRole('link', { name: 'Import / export' }).click();
    await page.getByRole('heading', { name: 'Import and export' }).waitFor();
    expect(await page.getByRole('link', { name: 'Download CSV' }).getAttribute('href')).toBe(
      '/api/products/export',
    );
    // The link downloads with the page's own session.
    const exported = await page.request.get(`${BASE_URL}/api/products/export`);
    expect(exported.status()).toBe(200);
    expect((await exported.text()).split('\n')[0]?.trim()).toBe(
      'sku,name,brand,category,species,barcodes,price_cents,cost_cents,tax_class,unit,active,lot_tracked',
    );

    const fileInput = page.getByLabel(/CSV file/);
    await fileInput.setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: badFile });
    const dryRun = page.getByTestId('import-dry-run');
    await dryRun.waitFor();
    expect(await page.getByTestId('import-rows').textContent()).toBe('2');
    expect(Number(await page.getByTestId('import-errors').textContent())).toBeGreaterThanOrEqual(3);
    const errorTable = page.getByTestId('import-error-table');
    const errorText = (await errorTable.textContent()) ?? '';
    expect(errorText).toContain('price_cents');
    expect(errorText).toContain('tax_class');
    expect(errorText).toContain('barcodes');
    expect(await errorTable.locator('tbody tr').first().locator('td').first().textContent()).toBe('3');
    expect(await page.getByRole('button', { name: /^Import \d/ }).count()).toBe(0);
    await screenshot(page, 'catalog-import-dry-run');
    // Nothing was written: not even the good row.
    expect(await findBySku(admin, goodSku)).toBeUndefined();
    expect(await findBySku(admin, badSku)).toBeUndefined();

    const secondSku = `E2E-IMP2-${RUN}`;
    const goodFile = csv([
      [
        goodSku,
        `Imported Chews ${RUN}`,
        'E2E',
        '',
        'dog',
        IMPORT_EAN,
        '899',
        '400',
        'standard',
        'each',
        'true',
        'false',
      ],
      [
        secondSku,
        `Imported Seed Mix ${RUN}`,
        'E2E',
        '',
        'bird',
        '',
        '1250',
        '600',
        'reduced',
        'each',
        'true',
        'false',
      ],
    ]);
    await fileInput.setInputFiles({ name: 'good.csv', mimeType: 'text/csv', buffer: goodFile });
    await page.getByTestId('import-summary').getByText('no errors').waitFor();
    expect(await page.getByTestId('import-created').textContent()).toBe('2');
    expect(await findBySku(admin, goodSku)).toBeUndefined();
    await screenshot(page, 'catalog-import-ready');
    await page.getByRole('button', { name: 'Import 2 products' }).click();
    await page.getByTestId('import-result').waitFor();
    expect(await page.getByTestId('import-summary').textContent()).toBe(
      'Imported 2 rows: 2 new products, 0 updates.',
    );
    expect(await findBySku(admin, goodSku)).toMatchObject({ priceCents: 899, barcodes: [IMPORT_EAN] });
    expect(await findBySku(admin, secondSku)).toMatchObject({ priceCents: 1250 });
    await screenshot(page, 'catalog-import-done');
  });

  it('prints shelf labels with an EAN-13 and a Code 128 barcode, the library loaded only there', async () => {
    const made = await admin.api.post('/api/products', {
      headers: admin.csrf,
      data: {
        sku: CODE128_SKU,
        name: `E2E Cat Tunnel ${RUN}`,
        priceCents: 2450,
        barcodes: [CODE128],
        species: ['cat'],
      },
    });
    expect(made.status()).toBe(201);
    expect(scripts.some((path) => path.includes('JsBarcode'))).toBe(false);

    // Tick both products in the list, then open the labels.
    await page.getByRole('link', { name: 'Products', exact: true }).click();
    await page.setViewportSize({ width: 1024, height: 768 });
    await page.getByTestId('catalog-products').locator('tbody tr').first().waitFor();
    expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
    await screenshot(page, 'catalog-list-1024', false);
    await page.setViewportSize({ width: 1280, height: 800 });
    await searchList(page, SKU);
    await page.getByLabel(`Label for ${NAME}`).check();
    await searchList(page, CODE128_SKU);
    await page.getByLabel(`Label for E2E Cat Tunnel ${RUN}`).check();
    await page.getByRole('link', { name: 'Print labels (2)' }).click();
    await page.getByRole('heading', { name: 'Labels' }).waitFor();

    const ean = page.locator(`.catalog-barcode[data-code="${EAN}"][data-state="drawn"]`).first();
    const code128 = page.locator(`.catalog-barcode[data-code="${CODE128}"][data-state="drawn"]`).first();
    await ean.waitFor();
    await code128.waitFor();
    expect(await ean.getAttribute('data-symbology')).toBe('EAN13');
    expect(await code128.getAttribute('data-symbology')).toBe('CODE128');
    // Bars are drawn (rects inside the SVG) and the digits are printed under them.
    expect(await ean.locator('svg rect').count()).toBeGreaterThan(20);
    expect(await code128.locator('svg rect').count()).toBeGreaterThan(20);
    const eanDigits = (await ean.locator('svg text').allTextContents()).join('');
    expect(eanDigits).toBe(EAN);
    expect((await code128.locator('svg text').allTextContents()).join('')).toBe(CODE128);
    expect(scripts.some((path) => path.includes('JsBarcode'))).toBe(true);

    const sheet = page.getByTestId('label-sheet');
    expect(await sheet.getByTestId('label').count()).toBe(2);
    expect(await sheet.textContent()).toContain(usd(549));
    expect(await sheet.textContent()).toContain(usd(2450));
    await page.getByLabel(`Copies of ${NAME}`).fill('4');
    await expect.poll(() => sheet.getByTestId('label').count()).toBe(5);
    await screenshot(page, 'catalog-labels');

    // Printed: only the sheet, no navigation, tabs or controls.
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByRole('navigation', { name: 'Catalog' }).isVisible()).toBe(false);
    expect(await page.getByLabel('Label', { exact: true }).isVisible()).toBe(false);
    expect(await sheet.isVisible()).toBe(true);
    await screenshot(page, 'catalog-labels-print');
    await page.emulateMedia({ media: 'screen' });

    // Barcode-only labels draw the same codes.
    await page.getByLabel('Label', { exact: true }).selectOption('barcode');
    await page.locator('.catalog-label-barcode').first().waitFor();
    await page.emulateMedia({ media: 'print' });
    await screenshot(page, 'catalog-labels-barcode-print');
    await page.emulateMedia({ media: 'screen' });
  });

  it('sells the new product at the register by its EAN-13 at the new price', async () => {
    const stores = (await (await admin.api.get('/api/stores')).json()) as { items: Store[] };
    const store = stores.items.find((item) => item.code === 'S001');
    const product = await findBySku(admin, SKU);
    if (!store || !product) {
      throw new Error('store S001 or the new product is missing');
    }
    // Stock to sell from, so the sale goes through whatever the store's negative-stock setting is.
    const received = await admin.api.post(`/api/stores/${store.id}/inventory/adjustments`, {
      headers: admin.csrf,
      data: { lines: [{ productId: product.id, delta: 10, reason: 'received' }], note: 'catalog e2e' },
    });
    expect(received.status()).toBe(201);

    scripts.length = 0;
    await signOut(page);
    await signIn(page, 'cashier1');
    await page.goto(`${BASE_URL}/`);
    await page.getByRole('link', { name: 'Open the register' }).click();
    await page.getByRole('heading', { name: 'Set up this till' }).waitFor();
    await page.getByLabel('Register', { exact: true }).fill(REGISTER_ID);
    await page.getByRole('button', { name: 'Use this till' }).click();
    await page.getByLabel('Opening float').waitFor();
    await page.keyboard.type('100');
    await page.keyboard.press('Enter');
    await page.getByLabel('Scan or type a barcode / SKU').waitFor();

    await page.keyboard.type(EAN, { delay: 0 });
    await page.keyboard.press('Enter');
    const rows = page.locator('.register-cart-table tbody tr');
    await expect.poll(() => rows.count()).toBe(1);
    const line = (await rows.first().textContent()) ?? '';
    expect(line).toContain(NAME);
    expect(line).toContain(usd(549));
    await screenshot(page, 'catalog-register-line', false);

    // Cash, exact change via the quick amount: the server records the sale of the new product.
    await page.keyboard.press('F2');
    await page.getByRole('dialog', { name: 'Cash payment' }).waitFor();
    const [sale] = await Promise.all([
      page.waitForResponse(
        (response) =>
          new URL(response.url()).pathname === '/api/sales' && response.request().method() === 'POST',
      ),
      page.keyboard.press('F5'),
    ]);
    expect(sale.status()).toBe(201);
    const body = (await sale.json()) as { lines: { productId: string; unitPriceCents: number }[] };
    expect(body.lines).toEqual([expect.objectContaining({ productId: product.id, unitPriceCents: 549 })]);
    await page.getByRole('heading', { name: 'Sale complete' }).waitFor();
    // The register never loads the barcode library.
    expect(scripts.some((path) => path.includes('JsBarcode'))).toBe(false);
    expect(office.pageErrors).toEqual([]);
  });
});
