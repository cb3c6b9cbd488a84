// Process entry: config → logger → database (migrated, demo seeded on first run) → Redis → app → listen.
import { createServer, type ServerResponse } from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { createApp } from './app';
import { ConfigError, loadConfig } from './config';
import { openDatabase } from './db/client';
import { migrateDatabase } from './db/migrate';
import { sizeDatabasePool } from './db/pool-size';
import { seedDemoOnFirstRun } from './db/seed-on-start';
import { findAppRoot } from './lib/app-root';
import { loadEnvFiles } from './lib/env-files';
import { createLogger } from './lib/logger';
import { connectRedis } from './lib/redis';
import { startMaintenanceSchedule } from './modules/maintenance/maintenance.schedule';

const SHUTDOWN_GRACE_MS = 10_000;
/** How long kept-alive connections may stay open after a shutdown starts (see shutdown()). */
const IDLE_GRACE_MS = 1_000;

async function main(): Promise<void> {
  loadEnvFiles();
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger({ level: config.log.level, dir: config.log.dir, pretty: !config.isProduction });
  const lifecycle = logger.child({ category: 'lifecycle' });
  process.on('unhandledRejection', (reason) => {
    lifecycle.error('unhandled promise rejection; exiting', { err: reason });
    process.exit(1);
  });
  process.on('uncaughtException', (error) => {
    lifecycle.error('uncaught exception; exiting', { err: error });
    process.exit(1);
  });

  const started = performance.now();
  const pool = await sizeDatabasePool(config.db, config.dbPool);
  if (pool.plan) {
    const { poolSize, maxPerProcess, allowed, allowedBy, reserved, sharedBy } = pool.plan;
    lifecycle.info(
      `database pool: ${poolSize} connections per process (DB_MAX_CONNECTIONS=${maxPerProcess}; ${allowed} allowed ` +
        `by ${allowedBy}, ${reserved} reserved, the rest shared by ${sharedBy} process(es))`,
    );
  }
  const database = await openDatabase(pool.options);
  await migrateDatabase(database);
  const demo = config.demo.seedOnFirstRun
    ? await seedDemoOnFirstRun(database.db, config, (message) => lifecycle.info(message))
    : { seeded: false };
  const redis = config.redis ? await connectRedis(config.redis.url, logger) : null;
  const { app, listener } = createApp({
    config,
    database,
    redis,
    logger,
    publicDir: path.join(findAppRoot(), 'dist', 'public'),
  });

  const server = createServer(app);
  server.keepAliveTimeout = 65_000; // longer than Nginx's upstream keepalive, so it never reuses a closed socket
  await new Promise<void>((resolve) => server.listen(config.http.port, config.http.host, resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.http.port;
  const host = config.http.host === '0.0.0.0' || config.http.host === '::' ? 'localhost' : config.http.host;
  lifecycle.info(`Pet Products POS ${config.version} listening on http://${host}:${port}`, {
    database: database.kind,
    sessionStore: redis ? 'redis' : 'database',
    startupMs: Math.round(performance.now() - started),
  });
  // Hear the other processes from now on: their /metrics scrapes and credential changes (PostgreSQL only).
  await listener?.start();
  // Housekeeping when MAINTENANCE_INTERVAL_HOURS is set; under PM2 every worker schedules it, one works a run.
  const maintenance =
    config.maintenance.intervalHours > 0
      ? startMaintenanceSchedule({ database, config, logger }, config.maintenance.intervalHours)
      : null;
  // Under PM2 with wait_ready, a reload moves on to the next worker only once this one serves.
  process.send?.('ready');
  if (config.demo.seedOnFirstRun) {
    // Printed on every demo start so a newcomer always knows how to sign in.
    console.log(
      [
        '',
        `  Demo store ready${demo.seeded ? ' (seeded just now)' : ''}: http://${host}:${port}`,
        `  Sign in as admin, manager1, cashier1 (store S001), manager2 or cashier2 (store S002)`,
        `  Password: ${config.demo.password}    PIN: 1234`,
        '',
      ].join('\n'),
    );
  }

  // Responses not yet sent, so a shutdown can tell their clients not to reuse the connection.
  const unsent = new Set<ServerResponse>();
  let shuttingDown = false;
  server.prependListener('request', (_req, res) => {
    if (shuttingDown) {
      res.setHeader('Connection', 'close');
      return;
    }
    unsent.add(res);
    res.once('close', () => unsent.delete(res));
  });
  const shutdown = (signal: string) => {
    if (shuttingDown) {
      return;
    }
    shuttingDown = true;
    lifecycle.info(`${signal} received: finishing in-flight requests`);
    // Leave the cluster's /metrics at once: scrapes stop waiting for a worker that is going away. (The
    // last requests here see credential changes announced from now on within the cache's few seconds.)
    const listenerStopped = listener?.stop();
    // A maintenance run under way ends after its current batch, before the database closes.
    const maintenanceStopped = maintenance?.stop();
    const forceExit = setTimeout(() => {
      lifecycle.warn('in-flight requests did not finish in time; exiting');
      process.exit(1);
    }, SHUTDOWN_GRACE_MS);
    forceExit.unref();
    // Keep-alive without lost requests: every answer from now on says "Connection: close", so the client
    // (Nginx, a till) opens its next request on a new connection, which reaches a live worker. Closing a
    // kept-alive socket from this side races with a request the client may be sending on it that instant
    // (it gets ECONNRESET), so idle sockets are closed only after IDLE_GRACE_MS, by when every busy client
    // has been told to go; only clients silent that long remain, and they are not sending.
    for (const res of unsent) {
      if (!res.headersSent) {
        res.setHeader('Connection', 'close');
      }
    }
    let closeIdle: NodeJS.Timeout | undefined;
    const startClosingIdle = setTimeout(() => {
      closeIdle = setInterval(() => server.closeIdleConnections(), 100);
    }, IDLE_GRACE_MS);
    // Stop taking new connections (under PM2 the master stops handing them here). http.Server#close would
    // also close idle sockets at once (Node ≥ 19), the race above; net.Server#close only stops listening.
    net.Server.prototype.close.call(server, async () => {
      clearTimeout(startClosingIdle);
      clearInterval(closeIdle);
      try {
        await listenerStopped;
        await maintenanceStopped;
        await redis?.quit();
        await database.close();
        lifecycle.info('shut down cleanly');
      } finally {
        process.exit(0);
      }
    });
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  console.error('Failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
