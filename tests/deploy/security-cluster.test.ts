// Login lockout and the login rate limit under parallel attempts spread over a real 2-worker PM2 cluster
// (PostgreSQL + Redis), each attempt on a fresh connection so PM2's master deals them to both workers. The
// lockout counter lives in PostgreSQL (users.failed_login_count, one atomic UPDATE per failure) and the rate
// limit in Redis (rate-limiter-flexible, key = client IP + lower-cased username): both must hold exactly as
// on one process, not once per worker. Then the cluster's log files are searched for the secrets used.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, requireBuild, type TestDatabase, removeLeftovers } from './support/common';
import {
  type Pm2,
  requestCount,
  type WorkerSnapshot,
  workerSnapshots,
  startSeededCluster,
} from './support/pm2';
import {
  type FullAnswer,
  filesUnder,
  freshRequest,
  readText,
  secretHits,
  sessionCookieOf,
  sessionCookieSecrets,
} from './support/security';

const _run = promisify(execFile);
const APP = 'pet-products-pos';
const WORKERS = 2;
// The limit the cluster runs with, and the lockout threshold of server/modules/auth/auth.service.ts.
const RATE_LIMIT_PER_MINUTE = 5;
const LOCKOUT_THRESHOLD = 10;

let database: TestDatabase;
let manager: Pm2;
let port: number;
let home: string;
let logDir: string;
let redisPrefix: string;
/** Everything secret this file sent or received, searched for in the logs at the end. */
const secrets: { label: string; value: string }[] = [];

async function sql<T extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

function login(username: string, password: string, clientIp: string): Promise<FullAnswer> {
  return freshRequest(port, 'POST', '/api/auth/login', {
    // TRUST_PROXY=loopback: the address a proxy on this host says the client has is the one that counts.
    headers: { 'X-Forwarded-For': clientIp },
    body: { username, password },
  });
}

function codeOf(answer: FullAnswer): string {
  return answer.status === 200
    ? 'OK'
    : ((JSON.parse(answer.body) as { error: { code: string } }).error.code ?? '');
}

