import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import compression from 'compression';
import express, { type Express, type NextFunction, type Request, type Response, Router } from 'express';
import session from 'express-session';
import helmet from 'helmet';
import type { Redis } from 'ioredis';
import type { Config } from './config';
import type { Database, Db } from './db/client';
import { createDatabaseListener, type DatabaseListener } from './db/listener';
import { createAuthenticator, SESSION_COOKIE } from './http/auth';
import { API_DOCS_CSP, apiDocsRouter, isApiDocsPath } from './http/api-docs';
import { createErrorHandler } from './http/error-handler';
import { createClusterMetrics } from './http/cluster-metrics';
import { readStoreFigures } from './http/database-metrics';
import { createMetrics, type Metrics, metricsMiddleware } from './http/metrics';
import { buildOpenApiDocument } from './http/openapi';
import { createLoginRateLimiter } from './http/rate-limit';
import { requestContextMiddleware } from './http/request-context';
import { type AnyRoute, defineRoute, mountRoutes } from './http/route';
import { apiSecurityHeaders } from './http/security-headers';
import { createRedisSessionStore, DatabaseSessionStore } from './http/session-stores';
import { NotFoundError } from './lib/errors';
import type { Logger } from './lib/logger';
import { auditRoutes } from './modules/audit/audit.routes';
import { notifyCredentialChange } from './modules/auth/auth.repo';
import { authRoutes } from './modules/auth/auth.routes';
import { CREDENTIALS_CHANNEL, CredentialCache, parseCredentialChange } from './modules/auth/credential-cache';
import { customersRoutes } from './modules/customers/customers.routes';
import { catalogFileRoutes } from './modules/catalog/catalog-files.routes';
import { catalogRoutes } from './modules/catalog/catalog.routes';
import { inventoryRoutes } from './modules/inventory/inventory.routes';
import { lotRoutes } from './modules/inventory/lots.routes';
import { loyaltyRoutes } from './modules/loyalty/loyalty.routes';
import { findLoyaltyProgress } from './modules/loyalty/loyalty.service';
import { stockCountRoutes } from './modules/inventory/stock-counts.routes';
import { transferRoutes } from './modules/inventory/transfers.routes';
import { purchasingRoutes } from './modules/purchasing/purchasing.routes';
import { reportsRoutes } from './modules/reports/reports.routes';
import { parkedCartRoutes } from './modules/sales/parked-carts.routes';
import { returnsRoutes } from './modules/sales/returns.routes';
import { salesRoutes } from './modules/sales/sales.routes';
import { shiftRoutes } from './modules/shifts/shifts.routes';
import { receiptRoutes } from './modules/sales/receipts.routes';
import { saleReadRoutes } from './modules/sales/sale-reads.routes';
import { healthRoutes } from './modules/health/health.routes';
import { storesRoutes } from './modules/stores/stores.routes';
import { createStoreSettingsCache } from './modules/stores/stores.service';
import { usersRoutes } from './modules/users/users.routes';

export type AppDeps = {
  config: Config;
  database: Database;
  redis: Redis | null;
  logger: Logger;
  /** The built client (index.html and assets); skipped when the folder does not exist. */
  publicDir?: string;
  /** This process among the cluster's workers (default host:pid); tests running two apps in one process set it. */
  workerId?: string;
};

export type App = {
  app: Express;
  routes: readonly AnyRoute[];
  metrics: Metrics;
  /**
   * On PostgreSQL: this process's LISTEN connection, for the cluster-wide /metrics and credential changes
   * made by other processes. The caller starts it once serving and stops it on shutdown. Null on PGlite.
   */
  listener: DatabaseListener | null;
};

const JSON_BODY_LIMIT = '1mb';

function isApiPath(path: string): boolean {
  return path === '/api' || path.startsWith('/api/');
}

/**
 * The cache of who each session and token belongs to. With other processes on the same PostgreSQL (PM2
 * workers, other hosts), a deactivated user or revoked token is announced with NOTIFY and forgotten by all
 * of them at once, not after the cache's few seconds.
 */
