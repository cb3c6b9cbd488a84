// Register performance figures, reported rather than asserted: scan-to-line time with a 300-line cart, the
// JavaScript the /register page ships, and its cold load time. The test fails only when a measurement is
// missing (no marks, no scripts), never because something is slow.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeEan13 } from '../../shared/barcode/ean';
import { BASE_URL, type BrowserSession, launchBrowser } from './browser';

const PASSWORD = process.env.DEMO_PASSWORD ?? 'demo-password-1';
const ARTIFACTS_DIR = fileURLToPath(new URL('./artifacts/', import.meta.url));
const PUBLIC_DIR = fileURLToPath(new URL('../../dist/public/', import.meta.url));
const RUN = Date.now().toString(36);
const REGISTER_ID = `perf-${RUN}`;
const CART_LINES = Number(process.env.PERF_CART_LINES ?? 300);
const TIMED_NEW = 25;
const TIMED_REPEAT = 25;

type Stats = { count: number; medianMs: number; p95Ms: number; maxMs: number };

function statsOf(samples: number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) =>
    sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;
  const round = (ms: number) => Math.round(ms * 10) / 10;
  return {
    count: sorted.length,
    medianMs: round(at(0.5)),
    p95Ms: round(at(0.95)),
    maxMs: round(sorted[sorted.length - 1] ?? Number.NaN),
  };
}

