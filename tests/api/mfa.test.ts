import { eq, sql } from 'drizzle-orm';
import request from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { auditLog, userRecoveryCodes, users } from '../../server/db/schema';
import { bearerToken, type SessionClient, signIn } from '../helpers/auth';
import { makeStore, makeUser, type StoreFixture, type UserFixture } from '../helpers/factories';
import { enrolMfa, passwordStep, totpCodeFor } from '../helpers/mfa';
import { createTestApp, type TestApp } from '../helpers/test-app';

let t: TestApp;
let store: StoreFixture;

beforeAll(async () => {
  t = await createTestApp();
  store = await makeStore(t.database.db);
});
afterAll(() => t.close());
afterEach(() => {
  vi.useRealTimers();
});

/** Moves the clock `seconds` ahead (Date only: timers keep running for supertest and the database). */
function advanceClock(seconds: number): void {
  vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + seconds * 1000 });
}

async function actionsOf(userId: string): Promise<string[]> {
  const rows = await t.database.db
    .select({ action: auditLog.action })
    .from(auditLog)
    .where(sql`${auditLog.actorUserId} = ${userId}`)
    .orderBy(auditLog.occurredAt);
  return rows.map((row) => row.action);
}

async function userRow(id: string) {
  const [row] = await t.database.db.select().from(users).where(eq(users.id, id));
  return row!;
}

async function managerWithMfa(): Promise<{ user: UserFixture; secret: string; recoveryCodes: string[] }> {
  const user = await makeUser(t.database.db, { role: 'manager', storeIds: [store.id] });
  const client = await signIn(t.app, user.username, user.password);
  const enrolled = await enrolMfa(client);
  // The enrolment code's step is used: the next sign-in needs the next step's code.
  advanceClock(30);
  return { user, ...enrolled };
}

function mfaLogin(body: Record<string, unknown>) {
  return request.agent(t.app).post('/api/auth/login/mfa').send(body);
}

describe('MFA enrolment', () => {
  it('start → secret, otpauth URI and QR; confirm with a code → 10 recovery codes, stored hashed and encrypted, audited', async () => {
    const manager = await makeUser(t.database.db, { role: 'manager', storeIds: [store.id] });
    const client = await signIn(t.app, manager.username, manager.password);
    const before = await client.agent.get('/api/auth/mfa');
    expect(before.body).toEqual({ enabled: false, enabledAt: null, recoveryCodesLeft: 0, required: false });

    const started = await client.agent.post('/api/auth/mfa/enrolment').set(client.csrf);
    expect(started.status).toBe(200);
    const secret = started.body.secret as string;
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(started.body.otpauthUri).toBe(
      `otpauth://totp/Pet%20Products%20POS%3A${manager.username}?secret=${secret}&issuer=Pet+Products+POS&algorithm=SHA1&digits=6&period=30`,
    );
    expect(started.body.qrCodeDataUrl).toMatch(/^data:image\/png;base64,[A-Za-z0-9+/=]{200,}$/);
    const pending = await userRow(manager.id);
    expect(pending.mfaEnabledAt).toBeNull();
    expect(pending.mfaPendingSecret).toMatch(/^v1\./);
    expect(pending.mfaPendingSecret).not.toContain(secret);

    const wrong = await client.agent
      .post('/api/auth/mfa/enrolment/confirm')
      .set(client.csrf)
      .send({ code: totpCodeFor(secret, Date.now() - 5 * 60_000) });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.details).toEqual([{ path: 'code', message: expect.any(String) }]);

    const confirmed = await client.agent
      .post('/api/auth/mfa/enrolment/confirm')
      .set(client.csrf)
      .send({ code: totpCodeFor(secret) });
    expect(confirmed.status).toBe(200);
    const codes = confirmed.body.recoveryCodes as string[];
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);

    const row = await userRow(manager.id);
    expect(row.mfaEnabledAt).not.toBeNull();
    expect(row.mfaSecret).toMatch(/^v1\./);
    expect(row.mfaPendingSecret).toBeNull();
    const stored = await t.database.db
      .select()
      .from(userRecoveryCodes)
      .where(eq(userRecoveryCodes.userId, manager.id));
    expect(stored).toHaveLength(10);
    for (const code of codes) {
      expect(stored.map((r) => r.codeHash)).not.toContain(code);
      expect(stored.map((r) => r.codeHash).join()).not.toContain(code.replace('-', ''));
    }
    const status = await client.agent.get('/api/auth/mfa');
    expect(status.body).toMatchObject({ enabled: true, recoveryCodesLeft: 10 });
    expect(await actionsOf(manager.id)).toContain('auth.mfa_enrolled');
    // Never sent again, never logged.
    expect(JSON.stringify(status.body)).not.toContain(secret);
    const logged = JSON.stringify(t.logs);
    expect(logged).not.toContain(secret);
    expect(logged).not.toContain(codes[0]);

    const again = await client.agent.post('/api/auth/mfa/enrolment').set(client.csrf);
    expect(again.status).toBe(409);
  });

  it('cashiers cannot enrol (403); confirming without a started enrolment → 409', async () => {
    const cashier = await makeUser(t.database.db, { role: 'cashier', storeIds: [store.id] });
    const cashierClient = await signIn(t.app, cashier.username, cashier.password);
    expect((await cashierClient.agent.post('/api/auth/mfa/enrolment').set(cashierClient.csrf)).status).toBe(
      403,
    );
    const admin = await makeUser(t.database.db, { role: 'admin' });
    const adminClient = await signIn(t.app, admin.username, admin.password);
    const response = await adminClient.agent
      .post('/api/auth/mfa/enrolment/confirm')
      .set(adminClient.csrf)
      .send({ code: '123456' });
    expect(response.status).toBe(409);
  });
});

