import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../server/db/query-rows';
import type { AnyRoute } from '../../server/http/route';
import { bearerToken, signIn } from '../helpers/auth';
import { makeProduct, makeStore, makeUser, type UserFixture } from '../helpers/factories';
import { createTestApp, type TestApp } from '../helpers/test-app';

/**
 * Security checks of issue 8 in one process: session fixation (login, logout, PIN unlock), CSRF on every
 * cookie-authenticated state-changing route of the route table, cross-site form posts, and the security
 * headers on every kind of answer the app gives (page, asset, API JSON, CSV, image, 404, errors).
 */
let t: TestApp;
let publicDir: string;
let admin: UserFixture;
let cashier: UserFixture;
let otherCashier: UserFixture;

const NOWHERE_ID = '00000000-0000-4000-8000-00000000abcd';
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

beforeAll(async () => {
  publicDir = mkdtempSync(path.join(os.tmpdir(), 'pos-security-public-'));
  writeFileSync(path.join(publicDir, 'index.html'), '<!doctype html><title>POS</title><div id="root"></div>');
  mkdirSync(path.join(publicDir, 'assets'));
  writeFileSync(path.join(publicDir, 'assets', 'app-abc123.js'), 'console.log("till");');
  t = await createTestApp({ publicDir, env: { DATA_DIR: path.join(publicDir, 'data') } });
  const store = await makeStore(t.database.db);
  admin = await makeUser(t.database.db, { role: 'admin' });
  cashier = await makeUser(t.database.db, { role: 'cashier', storeIds: [store.id] });
  otherCashier = await makeUser(t.database.db, { role: 'cashier', storeIds: [store.id] });
});
afterAll(async () => {
  await t?.close();
  rmSync(publicDir, { recursive: true, force: true });
});

const keyOf = (route: AnyRoute) => `${route.method.toUpperCase()} ${route.path}`;
const pathOf = (route: AnyRoute) => route.path.replace(/:[A-Za-z0-9_]+/g, NOWHERE_ID);
/** Cookie-authenticated writes: every non-public route whose method changes something. */
const stateChanging = () =>
  t.routes.filter((route) => route.method !== 'get' && route.access.kind !== 'public');

function sessionCookie(response: request.Response): string | undefined {
  const cookies = (response.headers['set-cookie'] as unknown as string[] | undefined) ?? [];
  return cookies.map((cookie) => cookie.split(';')[0]!).find((pair) => pair.startsWith('pos.sid='));
}

async function loginWith(cookie: string | undefined, user: UserFixture, password = user.password) {
  const pending = request(t.app).post('/api/auth/login');
  if (cookie) {
    pending.set('Cookie', cookie);
  }
  return pending.send({ username: user.username, password });
}

const me = (cookie: string) => request(t.app).get('/api/auth/me').set('Cookie', cookie);

