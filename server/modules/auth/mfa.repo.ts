import { and, eq, isNull, lt, or, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { userRecoveryCodes, users } from '../../db/schema';

export async function updatePendingMfaSecret(ex: Executor, userId: string, encrypted: string): Promise<void> {
  await ex
    .update(users)
    .set({ mfaPendingSecret: encrypted, updatedAt: sql`now()` })
    .where(eq(users.id, userId));
}

/** Turns the pending secret into the active one; `step` is the step of the confirming code (no replay). */
export async function enableMfa(
  ex: Executor,
  userId: string,
  encrypted: string,
  step: number,
): Promise<void> {
  await ex
    .update(users)
    .set({
      mfaSecret: encrypted,
      mfaPendingSecret: null,
      mfaEnabledAt: sql`now()`,
      mfaLastStep: step,
      updatedAt: sql`now()`,
    })
    .where(eq(users.id, userId));
}

export async function disableMfa(ex: Executor, userId: string): Promise<void> {
  await ex
    .update(users)
    .set({
      mfaSecret: null,
      mfaPendingSecret: null,
      mfaEnabledAt: null,
      mfaLastStep: null,
      updatedAt: sql`now()`,
    })
    .where(eq(users.id, userId));
  await ex.delete(userRecoveryCodes).where(eq(userRecoveryCodes.userId, userId));
}

/**
 * Records `step` as used unless a later or equal step was already used: true when this request won. Two workers
 * racing with the same code cannot both succeed, because the condition is checked in the UPDATE itself.
 */
export async function claimTotpStep(ex: Executor, userId: string, step: number): Promise<boolean> {
  const rows = await ex
    .update(users)
    .set({ mfaLastStep: step })
    .where(and(eq(users.id, userId), or(isNull(users.mfaLastStep), lt(users.mfaLastStep, step))))
    .returning({ id: users.id });
  return rows.length > 0;
}

export async function replaceRecoveryCodes(
  ex: Executor,
  userId: string,
  codeHashes: string[],
): Promise<void> {
  await ex.delete(userRecoveryCodes).where(eq(userRecoveryCodes.userId, userId));
  await ex.insert(userRecoveryCodes).values(codeHashes.map((codeHash) => ({ userId, codeHash })));
}

/** Marks an unused recovery code used; true when it existed and was unused (each code works once). */
export async function consumeRecoveryCode(ex: Executor, userId: string, codeHash: string): Promise<boolean> {
  const rows = await ex
    .update(userRecoveryCodes)
    .set({ usedAt: sql`now()` })
    .where(
      and(
        eq(userRecoveryCodes.userId, userId),
        eq(userRecoveryCodes.codeHash, codeHash),
        isNull(userRecoveryCodes.usedAt),
      ),
    )
    .returning({ id: userRecoveryCodes.id });
  return rows.length > 0;
}

export async function countUnusedRecoveryCodes(ex: Executor, userId: string): Promise<number> {
  const [row] = await ex
    .select({ count: sql<number>`count(*)::int` })
    .from(userRecoveryCodes)
    .where(and(eq(userRecoveryCodes.userId, userId), isNull(userRecoveryCodes.usedAt)));
  return row?.count ?? 0;
}
