// Sends the daily low-stock emails once and exits: 0 when done, 1 when SMTP is not configured or a
// message could not be sent. Meant for cron, e.g. `0 7 * * * cd /srv/pos && npm run inventory:low-stock-email`.
import { loadConfig } from '../server/config';
import { openDatabase } from '../server/db/client';
import { loadEnvFiles } from '../server/lib/env-files';
import { createLogger } from '../server/lib/logger';
import { createMailer } from '../server/lib/mailer';
import { sendLowStockEmails } from '../server/modules/inventory/low-stock.service';

async function main(): Promise<number> {
  loadEnvFiles();
  const config = loadConfig();
  const logger = createLogger({ level: config.log.level, dir: config.log.dir });
  const mailer = createMailer(config);
  if (!mailer) {
    logger.error('SMTP is not configured (SMTP_HOST); no low-stock emails sent', { category: 'jobs' });
    return 1;
  }
  const database = await openDatabase(config.db);
  try {
    const summary = await sendLowStockEmails({ db: database.db, config, logger, mailer, now: new Date() });
    process.stdout.write(`${JSON.stringify(summary)}\n`);
    return summary.failed > 0 ? 1 : 0;
  } finally {
    mailer.close();
    await database.close();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`low-stock email failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 1;
  },
);
