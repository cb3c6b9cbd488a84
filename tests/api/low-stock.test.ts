import type { AddressInfo } from 'node:net';
import { and, eq } from 'drizzle-orm';
import { SMTPServer } from 'smtp-server';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  inventory,
  purchaseOrderLines,
  purchaseOrders,
  supplierProducts,
  suppliers,
  users,
} from '../../server/db/schema';
import { withTransaction } from '../../server/db/transaction';
import { createMailer } from '../../server/lib/mailer';
import { sendLowStockEmails, suggestedOrderQuantity } from '../../server/modules/inventory/low-stock.service';
import { applyStockMovements } from '../../server/modules/inventory/stock-ledger.service';
import { type SessionClient, signIn } from '../helpers/auth';
import {
  makeProduct,
  makeStore,
  makeUser,
  type ProductFixture,
  type StoreFixture,
  type UserFixture,
} from '../helpers/factories';
import { createTestApp, type TestApp } from '../helpers/test-app';

type ReceivedMail = { from: string; to: string[]; subject: string; body: string };

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

let t: TestApp;
let smtp: SMTPServer;
const inbox: ReceivedMail[] = [];

let lowStore: StoreFixture;
let fineStore: StoreFixture;
let nobodyStore: StoreFixture;
let closedStore: StoreFixture;
let manager: SessionClient;
let cashier: SessionClient;
let otherManager: SessionClient;
let managerUser: UserFixture;
let supplierId: string;
let adminUserId: string;
let x: ProductFixture;
let y: ProductFixture;
let z: ProductFixture;
let w: ProductFixture;
let retired: ProductFixture;

async function stock(
  storeId: string,
  product: ProductFixture,
  onHand: number,
  reorderPoint: number,
  reorderQuantity: number,
): Promise<void> {
  if (onHand !== 0) {
    await withTransaction(t.database.db, (tx) =>
      applyStockMovements(
        tx,
        [{ storeId, productId: product.id, delta: onHand, reason: 'received', userId: null }],
        { allowNegative: false },
      ),
    );
  } else {
    // An empty shelf has no movements; its row (on-hand 0) still matches the ledger's sum.
    await t.database.db.insert(inventory).values({ storeId, productId: product.id }).onConflictDoNothing();
  }
  await t.database.db
    .update(inventory)
    .set({ reorderPoint, reorderQuantity })
    .where(and(eq(inventory.storeId, storeId), eq(inventory.productId, product.id)));
}

async function purchaseOrder(
  storeId: string,
  number: string,
  status: 'draft' | 'ordered' | 'partially_received' | 'received' | 'cancelled',
  lines: { productId: string; quantityOrdered: number; quantityReceived: number }[],
): Promise<void> {
  const [po] = await t.database.db
    .insert(purchaseOrders)
    .values({ storeId, supplierId, number, status, createdBy: adminUserId })
    .returning();
  await t.database.db
    .insert(purchaseOrderLines)
    .values(lines.map((line) => ({ ...line, purchaseOrderId: po!.id, unitCostCents: 100 })));
}

