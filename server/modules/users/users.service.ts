import type { Page } from '../../../shared/schemas/common';
import type {
  AdminUser,
  CreateUserRequest,
  ListUsersQuery,
  UpdateUserRequest,
} from '../../../shared/schemas/users';
import type { Db, Executor } from '../../db/client';
import { sqlStateOf, UNIQUE_VIOLATION, withTransaction } from '../../db/transaction';
import { decodeCursor, encodeCursor } from '../../lib/cursor';
import { ConflictError, NotFoundError, ValidationError } from '../../lib/errors';
import { type RequestOrigin, recordAudit } from '../audit/audit.service';
import { deleteSessionsOfUser } from '../auth/auth.repo';
import { disableMfa } from '../auth/mfa.repo';
import type { CredentialCache } from '../auth/credential-cache';
import { hashSecret, secretMatches } from '../auth/passwords';
import { findExistingStoreIds } from '../stores/stores.repo';
import {
  countActiveAdmins,
  findUsers,
  findRecentPasswordHashes,
  findUsersByIds,
  findUserWithStoresById,
  insertPasswordHistory,
  insertUser,
  replaceUserStores,
  type UserWithStores,
  updateUserColumns,
} from './users.repo';

/** PCI DSS v4 8.3.7: a new password may not be the current one or one of the 3 before it (the last 4). */
export const PASSWORD_HISTORY_SIZE = 4;

async function assertPasswordNotRecent(
  deps: UsersDeps,
  user: UserWithStores,
  password: string,
): Promise<void> {
  const recent = [
    user.passwordHash,
    ...(await findRecentPasswordHashes(deps.db, user.id, PASSWORD_HISTORY_SIZE - 1)),
  ];
  for (const hash of recent) {
    if (await secretMatches(password, hash)) {
      throw new ValidationError([
        { path: 'password', message: `must differ from the last ${PASSWORD_HISTORY_SIZE} passwords` },
      ]);
    }
  }
}

/** credentialCache: when given, a changed user is forgotten at once, here and in the other processes. */
export type UsersDeps = { db: Db; bcryptRounds: number; credentialCache?: CredentialCache };

/** Display names by user id, for screens that show who did something (the audit log); unknown ids are left out. */
export async function findUserNames(ex: Executor, ids: readonly string[]): Promise<Map<string, string>> {
  const rows = await findUsersByIds(ex, [...new Set(ids)]);
  return new Map(rows.map((row) => [row.id, row.name]));
}

export function presentAdminUser(user: UserWithStores): AdminUser {
  return {
    id: user.id,
    username: user.username,
    name: user.name,
    role: user.role,
    storeIds: user.storeIds,
    email: user.email,
    active: user.active,
    hasPin: user.pinHash !== null,
    mfaEnabled: user.mfaEnabledAt !== null,
    lockedUntil:
      user.lockedUntil && user.lockedUntil.getTime() > Date.now() ? user.lockedUntil.toISOString() : null,
    lastLoginAt: user.lastLoginAt?.toISOString() ?? null,
    createdAt: user.createdAt.toISOString(),
  };
}

async function assertStoresExist(db: Db, storeIds: string[]): Promise<void> {
  const existing = new Set(await findExistingStoreIds(db, storeIds));
  const details = storeIds.flatMap((id, index) =>
    existing.has(id) ? [] : [{ path: `storeIds.${index}`, message: 'no such store' }],
  );
  if (details.length > 0) {
    throw new ValidationError(details);
  }
}

function assertStoresForRole(role: string, storeIds: string[]): void {
  if (role !== 'admin' && storeIds.length === 0) {
    throw new ValidationError([
      { path: 'storeIds', message: 'managers and cashiers need at least one store' },
    ]);
  }
}

export async function listUsers(deps: UsersDeps, query: ListUsersQuery): Promise<Page<AdminUser>> {
  const after = query.cursor ? decodeCursor(query.cursor, 2) : undefined;
  const rows = await findUsers(deps.db, {
    q: query.q,
    storeId: query.storeId,
    after: after ? { usernameLower: String(after[0]), id: String(after[1]) } : undefined,
    limit: query.limit + 1,
  });
  const items = rows.slice(0, query.limit);
  const last = items.at(-1);
  return {
    items: items.map(presentAdminUser),
    nextCursor:
      rows.length > query.limit && last ? encodeCursor([last.username.toLowerCase(), last.id]) : null,
  };
}

export async function getUser(deps: UsersDeps, id: string): Promise<AdminUser> {
  const user = await findUserWithStoresById(deps.db, id);
  if (!user) {
    throw new NotFoundError('User');
  }
  return presentAdminUser(user);
}

