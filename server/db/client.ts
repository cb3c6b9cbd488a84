import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';
import { acquirePgliteLock } from './pglite-lock';
import * as schema from './schema';

export type Schema = typeof schema;
/** The common base of the pg and PGlite Drizzle clients: repos and services only ever see this. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Anything a query can run on: the database or an open transaction. */
export type Executor = Db | Tx;

export type DatabaseOptions =
  | {
      kind: 'postgres';
      url: string;
      /** A read replica for reports (DATABASE_READ_URL); everything else uses `url`. */
      readUrl?: string;
      maxConnections: number;
      ssl: boolean;
      statementTimeoutMs?: number;
    }
  | { kind: 'pglite'; dataDir: string | null };

export type Database = {
  db: Db;
  /**
   * Where reports read: the read replica when DATABASE_READ_URL is set, else `db` itself. A replica lags the
   * primary by its replication delay, so only reads that tolerate a few seconds' staleness may use it.
   */
  readDb: Db;
  kind: 'postgres' | 'pglite';
  /** A cheap round trip, for health checks. Throws when the database is unreachable. */
  ping(): Promise<void>;
  /** Connections in use and waiting, for /metrics (PGlite has one connection and no pool). */
  poolStats(): { total: number; idle: number; waiting: number };
  close(): Promise<void>;
};

/**
 * A pg Pool whose promise-style checkouts (Drizzle's transactions) give a client back to the pool, as broken,
 * the moment its connection dies. Drizzle sends BEGIN before its try/finally: when BEGIN fails on a connection
 * PostgreSQL just cut (a restart), the client was never released and held a pool slot for good; after a
 * database restart or two a worker's whole pool was gone and it answered 503 until restarted. The callback
 * form (pool.query) already releases on error and is left alone. A later release() by the holder is a no-op.
 */
export class ReleasingPool extends pg.Pool {
  // biome-ignore lint/suspicious/noExplicitAny: pg's overloads (promise and callback forms) share one body here
  override connect(...args: any[]): any {
    if (args.length > 0) {
      return (super.connect as (...rest: unknown[]) => unknown)(...args);
    }
    return super.connect().then((client) => {
      const release = client.release;
      let released = false;
      const releaseOnce = (error?: Error | boolean) => {
        if (released) {
          return;
        }
        released = true;
        client.removeListener('error', onLost);
        client.removeListener('end', onLost);
        release(error);
      };
      const onLost = (error?: Error) => releaseOnce(error ?? new Error('Connection ended'));
      client.on('error', onLost);
      client.on('end', onLost);
      client.release = releaseOnce;
      return client;
    });
  }
}

/** The only driver-specific module: PostgreSQL through a pg Pool, or embedded PGlite (in a folder or in memory). */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.kind === 'postgres') {
    const openPool = (url: string) => {
      const pool = new ReleasingPool({
        connectionString: url,
        max: options.maxConnections,
        ssl: options.ssl ? { rejectUnauthorized: true } : undefined,
        connectionTimeoutMillis: 5_000,
        idleTimeoutMillis: 30_000,
        ...(options.statementTimeoutMs ? { statement_timeout: options.statementTimeoutMs } : {}),
      });
      // An idle client losing its connection (database restart) must not crash the process.
      pool.on('error', () => {});
      // Nor a checked-out one: pg-pool listens only to idle clients, so a backend terminated while its client
      // sits in a transaction between statements (PostgreSQL stopping or restarting) emitted 'error' with no
      // listener and killed the worker. Its queries still fail (503), and the pool drops it on release.
      pool.on('connect', (client) => {
        client.on('error', () => {});
      });
      return pool;
    };
    const pool = openPool(options.url);
    const readPool = options.readUrl ? openPool(options.readUrl) : null;
    const db = drizzleNodePg(pool, { schema }) as unknown as Db;
    return {
      db,
      readDb: readPool ? (drizzleNodePg(readPool, { schema }) as unknown as Db) : db,
      kind: 'postgres',
      ping: async () => {
        await pool.query('select 1');
      },
      poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
      close: async () => {
        await Promise.all([pool.end(), readPool?.end()]);
      },
    };
  }
  let releaseLock = () => {};
  if (options.dataDir) {
    mkdirSync(options.dataDir, { recursive: true });
    releaseLock = acquirePgliteLock(options.dataDir);
  }
  const client = await PGlite.create({
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    extensions: { pg_trgm },
    // PGlite's default 128 MB of shared buffers is most of its memory; a single store's data is far smaller.
    postgresqlconf: ['shared_buffers=32MB'],
  }).catch((error: unknown) => {
    releaseLock();
    throw error;
  });
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  return {
    db,
    readDb: db,
    kind: 'pglite',
    ping: async () => {
      await client.query('select 1');
    },
    poolStats: () => ({ total: 1, idle: 1, waiting: 0 }),
    close: async () => {
      try {
        await client.close();
      } finally {
        releaseLock();
      }
    },
  };
}

/** A statement of a hot path: its text is constant, so PostgreSQL can keep it prepared under `name`. */
export type FixedStatement = { name: string; text: string };

type DriverClient = { query(...args: unknown[]): Promise<{ rows: unknown[] }> };

/**
 * Runs a fixed statement straight on the driver the executor uses (the pool, or the transaction's
 * connection): on PostgreSQL as a named prepared statement, parsed and planned once per connection; on
 * PGlite as a plain query. It skips the query builder, whose per-call cost on the till's hot path
 * (checkout) is larger than the statement's own. Values are positional ($1…); rows come back as the driver
 * gives them (bigint as text on PostgreSQL).
 */
export async function runFixedStatement<T>(
  ex: Executor,
  statement: FixedStatement,
  values: unknown[],
): Promise<T[]> {
  const client = (ex as unknown as { session: { client: DriverClient } }).session.client;
  const result =
    client instanceof pg.Pool || client instanceof pg.Client
      ? await client.query({ name: statement.name, text: statement.text, values })
      : await client.query(statement.text, values);
  return result.rows as T[];
}
