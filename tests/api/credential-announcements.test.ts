// "A disabled user's sessions and tokens end at once" across processes: each process (PM2 worker, or another
// host on the same database) caches who a session or token belongs to for a few seconds, so a change made
// by one process is announced to the others with NOTIFY. Needs real PostgreSQL (TEST_DATABASE_URL): apps
// in this process share one database, each with its own cache and listener, as PM2 workers would.
import { sql } from 'drizzle-orm';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from '../../server/app';
import { queryRows } from '../../server/db/query-rows';
import { bearerToken, signIn } from '../helpers/auth';
import { makeStore, makeUser, type UserFixture } from '../helpers/factories';
import { createTestApp, type TestApp, usingPostgres } from '../helpers/test-app';

/** The cache's TTL (server/modules/auth/credential-cache.ts): what a process would wait without the news. */
const CACHE_TTL_MS = 5_000;

describe.skipIf(!usingPostgres())('credential changes reach every process at once', () => {
  let t: TestApp;
  let storeId: string;
  let admin: UserFixture;
  const apps: App[] = [];
  const startProcess = async (listening = true) => {
    const built = createApp({ config: t.config, database: t.database, redis: t.redis, logger: t.logger });
    apps.push(built);
    if (listening) {
      await built.listener!.start();
    }
    return built;
  };

  /** Answers of `GET /api/auth/me` on `app` for a bearer token and a session cookie. */
  const meStatuses = async (app: App, cookie: string | null, token: string) => {
    const byToken = await request(app.app).get('/api/auth/me').set('Authorization', `Bearer ${token}`);
    // The session lives in the shared store (Redis or the database): any process checks the cookie.
    const bySession = cookie ? await request(app.app).get('/api/auth/me').set('Cookie', cookie) : null;
    return { token: byToken.status, session: bySession?.status ?? null };
  };

  /** Polls until `check` holds, and says how long it took. */
  const within = async (check: () => Promise<boolean>, limitMs: number): Promise<number> => {
    const started = Date.now();
    while (!(await check())) {
      if (Date.now() - started > limitMs) {
        throw new Error(`not within ${limitMs} ms`);
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return Date.now() - started;
  };

  beforeAll(async () => {
    t = await createTestApp();
    storeId = (await makeStore(t.database.db)).id;
    admin = await makeUser(t.database.db, { role: 'admin' });
  });
  afterAll(async () => {
    await Promise.all(apps.map((built) => built.listener?.stop()));
    await t?.close();
  });

  async function cashierSignedInOn(app: App) {
    const cashier = await makeUser(t.database.db, { role: 'cashier', storeIds: [storeId] });
    const login = await request(app.app)
      .post('/api/auth/login')
      .send({ username: cashier.username, password: cashier.password })
      .expect(200);
    const cookie = ((login.headers['set-cookie'] as unknown as string[]) ?? [])
      .map((line) => line.split(';')[0]!)
      .join('; ');
    const token = await bearerToken(app.app, cashier.username, cashier.password);
    return { cashier, cookie, token };
  }

  it('a cashier deactivated on one process is refused by the others at once: session and token', async () => {
    const one = await startProcess();
    const two = await startProcess();
    // The control: a process that does not listen still trusts its cache, as every process did before.
    const deaf = await startProcess(false);
    const { cashier, cookie, token } = await cashierSignedInOn(two);
    for (const app of [two, deaf]) {
      // Loaded into each process's cache.
      expect(await meStatuses(app, cookie, token)).toEqual({ token: 200, session: 200 });
    }

    const adminClient = await signIn(one.app, admin.username, admin.password);
    await adminClient.agent
      .patch(`/api/users/${cashier.id}`)
      .set(adminClient.csrf)
      .send({ active: false })
      .expect(200);

    // The process that did not hear still accepts the token from its cache: without the announcement
    // the listening one would too, for up to the TTL.
    expect((await meStatuses(deaf, null, token)).token).toBe(200);
    const tookMs = await within(async () => {
      const statuses = await meStatuses(two, cookie, token);
      return statuses.token === 401 && statuses.session === 401;
    }, 1_000);
    expect(tookMs).toBeLessThan(CACHE_TTL_MS);
  });

  it('a token revoked on one process is refused by the others at once', async () => {
    const one = apps[0]!;
    const two = apps[1]!;
    const { token } = await cashierSignedInOn(two);
    expect((await meStatuses(two, null, token)).token).toBe(200);
    await request(one.app).post('/api/auth/logout').set('Authorization', `Bearer ${token}`).expect(204);
    await within(async () => (await meStatuses(two, null, token)).token === 401, 1_000);
  });

  it('a process whose listener lost its session forgets its whole cache on reconnecting', async () => {
    const one = apps[0]!;
    const two = apps[1]!;
    const { cashier, token } = await cashierSignedInOn(two);
    expect((await meStatuses(two, null, token)).token).toBe(200);
    // End every listener's session (a database restart), then deactivate while they reconnect: the NOTIFY
    // may reach nobody, and the reconnected process must not trust what it cached before.
    const ended = await queryRows(
      t.database.db,
      sql`select pg_terminate_backend(pid) as ended from pg_stat_activity
           where application_name = 'pos-listener' and datname = current_database()`,
    );
    expect(ended.length).toBeGreaterThanOrEqual(2);
    await queryRows(t.database.db, sql`update users set active = false where id = ${cashier.id}`);
    await within(async () => two.listener!.client() !== null, 3_000);
    expect((await meStatuses(two, null, token)).token).toBe(401);
    expect(one.listener!.client()).not.toBeNull();
  });
});
