import bcrypt from 'bcrypt';
import { and, eq, gte, inArray, isNull, sql } from 'drizzle-orm';
import { completeEan13 } from '../../shared/barcode/ean';
import type { Db, Executor } from './client';
import {
  categories,
  customers,
  inventory,
  loyaltyAccounts,
  loyaltyProgramStores,
  loyaltyPrograms,
  pets,
  productBarcodes,
  products,
  registerSequences,
  salesPayments,
  salesTransactionItems,
  salesTransactions,
  type Species,
  shifts,
  stockMovements,
  stores,
  suppliers,
  type TaxRates,
  userStores,
  users,
} from './schema';
import {
  DEMO_CUSTOMERS,
  DEMO_LOYALTY_PROGRAM,
  DEMO_STORES,
  DEMO_SUPPLIERS,
  DEMO_USERS,
} from './seed-data/demo';
import {
  SEED_CATEGORY_TREE,
  SEED_PRODUCT_LINES,
  type SeedCategory,
  SKU_CATEGORY_CODE,
  SKU_SPECIES_CODE,
} from './seed-data/products';
import {
  addDays,
  businessDateAt,
  createRandom,
  dayOfWeek,
  lineGrossCents,
  lineTaxCents,
  nameBasedUuid,
  percentOfCents,
  type Random,
  zonedTimeToInstant,
  pickWeighted,
} from './seed-support';

export type SeedDemoOptions = {
  /** Password of every demo user (12–72 bytes, as the API requires). */
  password: string;
  /** Manager approval / till unlock PIN of every demo user. */
  pin: string;
  bcryptRounds: number;
  /** Days of completed sales before today to generate per store (0: none). */
  historyDays: number;
  log: (message: string) => void;
};

/** GS1-style company prefix of the demo catalog: 7 digits + a 5-digit item number + check digit. */
const DEMO_GS1_PREFIX = '0850123';
/** Serializes concurrent seeders (several processes starting on one empty database). */
const SEED_LOCK_KEY = 4_711_202_502;
/** Marks generated history (in place of a request hash), so a re-run can tell which days are done. */
export const SEED_HISTORY_REQUEST_HASH = 'seed:demo-history';
/** Registers of each demo store and who works them: till-2 opens on weekends only. */
const DEMO_REGISTERS = [
  { registerId: 'till-1', registerNumber: 1, staff: 'cashier', openingFloatCents: 20_000 },
  { registerId: 'till-2', registerNumber: 2, staff: 'manager', openingFloatCents: 15_000 },
] as const;

type SeedProduct = {
  sku: string;
  name: string;
  brand: string;
  species: Species[];
  rootName: string;
  categoryName: SeedCategory;
  priceCents: number;
  costCents: number;
  taxClass: 'standard' | 'reduced' | 'exempt';
  unit: 'each' | 'weight';
  barcode: string;
};

type LoadedProduct = SeedProduct & { id: string; categoryId: string; popularity: number };
type LoadedStore = { id: string; code: string; timezone: string; taxRates: TaxRates; traffic: number };

type BaseData = {
  created: boolean;
  stores: LoadedStore[];
  userIds: Map<string, string>;
  products: LoadedProduct[];
  customerIds: string[];
  loyalty: { programId: string; categoryId: string };
};

/**
 * Seeds the demo chain: stores, staff, catalog, opening stock, a loyalty program, customers and (optionally)
 * `historyDays` of completed sales per store. Idempotent: rows are matched on natural keys (store code,
 * username, SKU, barcode, category path, e-mail, program name) and history days already seeded are skipped,
 * so a second run changes nothing. Every stock change is a ledger row in the same transaction as on_hand.
 */
export async function seedDemo(db: Db, options: SeedDemoOptions): Promise<{ created: boolean }> {
  const credentials = await hashMissingCredentials(db, options);
  const base = await db.transaction((tx) => seedBaseData(tx, credentials, options));
  if (base.created) {
    options.log(
      `Demo data: ${base.stores.length} stores, ${DEMO_USERS.length} users, ${base.products.length} products`,
    );
  }
  let created = base.created;
  if (options.historyDays > 0) {
    created = (await seedSalesHistory(db, base, options)) || created;
  }
  return { created };
}

