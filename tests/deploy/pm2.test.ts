// The shipped ecosystem.config.js under real PM2 7: two cluster workers on PostgreSQL and Redis. Sessions
// are shared, `pm2 reload` under load loses no request, a worker killed with SIGKILL is replaced and no
// acknowledged sale is lost or doubled, /metrics counts the whole cluster, and the log files are where the
// ecosystem says. Only environment overrides differ from production (port, database, a development
// NODE_ENV so the session cookie is not Secure over plain HTTP).
import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  login,
  repoRoot,
  requireBuild,
  type TestDatabase,
  waitForHttp,
  removeLeftovers,
} from './support/common';
import {
  type Answer,
  eventually,
  httpRequest,
  type Pm2,
  pm2,
  promSample,
  requestCount,
  workerSnapshots,
  startSeededCluster,
} from './support/pm2';

const run = promisify(execFile);
const APP = 'pet-products-pos';
const WORKERS = 2;

let database: TestDatabase;
let manager: Pm2;
let port: number;
let home: string;
let logDir: string;
let redisPrefix: string;
let cashier: { cookie: string; csrfToken: string };
let storeId: string;
let products: { id: string; priceCents: number }[] = [];
/** Every sale id a client sent, and those the API acknowledged (201 or 200). */
const salesSent = new Set<string>();
const salesAcknowledged = new Set<string>();

async function sql<T extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

async function onlinePids(): Promise<number[]> {
  const workers = await manager.workers();
  return workers.filter((worker) => worker.status === 'online').map((worker) => worker.pid);
}

const authHeaders = () => ({ Cookie: cashier.cookie, 'X-CSRF-Token': cashier.csrfToken });

/** A shift of its own for each client (one open shift per register). */
async function openShift(registerId: string): Promise<string> {
  const answer = await httpRequest(port, 'POST', '/api/shifts', {
    headers: authHeaders(),
    body: { storeId, registerId, openingFloatCents: 10_000 },
  });
  expect(answer.status, answer.body).toBe(201);
  return (JSON.parse(answer.body) as { id: string }).id;
}

function saleBody(id: string, registerId: string, shiftId: string, n: number) {
  const product = products[n % products.length]!;
  return {
    id,
    storeId,
    registerId,
    shiftId,
    lines: [{ productId: product.id, quantity: 1 }],
    tenders: [{ method: 'cash', amountCents: product.priceCents * 2 + 1000 }],
  };
}

type LoadFigures = {
  requests: number;
  answersByStatus: Record<number, number>;
  connectionErrors: string[];
  salesSent: number;
  salesAcknowledged: number;
  saleRetries: number;
};

/**
 * Clients in a loop until `stop` resolves: GET /api/health, an authenticated GET, and a POST /api/sales with
 * a new id. `retrySales`: a sale whose answer was lost (network error or 5xx) is sent again with the same
 * id until acknowledged, as the till's offline queue does.
 */
