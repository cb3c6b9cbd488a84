import { randomBytes } from 'node:crypto';
import type { Express } from 'express';
import type { Redis } from 'ioredis';
import pg from 'pg';
import Transport from 'winston-transport';
import { createApp } from '../../server/app';
import { type Config, loadConfig } from '../../server/config';
import { type Database, openDatabase } from '../../server/db/client';
import { migrateDatabase } from '../../server/db/migrate';
import { createLogger, type Logger } from '../../server/lib/logger';
import { connectRedis } from '../../server/lib/redis';
import type { AnyRoute } from '../../server/http/route';

/** Every log line the app wrote, for tests that assert on logging (and on what it must never contain). */
class MemoryTransport extends Transport {
  readonly lines: Record<string, unknown>[] = [];
  override log(info: Record<string, unknown>, next: () => void): void {
    this.lines.push(info);
    next();
  }
}

export type TestApp = {
  app: Express;
  routes: readonly AnyRoute[];
  database: Database;
  config: Config;
  redis: Redis | null;
  logger: Logger;
  logs: Record<string, unknown>[];
  /** Builds a second app on the same database and Redis: a restart of the server process. */
  restart(): TestApp;
  close(): Promise<void>;
};

/** With TEST_DATABASE_URL set, tests run on real PostgreSQL (a fresh database per test file), else in-memory PGlite. */
export function usingPostgres(): boolean {
  return Boolean(process.env.TEST_DATABASE_URL);
}

async function createScratchDatabase(adminUrl: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `pos_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}

export type TestAppOptions = {
  env?: Record<string, string>;
  /** A built client folder to serve (index.html), as the production app does. */
  publicDir?: string;
};

/** A real app on a fresh database: migrations applied, no data. One per test file (PGlite takes ~3 s). */
export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const scratch = usingPostgres() ? await createScratchDatabase(process.env.TEST_DATABASE_URL!) : null;
  const redisUrl = usingPostgres() ? process.env.REDIS_URL : undefined;
  const keyPrefix = `pos-test:${randomBytes(4).toString('hex')}:`;
  const config = loadConfig({
    NODE_ENV: 'test',
    BCRYPT_ROUNDS: '4',
    LOGIN_RATE_LIMIT_PER_MINUTE: '1000',
    ...(scratch ? { DATABASE_URL: scratch.url, DB_MAX_CONNECTIONS: '5' } : {}),
    ...(redisUrl ? { REDIS_URL: redisUrl, REDIS_KEY_PREFIX: keyPrefix } : {}),
    ...options.env,
  });
  const database = await openDatabase(
    config.db.kind === 'pglite' ? { kind: 'pglite', dataDir: null } : config.db,
  );
  await migrateDatabase(database);
  const memory = new MemoryTransport();
  const logger = createLogger({ level: 'debug', silent: true, transports: [memory] });
  const redis = config.redis ? await connectRedis(config.redis.url, logger) : null;

  const build = (): TestApp => {
    const { app, routes } = createApp({ config, database, redis, logger, publicDir: options.publicDir });
    return {
      app,
      routes,
      database,
      config,
      redis,
      logger,
      logs: memory.lines,
      restart: build,
      close: async () => {
        if (redis) {
          const keys = await redis.keys(`${keyPrefix}*`);
          if (keys.length > 0) {
            await redis.del(...keys);
          }
          await redis.quit();
        }
        await database.close();
        await scratch?.drop();
      },
    };
  };
  return build();
}
