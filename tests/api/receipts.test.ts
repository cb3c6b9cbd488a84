import type { AddressInfo } from 'node:net';
import { and, eq } from 'drizzle-orm';
import { SMTPServer } from 'smtp-server';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, salesTransactions } from '../../server/db/schema';
import { type SessionClient, signIn } from '../helpers/auth';
import {
  makeProduct,
  makeSale,
  makeStore,
  makeUser,
  type SaleFixture,
  type StoreFixture,
} from '../helpers/factories';
import { createTestApp, type TestApp } from '../helpers/test-app';

type ReceivedMail = { to: string[]; subject: string; body: string };

/** Undoes quoted-printable and RFC 2047 encoded words well enough to assert on ASCII and the subject. */
function decodeMime(raw: string): string {
  const qp = raw
    .replace(/=\r?\n/g, '')
    .replace(/(?:=[0-9A-F]{2})+/g, (match) => Buffer.from(match.replaceAll('=', ''), 'hex').toString('utf8'));
  return qp.replace(/=\?utf-8\?([QB])\?([^?]*)\?=/gi, (_match, encoding: string, text: string) =>
    encoding.toUpperCase() === 'B' ? Buffer.from(text, 'base64').toString('utf8') : text.replaceAll('_', ' '),
  );
}

function headerOf(raw: string, name: string): string {
  const head = raw.split(/\r?\n\r?\n/)[0] ?? '';
  const unfolded = head.replace(/\r?\n[ \t]+/g, ' ');
  const line = unfolded.split(/\r?\n/).find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  return decodeMime(line?.slice(name.length + 1).trim() ?? '').replace(/\?= =\?/g, '');
}

const REFUSED_ADDRESS = 'nobody.here@refused.example';

let t: TestApp;
let withoutSmtp: TestApp;
let smtp: SMTPServer;
const inbox: ReceivedMail[] = [];