function tally(answers: FullAnswer[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const answer of answers) {
    const key = `${answer.status} ${codeOf(answer)}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

/** How many login answers each worker gave since `before`, by status. */
function loginsServed(before: WorkerSnapshot[], after: WorkerSnapshot[], statuses: string[]) {
  return after.map((snapshot) => {
    const earlier = before.find((s) => s.pid === snapshot.pid);
    const count = (s: WorkerSnapshot | undefined) =>
      s
        ? statuses.reduce((sum, status) => sum + requestCount(s, { route: '/api/auth/login', status }), 0)
        : 0;
    return { pid: snapshot.pid, answered: count(snapshot) - count(earlier) };
  });
}

beforeAll(async () => {
  requireBuild();
  const jwtSecret = `jwt-${randomBytes(24).toString('hex')}`;
  const sessionSecret = `session-${randomBytes(24).toString('hex')}`;
  secrets.push({ label: 'JWT_SECRET', value: jwtSecret }, { label: 'SESSION_SECRET', value: sessionSecret });
  ({ database, manager, port, home, logDir, redisPrefix } = await startSeededCluster('security', WORKERS, {
    LOGIN_RATE_LIMIT_PER_MINUTE: String(RATE_LIMIT_PER_MINUTE),
    TRUST_PROXY: 'loopback',
    JWT_SECRET: jwtSecret,
    SESSION_SECRET: sessionSecret,
    // Everything logged, so the search for secrets covers the most verbose lines.
    LOG_LEVEL: 'debug',
  }));
}, 300_000);

afterAll(async () => {
  await manager?.shutdown();
  await removeLeftovers({ database, home, redisPrefix });
});

describe('login abuse across a 2-worker PM2 cluster', () => {
  it(`the rate limit (${RATE_LIMIT_PER_MINUTE}/min per client IP + username) is one budget for the whole cluster`, async () => {
    const N = 12;
    const ip = '203.0.113.7';
    const wrong = `wrong-${randomBytes(6).toString('hex')}`;
    secrets.push({ label: 'a wrong password', value: wrong });
    const before = await workerSnapshots(database.url, APP, WORKERS);
    const answers = await Promise.all(Array.from({ length: N }, () => login('cashier2', wrong, ip)));
    const after = await workerSnapshots(database.url, APP, WORKERS);
    const served = loginsServed(before, after, ['401', '429']);
    const counts = tally(answers);
    const [row] = await sql<{ failed_login_count: number }>(
      "select failed_login_count from users where username = 'cashier2'",
    );
    console.log(
      `[security] ${N} parallel wrong passwords for cashier2 from one IP: ${JSON.stringify(counts)}; ` +
        `answered per worker ${JSON.stringify(served)}; failed_login_count ${row?.failed_login_count}`,
    );
    // Both workers answered; had each counted in its own memory, up to 2 × 5 attempts would have got through.
    expect(served).toHaveLength(WORKERS);
    expect(served.every((worker) => worker.answered > 0)).toBe(true);
    expect(served.reduce((sum, worker) => sum + worker.answered, 0)).toBe(N);
    expect(counts).toEqual({
      '401 INVALID_CREDENTIALS': RATE_LIMIT_PER_MINUTE,
      '429 RATE_LIMITED': N - RATE_LIMIT_PER_MINUTE,
    });
    // Refused attempts never reached the password check.
    expect(row?.failed_login_count).toBe(RATE_LIMIT_PER_MINUTE);
    const limited = answers.find((answer) => answer.status === 429)!;
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);

    // The budget counts attempts, not failures: the right password from that IP is refused too, on either
    // worker, and the username is compared without case.
    const more = await Promise.all([
      login('cashier2', DEMO_PASSWORD, ip),
      login('cashier2', DEMO_PASSWORD, ip),
      login('CASHIER2', DEMO_PASSWORD, ip),
      login('Cashier2', DEMO_PASSWORD, ip),
    ]);
    expect(more.map((answer) => answer.status)).toEqual([429, 429, 429, 429]);
    // The key is IP + username: the same user from another client, and another user from this client, pass.
    const otherClient = await login('cashier2', DEMO_PASSWORD, '203.0.113.8');
    const otherUser = await login('cashier1', DEMO_PASSWORD, ip);
    expect(otherClient.status).toBe(200);
    expect(otherUser.status).toBe(200);
    for (const answer of [otherClient, otherUser]) {
      secrets.push(...sessionCookieSecrets('a session cookie', sessionCookieOf(answer)!));
      secrets.push({
        label: 'a CSRF token',
        value: (JSON.parse(answer.body) as { csrfToken: string }).csrfToken,
      });
    }
  });

  it(`the lockout locks at the ${LOCKOUT_THRESHOLD}th failure whichever worker counts it, not at ${WORKERS}×`, async () => {
    const N = 24;
    const wrong = `wrong-${randomBytes(6).toString('hex')}`;
    secrets.push({ label: 'a wrong password', value: wrong });
    const before = await workerSnapshots(database.url, APP, WORKERS);
    // A different client address per attempt, so the rate limit never stops one: only the lockout counts.
    const answers = await Promise.all(
      Array.from({ length: N }, (_, i) => login('manager2', wrong, `198.51.100.${i + 1}`)),
    );
    const after = await workerSnapshots(database.url, APP, WORKERS);
    const served = loginsServed(before, after, ['401', '423']);
    const counts = tally(answers);
    const [row] = await sql<{ failed_login_count: number; locked: boolean }>(
      "select failed_login_count, locked_until > now() as locked from users where username = 'manager2'",
    );
    const [audits] = await sql<{ failed: number; lockouts: number; refused: number }>(
      `select count(*) filter (where action = 'auth.login_failed')::int as failed,
              count(*) filter (where action = 'auth.lockout')::int as lockouts,
              count(*) filter (where action = 'auth.login_refused_locked')::int as refused
         from audit_log a join users u on u.id = a.actor_user_id where u.username = 'manager2'`,
    );
    console.log(
      `[security] ${N} parallel wrong passwords for manager2 from ${N} IPs: ${JSON.stringify(counts)}; ` +
        `answered per worker ${JSON.stringify(served)}; failed_login_count ${row?.failed_login_count}, ` +
        `locked ${row?.locked}; audit ${JSON.stringify(audits)}`,
    );
    expect(served.every((worker) => worker.answered > 0)).toBe(true);
    expect(served.reduce((sum, worker) => sum + worker.answered, 0)).toBe(N);
    // One process in sequence: failures 1–9 answer 401, the 10th locks (423), everything after is 423.
    // Spread over two workers in parallel it must be the same split: one shared, atomic counter.
    expect(counts).toEqual({
      '401 INVALID_CREDENTIALS': LOCKOUT_THRESHOLD - 1,
      '423 ACCOUNT_LOCKED': N - (LOCKOUT_THRESHOLD - 1),
    });
    expect(row?.locked).toBe(true);
    expect(row?.failed_login_count).toBeGreaterThanOrEqual(LOCKOUT_THRESHOLD);
    expect(audits?.failed).toBe(LOCKOUT_THRESHOLD - 1);
    expect((audits?.lockouts ?? 0) + (audits?.refused ?? 0)).toBe(N - (LOCKOUT_THRESHOLD - 1));
    // Locked means locked: the right password, from a new client, on both workers.
    const right = await Promise.all([
      login('manager2', DEMO_PASSWORD, '198.51.100.200'),
      login('manager2', DEMO_PASSWORD, '198.51.100.201'),
    ]);
    expect(right.map((answer) => `${answer.status} ${codeOf(answer)}`)).toEqual([
      '423 ACCOUNT_LOCKED',
      '423 ACCOUNT_LOCKED',
    ]);
    const token = await freshRequest(port, 'POST', '/api/auth/token', {
      headers: { 'X-Forwarded-For': '198.51.100.202' },
      body: { username: 'manager2', password: DEMO_PASSWORD },
    });
    expect(token.status).toBe(423);
  });

  it('a cashier deactivated through one worker is refused by both at once: session and bearer token', async () => {
    const issue = (path: string, username: string, ip: string) =>
      freshRequest(port, 'POST', path, {
        headers: { 'X-Forwarded-For': ip },
        body: { username, password: DEMO_PASSWORD },
      });
    const adminToken = (
      JSON.parse((await issue('/api/auth/token', 'admin', '192.0.2.10')).body) as { token: string }
    ).token;
    const cashierToken = (
      JSON.parse((await issue('/api/auth/token', 'cashier2', '192.0.2.11')).body) as { token: string }
    ).token;
    const cashierCookie = sessionCookieOf(await issue('/api/auth/login', 'cashier2', '192.0.2.12'))!;
    secrets.push(
      { label: "the admin's token", value: adminToken },
      { label: "cashier2's token", value: cashierToken },
      ...sessionCookieSecrets("cashier2's session cookie", cashierCookie),
    );
    const [cashier] = await sql<{ id: string }>("select id from users where username = 'cashier2'");
    /** 10 requests with each credential, each on a fresh connection: PM2 deals them to both workers. */
    const askBoth = () =>
      Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          freshRequest(port, 'GET', '/api/auth/me', {
            headers: i % 2 === 0 ? { Authorization: `Bearer ${cashierToken}` } : { Cookie: cashierCookie },
          }),
        ),
      );
    const meServed = (before: WorkerSnapshot[], after: WorkerSnapshot[], status: string) =>
      after.map((snapshot) => {
        const earlier = before.find((s) => s.pid === snapshot.pid);
        const count = (s: WorkerSnapshot | undefined) =>
          s ? requestCount(s, { route: '/api/auth/me', status }) : 0;
        return count(snapshot) - count(earlier);
      });

    // Both workers know the cashier: each has them in its credential cache (kept up to 5 s), loaded just
    // before the change, so without the announcement the refusal would wait almost the whole 5 s.
    const before = await workerSnapshots(database.url, APP, WORKERS);
    expect((await askBoth()).map((answer) => answer.status)).toEqual(Array(20).fill(200));
    const deactivated = await freshRequest(port, 'PATCH', `/api/users/${cashier!.id}`, {
      headers: { Authorization: `Bearer ${adminToken}` },
      body: { active: false },
    });
    expect(deactivated.status).toBe(200);
    const changedAt = Date.now();
    let statuses: number[] = [];
    while (Date.now() - changedAt < 6_000) {
      statuses = (await askBoth()).map((answer) => answer.status);
      if (statuses.every((status) => status === 401)) {
        break;
      }
    }
    const tookMs = Date.now() - changedAt;
    const after = await workerSnapshots(database.url, APP, WORKERS);
    const accepted = meServed(before, after, '200');
    const refused = meServed(before, after, '401');
    console.log(
      `[security] cashier2 deactivated through one worker: all 20 requests refused after ${tookMs} ms ` +
        `(the credential cache keeps users 5 s); per worker 200s before ${JSON.stringify(accepted)}, ` +
        `401s after ${JSON.stringify(refused)}`,
    );
    expect(statuses).toEqual(Array(20).fill(401));
    expect(accepted.every((count) => count > 0)).toBe(true);
    expect(refused.every((count) => count > 0)).toBe(true);
    // The first round after the change was already refused everywhere: no wait for the cache to expire.
    expect(tookMs).toBeLessThan(1_000);
  });

  it("the cluster's log files hold none of the passwords, cookies, CSRF tokens or secrets used", () => {
    secrets.push({ label: 'the demo password', value: DEMO_PASSWORD });
    expect(existsSync(path.join(logDir, 'combined.log'))).toBe(true);
    const files = filesUnder(logDir);
    const sources = files.map((file) => ({ name: path.relative(home, file), text: readText(file) }));
    const lines = sources.reduce((sum, source) => sum + source.text.split('\n').length - 1, 0);
    // The search reads the right files: the login requests are logged.
    expect(sources.some((source) => source.text.includes('/api/auth/login'))).toBe(true);
    const hits = secretHits(sources, secrets);
    console.log(
      `[security] searched ${files.length} log files (${lines} lines: ${files.map((f) => path.basename(f)).join(', ')}) ` +
        `for ${secrets.length} secrets: ${hits.length} hits`,
    );
    expect(hits).toEqual([]);
  });
});
