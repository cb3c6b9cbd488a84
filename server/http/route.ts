import { type NextFunction, type Request, type Response, Router } from 'express';
import type { z } from 'zod';
import type { ErrorDetail } from '../../shared/errors';
import type { Role } from '../../shared/roles';
import {
  ForbiddenError,
  MfaEnrolmentRequiredError,
  NotFoundError,
  UnauthenticatedError,
  ValidationError,
} from '../lib/errors';
import { type Principal, requireCsrf } from './auth';
import { zodIssuesToDetails } from './validation';

/**
 * Who may call a route. Deny by default: every route must say.
 * - public: anyone, signed in or not
 * - authenticated: any signed-in user
 * - roles: signed-in users with one of these roles
 */
export type Access =
  | { kind: 'public' }
  | { kind: 'authenticated' }
  | { kind: 'roles'; roles: readonly Role[] };

/** Which store-owned object a path parameter names, so the authorization matrix can try other stores' objects. */
export type StoreScope = {
  param: string;
  /** 'store': the parameter is a store id. The others are objects that belong to one store (or two, for transfers). */
  resource: 'store' | 'transfer' | 'purchase_order' | 'stock_count' | 'shift' | 'sale';
};

type AnyObjectSchema = z.ZodType<Record<string, unknown>>;

export type RouteDefinition<P = unknown, Q = unknown, B = unknown> = {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** Express path, e.g. /api/stores/:id */
  path: string;
  summary: string;
  tags: string[];
  access: Access;
  storeScope?: StoreScope;
  /** A locked (idle) session may still call this route (unlock, logout). */
  allowLockedSession?: boolean;
  /** REQUIRE_MFA: a manager or admin who has not enrolled a second factor yet may call this route. */
  allowDuringMfaEnrolment?: boolean;
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  body?: z.ZodType<B>;
  /** A body that is not JSON (a file), read by the handler itself; its media types, for OpenAPI. */
  rawBody?: readonly string[];
  /** For OpenAPI: the success status and body. */
  successStatus?: number;
  response?: z.ZodType;
  /** A success body that is not JSON (a file); its media types, for OpenAPI. */
  rawResponse?: readonly string[];
  handler: (context: RouteContext<P, Q, B>) => Promise<unknown>;
};

export type RouteContext<P, Q, B> = {
  params: P;
  query: Q;
  body: B;
  /** Set on every route except public ones (where it may be undefined). */
  principal: Principal;
  req: Request;
  res: Response;
};

/** Declares a route with typed input. Handlers return the JSON body (or undefined for 204). */
export function defineRoute<P = Record<string, never>, Q = Record<string, never>, B = undefined>(
  definition: RouteDefinition<P, Q, B>,
): RouteDefinition<P, Q, B> {
  return definition;
}

// biome-ignore lint/suspicious/noExplicitAny: a heterogeneous list of routes, each typed where it is defined
export type AnyRoute = RouteDefinition<any, any, any>;

function parsePart(schema: z.ZodType | undefined, value: unknown, details: ErrorDetail[]): unknown {
  if (!schema) {
    return value;
  }
  const result = schema.safeParse(value);
  if (!result.success) {
    details.push(...zodIssuesToDetails(result.error.issues));
    return undefined;
  }
  return result.data;
}

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function authorize(route: AnyRoute, req: Request): void {
  if (route.access.kind === 'public') {
    return;
  }
  const principal = req.principal;
  if (!principal) {
    throw req.authenticationError ?? new UnauthenticatedError();
  }
  if (principal.isLocked && !route.allowLockedSession) {
    throw new UnauthenticatedError('Session locked after inactivity; unlock with your PIN', [
      { path: 'session', message: 'locked' },
    ]);
  }
  if (route.access.kind === 'roles' && !route.access.roles.includes(principal.role)) {
    throw new ForbiddenError();
  }
  if (principal.isMfaEnrolmentRequired && !route.allowDuringMfaEnrolment) {
    throw new MfaEnrolmentRequiredError();
  }
  requireCsrf(req);
  // A store the caller is not assigned to does not exist for them: 404 before anything else is looked at.
  const scope = route.storeScope;
  if (scope?.resource === 'store' && principal.role !== 'admin') {
    const storeId = req.params[scope.param];
    // A malformed id is left to validation, which names it (400).
    if (typeof storeId === 'string' && UUID_PATTERN.test(storeId) && !principal.storeIds.includes(storeId)) {
      throw new NotFoundError('Store');
    }
  }
}