let store: StoreFixture;
let otherStore: StoreFixture;
let cashier: SessionClient;
let cashierUserId: string;
let otherManager: SessionClient;
/** The contract's worked example A, paid card 10000 + cash 5000. */
let exampleA: SaleFixture;
let otherSale: SaleFixture;

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (address.address === REFUSED_ADDRESS) {
        callback(new Error(`550 5.1.1 <${REFUSED_ADDRESS}>: mailbox unavailable`));
        return;
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        inbox.push({
          to: session.envelope.rcptTo.map((address) => address.address),
          subject: headerOf(raw, 'subject'),
          body: decodeMime(raw),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const port = (smtp.server.address() as AddressInfo).port;
  t = await createTestApp({
    env: { SMTP_HOST: '127.0.0.1', SMTP_PORT: String(port), SMTP_FROM: 'receipts@example.com' },
  });
  const db = t.database.db;
  store = await makeStore(db, {
    code: 'RCPT1',
    name: 'Paws & Claws Downtown',
    address: '12 Main Street\nSpringfield, IL 62701',
    receiptHeader: 'Thank you for shopping local!',
    receiptFooter: 'Returns within 30 days with this receipt.',
  });
  otherStore = await makeStore(db, { code: 'RCPT2' });
  const c = await makeUser(db, { role: 'cashier', storeIds: [store.id] });
  cashierUserId = c.id;
  const om = await makeUser(db, { role: 'manager', storeIds: [otherStore.id] });
  cashier = await signIn(t.app, c.username, c.password);
  otherManager = await signIn(t.app, om.username, om.password);

  const food = await makeProduct(db, { name: 'Salmon kibble 5 kg', priceCents: 5499 });
  const treats = await makeProduct(db, { name: 'Chicken treats', priceCents: 899 });
  const seed = await makeProduct(db, { name: 'Bird seed', priceCents: 349, taxClass: 'reduced' });
  // Example A's nets after the 500 cart discount (shares 428 / 31 / 41) and the treats' own 10 %: the
  // factory taxes each net at its rate, 872 / 64 / 25.
  exampleA = await makeSale(db, {
    storeId: store.id,
    cashierId: c.id,
    lines: [
      {
        productId: food.id,
        sku: food.sku,
        name: food.name,
        quantity: 2,
        unitPriceCents: 5499,
        discountCents: 428,
      },
      {
        productId: treats.id,
        sku: treats.sku,
        name: treats.name,
        quantity: 1,
        unitPriceCents: 899,
        discountCents: 90 + 31,
        discountReason: 'damaged box',
      },
      {
        productId: seed.id,
        sku: seed.sku,
        name: seed.name,
        quantity: 3,
        unitPriceCents: 349,
        discountCents: 41,
        taxClass: 'reduced',
      },
    ],
    tenders: [
      { method: 'card', amountCents: 10000, reference: 'AUTH123' },
      { method: 'cash', amountCents: 5000 },
    ],
  });
  otherSale = await makeSale(db, { storeId: otherStore.id, cashierId: om.id });
  withoutSmtp = await createTestApp();
}, 180_000); // two PGlite set-ups on a loaded two-core machine
afterAll(async () => {
  await t.close();
  await withoutSmtp.close();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

function receipt(client: SessionClient, saleId: string, accept?: string) {
  const pending = client.agent.get(`/api/sales/${saleId}/receipt`);
  return accept === undefined ? pending : pending.set('Accept', accept);
}

describe('GET /api/sales/:id/receipt', () => {
  it('the sale behind the receipt holds example A to the cent', async () => {
    const [row] = await t.database.db
      .select()
      .from(salesTransactions)
      .where(eq(salesTransactions.id, exampleA.id));
    expect(row).toMatchObject({
      subtotalCents: 12944,
      discountCents: 590,
      taxCents: 961,
      totalCents: 13315,
      changeDueCents: 1685,
    });
  });

  it('Accept: text/plain → 42 columns with example A’s totals, the number, and the card reference masked', async () => {
    const response = await receipt(cashier, exampleA.id, 'text/plain');
    expect(response.status, response.text).toBe(200);
    expect(response.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(response.headers.vary).toMatch(/Accept/);
    const rows = response.text.replace(/\n$/, '').split('\n');
    for (const row of rows) {
      expect(Array.from(row).length, row).toBeLessThanOrEqual(42);
    }
    const rowOf = (label: string) => rows.find((row) => row.startsWith(label));
    expect(rowOf('Subtotal')).toMatch(/ \$129\.44$/);
    expect(rowOf('Discounts')).toMatch(/ -\$5\.90$/);
    expect(rowOf('Tax total')).toMatch(/ \$9\.61$/);
    expect(rowOf('TOTAL')).toMatch(/ \$133\.15$/);
    expect(rowOf('Change')).toMatch(/ \$16\.85$/);
    expect(rowOf('Receipt')).toMatch(new RegExp(` ${exampleA.receiptNumber}$`));
    expect(rowOf('Cashier')).toMatch(/ Test cashier$/);
    expect(response.text).toContain('Card ****H123');
    expect(response.text).not.toContain('AUTH123');
    expect(response.text).toContain('Thank you for shopping local!');
  });

  it('Accept: text/html → an 80 mm page with the receipt number as an inline Code 128 SVG; */* and no Accept get it too', async () => {
    const response = await receipt(cashier, exampleA.id, 'text/html');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.text).toContain('@page { size: 80mm auto; margin: 0 }');
    expect(response.text).toMatch(new RegExp(`<svg [^>]*aria-label="${exampleA.receiptNumber}"`));
    expect(response.text).toContain('$133.15');
    expect(response.text).not.toMatch(/<script/i);
    // Its one stylesheet is allowed by hash; nothing else may load or run.
    expect(response.headers['content-security-policy']).toMatch(
      /^default-src 'none'; style-src 'sha256-[^']+'/,
    );
    for (const accept of ['*/*', 'text/*', 'application/json;q=0.5, text/html']) {
      const other = await receipt(cashier, exampleA.id, accept);
      expect(other.headers['content-type'], accept).toBe('text/html; charset=utf-8');
    }
    const none = await cashier.agent.get(`/api/sales/${exampleA.id}/receipt`).unset('Accept');
    expect(none.headers['content-type']).toBe('text/html; charset=utf-8');
  });

  it('Accept: application/json → 406 in the error shape', async () => {
    const response = await receipt(cashier, exampleA.id, 'application/json');
    expect(response.status).toBe(406);
    expect(response.body.error).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [{ path: 'accept', message: 'must accept text/html or text/plain' }],
    });
    expect(response.body.error.requestId).toEqual(expect.any(String));
  });

  it('a product named <script> is escaped in the HTML', async () => {
    const product = await makeProduct(t.database.db, { name: '<script>alert("pwned")</script> chews' });
    const sale = await makeSale(t.database.db, {
      storeId: store.id,
      cashierId: cashierUserId,
      lines: [
        { productId: product.id, sku: product.sku, name: product.name, quantity: 1, unitPriceCents: 500 },
      ],
    });
    const html = await receipt(cashier, sale.id, 'text/html');
    expect(html.status).toBe(200);
    expect(html.text).not.toContain('<script>');
    expect(html.text).toContain('&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt; chews');
    const text = await receipt(cashier, sale.id, 'text/plain');
    expect(text.text).toContain('<script>alert("pwned")</script> chews');
  });

  it('a weighed product prints its grams as kilograms and the price per kg', async () => {
    const biscuits = await makeProduct(t.database.db, {
      name: 'Bulk biscuits',
      unit: 'weight',
      priceCents: 1299,
    });
    const sale = await makeSale(t.database.db, {
      storeId: store.id,
      cashierId: cashierUserId,
      lines: [
        {
          productId: biscuits.id,
          sku: biscuits.sku,
          name: biscuits.name,
          unit: 'weight',
          quantity: 750,
          unitPriceCents: 1299,
          grossCents: 974,
        },
      ],
    });
    const text = await receipt(cashier, sale.id, 'text/plain');
    expect(text.text).toMatch(/ {2}0\.750 kg x \$12\.99\/kg +\$9\.74\n/);
  });

  it('a voided sale prints a VOID banner', async () => {
    const sale = await makeSale(t.database.db, {
      storeId: store.id,
      cashierId: cashierUserId,
      status: 'voided',
    });
    const html = await receipt(cashier, sale.id, 'text/html');
    expect(html.text).toContain('<div class="void">VOID</div>');
    const text = await receipt(cashier, sale.id, 'text/plain');
    expect(text.text.split('\n')[0]!.trim()).toBe('*** VOID ***');
  });

  it("another store's sale → 404; not signed in → 401", async () => {
    const response = await receipt(otherManager, exampleA.id, 'text/plain');
    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('NOT_FOUND');
    await receipt(otherManager, otherSale.id, 'text/plain').expect(200);
    await request(t.app).get(`/api/sales/${exampleA.id}/receipt`).expect(401);
  });
});

