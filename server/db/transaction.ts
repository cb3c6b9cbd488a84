import type { Db, Tx } from './client';

export const UNIQUE_VIOLATION = '23505';
const RETRYABLE_SQLSTATES = new Set(['40001', '40P01']);
const MAX_ATTEMPTS = 4;

/** The SQLSTATE of a driver error, also when Drizzle wrapped it. */
export function sqlStateOf(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) {
      return code;
    }
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * Runs fn in one transaction; serialization failures and deadlocks (40001, 40P01) are retried
 * up to 3 times with jittered backoff. Inside fn use only tx, never the outer db.
 */
export async function withTransaction<T>(db: Db, fn: (tx: Tx) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction(fn);
    } catch (error) {
      const state = sqlStateOf(error);
      if (attempt >= MAX_ATTEMPTS || !state || !RETRYABLE_SQLSTATES.has(state)) {
        throw error;
      }
      const backoffMs = 10 * 2 ** attempt + Math.random() * 20;
      await new Promise((resolve) => setTimeout(resolve, backoffMs));
    }
  }
}
