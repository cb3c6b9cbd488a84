// No secrets in logs: the built server on PostgreSQL + Redis with LOG_LEVEL=debug writes real log files to a
// LOG_DIR of ours while a scenario signs in with right and wrong passwords, issues and uses a bearer token,
// locks and PIN-unlocks a till session (a wrong PIN first), rings up a sale, changes a password and signs out.
// Then every file in LOG_DIR and the process's stdout/stderr are searched for each password, PIN, token,
// session cookie, CSRF token and the JWT/session secrets: zero hits.
import { execFile } from 'node:child_process';
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestDatabase,
  DEMO_PASSWORD,
  REDIS_URL,
  type ServerProcess,
  startBuiltServer,
  type TestDatabase,
  tempDir,
  removeLeftovers,
  seedDemo,
} from './support/common';
import {
  type FullAnswer,
  filesUnder,
  freshRequest,
  readText,
  secretHits,
  sessionCookieOf,
} from './support/security';
import { sessionCookieSecrets } from './support/security';

const _run = promisify(execFile);

let database: TestDatabase;
let server: ServerProcess;
let home: string;
let logDir: string;
let redisPrefix: string;
let serverOutput = '';
const secrets: { label: string; value: string }[] = [];

function secret(label: string, value: string): string {
  secrets.push({ label, value });
  return value;
}

async function sql<T extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

type Session = { cookie: string; csrfToken: string };

async function api(
  method: string,
  urlPath: string,
  options: { session?: Session; bearer?: string; body?: unknown } = {},
): Promise<FullAnswer> {
  const headers: Record<string, string> = {};
  if (options.session) {
    headers.Cookie = options.session.cookie;
    headers['X-CSRF-Token'] = options.session.csrfToken;
  }
  if (options.bearer) {
    headers.Authorization = `Bearer ${options.bearer}`;
  }
  return freshRequest(server.port, method, urlPath, { headers, body: options.body });
}

async function signIn(username: string, password: string): Promise<Session> {
  const answer = await api('POST', '/api/auth/login', { body: { username, password } });
  expect(answer.status, answer.body).toBe(200);
  const cookie = sessionCookieOf(answer)!;
  secrets.push(...sessionCookieSecrets(`session cookie of ${username}`, cookie));
  const csrfToken = secret(
    `CSRF token of ${username}`,
    (JSON.parse(answer.body) as { csrfToken: string }).csrfToken,
  );
  return { cookie, csrfToken };
}

beforeAll(async () => {
  database = await createTestDatabase('pos_security_logs');
  await seedDemo(database.url);
  home = tempDir('security-logs');
  logDir = path.join(home, 'logs');
  redisPrefix = `pos-security-logs-${randomBytes(4).toString('hex')}:`;
  server = await startBuiltServer({
    DATABASE_URL: database.url,
    DB_MAX_CONNECTIONS: '5',
    REDIS_URL,
    REDIS_KEY_PREFIX: redisPrefix,
    SEED_DEMO: 'false',
    LOG_DIR: logDir,
    LOG_LEVEL: 'debug',
    BCRYPT_ROUNDS: '4',
    JWT_SECRET: secret('JWT_SECRET', `jwt-${randomBytes(24).toString('hex')}`),
    SESSION_SECRET: secret('SESSION_SECRET', `session-${randomBytes(24).toString('hex')}`),
  });
}, 300_000);

afterAll(async () => {
  await server?.stop();
  await removeLeftovers({ database, home, redisPrefix });
});

