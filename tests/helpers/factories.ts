import { randomBytes } from 'node:crypto';
import bcrypt from 'bcrypt';
import type { Role } from '../../shared/roles';
import type { Db } from '../../server/db/client';
import { products, stores, users, userStores } from '../../server/db/schema';
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
  options: { storeId: string; openedBy: string; registerId?: string; openingFloatCents?: number },
): Promise<ShiftFixture> {
  const [row] = await db
    .insert(shifts)
    .values({
      storeId: options.storeId,
      registerId: options.registerId ?? unique('till-'),
      openedBy: options.openedBy,
      openingFloatCents: options.openingFloatCents ?? 10_000,
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
