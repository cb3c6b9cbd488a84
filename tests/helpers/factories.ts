import { randomBytes, randomUUID } from 'node:crypto';
import bcrypt from 'bcrypt';
import { eq } from 'drizzle-orm';
import type { Role } from '../../shared/roles';
import { businessDateAt } from '../../shared/time';
import type { Db } from '../../server/db/client';
import { products, stores, users, userStores } from '../../server/db/schema';
import { salesPayments, salesTransactionItems, salesTransactions } from '../../server/db/schema/sales';
import { withTransaction } from '../../server/db/transaction';
import { takeReceiptNumber } from '../../server/modules/sales/receipt-numbers.repo';
import { stockCounts } from '../../server/db/schema/inventory';
import { purchaseOrders, suppliers } from '../../server/db/schema/purchasing';
import { transferLines, transfers } from '../../server/db/schema/transfers';
import { categories, productBarcodes } from '../../server/db/schema/catalog';
import { shifts } from '../../server/db/schema/shifts';
import { customers } from '../../server/db/schema/customers';
import { loyaltyProgramStores, loyaltyPrograms } from '../../server/db/schema/loyalty';

export const TEST_PASSWORD = 'correct-horse-battery';
export const TEST_PIN = '4321';

// Hashing at the minimum cost keeps factories fast; the app's own hashing uses the configured rounds.
const passwordHash = bcrypt.hashSync(TEST_PASSWORD, 4);
const pinHash = bcrypt.hashSync(TEST_PIN, 4);

function unique(prefix: string): string {
  return `${prefix}${randomBytes(3).toString('hex')}`;
}

export type StoreFixture = typeof stores.$inferSelect;
export type UserFixture = typeof users.$inferSelect & { storeIds: string[]; password: string; pin: string };

export async function makeStore(
  db: Db,
  overrides: Partial<typeof stores.$inferInsert> = {},
): Promise<StoreFixture> {
  const [row] = await db
    .insert(stores)
    .values({
      code: unique('T').toUpperCase().slice(0, 8),
      name: 'Test Store',
      timezone: 'America/Chicago',
      taxRates: { standard: '8.25', reduced: '2.5', exempt: '0' },
      ...overrides,
    })
    .returning();
  return row!;
}

export async function makeUser(
  db: Db,
  options: { role: Role; storeIds?: string[]; username?: string; active?: boolean; withPin?: boolean },
): Promise<UserFixture> {
  const [row] = await db
    .insert(users)
    .values({
      username: options.username ?? unique(`${options.role}_`),
      name: `Test ${options.role}`,
      role: options.role,
      passwordHash,
      pinHash: options.withPin === false ? null : pinHash,
      active: options.active ?? true,
    })
    .returning();
  const storeIds = options.storeIds ?? [];
  if (storeIds.length > 0) {
    await db.insert(userStores).values(storeIds.map((storeId) => ({ userId: row!.id, storeId })));
  }
  return { ...row!, storeIds, password: TEST_PASSWORD, pin: TEST_PIN };
}

export type ProductFixture = typeof products.$inferSelect;

/** A product with one internal barcode; price $4.99, cost $2.50 unless overridden. */
export async function makeProduct(
  db: Db,
  overrides: Partial<typeof products.$inferInsert> = {},
): Promise<ProductFixture> {
  const [row] = await db
    .insert(products)
    .values({
      sku: unique('SKU-').toUpperCase(),
      name: 'Test Kibble 2 kg',
      brand: 'Testbrand',
      priceCents: 499,
      costCents: 250,
      ...overrides,
    })
    .returning();
  return row!;
}

export type TransferFixture = typeof transfers.$inferSelect;

/**
 * An in-transit transfer written straight to the tables (no stock movements), for tests that only need one
 * to exist, such as the authorization matrix. Tests of stock go through POST /api/transfers.
 */
export async function makeTransfer(
  db: Db,
  options: {
    fromStoreId: string;
    toStoreId: string;
    createdBy: string;
    lines?: { productId: string; quantity: number }[];
  },
): Promise<TransferFixture> {
  const [row] = await db
    .insert(transfers)
    .values({ fromStoreId: options.fromStoreId, toStoreId: options.toStoreId, createdBy: options.createdBy })
    .returning();
  if (options.lines && options.lines.length > 0) {
    await db.insert(transferLines).values(options.lines.map((line) => ({ transferId: row!.id, ...line })));
  }
  return row!;
}

export type StockCountFixture = typeof stockCounts.$inferSelect;

/** An open stock count written straight to the table (no lines), for tests that only need one to exist. */
export async function makeStockCount(
  db: Db,
  options: { storeId: string; startedBy: string; categoryId?: string | null },
): Promise<StockCountFixture> {
  const [row] = await db
    .insert(stockCounts)
    .values({
      storeId: options.storeId,
      startedBy: options.startedBy,
      categoryId: options.categoryId ?? null,
    })
    .returning();
  return row!;
}

