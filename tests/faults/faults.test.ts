// `npm run test:faults`: the built server under PM2 (2 cluster workers, the shipped ecosystem.config.js) keeps
// every acknowledged sale through four faults injected under a steady checkout load: a worker killed with
// SIGKILL, PostgreSQL stopped and started, Redis stopped and started, and the connection pool filled by a
// lock. PostgreSQL and Redis are this file's own throwaway instances (started here, stopped at will), so the
// faults touch nothing else on the machine. After each fault: every sale a client saw acknowledged exists
// exactly once, no sale exists that no client sent, inventory:verify is clean, and /api/health answers 200.
import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, freePort, login, repoRoot, requireBuild, tempDir } from '../deploy/support/common';
import { eventually, httpRequest, type Pm2, pm2 } from '../deploy/support/pm2';
import { type Auth, openSeller, type PhaseFigures, type Seller, type Shop, sellUntil } from './support/load';
import {
  type PrivatePostgres,
  type PrivateRedis,
  query,
  startPrivatePostgres,
  startPrivateRedis,
} from './support/services';

const run = promisify(execFile);
const WORKERS = 2;
// Small on purpose: the pool-fill fault must fill it with a handful of clients, and time out in seconds.
const POOL_SIZE = 2;
const STATEMENT_TIMEOUT_MS = 3_000;
const CONNECTION_TIMEOUT_MS = 5_000; // server/db/client.ts
const COOKIE_CLIENTS = 3;
const BEARER_CLIENTS = 3;
// More clients for the pool fault only: 6 per worker against a pool of 2, so some wait for a connection.
const EXTRA_POOL_CLIENTS = 6;

let postgres: PrivatePostgres;
let redis: PrivateRedis;
let databaseUrl: string;
let manager: Pm2;
let home: string;
let shop: Shop;
let sellers: Seller[] = [];
let extraSellers: Seller[] = [];
let bearer: Auth;
let cookie: Auth;

type Row = {
  fault: string;
  figures: PhaseFigures;
  lost: number;
  duplicated: number;
  strays: number;
  verify: string;
  seconds: number;
};
const table: Row[] = [];

const countBy = (items: string[]) =>
  items.reduce<Record<string, number>>((counts, item) => {
    counts[item] = (counts[item] ?? 0) + 1;
    return counts;
  }, {});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function onlineWorkers() {
  return (await manager.workers()).filter((worker) => worker.status === 'online');
}

async function healthy(): Promise<boolean> {
  const answer = await httpRequest(shop.port, 'GET', '/api/health');
  return answer.status === 200;
}

/** Load for `warmMs`, then the fault, then load for `afterMs` more; the figures of the whole phase. */
async function underLoad(
  inject: () => Promise<void>,
  warmMs = 1_500,
  afterMs = 2_000,
  clients: Seller[] = sellers,
): Promise<PhaseFigures> {
  let finish!: () => void;
  const done = new Promise<void>((resolve) => {
    finish = resolve;
  });
  const figures = sellUntil(shop, clients, done);
  try {
    await sleep(warmMs);
    await inject();
    await sleep(afterMs);
  } finally {
    finish();
  }
  return figures;
}

/** The no-loss accounting after a phase, added to the table. */
async function account(fault: string, figures: PhaseFigures, startedAt: number): Promise<Row> {
  await eventually('/api/health answers 200 again', healthy, 60_000);
  const rows = await query<{ id: string; copies: number }>(
    databaseUrl,
    'select id, count(*)::int as copies from sales_transactions where id = any($1::uuid[]) group by id',
    [figures.ackedIds],
  );
  const stored = new Map(rows.map((row) => [row.id, row.copies]));
  const lost = figures.ackedIds.filter((id) => !stored.has(id)).length;
  // Doubled also counts a sale stored once whose line, payment or stock movement was written twice by a
  // retry (each test sale has one of each).
  const parts = await query<{ id: string }>(
    databaseUrl,
    `select t.id from sales_transactions t
      where t.id = any($1::uuid[])
        and ((select count(*) from sales_transaction_items i where i.transaction_id = t.id) <> 1
          or (select count(*) from sales_payments p where p.transaction_id = t.id) <> 1
          or (select count(*) from stock_movements m where m.ref_id = t.id and m.reason = 'sale') <> 1)`,
    [figures.ackedIds],
  );
  const duplicated = new Set([
    ...rows.filter((row) => row.copies > 1).map((row) => row.id),
    ...parts.map((p) => p.id),
  ]).size;
  // Every sale in the database must be one a client sent (the demo is seeded without sales history).
  const all = await query<{ id: string }>(databaseUrl, 'select id from sales_transactions');
  const strays = all.filter((row) => !shop.sentIds.has(row.id)).length;
  const verify = await run(process.execPath, ['--import', 'tsx', 'scripts/inventory-verify.ts'], {
    cwd: repoRoot,
    env: { ...process.env, NODE_ENV: 'development', DATABASE_URL: databaseUrl, REDIS_URL: '' },
  }).catch((error: { stdout?: string; stderr?: string }) => ({
    stdout: `${error.stdout ?? ''}${error.stderr ?? ''}`,
  }));
  const row: Row = {
    fault,
    figures,
    lost,
    duplicated,
    strays,
    verify: verify.stdout.trim(),
    seconds: Math.round((Date.now() - startedAt) / 100) / 10,
  };
  table.push(row);
  console.log(
    `[faults] ${fault}: ${figures.sales} sales, ${figures.requests} requests, by status ${JSON.stringify(figures.byStatus)}, ` +
      `${figures.connectionErrors.length} cut connections ${JSON.stringify(countBy(figures.connectionErrors))}, ${figures.acknowledged} acknowledged, ${figures.retried} retried, ` +
      `${figures.abandoned} abandoned, ${lost} lost, ${duplicated} duplicated, ${strays} never sent; ` +
      `max latency ${figures.maxLatencyMs} ms; errors ${JSON.stringify(figures.byError)}; ${row.verify}`,
  );
  return row;
}

