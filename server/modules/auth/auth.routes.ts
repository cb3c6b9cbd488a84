import type { RequestHandler } from 'express';
import { z } from 'zod';
import {
  loginRequestSchema,
  loginResponseSchema,
  mfaChallengeResponseSchema,
  mfaConfirmRequestSchema,
  mfaDisableRequestSchema,
  mfaEnrolmentSchema,
  mfaLoginRequestSchema,
  mfaStatusSchema,
  recoveryCodesResponseSchema,
  regenerateRecoveryCodesRequestSchema,
  tokenResponseSchema,
  unlockRequestSchema,
} from '../../../shared/schemas/auth';
import type { Config } from '../../config';
import type { Db } from '../../db/client';
import { endSession, newCsrfToken, requestOrigin, saveSession, startSession } from '../../http/auth';
import type { LoginRateLimiter } from '../../http/rate-limit';
import { type AnyRoute, defineRoute } from '../../http/route';
import { UnauthenticatedError } from '../../lib/errors';
import { recordAudit } from '../audit/audit.service';
import { findUserWithStoresById } from '../users/users.repo';
import type { CredentialCache } from './credential-cache';
import { authenticateWithPassword, issueToken, revokeToken, toUser, verifyUnlockPin } from './auth.service';
import {
  completeMfaLogin,
  confirmMfaEnrolment,
  disableOwnMfa,
  getMfaStatus,
  isMfaEnrolmentRequired,
  issueMfaChallenge,
  readMfaChallenge,
  regenerateRecoveryCodes,
  startMfaEnrolment,
} from './mfa.service';

const MFA_USERS = { kind: 'roles', roles: ['admin', 'manager'] } as const;

export type AuthRoutesDeps = {
  db: Db;
  config: Config;
  credentialCache: CredentialCache;
  sessionMiddleware: RequestHandler;
  loginRateLimiter: LoginRateLimiter;
};

