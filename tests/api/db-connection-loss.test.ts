import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drizzle } from 'drizzle-orm/node-postgres';
import { type Database, openDatabase, ReleasingPool } from '../../server/db/client';
import { toAppError } from '../../server/http/error-handler';
import { usingPostgres } from '../helpers/test-app';

/**
 * Regression (fault suite, issue 8): PostgreSQL terminating the backend of a client that sits inside a
 * transaction between statements, as a database stop or restart does to every connection. pg-pool listened for
 * errors on idle clients only, so the checked-out client's 'error' event had no listener and the uncaught
 * exception ended the PM2 worker. Now the transaction fails with 503 UNAVAILABLE and the pool carries on.
 */
describe.skipIf(!usingPostgres())('a pooled connection lost inside a transaction (PostgreSQL)', () => {
  const adminUrl = process.env.TEST_DATABASE_URL ?? '';
  const name = `pos_test_connloss_${randomBytes(4).toString('hex')}`;
  let database: Database;
  const uncaught: unknown[] = [];
  const onUncaught = (error: unknown) => {
    uncaught.push(error);
  };

  async function admin(sql: string, values: unknown[] = []): Promise<void> {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      await client.query(sql, values);
    } finally {
      await client.end();
    }
  }

  beforeAll(async () => {
    await admin(`create database ${name}`);
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    database = await openDatabase({ kind: 'postgres', url: url.toString(), maxConnections: 2, ssl: false });
    process.on('uncaughtException', onUncaught);
  });

  afterAll(async () => {
    process.off('uncaughtException', onUncaught);
    await database?.close();
    await admin(`drop database if exists ${name} with (force)`);
  });

  it('fails the transaction with 503, crashes nothing, and the next query works', async () => {
    const failure = await database.db
      .transaction(async (tx) => {
        const result = (await tx.execute(sql`select pg_backend_pid() as pid`)) as { rows: { pid: number }[] };
        await admin('select pg_terminate_backend($1)', [result.rows[0]!.pid]);
        // The FATAL arrives while no query is running on the client: the moment that used to crash.
        await new Promise((resolve) => setTimeout(resolve, 300));
        await tx.execute(sql`select 1`);
      })
      .then(
        () => null,
        (error: unknown) => error,
      );
    expect(uncaught).toEqual([]);
    expect(failure).not.toBeNull();
    expect(toAppError(failure)).toMatchObject({ status: 503, code: 'UNAVAILABLE' });
    await expect(database.ping()).resolves.toBeUndefined();
  });

  it('a connection cut before BEGIN frees its pool slot: the next transaction gets a connection', async () => {
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    // One slot and a short wait, so a leaked client shows as the next checkout timing out.
    const pool = new ReleasingPool({
      connectionString: url.toString(),
      max: 1,
      connectionTimeoutMillis: 2_000,
    });
    pool.on('error', () => {});
    const db = drizzle(pool);
    try {
      await db.execute(sql`select 1`);
      pool.once('acquire', (client) => {
        // The connection dies between checkout and BEGIN, as when PostgreSQL restarts at that moment.
        (client as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
      });
      const failure = await db
        .transaction(async (tx) => tx.execute(sql`select 1`))
        .then(
          () => null,
          (error: unknown) => error,
        );
      expect(failure).not.toBeNull();
      expect(toAppError(failure)).toMatchObject({ status: 503, code: 'UNAVAILABLE' });
      const result = await db.transaction(async (tx) => tx.execute(sql`select 42 as answer`));
      expect((result as unknown as { rows: { answer: number }[] }).rows[0]!.answer).toBe(42);
      expect(uncaught).toEqual([]);
    } finally {
      await pool.end();
    }
  });
});
