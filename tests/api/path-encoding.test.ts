import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearerToken } from '../helpers/auth';
import { makeStore, makeUser, type StoreFixture, type UserFixture } from '../helpers/factories';
import { createTestApp, type TestApp } from '../helpers/test-app';

/** Found by the API fuzzer: a path segment that is not valid percent-encoding answered 500 INTERNAL. */
let t: TestApp;
let admin: UserFixture;
let store: StoreFixture;
let token: string;

beforeAll(async () => {
  t = await createTestApp();
  store = await makeStore(t.database.db);
  admin = await makeUser(t.database.db, { role: 'admin' });
  token = await bearerToken(t.app, admin.username, admin.password);
});
afterAll(() => t.close());

describe('a path id that cannot be percent-decoded', () => {
  it.each(['%', '%uD800', '%E0%A4%A'])('is a 400 naming the path, not a 500 (%s)', async (id) => {
    const response = await request(t.app)
      .post(`/api/stores/${store.id}/stock-counts/${id}/cancel`)
      .set('Authorization', `Bearer ${token}`);
    expect(response.status, response.text).toBe(400);
    expect(response.body.error.code).toBe('VALIDATION_FAILED');
    expect(response.body.error.details).toEqual([
      { path: '(path)', message: 'is not valid percent-encoding' },
    ]);
    expect(response.body.error.requestId).toEqual(expect.any(String));
  });

  it('on a read as well as a write', async () => {
    const response = await request(t.app).get('/api/stores/%').set('Authorization', `Bearer ${token}`);
    expect(response.status, response.text).toBe(400);
    expect(response.body.error.code).toBe('VALIDATION_FAILED');
  });
});