/** Hashing is slow on purpose, so only users that do not exist yet are hashed (outside any transaction). */
async function hashMissingCredentials(
  db: Db,
  options: SeedDemoOptions,
): Promise<Map<string, { passwordHash: string; pinHash: string }>> {
  const existing = await db
    .select({ username: sql<string>`lower(${users.username})` })
    .from(users)
    .where(
      inArray(
        sql`lower(${users.username})`,
        DEMO_USERS.map((user) => user.username),
      ),
    );
  const existingNames = new Set(existing.map((row) => row.username));
  // bcrypt runs on libuv's thread pool: hashing the users side by side takes a fraction of the time.
  const missing = DEMO_USERS.filter((user) => !existingNames.has(user.username));
  const hashed = await Promise.all(
    missing.map(async (user) => ({
      username: user.username,
      passwordHash: await bcrypt.hash(options.password, options.bcryptRounds),
      pinHash: await bcrypt.hash(options.pin, options.bcryptRounds),
    })),
  );
  const hashes = new Map(hashed.map(({ username, ...rest }) => [username, rest]));
  return hashes;
}

/** The catalog as rows: SKUs numbered per species-category prefix, barcodes numbered across the catalog. */
export function demoCatalog(): SeedProduct[] {
  const counters = new Map<string, number>();
  let itemNumber = 0;
  const catalog: SeedProduct[] = [];
  for (const line of SEED_PRODUCT_LINES) {
    const root = SEED_CATEGORY_TREE.find((entry) => entry.species === line.species);
    if (!root) {
      throw new Error(`No category root for species ${line.species}`);
    }
    for (const [label, priceCents, costCents] of line.variants) {
      const prefix = `${SKU_SPECIES_CODE[line.species]}-${SKU_CATEGORY_CODE[line.category]}`;
      const number = (counters.get(prefix) ?? 0) + 1;
      counters.set(prefix, number);
      itemNumber += 1;
      catalog.push({
        sku: `${prefix}-${String(number).padStart(4, '0')}`,
        name: label ? `${line.name} ${label}` : line.name,
        brand: line.brand,
        species: [line.species, ...(line.alsoFor ?? [])],
        rootName: root.name,
        categoryName: line.category,
        priceCents,
        costCents,
        taxClass: line.taxClass ?? 'standard',
        unit: line.unit ?? 'each',
        barcode: completeEan13(`${DEMO_GS1_PREFIX}${String(itemNumber).padStart(5, '0')}`),
      });
    }
  }
  return catalog;
}