describe('two-step sign-in', () => {
  it('password → 200 challenge, no session; the code → 200 with a new session; the same code again → 401', async () => {
    const { user, secret } = await managerWithMfa();
    const first = await request(t.app)
      .post('/api/auth/login')
      .send({ username: user.username, password: user.password });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({
      mfaRequired: true,
      challengeId: expect.any(String),
      expiresAt: expect.any(String),
    });
    expect(first.headers['set-cookie']).toBeUndefined();
    expect(await actionsOf(user.id)).toContain('auth.mfa_challenged');

    const code = totpCodeFor(secret);
    const agent = request.agent(t.app);
    const second = await agent
      .post('/api/auth/login/mfa')
      .send({ challengeId: first.body.challengeId, code });
    expect(second.status, JSON.stringify(second.body)).toBe(200);
    expect(second.body.user.id).toBe(user.id);
    expect(
      ([] as string[]).concat(second.headers['set-cookie'] ?? []).some((c) => c.startsWith('pos.sid=')),
    ).toBe(true);
    expect((await agent.get('/api/auth/me')).status).toBe(200);
    expect((await userRow(user.id)).lastLoginAt).not.toBeNull();

    // Replay: the same code with a fresh challenge is refused (its time step is used).
    const challenge = await passwordStep(t.app, user.username, user.password);
    const replay = await mfaLogin({ challengeId: challenge, code });
    expect(replay.status).toBe(401);
    expect(replay.body.error.code).toBe('INVALID_CREDENTIALS');
    expect(await actionsOf(user.id)).toContain('auth.mfa_failed');

    // The next time step's code works.
    advanceClock(30);
    const next = await mfaLogin({ challengeId: challenge, code: totpCodeFor(secret) });
    expect(next.status).toBe(200);
  });

  it('a recovery code works once; the second use → 401; its use is audited and counted', async () => {
    const { user, recoveryCodes } = await managerWithMfa();
    const challenge = await passwordStep(t.app, user.username, user.password);
    const used = await mfaLogin({ challengeId: challenge, recoveryCode: recoveryCodes[3]!.toUpperCase() });
    expect(used.status).toBe(200);
    const again = await mfaLogin({ challengeId: challenge, recoveryCode: recoveryCodes[3] });
    expect(again.status).toBe(401);
    expect(await actionsOf(user.id)).toContain('auth.mfa_recovery_code_used');
    const client: SessionClient = {
      agent: request.agent(t.app),
      csrfToken: '',
      csrf: { 'X-CSRF-Token': '' },
    };
    const login = await client.agent.post('/api/auth/login/mfa').send({
      challengeId: await passwordStep(t.app, user.username, user.password),
      recoveryCode: recoveryCodes[4],
    });
    expect(login.status).toBe(200);
    expect((await client.agent.get('/api/auth/mfa')).body.recoveryCodesLeft).toBe(8);
  });

  it('forged, expired or cross-flow challenges → 401 UNAUTHENTICATED naming challengeId; both factors → 400', async () => {
    const { user, secret } = await managerWithMfa();
    const challenge = await passwordStep(t.app, user.username, user.password);
    const forged = await mfaLogin({ challengeId: `${challenge.slice(0, -3)}abc`, code: totpCodeFor(secret) });
    expect(forged.status).toBe(401);
    expect(forged.body.error.details).toEqual([{ path: 'challengeId', message: 'is invalid or expired' }]);
    const crossFlow = await request(t.app)
      .post('/api/auth/token/mfa')
      .send({ challengeId: challenge, code: totpCodeFor(secret) });
    expect(crossFlow.status).toBe(401);
    // A challenge is not a bearer token.
    expect(
      (await request(t.app).get('/api/auth/me').set('Authorization', `Bearer ${challenge}`)).status,
    ).toBe(401);
    const both = await mfaLogin({ challengeId: challenge, code: '123456', recoveryCode: 'abcde-fghij' });
    expect(both.status).toBe(400);
    advanceClock(6 * 60);
    const expired = await mfaLogin({ challengeId: challenge, code: totpCodeFor(secret) });
    expect(expired.status).toBe(401);
    expect(expired.body.error.code).toBe('UNAUTHENTICATED');
  });

  it('bearer tokens: POST /api/auth/token → challenge; POST /api/auth/token/mfa → a working token', async () => {
    const { user, secret } = await managerWithMfa();
    const challenge = await passwordStep(t.app, user.username, user.password, '/api/auth/token');
    const issued = await request(t.app)
      .post('/api/auth/token/mfa')
      .send({ challengeId: challenge, code: totpCodeFor(secret) });
    expect(issued.status).toBe(200);
    const me = await request(t.app).get('/api/auth/me').set('Authorization', `Bearer ${issued.body.token}`);
    expect(me.status).toBe(200);
    expect(me.body.user.id).toBe(user.id);
  });

  it('wrong codes count towards the lockout, and a right password in between does not reset the count', async () => {
    const { user, secret } = await managerWithMfa();
    for (let i = 0; i < 5; i += 1) {
      const wrong = await request(t.app)
        .post('/api/auth/login')
        .send({ username: user.username, password: 'wrong-password-xx' });
      expect(wrong.status).toBe(401);
    }
    const challenge = await passwordStep(t.app, user.username, user.password);
    expect((await userRow(user.id)).failedLoginCount).toBe(5);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      statuses.push((await mfaLogin({ challengeId: challenge, code: '000000' })).status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 423]);
    const right = await mfaLogin({ challengeId: challenge, code: totpCodeFor(secret) });
    expect(right.status).toBe(423);
    const actions = await actionsOf(user.id);
    expect(actions.filter((a) => a === 'auth.mfa_failed')).toHaveLength(4);
    expect(actions).toContain('auth.lockout');
  });

  it("PIN unlock of an idle MFA manager's session needs no code", async () => {
    const { user, secret } = await managerWithMfa();
    const challenge = await passwordStep(t.app, user.username, user.password);
    const agent = request.agent(t.app);
    const login = await agent
      .post('/api/auth/login/mfa')
      .send({ challengeId: challenge, code: totpCodeFor(secret) });
    expect(login.status).toBe(200);
    const csrf = { 'X-CSRF-Token': login.body.csrfToken as string };
    advanceClock(16 * 60);
    expect((await agent.get('/api/stores')).status).toBe(401);
    const unlocked = await agent.post('/api/auth/unlock').set(csrf).send({ pin: user.pin });
    expect(unlocked.status).toBe(200);
    expect((await agent.get('/api/stores')).status).toBe(200);
  });

  it('users without MFA (cashiers) sign in in one step as before', async () => {
    const cashier = await makeUser(t.database.db, { role: 'cashier', storeIds: [store.id] });
    const response = await request(t.app)
      .post('/api/auth/login')
      .send({ username: cashier.username, password: cashier.password });
    expect(response.status).toBe(200);
    expect(response.body.user.id).toBe(cashier.id);
    expect(response.body.mfaEnrolmentRequired).toBe(false);
    expect(await bearerToken(t.app, cashier.username, cashier.password)).toMatch(/^ey/);
  });
});

