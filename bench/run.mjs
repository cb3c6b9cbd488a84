// `npm run bench`: the benchmark suite on the machine's PostgreSQL (and Redis), printing one Markdown table.
// It fills a benchmark database with scripts/generate-data.ts (reused when already there), starts the built
// server and a bare node:http + pg baseline, and drives both with autocannon from this process.
// Environment: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/pos_bench), BENCH_REDIS_URL,
// BENCH_STORES (10), BENCH_PRODUCTS (100000), BENCH_SALES (1000000), BENCH_SECONDS (10 per scenario).
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const env = process.env;
const databaseUrl = env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/pos_bench';
const redisUrl = env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const sizes = {
  stores: Number(env.BENCH_STORES ?? 10),
  products: Number(env.BENCH_PRODUCTS ?? 100_000),
  sales: Number(env.BENCH_SALES ?? 1_000_000),
};
const seconds = Number(env.BENCH_SECONDS ?? 10);
const APP_PORT = 3701;
const BASELINE_PORT = 3702;
const POOL_SIZE = 10;

function log(message) {
  console.error(`[bench] ${message}`);
}

async function ensureDatabase() {
  const url = new URL(databaseUrl);
  const name = url.pathname.slice(1);
  url.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: url.toString() });
  await admin.connect();
  const { rowCount } = await admin.query('select 1 from pg_database where datname = $1', [name]);
  if (!rowCount) {
    await admin.query(`create database ${name}`);
  }
  await admin.end();
}

/**
 * Every run measures the same steady state: earlier runs' imports leave dead row versions and unset hint
 * bits that autovacuum may or may not have cleaned up yet.
 */
async function vacuum() {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  await client.query('vacuum analyze');
  await client.end();
}

function run(command, args, extraEnv = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...env, ...extraEnv } });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed`);
  }
}

function start(script, extraEnv) {
  const child = spawn(process.execPath, script, {
    cwd: root,
    env: { ...env, ...extraEnv },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  child.stdout.resume();
  return child;
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

function percentile(sorted, p) {
  if (sorted.length === 0) {
    return Number.NaN;
  }
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/**
 * Offers `rate` requests per second at even intervals (autocannon's overallRate sends each second's share
 * in a burst, which measures its own queueing). Latency counts from when a request was due, not when a
 * socket was free, so a server that falls behind is not flattered (no coordinated omission).
 */
function paced({ url, paths, headers = {}, connections, rate }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const target = new URL(url);
  const latencies = [];
  let errors = 0;
  const count = Math.round(rate * seconds);
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
          requestsPerSecond: count / ((performance.now() - started) / 1000),
          p50: percentile(latencies, 50),
          p95: percentile(latencies, 95),
          p99: percentile(latencies, 99),
          errors,
          total: count,
        });
      }
    };
    const tick = () => {
      const now = performance.now();
      while (sent < count && started + (sent * 1000) / rate <= now) {
        const dueAt = started + (sent * 1000) / rate;
        const path = paths[sent % paths.length];
        sent++;
        const request = http.get(
          { host: target.hostname, port: target.port, path, headers, agent },
          (response) => {
            response.resume();
            response.on('end', () => {
              if (response.statusCode !== 200) {
                errors++;
              }
              latencies.push(performance.now() - dueAt);
              finish();
            });
          },
        );
        request.on('error', () => {
          errors++;
          finish();
        });
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
    return paced({ url, paths, headers, connections, rate });
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

async function sampleData() {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
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
  await client.end();
  return { codes, names, cashier, manager, productCount };
}

async function tokenFor(username) {
  const response = await fetch(`http://127.0.0.1:${APP_PORT}/api/auth/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password: 'generated-data-password' }),
  });
  if (!response.ok) {
    throw new Error(`token for ${username}: ${response.status} ${await response.text()}`);
  }
  return (await response.json()).token;
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
    '| scenario | concurrency | offered | req/s | p50 ms | p95 ms | p99 ms | errors | vs baseline |';
  const rule = '|---|---:|---:|---:|---:|---:|---:|---:|---:|';
  const fmt = (value, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : '–');
  return [
    head,
    rule,
    ...rows.map(
      (r) =>
        `| ${r.name} | ${r.connections ?? '–'} | ${r.rate ? `${r.rate}/s` : 'max'} | ${fmt(r.requestsPerSecond, 0)} | ${fmt(r.p50)} | ${fmt(r.p95)} | ${fmt(r.p99)} | ${r.errors ?? 0} | ${r.ratio ?? ''} |`,
    ),
  ].join('\n');
}

