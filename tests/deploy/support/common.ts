// Shared by the deployment tests: free ports, throwaway PostgreSQL databases, the built server as a child process.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import pg from 'pg';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const ADMIN_DATABASE_URL =
  process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
export const DEMO_PASSWORD = 'demo-password-1';

/** The deployment tests run the built server, as production does. */
export function requireBuild(): void {
  if (!existsSync(path.join(repoRoot, 'dist', 'index.js'))) {
    throw new Error('dist/index.js is missing: run `npm run build` before `npm run test:deploy`');
  }
}

export function tempDir(prefix: string): string {
  return mkdtempSync(path.join(tmpdir(), `pos-deploy-${prefix}-`));
}

/** A port nothing listens on right now (the OS picks it). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export type TestDatabase = { name: string; url: string; drop(): Promise<void> };

/** A new, empty database on the machine's PostgreSQL, dropped by drop(). */
export async function createTestDatabase(prefix = 'pos_deploy'): Promise<TestDatabase> {
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  await adminQuery(`create database ${name}`);
  const url = new URL(ADMIN_DATABASE_URL);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: async () => {
      await adminQuery(`drop database if exists ${name} with (force)`);
    },
  };
}

export async function adminQuery(sql: string, values: unknown[] = []): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: ADMIN_DATABASE_URL });
  await client.connect();
  try {
    return await client.query(sql, values);
  } finally {
    await client.end();
  }
}

/** Polls until `url` answers with `status` (default 200) or the time runs out. */
export async function waitForHttp(url: string, timeoutMs = 60_000, status = 200): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url);
      await response.arrayBuffer();
      if (response.status === status) {
        return;
      }
      last = `HTTP ${response.status}`;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} did not answer ${status} within ${timeoutMs} ms (last: ${last})`);
}

export type ServerProcess = {
  child: ChildProcess;
  base: string;
  port: number;
  output(): string;
  stop(): Promise<number | null>;
};

/** Starts `node dist/index.js` with `env` on a free port and waits for /api/health. */
export async function startBuiltServer(env: Record<string, string>): Promise<ServerProcess> {
  requireBuild();
  const port = await freePort();
  const dataDir = tempDir('server');
  let output = '';
  const child = spawn(process.execPath, ['dist/index.js'], {
    cwd: repoRoot,
    env: {
      ...process.env,
      NODE_ENV: 'development',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_DIR: path.join(dataDir, 'logs'),
      DATABASE_URL: '',
      REDIS_URL: '',
      ...env,
      PORT: String(port),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  const base = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(`${base}/api/health`, 90_000);
  } catch (error) {
    child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
    throw new Error(`${(error as Error).message}\n--- server output ---\n${output}`);
  }
  return {
    child,
    base,
    port,
    output: () => output,
    stop: () =>
      new Promise((resolve) => {
        const done = (code: number | null) => {
          rmSync(dataDir, { recursive: true, force: true });
          resolve(code);
        };
        if (child.exitCode !== null) {
          done(child.exitCode);
          return;
        }
        child.once('exit', done);
        child.kill('SIGTERM');
      }),
  };
}

/** Signs in with a password through the API and returns the session cookie and CSRF token. */
export async function login(
  base: string,
  username: string,
  password = DEMO_PASSWORD,
  headers: Record<string, string> = {},
): Promise<{ cookie: string; csrfToken: string }> {
  const response = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify({ username, password }),
  });
  const text = await response.text();
  if (response.status !== 200) {
    throw new Error(`login as ${username} answered ${response.status}: ${text}`);
  }
  const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  return { cookie, csrfToken: (JSON.parse(text) as { csrfToken: string }).csrfToken };
}

/** Deletes every Redis key a test wrote under its own prefix (sessions, rate-limit counters). */
export async function deleteRedisKeys(prefix: string): Promise<void> {
  const redis = new Redis(REDIS_URL);
  try {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) {
      await redis.del(...keys);
    }
  } finally {
    await redis.quit();
  }
}

/**
 * Removes what a test file made outside itself: its database, its temp folder and its Redis keys. Each may be
 * missing when the file's setup failed part way.
 */
export async function removeLeftovers(left: {
  database?: TestDatabase;
  home?: string;
  redisPrefix?: string;
}): Promise<void> {
  await left.database?.drop();
  if (left.home) {
    rmSync(left.home, { recursive: true, force: true });
  }
  if (left.redisPrefix) {
    await deleteRedisKeys(left.redisPrefix);
  }
}

/** Seeds the demo chain, without sales history, into the database at `url` (`npm run db:seed -- --days 0`). */
export async function seedDemo(url: string): Promise<void> {
  await promisify(execFile)(process.execPath, ['--import', 'tsx', 'server/db/seed-cli.ts', '--days', '0'], {
    cwd: repoRoot,
    env: { ...process.env, NODE_ENV: 'development', DATABASE_URL: url, BCRYPT_ROUNDS: '4' },
  });
}