async function seedBaseData(
  tx: Executor,
  credentials: Map<string, { passwordHash: string; pinHash: string }>,
  options: SeedDemoOptions,
): Promise<BaseData> {
  let created = false;
  await tx.execute(sql`select pg_advisory_xact_lock(${SEED_LOCK_KEY})`);

  // Stores
  const insertedStores = await tx
    .insert(stores)
    .values(
      DEMO_STORES.map((store) => ({
        code: store.code,
        name: store.name,
        timezone: store.timezone,
        currency: 'USD',
        address: store.address,
        taxRates: store.taxRates,
        receiptHeader: store.receiptHeader,
        receiptFooter: store.receiptFooter,
      })),
    )
    .onConflictDoNothing({ target: stores.code })
    .returning({ id: stores.id });
  created ||= insertedStores.length > 0;
  const storeRows = await tx
    .select({ id: stores.id, code: stores.code, timezone: stores.timezone, taxRates: stores.taxRates })
    .from(stores)
    .where(
      inArray(
        stores.code,
        DEMO_STORES.map((store) => store.code),
      ),
    );
  const storeIdByCode = new Map(storeRows.map((row) => [row.code, row.id]));
  const loadedStores: LoadedStore[] = DEMO_STORES.map((store) => {
    const row = storeRows.find((candidate) => candidate.code === store.code);
    if (!row) {
      throw new Error(`Store ${store.code} missing after insert`);
    }
    return { ...row, traffic: store.traffic };
  });

  // Users and their stores
  const newUsers = DEMO_USERS.flatMap((user) => {
    const hashes = credentials.get(user.username);
    return hashes
      ? [
          {
            username: user.username,
            name: user.name,
            role: user.role,
            passwordHash: hashes.passwordHash,
            pinHash: hashes.pinHash,
          },
        ]
      : [];
  });
  if (newUsers.length > 0) {
    const inserted = await tx
      .insert(users)
      .values(newUsers)
      .onConflictDoNothing()
      .returning({ id: users.id });
    created ||= inserted.length > 0;
  }
  const userRows = await tx
    .select({ id: users.id, username: sql<string>`lower(${users.username})` })
    .from(users)
    .where(
      inArray(
        sql`lower(${users.username})`,
        DEMO_USERS.map((user) => user.username),
      ),
    );
  const userIds = new Map(userRows.map((row) => [row.username, row.id]));
  const assignments = DEMO_USERS.flatMap((user) =>
    user.storeCodes.map((code) => ({
      userId: requireId(userIds, user.username),
      storeId: requireId(storeIdByCode, code),
    })),
  );
  const insertedAssignments = await tx
    .insert(userStores)
    .values(assignments)
    .onConflictDoNothing()
    .returning();
  created ||= insertedAssignments.length > 0;
  const adminId = requireId(userIds, 'admin');

  // Category tree: species roots, then their children
  const insertedRoots = await tx
    .insert(categories)
    .values(SEED_CATEGORY_TREE.map((root, position) => ({ name: root.name, position })))
    .onConflictDoNothing()
    .returning({ id: categories.id });
  created ||= insertedRoots.length > 0;
  const rootRows = await tx
    .select({ id: categories.id, name: categories.name })
    .from(categories)
    .where(
      and(
        isNull(categories.parentId),
        inArray(
          categories.name,
          SEED_CATEGORY_TREE.map((root) => root.name),
        ),
      ),
    );
  const rootIdByName = new Map(rootRows.map((row) => [row.name, row.id]));
  const insertedChildren = await tx
    .insert(categories)
    .values(
      SEED_CATEGORY_TREE.flatMap((root) =>
        root.children.map((name, position) => ({
          parentId: requireId(rootIdByName, root.name),
          name,
          position,
        })),
      ),
    )
    .onConflictDoNothing()
    .returning({ id: categories.id });
  created ||= insertedChildren.length > 0;
  const childRows = await tx
    .select({ id: categories.id, name: categories.name, parentId: categories.parentId })
    .from(categories)
    .where(inArray(categories.parentId, [...rootIdByName.values()]));
  const categoryIdByPath = new Map<string, string>();
  for (const [rootName, rootId] of rootIdByName) {
    for (const child of childRows.filter((row) => row.parentId === rootId)) {
      categoryIdByPath.set(`${rootName}/${child.name}`, child.id);
    }
  }

  // Products and barcodes
  const catalog = demoCatalog();
  for (const chunk of chunked(catalog, 500)) {
    const inserted = await tx
      .insert(products)
      .values(
        chunk.map((product) => ({
          sku: product.sku,
          name: product.name,
          brand: product.brand,
          categoryId: requireId(categoryIdByPath, `${product.rootName}/${product.categoryName}`),
          species: product.species,
          priceCents: product.priceCents,
          costCents: product.costCents,
          taxClass: product.taxClass,
          unit: product.unit,
        })),
      )
      .onConflictDoNothing({ target: products.sku })
      .returning({ id: products.id });
    created ||= inserted.length > 0;
  }
  const productRows = await tx
    .select({ id: products.id, sku: products.sku })
    .from(products)
    .where(
      inArray(
        products.sku,
        catalog.map((product) => product.sku),
      ),
    );
  const productIdBySku = new Map(productRows.map((row) => [row.sku, row.id]));
  for (const chunk of chunked(catalog, 1000)) {
    const inserted = await tx
      .insert(productBarcodes)
      .values(
        chunk.map((product) => ({
          barcode: product.barcode,
          productId: requireId(productIdBySku, product.sku),
        })),
      )
      .onConflictDoNothing()
      .returning({ barcode: productBarcodes.barcode });
    created ||= inserted.length > 0;
  }
  const loadedProducts: LoadedProduct[] = catalog.map((product) => ({
    ...product,
    id: requireId(productIdBySku, product.sku),
    categoryId: requireId(categoryIdByPath, `${product.rootName}/${product.categoryName}`),
    popularity: popularityOf(product),
  }));

  // Opening stock: each new inventory row gets its ledger row, so on_hand = Σ delta from the start.
  const openingStockAt = new Date(Date.now() - (options.historyDays + 1) * 86_400_000);
  for (const store of loadedStores) {
    const levels = loadedProducts.map((product) => ({ product, ...openingStock(product, store.code) }));
    const inserted = await tx
      .insert(inventory)
      .values(
        levels.map((level) => ({
          storeId: store.id,
          productId: level.product.id,
          onHand: level.onHand,
          reorderPoint: level.reorderPoint,
          reorderQuantity: level.reorderQuantity,
        })),
      )
      .onConflictDoNothing()
      .returning({ productId: inventory.productId, onHand: inventory.onHand });
    created ||= inserted.length > 0;
    const movements = inserted
      .filter((row) => row.onHand !== 0)
      .map((row) => ({
        storeId: store.id,
        productId: row.productId,
        delta: row.onHand,
        reason: 'count' as const,
        refType: 'seed' as const,
        userId: adminId,
        note: 'Opening stock count (demo seed)',
        createdAt: openingStockAt,
      }));
    for (const chunk of chunked(movements, 1000)) {
      await tx.insert(stockMovements).values(chunk);
    }
  }

  // Suppliers (for purchase orders later)
  const insertedSuppliers = await tx
    .insert(suppliers)
    .values(DEMO_SUPPLIERS.map((supplier) => ({ ...supplier })))
    .onConflictDoNothing()
    .returning({ id: suppliers.id });
  created ||= insertedSuppliers.length > 0;

  // Customers and their pets, matched on e-mail
  const existingCustomers = await tx
    .select({ id: customers.id, email: sql<string>`lower(${customers.email})` })
    .from(customers)
    .where(
      inArray(
        sql`lower(${customers.email})`,
        DEMO_CUSTOMERS.map((customer) => customer.email.toLowerCase()),
      ),
    );
  const customerIdByEmail = new Map(existingCustomers.map((row) => [row.email, row.id]));
  for (const customer of DEMO_CUSTOMERS) {
    if (customerIdByEmail.has(customer.email.toLowerCase())) {
      continue;
    }
    const [row] = await tx
      .insert(customers)
      .values({ name: customer.name, phone: customer.phone, email: customer.email, notes: customer.notes })
      .returning({ id: customers.id });
    if (!row) {
      throw new Error(`Customer ${customer.email} was not inserted`);
    }
    customerIdByEmail.set(customer.email.toLowerCase(), row.id);
    if (customer.pets.length > 0) {
      await tx.insert(pets).values(customer.pets.map((pet) => ({ ...pet, customerId: row.id })));
    }
    created = true;
  }

  // The frequent-buyer program, in every demo store
  const loyaltyCategoryId = requireId(categoryIdByPath, DEMO_LOYALTY_PROGRAM.categoryPath.join('/'));
  let [program] = await tx
    .select({ id: loyaltyPrograms.id })
    .from(loyaltyPrograms)
    .where(eq(loyaltyPrograms.name, DEMO_LOYALTY_PROGRAM.name));
  if (!program) {
    [program] = await tx
      .insert(loyaltyPrograms)
      .values({
        name: DEMO_LOYALTY_PROGRAM.name,
        qualifying: { categoryId: loyaltyCategoryId },
        buyQuantity: DEMO_LOYALTY_PROGRAM.buyQuantity,
        rewardQuantity: DEMO_LOYALTY_PROGRAM.rewardQuantity,
      })
      .returning({ id: loyaltyPrograms.id });
    created = true;
  }
  if (!program) {
    throw new Error('Loyalty program was not inserted');
  }
  const programId = program.id;
  const insertedProgramStores = await tx
    .insert(loyaltyProgramStores)
    .values(loadedStores.map((store) => ({ programId, storeId: store.id })))
    .onConflictDoNothing()
    .returning();
  created ||= insertedProgramStores.length > 0;

  // Receipt sequences of the demo registers
  const insertedRegisters = await tx
    .insert(registerSequences)
    .values(
      loadedStores.flatMap((store) =>
        DEMO_REGISTERS.map((register) => ({
          storeId: store.id,
          registerId: register.registerId,
          registerNumber: register.registerNumber,
        })),
      ),
    )
    .onConflictDoNothing()
    .returning();
  created ||= insertedRegisters.length > 0;

  return {
    created,
    stores: loadedStores,
    userIds,
    products: loadedProducts,
    customerIds: DEMO_CUSTOMERS.map((customer) => requireId(customerIdByEmail, customer.email.toLowerCase())),
    loyalty: { programId, categoryId: loyaltyCategoryId },
  };
}

