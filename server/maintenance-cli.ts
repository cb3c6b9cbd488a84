// `npm run maintenance` (built: `node dist/maintenance.js`): one housekeeping run on the configured database
// (DATABASE_URL, or the PGlite data dir), then a table of what it removed. Exit 0 when it ran or skipped
// because another run holds the lock; 1 with a message when the configuration or the database fails.
// On PGlite the running app holds the data dir: this refuses to open it (see db/pglite-lock.ts), and the
// app's own schedule (MAINTENANCE_INTERVAL_HOURS) is the way to run maintenance there.
import { ConfigError, loadConfig } from './config';
import { openDatabase } from './db/client';
import { loadEnvFiles } from './lib/env-files';
import { createLogger } from './lib/logger';
import { type MaintenanceTaskResult, runMaintenance } from './modules/maintenance/maintenance.service';

const TASK_LABELS: Record<MaintenanceTaskResult['task'], string> = {
  sessions: 'expired sessions (database store)',
  revoked_tokens: 'expired token revocations',
  parked_carts: 'parked carts from earlier days',
  audit_log: 'audit log entries',
  inactive_accounts: 'inactive accounts disabled',
};

function formatTable(tasks: MaintenanceTaskResult[]): string {
  const rows = [
    ['task', 'removed', 'kept / cut-off'],
    ...tasks.map((task) => [
      TASK_LABELS[task.task],
      String(task.count),
      task.cutoff ? `${task.retention}; before ${task.cutoff}` : task.retention,
    ]),
  ];
  const widths = [0, 1].map((column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows
    .map(([task, count, kept]) => `${task!.padEnd(widths[0]!)}  ${count!.padStart(widths[1]!)}  ${kept}`)
    .join('\n');
}

async function main(): Promise<number> {
  loadEnvFiles();
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`maintenance not run: ${error.message}`);
      return 1;
    }
    throw error;
  }
  const logger = createLogger({ level: config.log.level, dir: config.log.dir, pretty: !config.isProduction });
  let database: Awaited<ReturnType<typeof openDatabase>>;
  try {
    database = await openDatabase(config.db);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    console.error(
      `maintenance not run: the database could not be opened: ${message}` +
        (config.db.kind === 'pglite'
          ? '\nWith the embedded database, run maintenance while the app is stopped, or let the app run it (MAINTENANCE_INTERVAL_HOURS).'
          : ''),
    );
    return 1;
  }
  try {
    const report = await runMaintenance({ database, config, logger });
    if (report.status === 'skipped') {
      console.log(`maintenance skipped: ${report.reason}`);
      return 0;
    }
    console.log(formatTable(report.tasks));
    console.log(
      `Sales and returns (the idempotency keys of till retries) are never removed. Run ${report.runId} took ${report.durationMs} ms.`,
    );
    return 0;
  } catch (error) {
    console.error(`maintenance failed: ${error instanceof Error ? error.message : String(error)}`);
    logger.child({ category: 'jobs' }).error('maintenance failed', { err: error });
    return 1;
  } finally {
    await database.close();
  }
}

process.exitCode = await main();