async function withEmail(user: UserFixture, email: string | null): Promise<void> {
  // The users API does not take an email address yet, so tests set it in the table.
  await t.database.db.update(users).set({ email }).where(eq(users.id, user.id));
}

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = chunks.join('');
        inbox.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
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
    env: { SMTP_HOST: '127.0.0.1', SMTP_PORT: String(port), SMTP_FROM: 'pos@example.com' },
  });
  const db = t.database.db;
  lowStore = await makeStore(db, { code: 'LOW1', name: 'Low Street' });
  fineStore = await makeStore(db, { code: 'FINE1' });
  nobodyStore = await makeStore(db, { code: 'NOBODY1' });
  closedStore = await makeStore(db, { code: 'CLOSED1', active: false });
  const admin = await makeUser(db, { role: 'admin' });
  adminUserId = admin.id;
  await withEmail(admin, 'admin@example.com');
  managerUser = await makeUser(db, { role: 'manager', storeIds: [lowStore.id] });
  await withEmail(managerUser, 'ann@example.com');
  const second = await makeUser(db, { role: 'manager', storeIds: [lowStore.id, fineStore.id] });
  await withEmail(second, 'bob@example.com');
  await makeUser(db, { role: 'manager', storeIds: [lowStore.id] }); // no email
  const gone = await makeUser(db, { role: 'manager', storeIds: [lowStore.id], active: false });
  await withEmail(gone, 'gone@example.com');
  const c = await makeUser(db, { role: 'cashier', storeIds: [lowStore.id] });
  await withEmail(c, 'cashier@example.com');
  const fine = await makeUser(db, { role: 'manager', storeIds: [fineStore.id] });
  await withEmail(fine, 'fine@example.com');
  await makeUser(db, { role: 'manager', storeIds: [nobodyStore.id] }); // no email
  const closed = await makeUser(db, { role: 'manager', storeIds: [closedStore.id] });
  await withEmail(closed, 'closed@example.com');
  const om = await makeUser(db, { role: 'manager', storeIds: [fineStore.id] });

  manager = await signIn(t.app, managerUser.username, managerUser.password);
  cashier = await signIn(t.app, c.username, c.password);
  otherManager = await signIn(t.app, om.username, om.password);

  const [supplier] = await db.insert(suppliers).values({ name: 'Acme Pet Supply' }).returning();
  supplierId = supplier!.id;
  x = await makeProduct(db, { name: 'X kibble', costCents: 300 });
  y = await makeProduct(db, { name: 'Y <treats> & co' });
  z = await makeProduct(db, { name: 'Z litter', costCents: 250 });
  w = await makeProduct(db, { name: 'W toy' });
  retired = await makeProduct(db, { name: 'Retired', active: false });
  await db.insert(supplierProducts).values([
    { supplierId, productId: x.id, isPreferred: true, unitCostCents: 275 },
    { supplierId, productId: z.id, isPreferred: false, unitCostCents: 199 },
  ]);

  await stock(lowStore.id, x, 2, 5, 12); // low, 12 suggested (one order quantity)
  await stock(lowStore.id, y, 10, 10, 0); // low (at the point), but 5 on order → nothing to order
  await stock(lowStore.id, z, 1, 8, 0); // low, 2 still on order → 8 − 3 + 1 = 6
  await stock(lowStore.id, w, 3, 0, 0); // no reorder point: never low
  await stock(lowStore.id, retired, 1, 5, 5); // inactive product: ignored
  await purchaseOrder(lowStore.id, 'LOW1-PO-1', 'ordered', [
    { productId: y.id, quantityOrdered: 5, quantityReceived: 0 },
  ]);
  await purchaseOrder(lowStore.id, 'LOW1-PO-2', 'partially_received', [
    { productId: z.id, quantityOrdered: 10, quantityReceived: 8 },
    { productId: x.id, quantityOrdered: 1, quantityReceived: 3 }, // over-delivered: counts as 0
  ]);
  await purchaseOrder(lowStore.id, 'LOW1-PO-3', 'draft', [
    { productId: x.id, quantityOrdered: 50, quantityReceived: 0 },
  ]);
  await purchaseOrder(fineStore.id, 'FINE1-PO-1', 'ordered', [
    { productId: x.id, quantityOrdered: 50, quantityReceived: 0 },
  ]);
  await stock(fineStore.id, x, 20, 5, 12);
  await stock(nobodyStore.id, x, 0, 5, 10);
  await stock(closedStore.id, x, 0, 5, 10);
}, 180_000); // PGlite set-up is slow on a loaded two-core machine
afterAll(async () => {
  await t?.close();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

describe('suggestedOrderQuantity', () => {
  it('orders at least the reorder quantity, enough to get above the point, less what is on order', () => {
    expect(suggestedOrderQuantity({ onHand: 2, reorderPoint: 5, reorderQuantity: 12, onOrder: 0 })).toBe(12);
    expect(suggestedOrderQuantity({ onHand: 2, reorderPoint: 5, reorderQuantity: 0, onOrder: 0 })).toBe(4);
    expect(suggestedOrderQuantity({ onHand: -4, reorderPoint: 5, reorderQuantity: 3, onOrder: 2 })).toBe(8);
    expect(suggestedOrderQuantity({ onHand: 2, reorderPoint: 5, reorderQuantity: 12, onOrder: 4 })).toBe(0);
  });
});

describe('GET /api/stores/:storeId/reorder-suggestions', () => {
  it('groups what to order by preferred supplier, no supplier last, net of open purchase orders', async () => {
    const response = await manager.agent.get(`/api/stores/${lowStore.id}/reorder-suggestions`);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body.storeId).toBe(lowStore.id);
    expect(response.body.groups).toEqual([
      {
        supplier: { id: supplierId, name: 'Acme Pet Supply' },
        items: [
          {
            productId: x.id,
            sku: x.sku,
            name: x.name,
            onHand: 2,
            reorderPoint: 5,
            reorderQuantity: 12,
            onOrder: 0,
            suggestedQuantity: 12,
            unitCostCents: 275,
          },
        ],
        totalQuantity: 12,
        estimatedCostCents: 12 * 275,
      },
      {
        supplier: null,
        items: [
          {
            productId: z.id,
            sku: z.sku,
            name: z.name,
            onHand: 1,
            reorderPoint: 8,
            reorderQuantity: 0,
            onOrder: 2,
            suggestedQuantity: 6,
            unitCostCents: 250,
          },
        ],
        totalQuantity: 6,
        estimatedCostCents: 6 * 250,
      },
    ]);
  });

  it('a store with nothing low → no groups; anonymous 401, cashier 403, another store 404, bad id 400', async () => {
    const fine = await otherManager.agent.get(`/api/stores/${fineStore.id}/reorder-suggestions`).expect(200);
    expect(fine.body.groups).toEqual([]);
    expect((await request(t.app).get(`/api/stores/${lowStore.id}/reorder-suggestions`)).status).toBe(401);
    expect((await cashier.agent.get(`/api/stores/${lowStore.id}/reorder-suggestions`)).status).toBe(403);
    expect((await otherManager.agent.get(`/api/stores/${lowStore.id}/reorder-suggestions`)).status).toBe(404);
    const bad = await manager.agent.get('/api/stores/nope/reorder-suggestions');
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('storeId');
  });
});

describe('sendLowStockEmails', () => {
  it('mails each active manager with an email of each active store with low stock, through real SMTP', async () => {
    inbox.length = 0;
    const now = new Date('2026-03-10T15:00:00Z');
    const mailer = createMailer(t.config);
    expect(mailer).not.toBeNull();
    const summary = await sendLowStockEmails({
      db: t.database.db,
      config: t.config,
      logger: t.logger,
      mailer,
      now,
    });
    mailer?.close();
    expect(summary).toEqual({ storesChecked: 3, storesEmailed: 1, emailsSent: 2, skipped: 1, failed: 0 });

    expect(inbox.map((mail) => mail.to).sort()).toEqual([['ann@example.com'], ['bob@example.com']]);
    for (const mail of inbox) {
      expect(mail.from).toBe('pos@example.com');
      expect(mail.subject).toBe('Low stock at LOW1 — 3 items');
      for (const product of [x, y, z]) {
        expect(mail.body).toContain(product.sku);
      }
      expect(mail.body).not.toContain(w.sku);
      expect(mail.body).not.toContain(retired.sku);
      expect(mail.body).toContain('2026-03-10');
      expect(mail.body).toContain('Y &lt;treats&gt; &amp; co'); // escaped in the HTML part
      expect(mail.body).toContain('<table');
    }
    const done = t.logs.find((line) => line.message === 'low-stock emails done');
    expect(done).toMatchObject({ category: 'jobs', emailsSent: 2, skipped: 1 });
    const skipped = t.logs.find((line) => line.message === 'low-stock email skipped');
    expect(skipped).toMatchObject({ category: 'jobs', storeCode: 'NOBODY1' });
  });

  it('without SMTP configured nothing is sent and the stores with low stock count as skipped', async () => {
    inbox.length = 0;
    expect(createMailer({ smtp: null })).toBeNull();
    const summary = await sendLowStockEmails({
      db: t.database.db,
      config: { smtp: null },
      logger: t.logger,
    });
    expect(summary).toMatchObject({ emailsSent: 0, storesEmailed: 0, skipped: 2 });
    expect(inbox).toEqual([]);
  });

  it('a server that refuses a message is counted as failed; the others still go out', async () => {
    inbox.length = 0;
    const mailer = createMailer(t.config)!;
    const refusing = {
      send: async (message: { to: string; subject: string; text: string; html?: string }) => {
        if (message.to === 'ann@example.com') {
          throw new Error('550 mailbox unavailable');
        }
        return mailer.send(message);
      },
      close: () => mailer.close(),
    };
    const summary = await sendLowStockEmails({
      db: t.database.db,
      config: t.config,
      logger: t.logger,
      mailer: refusing,
    });
    refusing.close();
    expect(summary).toMatchObject({ emailsSent: 1, storesEmailed: 1, failed: 1 });
    expect(inbox.map((mail) => mail.to)).toEqual([['bob@example.com']]);
    expect(t.logs.find((line) => line.message === 'low-stock email failed')).toMatchObject({
      category: 'jobs',
      to: 'ann@example.com',
    });
  });
});