/** How often a product sells relative to others: food and litter move, cages and terrariums rarely. */
function popularityOf(product: SeedProduct): number {
  const byCategory: Record<SeedCategory, number> = {
    Food: 6,
    Treats: 4,
    Grooming: 3,
    Health: 2,
    Toys: 2,
    Habitat: 1.2,
  };
  const bySpecies: Record<Species, number> = {
    dog: 3,
    cat: 2.5,
    bird: 0.8,
    fish: 0.8,
    small_animal: 1,
    reptile: 0.6,
  };
  const priceFactor = product.priceCents >= 10_000 ? 0.15 : product.priceCents >= 5_000 ? 0.4 : 1;
  return byCategory[product.categoryName] * (bySpecies[product.species[0] ?? 'dog'] ?? 1) * priceFactor;
}

/** Opening stock and reorder settings, the same on every run for a store and SKU. */
function openingStock(
  product: SeedProduct,
  storeCode: string,
): { onHand: number; reorderPoint: number; reorderQuantity: number } {
  const random = createRandom(`stock:${storeCode}:${product.sku}`);
  if (product.unit === 'weight') {
    // Grams: sacks of 10–40 kg in the bulk bins.
    return { onHand: random.int(10, 40) * 1000, reorderPoint: 5000, reorderQuantity: 25_000 };
  }
  if (product.priceCents >= 5_000) {
    return { onHand: random.int(3, 8), reorderPoint: 2, reorderQuantity: 4 };
  }
  if (product.categoryName === 'Food' || product.categoryName === 'Treats') {
    return { onHand: random.int(18, 60), reorderPoint: 12, reorderQuantity: 36 };
  }
  return { onHand: random.int(8, 30), reorderPoint: 6, reorderQuantity: 18 };
}