export function authRoutes(deps: AuthRoutesDeps): AnyRoute[] {
  return [
    defineRoute({
      method: 'post',
      path: '/api/auth/login',
      summary:
        'Sign in with username and password; sets the session cookie, or answers an MFA challenge for POST /api/auth/login/mfa',
      tags: ['auth'],
      access: { kind: 'public' },
      body: loginRequestSchema,
      response: loginResponseSchema.or(mfaChallengeResponseSchema),
      handler: async ({ body, req, res }) => {
        await deps.loginRateLimiter.consume(req.ip, body.username);
        const outcome = await authenticateWithPassword(deps, body, requestOrigin(req), 'session');
        if (outcome.isMfaRequired) {
          return { mfaRequired: true, ...issueMfaChallenge(deps.config, outcome.user.id, 'session') };
        }
        const csrfToken = await startSession(deps.sessionMiddleware, req, res, outcome.user.id);
        return {
          user: toUser(outcome.user),
          csrfToken,
          mfaEnrolmentRequired: isMfaEnrolmentRequired(deps.config, outcome.user),
        };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/auth/login/mfa',
      summary:
        'Second sign-in step: the challenge plus an authenticator code or a recovery code; sets the session cookie',
      tags: ['auth'],
      access: { kind: 'public' },
      body: mfaLoginRequestSchema,
      response: loginResponseSchema,
      handler: async ({ body, req, res }) => {
        const userId = readMfaChallenge(deps.config, body.challengeId, 'session');
        await deps.loginRateLimiter.consume(req.ip, `mfa:${userId}`);
        const user = await completeMfaLogin(deps, userId, body, requestOrigin(req), 'session');
        const csrfToken = await startSession(deps.sessionMiddleware, req, res, user.id);
        return { user: toUser(user), csrfToken, mfaEnrolmentRequired: false };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/auth/token/mfa',
      summary:
        'Second step of POST /api/auth/token for a user with two-factor sign-in: the challenge plus a code',
      tags: ['auth'],
      access: { kind: 'public' },
      body: mfaLoginRequestSchema,
      response: tokenResponseSchema,
      handler: async ({ body, req }) => {
        const userId = readMfaChallenge(deps.config, body.challengeId, 'token');
        await deps.loginRateLimiter.consume(req.ip, `mfa:${userId}`);
        const user = await completeMfaLogin(deps, userId, body, requestOrigin(req), 'token');
        const issued = issueToken(deps.config, user.id);
        return { token: issued.token, expiresAt: issued.expiresAt.toISOString(), user: toUser(user) };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/auth/token',
      summary: 'Exchange username and password for a bearer token (API clients)',
      tags: ['auth'],
      access: { kind: 'public' },
      body: loginRequestSchema,
      response: tokenResponseSchema.or(mfaChallengeResponseSchema),
      handler: async ({ body, req }) => {
        await deps.loginRateLimiter.consume(req.ip, body.username);
        const outcome = await authenticateWithPassword(deps, body, requestOrigin(req), 'token');
        if (outcome.isMfaRequired) {
          return { mfaRequired: true, ...issueMfaChallenge(deps.config, outcome.user.id, 'token') };
        }
        const issued = issueToken(deps.config, outcome.user.id);
        return {
          token: issued.token,
          expiresAt: issued.expiresAt.toISOString(),
          user: toUser(outcome.user),
        };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/auth/logout',
      summary: 'End this session, or revoke this bearer token',
      tags: ['auth'],
      access: { kind: 'authenticated' },
      allowLockedSession: true,
      allowDuringMfaEnrolment: true,
      successStatus: 204,
      handler: async ({ principal, req, res }) => {
        if (principal.via === 'token' && principal.token) {
          await revokeToken(deps, { ...principal.token, userId: principal.userId }, requestOrigin(req));
          return undefined;
        }
        await endSession(req, res);
        await recordAudit(deps.db, {
          action: 'auth.logout',
          actorUserId: principal.userId,
          details: { via: 'session' },
          origin: requestOrigin(req),
        });
        return undefined;
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/auth/me',
      summary: 'The signed-in user and the CSRF token for this session',
      tags: ['auth'],
      access: { kind: 'authenticated' },
      allowDuringMfaEnrolment: true,
      response: loginResponseSchema.extend({
        csrfToken: z.string().nullable(),
        // The till locks its screen after the same idle time as the server locks the session.
        sessionIdleMinutes: z.number().int(),
      }),
      handler: async ({ principal, req }) => {
        const user = await findUserWithStoresById(deps.db, principal.userId);
        if (!user) {
          throw new UnauthenticatedError();
        }
        if (principal.via === 'session' && !req.session.csrfToken) {
          req.session.csrfToken = newCsrfToken();
        }
        return {
          user: toUser(user),
          csrfToken: principal.via === 'session' ? req.session.csrfToken : null,
          sessionIdleMinutes: deps.config.session.idleMinutes,
          mfaEnrolmentRequired: isMfaEnrolmentRequired(deps.config, user),
        };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/auth/lock',
      summary: 'Lock this till session now (the cashier steps away); only the PIN unlocks it',
      tags: ['auth'],
      access: { kind: 'authenticated' },
      allowLockedSession: true,
      successStatus: 204,
      handler: async ({ principal, req }) => {
        if (principal.via !== 'session') {
          throw new UnauthenticatedError('Locking applies to till sessions, not bearer tokens');
        }
        req.session.isLocked = true;
        await saveSession(req);
        return undefined;
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/auth/unlock',
      summary: "Unlock an idle-locked till session with the user's PIN, keeping the session",
      tags: ['auth'],
      access: { kind: 'authenticated' },
      allowLockedSession: true,
      body: unlockRequestSchema,
      response: loginResponseSchema,
      handler: async ({ body, principal, req }) => {
        if (principal.via !== 'session') {
          throw new UnauthenticatedError('PIN unlock applies to till sessions, not bearer tokens');
        }
        await deps.loginRateLimiter.consume(req.ip, principal.username);
        const user = await verifyUnlockPin(deps, principal.userId, body.pin, requestOrigin(req));
        req.session.isLocked = false;
        req.session.lastActivityMs = Date.now();
        await saveSession(req);
        return { user: toUser(user), csrfToken: req.session.csrfToken };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/auth/mfa',
      summary: "The signed-in manager's or admin's two-factor sign-in: on or off, recovery codes left",
      tags: ['auth'],
      access: MFA_USERS,
      allowDuringMfaEnrolment: true,
      response: mfaStatusSchema,
      handler: ({ principal }) => getMfaStatus(deps, principal.userId),
    }),
    defineRoute({
      method: 'post',
      path: '/api/auth/mfa/enrolment',
      summary:
        'Start enrolling an authenticator app: a new secret, its otpauth URI and QR code (not active until confirmed)',
      tags: ['auth'],
      access: MFA_USERS,
      allowDuringMfaEnrolment: true,
      response: mfaEnrolmentSchema,
      handler: ({ principal }) => startMfaEnrolment(deps, principal.userId),
    }),
    defineRoute({
      method: 'post',
      path: '/api/auth/mfa/enrolment/confirm',
      summary:
        'Finish enrolling with a code from the app; answers ten one-time recovery codes, shown this once',
      tags: ['auth'],
      access: MFA_USERS,
      allowDuringMfaEnrolment: true,
      body: mfaConfirmRequestSchema,
      response: recoveryCodesResponseSchema,
      handler: ({ body, principal, req }) =>
        confirmMfaEnrolment(deps, principal.userId, body.code, requestOrigin(req)),
    }),
    defineRoute({
      method: 'post',
      path: '/api/auth/mfa/disable',
      summary: 'Turn two-factor sign-in off: needs the password and a code (or a recovery code)',
      tags: ['auth'],
      access: MFA_USERS,
      body: mfaDisableRequestSchema,
      successStatus: 204,
      handler: async ({ body, principal, req }) => {
        await deps.loginRateLimiter.consume(req.ip, principal.username);
        await disableOwnMfa(deps, principal.userId, body, requestOrigin(req));
        return undefined;
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/auth/mfa/recovery-codes',
      summary: 'Replace the recovery codes (the old ones stop working); needs a current code',
      tags: ['auth'],
      access: MFA_USERS,
      body: regenerateRecoveryCodesRequestSchema,
      response: recoveryCodesResponseSchema,
      handler: async ({ body, principal, req }) => {
        await deps.loginRateLimiter.consume(req.ip, principal.username);
        return regenerateRecoveryCodes(deps, principal.userId, body, requestOrigin(req));
      },
    }),
  ];
}
