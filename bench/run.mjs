// `npm run bench`: the benchmark suite on the machine's PostgreSQL (and Redis), printing one Markdown table.
// It fills benchmark databases with scripts/generate-data.ts (reused when already there), starts the built
// server and the bare baselines, and drives them with autocannon (or an even-paced driver) from this process.
// Scenarios (BENCH_ONLY=lookup,search,import,checkout,report,dashboard,sales-report picks some; all by default):
//   lookup, search, import — on BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/pos_bench),
//     BENCH_STORES (10) stores, BENCH_PRODUCTS (100000) products, BENCH_SALES (1000000) sales;
//   checkout, report, dashboard, sales-report — on one database per history size, <BENCH_SALES_DB_PREFIX (pos_bench_sales_)><size>
//     (pos_bench_sales_1m, pos_bench_sales_10k) on the same server, BENCH_STORES stores,
//     BENCH_SALES_PRODUCTS (10000) products and BENCH_SALES_HISTORY (1000000,10000) historical sales; the
//     reports run on the largest history only.
// BENCH_SECONDS (10) per scenario, BENCH_TILLS (16), BENCH_CHECKOUT_RATE (50 sales/s offered), BENCH_CPU_PROFILE
// (a folder: the server writes V8 CPU profiles there), BENCH_RETURN_RATE (20), BENCH_LOGIN_RATE (10).
// BENCH_QUICK=1: a smoke run of the runner itself (2 stores, 2000 products, 5000 sales in pos_bench_quick and
// pos_bench_quick_sales_5k, 2 s per scenario), results in bench/results/quick/. See docs/performance.md.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';
import { compareWithPrevious, newResultName } from './compare-results.mjs';
import { embeddedCheckout } from './scenarios/embedded.mjs';
import { loginScenario } from './scenarios/login.mjs';
import { returnScenario } from './scenarios/returns.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const quick = process.env.BENCH_QUICK === '1' || process.env.BENCH_QUICK === 'true';
// Quick mode's defaults: its own small databases, so it never touches (or waits for) the full-size ones.
const env = {
  ...(quick
    ? {
        BENCH_DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/pos_bench_quick',
        BENCH_STORES: '2',
        BENCH_PRODUCTS: '2000',
        BENCH_SALES: '5000',
        BENCH_SALES_DB_PREFIX: 'pos_bench_quick_sales_',
        BENCH_SALES_PRODUCTS: '1000',
        BENCH_SALES_HISTORY: '5000',
        BENCH_SECONDS: '2',
        BENCH_IMPORT_ROWS: '2000',
      }
    : {}),
  ...process.env,
};
const databaseUrl = env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/pos_bench';
const redisUrl = env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const sizes = {
  stores: Number(env.BENCH_STORES ?? 10),
  products: Number(env.BENCH_PRODUCTS ?? 100_000),
  sales: Number(env.BENCH_SALES ?? 1_000_000),
};
const salesDatabasePrefix = env.BENCH_SALES_DB_PREFIX ?? 'pos_bench_sales_';
const salesProducts = Number(env.BENCH_SALES_PRODUCTS ?? 10_000);
const salesHistories = (env.BENCH_SALES_HISTORY ?? '1000000,10000').split(',').map((size) => {
  const parsed = Number(size.trim());
  if (!Number.isInteger(parsed) || parsed < 0) {
    throw new Error(`BENCH_SALES_HISTORY: "${size}" is not a number of sales`);
  }
  return parsed;
});
const seconds = Number(env.BENCH_SECONDS ?? 10);
const TILLS = Number(env.BENCH_TILLS ?? 16);
const CHECKOUT_RATE = Number(env.BENCH_CHECKOUT_RATE ?? 50);
const IMPORT_ROWS = Number(env.BENCH_IMPORT_ROWS ?? 50_000);
const RETURN_RATE = Number(env.BENCH_RETURN_RATE ?? 20);
const LOGIN_RATE = Number(env.BENCH_LOGIN_RATE ?? 10);
const LOGIN_CONNECTIONS = 4;
const resultsDirectory = path.join(root, 'bench', 'results', ...(quick ? ['quick'] : []));
const REPORT_CONNECTIONS = 4;
const APP_PORT = 3701;
const BASELINE_PORT = 3702;
const POOL_SIZE = 10;
/** Register ids of the benchmark's own sales; removed before each run so the history keeps its size. */
const TILL_PREFIX = 'bench-till-';
const BASELINE_REGISTER_PREFIX = 'bench-base-';
const CARD_CENTS = 500;
const LINES_PER_SALE = 5;

const SCENARIOS = [
  'lookup',
  'search',
  'import',
  'checkout',
  'return',
  'report',
  'dashboard',
  'sales-report',
  'login',
  'embedded',
];
const SALES_SCENARIOS = ['checkout', 'return', 'report', 'dashboard', 'sales-report', 'login'];
/** The sales report's range: the issue's "31-day sales-by-category report across all stores". */
const SALES_REPORT_DAYS = 31;
const only = new Set(
  (env.BENCH_ONLY ?? SCENARIOS.join(','))
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean),
);
for (const name of only) {
  if (!SCENARIOS.includes(name)) {
    throw new Error(`BENCH_ONLY: unknown scenario "${name}" (known: ${SCENARIOS.join(', ')})`);
  }
}
const wants = (name) => only.has(name);
const wantsAny = (names) => names.some(wants);

function log(message) {
  console.error(`[bench] ${message}`);
}

function databaseUrlNamed(name) {
  const url = new URL(databaseUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** 1000000 → 1m, 10000 → 10k: database names and table labels. */
function sizeLabel(count) {
  if (count >= 1_000_000 && count % 1_000_000 === 0) {
    return `${count / 1_000_000}m`;
  }
  if (count >= 1000 && count % 1000 === 0) {
    return `${count / 1000}k`;
  }
  return String(count);
}

async function ensureDatabase(url) {
  const target = new URL(url);
  const name = target.pathname.slice(1);
  target.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: target.toString() });
  await admin.connect();
  const { rowCount } = await admin.query('select 1 from pg_database where datname = $1', [name]);
  if (!rowCount) {
    await admin.query(`create database ${name}`);
  }
  await admin.end();
}

