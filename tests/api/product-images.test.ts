import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, products } from '../../server/db/schema';
import { type SessionClient, signIn } from '../helpers/auth';
import { makeProduct, makeUser } from '../helpers/factories';
import { createTestApp, type TestApp } from '../helpers/test-app';

// s3rver ships no types; this is the part of its API the test uses.
type S3rverInstance = {
  run(): Promise<{ address: string; port: number }>;
  close(): Promise<void>;
};
type S3rverConstructor = new (options: {
  address: string;
  port: number;
  silent: boolean;
  directory: string;
  configureBuckets: { name: string; configs: string[] }[];
}) => S3rverInstance;
const S3rver = createRequire(import.meta.url)('s3rver') as S3rverConstructor;

const NOWHERE_ID = '00000000-0000-4000-8000-00000000abcd';
// A real 1×1 PNG, a JPEG header and a WebP header: the magic bytes are what the server checks.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(64, 7)]);
const WEBP = Buffer.concat([
  Buffer.from('RIFF'),
  Buffer.from([0x24, 0, 0, 0]),
  Buffer.from('WEBPVP8 '),
  Buffer.alloc(32, 3),
]);

type Setup = { t: TestApp; manager: SessionClient; cashier: SessionClient; dataDir: string };

async function setUp(env: Record<string, string> = {}): Promise<Setup> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'pos-images-'));
  const t = await createTestApp({ env: { DATA_DIR: dataDir, ...env } });
  const m = await makeUser(t.database.db, { role: 'manager' });
  const c = await makeUser(t.database.db, { role: 'cashier' });
  return {
    t,
    dataDir,
    manager: await signIn(t.app, m.username, m.password),
    cashier: await signIn(t.app, c.username, c.password),
  };
}

function putImage(client: SessionClient, productId: string, contentType: string, body: Buffer) {
  return client.agent
    .put(`/api/products/${productId}/image`)
    .set(client.csrf)
    .set('Content-Type', contentType)
    .send(body);
}

/** GET as a browser <img> would: no cookie, the bytes as a Buffer. */
function getImage(s: Setup, url: string) {
  return request(s.t.app)
    .get(url)
    .buffer(true)
    .parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
}

async function imageKeyOf(s: Setup, productId: string): Promise<string | null> {
  const [row] = await s.t.database.db
    .select({ imageKey: products.imageKey })
    .from(products)
    .where(eq(products.id, productId));
  return row!.imageKey;
}

