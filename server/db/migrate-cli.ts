// `npm run db:migrate`: applies pending migrations to the configured database (DATABASE_URL or the PGlite data dir).
import { loadConfig } from '../config';
import { openDatabase } from './client';
import { migrateDatabase, migrationsFolder } from './migrate';

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
