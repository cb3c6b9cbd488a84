import { createSecretKey, hkdfSync, type KeyObject, randomBytes } from 'node:crypto';
import jwt from 'jsonwebtoken';
import QRCode from 'qrcode';
import type { Role } from '../../../shared/roles';
import type { Config } from '../../config';
import type { Db, Executor } from '../../db/client';
import { withTransaction } from '../../db/transaction';
import {
  AccountLockedError,
  ConflictError,
  InvalidCredentialsError,
  UnauthenticatedError,
  ValidationError,
} from '../../lib/errors';
import { type RequestOrigin, recordAudit } from '../audit/audit.service';
import { findUserWithStoresById, type UserWithStores } from '../users/users.repo';
import { completeLogin, failAttempt } from './auth.service';
import type { CredentialCache } from './credential-cache';
import {
  claimTotpStep,
  consumeRecoveryCode,
  countUnusedRecoveryCodes,
  disableMfa,
  enableMfa,
  replaceRecoveryCodes,
  updatePendingMfaSecret,
} from './mfa.repo';
import {
  decryptMfaSecret,
  deriveMfaKey,
  encryptMfaSecret,
  generateRecoveryCodes,
  hashRecoveryCode,
} from './mfa-secrets';
import { secretMatches } from './passwords';
import { encodeBase32, matchTotp, otpauthUri } from './totp';

export type MfaDeps = { db: Db; config: Config; credentialCache: CredentialCache };

const ISSUER = 'Pet Products POS';
/** Time to type the code after the password was accepted. */
const CHALLENGE_SECONDS = 300;
const MFA_ROLES: readonly Role[] = ['admin', 'manager'];

/** A second factor as the client sends it: a code from the app, or one of the recovery codes. */
export type SecondFactor = { code?: string | undefined; recoveryCode?: string | undefined };

export function mayUseMfa(role: Role): boolean {
  return MFA_ROLES.includes(role);
}

/** REQUIRE_MFA: a manager or admin without an enrolled second factor may do nothing but enrol it. */
export function isMfaEnrolmentRequired(
  config: Config,
  user: Pick<UserWithStores, 'role' | 'mfaEnabledAt'>,
): boolean {
  return config.auth.requireMfa && mayUseMfa(user.role) && !user.mfaEnabledAt;
}

const keys = new Map<string, { encryption: Buffer; challenge: KeyObject }>();

/** Both keys are derived from the configured secrets, so a challenge can never pass for a bearer token. */
function keysOf(config: Config): { encryption: Buffer; challenge: KeyObject } {
  let entry = keys.get(config.auth.mfaKeyMaterial + config.auth.jwtSecret);
  if (!entry) {
    entry = {
      encryption: deriveMfaKey(config.auth.mfaKeyMaterial),
      challenge: createSecretKey(
        Buffer.from(
          hkdfSync('sha256', config.auth.jwtSecret, 'pet-products-pos', 'mfa-login-challenge-v1', 32),
        ),
      ),
    };
    keys.set(config.auth.mfaKeyMaterial + config.auth.jwtSecret, entry);
  }
  return entry;
}

export type MfaStatus = {
  enabled: boolean;
  enabledAt: string | null;
  recoveryCodesLeft: number;
  required: boolean;
};

export async function getMfaStatus(deps: MfaDeps, userId: string): Promise<MfaStatus> {
  const user = await loadUser(deps, userId);
  return {
    enabled: user.mfaEnabledAt !== null,
    enabledAt: user.mfaEnabledAt?.toISOString() ?? null,
    recoveryCodesLeft: user.mfaEnabledAt ? await countUnusedRecoveryCodes(deps.db, userId) : 0,
    required: deps.config.auth.requireMfa && mayUseMfa(user.role),
  };
}

async function loadUser(deps: Pick<MfaDeps, 'db'>, userId: string): Promise<UserWithStores> {
  const user = await findUserWithStoresById(deps.db, userId);
  if (!user?.active) {
    throw new UnauthenticatedError();
  }
  return user;
}

export type MfaEnrolment = { secret: string; otpauthUri: string; qrCodeDataUrl: string };

/**
 * Starts enrolment: a new random 160-bit secret, kept encrypted as pending until a code from it is confirmed.
 * Starting again replaces a pending secret; with MFA already on it is 409 (disable first).
 */
