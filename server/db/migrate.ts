import path from 'node:path';
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import { migrate as migrateNodePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import type pg from 'pg';
import { findAppRoot } from '../lib/app-root';
import type { Database } from './client';

/** Arbitrary but fixed: every process of this app takes the same advisory lock before migrating. */
const MIGRATION_LOCK_KEY = 4_711_202_501;

/** The committed SQL migrations, next to package.json in the sources and in a deployed bundle alike. */
export function migrationsFolder(): string {
  return path.join(findAppRoot(), 'migrations');
}

/**
 * Applies every pending migration in migrations/. On PostgreSQL the run holds an advisory lock on one
 * connection, so PM2 cluster workers starting together migrate once and the others wait, then find
 * nothing left to do. PGlite has a single connection and a single process, so it needs no lock.
 */
export async function migrateDatabase(database: Database): Promise<void> {
  const config = { migrationsFolder: migrationsFolder() };
  if (database.kind === 'pglite') {
    await migratePglite(database.db as unknown as PgliteDatabase, config);
    return;
  }
  // The node-postgres Drizzle client keeps its pool as $client; the Db type deliberately hides it.
  const pool = (database.db as unknown as { $client: pg.Pool }).$client;
  const client = await pool.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      await migrateNodePg(drizzleNodePg(client), config);
    } finally {
      await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    client.release();
  }
}
