import type { RequestHandler } from 'express';
import { z } from 'zod';
import {
  loginRequestSchema,
  loginResponseSchema,
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
      summary: 'Sign in with username and password; sets the session cookie',
      tags: ['auth'],
      access: { kind: 'public' },
      body: loginRequestSchema,
      response: loginResponseSchema,
      handler: async ({ body, req, res }) => {
        await deps.loginRateLimiter.consume(req.ip, body.username);
        const user = await authenticateWithPassword(deps, body, requestOrigin(req), 'session');
        const csrfToken = await startSession(deps.sessionMiddleware, req, res, user.id);
        return { user: toUser(user), csrfToken };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/auth/token',
      summary: 'Exchange username and password for a bearer token (API clients)',
      tags: ['auth'],
      access: { kind: 'public' },
      body: loginRequestSchema,
      response: tokenResponseSchema,
      handler: async ({ body, req }) => {
        await deps.loginRateLimiter.consume(req.ip, body.username);
        const user = await authenticateWithPassword(deps, body, requestOrigin(req), 'token');
        const issued = issueToken(deps.config, user.id);
        return { token: issued.token, expiresAt: issued.expiresAt.toISOString(), user: toUser(user) };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/auth/logout',
      summary: 'End this session, or revoke this bearer token',
      tags: ['auth'],
      access: { kind: 'authenticated' },
      allowLockedSession: true,
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
  ];
}
