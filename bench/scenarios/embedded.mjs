// Checkout in embedded mode: the built server with no DATABASE_URL (PGlite in a temporary DATA_DIR), the demo
// data seeded on first start (SEED_DEMO=true, which the configuration allows only outside production, so this
// server runs with NODE_ENV=development), and the same checkout as on PostgreSQL: BENCH_TILLS tills at
// max rate selling 5 demo products sold by the piece with a card and a cash tender, as cashier1 at S001.
import { mkdtempSync } from 'node:fs';
import path from 'node:path';

/** Returns the server's peak resident memory (VmHWM). */
export async function embeddedCheckout(kit, scratch, children, rows, notes) {
  const dataDir = mkdtempSync(path.join(scratch, 'pglite-'));
  kit.log(`embedded (PGlite) checkout: demo data in ${dataDir}`);
  const app = await kit.startApp(null, scratch, {
    NODE_ENV: 'development',
    DATA_DIR: dataDir,
    SEED_DEMO: 'true',
  });
  children.push(app);
  const token = await kit.tokenFor('cashier1', 'demo-password-1');
  const stores = await kit.api('GET', '/api/stores?limit=500', token);
  const store = stores.body.items.find((item) => item.code === 'S001') ?? stores.body.items[0];
  const products = await kit.api('GET', '/api/products?limit=500&active=true', token);
  const catalog = products.body.items
    .filter((product) => product.unit === 'each' && product.active)
    .map((product) => ({ id: product.id, price: product.priceCents }));
  const tills = await kit.openTills(store.id, token);
  const checkout = {
    url: `http://127.0.0.1:${kit.APP_PORT}`,
    path: '/api/sales',
    headers: { Authorization: `Bearer ${token}` },
    tills,
    bodyFor: (till) => kit.saleBody(store.id, catalog, till),
    expect: 201,
  };
  await kit.loadTills({ ...checkout, durationSeconds: Math.min(3, kit.seconds) });
  kit.log(`embedded (PGlite) checkout: ${tills.length} tills, max rate`);
  const result = await kit.loadTills(checkout);
  rows.push({
    name: 'checkout POST /api/sales, embedded PGlite (demo data)',
    connections: tills.length,
    ...result,
  });
  notes.push(
    `- embedded checkout: PGlite in a fresh DATA_DIR, demo data, store ${store.code}, ${catalog.length} products sold by the piece, NODE_ENV=development (SEED_DEMO is refused in production)`,
  );
  notes.push(...kit.errorNote('checkout, embedded PGlite', result));
  const peak = kit.peakResidentMegabytes(app);
  await kit.stop(app);
  return peak;
}
