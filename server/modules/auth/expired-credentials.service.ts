import type { Db } from '../../db/client';
import { type BatchOptions, deleteInBatches } from '../../lib/batches';
import { deleteExpiredSessions, deleteRevokedTokensExpiredBefore } from './auth.repo';

/**
 * A token's revocation is needed only while the token itself is valid: once its `exp` has passed, the
 * signature check refuses it before the revocation list is read. The hour's margin covers an app host whose
 * clock runs behind the database's.
 */
export const REVOKED_TOKEN_GRACE_MS = 3600_000;

/**
 * Removes the database store's sessions whose expiry has passed (sign-in already ignores them). With Redis
 * the table stays empty and Redis expires its sessions itself.
 */
export async function pruneExpiredSessions(db: Db, options: BatchOptions): Promise<number> {
  return deleteInBatches((limit) => deleteExpiredSessions(db, limit), options);
}

/** Removes revocations of bearer tokens that expired more than REVOKED_TOKEN_GRACE_MS ago. */
export async function pruneExpiredTokenRevocations(
  db: Db,
  options: BatchOptions,
  now = new Date(),
): Promise<{ removed: number; cutoff: Date }> {
  const cutoff = new Date(now.getTime() - REVOKED_TOKEN_GRACE_MS);
  const removed = await deleteInBatches(
    (limit) => deleteRevokedTokensExpiredBefore(db, cutoff, limit),
    options,
  );
  return { removed, cutoff };
}
