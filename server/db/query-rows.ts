import type { SQL } from 'drizzle-orm';
import type { Executor } from './client';

/**
 * Runs raw SQL and returns its rows. Both drivers answer execute() with a `rows` array (pg's
 * QueryResult, PGlite's Results), but the common Drizzle base type cannot say so; this is the one cast.
 */
export async function queryRows<T extends Record<string, unknown>>(ex: Executor, query: SQL): Promise<T[]> {
  const result = (await ex.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}