/** Signs in through the API and answers the session cookie and CSRF token for writes. */
async function apiSession(username: string): Promise<{ cookie: string; csrfToken: string }> {
  const response = await fetch(`${BASE_URL}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  expect(response.status, 'manager login').toBe(200);
  const cookie = response.headers
    .getSetCookie()
    .map((header) => header.split(';')[0])
    .join('; ');
  const body = (await response.json()) as { csrfToken: string };
  return { cookie, csrfToken: body.csrfToken };
}

/** Distinct EAN-13s for this run: "40" (not an in-store 2x prefix), 4 digits of the run, 6 of the index. */
function barcodeOf(index: number): string {
  const runDigits = String(Number.parseInt(RUN.slice(-4), 36) % 10_000).padStart(4, '0');
  return completeEan13(`40${runDigits}${String(index).padStart(6, '0')}`);
}

async function createProducts(count: number): Promise<string[]> {
  const session = await apiSession('manager1');
  const codes: string[] = [];
  const BATCH = 8;
  for (let start = 0; start < count; start += BATCH) {
    const batch = Array.from({ length: Math.min(BATCH, count - start) }, (_, offset) => start + offset);
    await Promise.all(
      batch.map(async (index) => {
        const code = barcodeOf(index);
        const response = await fetch(`${BASE_URL}/api/products`, {
          method: 'POST',
          headers: {
            'Content-Type': 'application/json',
            Cookie: session.cookie,
            'X-CSRF-Token': session.csrfToken,
          },
          body: JSON.stringify({
            sku: `PERF-${RUN}-${index}`,
            name: `Perf chew toy ${index}`,
            priceCents: 199 + (index % 50) * 10,
            barcodes: [code],
          }),
        });
        if (response.status !== 201) {
          throw new Error(`POST /api/products ${index}: ${response.status} ${await response.text()}`);
        }
        codes[index] = code;
      }),
    );
  }
  return codes;
}

/** One scan as a USB scanner sends it: the code at once, then Enter. */
async function scan(page: Page, code: string): Promise<void> {
  await page.keyboard.insertText(code);
  await page.keyboard.press('Enter');
}

function measureCount(page: Page): Promise<number> {
  return page.evaluate("performance.getEntriesByName('scan-to-line').length") as Promise<number>;
}

describe('register performance', () => {
  let browser: BrowserSession;
  let page: Page;
  const pageErrors: string[] = [];
  let codes: string[] = [];
  let storeId = '';

  beforeAll(async () => {
    await mkdir(ARTIFACTS_DIR, { recursive: true });
    await writeFile(`${ARTIFACTS_DIR}.gitignore`, '*\n');
    codes = await createProducts(CART_LINES + TIMED_NEW);
    browser = await launchBrowser();
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    await page.setViewportSize({ width: 1024, height: 768 });
    page.on('pageerror', (error) => pageErrors.push(error.message));
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
  });

  const figures: Record<string, unknown> = {};

  it('scan to line on screen with a 300-line cart', async () => {
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
    // The till looks codes up in its catalog copy: timed scans start once it holds the new products.
    await page.locator('[data-testid="offline-banner"][data-catalog="synced"]').waitFor({ timeout: 60_000 });
    storeId = (await page.evaluate("JSON.parse(localStorage.getItem('pos.till')).storeId")) as string;

    const rows = page.locator('.register-cart-table tbody tr');
    for (const code of codes.slice(0, CART_LINES)) {
      await scan(page, code);
    }
    await expect.poll(() => rows.count(), { timeout: 120_000 }).toBe(CART_LINES);
    expect(pageErrors).toEqual([]);

    // Timed: new products (a lookup in the till's catalog copy, then a new line) and repeats (quantity + 1).
    // Only the timed scans' entries (the resource buffer holds 250 by default: the cart's 300 lookups fill it).
    await page.evaluate("performance.clearMeasures('scan-to-line'); performance.clearResourceTimings()");
    const timed = async (code: string) => {
      const before = await measureCount(page);
      await scan(page, code);
      try {
        await expect.poll(() => measureCount(page), { timeout: 10_000 }).toBe(before + 1);
      } catch (error) {
        console.log(
          await page.evaluate(
            "JSON.stringify({marks: performance.getEntriesByType('mark').map(e => e.name), measures: performance.getEntriesByType('measure').length, rows: document.querySelectorAll('.register-cart-table tbody tr').length, focus: document.activeElement?.id, value: document.activeElement?.value})",
          ),
          code,
          pageErrors,
        );
        await page.screenshot({ path: `${ARTIFACTS_DIR}perf-debug.png` });
        throw error;
      }
    };
    for (const code of codes.slice(CART_LINES, CART_LINES + TIMED_NEW)) {
      await timed(code);
    }
    for (let index = 0; index < TIMED_REPEAT; index += 1) {
      await timed(codes[(index * 11) % CART_LINES] as string);
    }
    await expect.poll(() => rows.count()).toBe(CART_LINES + TIMED_NEW);
    const durations = (await page.evaluate(
      "performance.getEntriesByName('scan-to-line').map((entry) => entry.duration)",
    )) as number[];
    expect(durations).toHaveLength(TIMED_NEW + TIMED_REPEAT);
    // With the catalog copy synced no timed scan should need the server: count any that did.
    const lookups = (await page.evaluate(
      "performance.getEntriesByType('resource').filter((entry) => entry.name.includes('/api/products/lookup')).map((entry) => entry.duration)",
    )) as number[];
    figures.networkLookups = lookups.length;
    figures.scanToLine = {
      cartLines: CART_LINES,
      all: statsOf(durations),
      newProduct: statsOf(durations.slice(0, TIMED_NEW)),
      repeatScan: statsOf(durations.slice(TIMED_NEW)),
    };
    await page.screenshot({ path: `${ARTIFACTS_DIR}perf-01-cart-325-lines.png` });
  }, 300_000);

  it('JavaScript shipped and cold load of /register', async () => {
    // A fresh browser (empty cache), signed in through the API, the till remembered: /register opens selling.
    const cold = await launchBrowser();
    try {
      const coldPage = cold.context.pages()[0] ?? (await cold.context.newPage());
      await coldPage.setViewportSize({ width: 1024, height: 768 });
      const login = await coldPage.request.post(`${BASE_URL}/api/auth/login`, {
        data: { username: 'cashier1', password: PASSWORD },
      });
      expect(login.status()).toBe(200);
      await coldPage.addInitScript(
        `localStorage.setItem('pos.till', ${JSON.stringify(JSON.stringify({ storeId, registerId: REGISTER_ID }))});
         document.addEventListener('focusin', (event) => {
           if (event.target.id === 'register-scan-input' && performance.getEntriesByName('scan-field-focused').length === 0) {
             performance.mark('scan-field-focused');
           }
         }, true);`,
      );
      const scripts: string[] = [];
      coldPage.on('response', (response) => {
        if (response.request().resourceType() === 'script') {
          scripts.push(new URL(response.url()).pathname);
        }
      });
      await coldPage.goto(`${BASE_URL}/register`);
      await coldPage.waitForFunction(
        () => performance.getEntriesByName('scan-field-focused').length > 0,
        null,
        {
          timeout: 30_000,
        },
      );
      const timing = (await coldPage.evaluate(`(() => {
        const nav = performance.getEntriesByType('navigation')[0];
        return {
          scanFieldFocusedMs: performance.getEntriesByName('scan-field-focused')[0].startTime,
          responseEndMs: nav.responseEnd,
          domContentLoadedMs: nav.domContentLoadedEventEnd,
          loadMs: nav.loadEventEnd,
          transferredBytes: nav.transferSize,
        };
      })()`)) as Record<string, number>;

      expect(scripts.length).toBeGreaterThan(0);
      const files = await Promise.all(
        [...new Set(scripts)].map(async (path) => {
          const source = await readFile(`${PUBLIC_DIR}${path.replace(/^\//, '')}`);
          return { path, bytes: source.length, gzipBytes: gzipSync(source).length };
        }),
      );
      figures.registerJs = {
        files,
        totalBytes: files.reduce((sum, file) => sum + file.bytes, 0),
        totalGzipBytes: files.reduce((sum, file) => sum + file.gzipBytes, 0),
      };
      const round = (ms: number) => Math.round(ms);
      figures.coldLoad = Object.fromEntries(
        Object.entries(timing).map(([key, value]) => [key, key.endsWith('Ms') ? round(value) : value]),
      );
      expect(timing.scanFieldFocusedMs).toBeGreaterThan(0);
    } finally {
      await cold.close();
    }

    await writeFile(`${ARTIFACTS_DIR}register-perf.json`, `${JSON.stringify(figures, null, 2)}\n`);
    const scanFigures = figures.scanToLine as Record<string, Stats>;
    const js = figures.registerJs as { files: unknown[]; totalBytes: number; totalGzipBytes: number };
    const load = figures.coldLoad as Record<string, number>;
    const row = (label: string, stats: Stats) =>
      `| scan → line, ${label} (n=${stats.count}) | median ${stats.medianMs} ms, p95 ${stats.p95Ms} ms, max ${stats.maxMs} ms |`;
    console.log(
      [
        '',
        `| Register, ${CART_LINES}-line cart | figure |`,
        '|---|---|',
        row('all', scanFigures.all as Stats),
        row('new product', scanFigures.newProduct as Stats),
        row('repeat scan', scanFigures.repeatScan as Stats),
        `| timed scans that went to the server | ${figures.networkLookups} |`,
        `| JS for /register (${js.files.length} files) | ${(js.totalBytes / 1024).toFixed(1)} KiB, gzip ${(js.totalGzipBytes / 1024).toFixed(1)} KiB |`,
        `| cold load → scan field focused | ${load.scanFieldFocusedMs} ms (DOMContentLoaded ${load.domContentLoadedMs} ms, load ${load.loadMs} ms) |`,
        '',
      ].join('\n'),
    );
  }, 120_000);
});
