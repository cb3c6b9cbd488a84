import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DailySalesReport } from '../../shared/schemas/reports';
import { bearerToken } from '../helpers/auth';
import { makeSale, makeStore, makeUser, type StoreFixture, type UserFixture } from '../helpers/factories';
import { createTestApp, type TestApp, usingPostgres } from '../helpers/test-app';

/**
 * DATABASE_READ_URL: reports read from the replica, everything else from the primary. The "replica" here is a
 * snapshot of the primary taken with pg_dump, so it is exactly as stale as a lagging replica would be: a sale
 * rung up after the snapshot is on the primary (the till reads it back) and not yet in the report.
 */
describe.skipIf(!usingPostgres())('reports on a read replica (PostgreSQL)', () => {
  const adminUrl = process.env.TEST_DATABASE_URL ?? '';
  const replicaName = `pos_test_replica_${randomBytes(4).toString('hex')}`;
  const replicaUrl = (() => {
    const url = new URL(adminUrl || 'postgres://localhost/x');
    url.pathname = `/${replicaName}`;
    return url.toString();
  })();
  let t: TestApp;
  let store: StoreFixture;
  let manager: UserFixture;
  let token: string;

  async function admin(sql: string): Promise<void> {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  }

  beforeAll(async () => {
    await admin(`create database ${replicaName}`);
    t = await createTestApp({ env: { DATABASE_READ_URL: replicaUrl } });
    store = await makeStore(t.database.db, { timezone: 'America/Chicago' });
    manager = await makeUser(t.database.db, { role: 'manager', storeIds: [store.id] });
    token = await bearerToken(t.app, manager.username, manager.password);
  });

  afterAll(async () => {
    await t?.close();
    await admin(`drop database if exists ${replicaName} with (force)`);
  });

  it('serves reports from the replica and the till from the primary', async () => {
    const transactionDate = new Date('2026-03-03T18:00:00Z');
    await makeSale(t.database.db, { storeId: store.id, cashierId: manager.id, transactionDate });
    const primaryUrl = t.config.db.kind === 'postgres' ? t.config.db.url : '';
    const copy = spawnSync(
      'bash',
      ['-c', 'pg_dump --no-owner "$PRIMARY" | psql -q -v ON_ERROR_STOP=1 "$REPLICA"'],
      {
        env: { ...process.env, PRIMARY: primaryUrl, REPLICA: replicaUrl },
        encoding: 'utf8',
      },
    );
    expect(copy.status, copy.stderr).toBe(0);
    const later = await makeSale(t.database.db, {
      storeId: store.id,
      cashierId: manager.id,
      transactionDate,
    });

    const report = await request(t.app)
      .get(`/api/reports/daily-sales?storeId=${store.id}&date=2026-03-03`)
      .set('Authorization', `Bearer ${token}`);
    expect(report.status, JSON.stringify(report.body)).toBe(200);
    expect((report.body as DailySalesReport).transactions).toBe(1);

    const saleRead = await request(t.app)
      .get(`/api/sales/${later.id}`)
      .set('Authorization', `Bearer ${token}`);
    expect(saleRead.status).toBe(200);
  });

  it('a replica that is down costs the reports (503) and nothing else', async () => {
    const down = await createTestApp({
      env: { DATABASE_READ_URL: 'postgres://postgres@127.0.0.1:1/nowhere' },
    });
    try {
      const shop = await makeStore(down.database.db);
      const boss = await makeUser(down.database.db, { role: 'manager', storeIds: [shop.id] });
      const bossToken = await bearerToken(down.app, boss.username, boss.password);
      const sale = await makeSale(down.database.db, { storeId: shop.id, cashierId: boss.id });
      const report = await request(down.app)
        .get(`/api/reports/daily-sales?storeId=${shop.id}`)
        .set('Authorization', `Bearer ${bossToken}`);
      expect(report.status).toBe(503);
      expect(report.body.error.code).toBe('UNAVAILABLE');
      const saleRead = await request(down.app)
        .get(`/api/sales/${sale.id}`)
        .set('Authorization', `Bearer ${bossToken}`);
      expect(saleRead.status).toBe(200);
    } finally {
      await down.close();
    }
  });
});
