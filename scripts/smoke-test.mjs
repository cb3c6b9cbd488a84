// Smoke test of the built server: start dist/index.js, wait for /api/health, sign in as a demo user,
// restart the process and check the session survived, then stop it with SIGTERM and check it exits cleanly.
// Usage: node scripts/smoke-test.mjs [--postgres <admin-url>] [--redis <url>]
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import pg from 'pg';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name) => {
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : undefined;
};
const adminUrl = option('--postgres');
const redisUrl = option('--redis');
const port = 3900 + Math.floor(Math.random() * 90);
const base = `http://127.0.0.1:${port}`;
const dataDir = mkdtempSync(path.join(tmpdir(), 'pos-smoke-'));
let dbName;
let databaseUrl;

function fail(message) {
  console.error(`SMOKE FAILED: ${message}`);
  process.exitCode = 1;
  throw new Error(message);
}

/** The till's round trip on the built server: open a shift, sell for cash, print the receipt, retry the sale. */
async function ringUpSale(cookie, csrfToken) {
  const call = async (method, path, body) => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { Cookie: cookie, 'X-CSRF-Token': csrfToken, 'Content-Type': 'application/json' },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await response.text();
    return { status: response.status, text, json: () => JSON.parse(text) };
  };
  const stores = await call('GET', '/api/stores');
  const store = stores.json().items[0];
  const products = await call('GET', '/api/products?active=true&limit=50');
  const product = products.json().items.find((item) => item.unit === 'each');
  if (!store || !product) {
    fail(`no demo store or product to sell: ${stores.status} ${products.status}`);
  }
  const registerId = `smoke-${process.pid}`;
  const shift = await call('POST', '/api/shifts', {
    storeId: store.id,
    registerId,
    openingFloatCents: 10_000,
  });
  if (shift.status !== 201) {
    fail(`opening a shift answered ${shift.status}: ${shift.text}`);
  }
  const sale = {
    id: randomUUID(),
    storeId: store.id,
    registerId,
    shiftId: shift.json().id,
    lines: [{ productId: product.id, quantity: 1 }],
    tenders: [{ method: 'cash', amountCents: product.priceCents * 2 + 1000 }],
  };
  const first = await call('POST', '/api/sales', sale);
  if (first.status !== 201) {
    fail(`a cash sale answered ${first.status}: ${first.text}`);
  }
  const again = await call('POST', '/api/sales', sale);
  if (again.status !== 200 || again.text !== first.text) {
    fail(
      `the same sale sent again answered ${again.status} with ${again.text === first.text ? 'the same' : 'another'} body`,
    );
  }
  const receipt = await fetch(`${base}/api/sales/${sale.id}/receipt`, {
    headers: { Cookie: cookie, Accept: 'text/plain' },
  });
  const { receiptNumber, totalCents, changeDueCents } = first.json();
  if (receipt.status !== 200 || !(await receipt.text()).includes(receiptNumber)) {
    fail(`the receipt of ${receiptNumber} answered ${receipt.status}`);
  }
  console.log(
    `[${mode}] sold ${product.sku} for ${totalCents} cents in cash (change ${changeDueCents}), receipt ${receiptNumber}; the retry got the same sale`,
  );
}

async function createDatabase() {
  dbName = `pos_smoke_${randomBytes(4).toString('hex')}`;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  await client.query(`create database ${dbName}`);
  await client.end();
  const url = new URL(adminUrl);
  url.pathname = `/${dbName}`;
  databaseUrl = url.toString();
}

async function dropDatabase() {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  await client.query(`drop database if exists ${dbName} with (force)`);
  await client.end();
}

function startServer() {
  const env = {
    ...process.env,
    NODE_ENV: 'development',
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_DIR: path.join(dataDir, 'logs'),
    SEED_DEMO: 'true',
    BCRYPT_ROUNDS: '12',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : { DATABASE_URL: '' }),
    ...(redisUrl ? { REDIS_URL: redisUrl, REDIS_KEY_PREFIX: `pos-smoke-${port}:` } : { REDIS_URL: '' }),
  };
  const child = spawn(process.execPath, ['dist/index.js'], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr.on('data', (chunk) => {
    output += chunk;
  });
  return { child, output: () => output, startedAt: performance.now() };
}

