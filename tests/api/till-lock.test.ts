import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearerToken, signIn } from '../helpers/auth';
import { makeStore, makeUser, type StoreFixture } from '../helpers/factories';
import { createTestApp, type TestApp } from '../helpers/test-app';

let t: TestApp;
let store: StoreFixture;

beforeAll(async () => {
  t = await createTestApp({ env: { SESSION_IDLE_MINUTES: '7' } });
  store = await makeStore(t.database.db);
});
afterAll(() => t.close());

describe('the till lock', () => {
  it('GET /api/auth/me tells the till SESSION_IDLE_MINUTES', async () => {
    const cashier = await makeUser(t.database.db, { role: 'cashier', storeIds: [store.id] });
    const client = await signIn(t.app, cashier.username, cashier.password);
    const me = await client.agent.get('/api/auth/me').expect(200);
    expect(me.body.sessionIdleMinutes).toBe(7);
  });

  it('POST /api/auth/lock locks the session at once: 401 locked until the PIN unlocks it, same session', async () => {
    const cashier = await makeUser(t.database.db, { role: 'cashier', storeIds: [store.id] });
    const client = await signIn(t.app, cashier.username, cashier.password);
    await client.agent.post('/api/auth/lock').set(client.csrf).expect(204);

    const locked = await client.agent.get('/api/auth/me');
    expect(locked.status).toBe(401);
    expect(locked.body.error.details).toEqual([{ path: 'session', message: 'locked' }]);
    // Locking again while locked is harmless (the idle timer and Alt+L may both ask).
    await client.agent.post('/api/auth/lock').set(client.csrf).expect(204);

    const wrong = await client.agent.post('/api/auth/unlock').set(client.csrf).send({ pin: '0000' });
    expect(wrong.status).toBe(401);
    await client.agent.get('/api/auth/me').expect(401);

    const unlocked = await client.agent.post('/api/auth/unlock').set(client.csrf).send({ pin: cashier.pin });
    expect(unlocked.status).toBe(200);
    expect(unlocked.body.csrfToken).toBe(client.csrfToken);
    await client.agent.get('/api/auth/me').expect(200);
  });

  it('without the CSRF token → 403 and the session stays unlocked', async () => {
    const cashier = await makeUser(t.database.db, { role: 'cashier', storeIds: [store.id] });
    const client = await signIn(t.app, cashier.username, cashier.password);
    const response = await client.agent.post('/api/auth/lock');
    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe('CSRF_FAILED');
    await client.agent.get('/api/auth/me').expect(200);
  });

  it('a bearer token cannot be locked (401), and nobody signed in → 401', async () => {
    const cashier = await makeUser(t.database.db, { role: 'cashier', storeIds: [store.id] });
    const token = await bearerToken(t.app, cashier.username, cashier.password);
    const viaToken = await request(t.app).post('/api/auth/lock').set('Authorization', `Bearer ${token}`);
    expect(viaToken.status).toBe(401);
    expect(viaToken.body.error.code).toBe('UNAUTHENTICATED');
    const anonymous = await request(t.app).post('/api/auth/lock');
    expect([401, 403]).toContain(anonymous.status);
  });
});
