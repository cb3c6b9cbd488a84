import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Role } from '../../shared/roles';
import type { Config } from '../config';
import type { Db } from '../db/client';
import { CsrfError, UnauthenticatedError, UnavailableError } from '../lib/errors';
import type { RequestOrigin } from '../modules/audit/audit.service';
import { verifyBearerToken } from '../modules/auth/auth.service';
import type { CredentialCache } from '../modules/auth/credential-cache';
import { isMfaEnrolmentRequired } from '../modules/auth/mfa.service';
import { findUserWithStoresById, type UserWithStores } from '../modules/users/users.repo';
import { currentRequestContext } from './request-context';

/** The caller, however they signed in: one shape for session cookies and bearer tokens. */
export type Principal = {
  userId: string;
  username: string;
  name: string;
  role: Role;
  storeIds: string[];
  via: 'session' | 'token';
  /** An idle session: only unlock and logout are allowed until the PIN is entered. */
  isLocked: boolean;
  /** REQUIRE_MFA and no second factor yet: only enrolment (and sign-out) are allowed. */
  isMfaEnrolmentRequired: boolean;
  token?: { tokenId: string; expiresAt: Date };
};

declare global {
  namespace Express {
    interface Request {
      principal?: Principal;
      /** Why a presented credential was not accepted; answered only by routes that need a sign-in. */
      authenticationError?: UnauthenticatedError;
    }
  }
}

export const SESSION_COOKIE = 'pos.sid';
// Activity is written back at most this often, so a busy till does not rewrite its session per scan.
const ACTIVITY_WRITE_INTERVAL_MS = 15_000;
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function newCsrfToken(): string {
  return randomBytes(32).toString('base64url');
}

export function requestOrigin(req: Request): RequestOrigin {
  return { ip: req.ip ?? null, userAgent: req.get('user-agent') ?? null };
}

/** null = every store (admins); otherwise the stores the caller is assigned to. */
export function visibleStoreIds(principal: Principal): string[] | null {
  return principal.role === 'admin' ? null : principal.storeIds;
}

export function toPrincipal(
  user: UserWithStores,
  via: Principal['via'],
  isLocked: boolean,
  config: Config,
): Principal {
  return {
    isMfaEnrolmentRequired: isMfaEnrolmentRequired(config, user),
    userId: user.id,
    username: user.username,
    name: user.name,
    role: user.role,
    storeIds: user.storeIds,
    via,
    isLocked,
  };
}

/** Cookie-authenticated writes must echo the session's CSRF token; bearer requests cannot be forged by a browser. */
export function requireCsrf(req: Request): void {
  if (req.principal?.via !== 'session' || SAFE_METHODS.has(req.method)) {
    return;
  }
  const expected = req.session?.csrfToken;
  const sent = req.get('x-csrf-token');
  if (!expected || !sent) {
    throw new CsrfError();
  }
  const a = Buffer.from(sent);
  const b = Buffer.from(expected);
  if (a.length !== b.length || !timingSafeEqual(a, b)) {
    throw new CsrfError();
  }
}

function hasSessionCookie(req: Request): boolean {
  return (req.headers.cookie ?? '').includes(`${SESSION_COOKIE}=`);
}

/** Runs express-session for this request (once); a store failure becomes 503 naming the session store. */
export function loadSession(sessionMiddleware: RequestHandler, req: Request, res: Response): Promise<void> {
  if (req.session) {
    return Promise.resolve();
  }
  return new Promise((resolve, reject) => {
    sessionMiddleware(req, res, (error?: unknown) => {
      if (error) {
        reject(new UnavailableError('The session store is unavailable; try again, or use a bearer token'));
      } else {
        resolve();
      }
    });
  });
}

function destroySession(req: Request): Promise<void> {
  return new Promise((resolve) => req.session.destroy(() => resolve()));
}

type AuthenticatorDeps = {
  db: Db;
  config: Config;
  sessionMiddleware: RequestHandler;
  credentialCache: CredentialCache;
};

