import { eq } from 'drizzle-orm';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, customers, pets } from '../../server/db/schema';
import { withTransaction } from '../../server/db/transaction';
import { AppError, NotFoundError } from '../../server/lib/errors';
import {
  creditStoreCredit,
  debitStoreCredit,
  requireCustomer,
} from '../../server/modules/customers/customers.service';
import { type SessionClient, signIn } from '../helpers/auth';
import { makeCustomer, makeStore, makeUser } from '../helpers/factories';
import { createTestApp, type TestApp } from '../helpers/test-app';

let t: TestApp;
let cashier: SessionClient;
let manager: SessionClient;

beforeAll(async () => {
  t = await createTestApp();
  const store = await makeStore(t.database.db, { code: 'CUS1' });
  const c = await makeUser(t.database.db, { role: 'cashier', storeIds: [store.id] });
  const m = await makeUser(t.database.db, { role: 'manager', storeIds: [store.id] });
  cashier = await signIn(t.app, c.username, c.password);
  manager = await signIn(t.app, m.username, m.password);
});
afterAll(() => t.close());

function pathsOf(response: request.Response): string[] {
  return (response.body.error.details as { path: string }[]).map((d) => d.path).sort();
}

const NOWHERE = '00000000-0000-4000-8000-00000000abcd';

describe('POST /api/customers', () => {
  it('a cashier creates a customer with pets → 201, phone kept as digits, consent time stamped, audited without contact details', async () => {
    const response = await cashier.agent
      .post('/api/customers')
      .set(cashier.csrf)
      .send({
        name: 'Jane Doe',
        phone: '(312) 555-0100',
        email: 'Jane.Doe@Example.com',
        marketingConsent: true,
        pets: [
          { name: 'Rex', species: 'dog', breed: 'Beagle', birthDate: '2020-05-01' },
          { name: 'Tom', species: 'cat' },
        ],
      });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    expect(response.body).toMatchObject({
      name: 'Jane Doe',
      phone: '3125550100',
      email: 'Jane.Doe@Example.com',
      marketingConsent: true,
      notes: '',
      storeCreditCents: 0,
      loyalty: [],
    });
    expect(response.body.marketingConsentAt).toEqual(expect.any(String));
    expect(response.body.pets).toEqual([
      expect.objectContaining({ name: 'Rex', species: 'dog', breed: 'Beagle', birthDate: '2020-05-01' }),
      expect.objectContaining({ name: 'Tom', species: 'cat', breed: null, birthDate: null }),
    ]);
    const [row] = await t.database.db.select().from(customers).where(eq(customers.id, response.body.id));
    expect(row).toMatchObject({ phone: '3125550100', marketingConsent: true });
    const petRows = await t.database.db.select().from(pets).where(eq(pets.customerId, response.body.id));
    expect(petRows).toHaveLength(2);
    const audit = await t.database.db.select().from(auditLog).where(eq(auditLog.entityId, response.body.id));
    expect(audit.map((entry) => entry.action)).toEqual(['customer.created']);
    expect(JSON.stringify(audit[0]!.details)).not.toContain('3125550100');
    expect(JSON.stringify(t.logs)).not.toMatch(/3125550100|Jane\.Doe@Example\.com/i);
  });

  it('without consent → marketingConsent false and no consent time', async () => {
    const response = await cashier.agent.post('/api/customers').set(cashier.csrf).send({ name: 'No Mail' });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      marketingConsent: false,
      marketingConsentAt: null,
      phone: null,
      email: null,
    });
  });

  it('bad fields → 400 naming each (blank name, bad email, letters in phone, unknown species, future birth date, unknown field)', async () => {
    const response = await cashier.agent
      .post('/api/customers')
      .set(cashier.csrf)
      .send({
        name: '  ',
        email: 'not-an-email',
        phone: 'call me',
        pets: [
          { name: 'Nemo', species: 'whale' },
          { name: 'Future', species: 'dog', birthDate: '2999-01-01' },
        ],
        loyaltyCard: '123',
      });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('VALIDATION_FAILED');
    expect(pathsOf(response)).toEqual([
      'email',
      'loyaltyCard',
      'name',
      'pets.0.species',
      'pets.1.birthDate',
      'phone',
    ]);
  });

  it('a phone with too few digits → 400 naming phone', async () => {
    const response = await cashier.agent
      .post('/api/customers')
      .set(cashier.csrf)
      .send({ name: 'Short Phone', phone: '555-01' });
    expect(response.status).toBe(400);
    expect(response.body.error.details).toEqual([{ path: 'phone', message: 'must have 7 to 15 digits' }]);
  });

  it('anonymous → 401; cookie write without CSRF → 403', async () => {
    await request(t.app).post('/api/customers').send({ name: 'X' }).expect(401);
    await request(t.app).get('/api/customers').expect(401);
    const response = await cashier.agent.post('/api/customers').send({ name: 'X' });
    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe('CSRF_FAILED');
  });
});

