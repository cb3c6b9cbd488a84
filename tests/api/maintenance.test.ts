import { randomBytes, randomUUID } from 'node:crypto';
import { eq, inArray, sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config';
import {
  auditLog,
  parkedCarts,
  revokedTokens,
  salesTransactions,
  sessions,
  users,
} from '../../server/db/schema';
import { monthsBefore } from '../../server/modules/audit/audit.service';
import { startMaintenanceSchedule } from '../../server/modules/maintenance/maintenance.schedule';
import {
  MAINTENANCE_LOCK_KEY,
  type MaintenanceReport,
  runMaintenance,
} from '../../server/modules/maintenance/maintenance.service';
import { makeSale, makeStore, makeUser, type StoreFixture, type UserFixture } from '../helpers/factories';
import { createTestApp, type TestApp, usingPostgres } from '../helpers/test-app';

const HOUR = 3600_000;
const DAY = 24 * HOUR;

let t: TestApp;
let chicago: StoreFixture;
let auckland: StoreFixture;
let cashier: UserFixture;

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  chicago = await makeStore(db, { code: 'MNT1', timezone: 'America/Chicago' });
  auckland = await makeStore(db, { code: 'MNT2', timezone: 'Pacific/Auckland' });
  cashier = await makeUser(db, { role: 'cashier', storeIds: [chicago.id, auckland.id] });
});
afterAll(() => t.close());

/** Every table the job prunes starts empty in each test, so counts are exact. */
beforeEach(async () => {
  const db = t.database.db;
  await db.delete(sessions);
  await db.delete(revokedTokens);
  await db.delete(parkedCarts);
  await db.delete(auditLog);
  // Accounts from earlier tests are left active and recent, so only this test's old ones are disabled.
  await db.update(users).set({ lastLoginAt: new Date(), active: true }).where(sql`true`);
});

const deps = (auditLogRetentionMonths = 12) => ({
  database: t.database,
  config: { maintenance: { auditLogRetentionMonths, intervalHours: 0 } },
  logger: t.logger,
});

function completed(report: MaintenanceReport) {
  if (report.status !== 'completed') {
    throw new Error(`expected a completed run, got ${JSON.stringify(report)}`);
  }
  return Object.fromEntries(report.tasks.map((task) => [task.task, task]));
}

async function seedSession(expiresAt: Date): Promise<string> {
  const sid = randomBytes(12).toString('hex');
  await t.database.db
    .insert(sessions)
    .values({ sid, sess: { userId: cashier.id }, userId: cashier.id, expiresAt });
  return sid;
}

async function seedRevokedToken(expiresAt: Date): Promise<string> {
  const jti = randomUUID();
  await t.database.db.insert(revokedTokens).values({ jti, userId: cashier.id, expiresAt });
  return jti;
}

async function seedParkedCart(store: StoreFixture, createdAt: Date): Promise<string> {
  const [row] = await t.database.db
    .insert(parkedCarts)
    .values({ storeId: store.id, registerId: 'till-1', userId: cashier.id, cart: { lines: [] }, createdAt })
    .returning({ id: parkedCarts.id });
  return row!.id;
}

async function seedAuditEntry(occurredAt: Date, action = 'test.old_entry'): Promise<string> {
  const [row] = await t.database.db
    .insert(auditLog)
    .values({ action, occurredAt, details: {} })
    .returning({ id: auditLog.id });
  return row!.id;
}

const idsOf = async <T extends { id: string }>(rows: Promise<T[]>) =>
  (await rows).map((row) => row.id).sort();