/**
 * Works out who is calling: a bearer token if there is an Authorization header, otherwise the session
 * cookie. Sets req.principal or leaves it unset; routes decide whether that is enough.
 */
export function createAuthenticator(deps: AuthenticatorDeps): RequestHandler {
  const idleMs = deps.config.session.idleMinutes * 60_000;
  const maxAgeMs = deps.config.session.maxAgeMs;

  async function fromSession(req: Request, res: Response): Promise<Principal | undefined> {
    await loadSession(deps.sessionMiddleware, req, res);
    const data = req.session;
    if (!data.userId || !data.createdAtMs) {
      return undefined;
    }
    const now = Date.now();
    if (now - data.createdAtMs > maxAgeMs) {
      await destroySession(req);
      return undefined;
    }
    const userId = data.userId;
    const user = await deps.credentialCache.user(userId, () => findUserWithStoresById(deps.db, userId));
    if (!user?.active || data.createdAtMs < user.credentialsChangedAt.getTime()) {
      await destroySession(req);
      return undefined;
    }
    const lastActivityMs = data.lastActivityMs ?? data.createdAtMs;
    if (!data.isLocked && now - lastActivityMs > idleMs) {
      data.isLocked = true;
    } else if (!data.isLocked && now - lastActivityMs > ACTIVITY_WRITE_INTERVAL_MS) {
      data.lastActivityMs = now;
    }
    return toPrincipal(user, 'session', data.isLocked === true, deps.config);
  }

  async function fromToken(header: string): Promise<Principal> {
    const match = /^Bearer ([A-Za-z0-9._~+/=-]+)$/.exec(header);
    if (!match?.[1]) {
      throw new UnauthenticatedError('The Authorization header must be "Bearer <token>"');
    }
    const verified = await verifyBearerToken(deps, match[1]);
    return {
      ...toPrincipal(verified.user, 'token', false, deps.config),
      token: { tokenId: verified.tokenId, expiresAt: verified.expiresAt },
    };
  }

  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      const header = req.get('authorization');
      if (header) {
        // A stale token must not block public routes (such as asking for a new token): keep the reason for later.
        req.principal = await fromToken(header).catch((error: unknown) => {
          if (error instanceof UnauthenticatedError) {
            req.authenticationError = error;
            return undefined;
          }
          throw error;
        });
      } else if (hasSessionCookie(req)) {
        req.principal = await fromSession(req, res);
      }
      const context = currentRequestContext();
      if (context && req.principal) {
        context.userId = req.principal.userId;
      }
      next();
    } catch (error) {
      next(error);
    }
  };
}

/** Starts a fresh session for a signed-in user: a new id every login (no fixation), a new CSRF token. */
export async function startSession(
  sessionMiddleware: RequestHandler,
  req: Request,
  res: Response,
  userId: string,
): Promise<string> {
  await loadSession(sessionMiddleware, req, res);
  await new Promise<void>((resolve, reject) =>
    req.session.regenerate((error?: unknown) =>
      error ? reject(new UnavailableError('The session store is unavailable; try again')) : resolve(),
    ),
  );
  const now = Date.now();
  req.session.userId = userId;
  req.session.createdAtMs = now;
  req.session.lastActivityMs = now;
  req.session.isLocked = false;
  req.session.csrfToken = newCsrfToken();
  await saveSession(req);
  return req.session.csrfToken;
}

export function saveSession(req: Request): Promise<void> {
  return new Promise((resolve, reject) =>
    req.session.save((error?: unknown) =>
      error ? reject(new UnavailableError('The session store is unavailable; try again')) : resolve(),
    ),
  );
}

export async function endSession(req: Request, res: Response): Promise<void> {
  if (req.session) {
    await new Promise<void>((resolve, reject) =>
      req.session.destroy((error?: unknown) =>
        error ? reject(new UnavailableError('The session store is unavailable; try again')) : resolve(),
      ),
    );
  }
  res.clearCookie(SESSION_COOKIE, { path: '/' });
}