function expectNothingLost(row: Row) {
  expect(row.lost).toBe(0);
  expect(row.duplicated).toBe(0);
  expect(row.strays).toBe(0);
  // Clients retry until acknowledged: once the fault is over every sale they sent went through.
  expect(row.figures.abandoned).toBe(0);
  expect(row.figures.acknowledged).toBe(row.figures.sales);
  expect(row.figures.acknowledged).toBeGreaterThan(0);
  // Faults show as 503 or a cut connection, never as a 500 or another answer.
  expect(
    Object.keys(row.figures.byStatus).filter((status) => !['200', '201', '503'].includes(status)),
  ).toEqual([]);
  expect(row.verify).toMatch(/^ledger OK/);
}

function printTable() {
  const lines = [
    '| fault | requests sent | acknowledged | retried | lost | duplicated | sales sent | 503 answers | cut connections | max latency ms | seconds |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...table.map(
      (row) =>
        `| ${row.fault} | ${row.figures.requests} | ${row.figures.acknowledged} | ${row.figures.retried} | ${row.lost} | ` +
        `${row.duplicated} | ${row.figures.sales} | ${row.figures.byStatus[503] ?? 0} | ${row.figures.connectionErrors.length} | ` +
        `${row.figures.maxLatencyMs} | ${row.seconds} |`,
    ),
  ];
  console.log(`\n[faults] table\n${lines.join('\n')}\n`);
}

beforeAll(async () => {
  requireBuild();
  [postgres, redis] = await Promise.all([startPrivatePostgres(), startPrivateRedis()]);
  await query(postgres.adminUrl, 'create database pos_faults');
  databaseUrl = postgres.urlFor('pos_faults');
  await run(process.execPath, ['--import', 'tsx', 'server/db/seed-cli.ts', '--days', '0'], {
    cwd: repoRoot,
    env: { ...process.env, NODE_ENV: 'development', DATABASE_URL: databaseUrl, BCRYPT_ROUNDS: '4' },
  });
  home = tempDir('faults');
  const port = await freePort();
  manager = pm2(path.join(home, 'pm2-home'), {
    ...process.env,
    PM2_INSTANCES: String(WORKERS),
    LOG_DIR: path.join(home, 'logs'),
    NODE_ENV: 'development',
    HOST: '127.0.0.1',
    PORT: String(port),
    DATABASE_URL: databaseUrl,
    DB_MAX_CONNECTIONS: String(POOL_SIZE),
    DB_STATEMENT_TIMEOUT_MS: String(STATEMENT_TIMEOUT_MS),
    REDIS_URL: redis.url,
    REDIS_KEY_PREFIX: 'pos-faults:',
    SEED_DEMO: 'false',
    DATA_DIR: path.join(home, 'data'),
    LOGIN_RATE_LIMIT_PER_MINUTE: '10000',
    LOG_LEVEL: 'info',
  });
  await manager.cli('start', 'ecosystem.config.js');
  await eventually('two workers online', async () => (await onlineWorkers()).length === WORKERS, 90_000);
  await eventually('/api/health answers 200', async () => {
    const answer = await httpRequest(port, 'GET', '/api/health').catch(() => null);
    return answer?.status === 200;
  });

  const [store] = await query<{ id: string }>(databaseUrl, "select id from stores where code = 'S001'");
  const products = (
    await query<{ id: string; price_cents: number; on_hand: number }>(
      databaseUrl,
      `select p.id, p.price_cents, i.on_hand from products p join inventory i on i.product_id = p.id
        where i.store_id = $1 and p.active and p.unit = 'each' and i.on_hand >= 20 order by i.on_hand desc limit 200`,
      [store!.id],
    )
  ).map((row) => ({ id: row.id, priceCents: Number(row.price_cents), onHand: Number(row.on_hand) }));
  console.log(
    `[faults] ${products.length} products with ${products.reduce((sum, p) => sum + p.onHand, 0)} units on hand to sell`,
  );
  expect(products.length).toBeGreaterThan(10);
  shop = { port, storeId: store!.id, products, sentIds: new Set() };

  const base = `http://127.0.0.1:${port}`;
  const session = await login(base, 'cashier1');
  cookie = { kind: 'cookie', ...session };
  const token = await httpRequest(port, 'POST', '/api/auth/token', {
    body: { username: 'cashier1', password: DEMO_PASSWORD },
  });
  expect(token.status, token.body).toBe(200);
  bearer = { kind: 'bearer', token: (JSON.parse(token.body) as { token: string }).token };
  for (let i = 0; i < COOKIE_CLIENTS; i += 1) {
    sellers.push(await openSeller(shop, cookie, `cookie${i}`));
  }
  for (let i = 0; i < BEARER_CLIENTS; i += 1) {
    sellers.push(await openSeller(shop, bearer, `bearer${i}`));
  }
  for (let i = 0; i < EXTRA_POOL_CLIENTS; i += 1) {
    extraSellers.push(await openSeller(shop, bearer, `pool${i}`));
  }
}, 300_000);