async function load(
  clients: number,
  stop: Promise<void>,
  options: { retrySales: boolean },
): Promise<LoadFigures> {
  const figures: LoadFigures = {
    requests: 0,
    answersByStatus: {},
    connectionErrors: [],
    salesSent: 0,
    salesAcknowledged: 0,
    saleRetries: 0,
  };
  let stopping = false;
  void stop.then(() => {
    stopping = true;
  });
  const call = async (agent: http.Agent | false, method: string, urlPath: string, body?: unknown) => {
    figures.requests += 1;
    try {
      const answer: Answer = await httpRequest(port, method, urlPath, {
        headers: authHeaders(),
        body,
        agent,
      });
      figures.answersByStatus[answer.status] = (figures.answersByStatus[answer.status] ?? 0) + 1;
      return answer;
    } catch (error) {
      figures.connectionErrors.push(`${method} ${urlPath}: ${(error as Error).message}`);
      return null;
    }
  };
  const client = async (index: number) => {
    // Half the clients keep their connection alive (as Nginx's upstream keepalive does), half open one per
    // request (spread over the workers by PM2's master).
    const agent = index % 2 === 0 ? new http.Agent({ keepAlive: true, maxSockets: 1 }) : false;
    const registerId = `pm2-${index}-${randomBytes(3).toString('hex')}`;
    const shiftId = await openShift(registerId);
    let n = 0;
    try {
      while (!stopping) {
        await call(agent, 'GET', '/api/health');
        await call(agent, 'GET', '/api/auth/me');
        const id = randomUUID();
        const body = saleBody(id, registerId, shiftId, n);
        n += 1;
        salesSent.add(id);
        figures.salesSent += 1;
        for (let attempt = 0; ; attempt += 1) {
          if (attempt > 0) {
            figures.saleRetries += 1;
            await new Promise((resolve) => setTimeout(resolve, 200));
          }
          const answer = await call(agent, 'POST', '/api/sales', body);
          if (answer && (answer.status === 201 || answer.status === 200)) {
            salesAcknowledged.add(id);
            figures.salesAcknowledged += 1;
            break;
          }
          const retryable = answer === null || answer.status >= 500;
          if (!options.retrySales || !retryable || attempt >= 50) {
            break;
          }
        }
      }
    } finally {
      if (agent) {
        agent.destroy();
      }
    }
  };
  await Promise.all(Array.from({ length: clients }, (_, index) => client(index)));
  return figures;
}

const nonAnswers = (figures: LoadFigures) =>
  Object.entries(figures.answersByStatus)
    .filter(([status]) => Number(status) >= 500)
    .reduce((sum, [, count]) => sum + count, 0);

beforeAll(async () => {
  requireBuild();
  ({ database, manager, port, home, logDir, redisPrefix } = await startSeededCluster('pm2', WORKERS, {
    LOGIN_RATE_LIMIT_PER_MINUTE: '10000',
    LOG_LEVEL: 'info',
  }));

  cashier = await login(`http://127.0.0.1:${port}`, 'cashier1');
  const [store] = await sql<{ id: string }>("select id from stores where code = 'S001'");
  storeId = store!.id;
  products = (
    await sql<{ id: string; price_cents: number }>(
      `select p.id, p.price_cents from products p join inventory i on i.product_id = p.id
        where i.store_id = $1 and p.active and p.unit = 'each' order by i.on_hand desc limit 10`,
      [storeId],
    )
  ).map((row) => ({ id: row.id, priceCents: Number(row.price_cents) }));
  expect(products.length).toBeGreaterThan(0);
}, 300_000);

afterAll(async () => {
  await manager?.shutdown();
  await removeLeftovers({ database, home, redisPrefix });
});