/** Generates the missing history days of every demo store, one transaction per store and day. */
async function seedSalesHistory(db: Db, base: BaseData, options: SeedDemoOptions): Promise<boolean> {
  let created = false;
  const sampler = createProductSampler(base.products);
  for (const store of base.stores) {
    const today = businessDateAt(new Date(), store.timezone);
    const firstDay = addDays(today, -options.historyDays);
    const seededRows = await db
      .selectDistinct({ businessDate: salesTransactions.businessDate })
      .from(salesTransactions)
      .where(
        and(
          eq(salesTransactions.storeId, store.id),
          eq(salesTransactions.requestHash, SEED_HISTORY_REQUEST_HASH),
          gte(salesTransactions.businessDate, firstDay),
        ),
      );
    const seededDays = new Set(seededRows.map((row) => row.businessDate));
    let days = 0;
    let sales = 0;
    for (let date = firstDay; date < today; date = addDays(date, 1)) {
      if (seededDays.has(date)) {
        continue;
      }
      const daySales = await db.transaction(async (tx) => {
        await tx.execute(sql`select pg_advisory_xact_lock(${SEED_LOCK_KEY})`);
        // Another process may have seeded this day since the list above was read.
        const [done] = await tx
          .select({ id: salesTransactions.id })
          .from(salesTransactions)
          .where(
            and(
              eq(salesTransactions.storeId, store.id),
              eq(salesTransactions.requestHash, SEED_HISTORY_REQUEST_HASH),
              eq(salesTransactions.businessDate, date),
            ),
          )
          .limit(1);
        return done ? 0 : seedSalesDay(tx, base, store, date, sampler);
      });
      if (daySales > 0) {
        sales += daySales;
        days += 1;
      }
    }
    if (days > 0) {
      created = true;
      options.log(`Demo history: ${store.code} ${days} days, ${sales} sales`);
    }
  }
  return created;
}

type ProductSampler = (random: Random) => LoadedProduct;

function createProductSampler(catalog: LoadedProduct[]): ProductSampler {
  const cumulative: number[] = [];
  let total = 0;
  for (const product of catalog) {
    total += product.popularity;
    cumulative.push(total);
  }
  return (random) => {
    const target = random.next() * total;
    let low = 0;
    let high = cumulative.length - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if ((cumulative[middle] ?? 0) <= target) {
        low = middle + 1;
      } else {
        high = middle;
      }
    }
    return catalog[low] as LoadedProduct;
  };
}

/** Relative share of a day's customers arriving in each hour (index = hour of day). */
const HOURLY_TRAFFIC = [0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 5, 7, 9, 8, 7, 7, 8, 10, 10, 7, 5, 3, 0, 0];
const LINE_COUNT_WEIGHTS = [30, 25, 18, 12, 9, 6];
const DISCOUNT_REASONS = ['Damaged packaging', 'Clearance', 'Price match'];

type DraftLine = {
  product: LoadedProduct;
  quantity: number;
  grossCents: number;
  discountCents: number;
  discountReason: string | null;
  taxRate: string;
  taxCents: number;
  totalCents: number;
  costCents: number;
};

type DraftSale = {
  id: string;
  at: Date;
  register: (typeof DEMO_REGISTERS)[number];
  cashierId: string;
  customerId: string | null;
  lines: DraftLine[];
  subtotalCents: number;
  discountCents: number;
  taxCents: number;
  totalCents: number;
  tenders: Array<{ method: 'cash' | 'card'; amountCents: number; reference: string | null }>;
  changeDueCents: number;
};