describe('disable and regenerate', () => {
  async function signedInWithMfa() {
    const enrolled = await managerWithMfa();
    const agent = request.agent(t.app);
    const login = await agent.post('/api/auth/login/mfa').send({
      challengeId: await passwordStep(t.app, enrolled.user.username, enrolled.user.password),
      code: totpCodeFor(enrolled.secret),
    });
    expect(login.status).toBe(200);
    advanceClock(30);
    const client: SessionClient = {
      agent,
      csrfToken: login.body.csrfToken,
      csrf: { 'X-CSRF-Token': login.body.csrfToken },
    };
    return { ...enrolled, client };
  }

  it('regenerate with a code → 10 new codes; the old ones stop working; audited', async () => {
    const { user, secret, recoveryCodes, client } = await signedInWithMfa();
    const response = await client.agent
      .post('/api/auth/mfa/recovery-codes')
      .set(client.csrf)
      .send({ code: totpCodeFor(secret) });
    expect(response.status).toBe(200);
    expect(response.body.recoveryCodes).toHaveLength(10);
    expect(response.body.recoveryCodes).not.toContain(recoveryCodes[0]);
    const old = await mfaLogin({
      challengeId: await passwordStep(t.app, user.username, user.password),
      recoveryCode: recoveryCodes[0],
    });
    expect(old.status).toBe(401);
    expect(await actionsOf(user.id)).toContain('auth.mfa_recovery_codes_regenerated');
  });

  it('disable: wrong password → 400 naming password; wrong code → 400 naming code; both right → 204, one-step login again', async () => {
    const { user, secret, client } = await signedInWithMfa();
    const wrongPassword = await client.agent
      .post('/api/auth/mfa/disable')
      .set(client.csrf)
      .send({ password: 'not-the-password', code: totpCodeFor(secret) });
    expect(wrongPassword.status).toBe(400);
    expect(wrongPassword.body.error.details[0].path).toBe('password');
    const wrongCode = await client.agent
      .post('/api/auth/mfa/disable')
      .set(client.csrf)
      .send({ password: user.password, code: '000000' });
    expect(wrongCode.status).toBe(400);
    expect(wrongCode.body.error.details[0].path).toBe('code');
    expect((await userRow(user.id)).failedLoginCount).toBe(2);
    const done = await client.agent
      .post('/api/auth/mfa/disable')
      .set(client.csrf)
      .send({ password: user.password, code: totpCodeFor(secret) });
    expect(done.status).toBe(204);
    const row = await userRow(user.id);
    expect(row.mfaSecret).toBeNull();
    expect(
      await t.database.db.select().from(userRecoveryCodes).where(eq(userRecoveryCodes.userId, user.id)),
    ).toHaveLength(0);
    expect(await actionsOf(user.id)).toContain('auth.mfa_disabled');
    const login = await request(t.app)
      .post('/api/auth/login')
      .send({ username: user.username, password: user.password });
    expect(login.status).toBe(200);
    expect(login.body.user.id).toBe(user.id);
  });
});

