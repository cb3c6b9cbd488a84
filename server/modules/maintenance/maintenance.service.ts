// Housekeeping, safe to run at any time and from several places at once (`npm run maintenance` from cron, the
// app's own schedule in each PM2 worker): one run works, any other started meanwhile skips.
//
// What it never removes: sales and returns. Their client-generated id is the idempotency key (there is no
// separate idempotency table), and a till's offline outbox (client/src/offline/outbox-sync.ts) keeps a sale
// and retries it with the very same id and body for as long as it takes, with no age limit, while a refused
// sale can be queued again later by a manager. Only the kept row lets such a retry get its original answer
// (200 with the same sale) instead of a second sale; sales are business records kept for years anyway.
import { randomUUID } from 'node:crypto';
import type { Config } from '../../config';
import type { Database, Db } from '../../db/client';
import { runExclusively } from '../../db/exclusive-run';
import type { BatchOptions } from '../../lib/batches';
import type { Logger } from '../../lib/logger';
import { assertAuditRetention, pruneAuditLog } from '../audit/audit.service';
import { notifyCredentialChange } from '../auth/auth.repo';
import { CredentialCache } from '../auth/credential-cache';
import { pruneExpiredSessions, pruneExpiredTokenRevocations } from '../auth/expired-credentials.service';
import { pruneExpiredParkedCarts } from '../sales/parked-carts.service';
import { disableInactiveUsers, INACTIVITY_DAYS } from '../users/inactivity.service';

/** Arbitrary but fixed: every maintenance run, in any process, tries this advisory lock (migrate.ts has its own). */
export const MAINTENANCE_LOCK_KEY = 4_711_202_611;
/** Rows per delete statement: small enough that no batch holds its locks for long. */
export const MAINTENANCE_BATCH_SIZE = 1000;

export type MaintenanceTaskName =
  | 'sessions'
  | 'revoked_tokens'
  | 'parked_carts'
  | 'audit_log'
  | 'inactive_accounts';

export type MaintenanceTaskResult = {
  task: MaintenanceTaskName;
  /** Rows removed; for inactive_accounts, the accounts disabled. */
  count: number;
  /** What is kept, in words. */
  retention: string;
  /** Rows older than this were candidates; null where the rule is per row or per store. */
  cutoff: string | null;
};

export type MaintenanceReport =
  | { status: 'completed'; runId: string; durationMs: number; tasks: MaintenanceTaskResult[] }
  | { status: 'skipped'; reason: string };

export type MaintenanceDeps = {
  database: Database;
  config: Pick<Config, 'maintenance'>;
  logger: Logger;
};

export type MaintenanceOptions = {
  now?: Date;
  batchSize?: number;
  /** Aborting stops the run after the batch under way (the app's shutdown). */
  signal?: AbortSignal;
};

/**
 * Runs every housekeeping task once, unless another run holds the maintenance lock (then `skipped`). Removes
 * expired database sessions, expired token revocations, parked carts from earlier business days and audit
 * entries past AUDIT_LOG_RETENTION_MONTHS (each batch with its own audit entry), and disables accounts
 * unused for 90 days. Logs one structured line with the counts. Throws on a database error.
 */
export async function runMaintenance(
  deps: MaintenanceDeps,
  options: MaintenanceOptions = {},
): Promise<MaintenanceReport> {
  const log = deps.logger.child({ category: 'jobs' });
  // Before anything is removed: a run with a retention PCI DSS does not allow does nothing at all.
  assertAuditRetention(deps.config.maintenance.auditLogRetentionMonths);
  const run = await runExclusively(deps.database, MAINTENANCE_LOCK_KEY, (db) => runTasks(db, deps, options));
  if (!run.ran) {
    const reason = 'another maintenance run holds the lock';
    log.info('maintenance skipped: another run is under way', { reason });
    return { status: 'skipped', reason };
  }
  const report = run.value;
  const counts = Object.fromEntries(report.tasks.map((task) => [task.task, task.count]));
  const audit = report.tasks.find((task) => task.task === 'audit_log');
  if (audit && audit.count > 0) {
    log.warn('maintenance removed audit log entries past their retention', {
      runId: report.runId,
      removed: audit.count,
      cutoff: audit.cutoff,
      retentionMonths: deps.config.maintenance.auditLogRetentionMonths,
    });
  }
  log.info('maintenance finished', {
    runId: report.runId,
    durationMs: report.durationMs,
    ...counts,
    auditLogCutoff: audit?.cutoff ?? null,
    ...(options.signal?.aborted ? { stoppedEarly: true } : {}),
  });
  return report;
}

async function runTasks(
  db: Db,
  deps: MaintenanceDeps,
  options: MaintenanceOptions,
): Promise<MaintenanceReport & { status: 'completed' }> {
  const started = performance.now();
  const now = options.now ?? new Date();
  const runId = randomUUID();
  const batches: BatchOptions = {
    batchSize: options.batchSize ?? MAINTENANCE_BATCH_SIZE,
    ...(options.signal ? { signal: options.signal } : {}),
  };
  const tasks: MaintenanceTaskResult[] = [];

  tasks.push({
    task: 'sessions',
    count: await pruneExpiredSessions(db, batches),
    retention: 'until the session expires',
    cutoff: null,
  });

  const tokens = await pruneExpiredTokenRevocations(db, batches, now);
  tasks.push({
    task: 'revoked_tokens',
    count: tokens.removed,
    retention: 'until the token expires, plus 1 hour',
    cutoff: tokens.cutoff.toISOString(),
  });

  tasks.push({
    task: 'parked_carts',
    count: await pruneExpiredParkedCarts(db, batches, now),
    retention: "until the end of the store's business day",
    cutoff: null,
  });

  const months = deps.config.maintenance.auditLogRetentionMonths;
  const audit = await pruneAuditLog(db, { months, now, runId }, batches);
  tasks.push({
    task: 'audit_log',
    count: audit.removed,
    retention: `${months} months (AUDIT_LOG_RETENTION_MONTHS)`,
    cutoff: audit.cutoff.toISOString(),
  });

  const disabled = options.signal?.aborted
    ? []
    : await disableInactiveUsers({ db, credentialCache: credentialCacheFor(deps) }, now);
  tasks.push({
    task: 'inactive_accounts',
    count: disabled.length,
    retention: `disabled after ${INACTIVITY_DAYS} days without sign-in`,
    cutoff: new Date(now.getTime() - INACTIVITY_DAYS * 24 * 3600_000).toISOString(),
  });

  return { status: 'completed', runId, durationMs: Math.round(performance.now() - started), tasks };
}

/**
 * On PostgreSQL a disabled account is announced to every process of the app (PM2 workers, other hosts), as
 * the app itself does, so their caches forget it at once. On PGlite the app is this process or not running,
 * and its cache holds an entry a few seconds at most.
 */
function credentialCacheFor(deps: MaintenanceDeps): CredentialCache {
  if (deps.database.kind !== 'postgres') {
    return new CredentialCache();
  }
  const log = deps.logger.child({ category: 'auth' });
  return new CredentialCache({
    announce: (change) => notifyCredentialChange(deps.database.db, change),
    onAnnounceFailed: (error) =>
      log.warn('a disabled account could not be announced; other processes see it within seconds', {
        err: error,
      }),
  });
}
