import { sql } from 'drizzle-orm';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearerToken } from '../helpers/auth';
import { makeUser, type UserFixture } from '../helpers/factories';
import { createTestApp, type TestApp } from '../helpers/test-app';

/**
 * Found by the API fuzzer: PostgreSQL text cannot hold U+0000, so a NUL in any string field reached the
 * database and came back as a 500 (SQLSTATE 22021). Now validation names the field and nothing is written.
 */
const MESSAGE = 'must not contain NUL characters or unpaired surrogates';
let t: TestApp;
let admin: UserFixture;
let token: string;

async function count(table: string): Promise<number> {
  const result = (await t.database.db.execute(
    sql.raw(`select count(*)::int as n from ${table}`),
  )) as unknown as {
    rows: { n: number }[];
  };
  return result.rows[0]!.n;
}

beforeAll(async () => {
  t = await createTestApp();
  admin = await makeUser(t.database.db, { role: 'admin' });
  token = await bearerToken(t.app, admin.username, admin.password);
});
afterAll(() => t.close());

describe('a NUL character in a string', () => {
  it('in a body field is a 400 naming that field, and nothing is written', async () => {
    const before = await count('categories');
    const response = await request(t.app)
      .post('/api/categories')
      .set('Authorization', `Bearer ${token}`)
      .send({ name: 'Dog\u0000food' });
    expect(response.status, response.text).toBe(400);
    expect(response.body.error.code).toBe('VALIDATION_FAILED');
    expect(response.body.error.details).toContainEqual({
      path: 'name',
      message: MESSAGE,
    });
    expect(await count('categories')).toBe(before);
  });

  it('in a nested body field names the dotted path', async () => {
    const response = await request(t.app)
      .post('/api/suppliers')
      .set('Authorization', `Bearer ${token}`)
      .send({ name: 'Acme', phone: '555\u00001234' });
    expect(response.status, response.text).toBe(400);
    expect(response.body.error.details).toContainEqual({
      path: 'phone',
      message: MESSAGE,
    });
  });

  it('in a sign-in username is a 400, not a 500', async () => {
    const response = await request(t.app)
      .post('/api/auth/token')
      .send({ username: 'admin\u0000', password: 'whatever-password-1' });
    expect(response.status, response.text).toBe(400);
    expect(response.body.error.details).toContainEqual({
      path: 'username',
      message: MESSAGE,
    });
  });

  it('in a query parameter is a 400 naming it', async () => {
    const response = await request(t.app).get('/api/products?q=%00').set('Authorization', `Bearer ${token}`);
    expect(response.status, response.text).toBe(400);
    expect(response.body.error.details).toContainEqual({
      path: 'q',
      message: MESSAGE,
    });
  });

  it('an unpaired surrogate (which jsonb refuses) is a 400 naming the field, and nothing is written', async () => {
    const before = await count('suppliers');
    const response = await request(t.app)
      .post('/api/suppliers')
      .set('Authorization', `Bearer ${token}`)
      .set('Content-Type', 'application/json')
      .send('{"name":"Acme \\ud800"}');
    expect(response.status, response.text).toBe(400);
    expect(response.body.error.details).toContainEqual({ path: 'name', message: MESSAGE });
    expect(await count('suppliers')).toBe(before);
  });

  it('elsewhere in a string is still accepted (emoji, bidi controls)', async () => {
    const response = await request(t.app)
      .post('/api/categories')
      .set('Authorization', `Bearer ${token}`)
      .send({ name: 'Fish 🐟 \u202Eabc' });
    expect(response.status, response.text).toBe(201);
  });
});