async function withClient(url, work) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * Every run measures the same steady state: earlier runs' imports leave dead row versions and unset hint
 * bits that autovacuum may or may not have cleaned up yet.
 */
async function vacuum(url) {
  await withClient(url, (client) => client.query('vacuum analyze'));
}

function run(command, args, extraEnv = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...env, ...extraEnv } });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed`);
  }
}

function generate(url, size) {
  run(process.execPath, [
    '--import',
    'tsx',
    'scripts/generate-data.ts',
    '--database-url',
    url,
    '--stores',
    String(size.stores),
    '--products',
    String(size.products),
    '--sales',
    String(size.sales),
  ]);
}

function start(script, extraEnv, unset = []) {
  const childEnv = { ...env, ...extraEnv };
  for (const name of unset) {
    delete childEnv[name];
  }
  const child = spawn(process.execPath, script, {
    cwd: root,
    env: childEnv,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  child.stdout.resume();
  return child;
}

async function stop(child) {
  if (child.exitCode !== null || child.signalCode !== null) {
    return;
  }
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

async function waitFor(url) {
  for (let i = 0; i < 600; i++) {
    try {
      const response = await fetch(url);
      if (response.status < 500) {
        return;
      }
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} did not come up`);
}

const appSecret = randomBytes(36).toString('base64url');

/** The built server on APP_PORT: on PostgreSQL at `url`, or embedded (PGlite) when `url` is null. */
async function startApp(url, scratch, overrides = {}) {
  // BENCH_CPU_PROFILE=<dir>: the server writes a V8 CPU profile there when it stops (open it in DevTools).
  const profile = env.BENCH_CPU_PROFILE
    ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(env.BENCH_CPU_PROFILE)}`]
    : [];
  const app = start(
    [...profile, 'dist/index.js'],
    {
      NODE_ENV: 'production',
      PORT: String(APP_PORT),
      HOST: '127.0.0.1',
      ...(url ? { DATABASE_URL: url } : {}),
      DB_MAX_CONNECTIONS: String(POOL_SIZE),
      REDIS_URL: redisUrl,
      REDIS_KEY_PREFIX: `pos-bench-${process.pid}:`,
      JWT_SECRET: appSecret,
      SESSION_SECRET: `${appSecret}-session`,
      LOG_LEVEL: 'warn',
      LOG_DIR: path.join(scratch, 'logs'),
      // The login scenario measures bcrypt and the token, not the limiter (it spreads usernames as well).
      LOGIN_RATE_LIMIT_PER_MINUTE: '10000',
      BCRYPT_ROUNDS: '10',
      ...overrides,
    },
    url ? [] : ['DATABASE_URL'],
  );
  // A server that refuses its configuration exits at once: say so instead of waiting a minute for it.
  const exited = new Promise((_, reject) =>
    app.once('exit', (code) => reject(new Error(`the server exited (${code}) before it answered`))),
  );
  exited.catch(() => {});
  await Promise.race([waitFor(`http://127.0.0.1:${APP_PORT}/api/health`), exited]);
  return app;
}

function percentile(sorted, p) {
  if (sorted.length === 0) {
    return Number.NaN;
  }
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function countStatus(statuses, status) {
  statuses[status] = (statuses[status] ?? 0) + 1;
}

/**
 * Offers `rate` requests per second at even intervals (autocannon's overallRate sends each second's share
 * in a burst, which measures its own queueing). Latency counts from when a request was due, not when a
 * socket was free, so a server that falls behind is not flattered (no coordinated omission).
 * `requestFor(index, slot)` gives each request's method, path and body. With `slots` (the tills), a request
 * waits for a free slot, as a customer waits for a free till: one request per slot at a time.
 */
function paced({ url, requestFor, headers = {}, connections, rate, expect = 200, slots }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const target = new URL(url);
  const latencies = [];
  const statuses = {};
  const samples = [];
  let errors = 0;
  let ok = 0;
  const count = Math.round(rate * seconds);
  const free = slots ? [...slots] : null;
  const waiting = [];
  const started = performance.now();
  return new Promise((resolve) => {
    let sent = 0;
    let done = 0;
    const finish = () => {
      done++;
      if (done === count) {
        agent.destroy();
        latencies.sort((a, b) => a - b);
        resolve({
          ok,
          requestsPerSecond: ok / ((performance.now() - started) / 1000),
          p50: percentile(latencies, 50),
          p95: percentile(latencies, 95),
          p99: percentile(latencies, 99),
          errors,
          total: count,
          statuses,
          samples,
        });
      }
    };
    const release = (slot) => {
      if (!free) {
        return;
      }
      const next = waiting.shift();
      if (next) {
        send(next.dueAt, next.index, slot);
      } else {
        free.push(slot);
      }
    };
    const send = (dueAt, index, slot) => {
      const { method = 'GET', path, body } = requestFor(index, slot);
      const request = http.request(
        {
          host: target.hostname,
          port: target.port,
          method,
          path,
          headers: body
            ? { ...headers, 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) }
            : headers,
          agent,
        },
        (response) => {
          const chunks = [];
          response.on('data', (chunk) => {
            if (response.statusCode !== expect) {
              chunks.push(chunk);
            }
          });
          response.on('end', () => {
            countStatus(statuses, response.statusCode);
            if (response.statusCode === expect) {
              ok++;
            } else {
              errors++;
              if (samples.length < 3) {
                samples.push(`${response.statusCode} ${Buffer.concat(chunks).toString().slice(0, 300)}`);
              }
            }
            latencies.push(performance.now() - dueAt);
            release(slot);
            finish();
          });
        },
      );
      request.on('error', (error) => {
        errors++;
        countStatus(statuses, 'socket error');
        if (samples.length < 3) {
          samples.push(String(error));
        }
        release(slot);
        finish();
      });
      request.end(body);
    };
    const tick = () => {
      const now = performance.now();
      while (sent < count && started + (sent * 1000) / rate <= now) {
        const dueAt = started + (sent * 1000) / rate;
        const index = sent++;
        if (!free) {
          send(dueAt, index);
        } else if (free.length > 0) {
          send(dueAt, index, free.shift());
        } else {
          waiting.push({ dueAt, index });
        }
      }
      if (sent < count) {
        setTimeout(tick, 1);
      }
    };
    tick();
  });
}

