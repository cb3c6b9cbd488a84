// `npm run db:migrate`: applies pending migrations to the configured database (DATABASE_URL or the PGlite data dir).
import { loadConfig } from '../config';
import { loadEnvFiles } from '../lib/env-files';
import { openDatabase } from './client';
import { migrateDatabase, migrationsFolder } from './migrate';

loadEnvFiles();
const config = loadConfig();
const database = await openDatabase(config.db);
try {
  const started = performance.now();
  await migrateDatabase(database);
  const target = config.db.kind === 'postgres' ? 'PostgreSQL' : `PGlite at ${config.db.dataDir ?? 'memory'}`;
  console.log(
    `Migrations from ${migrationsFolder()} applied to ${target} in ${Math.round(performance.now() - started)} ms`,
  );
} finally {
  await database.close();
}
