import { randomBytes } from 'node:crypto';
import bcrypt from 'bcrypt';
import type { Role } from '../../shared/roles';
import type { Db } from '../../server/db/client';
import { products, stores, users, userStores } from '../../server/db/schema';

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
