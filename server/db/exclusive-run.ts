import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import type pg from 'pg';
import type { Database, Db } from './client';
import * as schema from './schema';

export type ExclusiveRun<T> = { ran: true; value: T } | { ran: false };

/** Keys held in this process on a PGlite database (one process owns a PGlite folder, see pglite-lock.ts). */
const heldOnPglite = new WeakMap<Db, Set<number>>();

/**
 * Runs `fn` only if no other run holding `key` is under way anywhere, else returns `{ ran: false }` at once.
 *
 * On PostgreSQL the run takes a session advisory lock (pg_try_advisory_lock) on one pooled connection and
 * `fn` gets a Db bound to that connection, so all its work (its own short transactions included) happens
 * there and the lock ends with the run, or with the connection if the process dies. Other processes (PM2
 * workers, a cron job, another host) then skip. On PGlite only this process can have the database open, so
 * a set of held keys in memory is the whole lock; advisory locks would not help, as they are re-entrant
 * within PGlite's single session.
 */
export async function runExclusively<T>(
  database: Database,
  key: number,
  fn: (db: Db) => Promise<T>,
): Promise<ExclusiveRun<T>> {
  if (database.kind === 'pglite') {
    const held = heldOnPglite.get(database.db) ?? new Set<number>();
    heldOnPglite.set(database.db, held);
    if (held.has(key)) {
      return { ran: false };
    }
    held.add(key);
    try {
      return { ran: true, value: await fn(database.db) };
    } finally {
      held.delete(key);
    }
  }
  // The node-postgres Drizzle client keeps its pool as $client; the Db type deliberately hides it.
  const pool = (database.db as unknown as { $client: pg.Pool }).$client;
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    const locked = await client.query<{ locked: boolean }>('select pg_try_advisory_lock($1) as locked', [
      key,
    ]);
    if (!locked.rows[0]?.locked) {
      return { ran: false };
    }
    try {
      const db = drizzleNodePg(client, { schema }) as unknown as Db;
      return { ran: true, value: await fn(db) };
    } finally {
      try {
        await client.query('select pg_advisory_unlock($1)', [key]);
      } catch (error) {
        // The connection is gone (and the lock with it): the pool must not reuse it.
        broken = error instanceof Error ? error : new Error(String(error));
      }
    }
  } finally {
    client.release(broken);
  }
}