async function waitHealthy(server) {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (server.child.exitCode !== null) {
      fail(`server exited early (${server.child.exitCode}):\n${server.output()}`);
    }
    try {
      const response = await fetch(`${base}/api/health`);
      if (response.status === 200) {
        return { ms: Math.round(performance.now() - server.startedAt), body: await response.json() };
      }
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  fail(`not healthy within 120 s:\n${server.output()}`);
}

async function stopServer(server) {
  server.child.kill('SIGTERM');
  const code = await new Promise((resolve) => server.child.on('exit', (exitCode) => resolve(exitCode)));
  if (code !== 0) {
    fail(`server did not shut down cleanly (exit ${code}):\n${server.output()}`);
  }
}

/** A production start with the development secrets must refuse, naming the variables. */
async function checkProductionRefusesDefaultSecrets() {
  const child = spawn(process.execPath, ['dist/index.js'], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://x@127.0.0.1:1/x',
      JWT_SECRET: '',
      SESSION_SECRET: 'short',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr.on('data', (chunk) => {
    output += chunk;
  });
  const code = await new Promise((resolve) => child.on('exit', resolve));
  if (
    code === 0 ||
    !/JWT_SECRET/.test(output) ||
    !/SESSION_SECRET: must be at least 32 characters/.test(output)
  ) {
    fail(`production start with default secrets was not refused (exit ${code}):\n${output}`);
  }
  console.log('production start with default/short secrets refused, naming JWT_SECRET and SESSION_SECRET');
}

const mode = databaseUrl || adminUrl ? `PostgreSQL${redisUrl ? ' + Redis' : ''}` : 'embedded PGlite';
try {
  await checkProductionRefusesDefaultSecrets();
  if (adminUrl) {
    await createDatabase();
  }
  let server = startServer();
  const first = await waitHealthy(server);
  console.log(`[${mode}] first start healthy in ${first.ms} ms: ${JSON.stringify(first.body)}`);
  if (!server.output().includes('Password: ')) {
    fail('the demo logins were not printed');
  }

  const login = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: 'cashier1', password: process.env.DEMO_PASSWORD ?? 'demo-password-1' }),
  });
  if (login.status !== 200) {
    fail(`login answered ${login.status}: ${await login.text()}`);
  }
  const cookie = login.headers.get('set-cookie')?.split(';')[0];
  const page = await fetch(`${base}/`);
  if (page.status !== 200 || !(await page.text()).includes('<div id="root">')) {
    fail('the app page is not served at /');
  }
  await stopServer(server);

  server = startServer();
  const second = await waitHealthy(server);
  console.log(`[${mode}] second start healthy in ${second.ms} ms`);
  const me = await fetch(`${base}/api/auth/me`, { headers: { Cookie: cookie } });
  if (me.status !== 200) {
    fail(`the session did not survive a restart: /api/auth/me answered ${me.status}`);
  }
  const { csrfToken } = await me.json();
  console.log(`[${mode}] signed in as cashier1; session survived a restart`);
  await ringUpSale(cookie, csrfToken);

  // Graceful shutdown: a sign-in in flight (bcrypt keeps it busy for a while) still gets its answer.
  const inFlight = fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: 'manager1', password: process.env.DEMO_PASSWORD ?? 'demo-password-1' }),
  });
  await new Promise((resolve) => setTimeout(resolve, 40));
  const exited = stopServer(server);
  const answer = await inFlight;
  if (answer.status !== 200) {
    fail(`a request in flight at SIGTERM answered ${answer.status}`);
  }
  await exited;
  console.log(`[${mode}] SIGTERM: the in-flight request was answered, then the server exited with 0`);
  console.log(`[${mode}] smoke test passed`);
} finally {
  rmSync(dataDir, { recursive: true, force: true });
  if (dbName) {
    await dropDatabase();
  }
  if (redisUrl) {
    // Leave Redis as we found it: drop the sessions and rate-limit counters this run wrote.
    const redis = new Redis(redisUrl);
    const keys = await redis.keys(`pos-smoke-${port}:*`);
    if (keys.length > 0) {
      await redis.del(...keys);
    }
    await redis.quit();
  }
}