async function auditRowsFor(app: TestApp, saleId: string) {
  return app.database.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.action, 'receipt.emailed'), eq(auditLog.entityId, saleId)));
}

describe('POST /api/sales/:id/receipt/email', () => {
  it('→ 202: the SMTP server gets the receipt (number in subject and body), and the audit log records it', async () => {
    const before = inbox.length;
    const response = await cashier.agent
      .post(`/api/sales/${exampleA.id}/receipt/email`)
      .set(cashier.csrf)
      .send({ email: ' jane.doe@example.com ' });
    expect(response.status, JSON.stringify(response.body)).toBe(202);
    expect(response.body).toEqual({
      sentTo: 'jane.doe@example.com',
      messageId: expect.stringMatching(/^<.+>$/),
    });
    expect(inbox).toHaveLength(before + 1);
    const mail = inbox.at(-1)!;
    expect(mail.to).toEqual(['jane.doe@example.com']);
    expect(mail.subject).toBe(`Your receipt ${exampleA.receiptNumber} from Paws & Claws Downtown`);
    expect(mail.body).toContain('Content-Type: text/plain');
    expect(mail.body).toContain('Content-Type: text/html');
    expect(mail.body).toContain(exampleA.receiptNumber);
    expect(mail.body).toContain('$133.15');
    const audit = await auditRowsFor(t, exampleA.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actorUserId: cashierUserId,
      storeId: store.id,
      entityType: 'sale',
      details: { to: 'jane.doe@example.com' },
    });
    const logText = JSON.stringify(t.logs);
    expect(logText).not.toContain('jane.doe@example.com');
    expect(logText).toContain('j***@example.com');
  });

  it('the SMTP server refusing the recipient → 503 UNAVAILABLE, nothing recorded, the address kept out of logs', async () => {
    const sale = await makeSale(t.database.db, { storeId: store.id, cashierId: cashierUserId });
    const before = inbox.length;
    const response = await cashier.agent
      .post(`/api/sales/${sale.id}/receipt/email`)
      .set(cashier.csrf)
      .send({ email: REFUSED_ADDRESS });
    expect(response.status).toBe(503);
    expect(response.body.error.code).toBe('UNAVAILABLE');
    expect(inbox).toHaveLength(before);
    expect(await auditRowsFor(t, sale.id)).toEqual([]);
    expect(JSON.stringify(t.logs)).not.toContain(REFUSED_ADDRESS);
  });

  it('no SMTP configured → 503 UNAVAILABLE saying so; nothing recorded', async () => {
    const db = withoutSmtp.database.db;
    const s = await makeStore(db);
    const user = await makeUser(db, { role: 'manager', storeIds: [s.id] });
    const sale = await makeSale(db, { storeId: s.id, cashierId: user.id });
    const manager = await signIn(withoutSmtp.app, user.username, user.password);
    const response = await manager.agent
      .post(`/api/sales/${sale.id}/receipt/email`)
      .set(manager.csrf)
      .send({ email: 'jane.doe@example.com' });
    expect(response.status).toBe(503);
    expect(response.body.error.code).toBe('UNAVAILABLE');
    expect(response.body.error.message).toMatch(/SMTP is not configured/);
    expect(await auditRowsFor(withoutSmtp, sale.id)).toEqual([]);
  });

  it.each([
    [{ email: 'not-an-address' }, 'email'],
    [{ email: 'a@example.com, b@example.com' }, 'email'],
    [{ email: '' }, 'email'],
    [{}, 'email'],
    [{ email: 'a@example.com', cc: 'b@example.com' }, 'cc'],
  ])('bad body %j → 400 naming %s, nothing sent', async (body, path) => {
    const before = inbox.length;
    const response = await cashier.agent
      .post(`/api/sales/${exampleA.id}/receipt/email`)
      .set(cashier.csrf)
      .send(body);
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('VALIDATION_FAILED');
    expect(response.body.error.details.map((detail: { path: string }) => detail.path)).toContain(path);
    expect(inbox).toHaveLength(before);
  });

  it("another store's sale → 404 before the body is looked at; not signed in → 401", async () => {
    const response = await otherManager.agent
      .post(`/api/sales/${exampleA.id}/receipt/email`)
      .set(otherManager.csrf)
      .send({ email: 'x' });
    expect(response.status).toBe(404);
    await request(t.app)
      .post(`/api/sales/${exampleA.id}/receipt/email`)
      .send({ email: 'jane.doe@example.com' })
      .expect(401);
  });
});