describe('GET /api/customers?q=', () => {
  let john: string;
  let jane: string;
  beforeAll(async () => {
    john = (
      await makeCustomer(t.database.db, {
        name: 'John Smith',
        phone: '7735550142',
        email: 'jsmith@petmail.example',
      })
    ).id;
    jane = (
      await makeCustomer(t.database.db, {
        name: 'Janet Smithers',
        phone: '2125550199',
        email: 'janet@example.org',
      })
    ).id;
  });

  async function search(q: string): Promise<string[]> {
    const response = await cashier.agent.get('/api/customers').query({ q });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body.items.map((item: { id: string }) => item.id);
  }

  it('a phone as written finds its digits; part of the number finds it too', async () => {
    expect(await search('(773) 555-0142')).toEqual([john]);
    expect(await search('773.555.0142')).toEqual([john]);
    expect(await search('0142')).toEqual([john]);
  });

  it('an email in any case finds the customer, exact match first', async () => {
    expect(await search('JSMITH@PETMAIL.EXAMPLE')).toEqual([john]);
    expect(await search('Janet@Example.ORG')).toEqual([jane]);
  });

  it('a name as typed, in part, or misspelt finds the customer; the closer name first', async () => {
    expect((await search('john smith'))[0]).toBe(john);
    expect((await search('smith')).slice(0, 2).sort()).toEqual([jane, john].sort());
    expect(await search('Jonh')).toContain(john);
    expect((await search('Smiht'))[0]).toBe(john);
  });

  it('a query that matches nobody → empty page', async () => {
    const response = await cashier.agent.get('/api/customers').query({ q: 'Zzyzx Qwerty' }).expect(200);
    expect(response.body).toEqual({ items: [], nextCursor: null });
  });

  it('pages of search results and of the plain list do not repeat or skip', async () => {
    const first = await cashier.agent.get('/api/customers').query({ q: 'smith', limit: 1 }).expect(200);
    expect(first.body.items).toHaveLength(1);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await cashier.agent
      .get('/api/customers')
      .query({ q: 'smith', limit: 1, cursor: first.body.nextCursor })
      .expect(200);
    expect(second.body.items[0].id).not.toBe(first.body.items[0].id);

    const all = await cashier.agent.get('/api/customers').query({ limit: 500 }).expect(200);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await cashier.agent
        .get('/api/customers')
        .query({ limit: 2, ...(cursor ? { cursor } : {}) })
        .expect(200);
      seen.push(...page.body.items.map((item: { id: string }) => item.id));
      cursor = page.body.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(all.body.items.map((item: { id: string }) => item.id));
  });

  it('a bad limit or cursor → 400 naming it', async () => {
    const response = await cashier.agent.get('/api/customers').query({ limit: 0 });
    expect(response.status).toBe(400);
    expect(pathsOf(response)).toEqual(['limit']);
    const cursor = await cashier.agent.get('/api/customers').query({ q: 'smith', cursor: 'garbage' });
    expect(cursor.status).toBe(400);
    expect(pathsOf(cursor)).toEqual(['cursor']);
  });
});