export async function startMfaEnrolment(deps: MfaDeps, userId: string): Promise<MfaEnrolment> {
  const user = await loadUser(deps, userId);
  if (user.mfaEnabledAt) {
    throw new ConflictError('Two-factor sign-in is already on; turn it off first to enrol a new device');
  }
  const secret = randomBytes(20);
  await updatePendingMfaSecret(deps.db, userId, encryptMfaSecret(keysOf(deps.config).encryption, secret));
  const secretBase32 = encodeBase32(secret);
  const uri = otpauthUri(secretBase32, user.username, ISSUER);
  return { secret: secretBase32, otpauthUri: uri, qrCodeDataUrl: await QRCode.toDataURL(uri, { margin: 1 }) };
}

/** Confirms enrolment with a code from the app; answers the ten recovery codes, shown this once only. */
export async function confirmMfaEnrolment(
  deps: MfaDeps,
  userId: string,
  code: string,
  origin: RequestOrigin,
): Promise<{ recoveryCodes: string[] }> {
  const user = await loadUser(deps, userId);
  if (user.mfaEnabledAt) {
    throw new ConflictError('Two-factor sign-in is already on');
  }
  if (!user.mfaPendingSecret) {
    throw new ConflictError('Start the enrolment first');
  }
  const secret = decryptMfaSecret(keysOf(deps.config).encryption, user.mfaPendingSecret);
  const step = matchTotp(secret, code, Date.now(), null);
  if (step === null) {
    await recordAudit(deps.db, {
      action: 'auth.mfa_failed',
      actorUserId: userId,
      entityType: 'user',
      entityId: userId,
      details: { reason: 'wrong_enrolment_code' },
      origin,
    });
    throw new ValidationError([
      { path: 'code', message: 'is not the current code of the authenticator app' },
    ]);
  }
  const recoveryCodes = generateRecoveryCodes();
  await withTransaction(deps.db, async (tx) => {
    await enableMfa(tx, userId, user.mfaPendingSecret!, step);
    await storeRecoveryCodes(tx, userId, recoveryCodes);
    await recordAudit(tx, {
      action: 'auth.mfa_enrolled',
      actorUserId: userId,
      entityType: 'user',
      entityId: userId,
      details: { method: 'totp', recoveryCodes: recoveryCodes.length },
      origin,
    });
  });
  await deps.credentialCache.forget({ userId });
  return { recoveryCodes };
}

/**
 * Checks a second factor of an enrolled user: a TOTP code not used before, or an unused recovery code (then
 * used up and audit-logged). Returns which one matched, or null.
 */
async function verifySecondFactor(
  deps: MfaDeps,
  user: UserWithStores,
  factor: SecondFactor,
  origin: RequestOrigin,
): Promise<'totp' | 'recovery_code' | null> {
  if (!user.mfaSecret) {
    return null;
  }
  if (factor.code !== undefined) {
    const secret = decryptMfaSecret(keysOf(deps.config).encryption, user.mfaSecret);
    const step = matchTotp(secret, factor.code, Date.now(), user.mfaLastStep);
    return step !== null && (await claimTotpStep(deps.db, user.id, step)) ? 'totp' : null;
  }
  if (factor.recoveryCode !== undefined) {
    if (!(await consumeRecoveryCode(deps.db, user.id, hashRecoveryCode(user.id, factor.recoveryCode)))) {
      return null;
    }
    await recordAudit(deps.db, {
      action: 'auth.mfa_recovery_code_used',
      actorUserId: user.id,
      entityType: 'user',
      entityId: user.id,
      details: { recoveryCodesLeft: await countUnusedRecoveryCodes(deps.db, user.id) },
      origin,
    });
    return 'recovery_code';
  }
  return null;
}

function refuseWhenLocked(user: UserWithStores): void {
  const seconds = user.lockedUntil ? Math.ceil((user.lockedUntil.getTime() - Date.now()) / 1000) : 0;
  if (seconds > 0) {
    throw new AccountLockedError(seconds);
  }
}

export type MfaChallenge = { challengeId: string; expiresAt: string };

/** A short-lived signed statement "this user gave the right password", redeemed with the second factor. */
export function issueMfaChallenge(config: Config, userId: string, via: 'session' | 'token'): MfaChallenge {
  const challengeId = jwt.sign({ via, purpose: 'mfa' }, keysOf(config).challenge, {
    algorithm: 'HS256',
    subject: userId,
    expiresIn: CHALLENGE_SECONDS,
  });
  return { challengeId, expiresAt: new Date(Date.now() + CHALLENGE_SECONDS * 1000).toISOString() };
}

