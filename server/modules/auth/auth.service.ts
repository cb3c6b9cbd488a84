import { createSecretKey, type KeyObject, randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';
import type { User } from '../../../shared/schemas/auth';
import type { Config } from '../../config';
import type { Db } from '../../db/client';
import {
  AccountDisabledError,
  AccountLockedError,
  BusinessRuleError,
  InvalidCredentialsError,
  UnauthenticatedError,
} from '../../lib/errors';
import { type RequestOrigin, recordAudit } from '../audit/audit.service';
import {
  findUserWithStoresById,
  findUserWithStoresByUsername,
  recordFailedLogin,
  recordSuccessfulLogin,
  type UserWithStores,
} from '../users/users.repo';
import { insertRevokedToken, isTokenRevoked } from './auth.repo';
import type { CredentialCache } from './credential-cache';
import { disableInactiveUser, isInactiveTooLong } from '../users/inactivity.service';
import { secretMatches, spendComparisonTime } from './passwords';

export const MAX_FAILED_ATTEMPTS = 10;
export const LOCK_MINUTES = 30;

export type AuthDeps = { db: Db; config: Config; credentialCache: CredentialCache };

export function toUser(user: UserWithStores): User {
  return { id: user.id, username: user.username, name: user.name, role: user.role, storeIds: user.storeIds };
}

function lockedForSeconds(user: UserWithStores, now = Date.now()): number {
  return user.lockedUntil ? Math.ceil((user.lockedUntil.getTime() - now) / 1000) : 0;
}

/** Counts a failed secret; answers 423 on the failure that locks the account, 401 before that. */
export async function failAttempt(
  deps: Pick<AuthDeps, 'db'>,
  user: UserWithStores,
  origin: RequestOrigin,
  what: 'password' | 'pin' | 'mfa_code',
): Promise<never> {
  const result = await recordFailedLogin(deps.db, user.id, MAX_FAILED_ATTEMPTS, LOCK_MINUTES);
  if (result.lockedUntil && result.lockedUntil.getTime() > Date.now()) {
    await recordAudit(deps.db, {
      action: 'auth.lockout',
      actorUserId: user.id,
      entityType: 'user',
      entityId: user.id,
      details: { failedAttempts: result.failedLoginCount, via: what },
      origin,
    });
    throw new AccountLockedError(LOCK_MINUTES * 60);
  }
  await recordAudit(deps.db, {
    action: what === 'mfa_code' ? 'auth.mfa_failed' : 'auth.login_failed',
    actorUserId: user.id,
    entityType: 'user',
    entityId: user.id,
    details: { reason: `wrong_${what}`, failedAttempts: result.failedLoginCount },
    origin,
  });
  throw new InvalidCredentialsError(
    what === 'pin' ? 'Wrong PIN' : what === 'mfa_code' ? 'Wrong or already used code' : undefined,
  );
}

/** What a right password leads to: signed in, or a second factor still to check (MFA enrolled). */
export type PasswordOutcome = { user: UserWithStores; isMfaRequired: boolean };

/** Records a completed sign-in: resets the failure count, stamps last_login_at, writes the audit line. */
export async function completeLogin(
  deps: Pick<AuthDeps, 'db'>,
  user: UserWithStores,
  origin: RequestOrigin,
  details: Record<string, unknown>,
): Promise<void> {
  await recordSuccessfulLogin(deps.db, user.id);
  await recordAudit(deps.db, { action: 'auth.login', actorUserId: user.id, details, origin });
}

/**
 * Checks a username and password. Unknown users and wrong passwords get the same 401 and take the
 * same time; a locked account answers 423 even with the right password. An account unused for 90 days is
 * disabled here (403 ACCOUNT_DISABLED). With a second factor enrolled, the sign-in is not complete yet:
 * the failure count is kept until the code is right, so codes cannot be guessed between right passwords.
 */
export async function authenticateWithPassword(
  deps: AuthDeps,
  credentials: { username: string; password: string },
  origin: RequestOrigin,
  via: 'session' | 'token',
): Promise<PasswordOutcome> {
  const user = await findUserWithStoresByUsername(deps.db, credentials.username);
  if (!user?.active) {
    await spendComparisonTime(credentials.password, deps.config.auth.bcryptRounds);
    await recordAudit(deps.db, {
      action: 'auth.login_failed',
      actorUserId: user?.id ?? null,
      details: {
        username: credentials.username.slice(0, 100),
        reason: user ? 'inactive_user' : 'unknown_user',
      },
      origin,
    });
    throw new InvalidCredentialsError();
  }
  const lockedSeconds = lockedForSeconds(user);
  if (lockedSeconds > 0) {
    await recordAudit(deps.db, { action: 'auth.login_refused_locked', actorUserId: user.id, origin });
    throw new AccountLockedError(lockedSeconds);
  }
  if (!(await secretMatches(credentials.password, user.passwordHash))) {
    return failAttempt(deps, user, origin, 'password');
  }
  if (isInactiveTooLong(user)) {
    await disableInactiveUser(deps, user.id, origin);
    throw new AccountDisabledError();
  }
  if (user.mfaEnabledAt) {
    await recordAudit(deps.db, {
      action: 'auth.mfa_challenged',
      actorUserId: user.id,
      details: { via },
      origin,
    });
    return { user, isMfaRequired: true };
  }
  await completeLogin(deps, user, origin, { via });
  return { user, isMfaRequired: false };
}

/** Re-authenticates an idle-locked till session with the user's PIN; failures count towards the lockout. */
export async function verifyUnlockPin(
  deps: AuthDeps,
  userId: string,
  pin: string,
  origin: RequestOrigin,
): Promise<UserWithStores> {
  const user = await findUserWithStoresById(deps.db, userId);
  if (!user?.active) {
    throw new UnauthenticatedError();
  }
  const lockedSeconds = lockedForSeconds(user);
  if (lockedSeconds > 0) {
    throw new AccountLockedError(lockedSeconds);
  }
  if (!user.pinHash) {
    throw new InvalidCredentialsError('No PIN is set for this user; sign in with the password');
  }
  if (!(await secretMatches(pin, user.pinHash))) {
    return failAttempt(deps, user, origin, 'pin');
  }
  await recordSuccessfulLogin(deps.db, user.id);
  await recordAudit(deps.db, { action: 'auth.unlock', actorUserId: user.id, origin });
  return user;
}

/**
 * A manager's approval at the till: the username and PIN of an active manager of the store (or an admin).
 * A wrong PIN counts towards that manager's lockout, as at sign-in. Anything short of a valid approval is
 * 422 APPROVAL_REQUIRED naming `approval`, so the register asks again instead of signing the cashier out.
 */
export async function verifyManagerApproval(
  deps: Pick<AuthDeps, 'db' | 'config'>,
  approval: { username: string; pin: string },
  storeId: string,
  origin: RequestOrigin,
): Promise<UserWithStores> {
  const refuse = (message: string): never => {
    throw new BusinessRuleError('APPROVAL_REQUIRED', 'A manager must approve this', [
      { path: 'approval', message },
    ]);
  };
  const user = await findUserWithStoresByUsername(deps.db, approval.username);
  const mayApprove =
    user?.active && (user.role === 'admin' || (user.role === 'manager' && user.storeIds.includes(storeId)));
  if (!user || !mayApprove || !user.pinHash) {
    await spendComparisonTime(approval.pin, deps.config.auth.bcryptRounds);
    return refuse('is not a manager of this store with a PIN, or the PIN is wrong');
  }
  const lockedSeconds = lockedForSeconds(user);
  if (lockedSeconds > 0) {
    throw new AccountLockedError(lockedSeconds);
  }
  if (!(await secretMatches(approval.pin, user.pinHash))) {
    try {
      await failAttempt(deps, user, origin, 'pin');
    } catch (error) {
      if (error instanceof AccountLockedError) {
        throw error;
      }
    }
    return refuse('is not a manager of this store with a PIN, or the PIN is wrong');
  }
  return user;
}

export type IssuedToken = { token: string; expiresAt: Date };

const jwtKeys = new Map<string, KeyObject>();

/**
 * The JWT secret as a KeyObject, built once: given a string, jsonwebtoken first tries to parse it as a
 * public key on every call, which cost more than the rest of a scan lookup together.
 */
function jwtKeyOf(secret: string): KeyObject {
  let key = jwtKeys.get(secret);
  if (!key) {
    key = createSecretKey(Buffer.from(secret, 'utf8'));
    jwtKeys.set(secret, key);
  }
  return key;
}

/** A signed JWT for API clients: HS256, subject = user id, a unique jti so it can be revoked. */
export function issueToken(config: Config, userId: string): IssuedToken {
  // iatMs: the issue time to the millisecond, so a token from the same second as a deactivation does not come
  // back to life when the account is enabled again.
  const token = jwt.sign({ jti: randomUUID(), iatMs: Date.now() }, jwtKeyOf(config.auth.jwtSecret), {
    algorithm: 'HS256',
    subject: userId,
    expiresIn: /^\d+$/.test(config.auth.jwtExpiresIn)
      ? Number(config.auth.jwtExpiresIn)
      : (config.auth.jwtExpiresIn as jwt.SignOptions['expiresIn'] & string),
  });
  const payload = jwt.decode(token) as { exp: number };
  return { token, expiresAt: new Date(payload.exp * 1000) };
}

export type VerifiedToken = { user: UserWithStores; tokenId: string; expiresAt: Date };

/** Verifies signature, expiry and revocation; the user must still be active with unchanged credentials. */
export async function verifyBearerToken(deps: AuthDeps, token: string): Promise<VerifiedToken> {
  let payload: jwt.JwtPayload;
  try {
    payload = jwt.verify(token, jwtKeyOf(deps.config.auth.jwtSecret), {
      algorithms: ['HS256'],
    }) as jwt.JwtPayload;
  } catch {
    throw new UnauthenticatedError('The token is invalid or expired');
  }
  if (typeof payload.sub !== 'string' || typeof payload.jti !== 'string' || !payload.iat || !payload.exp) {
    throw new UnauthenticatedError('The token is invalid or expired');
  }
  const userId = payload.sub;
  const tokenId = payload.jti;
  const [user, revoked] = await Promise.all([
    deps.credentialCache.user(userId, () => findUserWithStoresById(deps.db, userId)),
    deps.credentialCache.isTokenRevoked(tokenId, () => isTokenRevoked(deps.db, tokenId)),
  ]);
  // Tokens from before iatMs existed have whole seconds only: one from the same second as a change still counts.
  const issuedBeforeChange =
    typeof payload.iatMs === 'number'
      ? user !== undefined && payload.iatMs < user.credentialsChangedAt.getTime()
      : payload.iat < (user ? Math.floor(user.credentialsChangedAt.getTime() / 1000) : 0);
  if (!user?.active || revoked || issuedBeforeChange) {
    throw new UnauthenticatedError('The token is invalid or expired');
  }
  return { user, tokenId: payload.jti, expiresAt: new Date(payload.exp * 1000) };
}

export async function revokeToken(
  deps: AuthDeps,
  token: { tokenId: string; userId: string; expiresAt: Date },
  origin: RequestOrigin,
): Promise<void> {
  await insertRevokedToken(deps.db, { jti: token.tokenId, userId: token.userId, expiresAt: token.expiresAt });
  await deps.credentialCache.forget({ tokenId: token.tokenId });
  await recordAudit(deps.db, {
    action: 'auth.logout',
    actorUserId: token.userId,
    details: { via: 'token' },
    origin,
  });
}