describe('session fixation', () => {
  it('a failed login sets no session cookie at all', async () => {
    const failed = await loginWith(undefined, cashier, 'not-the-password');
    expect(failed.status).toBe(401);
    expect(sessionCookie(failed)).toBeUndefined();
  });

  it('a session id chosen by an attacker (forged or unsigned) is never the one after login', async () => {
    for (const planted of ['pos.sid=s%3Aattacker-chosen-id.forgedsignature', 'pos.sid=attacker-chosen-id']) {
      const response = await loginWith(planted, cashier);
      expect(response.status).toBe(200);
      const issued = sessionCookie(response);
      expect(issued).toBeDefined();
      expect(issued).not.toBe(planted);
      expect(issued).not.toContain('attacker-chosen-id');
      expect((await me(planted)).status).toBe(401);
      expect((await me(issued!)).status).toBe(200);
    }
  });

  it("a valid session planted in the victim's browser is replaced at login and never becomes the victim's", async () => {
    const attacker = await loginWith(undefined, otherCashier);
    const planted = sessionCookie(attacker)!;
    expect((await me(planted)).body.user.username).toBe(otherCashier.username);
    const victim = await loginWith(planted, admin);
    expect(victim.status).toBe(200);
    const issued = sessionCookie(victim)!;
    expect(issued).not.toBe(planted);
    // The planted id is gone (regenerated away), not upgraded to the admin.
    const plantedAfter = await me(planted);
    expect(plantedAfter.status).toBe(401);
    expect((await me(issued)).body.user.username).toBe(admin.username);
    // A new CSRF token too: the attacker's page could have read the old one.
    expect(victim.body.csrfToken).not.toBe(attacker.body.csrfToken);
  });

  it('after logout the old session id is dead, for reads and for writes with its CSRF token', async () => {
    const login = await loginWith(undefined, cashier);
    const cookie = sessionCookie(login)!;
    const csrf = login.body.csrfToken as string;
    const logout = await request(t.app)
      .post('/api/auth/logout')
      .set('Cookie', cookie)
      .set('X-CSRF-Token', csrf);
    expect(logout.status).toBe(204);
    expect((await me(cookie)).status).toBe(401);
    const write = await request(t.app)
      .post('/api/customers')
      .set('Cookie', cookie)
      .set('X-CSRF-Token', csrf)
      .send({ name: 'After Logout' });
    expect(write.status).toBe(401);
    // Signing in again while presenting the dead id gets a new one.
    const again = await loginWith(cookie, cashier);
    expect(sessionCookie(again)).not.toBe(cookie);
  });

  it("PIN unlock keeps the till's own session (by design) but cannot switch it to another user", async () => {
    const login = await loginWith(undefined, cashier);
    const cookie = sessionCookie(login)!;
    const csrf = login.body.csrfToken as string;
    const as = (pending: request.Test) => pending.set('Cookie', cookie).set('X-CSRF-Token', csrf);
    expect((await as(request(t.app).post('/api/auth/lock'))).status).toBe(204);
    // Locked: nothing but unlock and logout.
    expect((await as(request(t.app).get('/api/customers'))).status).toBe(401);
    // Another user's PIN does not unlock it, and the body cannot name another user.
    const otherPin = await as(request(t.app).post('/api/auth/unlock')).send({ pin: '0000' });
    expect(otherPin.status).toBe(401);
    const naming = await as(request(t.app).post('/api/auth/unlock')).send({
      pin: admin.pin,
      username: admin.username,
    });
    expect(naming.status).toBe(400);
    const unlocked = await as(request(t.app).post('/api/auth/unlock')).send({ pin: cashier.pin });
    expect(unlocked.status).toBe(200);
    // The same id as at login (issued by the server there, after regenerate), so keeping it is no fixation.
    expect([undefined, cookie]).toContain(sessionCookie(unlocked));
    expect((await me(cookie)).body.user.username).toBe(cashier.username);
  });
});

/** Row counts of every table except the session store's own: "nothing changed" for the cross-site checks. */
async function rowCounts(): Promise<Record<string, number>> {
  const tables = await queryRows<{ table_name: string }>(
    t.database.db,
    sql`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' and table_name <> 'sessions' order by 1`,
  );
  const counts: Record<string, number> = {};
  for (const { table_name } of tables) {
    const result = await queryRows<{ n: number }>(
      t.database.db,
      sql.raw(`select count(*)::int as n from "${table_name}"`),
    );
    counts[table_name] = Number(result[0]!.n);
  }
  return counts;
}

