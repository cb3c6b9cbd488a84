import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorResponseSchema } from '../../shared/errors';
import { signIn } from '../helpers/auth';
import { makeStore, makeUser, type UserFixture } from '../helpers/factories';
import { createTestApp, type TestApp } from '../helpers/test-app';

let t: TestApp;
let admin: UserFixture;
const publicDir = mkdtempSync(path.join(tmpdir(), 'pos-public-'));

beforeAll(async () => {
  writeFileSync(path.join(publicDir, 'index.html'), '<!doctype html><title>Till</title>');
  t = await createTestApp({ publicDir });
  const store = await makeStore(t.database.db);
  admin = await makeUser(t.database.db, { role: 'admin', storeIds: [store.id] });
});
afterAll(async () => {
  await t.close();
  rmSync(publicDir, { recursive: true, force: true });
});

function expectErrorShape(body: unknown): void {
  expect(errorResponseSchema.safeParse(body).success, JSON.stringify(body)).toBe(true);
}

describe('HTTP platform', () => {
  it('GET /api/health → 200 with the database and session store checked', async () => {
    const response = await request(t.app).get('/api/health');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      status: 'ok',
      db: 'ok',
      sessionStore: t.redis ? 'redis' : 'database',
      version: expect.any(String),
      uptimeSeconds: expect.any(Number),
    });
  });

  it('malformed JSON → 400 MALFORMED_JSON in the contract shape with a request id', async () => {
    const response = await request(t.app)
      .post('/api/auth/login')
      .set('Content-Type', 'application/json')
      .send('{"username": "x", ');
    expect(response.status).toBe(400);
    expectErrorShape(response.body);
    expect(response.body.error.code).toBe('MALFORMED_JSON');
    expect(response.body.error.requestId).toBe(response.headers['x-request-id']);
  });

  it('a body over 1 MiB → 413 PAYLOAD_TOO_LARGE', async () => {
    const response = await request(t.app)
      .post('/api/auth/login')
      .send({ username: 'x', password: 'y'.repeat(1024 * 1024 + 10) });
    expect(response.status).toBe(413);
    expect(response.body.error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('unknown API route → 404 NOT_FOUND as JSON', async () => {
    const response = await request(t.app).get('/api/does-not-exist');
    expect(response.status).toBe(404);
    expectErrorShape(response.body);
    expect(response.body.error.code).toBe('NOT_FOUND');
  });

  it('wrong types, unknown and missing fields → 400 naming every path', async () => {
    const response = await request(t.app).post('/api/auth/login').send({ username: 42, extra: true });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('VALIDATION_FAILED');
    const paths = (response.body.error.details as { path: string }[]).map((detail) => detail.path).sort();
    expect(paths).toEqual(['extra', 'password', 'username']);
  });

  it('accepts a sane X-Request-Id and echoes it; replaces a hostile one', async () => {
    const ok = await request(t.app).get('/api/health').set('X-Request-Id', 'till-7.req-42');
    expect(ok.headers['x-request-id']).toBe('till-7.req-42');
    const hostile = await request(t.app).get('/api/health').set('X-Request-Id', '<script>alert(1)</script>');
    expect(hostile.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('sets security headers for data, compresses large JSON, and names the route in 404s', async () => {
    const response = await request(t.app).get('/api/openapi.json').set('Accept-Encoding', 'gzip');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.headers['x-frame-options']).toBe('DENY');
    expect(response.headers['x-powered-by']).toBeUndefined();
    expect(response.headers.etag).toBeUndefined();
    expect(response.headers['content-encoding']).toBe('gzip');
    const missing = await request(t.app).get('/api/products-not-here/1');
    expect(missing.status).toBe(404);
    expect(missing.headers['x-content-type-options']).toBe('nosniff');
  });

  it('client pages get the page security headers (scripts from this origin only)', async () => {
    const response = await request(t.app).get('/till').set('Accept', 'text/html');
    expect(response.status).toBe(200);
    expect(response.text).toContain('<title>Till</title>');
    expect(response.headers['content-security-policy']).toContain("script-src 'self'");
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['cache-control']).toBe('no-cache');
  });

  it('GET /api/openapi.json → an OpenAPI 3.1 document with every route and its schemas', async () => {
    const response = await request(t.app).get('/api/openapi.json');
    expect(response.status).toBe(200);
    expect(response.body.openapi).toBe('3.1.0');
    for (const route of t.routes) {
      const path = route.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
      expect(response.body.paths[path]?.[route.method], `${route.method} ${path}`).toBeDefined();
    }
    const imageUpload = response.body.paths['/api/products/{id}/image'].put.requestBody.content;
    expect(Object.keys(imageUpload).sort()).toEqual(['image/jpeg', 'image/png', 'image/webp']);
    expect(response.body.paths['/api/products/import'].post.requestBody.content['text/csv'].schema).toEqual({
      type: 'string',
      format: 'binary',
    });
    expect(Object.keys(response.body.paths['/api/products/export'].get.responses['200'].content)).toEqual([
      'text/csv',
    ]);
    const login = response.body.paths['/api/auth/login'].post;
    expect(login.requestBody.content['application/json'].schema.properties.username).toBeDefined();
    expect(login.requestBody.content['application/json'].schema.additionalProperties).toBe(false);
  });

  it('GET /api/docs → Swagger UI from this server, public like the document, under its own strict CSP', async () => {
    for (const path of ['/api/docs', '/api/docs/']) {
      const page = await request(t.app).get(path);
      expect(page.status, path).toBe(200);
      expect(page.headers['content-type']).toContain('text/html');
      expect(page.headers['cache-control']).toBe('no-cache');
      const csp = page.headers['content-security-policy'] ?? '';
      expect(/script-src ([^;]*)/.exec(csp)?.[1]).toBe("'self'");
      expect(csp).not.toContain('unsafe');
      expect(csp).toContain("frame-ancestors 'none'");
      expect(page.text).not.toMatch(/<script>|<script(?![^>]*\ssrc=)[^>]*>|https?:\/\//);
      const assets = [...page.text.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1] ?? '');
      expect(assets).toContain('/api/docs/assets/api-docs-init.js');
      for (const asset of assets) {
        const response = await request(t.app).get(asset);
        expect(response.status, asset).toBe(200);
        expect(response.headers['x-content-type-options'], asset).toBe('nosniff');
      }
    }
    const initializer = await request(t.app).get('/api/docs/assets/api-docs-init.js');
    expect(initializer.headers['content-type']).toContain('javascript');
    expect(initializer.text).toContain("url: '/api/openapi.json'");
    const bundle = await request(t.app).get('/api/docs/assets/swagger-ui-bundle.js');
    expect(bundle.headers['cache-control']).toBe('public, max-age=3600');
    // Only the files the page loads: not the package's demo page, nor its petstore initializer.
    for (const path of [
      '/api/docs/assets/index.html',
      '/api/docs/assets/swagger-initializer.js',
      '/api/docs/x',
    ]) {
      const response = await request(t.app).get(path);
      expect(response.status, path).toBe(404);
      expect(response.body).toMatchObject({ error: { code: 'NOT_FOUND' } });
    }
  });

  it('GET /metrics → Prometheus text with the request histogram by route template and status', async () => {
    const client = await signIn(t.app, admin.username, admin.password);
    await client.agent.get(`/api/users/${admin.id}`).expect(200);
    const response = await request(t.app).get('/metrics');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toContain('text/plain');
    expect(response.text).toContain('process_cpu_user_seconds_total');
    expect(response.text).toMatch(
      /http_request_duration_seconds_bucket\{[^}]*route="\/api\/users\/:id"[^}]*status="200"/,
    );
    expect(response.text).toContain('db_pool_connections{state="total"}');
  });

  it('logs one access line per request with the request id, and never a password', async () => {
    await request(t.app).post('/api/auth/login').set('X-Request-Id', 'log-check-1').send({
      username: admin.username,
      password: 'a-wrong-password-123',
    });
    const line = t.logs.find((entry) => entry.requestId === 'log-check-1' && entry.message === 'request');
    expect(line).toMatchObject({ method: 'POST', route: '/api/auth/login', status: 401, category: 'http' });
    expect(JSON.stringify(t.logs)).not.toContain('a-wrong-password-123');
  });
});