describe('REQUIRE_MFA=true', () => {
  let strict: TestApp;
  beforeAll(async () => {
    strict = await createTestApp({ env: { REQUIRE_MFA: 'true' } });
  });
  afterAll(() => strict.close());

  it('a manager without MFA gets a session limited to enrolment (403 MFA_ENROLMENT_REQUIRED) until enrolled; cashiers are unaffected', async () => {
    const own = await makeStore(strict.database.db);
    const manager = await makeUser(strict.database.db, { role: 'manager', storeIds: [own.id] });
    const client = await signIn(strict.app, manager.username, manager.password);
    const me = await client.agent.get('/api/auth/me');
    expect(me.status).toBe(200);
    expect(me.body.mfaEnrolmentRequired).toBe(true);
    const blocked = await client.agent.get('/api/stores');
    expect(blocked.status).toBe(403);
    expect(blocked.body.error.code).toBe('MFA_ENROLMENT_REQUIRED');
    const token = await bearerToken(strict.app, manager.username, manager.password);
    const blockedToken = await request(strict.app).get('/api/stores').set('Authorization', `Bearer ${token}`);
    expect(blockedToken.body.error.code).toBe('MFA_ENROLMENT_REQUIRED');
    expect((await client.agent.get('/api/auth/mfa')).body).toMatchObject({ enabled: false, required: true });

    await enrolMfa(client);
    expect((await client.agent.get('/api/stores')).status).toBe(200);
    expect((await client.agent.get('/api/auth/me')).body.mfaEnrolmentRequired).toBe(false);

    const cashier = await makeUser(strict.database.db, { role: 'cashier', storeIds: [own.id] });
    const cashierClient = await signIn(strict.app, cashier.username, cashier.password);
    expect((await cashierClient.agent.get('/api/stores')).status).toBe(200);
  });
});

