import { sql } from 'drizzle-orm';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearerToken } from '../helpers/auth';
import { makeStore, makeUser, type UserFixture } from '../helpers/factories';
import { createTestApp, type TestApp } from '../helpers/test-app';

/**
 * A query that fails is logged (503 warnings, unhandled 500s) — but Drizzle's error message carries the
 * query's parameters, which for a password or PIN change are the new bcrypt hashes. Here the database fails
 * exactly at the write (a trigger raising PostgreSQL's "admin shutdown", as when PostgreSQL restarts mid-
 * request) and the log must keep the SQL but none of the parameters.
 */
let t: TestApp;
let admin: UserFixture;
let victim: UserFixture;

beforeAll(async () => {
  t = await createTestApp();
  admin = await makeUser(t.database.db, { role: 'admin' });
  const store = await makeStore(t.database.db);
  victim = await makeUser(t.database.db, { role: 'cashier', storeIds: [store.id] });
});
afterAll(() => t?.close());

async function failUserWritesWith(errcode: string): Promise<void> {
  await t.database.db.execute(
    sql.raw(`create or replace function pos_test_fail_users() returns trigger language plpgsql as $$
      begin raise exception 'simulated failure' using errcode = '${errcode}'; end $$`),
  );
  await t.database.db.execute(
    sql.raw(`create or replace trigger pos_test_fail_users before update on users
      for each row when (new.password_hash is distinct from old.password_hash) execute function pos_test_fail_users()`),
  );
}

describe('failed queries in the logs', () => {
  for (const [what, errcode, status] of [
    ['503 (database unavailable)', '57P01', 503],
    ['500 (unexpected database error)', 'XX000', 500],
  ] as const) {
    it(`a password and PIN change failing with ${what} logs the SQL, never the new hashes`, async () => {
      const token = await bearerToken(t.app, admin.username, admin.password);
      await failUserWritesWith(errcode);
      const before = t.logs.length;
      const response = await request(t.app)
        .patch(`/api/users/${victim.id}`)
        .set('Authorization', `Bearer ${token}`)
        .send({ password: 'a-brand-new-password-1', pin: '86421357' });
      expect(response.status, response.text).toBe(status);
      const logged = JSON.stringify(t.logs.slice(before));
      // The failure is logged, naming the statement...
      expect(logged).toContain('update \\"users\\"');
      // ...but not its parameters: no bcrypt hash, no bound values.
      expect(logged).not.toMatch(/\$2[aby]\$/);
      expect(logged).not.toMatch(/params: (?!\[redacted\])/);
    });
  }
});
