import type { Db } from '../../db/client';
import { withTransaction } from '../../db/transaction';
import { type RequestOrigin, recordAudit } from '../audit/audit.service';
import { deleteSessionsOfUser } from '../auth/auth.repo';
import type { CredentialCache } from '../auth/credential-cache';
import { findUsersInactiveSince, type UserRow, updateUserColumns } from './users.repo';

/** PCI DSS v4 8.2.6: an account unused for this long is disabled until an admin enables it again. */
export const INACTIVITY_DAYS = 90;
const INACTIVITY_MS = INACTIVITY_DAYS * 24 * 3600_000;

/** The last sign-in, or creation, or re-enabling by an admin: whichever came last. */
function lastActivityOf(user: Pick<UserRow, 'lastLoginAt' | 'createdAt' | 'reactivatedAt'>): number {
  return Math.max(
    user.lastLoginAt?.getTime() ?? 0,
    user.createdAt.getTime(),
    user.reactivatedAt?.getTime() ?? 0,
  );
}

export function isInactiveTooLong(
  user: Pick<UserRow, 'lastLoginAt' | 'createdAt' | 'reactivatedAt'>,
  now = Date.now(),
): boolean {
  return now - lastActivityOf(user) > INACTIVITY_MS;
}

type InactivityDeps = { db: Db; credentialCache?: CredentialCache };

/** Disables one account for inactivity: its sessions and tokens end with it, and the audit log says why. */
export async function disableInactiveUser(
  deps: InactivityDeps,
  userId: string,
  origin: RequestOrigin | null,
): Promise<void> {
  await withTransaction(deps.db, async (tx) => {
    await updateUserColumns(tx, userId, { active: false, credentialsChangedAt: new Date() });
    await deleteSessionsOfUser(tx, userId);
    await recordAudit(tx, {
      action: 'user.disabled_inactive',
      actorUserId: null,
      entityType: 'user',
      entityId: userId,
      details: { inactiveDays: INACTIVITY_DAYS },
      ...(origin ? { origin } : {}),
    });
  });
  await deps.credentialCache?.forget({ userId });
}

/**
 * Disables every active account with no sign-in for 90 days; for the maintenance job (sign-in checks the same
 * rule for the account signing in). Returns the ids disabled.
 */
export async function disableInactiveUsers(deps: InactivityDeps, now = new Date()): Promise<string[]> {
  const stale = await findUsersInactiveSince(deps.db, new Date(now.getTime() - INACTIVITY_MS));
  for (const user of stale) {
    await disableInactiveUser(deps, user.id, null);
  }
  return stale.map((user) => user.id);
}