/** The user whose password step issued this challenge; 401 when it is forged, expired or for the other flow. */
export function readMfaChallenge(config: Config, challengeId: string, via: 'session' | 'token'): string {
  try {
    const payload = jwt.verify(challengeId, keysOf(config).challenge, {
      algorithms: ['HS256'],
    }) as jwt.JwtPayload;
    if (payload.purpose === 'mfa' && payload.via === via && typeof payload.sub === 'string') {
      return payload.sub;
    }
  } catch {
    // Falls through to the same answer as a forged challenge.
  }
  throw new UnauthenticatedError('The sign-in has expired; enter your username and password again', [
    { path: 'challengeId', message: 'is invalid or expired' },
  ]);
}

/**
 * The second step of signing in: the challenge from the password step plus a code. A wrong code counts
 * towards the account lockout like a wrong password (401, then 423 on the 10th failure).
 */
export async function completeMfaLogin(
  deps: MfaDeps,
  userId: string,
  request: SecondFactor,
  origin: RequestOrigin,
  via: 'session' | 'token',
): Promise<UserWithStores> {
  const user = await loadUser(deps, userId);
  refuseWhenLocked(user);
  const method = await verifySecondFactor(deps, user, request, origin);
  if (!method) {
    return failAttempt(deps, user, origin, 'mfa_code');
  }
  await completeLogin(deps, user, origin, { via, mfa: method });
  return user;
}

/** Turns MFA off for the signed-in user: needs the password and a code (or a recovery code). */
export async function disableOwnMfa(
  deps: MfaDeps,
  userId: string,
  request: SecondFactor & { password: string },
  origin: RequestOrigin,
): Promise<void> {
  const user = await loadUser(deps, userId);
  if (!user.mfaEnabledAt) {
    throw new ConflictError('Two-factor sign-in is not on');
  }
  await requireFreshFactors(deps, user, request, origin);
  await withTransaction(deps.db, async (tx) => {
    await disableMfa(tx, userId);
    await recordAudit(tx, {
      action: 'auth.mfa_disabled',
      actorUserId: userId,
      entityType: 'user',
      entityId: userId,
      origin,
    });
  });
  await deps.credentialCache.forget({ userId });
}

/** New recovery codes (the old ones stop working); needs a current code. */
export async function regenerateRecoveryCodes(
  deps: MfaDeps,
  userId: string,
  request: SecondFactor,
  origin: RequestOrigin,
): Promise<{ recoveryCodes: string[] }> {
  const user = await loadUser(deps, userId);
  if (!user.mfaEnabledAt) {
    throw new ConflictError('Two-factor sign-in is not on');
  }
  await requireFreshFactors(deps, user, request, origin);
  const recoveryCodes = generateRecoveryCodes();
  await withTransaction(deps.db, async (tx) => {
    await storeRecoveryCodes(tx, userId, recoveryCodes);
    await recordAudit(tx, {
      action: 'auth.mfa_recovery_codes_regenerated',
      actorUserId: userId,
      entityType: 'user',
      entityId: userId,
      details: { recoveryCodes: recoveryCodes.length },
      origin,
    });
  });
  return { recoveryCodes };
}

/**
 * Re-checks secrets inside a signed-in session before a security change. Wrong ones count towards the lockout
 * (a stolen session cannot guess the password here unnoticed) but answer 400 naming the field, not 401, so the
 * client does not take it for a lost session.
 */
async function requireFreshFactors(
  deps: MfaDeps,
  user: UserWithStores,
  request: SecondFactor & { password?: string },
  origin: RequestOrigin,
): Promise<void> {
  refuseWhenLocked(user);
  const wrong: { path: string; message: string }[] = [];
  if (request.password !== undefined && !(await secretMatches(request.password, user.passwordHash))) {
    wrong.push({ path: 'password', message: 'is wrong' });
  } else if (!(await verifySecondFactor(deps, user, request, origin))) {
    wrong.push({
      path: request.code !== undefined ? 'code' : 'recoveryCode',
      message: 'is wrong or already used',
    });
  }
  if (wrong.length === 0) {
    return;
  }
  try {
    await failAttempt(deps, user, origin, wrong[0]!.path === 'password' ? 'password' : 'mfa_code');
  } catch (error) {
    if (!(error instanceof InvalidCredentialsError)) {
      throw error;
    }
  }
  throw new ValidationError(wrong);
}

/** The user's recovery codes become exactly these (stored hashed); earlier ones stop working. */
function storeRecoveryCodes(ex: Executor, userId: string, codes: readonly string[]): Promise<void> {
  return replaceRecoveryCodes(
    ex,
    userId,
    codes.map((value) => hashRecoveryCode(userId, value)),
  );
}