/** Creates a user with hashed password and PIN; usernames are unique regardless of case (409). */
export async function createUser(
  deps: UsersDeps,
  request: CreateUserRequest,
  actorUserId: string | null,
  origin: RequestOrigin,
): Promise<AdminUser> {
  const storeIds = [...new Set(request.storeIds)];
  assertStoresForRole(request.role, storeIds);
  await assertStoresExist(deps.db, storeIds);
  const passwordHash = await hashSecret(request.password, deps.bcryptRounds);
  const pinHash = request.pin ? await hashSecret(request.pin, deps.bcryptRounds) : null;
  const id = await withTransaction(deps.db, async (tx) => {
    const user = await insertUser(tx, {
      username: request.username,
      name: request.name,
      email: request.email,
      role: request.role,
      passwordHash,
      pinHash,
    }).catch((error: unknown) => {
      throw sqlStateOf(error) === UNIQUE_VIOLATION
        ? new ConflictError(`The username ${request.username} is taken`, 'CONFLICT', [
            { path: 'username', message: 'is already taken' },
          ])
        : error;
    });
    await replaceUserStores(tx, user.id, storeIds);
    await recordAudit(tx, {
      action: 'user.created',
      actorUserId,
      entityType: 'user',
      entityId: user.id,
      details: { username: user.username, role: user.role, storeIds, hasPin: pinHash !== null },
      origin,
    });
    return user.id;
  });
  return getUser(deps, id);
}

/**
 * Changes a user. A new password or deactivation ends every session and token of that user; the last
 * active admin cannot be demoted or deactivated.
 */
export async function updateUser(
  deps: UsersDeps,
  id: string,
  request: UpdateUserRequest,
  actorUserId: string,
  origin: RequestOrigin,
): Promise<AdminUser> {
  const current = await findUserWithStoresById(deps.db, id);
  if (!current) {
    throw new NotFoundError('User');
  }
  const role = request.role ?? current.role;
  const storeIds = request.storeIds ? [...new Set(request.storeIds)] : current.storeIds;
  assertStoresForRole(role, storeIds);
  if (request.storeIds) {
    await assertStoresExist(deps.db, storeIds);
  }
  const losesAdmin =
    current.role === 'admin' && current.active && (role !== 'admin' || request.active === false);
  if (request.password) {
    await assertPasswordNotRecent(deps, current, request.password);
  }
  const passwordHash = request.password ? await hashSecret(request.password, deps.bcryptRounds) : undefined;
  const isReactivated = request.active === true && !current.active;
  const pinHash =
    request.pin === undefined
      ? undefined
      : request.pin === null
        ? null
        : await hashSecret(request.pin, deps.bcryptRounds);
  const endsSessions = passwordHash !== undefined || request.active === false;

  await withTransaction(deps.db, async (tx) => {
    if (losesAdmin && (await countActiveAdmins(tx, id)) === 0) {
      throw new ConflictError('The last active admin cannot be demoted or deactivated');
    }
    await updateUserColumns(tx, id, {
      ...(request.name !== undefined ? { name: request.name } : {}),
      ...(request.email !== undefined ? { email: request.email } : {}),
      ...(request.role !== undefined ? { role: request.role } : {}),
      ...(request.active !== undefined ? { active: request.active } : {}),
      ...(passwordHash !== undefined ? { passwordHash, failedLoginCount: 0, lockedUntil: null } : {}),
      ...(pinHash !== undefined ? { pinHash } : {}),
      ...(endsSessions ? { credentialsChangedAt: new Date() } : {}),
      // Re-enabled (after 90 days unused, say): the inactivity clock starts again now.
      ...(isReactivated ? { reactivatedAt: new Date() } : {}),
    });
    if (passwordHash !== undefined) {
      await insertPasswordHistory(tx, id, current.passwordHash, PASSWORD_HISTORY_SIZE - 1);
    }
    if (request.storeIds) {
      await replaceUserStores(tx, id, storeIds);
    }
    const isMfaReset = request.mfaEnabled === false && current.mfaEnabledAt !== null;
    if (isMfaReset) {
      await disableMfa(tx, id);
      await recordAudit(tx, {
        action: 'auth.mfa_disabled',
        actorUserId,
        entityType: 'user',
        entityId: id,
        details: { by: 'admin' },
        origin,
      });
    }
    if (endsSessions) {
      await deleteSessionsOfUser(tx, id);
    }
    await recordAudit(tx, {
      action: passwordHash
        ? 'user.password_reset'
        : request.active === false
          ? 'user.deactivated'
          : isReactivated
            ? 'user.reactivated'
            : 'user.updated',
      actorUserId,
      entityType: 'user',
      entityId: id,
      // Field names only: never the new password or PIN.
      details: { changed: Object.keys(request).sort() },
      origin,
    });
  });
  await deps.credentialCache?.forget({ userId: id });
  return getUser(deps, id);
}

/** Lifts a lockout early (an admin vouches for the user). */
export async function unlockUser(
  deps: UsersDeps,
  id: string,
  actorUserId: string,
  origin: RequestOrigin,
): Promise<AdminUser> {
  await withTransaction(deps.db, async (tx) => {
    const user = await findUserWithStoresById(tx, id);
    if (!user) {
      throw new NotFoundError('User');
    }
    await updateUserColumns(tx, id, { failedLoginCount: 0, lockedUntil: null });
    await recordAudit(tx, { action: 'user.unlocked', actorUserId, entityType: 'user', entityId: id, origin });
  });
  return getUser(deps, id);
}
