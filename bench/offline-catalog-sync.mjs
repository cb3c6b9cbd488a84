// Times the register's first catalog sync into IndexedDB in Chromium, against a running server, and the
// delta sync after it (nothing changed). Not part of `npm run bench`: run by hand against a big catalog, e.g.
//   tsx scripts/generate-data.ts --database-url postgres://…/db --stores 1 --products 100000 --sales 0 --customers 0
//   DATABASE_URL=postgres://…/db node dist/index.js            (built client + server)
//   node bench/offline-catalog-sync.mjs --url http://127.0.0.1:3000 --user gen-g0001-cashier1 --password generated-data-password
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';

const { values } = parseArgs({
  options: {
    url: { type: 'string', default: 'http://127.0.0.1:3000' },
    user: { type: 'string', default: 'gen-g0001-cashier1' },
    password: { type: 'string', default: 'generated-data-password' },
    register: { type: 'string', default: `bench-${Date.now().toString(36)}` },
  },
});

const profile = await mkdtemp(join(tmpdir(), 'pos-sync-bench-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  headless: true,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-sync',
  ],
});
try {
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('crash', () => console.log('page crashed'));
  page.on('pageerror', (error) => console.log('page error:', error.message));
  await page.goto(`${values.url}/login`);
  await page.getByLabel('Username').fill(values.user);
  await page.getByLabel('Password').fill(values.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
  const stores = await (await page.request.get(`${values.url}/api/stores`)).json();
  const storeId = stores.items[0].id;
  await page.evaluate(
    ([id, register]) =>
      localStorage.setItem('pos.till', JSON.stringify({ storeId: id, registerId: register })),
    [storeId, values.register],
  );

  const timeSync = async (label) => {
    const started = Date.now();
    await page.goto(`${values.url}/register`);
    await page.waitForFunction(
      () =>
        document.querySelector('[data-testid="offline-banner"]')?.getAttribute('data-catalog') === 'synced',
      undefined,
      { timeout: 120_000, polling: 50 },
    );
    const seconds = (Date.now() - started) / 1000;
    const count = await page.evaluate(
      (name) =>
        new Promise((resolve, reject) => {
          const open = indexedDB.open(name);
          open.onsuccess = () => {
            const request = open.result
              .transaction('catalogSegments')
              .objectStore('catalogSegments')
              .getAll();
            request.onsuccess = () =>
              resolve(request.result.reduce((sum, segment) => sum + segment.products.length, 0));
            request.onerror = () => reject(request.error);
          };
        }),
      `pos-offline-${storeId}`,
    );
    console.log(
      `${label}: ${seconds.toFixed(1)} s from opening /register to "synced", ${count} products in IndexedDB`,
    );
  };
  await timeSync('first sync');
  await timeSync('delta sync (reload, nothing changed)');
} finally {
  await context.close();
  await rm(profile, { recursive: true, force: true });
}