describe('admin turns off a user’s two-factor sign-in (lost phone)', () => {
  it('PATCH /api/users/:id { mfaEnabled: false } → one-step sign-in again, audited; true → 400', async () => {
    const { user } = await managerWithMfa();
    const admin = await makeUser(t.database.db, { role: 'admin' });
    const adminClient = await signIn(t.app, admin.username, admin.password);
    expect((await adminClient.agent.get(`/api/users/${user.id}`)).body.mfaEnabled).toBe(true);
    const on = await adminClient.agent
      .patch(`/api/users/${user.id}`)
      .set(adminClient.csrf)
      .send({ mfaEnabled: true });
    expect(on.status).toBe(400);
    expect(on.body.error.details[0].path).toBe('mfaEnabled');
    const off = await adminClient.agent
      .patch(`/api/users/${user.id}`)
      .set(adminClient.csrf)
      .send({ mfaEnabled: false });
    expect(off.status).toBe(200);
    expect(off.body.mfaEnabled).toBe(false);
    const rows = await t.database.db
      .select({ action: auditLog.action, actor: auditLog.actorUserId })
      .from(auditLog)
      .where(sql`${auditLog.entityId} = ${user.id} and ${auditLog.action} = 'auth.mfa_disabled'`);
    expect(rows).toEqual([{ action: 'auth.mfa_disabled', actor: admin.id }]);
    const login = await request(t.app)
      .post('/api/auth/login')
      .send({ username: user.username, password: user.password });
    expect(login.status).toBe(200);
    expect(login.body.user.id).toBe(user.id);
  });
});
