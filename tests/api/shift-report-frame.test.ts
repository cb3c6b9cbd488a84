import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SessionClient, signIn } from '../helpers/auth';
import { makeStore, makeUser } from '../helpers/factories';
import { createTestApp, type TestApp } from '../helpers/test-app';

let t: TestApp;
let cashier: SessionClient;
let shiftId: string;

beforeAll(async () => {
  t = await createTestApp();
  const store = await makeStore(t.database.db, { code: 'ZFR1' });
  const user = await makeUser(t.database.db, { role: 'cashier', storeIds: [store.id] });
  cashier = await signIn(t.app, user.username, user.password);
  const opened = await cashier.agent
    .post('/api/shifts')
    .set(cashier.csrf)
    .send({ storeId: store.id, registerId: 'zfr-1', openingFloatCents: 10_000 });
  expect(opened.status).toBe(201);
  shiftId = opened.body.id;
});
afterAll(() => t.close());

describe('the printable shift report', () => {
  it('may be framed by the app itself (the register prints the Z report from an iframe), by no other site', async () => {
    const closed = await cashier.agent
      .post(`/api/shifts/${shiftId}/close`)
      .set(cashier.csrf)
      .send({ countedCashCents: 9_950 });
    expect(closed.status).toBe(200);
    // What Chromium sends when it loads a page into an iframe.
    const html = await cashier.agent
      .get(`/api/shifts/${shiftId}/report`)
      .set('Accept', 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8');
    expect(html.status).toBe(200);
    expect(html.headers['content-type']).toMatch(/^text\/html/);
    expect(html.headers['content-security-policy']).toContain("frame-ancestors 'self'");
    expect(html.headers['content-security-policy']).toContain("default-src 'none'");
    expect(html.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(html.text).toContain('99.50');

    // The JSON answer keeps the API's own headers: never framed.
    const json = await cashier.agent.get(`/api/shifts/${shiftId}/report`).set('Accept', 'application/json');
    expect(json.status).toBe(200);
    expect(json.body.kind).toBe('Z');
    expect(json.headers['x-frame-options']).toBe('DENY');
    expect(json.headers['content-security-policy']).toContain("frame-ancestors 'none'");
  });
});