export type PurchaseOrderFixture = typeof purchaseOrders.$inferSelect;

/**
 * A draft purchase order (no lines) from a new supplier, written straight to the tables, for tests that only
 * need one to exist, such as the authorization matrix. Tests of receiving go through the API.
 */
export async function makePurchaseOrder(
  db: Db,
  options: { storeId: string; createdBy: string },
): Promise<PurchaseOrderFixture> {
  const [supplier] = await db
    .insert(suppliers)
    .values({ name: unique('Supplier ') })
    .returning();
  const [row] = await db
    .insert(purchaseOrders)
    .values({
      storeId: options.storeId,
      supplierId: supplier!.id,
      number: unique('PO-TEST-'),
      createdBy: options.createdBy,
    })
    .returning();
  return row!;
}

export type CategoryFixture = typeof categories.$inferSelect;

/** A category (a root one unless parentId is given) with a unique name. */
export async function makeCategory(
  db: Db,
  overrides: Partial<typeof categories.$inferInsert> = {},
): Promise<CategoryFixture> {
  const [row] = await db
    .insert(categories)
    .values({ name: unique('Category '), ...overrides })
    .returning();
  return row!;
}

/** Prints barcodes on a product, as stored (EAN-13, EAN-8 or internal codes; UPC-A in its EAN-13 form). */
export async function addBarcodes(db: Db, productId: string, codes: string[]): Promise<void> {
  await db.insert(productBarcodes).values(codes.map((barcode) => ({ barcode, productId })));
}

export type ShiftFixture = typeof shifts.$inferSelect;

/**
 * An open shift written straight to the table (register `till-<random>` unless given), for tests that only
 * need one to exist, such as the authorization matrix. Tests of the drawer go through POST /api/shifts.
 */
export async function makeShift(
  db: Db,
  options: {
    storeId: string;
    openedBy: string;
    registerId?: string;
    openingFloatCents?: number;
    /** Default now; tests of ordering set it, since shifts made in a row may share a clock tick. */
    openedAt?: Date;
  },
): Promise<ShiftFixture> {
  const [row] = await db
    .insert(shifts)
    .values({
      storeId: options.storeId,
      registerId: options.registerId ?? unique('till-'),
      openedBy: options.openedBy,
      openingFloatCents: options.openingFloatCents ?? 10_000,
      ...(options.openedAt ? { openedAt: options.openedAt } : {}),
      businessDate: new Date().toISOString().slice(0, 10),
    })
    .returning();
  return row!;
}
export type CustomerFixture = typeof customers.$inferSelect;

/** A customer written straight to the table (phone as digits, as the API stores it). */
export async function makeCustomer(
  db: Db,
  overrides: Partial<typeof customers.$inferInsert> = {},
): Promise<CustomerFixture> {
  const [row] = await db
    .insert(customers)
    .values({ name: unique('Customer '), ...overrides })
    .returning();
  return row!;
}

export type LoyaltyProgramFixture = typeof loyaltyPrograms.$inferSelect & { storeIds: string[] };

/** A frequent-buyer program running in storeIds: buy 12, get 1, no window, unless overridden. */
export async function makeLoyaltyProgram(
  db: Db,
  options: { storeIds: string[] } & Partial<typeof loyaltyPrograms.$inferInsert>,
): Promise<LoyaltyProgramFixture> {
  const { storeIds, ...overrides } = options;
  const [row] = await db
    .insert(loyaltyPrograms)
    .values({
      name: unique('Program '),
      qualifying: { brand: 'Testbrand' },
      buyQuantity: 12,
      rewardQuantity: 1,
      ...overrides,
    })
    .returning();
  await db.insert(loyaltyProgramStores).values(storeIds.map((storeId) => ({ programId: row!.id, storeId })));
  return { ...row!, storeIds };
}

export type SaleLineSpec = {
  productId: string;
  sku: string;
  name: string;
  /** The product's unit (default each); a weighed line counts grams priced per kg. */
  unit?: 'each' | 'weight';
  /** Pieces, or grams for a weighed product. */
  quantity: number;
  /** Per piece, or per kg for a weighed product. */
  unitPriceCents: number;
  /** Default unit price × quantity (weighed lines: pass round(price × grams / 1000)). */
  grossCents?: number;
  discountCents?: number;
  discountReason?: string | null;
  taxClass?: 'standard' | 'reduced' | 'exempt';
  taxRate?: string;
  /** Default round((gross − discount) × rate / 100), the tax-exclusive rule. */
  taxCents?: number;
  rewardProgramId?: string | null;
};

export type SaleFixture = typeof salesTransactions.$inferSelect;