const children = [];
const scratch = mkdtempSync(path.join(tmpdir(), 'pos-bench-'));
try {
  await ensureDatabase();
  log(`data: ${sizes.stores} stores, ${sizes.products} products, ${sizes.sales} sales (reused when present)`);
  run(process.execPath, [
    '--import',
    'tsx',
    'scripts/generate-data.ts',
    '--database-url',
    databaseUrl,
    '--stores',
    String(sizes.stores),
    '--products',
    String(sizes.products),
    '--sales',
    String(sizes.sales),
  ]);
  await vacuum();
  if (!existsSync(path.join(root, 'dist', 'index.js'))) {
    run('npm', ['run', 'build']);
  }
  const secret = randomBytes(36).toString('base64url');
  const app = start(['dist/index.js'], {
    NODE_ENV: 'production',
    PORT: String(APP_PORT),
    HOST: '127.0.0.1',
    DATABASE_URL: databaseUrl,
    DB_MAX_CONNECTIONS: String(POOL_SIZE),
    REDIS_URL: redisUrl,
    REDIS_KEY_PREFIX: `pos-bench-${process.pid}:`,
    JWT_SECRET: secret,
    SESSION_SECRET: `${secret}-session`,
    LOG_LEVEL: 'warn',
    LOG_DIR: path.join(scratch, 'logs'),
    LOGIN_RATE_LIMIT_PER_MINUTE: '1000',
    BCRYPT_ROUNDS: '10',
  });
  children.push(app);
  const baseline = start(['bench/baseline-lookup-server.mjs'], {
    PORT: String(BASELINE_PORT),
    DATABASE_URL: databaseUrl,
    DB_MAX_CONNECTIONS: String(POOL_SIZE),
  });
  children.push(baseline);
  await waitFor(`http://127.0.0.1:${APP_PORT}/api/health`);
  await waitFor(`http://127.0.0.1:${BASELINE_PORT}/?code=x&storeId=00000000-0000-0000-0000-000000000000`);

  const data = await sampleData();
  const cashierToken = await tokenFor(data.cashier.username);
  const storeId = data.cashier.store_id;
  const lookupPaths = data.codes.map((code) => `/api/products/lookup?code=${code}&storeId=${storeId}`);
  const baselinePaths = data.codes.map((code) => `/?code=${code}&storeId=${storeId}`);
  const auth = { Authorization: `Bearer ${cashierToken}` };
  const rows = [];

  log('scan lookup: warm-up');
  await load({ url: `http://127.0.0.1:${APP_PORT}`, paths: lookupPaths, headers: auth, connections: 8 });
  await load({ url: `http://127.0.0.1:${BASELINE_PORT}`, paths: baselinePaths, connections: 8 });
  for (const connections of [16]) {
    log(`scan lookup, ${connections} connections, max rate`);
    const base = await load({ url: `http://127.0.0.1:${BASELINE_PORT}`, paths: baselinePaths, connections });
    const mine = await load({
      url: `http://127.0.0.1:${APP_PORT}`,
      paths: lookupPaths,
      headers: auth,
      connections,
    });
    rows.push({ name: 'lookup baseline (node:http + pg)', connections, ...base, ratio: '1.00' });
    rows.push({
      name: 'lookup (cashier token)',
      connections,
      ...mine,
      ratio: (mine.requestsPerSecond / base.requestsPerSecond).toFixed(2),
    });
  }
  log('scan lookup at 300 requests/s');
  const paced = await load({
    url: `http://127.0.0.1:${APP_PORT}`,
    paths: lookupPaths,
    headers: auth,
    connections: 16,
    rate: 300,
  });
  rows.push({ name: 'lookup (cashier token)', connections: 16, rate: 300, ...paced });

  const random = seededRandom(42);
  const searchPaths = data.names.map((name) => {
    const words = name.split(' ').filter((word) => /^[A-Za-z]{4,}$/.test(word));
    const pick = words.slice(0, 2).map((word) => typo(word.toLowerCase(), random));
    return `/api/products?q=${encodeURIComponent(pick.join(' '))}&limit=20`;
  });
  log('search, typo’d two-word queries at 50 requests/s');
  const search = await load({
    url: `http://127.0.0.1:${APP_PORT}`,
    paths: searchPaths,
    headers: auth,
    connections: 8,
    rate: 50,
  });
  rows.push({ name: 'search (typo’d 2 words)', connections: 8, rate: 50, ...search });

  const managerToken = await tokenFor(data.manager.username);
  const csv = importCsv(50_000);
  log('import: 50k-row CSV');
  const importStarted = performance.now();
  const imported = await fetch(`http://127.0.0.1:${APP_PORT}/api/products/import?dryRun=false`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${managerToken}`, 'Content-Type': 'text/csv' },
    body: csv,
  });
  const importSeconds = (performance.now() - importStarted) / 1000;
  const importNote = imported.ok
    ? `${importSeconds.toFixed(1)} s`
    : `failed: ${imported.status} ${(await imported.text()).slice(0, 200)}`;

  const rss =
    Number(
      spawnSync('ps', ['-o', 'rss=', '-p', String(app.pid)])
        .stdout.toString()
        .trim(),
    ) / 1024;
  const date = new Date().toISOString().slice(0, 10);
  const report = [
    `## Benchmark ${new Date().toISOString()}`,
    '',
    `Data: ${data.productCount} products, ${sizes.stores} stores, ${sizes.sales} generated sales; PostgreSQL pool ${POOL_SIZE}; ${seconds} s per scenario; 2-core machine, load generator on the same machine.`,
    '',
    table(rows),
    '',
    `- 50k-row CSV import (one request, dryRun=false): ${importNote}`,
    `- server resident memory after the run: ${rss.toFixed(0)} MB`,
    '',
  ].join('\n');
  console.log(report);
  mkdirSync(path.join(root, 'bench', 'results'), { recursive: true });
  const previous = readdirSync(path.join(root, 'bench', 'results'))
    .filter((file) => file.endsWith('.md') && file !== `${date}.md`)
    .sort()
    .at(-1);
  if (previous) {
    console.log(
      `Previous result (${previous}):\n\n${readFileSync(path.join(root, 'bench', 'results', previous), 'utf8')}`,
    );
  }
  writeFileSync(path.join(root, 'bench', 'results', `${date}.md`), report);
} finally {
  for (const child of children) {
    child.kill('SIGTERM');
  }
  rmSync(scratch, { recursive: true, force: true });
}