describe('GET and PATCH /api/customers/:id', () => {
  it('GET → the customer with pets and store credit; unknown → 404; bad id → 400', async () => {
    const customer = await makeCustomer(t.database.db, { name: 'Credit Holder', storeCreditCents: 1250 });
    const response = await cashier.agent.get(`/api/customers/${customer.id}`).expect(200);
    expect(response.body).toMatchObject({ id: customer.id, storeCreditCents: 1250, pets: [], loyalty: [] });
    const missing = await cashier.agent.get(`/api/customers/${NOWHERE}`);
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('NOT_FOUND');
    const bad = await cashier.agent.get('/api/customers/not-a-uuid');
    expect(bad.status).toBe(400);
    expect(pathsOf(bad)).toEqual(['id']);
  });

  it('PATCH changes fields; giving consent stamps the time and repeating it keeps the stamp; audited by field name', async () => {
    const customer = await makeCustomer(t.database.db, { name: 'Patchy', email: 'old@example.com' });
    const first = await manager.agent.patch(`/api/customers/${customer.id}`).set(manager.csrf).send({
      name: 'Patchy McPatch',
      phone: '+1 312 555 0177',
      email: null,
      marketingConsent: true,
      notes: 'VIP',
    });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body).toMatchObject({
      name: 'Patchy McPatch',
      phone: '13125550177',
      email: null,
      marketingConsent: true,
      notes: 'VIP',
    });
    const stampedAt = first.body.marketingConsentAt as string;
    expect(stampedAt).toEqual(expect.any(String));

    const again = await manager.agent
      .patch(`/api/customers/${customer.id}`)
      .set(manager.csrf)
      .send({ marketingConsent: true });
    expect(again.body.marketingConsentAt).toBe(stampedAt);
    const withdrawn = await manager.agent
      .patch(`/api/customers/${customer.id}`)
      .set(manager.csrf)
      .send({ marketingConsent: false });
    expect(withdrawn.body.marketingConsent).toBe(false);
    expect(withdrawn.body.marketingConsentAt >= stampedAt).toBe(true);

    const audit = await t.database.db.select().from(auditLog).where(eq(auditLog.entityId, customer.id));
    expect(audit.map((entry) => entry.action)).toEqual([
      'customer.updated',
      'customer.updated',
      'customer.updated',
    ]);
    expect(audit.map((entry) => (entry.details as { changed: string[] }).changed)).toContainEqual([
      'email',
      'marketingConsent',
      'name',
      'notes',
      'phone',
    ]);
  });

  it('PATCH with nothing, an unknown field or a bad email → 400; unknown customer → 404', async () => {
    const customer = await makeCustomer(t.database.db);
    const empty = await cashier.agent.patch(`/api/customers/${customer.id}`).set(cashier.csrf).send({});
    expect(empty.status).toBe(400);
    const bad = await cashier.agent
      .patch(`/api/customers/${customer.id}`)
      .set(cashier.csrf)
      .send({ email: 'nope', storeCreditCents: 100 });
    expect(bad.status).toBe(400);
    expect(pathsOf(bad)).toEqual(['email', 'storeCreditCents']);
    await cashier.agent.patch(`/api/customers/${NOWHERE}`).set(cashier.csrf).send({ name: 'X' }).expect(404);
  });
});