/**
 * A completed sale written straight to the three sales tables, numbered like the till numbers them (the
 * register's real receipt sequence), for tests that read sales. No stock moves: tests of selling go through
 * POST /api/sales. Without lines: two $4.99 bags of kibble and a $12.99 toy at 8.25 %, paid with $30 cash.
 * Totals are the sums of the lines; tenders default to cash covering the total, the excess being change.
 */
export async function makeSale(
  db: Db,
  options: {
    storeId: string;
    cashierId: string;
    registerId?: string;
    shiftId?: string | null;
    customerId?: string | null;
    status?: 'completed' | 'voided';
    transactionDate?: Date;
    pricesIncludeTax?: boolean;
    lines?: SaleLineSpec[];
    roundingCents?: number;
    tenders?: { method: 'cash' | 'card' | 'store_credit'; amountCents: number; reference?: string | null }[];
    voidReason?: string;
  },
): Promise<SaleFixture> {
  const [store] = await db.select().from(stores).where(eq(stores.id, options.storeId));
  const lines: SaleLineSpec[] =
    options.lines ??
    (await (async () => {
      const kibble = await makeProduct(db, { name: 'Kibble 2 kg', priceCents: 499 });
      const toy = await makeProduct(db, { name: 'Rope toy', priceCents: 1299 });
      return [
        { productId: kibble.id, sku: kibble.sku, name: kibble.name, quantity: 2, unitPriceCents: 499 },
        { productId: toy.id, sku: toy.sku, name: toy.name, quantity: 1, unitPriceCents: 1299 },
      ];
    })());
  const items = lines.map((line, index) => {
    const grossCents = line.grossCents ?? line.unitPriceCents * line.quantity;
    const discountCents = line.discountCents ?? 0;
    const taxRate = line.taxRate ?? store!.taxRates[line.taxClass ?? 'standard'];
    const netCents = grossCents - discountCents;
    const taxCents = line.taxCents ?? Math.round((netCents * Number(taxRate)) / 100);
    return {
      lineNumber: index + 1,
      productId: line.productId,
      sku: line.sku,
      name: line.name,
      unit: line.unit ?? 'each',
      quantity: line.quantity,
      unitPriceCents: line.unitPriceCents,
      grossCents,
      discountCents,
      discountReason: line.discountReason ?? null,
      taxClass: line.taxClass ?? ('standard' as const),
      taxRate,
      taxCents,
      totalCents: options.pricesIncludeTax ? netCents : netCents + taxCents,
      rewardProgramId: line.rewardProgramId ?? null,
    };
  });
  const sum = (pick: (item: (typeof items)[number]) => number) =>
    items.reduce((a, item) => a + pick(item), 0);
  const totalCents = sum((item) => item.totalCents);
  const roundingCents = options.roundingCents ?? 0;
  const due = totalCents + roundingCents;
  const tenders = options.tenders ?? [
    { method: 'cash' as const, amountCents: Math.max(1000, Math.ceil(due / 1000) * 1000) },
  ];
  const tendered = tenders.reduce((a, tender) => a + tender.amountCents, 0);
  const transactionDate = options.transactionDate ?? new Date();
  const isVoided = options.status === 'voided';
  return withTransaction(db, async (tx) => {
    const registerId = options.registerId ?? 'till-1';
    const receiptNumber = await takeReceiptNumber(tx, { storeId: options.storeId, registerId });
    const [row] = await tx
      .insert(salesTransactions)
      .values({
        id: randomUUID(),
        kind: 'sale',
        status: options.status ?? 'completed',
        storeId: options.storeId,
        registerId,
        shiftId: options.shiftId ?? null,
        cashierId: options.cashierId,
        customerId: options.customerId ?? null,
        receiptNumber,
        businessDate: businessDateAt(transactionDate, store!.timezone),
        transactionDate,
        pricesIncludeTax: options.pricesIncludeTax ?? false,
        subtotalCents: sum((item) => item.grossCents),
        discountCents: sum((item) => item.discountCents),
        taxCents: sum((item) => item.taxCents),
        totalCents,
        roundingCents,
        changeDueCents: Math.max(0, tendered - due),
        requestHash: 'factory',
        voidReason: isVoided ? (options.voidReason ?? 'rang up twice') : null,
        voidedAt: isVoided ? transactionDate : null,
        voidedBy: isVoided ? options.cashierId : null,
      })
      .returning();
    await tx.insert(salesTransactionItems).values(items.map((item) => ({ ...item, transactionId: row!.id })));
    await tx.insert(salesPayments).values(
      tenders.map((tender, position) => ({
        transactionId: row!.id,
        position,
        method: tender.method,
        amountCents: tender.amountCents,
        reference: tender.reference ?? null,
      })),
    );
    return row!;
  });
}