/** One business day of one store: closed shifts, completed sales, their stock movements and loyalty counts. */
async function seedSalesDay(
  tx: Executor,
  base: BaseData,
  store: LoadedStore,
  date: string,
  sampleProduct: ProductSampler,
): Promise<number> {
  const random = createRandom(`sales:${store.code}:${date}`);
  const weekday = dayOfWeek(date);
  const isWeekend = weekday === 0 || weekday === 6;
  const [openHour, closeHour] = weekday === 0 ? [10, 18] : [9, 21];
  const staffIds = {
    cashier: requireId(base.userIds, demoStaffOf(store.code, 'cashier')),
    manager: requireId(base.userIds, demoStaffOf(store.code, 'manager')),
  };
  const saleCount = Math.round(random.int(isWeekend ? 46 : 26, isWeekend ? 64 : 40) * store.traffic);
  const hourWeights = HOURLY_TRAFFIC.map((weight, hour) =>
    hour >= openHour && hour < closeHour ? weight : 0,
  );

  const drafts: DraftSale[] = [];
  for (let index = 0; index < saleCount; index++) {
    const hour = pickWeighted(random, hourWeights);
    const at = zonedTimeToInstant(date, hour * 3600 + random.int(0, 3599), store.timezone);
    const register = isWeekend && random.chance(0.4) ? DEMO_REGISTERS[1] : DEMO_REGISTERS[0];
    drafts.push(
      draftSale(
        random,
        sampleProduct,
        store,
        at,
        register,
        staffIds[register.staff],
        base.customerIds,
        index,
        date,
      ),
    );
  }
  drafts.sort((a, b) => a.at.getTime() - b.at.getTime());

  // Receipt numbers, in time order per register
  const receiptNumbers = new Map<string, string>();
  for (const register of DEMO_REGISTERS) {
    const onRegister = drafts.filter((draft) => draft.register.registerId === register.registerId);
    if (onRegister.length === 0) {
      continue;
    }
    const [sequence] = await tx
      .update(registerSequences)
      .set({ nextNumber: sql`${registerSequences.nextNumber} + ${onRegister.length}` })
      .where(
        and(eq(registerSequences.storeId, store.id), eq(registerSequences.registerId, register.registerId)),
      )
      .returning({
        nextNumber: registerSequences.nextNumber,
        registerNumber: registerSequences.registerNumber,
      });
    if (!sequence) {
      throw new Error(`No receipt sequence for ${store.code} ${register.registerId}`);
    }
    const first = sequence.nextNumber - onRegister.length;
    onRegister.forEach((draft, offset) => {
      receiptNumbers.set(
        draft.id,
        `${store.code}-${sequence.registerNumber}-${String(first + offset).padStart(6, '0')}`,
      );
    });
  }

  // One closed shift per register that sold that day; the drawer counts out right most days.
  const shiftIds = new Map<string, string>();
  for (const register of DEMO_REGISTERS) {
    const onRegister = drafts.filter((draft) => draft.register.registerId === register.registerId);
    if (onRegister.length === 0) {
      continue;
    }
    const cashIn = onRegister.reduce(
      (sum, draft) =>
        sum +
        draft.tenders
          .filter((tender) => tender.method === 'cash')
          .reduce((cash, tender) => cash + tender.amountCents, 0) -
        draft.changeDueCents,
      0,
    );
    const expectedCashCents = register.openingFloatCents + cashIn;
    const overShortCents = random.chance(0.15) ? random.int(-500, 300) : 0;
    const userId = staffIds[register.staff];
    const [shift] = await tx
      .insert(shifts)
      .values({
        storeId: store.id,
        registerId: register.registerId,
        status: 'closed',
        openedBy: userId,
        closedBy: userId,
        openingFloatCents: register.openingFloatCents,
        expectedCashCents,
        countedCashCents: Math.max(0, expectedCashCents + overShortCents),
        businessDate: date,
        openedAt: zonedTimeToInstant(date, openHour * 3600 - 20 * 60, store.timezone),
        closedAt: zonedTimeToInstant(date, closeHour * 3600 + 15 * 60, store.timezone),
      })
      .returning({ id: shifts.id });
    if (!shift) {
      throw new Error('Shift was not inserted');
    }
    shiftIds.set(register.registerId, shift.id);
  }

  // Stock: deliveries on Tuesdays and Fridays for what is at or below its reorder point, and a top-up
  // before any sale that would take stock below zero, so the shelves never show negative counts.
  const stockRows = await tx
    .select({
      productId: inventory.productId,
      onHand: inventory.onHand,
      reorderPoint: inventory.reorderPoint,
      reorderQuantity: inventory.reorderQuantity,
    })
    .from(inventory)
    .where(eq(inventory.storeId, store.id));
  const stock = new Map(stockRows.map((row) => [row.productId, { ...row }]));
  const deliveryAt = zonedTimeToInstant(date, (openHour - 1) * 3600, store.timezone);
  const movements: Array<typeof stockMovements.$inferInsert> = [];
  const receive = (productId: string, quantity: number, at: Date) => {
    movements.push({
      storeId: store.id,
      productId,
      delta: quantity,
      reason: 'received',
      refType: 'seed',
      userId: staffIds.manager,
      note: 'Supplier delivery (demo seed)',
      createdAt: at,
    });
  };
  if (weekday === 2 || weekday === 5) {
    for (const level of stock.values()) {
      if (level.onHand <= level.reorderPoint && level.reorderQuantity > 0) {
        receive(level.productId, level.reorderQuantity, deliveryAt);
        level.onHand += level.reorderQuantity;
      }
    }
  }
  const loyaltyUnits = new Map<string, number>();
  for (const draft of drafts) {
    for (const line of draft.lines) {
      const level = stock.get(line.product.id);
      if (!level) {
        throw new Error(`No inventory row for ${line.product.sku} at ${store.code}`);
      }
      if (level.onHand < line.quantity) {
        const topUp = Math.max(level.reorderQuantity, line.quantity - level.onHand);
        receive(line.product.id, topUp, deliveryAt);
        level.onHand += topUp;
      }
      level.onHand -= line.quantity;
      movements.push({
        storeId: store.id,
        productId: line.product.id,
        delta: -line.quantity,
        reason: 'sale',
        refType: 'sale',
        refId: draft.id,
        userId: draft.cashierId,
        createdAt: draft.at,
      });
      if (
        draft.customerId &&
        line.product.unit === 'each' &&
        line.product.categoryId === base.loyalty.categoryId
      ) {
        loyaltyUnits.set(draft.customerId, (loyaltyUnits.get(draft.customerId) ?? 0) + line.quantity);
      }
    }
  }

  await tx.insert(salesTransactions).values(
    drafts.map((draft) => ({
      id: draft.id,
      kind: 'sale' as const,
      status: 'completed' as const,
      storeId: store.id,
      registerId: draft.register.registerId,
      shiftId: shiftIds.get(draft.register.registerId) ?? null,
      cashierId: draft.cashierId,
      customerId: draft.customerId,
      receiptNumber: receiptNumbers.get(draft.id) ?? '',
      businessDate: date,
      transactionDate: draft.at,
      subtotalCents: draft.subtotalCents,
      discountCents: draft.discountCents,
      taxCents: draft.taxCents,
      totalCents: draft.totalCents,
      changeDueCents: draft.changeDueCents,
      requestHash: SEED_HISTORY_REQUEST_HASH,
      createdAt: draft.at,
    })),
  );
  const items = drafts.flatMap((draft) =>
    draft.lines.map((line, index) => ({
      transactionId: draft.id,
      lineNumber: index + 1,
      productId: line.product.id,
      sku: line.product.sku,
      name: line.product.name,
      unit: line.product.unit,
      categoryId: line.product.categoryId ?? null,
      quantity: line.quantity,
      unitPriceCents: line.product.priceCents,
      grossCents: line.grossCents,
      discountCents: line.discountCents,
      discountReason: line.discountReason,
      taxClass: line.product.taxClass,
      taxRate: line.taxRate,
      taxCents: line.taxCents,
      totalCents: line.totalCents,
      costCents: line.costCents,
    })),
  );
  for (const chunk of chunked(items, 1000)) {
    await tx.insert(salesTransactionItems).values(chunk);
  }
  await tx.insert(salesPayments).values(
    drafts.flatMap((draft) =>
      draft.tenders.map((tender, position) => ({
        transactionId: draft.id,
        position,
        method: tender.method,
        amountCents: tender.amountCents,
        reference: tender.reference,
      })),
    ),
  );
  for (const chunk of chunked(movements, 1000)) {
    await tx.insert(stockMovements).values(chunk);
  }

  // on_hand moves by exactly the sum of the movements written above.
  const deltas = new Map<string, number>();
  for (const movement of movements) {
    deltas.set(movement.productId, (deltas.get(movement.productId) ?? 0) + movement.delta);
  }
  const changed = [...deltas].filter(([, delta]) => delta !== 0);
  if (changed.length > 0) {
    await tx.execute(sql`
      update ${inventory} set on_hand = ${inventory.onHand} + v.delta, updated_at = now()
      from (values ${sql.join(
        changed.map(([productId, delta]) => sql`(${productId}::uuid, ${delta}::integer)`),
        sql`, `,
      )}) as v(product_id, delta)
      where ${inventory.storeId} = ${store.id} and ${inventory.productId} = v.product_id`);
  }

  if (loyaltyUnits.size > 0) {
    await tx
      .insert(loyaltyAccounts)
      .values(
        [...loyaltyUnits].map(([customerId, units]) => ({
          customerId,
          programId: base.loyalty.programId,
          qualifyingUnitsCount: units,
        })),
      )
      .onConflictDoUpdate({
        target: [loyaltyAccounts.customerId, loyaltyAccounts.programId],
        set: {
          qualifyingUnitsCount: sql`${loyaltyAccounts.qualifyingUnitsCount} + excluded.qualifying_units_count`,
          updatedAt: sql`now()`,
        },
      });
  }
  return drafts.length;
}