describe('product images on local storage', () => {
  let s: Setup;
  beforeAll(async () => {
    s = await setUp();
  });
  afterAll(async () => {
    await s.t.close();
    await rm(s.dataDir, { recursive: true, force: true });
  });

  it('PUT /api/products/:id/image as cashier → 403; anonymous → 401', async () => {
    const product = await makeProduct(s.t.database.db);
    expect((await putImage(s.cashier, product.id, 'image/png', PNG)).status).toBe(403);
    const anonymous = await request(s.t.app)
      .put(`/api/products/${product.id}/image`)
      .set('Content-Type', 'image/png')
      .send(PNG);
    expect(anonymous.status).toBe(401);
  });

  it('PUT /api/products/:id/image for an unknown product → 404, nothing stored', async () => {
    const response = await putImage(s.manager, NOWHERE_ID, 'image/png', PNG);
    expect(response.status).toBe(404);
    expect(existsSync(path.join(s.dataDir, 'images', 'products', NOWHERE_ID))).toBe(false);
  });

  it('PUT /api/products/:id/image with bytes that are not the declared type → 400; an unsupported type → 415', async () => {
    const product = await makeProduct(s.t.database.db);
    const wrong = await putImage(s.manager, product.id, 'image/png', JPEG);
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.details[0]).toEqual({ path: 'body', message: 'is not a image/png image' });
    const text = await putImage(s.manager, product.id, 'image/png', Buffer.from('<svg onload=alert(1)>'));
    expect(text.status).toBe(400);
    const gif = await putImage(s.manager, product.id, 'image/gif', Buffer.from('GIF89a'));
    expect(gif.status).toBe(415);
    expect(gif.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(await imageKeyOf(s, product.id)).toBeNull();
  });

  it('PUT /api/products/:id/image of 6 MiB → 413 PAYLOAD_TOO_LARGE', async () => {
    const product = await makeProduct(s.t.database.db);
    const big = Buffer.concat([PNG, Buffer.alloc(6 * 1024 * 1024)]);
    const response = await putImage(s.manager, product.id, 'image/png', big);
    expect(response.status).toBe(413);
    expect(response.body.error.code).toBe('PAYLOAD_TOO_LARGE');
    expect(await imageKeyOf(s, product.id)).toBeNull();
  });

  it('PUT then GET /api/products/:id/image → the same bytes, cacheable for a year with the version, audited', async () => {
    const product = await makeProduct(s.t.database.db);
    const put = await putImage(s.manager, product.id, 'image/png', PNG).expect(200);
    expect(put.body).toEqual({
      productId: product.id,
      imageUrl: expect.stringMatching(new RegExp(`^/api/products/${product.id}/image\\?v=[0-9a-f]{16}$`)),
      contentType: 'image/png',
      sizeBytes: PNG.length,
    });
    const key = await imageKeyOf(s, product.id);
    expect(key).toMatch(new RegExp(`^products/${product.id}/[0-9a-f]{24}\\.png$`));
    expect(existsSync(path.join(s.dataDir, 'images', key!))).toBe(true);

    // Public: no cookie needed, as an <img> tag or a CDN would fetch it.
    const versioned = await getImage(s, put.body.imageUrl).expect(200);
    expect(versioned.headers['content-type']).toBe('image/png');
    expect(versioned.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(versioned.headers.etag).toMatch(/^"[0-9a-f]{16}"$/);
    expect(Buffer.compare(versioned.body as Buffer, PNG)).toBe(0);

    const plain = await getImage(s, `/api/products/${product.id}/image`).expect(200);
    expect(plain.headers['cache-control']).toBe('public, max-age=60');
    expect(plain.headers.etag).toBe(versioned.headers.etag);
    const revalidated = await request(s.t.app)
      .get(`/api/products/${product.id}/image`)
      .set('If-None-Match', versioned.headers.etag!);
    expect(revalidated.status).toBe(304);

    const audits = await s.t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'product.image_changed'), eq(auditLog.entityId, product.id)));
    expect(audits).toHaveLength(1);
    expect(audits[0]!.details).toMatchObject({ imageKey: key, previousKey: null, contentType: 'image/png' });
  });

  it('PUT /api/products/:id/image again → the new image is served and the old object is deleted', async () => {
    const product = await makeProduct(s.t.database.db);
    const first = await putImage(s.manager, product.id, 'image/png', PNG).expect(200);
    const firstKey = await imageKeyOf(s, product.id);
    const second = await putImage(s.manager, product.id, 'image/jpeg', JPEG).expect(200);
    const secondKey = await imageKeyOf(s, product.id);
    expect(secondKey).not.toBe(firstKey);
    expect(second.body.imageUrl).not.toBe(first.body.imageUrl);
    expect(existsSync(path.join(s.dataDir, 'images', firstKey!))).toBe(false);
    const response = await getImage(s, second.body.imageUrl).expect(200);
    expect(response.headers['content-type']).toBe('image/jpeg');
    // The old URL still answers (with the current image) but is no longer cacheable forever.
    const stale = await getImage(s, first.body.imageUrl).expect(200);
    expect(stale.headers['cache-control']).toBe('public, max-age=60');
  });

  it('DELETE /api/products/:id/image → 204; then GET → 404 and the object is gone', async () => {
    const product = await makeProduct(s.t.database.db);
    await putImage(s.manager, product.id, 'image/webp', WEBP).expect(200);
    const key = await imageKeyOf(s, product.id);
    await s.cashier.agent.delete(`/api/products/${product.id}/image`).set(s.cashier.csrf).expect(403);
    await s.manager.agent.delete(`/api/products/${product.id}/image`).set(s.manager.csrf).expect(204);
    expect(await imageKeyOf(s, product.id)).toBeNull();
    expect(existsSync(path.join(s.dataDir, 'images', key!))).toBe(false);
    const gone = await request(s.t.app).get(`/api/products/${product.id}/image`);
    expect(gone.status).toBe(404);
    expect(gone.body.error.code).toBe('NOT_FOUND');
    // Idempotent: nothing left to delete is still a success.
    await s.manager.agent.delete(`/api/products/${product.id}/image`).set(s.manager.csrf).expect(204);
    await s.manager.agent.delete(`/api/products/${NOWHERE_ID}/image`).set(s.manager.csrf).expect(404);
  });

  it('GET /api/products/:id/image for an unknown product or a malformed id → 404 / 400', async () => {
    expect((await request(s.t.app).get(`/api/products/${NOWHERE_ID}/image`)).status).toBe(404);
    const bad = await request(s.t.app).get('/api/products/not-a-uuid/image');
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('id');
  });
});