describe('CSRF on every cookie-authenticated state-changing route', () => {
  it('no X-CSRF-Token, a wrong one, or another session’s → 403 CSRF_FAILED; the right one → not refused', async () => {
    const routes = stateChanging();
    const client = await signIn(t.app, admin.username, admin.password);
    const other = await signIn(t.app, admin.username, admin.password);
    const wrongToken = 'x'.repeat(client.csrfToken.length);
    const mismatches: string[] = [];
    for (const route of routes) {
      const url = pathOf(route);
      const attempts = {
        missing: client.agent[route.method](url),
        wrong: client.agent[route.method](url).set('X-CSRF-Token', wrongToken),
        otherSession: client.agent[route.method](url).set('X-CSRF-Token', other.csrfToken),
        short: client.agent[route.method](url).set('X-CSRF-Token', client.csrfToken.slice(0, -1)),
      };
      for (const [what, pending] of Object.entries(attempts)) {
        const response = await (route.body ? pending.send({}) : pending);
        if (response.status !== 403 || response.body?.error?.code !== 'CSRF_FAILED') {
          mismatches.push(
            `${keyOf(route)} with ${what} token: ${response.status} ${response.text.slice(0, 80)}`,
          );
        }
      }
      // A session of its own for the right token: logout and lock end or lock it.
      const own = await signIn(t.app, admin.username, admin.password);
      const pending = own.agent[route.method](url).set(own.csrf);
      const right = await (route.body ? pending.send({}) : pending);
      if (right.status === 403 || right.body?.error?.code === 'CSRF_FAILED') {
        mismatches.push(`${keyOf(route)} with the right token: ${right.status} ${right.text.slice(0, 80)}`);
      }
    }
    console.log(`[security] CSRF: ${routes.length} state-changing routes × 4 bad tokens + the right one`);
    expect(routes.length).toBeGreaterThan(50);
    expect(mismatches).toEqual([]);
  }, 180_000);

  it('bearer-token requests need no CSRF token', async () => {
    const routes = stateChanging();
    const mismatches: string[] = [];
    for (const route of routes) {
      // A token of its own per route: logout revokes it.
      const token = await bearerToken(t.app, admin.username, admin.password);
      const pending = request(t.app)[route.method](pathOf(route)).set('Authorization', `Bearer ${token}`);
      const response = await (route.body ? pending.send({}) : pending);
      if (response.status === 403 || response.body?.error?.code === 'CSRF_FAILED') {
        mismatches.push(`${keyOf(route)}: ${response.status} ${response.text.slice(0, 80)}`);
      }
    }
    expect(mismatches).toEqual([]);
  }, 120_000);

  it('a cross-site form post (text/plain, urlencoded, multipart) with the cookie changes nothing anywhere', async () => {
    const client = await signIn(t.app, admin.username, admin.password);
    // Something real to aim at: the forms below try to rename it, delete its image, close things...
    const product = await makeProduct(t.database.db);
    const before = await rowCounts();
    const [productBefore] = await queryRows<{ name: string; updated_at: string }>(
      t.database.db,
      sql`select name, updated_at::text from products where id = ${product.id}`,
    );
    const mismatches: string[] = [];
    const forms: [string, string][] = [
      ['text/plain', '{"name":"pwned","password":"attacker-password-1"}'],
      ['application/x-www-form-urlencoded', 'name=pwned&password=attacker-password-1&active=false'],
      [
        'multipart/form-data; boundary=X',
        '--X\r\nContent-Disposition: form-data; name="name"\r\n\r\npwned\r\n--X--\r\n',
      ],
    ];
    let sent = 0;
    for (const route of stateChanging()) {
      const url = route.path.replace(/:id\b/, product.id).replace(/:[A-Za-z0-9_]+/g, NOWHERE_ID);
      for (const [contentType, body] of forms) {
        const response = await client.agent[route.method](url)
          .set('Content-Type', contentType)
          // What a browser adds to a cross-site form post; the server must not need it to refuse.
          .set('Origin', 'https://evil.example')
          .send(body);
        sent += 1;
        if (response.status !== 403 || response.body?.error?.code !== 'CSRF_FAILED') {
          mismatches.push(
            `${keyOf(route)} as ${contentType}: ${response.status} ${response.text.slice(0, 80)}`,
          );
        }
      }
    }
    // Public routes take JSON only: a form cannot sign a browser in (login CSRF) or get a token.
    for (const url of ['/api/auth/login', '/api/auth/token']) {
      for (const [contentType, body] of forms) {
        const response = await request(t.app)
          .post(url)
          .set('Content-Type', contentType)
          .send(
            contentType === 'text/plain'
              ? JSON.stringify({ username: admin.username, password: admin.password })
              : body,
          );
        sent += 1;
        if (response.status === 200 || sessionCookie(response)) {
          mismatches.push(`${url} as ${contentType}: ${response.status}, cookie ${sessionCookie(response)}`);
        }
      }
    }
    const after = await rowCounts();
    const [productAfter] = await queryRows<{ name: string; updated_at: string }>(
      t.database.db,
      sql`select name, updated_at::text from products where id = ${product.id}`,
    );
    console.log(
      `[security] cross-site forms: ${sent} posts, all refused; ${Object.keys(before).length} tables unchanged`,
    );
    expect(mismatches).toEqual([]);
    expect(after).toEqual(before);
    expect(productAfter).toEqual(productBefore);
  }, 180_000);
});