/** One priced sale: the contract's arithmetic (half-up line discount and tax, tax-exclusive stores). */
function draftSale(
  random: Random,
  sampleProduct: ProductSampler,
  store: LoadedStore,
  at: Date,
  register: (typeof DEMO_REGISTERS)[number],
  cashierId: string,
  customerIds: string[],
  index: number,
  date: string,
): DraftSale {
  const lineCount = pickWeighted(random, LINE_COUNT_WEIGHTS) + 1;
  const chosen = new Map<string, LoadedProduct>();
  for (let attempt = 0; chosen.size < lineCount && attempt < lineCount * 4; attempt++) {
    const product = sampleProduct(random);
    chosen.set(product.id, product);
  }
  const lines: DraftLine[] = [...chosen.values()].map((product) => {
    const quantity =
      product.unit === 'weight'
        ? random.int(50, 400) * 5
        : random.chance(0.75)
          ? 1
          : random.chance(0.7)
            ? 2
            : random.int(3, 6);
    const grossCents = lineGrossCents(product.priceCents, quantity, product.unit);
    const isDiscounted = random.chance(0.05);
    const discountCents = isDiscounted ? percentOfCents(grossCents, 10) : 0;
    const netCents = grossCents - discountCents;
    const taxRate = store.taxRates[product.taxClass];
    const taxCents = lineTaxCents(netCents, taxRate);
    return {
      product,
      quantity,
      grossCents,
      discountCents,
      discountReason: isDiscounted ? random.pick(DISCOUNT_REASONS) : null,
      taxRate,
      taxCents,
      totalCents: netCents + taxCents,
      costCents: lineGrossCents(product.costCents, quantity, product.unit),
    };
  });
  const subtotalCents = lines.reduce((sum, line) => sum + line.grossCents, 0);
  const discountCents = lines.reduce((sum, line) => sum + line.discountCents, 0);
  const taxCents = lines.reduce((sum, line) => sum + line.taxCents, 0);
  const totalCents = lines.reduce((sum, line) => sum + line.totalCents, 0);

  let tenders: DraftSale['tenders'];
  let changeDueCents = 0;
  if (random.chance(0.38)) {
    // Cash: the customer hands over the next round note amount.
    const note = random.pick([500, 1000, 2000]);
    const tendered = Math.ceil(totalCents / note) * note + (random.chance(0.2) ? note : 0);
    tenders = [{ method: 'cash', amountCents: tendered, reference: null }];
    changeDueCents = tendered - totalCents;
  } else {
    tenders = [
      {
        method: 'card',
        amountCents: totalCents,
        reference: `AUTH${String(random.int(0, 999_999)).padStart(6, '0')}`,
      },
    ];
  }

  return {
    id: nameBasedUuid(`demo-sale:${store.code}:${date}:${index}`),
    at,
    register,
    cashierId,
    customerId: random.chance(0.2) ? random.pick(customerIds) : null,
    lines,
    subtotalCents,
    discountCents,
    taxCents,
    totalCents,
    tenders,
    changeDueCents,
  };
}

function demoStaffOf(storeCode: string, role: 'cashier' | 'manager'): string {
  const user = DEMO_USERS.find(
    (candidate) => candidate.role === role && candidate.storeCodes.includes(storeCode),
  );
  if (!user) {
    throw new Error(`No demo ${role} for store ${storeCode}`);
  }
  return user.username;
}

function requireId(ids: Map<string, string>, key: string): string {
  const id = ids.get(key);
  if (!id) {
    throw new Error(`Seed: nothing found for "${key}"`);
  }
  return id;
}

function chunked<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) {
    chunks.push(items.slice(start, start + size));
  }
  return chunks;
}
