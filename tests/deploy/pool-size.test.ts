// Pool sizing on the machine's PostgreSQL: the built server, signed in as a role with a CONNECTION LIMIT and
// started with the variables PM2 sets in its workers (pm_id, instances, exec_mode: checked against PM2 7),
// refuses to start when the pools cannot fit and otherwise sizes its pool from the limit, and really holds
// no more connections than that under concurrent load.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  adminQuery,
  createTestDatabase,
  repoRoot,
  requireBuild,
  type ServerProcess,
  startBuiltServer,
  type TestDatabase,
  tempDir,
} from './support/common';
import { dropRoles, uniqueRole, urlFor } from './support/database-roles';

const role = uniqueRole('pos_it_pool');

function serverEnv(database: TestDatabase, pm2: Record<string, string>): Record<string, string> {
  return {
    DATABASE_URL: urlFor(database.name, role, 'unused'),
    SEED_DEMO: 'false',
    DB_MAX_CONNECTIONS: '20',
    ...pm2,
  };
}

/** Runs the built server until it exits; for a start that must fail. */
function runUntilExit(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const dir = tempDir('pool');
  return new Promise((resolve) => {
    let output = '';
    const child = spawn(process.execPath, ['dist/index.js'], {
      cwd: repoRoot,
      env: {
        ...process.env,
        NODE_ENV: 'development',
        HOST: '127.0.0.1',
        PORT: '0',
        REDIS_URL: '',
        DATA_DIR: dir,
        LOG_DIR: path.join(dir, 'logs'),
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe('database pool sized from the connection limit', () => {
  let database: TestDatabase;
  let server: ServerProcess | null = null;

  beforeAll(async () => {
    requireBuild();
    // The role owns its database, so it can migrate (as the app role of init-db.sql can).
    await adminQuery(`create role "${role}" login connection limit 5`);
    database = await createTestDatabase('pos_pool');
    await adminQuery(`alter database ${database.name} owner to "${role}"`);
  });

  afterAll(async () => {
    await server?.stop();
    await database?.drop();
    await dropRoles([role]);
  });

  it('CONNECTION LIMIT 5 and 4 PM2 cluster workers: refuses to start, naming the numbers and what to change', async () => {
    const { code, output } = await runUntilExit(
      serverEnv(database, { pm_id: '0', instances: '4', exec_mode: 'cluster_mode', NODE_APP_INSTANCE: '0' }),
    );
    expect(code).toBe(1);
    expect(output).toContain(
      `Database connections do not fit: PostgreSQL allows 5 for role ${role} (CONNECTION LIMIT); DB_RESERVED_CONNECTIONS=2 are kept back, so 3 are shared by 4 PM2 workers + 1 during a rolling reload, each also holding 1 outside its pool to hear the others: 0 each for its pool, and each process needs at least 2.`,
    );
    expect(output).toContain('ALTER ROLE');
    expect(output).not.toContain('listening on');
  });

  it('CONNECTION LIMIT 20 and 2 PM2 fork-mode processes: a pool of floor((20 - 2) / 2) - 1 listener = 8', async () => {
    await adminQuery(`alter role "${role}" connection limit 20`);
    server = await startBuiltServer(
      serverEnv(database, { pm_id: '0', instances: '2', exec_mode: 'fork_mode' }),
    );
    expect(server.output()).toContain(
      'database pool: 8 connections per process (DB_MAX_CONNECTIONS=20; 20 allowed',
    );
    expect(await server.stop()).toBe(0);
    server = null;
  });

  it('CONNECTION LIMIT 20 and 2 cluster workers (+1 for the reload, +1 listener each): 5, and 40 concurrent requests use at most 5 + the listener', async () => {
    server = await startBuiltServer(
      serverEnv(database, { pm_id: '1', instances: '2', exec_mode: 'cluster_mode' }),
    );
    expect(server.output()).toContain('database pool: 5 connections per process');
    const base = server.base;
    let peak = 0;
    const watch = setInterval(async () => {
      const { rows } = await adminQuery(
        'select count(*)::int as n from pg_stat_activity where usename = $1',
        [role],
      );
      peak = Math.max(peak, rows[0]?.n ?? 0);
    }, 20);
    try {
      // Each health check runs `select 1`; 40 at once want more connections than the pool has.
      for (let round = 0; round < 5; round += 1) {
        const answers = await Promise.all(Array.from({ length: 40 }, () => fetch(`${base}/api/health`)));
        expect(answers.every((answer) => answer.status === 200)).toBe(true);
      }
    } finally {
      clearInterval(watch);
    }
    const { rows } = await adminQuery('select count(*)::int as n from pg_stat_activity where usename = $1', [
      role,
    ]);
    peak = Math.max(peak, rows[0]?.n ?? 0);
    console.log(`connections held by the role during 5 x 40 concurrent requests: at most ${peak}`);
    expect(peak).toBeGreaterThan(0);
    expect(peak).toBeLessThanOrEqual(6);
  });

  it('outside PM2 the process is alone: min(DB_MAX_CONNECTIONS = 20, 20 - 2 - 1 listener) = 17', async () => {
    await server?.stop();
    server = await startBuiltServer(serverEnv(database, {}));
    expect(server.output()).toContain('database pool: 17 connections per process');
  });
});
