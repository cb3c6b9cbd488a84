import { and, eq, gt, inArray, lt, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { revokedTokens, sessions } from '../../db/schema';
import { CREDENTIALS_CHANNEL, type CredentialChange } from './credential-cache';

export async function insertRevokedToken(
  ex: Executor,
  token: { jti: string; userId: string; expiresAt: Date },
): Promise<void> {
  await ex.insert(revokedTokens).values(token).onConflictDoNothing();
}

export async function isTokenRevoked(ex: Executor, jti: string): Promise<boolean> {
  const rows = await ex
    .select({ jti: revokedTokens.jti })
    .from(revokedTokens)
    .where(eq(revokedTokens.jti, jti))
    .limit(1);
  return rows.length > 0;
}

// Sessions of the embedded default (no Redis): one row per session, expired rows ignored and pruned.

export async function findSessionData(ex: Executor, sid: string): Promise<unknown | undefined> {
  const [row] = await ex
    .select({ sess: sessions.sess })
    .from(sessions)
    .where(and(eq(sessions.sid, sid), gt(sessions.expiresAt, sql`now()`)))
    .limit(1);
  return row?.sess;
}

export async function upsertSession(
  ex: Executor,
  session: { sid: string; sess: unknown; userId: string | null; expiresAt: Date },
): Promise<void> {
  await ex
    .insert(sessions)
    .values(session)
    .onConflictDoUpdate({
      target: sessions.sid,
      set: { sess: session.sess, userId: session.userId, expiresAt: session.expiresAt },
    });
}

export async function touchSession(ex: Executor, sid: string, expiresAt: Date): Promise<void> {
  await ex.update(sessions).set({ expiresAt }).where(eq(sessions.sid, sid));
}

export async function deleteSession(ex: Executor, sid: string): Promise<void> {
  await ex.delete(sessions).where(eq(sessions.sid, sid));
}

export async function deleteSessionsOfUser(ex: Executor, userId: string): Promise<void> {
  await ex.delete(sessions).where(eq(sessions.userId, userId));
}

/**
 * Removes up to `limit` sessions whose expiry has passed (they are already ignored by findSessionData). The
 * expiry is checked again on the row deleted, so a session touched since the rows were picked is kept.
 */
export async function deleteExpiredSessions(ex: Executor, limit: number): Promise<number> {
  const expired = ex
    .select({ sid: sessions.sid })
    .from(sessions)
    .where(lt(sessions.expiresAt, sql`now()`))
    .limit(limit);
  const rows = await ex
    .delete(sessions)
    .where(and(inArray(sessions.sid, expired), lt(sessions.expiresAt, sql`now()`)))
    .returning({ sid: sessions.sid });
  return rows.length;
}

/** Removes up to `limit` revocations of tokens that expired before `before` (an expired token is refused anyway). */
export async function deleteRevokedTokensExpiredBefore(
  ex: Executor,
  before: Date,
  limit: number,
): Promise<number> {
  const expired = ex
    .select({ jti: revokedTokens.jti })
    .from(revokedTokens)
    .where(lt(revokedTokens.expiresAt, before))
    .limit(limit);
  const rows = await ex
    .delete(revokedTokens)
    .where(inArray(revokedTokens.jti, expired))
    .returning({ jti: revokedTokens.jti });
  return rows.length;
}

/** Tells every process listening (server/db/listener.ts) about a committed credential change. */
export async function notifyCredentialChange(ex: Executor, change: CredentialChange): Promise<void> {
  await ex.execute(sql`select pg_notify(${CREDENTIALS_CHANNEL}, ${JSON.stringify(change)})`);
}