/**
 * Registration order: a literal segment before a parameter in the same place, so /api/products/export is
 * never taken for /api/products/:id whichever module lists its routes first. Paths of different lengths
 * never match the same URL; the sort is stable, so everything else keeps the order it was listed in.
 */
function specificityKey(route: AnyRoute): string {
  const segments = route.path.split('/');
  return `${String(segments.length).padStart(3, '0')}:${segments.map((s) => (s.startsWith(':') ? '1' : '0')).join('')}`;
}

/**
 * Mounts routes on a router: authenticate → authorize → CSRF → validate → handler → JSON. Routes are grouped
 * by their first segment under /api (one sub-router each), so a request is matched against the few routes
 * of its area instead of walking every route of the API.
 */
export function mountRoutes(router: Router, routes: readonly AnyRoute[]): void {
  const ordered = [...routes].sort((a, b) => {
    const [keyA, keyB] = [specificityKey(a), specificityKey(b)];
    return keyA < keyB ? -1 : keyA > keyB ? 1 : 0;
  });
  const groups = new Map<string, AnyRoute[]>();
  for (const route of ordered) {
    const prefix = /^\/api\/[^/:]+/.exec(route.path)?.[0] ?? '';
    groups.set(prefix, [...(groups.get(prefix) ?? []), route]);
  }
  for (const [prefix, group] of groups) {
    const groupRouter = prefix ? Router() : router;
    for (const route of group) {
      groupRouter[route.method](route.path.slice(prefix.length) || '/', routeHandler(route));
    }
    if (prefix) {
      router.use(prefix, groupRouter);
    }
  }
}

function routeHandler(route: AnyRoute) {
  return async (req: Request, res: Response, next: NextFunction) => {
    // The full template for metrics and access logs (req.baseUrl is the group's only while routing).
    res.locals.routeTemplate = route.path;
    try {
      authorize(route, req);
      const details: ErrorDetail[] = [];
      const params = parsePart(route.params as AnyObjectSchema | undefined, req.params, details);
      const query = parsePart(route.query as AnyObjectSchema | undefined, req.query, details);
      const body = route.body ? parsePart(route.body, req.body, details) : rejectUnexpectedBody(req, details);
      rejectUnstorableText([req.params, req.query, route.body ? { '': req.body } : {}], details);
      if (details.length > 0) {
        throw new ValidationError(details);
      }
      const result = await route.handler({
        params,
        query,
        body,
        principal: req.principal as Principal,
        req,
        res,
      });
      if (res.headersSent) {
        return;
      }
      const status = route.successStatus ?? (result === undefined ? 204 : 200);
      if (result === undefined) {
        res.status(status).end();
      } else {
        res.status(status).json(result);
      }
    } catch (error) {
      next(error);
    }
  };
}

/** Routes without a body schema take no body: a stray JSON body is a client mistake worth naming. */
function rejectUnexpectedBody(req: Request, details: ErrorDetail[]): undefined {
  const body: unknown = req.body;
  if (body !== undefined && body !== null && typeof body === 'object' && Object.keys(body).length > 0) {
    details.push({ path: '(root)', message: 'this request takes no body' });
  }
  return undefined;
}

/** U+0000, or half of a surrogate pair (`"\\uD800"` in JSON): text PostgreSQL cannot store (22021, 22P02 in jsonb). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching NUL is the point
const UNSTORABLE_TEXT = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * A string PostgreSQL cannot store would fail in the database as a 500 (or, in a text column, a lone surrogate
 * would be silently replaced): name the field instead (params and query by name, body fields by their dotted
 * path). Iterative, for deeply nested JSON.
 */
function rejectUnstorableText(parts: readonly unknown[], details: ErrorDetail[]): void {
  const stack: { value: unknown; path: string[] }[] = parts.flatMap((part) =>
    Object.entries((part ?? {}) as Record<string, unknown>).map(([key, value]) => ({
      value,
      path: key === '' ? [] : [key],
    })),
  );
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    if (typeof value === 'string') {
      const name = path.join('.') || '(root)';
      if (UNSTORABLE_TEXT.test(value) && !details.some((detail) => detail.path === name)) {
        details.push({ path: name, message: 'must not contain NUL characters or unpaired surrogates' });
      }
    } else if (value !== null && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) {
        stack.push({ value: child, path: [...path, key] });
      }
    }
  }
}