/** Runs one autocannon scenario; latencies are collected per response so p95 can be reported exactly. */
function load({ url, paths, headers = {}, connections, rate }) {
  if (rate) {
    return paced({
      url,
      requestFor: (index) => ({ path: paths[index % paths.length] }),
      headers,
      connections,
      rate,
    });
  }
  return new Promise((resolve, reject) => {
    const latencies = [];
    let next = 0;
    const instance = autocannon(
      {
        url,
        connections,
        duration: seconds,
        requests: [
          {
            headers,
            setupRequest: (request) => ({ ...request, path: paths[next++ % paths.length] }),
          },
        ],
      },
      (error, result) => {
        if (error) {
          reject(error);
          return;
        }
        latencies.sort((a, b) => a - b);
        resolve({
          requestsPerSecond: result.requests.average,
          p50: percentile(latencies, 50),
          p95: percentile(latencies, 95),
          p99: percentile(latencies, 99),
          errors: result.errors + result.timeouts + (result.non2xx ?? 0),
          total: latencies.length,
        });
      },
    );
    instance.on('response', (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
  });
}

/**
 * POSTs as fast as the tills go: one autocannon connection per till, each with its own register and shift
 * (setupClient gives each connection its till; setupRequest a new sale, with a new id, per request). Only
 * `expect` (201) counts as a success: req/s is successes per second; any other answer is an error.
 */
function loadTills({ url, path: requestPath, headers, tills, bodyFor, expect, durationSeconds = seconds }) {
  return new Promise((resolve, reject) => {
    const latencies = [];
    const statuses = {};
    const samples = [];
    let ok = 0;
    let nextTill = 0;
    const started = performance.now();
    const instance = autocannon(
      {
        url,
        connections: tills.length,
        duration: durationSeconds,
        requests: [{ method: 'POST', path: requestPath }],
        setupClient: (client) => {
          const till = tills[nextTill++ % tills.length];
          client.setRequests([
            {
              method: 'POST',
              path: requestPath,
              headers: { ...headers, 'Content-Type': 'application/json' },
              setupRequest: (request) => ({ ...request, body: bodyFor(till) }),
              onResponse: (status, body) => {
                if (status !== expect && samples.length < 3) {
                  samples.push(`${status} ${String(body).slice(0, 300)}`);
                }
              },
            },
          ]);
        },
      },
      (error, result) => {
        if (error) {
          reject(error);
          return;
        }
        const elapsedSeconds = (performance.now() - started) / 1000;
        latencies.sort((a, b) => a - b);
        if (result.errors + result.timeouts > 0) {
          statuses['socket error or timeout'] = result.errors + result.timeouts;
        }
        resolve({
          ok,
          requestsPerSecond: ok / elapsedSeconds,
          p50: percentile(latencies, 50),
          p95: percentile(latencies, 95),
          p99: percentile(latencies, 99),
          errors: latencies.length - ok + result.errors + result.timeouts,
          total: latencies.length,
          statuses,
          samples,
        });
      },
    );
    instance.on('response', (_client, status, _bytes, responseTime) => {
      latencies.push(responseTime);
      countStatus(statuses, status);
      if (status === expect) {
        ok++;
      }
    });
  });
}

/** A plausible cashier typo: one character dropped or two swapped in each word. */
function typo(word, random) {
  if (word.length < 4) {
    return word;
  }
  const at = 1 + Math.floor(random() * (word.length - 2));
  return random() < 0.5
    ? word.slice(0, at) + word.slice(at + 1)
    : word.slice(0, at) + word[at + 1] + word[at] + word.slice(at + 2);
}

function seededRandom(seed) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

async function sampleData(url) {
  return withClient(url, async (client) => {
    const codes = (
      await client.query('select barcode from product_barcodes order by md5(barcode) limit 2000')
    ).rows.map((r) => r.barcode);
    const names = (
      await client.query("select name from products where sku like 'GEN-%' order by md5(id::text) limit 2000")
    ).rows.map((r) => r.name);
    const cashier = (
      await client.query(
        `select u.username, us.store_id from users u join user_stores us on us.user_id = u.id
         where u.role = 'cashier' and u.username like 'gen-%' order by u.username limit 1`,
      )
    ).rows[0];
    const manager = (
      await client.query(
        `select username from users where role = 'manager' and username like 'gen-%' order by username limit 1`,
      )
    ).rows[0];
    const productCount = Number((await client.query('select count(*) from products')).rows[0].count);
    return { codes, names, cashier, manager, productCount };
  });
}

/**
 * What the checkout and report scenarios need from a sales database: the first generated store, its cashier
 * and manager, the catalog sold by the piece, and the store's latest business date of generated sales.
 */
async function salesSample(url) {
  return withClient(url, async (client) => {
    const store = (
      await client.query("select id, code, timezone from stores where code like 'G%' order by code limit 1")
    ).rows[0];
    const staff = async (role) =>
      (
        await client.query(
          `select u.id, u.username from users u join user_stores us on us.user_id = u.id
           where us.store_id = $1 and u.role = $2 and u.username like 'gen-%' order by u.username limit 1`,
          [store.id, role],
        )
      ).rows[0];
    const catalog = (
      await client.query(
        `select id, price_cents::int as price from products
         where sku like 'GEN-%' and active and unit = 'each' order by sku`,
      )
    ).rows;
    const reportDate = (
      await client.query(
        `select max(business_date)::text as date from sales_transactions
         where store_id = $1 and status = 'completed' and register_id not like 'bench-%'`,
        [store.id],
      )
    ).rows[0].date;
    const reportDaySales = Number(
      (
        await client.query(
          `select count(*) from sales_transactions where store_id = $1 and business_date = $2::date`,
          [store.id, reportDate],
        )
      ).rows[0].count,
    );
    const history = Number(
      (await client.query(`select count(*) from sales_transactions where register_id not like 'bench-%'`))
        .rows[0].count,
    );
    // The last generated day over every store (stores in zones behind may still be a day earlier).
    const lastDay = (
      await client.query(
        `select max(business_date)::text as date from sales_transactions where register_id not like 'bench-%'`,
      )
    ).rows[0].date;
    const admin = (
      await client.query(`select id, username from users where role = 'admin' and username = 'gen-admin'`)
    ).rows[0];
    return {
      store,
      admin,
      lastDay,
      cashier: await staff('cashier'),
      manager: await staff('manager'),
      catalog,
      reportDate,
      reportDaySales,
      history,
    };
  });
}

/**
 * Takes out the sales earlier benchmark runs wrote (their registers start with `bench-`), with their lines,
 * tenders and ledger rows, and puts their stock back, so each run sells against exactly the generated
 * history. The registers' sequences stay, so receipt numbers never repeat; the tills' shifts stay open.
 */
async function removeBenchSales(url) {
  return withClient(url, async (client) => {
    await client.query('begin');
    try {
      await client.query(
        `create temp table bench_sales on commit drop as
         select id from sales_transactions where register_id like 'bench-%'`,
      );
      await client.query(
        `update inventory i set on_hand = i.on_hand - m.delta
         from (select store_id, product_id, sum(delta)::int as delta from stock_movements
               where ref_type in ('sale', 'return') and ref_id in (select id from bench_sales)
               group by store_id, product_id) m
         where i.store_id = m.store_id and i.product_id = m.product_id`,
      );
      await client.query(
        `delete from stock_movements where ref_type in ('sale', 'return') and ref_id in (select id from bench_sales)`,
      );
      // Lines and tenders go with their transaction (on delete cascade).
      const { rowCount } = await client.query(
        'delete from sales_transactions where id in (select id from bench_sales)',
      );
      await client.query('commit');
      return rowCount ?? 0;
    } catch (error) {
      await client.query('rollback');
      throw error;
    }
  });
}

async function api(method, requestPath, token, body) {
  const response = await fetch(`http://127.0.0.1:${APP_PORT}${requestPath}`, {
    method,
    headers: {
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
      ...(body ? { 'Content-Type': 'application/json' } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: response.status, body: await response.json().catch(() => null) };
}

async function tokenFor(username, password = 'generated-data-password') {
  const { status, body } = await api('POST', '/api/auth/token', null, { username, password });
  if (status !== 200) {
    throw new Error(`token for ${username}: ${status} ${JSON.stringify(body)}`);
  }
  return body.token;
}

/** One register per till with an open shift (cash needs one): opened now, or still open from a last run. */
async function openTills(storeId, token) {
  const tills = [];
  for (let index = 1; index <= TILLS; index++) {
    const registerId = `${TILL_PREFIX}${String(index).padStart(2, '0')}`;
    let shift = await api('POST', '/api/shifts', token, { storeId, registerId, openingFloatCents: 20_000 });
    if (shift.status === 409) {
      shift = await api('GET', `/api/shifts/current?storeId=${storeId}&registerId=${registerId}`, token);
    }
    if (shift.status !== 201 && shift.status !== 200) {
      throw new Error(`shift for ${registerId}: ${shift.status} ${JSON.stringify(shift.body)}`);
    }
    tills.push({ registerId, shiftId: shift.body.id });
  }
  return tills;
}

/**
 * A new sale at a till: 5 different products sold by the piece, 1–3 of each, a card payment with a terminal
 * reference and cash for the rest. Tax in the generated stores is at most 8.845 %, so cash of the subtotal
 * plus 15 % always covers what is due (with change); the server prices the sale itself.
 */
function saleBody(storeId, catalog, till) {
  const picked = new Set();
  while (picked.size < LINES_PER_SALE) {
    picked.add(catalog[Math.floor(Math.random() * catalog.length)]);
  }
  const lines = [...picked].map((product) => ({ product, quantity: 1 + Math.floor(Math.random() * 3) }));
  const subtotal = lines.reduce((sum, line) => sum + line.product.price * line.quantity, 0);
  const cash = Math.ceil((subtotal * 1.15 - CARD_CENTS) / 1000) * 1000;
  return JSON.stringify({
    id: randomUUID(),
    storeId,
    registerId: till.registerId,
    shiftId: till.shiftId,
    lines: lines.map((line) => ({ productId: line.product.id, quantity: line.quantity })),
    tenders: [
      {
        method: 'card',
        amountCents: CARD_CENTS,
        reference: `AUTH${String(Math.floor(Math.random() * 1_000_000)).padStart(6, '0')}`,
      },
      { method: 'cash', amountCents: cash },
    ],
  });
}

/** The bare pg baseline of the checkout (bench/baseline-sale-writes.mjs), at the tills' concurrency. */
function runSaleBaseline(url, sample, warmupSeconds) {
  const result = spawnSync(process.execPath, ['bench/baseline-sale-writes.mjs'], {
    cwd: root,
    env: {
      ...env,
      DATABASE_URL: url,
      DB_MAX_CONNECTIONS: String(POOL_SIZE),
      CONNECTIONS: String(TILLS),
      SECONDS: String(seconds),
      WARMUP_SECONDS: String(warmupSeconds),
      STORE_ID: sample.store.id,
      CASHIER_ID: sample.cashier.id,
      REGISTER_PREFIX: BASELINE_REGISTER_PREFIX,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (result.status !== 0) {
    throw new Error('bench/baseline-sale-writes.mjs failed');
  }
  return JSON.parse(result.stdout.toString().trim().split('\n').at(-1));
}

/**
 * The bare pg baseline of a report (bench/baseline-report-sql.ts): the statements the service runs for one
 * request, replayed closed loop at `connections`, warmed up first, for BENCH_SECONDS.
 */
function reportBaseline(url, args, connections) {
  log(`report baseline (bare pg, same SQL): ${args[1]}, ${connections} connections`);
  const result = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      'bench/baseline-report-sql.ts',
      '--database-url',
      url,
      ...args,
      '--connections',
      String(connections),
      '--seconds',
      String(seconds),
      '--warmup-seconds',
      String(Math.min(3, seconds)),
      '--pool-size',
      String(POOL_SIZE),
    ],
    { cwd: root, env, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  if (result.status !== 0) {
    throw new Error('bench/baseline-report-sql.ts failed');
  }
  return JSON.parse(result.stdout.toString().trim().split('\n').at(-1));
}

function importCsv(rows) {
  const header =
    'sku,name,brand,category,species,barcodes,price_cents,cost_cents,tax_class,unit,active,lot_tracked';
  const lines = [header];
  for (let i = 0; i < rows; i++) {
    lines.push(
      `BENCH-${String(i).padStart(6, '0')},Bench Import Item ${i},Benchbrand,,dog,,${499 + (i % 100)},250,standard,each,true,false`,
    );
  }
  return `${lines.join('\n')}\n`;
}

function table(rows) {
  const head =
    '| scenario | concurrency | offered | req/s | p50 ms | p95 ms | p99 ms | errors | vs baseline | goal |';
  const rule = '|---|---:|---:|---:|---:|---:|---:|---:|---:|---|';
  const fmt = (value, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : '–');
  return [
    head,
    rule,
    ...rows.map(
      (r) =>
        `| ${r.name} | ${r.connections ?? '–'} | ${r.rate ? `${r.rate}/s` : 'max'} | ${fmt(r.requestsPerSecond, 0)} | ${fmt(r.p50)} | ${fmt(r.p95)} | ${fmt(r.p99)} | ${r.errors ?? 0} | ${r.ratio ?? ''} | ${goalCell(r)} |`,
    ),
  ].join('\n');
}

/** The goal and whether this run met it: `p95 ≤ 100 ms ✓` (a row may carry `goalP95`, ms, or a `goal` text). */
function goalCell(row) {
  if (row.goalP95 !== undefined) {
    const met = Number.isFinite(row.p95) && row.p95 <= row.goalP95 && !row.errors;
    return `p95 ≤ ${row.goalP95} ms ${met ? '✓' : '✗'}`;
  }
  return row.goal ?? '';
}

/** What went wrong in a scenario, for the notes under the table. */
function errorNote(name, result) {
  if (!result.errors) {
    return [];
  }
  const statuses = Object.entries(result.statuses ?? {})
    .map(([status, count]) => `${status} ×${count}`)
    .join(', ');
  return [`- ${name}: ${result.errors} errors (${statuses}); first: ${(result.samples ?? []).join(' | ')}`];
}

function residentMegabytes(child) {
  return (
    Number(
      spawnSync('ps', ['-o', 'rss=', '-p', String(child.pid)])
        .stdout.toString()
        .trim(),
    ) / 1024
  );
}

/** The most resident memory the process has had since it started (VmHWM), read just before it stops. */
function peakResidentMegabytes(child) {
  try {
    const match = readFileSync(`/proc/${child.pid}/status`, 'utf8').match(/^VmHWM:\s+(\d+) kB/m);
    return match ? `${(Number(match[1]) / 1024).toFixed(0)} MB` : 'unknown';
  } catch {
    return 'unknown (no /proc)';
  }
}

const CLOCK_TICKS_PER_SECOND = 100;

/** CPU time (ms) a process has used so far in user and kernel mode, from /proc; 0 once it has gone. */
function cpuMs(pid) {
  try {
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    const user = (Number(fields[11]) * 1000) / CLOCK_TICKS_PER_SECOND;
    const system = (Number(fields[12]) * 1000) / CLOCK_TICKS_PER_SECOND;
    return { user, system, total: user + system };
  } catch {
    return { user: 0, system: 0, total: 0 };
  }
}

/** CPU used so far by each PostgreSQL backend connected to this database (the server's pool). */
async function backendCpu(url) {
  const name = new URL(url).pathname.slice(1);
  const pids = await withClient(url, async (client) =>
    (
      await client.query(
        `select pid from pg_stat_activity
         where datname = $1 and backend_type = 'client backend' and pid <> pg_backend_pid()`,
        [name],
      )
    ).rows.map((row) => row.pid),
  );
  return new Map(pids.map((pid) => [pid, cpuMs(pid).total]));
}

/**
 * Where one scenario's CPU went, in ms per successful request: the server process, the PostgreSQL backends
 * of its pool and this process (the load generator). On 2 shared cores their sum bounds the throughput.
 */
async function measureCpu(url, app, work) {
  const backendsBefore = await backendCpu(url);
  const appBefore = cpuMs(app.pid);
  const selfBefore = process.cpuUsage();
  const result = await work();
  const self = process.cpuUsage(selfBefore);
  const appAfter = cpuMs(app.pid);
  let postgresMs = 0;
  for (const [pid, ms] of await backendCpu(url)) {
    postgresMs += ms - (backendsBefore.get(pid) ?? 0);
  }
  const successes = result.ok;
  return {
    ...result,
    cpu: {
      server: (appAfter.total - appBefore.total) / successes,
      'server in kernel': (appAfter.system - appBefore.system) / successes,
      postgres: postgresMs / successes,
      loadGenerator: (self.user + self.system) / 1000 / successes,
    },
  };
}

function cpuNote(name, cpu, per = 'sale') {
  const parts = Object.entries(cpu).map(([who, ms]) => `${who} ${ms.toFixed(2)}`);
  return `- ${name}: CPU ms per ${per} — ${parts.join(', ')}`;
}

/**
 * A read scenario measured closed loop, with the CPU each request cost the server and its PostgreSQL backends:
 * on the 2 shared cores the latencies follow whatever else runs, the CPU per request much less.
 */
async function measuredLoad({ url, app }, options) {
  return measureCpu(url, app, async () => {
    const result = await load(options);
    return { ...result, ok: result.total - result.errors };
  });
}

/** The scan lookup, search and import scenarios on the large catalog. */
async function catalogScenarios(scratch, children, rows, notes) {
  await ensureDatabase(databaseUrl);
  log(`data: ${sizes.stores} stores, ${sizes.products} products, ${sizes.sales} sales (reused when present)`);
  generate(databaseUrl, sizes);
  await vacuum(databaseUrl);
  const app = await startApp(databaseUrl, scratch);
  children.push(app);
  const baseline = start(['bench/baseline-lookup-server.mjs'], {
    PORT: String(BASELINE_PORT),
    DATABASE_URL: databaseUrl,
    DB_MAX_CONNECTIONS: String(POOL_SIZE),
  });
  children.push(baseline);
  await waitFor(`http://127.0.0.1:${BASELINE_PORT}/?code=x&storeId=00000000-0000-0000-0000-000000000000`);

  const data = await sampleData(databaseUrl);
  const cashierToken = await tokenFor(data.cashier.username);
  const storeId = data.cashier.store_id;
  const auth = { Authorization: `Bearer ${cashierToken}` };
  const appUrl = `http://127.0.0.1:${APP_PORT}`;
  notes.push(
    `- lookup/search/import data: ${data.productCount} products, ${sizes.stores} stores, ${sizes.sales} generated sales`,
  );

  if (wants('lookup')) {
    const lookupPaths = data.codes.map((code) => `/api/products/lookup?code=${code}&storeId=${storeId}`);
    const baselinePaths = data.codes.map((code) => `/?code=${code}&storeId=${storeId}`);
    log('scan lookup: warm-up');
    await load({ url: appUrl, paths: lookupPaths, headers: auth, connections: 8 });
    await load({ url: `http://127.0.0.1:${BASELINE_PORT}`, paths: baselinePaths, connections: 8 });
    for (const connections of [16]) {
      log(`scan lookup, ${connections} connections, max rate`);
      const base = await load({
        url: `http://127.0.0.1:${BASELINE_PORT}`,
        paths: baselinePaths,
        connections,
      });
      const mine = await load({ url: appUrl, paths: lookupPaths, headers: auth, connections });
      rows.push({ name: 'lookup baseline (node:http + pg)', connections, ...base, ratio: '1.00' });
      rows.push({
        name: 'lookup (cashier token)',
        connections,
        ...mine,
        ratio: (mine.requestsPerSecond / base.requestsPerSecond).toFixed(2),
      });
    }
    log('scan lookup at 300 requests/s');
    const steady = await load({ url: appUrl, paths: lookupPaths, headers: auth, connections: 16, rate: 300 });
    rows.push({ name: 'lookup (cashier token)', connections: 16, rate: 300, ...steady });
  }

  if (wants('search')) {
    const random = seededRandom(42);
    const searchPaths = data.names.map((name) => {
      const words = name.split(' ').filter((word) => /^[A-Za-z]{4,}$/.test(word));
      const pick = words.slice(0, 2).map((word) => typo(word.toLowerCase(), random));
      return `/api/products?q=${encodeURIComponent(pick.join(' '))}&limit=20`;
    });
    log('search, typo’d two-word queries at 50 requests/s');
    const search = await load({ url: appUrl, paths: searchPaths, headers: auth, connections: 8, rate: 50 });
    rows.push({ name: 'search (typo’d 2 words)', connections: 8, rate: 50, ...search });
  }

  if (wants('import')) {
    const managerToken = await tokenFor(data.manager.username);
    const csv = importCsv(IMPORT_ROWS);
    log(`import: ${IMPORT_ROWS}-row CSV`);
    const importStarted = performance.now();
    const imported = await fetch(`${appUrl}/api/products/import?dryRun=false`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${managerToken}`, 'Content-Type': 'text/csv' },
      body: csv,
    });
    const importSeconds = (performance.now() - importStarted) / 1000;
    notes.push(
      `- ${IMPORT_ROWS}-row CSV import (one request, dryRun=false): ${
        imported.ok
          ? `${importSeconds.toFixed(1)} s`
          : `failed: ${imported.status} ${(await imported.text()).slice(0, 200)}`
      }`,
    );
  }
  notes.push(
    `- server resident memory after the catalog scenarios: ${residentMegabytes(app).toFixed(0)} MB; peak (VmHWM) ${peakResidentMegabytes(app)}`,
  );
  peaks.push(['catalog scenarios', peakResidentMegabytes(app)]);
  await stop(baseline);
  await stop(app);
}

/** Checkout (and, on the largest history, the daily-sales report) on one sales database. */
async function salesScenarios(history, isLargest, scratch, children, rows, notes) {
  const label = `${sizeLabel(history)} sales`;
  const url = databaseUrlNamed(`${salesDatabasePrefix}${sizeLabel(history)}`);
  await ensureDatabase(url);
  log(`sales data (${label}): ${sizes.stores} stores, ${salesProducts} products (reused when present)`);
  generate(url, { stores: sizes.stores, products: salesProducts, sales: history });
  const removed = await removeBenchSales(url);
  log(`removed ${removed} sales of earlier benchmark runs`);
  await vacuum(url);
  const app = await startApp(url, scratch);
  children.push(app);
  const sample = await salesSample(url);
  notes.push(
    `- ${label} database ${new URL(url).pathname.slice(1)}: ${sample.history} historical sales, ${salesProducts} products; checkout sells at store ${sample.store.code} (${sample.catalog.length} products sold by the piece)`,
  );
  const appUrl = `http://127.0.0.1:${APP_PORT}`;

  const cashierToken = await tokenFor(sample.cashier.username);
  const tills = wants('checkout') || wants('return') ? await openTills(sample.store.id, cashierToken) : [];
  const checkout = {
    url: appUrl,
    path: '/api/sales',
    headers: { Authorization: `Bearer ${cashierToken}` },
    tills,
    bodyFor: (till) => saleBody(sample.store.id, sample.catalog, till),
    expect: 201,
  };
  const warmupSeconds = Math.min(3, seconds);
  if (wants('checkout')) {
    log(`checkout (${label}): warm-up`);
    await loadTills({ ...checkout, durationSeconds: warmupSeconds });
    log(`checkout baseline (${label}): bare pg writes, ${TILLS} tills`);
    const base = runSaleBaseline(url, sample, warmupSeconds);
    log(`checkout (${label}): ${TILLS} tills, max rate`);
    const max = await measureCpu(url, app, () => loadTills(checkout));
    log(`checkout (${label}): ${CHECKOUT_RATE} sales/s offered`);
    const steady = await paced({
      url: appUrl,
      requestFor: (_index, till) => ({ method: 'POST', path: '/api/sales', body: checkout.bodyFor(till) }),
      headers: checkout.headers,
      connections: TILLS,
      rate: CHECKOUT_RATE,
      expect: 201,
      slots: tills,
    });
    rows.push({
      name: `checkout baseline, ${label} (bare pg, same writes)`,
      connections: TILLS,
      ...base,
      ratio: '1.00',
    });
    rows.push({
      name: `checkout POST /api/sales, ${label}`,
      connections: TILLS,
      ...max,
      ratio: (max.requestsPerSecond / base.requestsPerSecond).toFixed(2),
    });
    rows.push({
      name: `checkout POST /api/sales, ${label}`,
      connections: TILLS,
      rate: CHECKOUT_RATE,
      ...steady,
    });
    if (base.errors) {
      notes.push(`- checkout baseline, ${label}: ${base.errors} errors; first: ${base.firstError}`);
    }
    notes.push(cpuNote(`checkout baseline, ${label}`, base.cpu));
    notes.push(cpuNote(`checkout, ${label}, max`, max.cpu));
    notes.push(...errorNote(`checkout, ${label}, max`, max));
    notes.push(...errorNote(`checkout, ${label}, ${CHECKOUT_RATE}/s`, steady));
  }

  if (wants('return') && isLargest) {
    if (!wants('checkout')) {
      // Sales to return: the checkout scenario's, or (run alone) as many rung up at max rate first.
      log(`return (${label}): ringing up sales to return`);
      await loadTills(checkout);
    }
    await returnScenario(
      kit,
      { url, appUrl, storeId: sample.store.id, tills, token: cashierToken, label, rate: RETURN_RATE },
      rows,
      notes,
    );
  }

  if (
    isLargest &&
    (wants('checkout') || wants('return')) &&
    wantsAny(['report', 'dashboard', 'sales-report'])
  ) {
    // The tills' sales land on today's business date, which the report and dashboard read: thousands more than
    // a generated store-day would skew them (seen run at 23:00 in the store's zone: dashboard p95 23 → 185 ms).
    const removed = await removeBenchSales(url);
    log(`removed the ${removed} sales this run rang up, so the reports read the generated history`);
  }

  if (wants('report') && isLargest) {
    const managerToken = await tokenFor(sample.manager.username);
    const reportPath = `/api/reports/daily-sales?storeId=${sample.store.id}&date=${sample.reportDate}`;
    const auth = { Authorization: `Bearer ${managerToken}` };
    log(`daily-sales report (${label}): ${sample.reportDate}, ${REPORT_CONNECTIONS} connections`);
    await load({ url: appUrl, paths: [reportPath], headers: auth, connections: REPORT_CONNECTIONS });
    const report = await load({
      url: appUrl,
      paths: [reportPath],
      headers: auth,
      connections: REPORT_CONNECTIONS,
    });
    rows.push({
      name: `daily-sales report, ${label} (1 store-day, manager token)`,
      connections: REPORT_CONNECTIONS,
      ...report,
      goalP95: 50,
    });
    notes.push(
      `- daily-sales report: store ${sample.store.code}, ${sample.reportDate}, ${sample.reportDaySales} sales that day`,
    );
  }
  if (wants('dashboard') && isLargest) {
    await dashboardScenario({ url, app, appUrl }, sample, label, rows, notes);
  }

  if (wants('sales-report') && isLargest) {
    await salesReportScenario({ url, app, appUrl }, sample, label, rows, notes);
  }

  if (wants('login') && isLargest) {
    await loginScenario(
      kit,
      { url, appUrl, label, rate: LOGIN_RATE, connections: LOGIN_CONNECTIONS },
      rows,
      notes,
    );
  }
  notes.push(
    `- server resident memory after the ${label} scenarios: ${residentMegabytes(app).toFixed(0)} MB; peak (VmHWM) ${peakResidentMegabytes(app)}`,
  );
  peaks.push([`${label} scenarios`, peakResidentMegabytes(app)]);
  await stop(app);
}

/** The business date a store's wall clock shows now. */
function todayIn(timeZone) {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date());
}

/**
 * The back office's dashboard as its screen loads it for one store: GET /api/reports/dashboard?storeId= (today
 * so far against the same weekday last week) and GET /api/stores?limit=500 (its store picker), as the store's
 * manager, each closed loop at 1 and at REPORT_CONNECTIONS connections after a warm-up. Today is the store's today when the data
 * reaches it (scripts/generate-data.ts generates through each store's today); with data generated on an
 * earlier day the dashboard is asked for its last generated day (`date=`, the same statement, whole days).
 */
async function dashboardScenario({ url, app, appUrl }, sample, label, rows, notes) {
  const token = await tokenFor(sample.manager.username);
  const auth = { Authorization: `Bearer ${token}` };
  const today = todayIn(sample.store.timezone);
  const isToday = sample.reportDate >= today;
  const dashboardPath = `/api/reports/dashboard?storeId=${sample.store.id}${isToday ? '' : `&date=${sample.reportDate}`}`;
  const first = await api('GET', dashboardPath, token);
  if (first.status !== 200) {
    throw new Error(`dashboard: ${first.status} ${JSON.stringify(first.body).slice(0, 300)}`);
  }
  const calls = [
    {
      name: `dashboard GET /api/reports/dashboard, ${label} (1 store, today, manager token)`,
      path: dashboardPath,
      baseline: [
        '--report',
        'dashboard',
        '--store-id',
        sample.store.id,
        ...(isToday ? [] : ['--date', sample.reportDate]),
      ],
    },
    {
      name: 'dashboard GET /api/stores?limit=500 (its store picker, manager token)',
      path: '/api/stores?limit=500',
    },
  ];
  // One connection: a manager's screen, one request after the other. REPORT_CONNECTIONS: four screens
  // refreshing without pause, as the daily-sales report is measured.
  for (const call of calls) {
    for (const connections of [1, REPORT_CONNECTIONS]) {
      log(`${call.name}: ${connections} connections`);
      await load({ url: appUrl, paths: [call.path], headers: auth, connections });
      const result = await measuredLoad(
        { url, app },
        { url: appUrl, paths: [call.path], headers: auth, connections },
      );
      const base = call.baseline ? reportBaseline(url, call.baseline, connections) : null;
      if (base) {
        rows.push({ name: `${call.name} baseline (bare pg, same SQL)`, connections, ...base, ratio: '1.00' });
      }
      rows.push({
        name: call.name,
        connections,
        ...result,
        goalP95: 100,
        ratio: base ? (result.requestsPerSecond / base.requestsPerSecond).toFixed(2) : undefined,
      });
      notes.push(cpuNote(`${call.name}, ${connections} connection(s)`, result.cpu, 'request'));
    }
  }
  notes.push(
    isToday
      ? `- dashboard: store ${sample.store.code} (${sample.store.timezone}), today ${today}: ${first.body.today.transactions} sales, ${first.body.lastWeek.transactions} last week so far`
      : `- dashboard: store ${sample.store.code}: the data ends on ${sample.reportDate}, before its today ${today} (generated on an earlier day), so the bench asked for date=${sample.reportDate}: ${first.body.today.transactions} sales, ${first.body.lastWeek.transactions} on the same weekday before; regenerate the database to measure today itself`,
  );
}

/**
 * GET /api/reports/sales?groupBy=category over the SALES_REPORT_DAYS days ending on the last generated day, every
 * store (no storeId, admin token), closed loop at REPORT_CONNECTIONS after a warm-up.
 */
async function salesReportScenario({ url, app, appUrl }, sample, label, rows, notes) {
  const token = await tokenFor(sample.admin.username);
  const to = sample.lastDay;
  const from = new Date(Date.parse(`${to}T00:00:00Z`) - (SALES_REPORT_DAYS - 1) * 86_400_000)
    .toISOString()
    .slice(0, 10);
  const reportPath = `/api/reports/sales?from=${from}&to=${to}&groupBy=category`;
  const first = await api('GET', reportPath, token);
  if (first.status !== 200) {
    throw new Error(`sales report: ${first.status} ${JSON.stringify(first.body).slice(0, 300)}`);
  }
  const auth = { Authorization: `Bearer ${token}` };
  log(`sales report by category, ${from}…${to}, all stores: ${REPORT_CONNECTIONS} connections`);
  await load({ url: appUrl, paths: [reportPath], headers: auth, connections: REPORT_CONNECTIONS });
  const result = await measuredLoad(
    { url, app },
    { url: appUrl, paths: [reportPath], headers: auth, connections: REPORT_CONNECTIONS },
  );
  const name = `sales report by category, ${label} (${SALES_REPORT_DAYS} days, all stores, admin token)`;
  const base = reportBaseline(url, ['--report', 'sales', '--from', from, '--to', to], REPORT_CONNECTIONS);
  rows.push({
    name: `${name} baseline (bare pg, same SQL)`,
    connections: REPORT_CONNECTIONS,
    ...base,
    ratio: '1.00',
  });
  rows.push({
    name,
    connections: REPORT_CONNECTIONS,
    ...result,
    goalP95: 500,
    ratio: (result.requestsPerSecond / base.requestsPerSecond).toFixed(2),
  });
  notes.push(cpuNote(name, result.cpu, 'request'));
  notes.push(
    `- sales report: ${from}…${to}, all ${sizes.stores} stores, ${first.body.rows.length} categories, ${first.body.totals.transactions} sales`,
  );
}

const children = [];
/** [which server, its peak resident memory]: printed under the table. */
const peaks = [];
const scratch = mkdtempSync(path.join(tmpdir(), 'pos-bench-'));
/** What the scenario modules (bench/scenarios/*.mjs) use from the runner. */
const kit = {
  log,
  seconds,
  APP_PORT,
  TILL_PREFIX,
  CARD_CENTS,
  withClient,
  paced,
  loadTills,
  errorNote,
  api,
  tokenFor,
  openTills,
  saleBody,
  startApp,
  stop,
  peakResidentMegabytes,
};
try {
  if (!existsSync(path.join(root, 'dist', 'index.js'))) {
    run('npm', ['run', 'build']);
  }
  const rows = [];
  const notes = [];
  if (wants('lookup') || wants('search') || wants('import')) {
    await catalogScenarios(scratch, children, rows, notes);
  }
  if (SALES_SCENARIOS.some(wants)) {
    const largest = Math.max(...salesHistories);
    for (const history of salesHistories) {
      // Only the checkout runs on every history; the reports read the largest one.
      if (history !== largest && !wants('checkout')) {
        continue;
      }
      await salesScenarios(history, history === largest, scratch, children, rows, notes);
    }
  }
  if (wants('embedded')) {
    peaks.push(['embedded PGlite checkout', await embeddedCheckout(kit, scratch, children, rows, notes)]);
  }

  // A partial run (BENCH_ONLY) gets its own name, so it is never mistaken for the day's full run; a second
  // run on the same day gets -2, -3 … (results are never replaced).
  const date = new Date().toISOString().slice(0, 10);
  mkdirSync(resultsDirectory, { recursive: true });
  const file = newResultName(resultsDirectory, env.BENCH_ONLY ? `${date}-${[...only].join('-')}` : date);
  const report = [
    `## Benchmark ${new Date().toISOString()}`,
    '',
    `Scenarios: ${[...only].join(', ')}${quick ? ' (BENCH_QUICK: small data, a smoke run of the runner; the figures mean nothing)' : ''}. PostgreSQL pool ${POOL_SIZE} (server and baselines); ${seconds} s per scenario; 2-core machine shared with other work, load generator on the same machine: figures are noisy.`,
    '',
    table(rows),
    '',
    `Server peak resident memory (VmHWM, over each server's whole run): ${peaks.map(([which, peak]) => `${which} ${peak}`).join('; ') || '–'}.`,
    '',
    ...notes,
    '',
  ].join('\n');
  console.log(report);
  const comparable = rows.map((row) => ({
    name: row.name,
    connections: String(row.connections ?? '–'),
    offered: row.rate ? `${row.rate}/s` : 'max',
    p95: row.p95,
    requestsPerSecond: row.requestsPerSecond,
  }));
  const comparison = compareWithPrevious(resultsDirectory, file, comparable);
  console.log(
    comparison ?? 'No earlier result in bench/results shares a row with this run: nothing to compare.',
  );
  // The comparison goes into the file too (after the run's own table, which is what later runs compare with).
  writeFileSync(path.join(resultsDirectory, file), comparison ? `${report}\n${comparison}\n` : report);
  console.log(`\nWritten to ${path.relative(root, path.join(resultsDirectory, file))}`);
} finally {
  for (const child of children) {
    child.kill('SIGTERM');
  }
  rmSync(scratch, { recursive: true, force: true });
}