afterAll(async () => {
  if (table.length > 0) {
    printTable();
  }
  await manager?.shutdown();
  await Promise.all([postgres?.destroy(), redis?.destroy()]);
  // FAULTS_KEEP_LOGS=1 keeps PM2's home and the app's logs for a look after a failure.
  if (home && !process.env.FAULTS_KEEP_LOGS) {
    rmSync(home, { recursive: true, force: true });
  } else if (home) {
    console.log(`[faults] logs kept in ${home}/logs`);
  }
  sellers = [];
  extraSellers = [];
});

describe('faults under a steady checkout load: nothing acknowledged is lost or doubled', () => {
  it('kill -9 of one worker: PM2 replaces it, the clients retry onto the other', async () => {
    const started = Date.now();
    const before = await onlineWorkers();
    const victim = before[0]!.pid;
    const figures = await underLoad(async () => {
      process.kill(victim, 'SIGKILL');
      await eventually('PM2 replaces the killed worker', async () => {
        const pids = (await onlineWorkers()).map((worker) => worker.pid);
        return pids.length === WORKERS && !pids.includes(victim);
      });
    });
    const row = await account('kill -9 one worker', figures, started);
    expectNothingLost(row);
  });

  it('PostgreSQL stopped for 5 s: 503 UNAVAILABLE meanwhile, recovery by itself (no worker restarted)', async () => {
    const started = Date.now();
    const before = await onlineWorkers();
    let whileDown: { status: number; body: string } | null = null;
    let healthWhileDown: { status: number; body: string } | null = null;
    const figures = await underLoad(async () => {
      await postgres.stop();
      await sleep(1_000);
      healthWhileDown = await httpRequest(shop.port, 'GET', '/api/health');
      whileDown = await httpRequest(shop.port, 'GET', '/api/auth/me', {
        headers: { Authorization: `Bearer ${(bearer as { token: string }).token}` },
      });
      await sleep(4_000);
      await postgres.start();
    });
    const row = await account('PostgreSQL stopped 5 s', figures, started);
    console.log(
      `[faults] while PostgreSQL was down: health ${JSON.stringify(healthWhileDown)}, me ${JSON.stringify(whileDown)}`,
    );
    expect(healthWhileDown!.status).toBe(503);
    expect(JSON.parse(healthWhileDown!.body)).toMatchObject({ db: 'down' });
    expect(whileDown!.status).toBe(503);
    expect(JSON.parse(whileDown!.body)).toMatchObject({ error: { code: 'UNAVAILABLE' } });
    expect(figures.byStatus[503]).toBeGreaterThan(0);
    expectNothingLost(row);
    // Recovered by itself: the same processes, no restart.
    const after = await onlineWorkers();
    expect(after.map((worker) => [worker.pid, worker.restarts])).toEqual(
      before.map((worker) => [worker.pid, worker.restarts]),
    );
  });

  it('Redis stopped: cookie requests 503 naming the session store, bearer clients keep selling; back by itself', async () => {
    const started = Date.now();
    const before = await onlineWorkers();
    let downFrom = 0;
    let downUntil = 0;
    const seen: Record<string, { status: number; body: string }> = {};
    const figures = await underLoad(
      async () => {
        await redis.stop();
        downFrom = Date.now();
        await sleep(1_000);
        seen.me = await httpRequest(shop.port, 'GET', '/api/auth/me', {
          headers: { Cookie: (cookie as { cookie: string }).cookie },
        });
        seen.login = await httpRequest(shop.port, 'POST', '/api/auth/login', {
          body: { username: 'cashier1', password: DEMO_PASSWORD },
        });
        seen.token = await httpRequest(shop.port, 'POST', '/api/auth/token', {
          body: { username: 'cashier1', password: DEMO_PASSWORD },
        });
        seen.health = await httpRequest(shop.port, 'GET', '/api/health');
        await sleep(3_000);
        downUntil = Date.now();
        await redis.start();
      },
      1_500,
      3_000,
    );
    const row = await account('Redis stopped 4 s', figures, started);
    console.log(`[faults] while Redis was down: ${JSON.stringify(seen)}`);
    const bearerSalesWhileDown = figures.acks.filter(
      (ack) => ack.kind === 'bearer' && ack.at > downFrom && ack.at < downUntil,
    ).length;
    const cookieSalesWhileDown = figures.acks.filter(
      (ack) => ack.kind === 'cookie' && ack.at > downFrom + 500 && ack.at < downUntil,
    ).length;
    console.log(
      `[faults] during the Redis outage: ${bearerSalesWhileDown} bearer sales acknowledged, ${cookieSalesWhileDown} cookie sales`,
    );
    expect(seen.me!.status).toBe(503);
    expect(JSON.parse(seen.me!.body)).toMatchObject({
      error: { code: 'UNAVAILABLE', message: expect.stringMatching(/session store/i) },
    });
    expect(seen.login!.status).toBe(503);
    expect(JSON.parse(seen.login!.body)).toMatchObject({
      error: { code: 'UNAVAILABLE', message: expect.stringMatching(/session store/i) },
    });
    // Tokens need no Redis; the sign-in limiter falls back to counting in memory per process.
    expect(seen.token!.status).toBe(200);
    expect(seen.health!.status).toBe(503);
    expect(JSON.parse(seen.health!.body)).toMatchObject({ redis: 'down', failing: ['redis'] });
    expect(bearerSalesWhileDown).toBeGreaterThan(0);
    expect(cookieSalesWhileDown).toBe(0);
    expectNothingLost(row);
    // Cookie sessions work again (Redis kept them on disk) with the same processes.
    const me = await httpRequest(shop.port, 'GET', '/api/auth/me', {
      headers: { Cookie: (cookie as { cookie: string }).cookie },
    });
    expect(me.status, me.body).toBe(200);
    expect((await onlineWorkers()).map((worker) => [worker.pid, worker.restarts])).toEqual(
      before.map((worker) => [worker.pid, worker.restarts]),
    );
  });

  it('pool filled by a lock on inventory: requests end in 503 within the timeouts, not hang; then recover', async () => {
    const started = Date.now();
    const holder = new pg.Client({ connectionString: databaseUrl });
    await holder.connect();
    let healthWhileFull: { status: number; ms: number } | null = null;
    const figures = await underLoad(
      async () => {
        // Every checkout needs the inventory rows: they queue behind this lock inside their transactions and
        // hold the pool's connections; the rest wait for a connection.
        await holder.query('begin');
        await holder.query('lock table inventory in access exclusive mode');
        await sleep(2_000);
        const t0 = Date.now();
        const health = await httpRequest(shop.port, 'GET', '/api/health');
        healthWhileFull = { status: health.status, ms: Date.now() - t0 };
        await sleep(6_000);
        await holder.query('rollback');
      },
      1_500,
      2_000,
      [...sellers, ...extraSellers],
    );
    await holder.end();
    const row = await account('pool filled (lock) 8 s', figures, started);
    console.log(`[faults] health while the pool was full: ${JSON.stringify(healthWhileFull)}`);
    expect(figures.byStatus[503]).toBeGreaterThan(0);
    expect(figures.connectionErrors).toEqual([]);
    // No request hung: none hit the clients' 30 s give-up (no connection errors above), and the slowest is
    // bounded by the pool's wait for a connection plus the statement timeout, with wide slack for a busy machine.
    expect(figures.maxLatencyMs).toBeLessThan(CONNECTION_TIMEOUT_MS + STATEMENT_TIMEOUT_MS + 12_000);
    // Both ways out of a full pool answer 503: the statement timeout inside the locked transactions at least.
    expect(Object.keys(figures.byError).some((key) => key.startsWith('503 The database took too long'))).toBe(
      true,
    );
    expectNothingLost(row);
  });
});