describe('no secrets in logs', () => {
  it('a scenario of sign-ins, tokens, PIN unlocks, a sale and a password change leaves no secret in any log', async () => {
    secret('the demo password', DEMO_PASSWORD);
    const admin = await signIn('admin', DEMO_PASSWORD);

    // Wrong passwords, for a known and an unknown user.
    for (const username of ['cashier1', 'nobody-here']) {
      const wrong = secret('a wrong password', `wrong-${randomBytes(8).toString('hex')}`);
      const answer = await api('POST', '/api/auth/login', { body: { username, password: wrong } });
      expect(answer.status).toBe(401);
    }

    // A bearer token, used and revoked.
    const tokenAnswer = await api('POST', '/api/auth/token', {
      body: { username: 'manager1', password: DEMO_PASSWORD },
    });
    expect(tokenAnswer.status).toBe(200);
    const token = secret('a bearer token', (JSON.parse(tokenAnswer.body) as { token: string }).token);
    secret('a bearer token signature', token.split('.')[2]!);
    expect((await api('GET', '/api/auth/me', { bearer: token })).status).toBe(200);
    expect((await api('POST', '/api/auth/logout', { bearer: token })).status).toBe(204);
    expect((await api('GET', '/api/auth/me', { bearer: token })).status).toBe(401);

    // A new cashier with a password and PIN of our own (8 digits: a 4-digit PIN would match unrelated numbers).
    const [store] = await sql<{ id: string }>("select id from stores where code = 'S001'");
    const password = secret('the new user password', `first-${randomBytes(8).toString('hex')}`);
    const pin = secret('the new user PIN', String(randomInt(10_000_000, 99_999_999)));
    const username = `till-${randomBytes(3).toString('hex')}`;
    const created = await api('POST', '/api/users', {
      session: admin,
      body: { username, name: 'Log Check', password, role: 'cashier', storeIds: [store!.id], pin },
    });
    expect(created.status, created.body).toBe(201);
    const userId = (JSON.parse(created.body) as { id: string }).id;

    const cashier = await signIn(username, password);
    // Lock the till, a wrong PIN, then the right one.
    expect((await api('POST', '/api/auth/lock', { session: cashier })).status).toBe(204);
    let wrongPin = String(randomInt(10_000_000, 99_999_999));
    while (wrongPin === pin) {
      wrongPin = String(randomInt(10_000_000, 99_999_999));
    }
    secret('a wrong PIN', wrongPin);
    expect(
      (await api('POST', '/api/auth/unlock', { session: cashier, body: { pin: wrongPin } })).status,
    ).toBe(401);
    const unlocked = await api('POST', '/api/auth/unlock', { session: cashier, body: { pin } });
    expect(unlocked.status, unlocked.body).toBe(200);

    // A sale.
    const registerId = `log-${randomBytes(3).toString('hex')}`;
    const shift = await api('POST', '/api/shifts', {
      session: cashier,
      body: { storeId: store!.id, registerId, openingFloatCents: 10_000 },
    });
    expect(shift.status, shift.body).toBe(201);
    const [product] = await sql<{ id: string; price_cents: number }>(
      `select p.id, p.price_cents from products p join inventory i on i.product_id = p.id
        where i.store_id = $1 and p.active and p.unit = 'each' order by i.on_hand desc limit 1`,
      [store!.id],
    );
    const sale = await api('POST', '/api/sales', {
      session: cashier,
      body: {
        id: randomUUID(),
        storeId: store!.id,
        registerId,
        shiftId: (JSON.parse(shift.body) as { id: string }).id,
        lines: [{ productId: product!.id, quantity: 1 }],
        tenders: [{ method: 'cash', amountCents: Number(product!.price_cents) * 2 + 1000 }],
      },
    });
    expect(sale.status, sale.body).toBe(201);

    // A password change: the cashier's session ends, the new password works.
    const newPassword = secret('the changed password', `second-${randomBytes(8).toString('hex')}`);
    const changed = await api('PATCH', `/api/users/${userId}`, {
      session: admin,
      body: { password: newPassword },
    });
    expect(changed.status, changed.body).toBe(200);
    expect((await api('GET', '/api/auth/me', { session: cashier })).status).toBe(401);
    const again = await signIn(username, newPassword);
    expect((await api('POST', '/api/auth/logout', { session: again })).status).toBe(204);
    expect((await api('POST', '/api/auth/logout', { session: admin })).status).toBe(204);

    // Stop the server so every log line is flushed, then search.
    serverOutput = server.output();
    await server.stop();
    serverOutput = server.output();
    const files = filesUnder(logDir);
    const sources = [
      ...files.map((file) => ({ name: path.basename(file), text: readText(file) })),
      { name: 'stdout/stderr', text: serverOutput },
    ];
    const combined = sources.find((source) => source.name === 'combined.log')?.text ?? '';
    // The logs are there and verbose: debug level, every request of the scenario.
    for (const expected of [
      '"level":"http"',
      '/api/auth/login',
      '/api/auth/unlock',
      '/api/sales',
      '/api/users/:id',
    ]) {
      expect(combined, `combined.log should mention ${expected}`).toContain(expected);
    }
    // The search works on these sources: the new user's id (not a secret) is logged with their requests.
    expect(secretHits(sources, [{ label: 'user id', value: userId }]).length).toBeGreaterThan(0);
    const hits = secretHits(sources, secrets);
    console.log(
      `[security] ${sources.map((s) => `${s.name} ${s.text.split('\n').length - 1} lines`).join(', ')}; ` +
        `searched for ${secrets.length} secrets (${[...new Set(secrets.map((s) => s.label))].length} kinds): ${hits.length} hits`,
    );
    expect(hits).toEqual([]);
  });
});