describe('pets', () => {
  it('POST → 201; PATCH changes it; DELETE → 204 and gone; another customer’s pet → 404', async () => {
    const owner = await makeCustomer(t.database.db, { name: 'Pet Owner' });
    const stranger = await makeCustomer(t.database.db, { name: 'Stranger' });
    const added = await cashier.agent
      .post(`/api/customers/${owner.id}/pets`)
      .set(cashier.csrf)
      .send({ name: 'Polly', species: 'bird', birthDate: '2023-02-28' });
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    expect(added.body).toMatchObject({
      name: 'Polly',
      species: 'bird',
      breed: null,
      birthDate: '2023-02-28',
    });
    const petId = added.body.id as string;

    const changed = await cashier.agent
      .patch(`/api/customers/${owner.id}/pets/${petId}`)
      .set(cashier.csrf)
      .send({ breed: 'African Grey', birthDate: null });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ breed: 'African Grey', birthDate: null });

    await cashier.agent
      .patch(`/api/customers/${stranger.id}/pets/${petId}`)
      .set(cashier.csrf)
      .send({ name: 'Stolen' })
      .expect(404);
    await cashier.agent.delete(`/api/customers/${stranger.id}/pets/${petId}`).set(cashier.csrf).expect(404);

    const detail = await cashier.agent.get(`/api/customers/${owner.id}`).expect(200);
    expect(detail.body.pets.map((pet: { name: string }) => pet.name)).toEqual(['Polly']);
    await cashier.agent.delete(`/api/customers/${owner.id}/pets/${petId}`).set(cashier.csrf).expect(204);
    expect(await t.database.db.select().from(pets).where(eq(pets.id, petId))).toEqual([]);
    await cashier.agent.delete(`/api/customers/${owner.id}/pets/${petId}`).set(cashier.csrf).expect(404);
  });

  it('bad pet fields → 400 naming each; a pet for an unknown customer → 404', async () => {
    const owner = await makeCustomer(t.database.db);
    const bad = await cashier.agent
      .post(`/api/customers/${owner.id}/pets`)
      .set(cashier.csrf)
      .send({ name: '', species: 'dragon', birthDate: '2021-02-30' });
    expect(bad.status).toBe(400);
    expect(pathsOf(bad)).toEqual(['birthDate', 'name', 'species']);
    await cashier.agent
      .post(`/api/customers/${NOWHERE}/pets`)
      .set(cashier.csrf)
      .send({ name: 'Ghost', species: 'cat' })
      .expect(404);
  });
});

describe('store credit (for sales and returns)', () => {
  it('debit takes credit under the row lock; more than the balance → 422 TENDER_SHORT naming the path; credit adds', async () => {
    const customer = await makeCustomer(t.database.db, { storeCreditCents: 1000 });
    await withTransaction(t.database.db, (tx) =>
      debitStoreCredit(tx, { customerId: customer.id, amountCents: 400, path: 'tenders.0.amountCents' }),
    );
    const short = await withTransaction(t.database.db, (tx) =>
      debitStoreCredit(tx, { customerId: customer.id, amountCents: 601, path: 'tenders.1.amountCents' }),
    ).catch((error: unknown) => error);
    expect(short).toBeInstanceOf(AppError);
    expect(short).toMatchObject({
      status: 422,
      code: 'TENDER_SHORT',
      details: [{ path: 'tenders.1.amountCents', message: 'store credit balance is 600 cents' }],
    });
    await withTransaction(t.database.db, (tx) =>
      creditStoreCredit(tx, { customerId: customer.id, amountCents: 250 }),
    );
    const [row] = await t.database.db.select().from(customers).where(eq(customers.id, customer.id));
    expect(row!.storeCreditCents).toBe(850);
  });

  it('unknown customers → NotFoundError for debit, credit and requireCustomer', async () => {
    await expect(
      withTransaction(t.database.db, (tx) =>
        debitStoreCredit(tx, { customerId: NOWHERE, amountCents: 1, path: 'tenders.0.amountCents' }),
      ),
    ).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      withTransaction(t.database.db, (tx) => creditStoreCredit(tx, { customerId: NOWHERE, amountCents: 1 })),
    ).rejects.toBeInstanceOf(NotFoundError);
    await expect(requireCustomer(t.database.db, NOWHERE)).rejects.toBeInstanceOf(NotFoundError);
    const customer = await makeCustomer(t.database.db);
    await expect(requireCustomer(t.database.db, customer.id)).resolves.toBeUndefined();
  });
});
