import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, sessions } from '../../server/db/schema';
import { monthsBefore } from '../../server/modules/audit/audit.service';
import { MAINTENANCE_LOCK_KEY } from '../../server/modules/maintenance/maintenance.service';
import { createTestApp, type TestApp, usingPostgres } from '../helpers/test-app';

const root = path.resolve(import.meta.dirname, '../..');
let scratchDir: string;

beforeAll(() => {
  scratchDir = mkdtempSync(path.join(tmpdir(), 'pos-maintenance-cli-'));
});
afterAll(() => rmSync(scratchDir, { recursive: true, force: true }));

type ScriptResult = { code: number; stdout: string; stderr: string };

/** Runs a server CLI as `npm run` would (tsx), with only the given settings on top of a clean environment. */
function runCli(script: string, env: Record<string, string>): Promise<ScriptResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', script],
      {
        cwd: root,
        env: {
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          NODE_ENV: 'test',
          LOG_DIR: path.join(scratchDir, 'logs'),
          DATABASE_URL: '',
          ...env,
        },
        timeout: 90_000,
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

describe('npm run maintenance (server/maintenance-cli.ts)', () => {
  it('refuses an audit retention under 12 months, naming the variable, exit 1', async () => {
    const result = await runCli('server/maintenance-cli.ts', {
      AUDIT_LOG_RETENTION_MONTHS: '6',
      DATA_DIR: path.join(scratchDir, 'never-opened'),
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('maintenance not run');
    expect(result.stderr).toContain('AUDIT_LOG_RETENTION_MONTHS: must be at least 12');
    expect(result.stdout).not.toContain('removed');
  });

  it('with the embedded database in use by the running app: exit 1 and says what to do', async () => {
    const dataDir = path.join(scratchDir, 'busy');
    mkdirSync(dataDir, { recursive: true });
    // This test process stands in for the running app: it is alive and holds the lock file.
    writeFileSync(path.join(dataDir, 'pglite.lock'), String(process.pid));
    const result = await runCli('server/maintenance-cli.ts', { DATA_DIR: dataDir });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`is in use by process ${process.pid}`);
    expect(result.stderr).toContain('MAINTENANCE_INTERVAL_HOURS');
  });

  // The CLI gets a clean environment: PGlite here whichever database the rest of the suite uses.
  it('on a PGlite data dir the app is not using: runs and prints its table, exit 0', async () => {
    const dataDir = path.join(scratchDir, `idle-${randomBytes(3).toString('hex')}`);
    const migrated = await runCli('server/db/migrate-cli.ts', { DATA_DIR: dataDir });
    expect(migrated.code, migrated.stderr).toBe(0);
    const result = await runCli('server/maintenance-cli.ts', { DATA_DIR: dataDir });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^task\s+removed\s+kept \/ cut-off$/m);
    expect(result.stdout).toMatch(
      /^audit log entries\s+0\s+12 months \(AUDIT_LOG_RETENTION_MONTHS\); before /m,
    );
    expect(result.stdout).toContain('never removed');
  }, 120_000);
});

describe.skipIf(!usingPostgres())('npm run maintenance on PostgreSQL', () => {
  let t: TestApp;
  let url: string;

  beforeAll(async () => {
    t = await createTestApp();
    if (t.config.db.kind !== 'postgres') {
      throw new Error('PostgreSQL only');
    }
    url = t.config.db.url;
  });
  afterAll(() => t.close());

  it('removes the old rows, prints the table and a structured log line, exit 0', async () => {
    const db = t.database.db;
    await db.insert(sessions).values([
      { sid: 'expired-1', sess: {}, expiresAt: new Date(Date.now() - 3600_000) },
      { sid: 'live-1', sess: {}, expiresAt: new Date(Date.now() + 3600_000) },
    ]);
    const [old] = await db
      .insert(auditLog)
      .values({ action: 'test.old_entry', occurredAt: monthsBefore(new Date(), 14) })
      .returning({ id: auditLog.id });

    const result = await runCli('server/maintenance-cli.ts', { DATABASE_URL: url });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^expired sessions \(database store\)\s+1\s+until the session expires$/m);
    expect(result.stdout).toMatch(/^audit log entries\s+1\s+12 months/m);
    expect(result.stdout).toMatch(/^inactive accounts disabled\s+0\s/m);
    expect(result.stdout).toContain('maintenance finished');

    expect((await db.select({ sid: sessions.sid }).from(sessions)).map((row) => row.sid)).toEqual(['live-1']);
    expect(await db.$count(auditLog, eq(auditLog.id, old!.id))).toBe(0);
    expect(await db.$count(auditLog, eq(auditLog.action, 'maintenance.audit_log_pruned'))).toBe(1);

    const again = await runCli('server/maintenance-cli.ts', { DATABASE_URL: url });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/^expired sessions \(database store\)\s+0\s/m);
    expect(again.stdout).toMatch(/^audit log entries\s+0\s/m);
  }, 60_000);

  it('while another run holds the lock: says it skipped, exit 0', async () => {
    const other = new pg.Client({ connectionString: url });
    await other.connect();
    try {
      await other.query('select pg_advisory_lock($1)', [MAINTENANCE_LOCK_KEY]);
      const result = await runCli('server/maintenance-cli.ts', { DATABASE_URL: url });
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toContain('maintenance skipped: another maintenance run holds the lock');
    } finally {
      await other.end();
    }
  }, 60_000);

  it('when the database cannot be reached: exit 1 with the reason', async () => {
    const unreachable = new URL(url);
    unreachable.port = '1';
    const result = await runCli('server/maintenance-cli.ts', { DATABASE_URL: unreachable.toString() });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('maintenance failed');
  }, 60_000);
});