describe('PM2 cluster from ecosystem.config.js', () => {
  it('runs two cluster workers with different pids', async () => {
    const workers = await manager.workers();
    console.log('[pm2] workers:', JSON.stringify(workers));
    expect(workers).toHaveLength(WORKERS);
    expect(workers.every((worker) => worker.status === 'online' && worker.execMode === 'cluster_mode')).toBe(
      true,
    );
    expect(new Set(workers.map((worker) => worker.pid)).size).toBe(WORKERS);
  });

  it('a session made on one worker is valid on the other (Redis sessions): fresh connections reach both', async () => {
    const before = await workerSnapshots(database.url, APP, WORKERS);
    const seenBefore = new Map(before.map((s) => [s.pid, requestCount(s, { route: '/api/auth/me' })]));
    const N = 40;
    const statuses: number[] = [];
    for (let i = 0; i < N; i += 1) {
      // No keep-alive: each request is a new connection, which PM2's master deals to the workers in turn.
      statuses.push((await httpRequest(port, 'GET', '/api/auth/me', { headers: authHeaders() })).status);
    }
    expect(statuses.filter((status) => status === 200)).toHaveLength(N);
    const after = await workerSnapshots(database.url, APP, WORKERS);
    const served = after.map((s) => ({
      pid: s.pid,
      ok: requestCount(s, { route: '/api/auth/me', status: '200' }) - (seenBefore.get(s.pid) ?? 0),
    }));
    console.log(`[pm2] ${N} GET /api/auth/me with one login cookie, all 200; served per worker:`, served);
    expect(served).toHaveLength(WORKERS);
    expect(served.every((worker) => worker.ok > 0)).toBe(true);
    expect(served.reduce((sum, worker) => sum + worker.ok, 0)).toBe(N);
    expect(new Set(served.map((worker) => worker.pid))).toEqual(new Set(await onlinePids()));
  });

  it('/metrics counts the whole cluster: K requests to one route show as K whichever worker answers', async () => {
    const K = 30;
    const route = '/api/definitely-not-a-route';
    for (let i = 0; i < K; i += 1) {
      expect((await httpRequest(port, 'GET', route)).status).toBe(404);
    }
    const series = 'http_request_duration_seconds_count{method="GET",route="unmatched",status="404"}';
    const snapshots = await workerSnapshots(database.url, APP, WORKERS);
    const perWorker = snapshots.map((s) => requestCount(s, { route: 'unmatched', status: '404' }));
    const snapshotKb = snapshots.map((s) => Math.round(JSON.stringify(s.metrics).length / 1024));
    // Scrape several times over fresh connections, so both workers answer scrapes.
    for (let i = 0; i < 4; i += 1) {
      const scrape = await httpRequest(port, 'GET', '/metrics');
      expect(scrape.status).toBe(200);
      expect(promSample(scrape.body, series)).toBe(K);
      expect(promSample(scrape.body, 'pos_metrics_workers_reporting')).toBe(WORKERS);
      expect(promSample(scrape.body, 'pos_metrics_workers_expected')).toBe(WORKERS);
    }
    console.log(
      `[pm2] ${K} requests to a 404 route: per worker ${perWorker.join(' + ')}, /metrics says ${K}; ` +
        `snapshot per worker ${snapshotKb.join(', ')} KiB of JSON`,
    );
    // Per-worker metrics alone would have shown a share only.
    expect(perWorker.every((count) => count > 0 && count < K)).toBe(true);
  });

  it('`pm2 reload` under a steady stream of requests loses none of them', async () => {
    const pidsBefore = await onlinePids();
    let reloaded!: () => void;
    const reloadDone = new Promise<void>((resolve) => {
      reloaded = resolve;
    });
    const started = Date.now();
    const figures = load(4, reloadDone, { retrySales: false });
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const reloadStarted = Date.now();
    await manager.cli('reload', APP);
    const reloadMs = Date.now() - reloadStarted;
    // Keep the load on a little after the reload so the new workers serve it too.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    reloaded();
    const result = await figures;
    const pidsAfter = await onlinePids();
    console.log(
      `[pm2] reload under load (pm2 reload ${reloadMs} ms, load ${Date.now() - started} ms): ${result.requests} requests, ` +
        `by status ${JSON.stringify(result.answersByStatus)}, ` +
        `${result.connectionErrors.length} connection errors ${JSON.stringify(result.connectionErrors)}, ` +
        `${result.salesAcknowledged}/${result.salesSent} sales acknowledged; pids ${pidsBefore} → ${pidsAfter}`,
    );
    expect(result.requests).toBeGreaterThan(50);
    expect(result.connectionErrors).toEqual([]);
    expect(nonAnswers(result)).toBe(0);
    expect(result.salesAcknowledged).toBe(result.salesSent);
    expect(pidsAfter).toHaveLength(WORKERS);
    expect(pidsAfter.some((pid) => pidsBefore.includes(pid))).toBe(false);
  });

  it('a worker killed with SIGKILL mid-load is restarted, and no acknowledged sale is lost or doubled', async () => {
    const pidsBefore = await onlinePids();
    const victim = pidsBefore[0]!;
    let finish!: () => void;
    const done = new Promise<void>((resolve) => {
      finish = resolve;
    });
    const figures = load(4, done, { retrySales: true });
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    process.kill(victim, 'SIGKILL');
    await eventually('PM2 replaces the killed worker', async () => {
      const pids = await onlinePids();
      return pids.length === WORKERS && !pids.includes(victim);
    });
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    finish();
    const result = await figures;
    const pidsAfter = await onlinePids();

    const rows = await sql<{ id: string; copies: number }>(
      'select id, count(*)::int as copies from sales_transactions where id = any($1::uuid[]) group by id',
      [[...salesSent]],
    );
    const [all] = await sql<{ n: number }>('select count(*)::int as n from sales_transactions');
    const stored = new Map(rows.map((row) => [row.id, row.copies]));
    const lost = [...salesAcknowledged].filter((id) => !stored.has(id));
    const duplicated = rows.filter((row) => row.copies > 1);
    const verify = await run('npx', ['tsx', 'scripts/inventory-verify.ts'], {
      cwd: repoRoot,
      env: { ...process.env, NODE_ENV: 'development', DATABASE_URL: database.url },
    });
    console.log(
      `[pm2] kill -9 of pid ${victim} under load: ${result.requests} requests, by status ${JSON.stringify(result.answersByStatus)}, ` +
        `${result.connectionErrors.length} connection errors ${JSON.stringify(result.connectionErrors)}; sales: ${result.salesSent} sent, ${result.salesAcknowledged} acknowledged, ` +
        `${result.saleRetries} retries, ${lost.length} lost, ${duplicated.length} duplicated; ` +
        `${all!.n} sales in the database for ${salesSent.size} ids sent over the whole file; pids ${pidsBefore} → ${pidsAfter}; ${verify.stdout.trim()}`,
    );
    expect(pidsAfter).toHaveLength(WORKERS);
    expect(pidsAfter).not.toContain(victim);
    expect(result.salesAcknowledged).toBe(result.salesSent);
    expect(lost).toEqual([]);
    expect(duplicated).toEqual([]);
    // Nothing in the database that no client sent (the demo was seeded with no sales history).
    expect(all!.n).toBe(stored.size);
    expect(stored.size).toBeLessThanOrEqual(salesSent.size);
    expect(verify.stdout).toMatch(/^ledger OK/);
  });

  it('log files are where the ecosystem says, with each worker start', () => {
    const combined = path.join(logDir, 'combined.log');
    expect(existsSync(combined)).toBe(true);
    expect(existsSync(path.join(logDir, 'pm2-error.log'))).toBe(true);
    const starts = readFileSync(combined, 'utf8')
      .split('\n')
      .filter((line) => line.includes('listening on http://'));
    // Two at start, two after the reload, one after the kill.
    expect(starts.length).toBeGreaterThanOrEqual(WORKERS * 2 + 1);
    const first = JSON.parse(starts[0]!) as { level: string; database: string; sessionStore: string };
    expect(first).toMatchObject({ level: 'info', database: 'postgres', sessionStore: 'redis' });
    // stdout is not also kept by PM2: no duplicate out file.
    expect(existsSync(path.join(logDir, 'pm2-out.log'))).toBe(false);
  });

  it('the same file starts in production with --env production (NODE_ENV from env_production)', async () => {
    await manager.cli('delete', APP);
    const secret = randomBytes(32).toString('hex');
    const production = pm2(manager.home, {
      ...manager.env,
      NODE_ENV: '',
      JWT_SECRET: secret,
      SESSION_SECRET: `${secret}-session`,
      SEED_DEMO: '',
      BCRYPT_ROUNDS: '10',
    });
    await production.cli('start', 'ecosystem.config.js', '--env', 'production');
    await waitForHttp(`http://127.0.0.1:${port}/api/health`, 90_000);
    await eventually('two workers online', async () => (await onlinePids()).length === WORKERS);
    const list = JSON.parse(await production.cli('jlist')) as { pm2_env: { env?: Record<string, string> } }[];
    expect(
      list.map((item) => (item.pm2_env as Record<string, unknown>).NODE_ENV ?? item.pm2_env.env?.NODE_ENV),
    ).toEqual(['production', 'production']);
    // Production answers carry HSTS (set only when NODE_ENV=production).
    const health = await new Promise<http.IncomingMessage>((resolve, reject) =>
      http.get({ host: '127.0.0.1', port, path: '/api/health', agent: false }, resolve).on('error', reject),
    );
    health.resume();
    expect(health.statusCode).toBe(200);
    expect(health.headers['strict-transport-security']).toBeDefined();
  });
});