describe('product images on S3 (s3rver)', () => {
  let s: Setup;
  let s3: S3rverInstance;
  let s3Dir: string;
  const bucket = 'pos-images';

  beforeAll(async () => {
    s3Dir = await mkdtemp(path.join(os.tmpdir(), 'pos-s3rver-'));
    s3 = new S3rver({
      address: '127.0.0.1',
      port: 0,
      silent: true,
      directory: s3Dir,
      configureBuckets: [{ name: bucket, configs: [] }],
    });
    const { port } = await s3.run();
    s = await setUp({
      AWS_S3_BUCKET: bucket,
      AWS_S3_ENDPOINT: `http://127.0.0.1:${port}`,
      AWS_ACCESS_KEY_ID: 'S3RVER',
      AWS_SECRET_ACCESS_KEY: 'S3RVER',
      AWS_REGION: 'us-east-1',
    });
  });
  afterAll(async () => {
    await s?.t.close();
    await s3?.close();
    await rm(s3Dir, { recursive: true, force: true });
    if (s) {
      await rm(s.dataDir, { recursive: true, force: true });
    }
  });

  /** Every object file s3rver holds for a product (its store keeps one folder per key). */
  async function objectsOf(productId: string): Promise<string[]> {
    const folder = path.join(s3Dir, bucket, 'products', productId);
    return existsSync(folder) ? (await readdir(folder)).filter((name) => !name.startsWith('.')) : [];
  }

  it('PUT, GET, replace and DELETE /api/products/:id/image round trip through S3', async () => {
    expect(s.t.config.s3?.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+/);
    const product = await makeProduct(s.t.database.db);
    const put = await putImage(s.manager, product.id, 'image/webp', WEBP).expect(200);
    const firstKey = await imageKeyOf(s, product.id);
    expect(firstKey).toMatch(/\.webp$/);
    // Nothing on local disk: the object went to the bucket.
    expect(existsSync(path.join(s.dataDir, 'images'))).toBe(false);
    expect((await objectsOf(product.id)).join()).toContain(path.basename(firstKey!, '.webp'));

    const fetched = await getImage(s, put.body.imageUrl).expect(200);
    expect(fetched.headers['content-type']).toBe('image/webp');
    expect(fetched.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(Buffer.compare(fetched.body as Buffer, WEBP)).toBe(0);

    const replaced = await putImage(s.manager, product.id, 'image/png', PNG).expect(200);
    const again = await getImage(s, replaced.body.imageUrl).expect(200);
    expect(Buffer.compare(again.body as Buffer, PNG)).toBe(0);
    const remaining = (await objectsOf(product.id)).join();
    expect(remaining).not.toContain(path.basename(firstKey!, '.webp'));

    await s.manager.agent.delete(`/api/products/${product.id}/image`).set(s.manager.csrf).expect(204);
    expect(await objectsOf(product.id)).toEqual([]);
    expect((await request(s.t.app).get(`/api/products/${product.id}/image`)).status).toBe(404);
  });

  it('PUT /api/products/:id/image with wrong bytes on S3 → 400, nothing uploaded', async () => {
    const product = await makeProduct(s.t.database.db);
    const response = await putImage(s.manager, product.id, 'image/webp', PNG);
    expect(response.status).toBe(400);
    expect(await objectsOf(product.id)).toEqual([]);
  });
});