describe('runMaintenance (npm run maintenance)', () => {
  it('removes exactly what is past each retention, audits the audit prune, and logs one line', async () => {
    const db = t.database.db;
    const now = new Date();
    await seedSession(new Date(now.getTime() - HOUR));
    await seedSession(new Date(now.getTime() - 30 * DAY));
    const liveSession = await seedSession(new Date(now.getTime() + HOUR));

    await seedRevokedToken(new Date(now.getTime() - 2 * HOUR));
    // Expired only 30 minutes ago: inside the hour's margin, still kept.
    const recentToken = await seedRevokedToken(new Date(now.getTime() - 30 * 60_000));
    const liveToken = await seedRevokedToken(new Date(now.getTime() + DAY));

    // Two days back is an earlier business day in any time zone; the run's own instant is today's everywhere.
    await seedParkedCart(chicago, new Date(now.getTime() - 2 * DAY));
    await seedParkedCart(auckland, new Date(now.getTime() - 3 * DAY));
    const todaysCarts = [await seedParkedCart(chicago, now), await seedParkedCart(auckland, now)];

    const cutoff = monthsBefore(now, 12);
    const oldAudit = [
      await seedAuditEntry(new Date(cutoff.getTime() - 60_000)),
      await seedAuditEntry(monthsBefore(now, 30)),
    ];
    const keptAudit = [
      await seedAuditEntry(new Date(cutoff.getTime() + DAY)),
      await seedAuditEntry(monthsBefore(now, 3)),
    ];

    const idle = await makeUser(db, { role: 'cashier', storeIds: [chicago.id] });
    await db
      .update(users)
      .set({
        createdAt: new Date(now.getTime() - 100 * DAY),
        lastLoginAt: new Date(now.getTime() - 91 * DAY),
      })
      .where(eq(users.id, idle.id));
    const recent = await makeUser(db, { role: 'cashier', storeIds: [chicago.id] });
    await db
      .update(users)
      .set({
        createdAt: new Date(now.getTime() - 100 * DAY),
        lastLoginAt: new Date(now.getTime() - 10 * DAY),
      })
      .where(eq(users.id, recent.id));
    // A sale is its own idempotency record: however old, a till may still retry it, so it is never pruned.
    const oldSale = await makeSale(db, {
      storeId: chicago.id,
      cashierId: cashier.id,
      transactionDate: monthsBefore(now, 36),
    });
    await db
      .update(salesTransactions)
      .set({ createdAt: monthsBefore(now, 36) })
      .where(eq(salesTransactions.id, oldSale.id));
    const logsBefore = t.logs.length;

    const tasks = completed(await runMaintenance(deps(), { now }));

    expect(tasks.sessions!.count).toBe(2);
    expect(tasks.revoked_tokens!.count).toBe(1);
    expect(tasks.parked_carts!.count).toBe(2);
    expect(tasks.audit_log!.count).toBe(2);
    expect(tasks.audit_log!.cutoff).toBe(cutoff.toISOString());
    expect(tasks.inactive_accounts!.count).toBe(1);

    expect((await db.select({ sid: sessions.sid }).from(sessions)).map((row) => row.sid)).toEqual([
      liveSession,
    ]);
    expect(
      (await db.select({ jti: revokedTokens.jti }).from(revokedTokens)).map((row) => row.jti).sort(),
    ).toEqual([recentToken, liveToken].sort());
    expect(await idsOf(db.select({ id: parkedCarts.id }).from(parkedCarts))).toEqual([...todaysCarts].sort());
    const oldStillThere = await db
      .select()
      .from(auditLog)
      .where(inArray(auditLog.id, [...oldAudit, ...keptAudit]));
    expect(oldStillThere.map((row) => row.id).sort()).toEqual([...keptAudit].sort());
    expect(await db.$count(salesTransactions, eq(salesTransactions.id, oldSale.id))).toBe(1);

    const pruned = await db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'maintenance.audit_log_pruned'));
    expect(pruned).toHaveLength(1);
    expect(pruned[0]!.details).toMatchObject({
      cutoff: cutoff.toISOString(),
      removed: 2,
      retentionMonths: 12,
    });
    expect(pruned[0]!.actorUserId).toBeNull();

    const [idleRow] = await db.select({ active: users.active }).from(users).where(eq(users.id, idle.id));
    const [recentRow] = await db.select({ active: users.active }).from(users).where(eq(users.id, recent.id));
    expect(idleRow!.active).toBe(false);
    expect(recentRow!.active).toBe(true);
    const disabledAudit = await db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'user.disabled_inactive'));
    expect(disabledAudit.map((row) => row.entityId)).toEqual([idle.id]);

    const lines = t.logs.slice(logsBefore);
    const finished = lines.filter((line) => line.message === 'maintenance finished');
    expect(finished).toHaveLength(1);
    expect(finished[0]).toMatchObject({
      category: 'jobs',
      sessions: 2,
      revoked_tokens: 1,
      parked_carts: 2,
      audit_log: 2,
      inactive_accounts: 1,
      auditLogCutoff: cutoff.toISOString(),
    });
    expect(lines.some((line) => line.level === 'warn' && String(line.message).includes('audit log'))).toBe(
      true,
    );
  });

  it('a run with nothing to do removes nothing and writes no audit entry', async () => {
    await seedSession(new Date(Date.now() + HOUR));
    await seedAuditEntry(monthsBefore(new Date(), 6));
    const tasks = completed(await runMaintenance(deps()));
    for (const task of Object.values(tasks)) {
      expect(task.count, task.task).toBe(0);
    }
    const db = t.database.db;
    expect(await db.$count(auditLog, eq(auditLog.action, 'maintenance.audit_log_pruned'))).toBe(0);
    expect(await db.$count(sessions)).toBe(1);
  });

  it('deletes in bounded batches, each with its own audit entry, totalling every old row', async () => {
    const now = new Date();
    for (let i = 0; i < 5; i++) {
      await seedAuditEntry(monthsBefore(now, 13 + i));
    }
    const tasks = completed(await runMaintenance(deps(), { now, batchSize: 2 }));
    expect(tasks.audit_log!.count).toBe(5);
    const pruned = await t.database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'maintenance.audit_log_pruned'));
    expect(pruned.map((row) => row.details.removed).sort()).toEqual([1, 2, 2]);
    // One run: the same run id on each batch's entry.
    expect(new Set(pruned.map((row) => row.details.runId)).size).toBe(1);
  });

  it('keeps what a longer retention set by the store covers (AUDIT_LOG_RETENTION_MONTHS=24)', async () => {
    const now = new Date();
    const thirteenMonths = await seedAuditEntry(monthsBefore(now, 13));
    const thirtyMonths = await seedAuditEntry(monthsBefore(now, 30));
    const tasks = completed(await runMaintenance(deps(24), { now }));
    expect(tasks.audit_log!.count).toBe(1);
    const left = await idsOf(
      t.database.db
        .select({ id: auditLog.id })
        .from(auditLog)
        .where(inArray(auditLog.id, [thirteenMonths, thirtyMonths])),
    );
    expect(left).toEqual([thirteenMonths]);
  });

  it('a retention under 12 months is refused, naming the variable, before anything is removed', async () => {
    const old = await seedAuditEntry(monthsBefore(new Date(), 13));
    const expiredSession = await seedSession(new Date(Date.now() - HOUR));
    await expect(runMaintenance(deps(6))).rejects.toThrow(/AUDIT_LOG_RETENTION_MONTHS must be at least 12/);
    const db = t.database.db;
    expect(await db.$count(auditLog, eq(auditLog.id, old))).toBe(1);
    expect(await db.$count(sessions, eq(sessions.sid, expiredSession))).toBe(1);

    expect(() => loadConfig({ NODE_ENV: 'test', AUDIT_LOG_RETENTION_MONTHS: '6' })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'test', AUDIT_LOG_RETENTION_MONTHS: '6' })).toThrow(
      /AUDIT_LOG_RETENTION_MONTHS: must be at least 12/,
    );
    expect(loadConfig({ NODE_ENV: 'test' }).maintenance).toEqual({
      auditLogRetentionMonths: 12,
      intervalHours: 0,
    });
  });

  it.skipIf(!usingPostgres())(
    'while another process holds the maintenance lock, a run skips and removes nothing',
    async () => {
      const expired = await seedSession(new Date(Date.now() - HOUR));
      const db = t.config.db;
      if (db.kind !== 'postgres') {
        throw new Error('PostgreSQL only');
      }
      const other = new pg.Client({ connectionString: db.url });
      await other.connect();
      try {
        await other.query('select pg_advisory_lock($1)', [MAINTENANCE_LOCK_KEY]);
        const report = await runMaintenance(deps());
        expect(report).toEqual({ status: 'skipped', reason: 'another maintenance run holds the lock' });
        expect(await t.database.db.$count(sessions, eq(sessions.sid, expired))).toBe(1);
        expect(t.logs.some((line) => line.message === 'maintenance skipped: another run is under way')).toBe(
          true,
        );
        await other.query('select pg_advisory_unlock($1)', [MAINTENANCE_LOCK_KEY]);
      } finally {
        await other.end();
      }
      // The lock freed, the next run works; and it lets go of the lock when it ends.
      expect(completed(await runMaintenance(deps())).sessions!.count).toBe(1);
      const probe = new pg.Client({ connectionString: db.url });
      await probe.connect();
      try {
        const { rows } = await probe.query('select pg_try_advisory_lock($1) as locked', [
          MAINTENANCE_LOCK_KEY,
        ]);
        expect(rows[0].locked).toBe(true);
      } finally {
        await probe.end();
      }
    },
  );

  // On PGlite the guard is in memory (one process owns the database), so this is deterministic; on PostgreSQL
  // the test above holds the lock from another connection instead of racing two runs.
  // PGlite: the in-process guard; PostgreSQL: the advisory lock, taken on two pooled connections.
  it('two runs started together in one process: one works, the other skips', async () => {
    await seedSession(new Date(Date.now() - HOUR));
    const reports = await Promise.all([runMaintenance(deps()), runMaintenance(deps())]);
    expect(reports.map((report) => report.status).sort()).toEqual(['completed', 'skipped']);
    const done = reports.find((report) => report.status === 'completed')!;
    expect(completed(done).sessions!.count).toBe(1);
  });

  it('the in-app schedule runs maintenance and stops on shutdown', async () => {
    const expired = await seedSession(new Date(Date.now() - HOUR));
    const before = t.logs.length;
    const schedule = startMaintenanceSchedule(deps(), 24, 10);
    await expect
      .poll(() => t.logs.slice(before).some((line) => line.message === 'maintenance finished'), {
        timeout: 10_000,
      })
      .toBe(true);
    await schedule.stop();
    expect(await t.database.db.$count(sessions, eq(sessions.sid, expired))).toBe(0);
  });
});

describe('monthsBefore', () => {
  it('counts calendar months and never lands after the true date', () => {
    expect(monthsBefore(new Date('2026-11-25T04:00:00Z'), 12).toISOString()).toBe('2025-11-25T04:00:00.000Z');
    expect(monthsBefore(new Date('2028-02-29T10:00:00Z'), 12).toISOString()).toBe('2027-02-28T10:00:00.000Z');
    expect(monthsBefore(new Date('2026-03-31T00:00:00Z'), 1).toISOString()).toBe('2026-02-28T00:00:00.000Z');
    expect(monthsBefore(new Date('2026-01-15T00:00:00Z'), 14).toISOString()).toBe('2024-11-15T00:00:00.000Z');
  });
});