const API_HEADERS = {
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-resource-policy': 'same-origin',
};
const PAGE_HEADERS = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'SAMEORIGIN',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'x-permitted-cross-domain-policies': 'none',
  'x-dns-prefetch-control': 'off',
};

describe('security headers on every kind of answer', () => {
  it('API answers (JSON, CSV, image, 404, 400, 401, 403, 429-class errors) carry the API set; pages and assets the page set', async () => {
    const manager = await signIn(t.app, admin.username, admin.password);
    const product = await makeProduct(t.database.db);
    const upload = await manager.agent
      .put(`/api/products/${product.id}/image`)
      .set(manager.csrf)
      .set('Content-Type', 'image/png')
      .send(PNG);
    expect(upload.status, upload.text).toBeLessThan(300);
    const imageUrl = (await manager.agent.get(`/api/products/${product.id}`)).body.imageUrl as string;
    const cashierClient = await signIn(t.app, cashier.username, cashier.password);

    const api: [string, () => Promise<request.Response>, number, RegExp][] = [
      ['health JSON', () => request(t.app).get('/api/health'), 200, /json/],
      ['signed-in JSON', () => manager.agent.get('/api/auth/me'), 200, /json/],
      ['CSV download', () => manager.agent.get('/api/products/export'), 200, /csv/],
      [
        'product image',
        () => request(t.app).get(imageUrl ?? `/api/products/${product.id}/image`),
        200,
        /image\/png/,
      ],
      ['API 404', () => request(t.app).get('/api/no-such-route'), 404, /json/],
      ['validation 400', () => manager.agent.get('/api/products/not-a-uuid'), 400, /json/],
      [
        'malformed JSON 400',
        () =>
          manager.agent
            .post('/api/customers')
            .set(manager.csrf)
            .set('Content-Type', 'application/json')
            .send('{'),
        400,
        /json/,
      ],
      ['401', () => request(t.app).get('/api/auth/me'), 401, /json/],
      ['403', () => cashierClient.agent.get('/api/users'), 403, /json/],
      ['CSRF 403', () => manager.agent.post('/api/customers').send({ name: 'x' }), 403, /json/],
    ];
    const problems: string[] = [];
    for (const [what, send, status, type] of api) {
      const response = await send();
      if (response.status !== status || !type.test(String(response.headers['content-type']))) {
        problems.push(`${what}: ${response.status} ${response.headers['content-type']}`);
      }
      for (const [name, value] of Object.entries(API_HEADERS)) {
        if (response.headers[name] !== value) {
          problems.push(`${what}: ${name} = ${response.headers[name]}`);
        }
      }
      // Data is not kept by browsers or caches, except product images, which say how long themselves.
      const cache = String(response.headers['cache-control']);
      if (what === 'product image' ? !/max-age|no-cache/.test(cache) : cache !== 'no-store') {
        problems.push(`${what}: cache-control = ${cache}`);
      }
      if (response.headers['x-powered-by'] || response.headers['strict-transport-security']) {
        problems.push(`${what}: x-powered-by or HSTS outside production`);
      }
    }

    const pages: [string, string, number, RegExp][] = [
      ['index page', '/', 200, /html/],
      ['client route', '/back-office/products', 200, /html/],
      ['hashed asset', '/assets/app-abc123.js', 200, /javascript/],
      ['missing asset 404', '/assets/missing-abc.js', 404, /json/],
    ];
    for (const [what, url, status, type] of pages) {
      const response = await request(t.app).get(url).set('Accept', 'text/html,*/*');
      if (response.status !== status || !type.test(String(response.headers['content-type']))) {
        problems.push(`${what}: ${response.status} ${response.headers['content-type']}`);
      }
      for (const [name, value] of Object.entries(PAGE_HEADERS)) {
        if (response.headers[name] !== value) {
          problems.push(`${what}: ${name} = ${response.headers[name]}`);
        }
      }
      const csp = String(response.headers['content-security-policy']);
      for (const directive of [
        "default-src 'self'",
        "script-src 'self'",
        "object-src 'none'",
        "frame-ancestors 'self'",
      ]) {
        if (!csp.includes(directive)) {
          problems.push(`${what}: CSP lacks ${directive} (${csp})`);
        }
      }
      if (response.headers['x-powered-by']) {
        problems.push(`${what}: x-powered-by`);
      }
    }
    expect(problems).toEqual([]);
  });
});