function createCredentialCache(db: Db, listener: DatabaseListener | null, logger: Logger): CredentialCache {
  const log = logger.child({ category: 'auth' });
  const cache = new CredentialCache(
    listener
      ? {
          announce: (change) => notifyCredentialChange(db, change),
          onAnnounceFailed: (error) =>
            log.warn('a credential change could not be announced; other processes see it within seconds', {
              err: error,
            }),
        }
      : {},
  );
  listener?.subscribe(CREDENTIALS_CHANNEL, (payload) => {
    const change = parseCredentialChange(payload);
    if (change) {
      cache.apply(change);
    }
  });
  // Announcements sent while the listener was down are lost: start again from the database.
  listener?.onReconnected(() => cache.clear());
  return cache;
}

/** Builds the Express app: middleware order, every module's routes, errors last. Starts nothing. */
export function createApp(deps: AppDeps): App {
  const { config, database, redis, logger } = deps;
  const db = database.db;
  const app = express();
  app.disable('x-powered-by');
  // API answers are fresh reads; hashing every body for an ETag costs more than the 304s it could save.
  // Static files keep their own ETags (serve-static).
  app.set('etag', false);
  app.set('trust proxy', config.http.trustProxy);

  const metricsLogger = logger.child({ category: 'db' });
  const metrics = createMetrics(() => database.poolStats(), {
    readStoreFigures: () => readStoreFigures(db),
    onDatabaseError: (error) =>
      metricsLogger.warn('business metrics could not be read', {
        reason: error instanceof Error ? error.message : String(error),
      }),
  });
  const httpLogger = logger.child({ category: 'http' });
  app.use(requestContextMiddleware);
  app.use(
    metricsMiddleware(metrics, (entry) => {
      if (entry.route !== 'static' && httpLogger.isLevelEnabled('http')) {
        httpLogger.http('request', entry);
      }
    }),
  );
  // The client app's pages get helmet's full set; API answers a lean, data-appropriate one.
  const pageHeaders = helmet({
    contentSecurityPolicy: {
      directives: { 'script-src': ["'self'"], 'img-src': ["'self'", 'data:', 'blob:'] },
    },
    // The app may be served over plain HTTP on a shop LAN in embedded mode; HSTS belongs to the TLS proxy.
    strictTransportSecurity: config.isProduction,
  });
  const apiHeaders = apiSecurityHeaders({ strictTransportSecurity: config.isProduction });
  const apiDocsHeaders = apiSecurityHeaders({
    strictTransportSecurity: config.isProduction,
    contentSecurityPolicy: API_DOCS_CSP,
  });
  app.use((req, res, next) => {
    const headers = isApiDocsPath(req.path) ? apiDocsHeaders : isApiPath(req.path) ? apiHeaders : pageHeaders;
    headers(req, res, next);
  });
  app.use(compression());

  const listener =
    config.db.kind === 'postgres'
      ? createDatabaseListener({ connection: { url: config.db.url, ssl: config.db.ssl }, logger })
      : null;
  const clusterMetrics =
    config.cluster && listener
      ? createClusterMetrics({
          registry: metrics.registry,
          listener,
          scope: `${hostname()}:${config.cluster.appName}`,
          workerId: deps.workerId ?? `${hostname()}:${process.pid}`,
          expectedWorkers: config.cluster.instances,
          logger,
        })
      : null;
  app.get('/metrics', async (_req, res, next) => {
    try {
      // Per-process metrics: summed over the PM2 cluster's workers, or this process's own.
      const perProcess = clusterMetrics ? await clusterMetrics.collect() : metrics.registry;
      res.setHeader('Content-Type', metrics.registry.contentType);
      // Then the database's figures: read once per scrape by the answering worker, never summed.
      const [own, database] = await Promise.all([perProcess.metrics(), metrics.databaseRegistry.metrics()]);
      res.send(own + database);
    } catch (error) {
      next(error);
    }
  });

  const sessionStore = redis
    ? createRedisSessionStore(redis, config.redis?.keyPrefix ?? 'pos:')
    : new DatabaseSessionStore(db, config.session.maxAgeMs);
  const sessionMiddleware = session({
    name: SESSION_COOKIE,
    secret: config.session.secret,
    store: sessionStore,
    resave: false,
    saveUninitialized: false,
    rolling: false,
    unset: 'destroy',
    cookie: {
      httpOnly: true,
      sameSite: 'strict',
      secure: config.session.secureCookie,
      maxAge: config.session.maxAgeMs,
      path: '/',
    },
  });
  const loginRateLimiter = createLoginRateLimiter({
    perMinute: config.auth.loginRateLimitPerMinute,
    redis,
    keyPrefix: config.redis?.keyPrefix ?? 'pos:',
  });

  const credentialCache = createCredentialCache(db, listener, logger);
  const storeSettings = createStoreSettingsCache();
  const moduleDeps = { db, config, logger };
  const routes: AnyRoute[] = [
    ...healthRoutes({ database, redis, version: config.version, startedAt: Date.now() }),
    ...authRoutes({ db, config, sessionMiddleware, loginRateLimiter, credentialCache }),
    ...storesRoutes({ db, storeSettings }),
    ...usersRoutes({ db, bcryptRounds: config.auth.bcryptRounds, credentialCache }),
    ...auditRoutes({ db }),
    ...catalogRoutes(moduleDeps),
    ...catalogFileRoutes(moduleDeps),
    ...inventoryRoutes(moduleDeps),
    ...transferRoutes(moduleDeps),
    ...purchasingRoutes(moduleDeps),
    ...lotRoutes(moduleDeps),
    ...stockCountRoutes(moduleDeps),
    ...parkedCartRoutes({ ...moduleDeps, storeSettings }),
    ...shiftRoutes(moduleDeps),
    ...customersRoutes(moduleDeps),
    ...loyaltyRoutes(moduleDeps),
    ...saleReadRoutes(moduleDeps),
    ...salesRoutes({ ...moduleDeps, storeSettings, metrics }),
    ...returnsRoutes({ ...moduleDeps, storeSettings, metrics }),
    // Reports may read from a replica (DATABASE_READ_URL): they tolerate its lag, the till's reads do not.
    ...reportsRoutes({ ...moduleDeps, db: database.readDb }),
    ...receiptRoutes({ ...moduleDeps, findLoyaltyProgress }),
  ];
  let openApiDocument: unknown;
  routes.push(
    defineRoute({
      method: 'get',
      path: '/api/openapi.json',
      summary: 'This API as an OpenAPI 3.1 document',
      tags: ['meta'],
      access: { kind: 'public' },
      handler: async () => {
        openApiDocument ??= buildOpenApiDocument(routes, config.version);
        return openApiDocument;
      },
    }),
  );

  const api = Router();
  api.use(
    express.json({ limit: JSON_BODY_LIMIT, strict: true, type: ['application/json', 'application/*+json'] }),
  );
  api.use(createAuthenticator({ db, config, sessionMiddleware, credentialCache }));
  mountRoutes(api, routes);
  api.use('/api', (req: Request, _res: Response, next: NextFunction) => {
    next(new NotFoundError(`Route ${req.method} ${req.originalUrl.split('?')[0]}`));
  });
  // The browsable documentation is static files, outside the route table; a path it does not know gets the API's 404.
  const apiDocs = apiDocsRouter();
  app.use((req, res, next) => {
    if (isApiDocsPath(req.path)) {
      apiDocs(req, res, (error?: unknown) => (error ? next(error) : api(req, res, next)));
    } else if (isApiPath(req.path)) {
      api(req, res, next);
    } else {
      next();
    }
  });

  if (deps.publicDir && existsSync(path.join(deps.publicDir, 'index.html'))) {
    serveClient(app, deps.publicDir);
  }

  app.use(createErrorHandler(logger));
  return { app, routes, metrics, listener };
}

/** Hashed assets are immutable for a year; index.html is always revalidated so a deploy shows at once. */
function serveClient(app: Express, publicDir: string): void {
  app.use(
    '/assets',
    express.static(path.join(publicDir, 'assets'), {
      immutable: true,
      maxAge: '1y',
      index: false,
      fallthrough: false,
    }),
  );
  app.use(express.static(publicDir, { index: false, maxAge: '1h' }));
  const indexHtml = path.join(publicDir, 'index.html');
  app.get('/{*splat}', (req, res, next) => {
    if (!req.accepts('html')) {
      next();
      return;
    }
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(indexHtml);
  });
}
