// `npm run db:seed [-- --days N]`: migrates, then seeds the demo chain (idempotent) with N days of sales history.
import { parseArgs } from 'node:util';
import { loadConfig } from '../config';
import { loadEnvFiles } from '../lib/env-files';
import { openDatabase } from './client';
import { migrateDatabase } from './migrate';
import { seedDemo } from './seed';

/** The demo PIN for manager approvals and till unlock; the config has no variable for it. */
const DEMO_PIN = '1234';
const DEFAULT_HISTORY_DAYS = 30;

const { values } = parseArgs({ options: { days: { type: 'string' } } });
const historyDays = values.days === undefined ? DEFAULT_HISTORY_DAYS : Number(values.days);
if (!Number.isInteger(historyDays) || historyDays < 0 || historyDays > 3650) {
  console.error(`--days must be a whole number from 0 to 3650, got "${values.days}"`);
  process.exit(2);
}

loadEnvFiles();
const config = loadConfig();
if (config.isProduction) {
  console.error('Refusing to seed demo data (known passwords) with NODE_ENV=production');
  process.exit(2);
}
const database = await openDatabase(config.db);
try {
  const started = performance.now();
  await migrateDatabase(database);
  const result = await seedDemo(database.db, {
    password: config.demo.password,
    pin: DEMO_PIN,
    bcryptRounds: config.auth.bcryptRounds,
    historyDays,
    log: (message) => console.log(message),
  });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    result.created
      ? `Demo data seeded in ${seconds} s`
      : `Demo data already present, nothing to do (${seconds} s)`,
  );
} finally {
  await database.close();
}
