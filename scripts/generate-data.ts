// Fills a PostgreSQL database with a large synthetic chain for benchmarks:
//   tsx scripts/generate-data.ts --database-url postgres://… [--stores 10] [--products 100000] [--sales 1000000]
//                                [--days 365] [--customers 20000] [--batch 5000] [--concurrency 2]
// Migrates first, then writes stores, staff, a category tree, products with EAN-13 barcodes, customers,
// opening stock, and `--sales` completed sales (lines, tenders, stock movements) over the last `--days` days,
// each store's today included (a whole business day, so part of it later than the run: the dashboard's worst case).
// Rows go in as column arrays through INSERT … SELECT FROM unnest(…): one statement per table per batch,
// independent of the row count. The ledger invariant holds: inventory.on_hand is the sum of its movements.
// A finished run leaves a marker in audit_log; running again with the same sizes does nothing.
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import bcrypt from 'bcrypt';
import pg from 'pg';
import { completeEan13 } from '../shared/barcode/ean';
import { openDatabase } from '../server/db/client';
import { migrateDatabase } from '../server/db/migrate';
import {
  addDays,
  businessDateAt,
  createRandom,
  dayOfWeek,
  lineGrossCents,
  lineTaxCents,
  percentOfCents,
  zonedTimeToInstant,
  pickWeighted,
} from '../server/db/seed-support';

const MARKER_ACTION = 'data.generated';
const REQUEST_HASH = 'seed:generated';
const STORE_CODE_PREFIX = 'G';
const SPECIES = ['dog', 'cat', 'bird', 'fish', 'small_animal', 'reptile'] as const;
type Species = (typeof SPECIES)[number];
const SPECIES_ROOTS: Record<Species, string> = {
  dog: 'Dog',
  cat: 'Cat',
  bird: 'Bird',
  fish: 'Fish',
  small_animal: 'Small Animal',
  reptile: 'Reptile',
};
const CHILD_CATEGORIES = ['Food', 'Treats', 'Toys', 'Health', 'Grooming', 'Habitat'] as const;
type ChildCategory = (typeof CHILD_CATEGORIES)[number];
const SPECIES_WEIGHTS = [34, 28, 9, 10, 11, 8];
const CATEGORY_WEIGHTS = [30, 18, 14, 12, 10, 16];
const LINE_COUNT_WEIGHTS = [30, 25, 18, 12, 9, 6];
const HOURLY_TRAFFIC = [0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 5, 7, 9, 8, 7, 7, 8, 10, 10, 7, 5, 3, 0, 0];
const OPEN_HOUR = 9;
const CLOSE_HOUR = 21;
const REGISTERS = ['till-1', 'till-2', 'till-3'] as const;

const STORE_PROFILES = [
  { timezone: 'America/New_York', city: 'Albany, NY', rates: { standard: '8', reduced: '0', exempt: '0' } },
  { timezone: 'America/Chicago', city: 'Madison, WI', rates: { standard: '5.5', reduced: '0', exempt: '0' } },
  {
    timezone: 'America/Denver',
    city: 'Boulder, CO',
    rates: { standard: '8.845', reduced: '4.1', exempt: '0' },
  },
  {
    timezone: 'America/Los_Angeles',
    city: 'Sacramento, CA',
    rates: { standard: '8.75', reduced: '0', exempt: '0' },
  },
  { timezone: 'America/Phoenix', city: 'Tempe, AZ', rates: { standard: '8.1', reduced: '2', exempt: '0' } },
  { timezone: 'America/Chicago', city: 'Austin, TX', rates: { standard: '8.25', reduced: '0', exempt: '0' } },
] as const;

const BRANDS = [
  'Timber Ridge',
  'Hearth & Hound',
  'Copper Creek',
  'Prairie Pantry',
  'Northpaw',
  'Chewmate',
  'Bounce Co.',
  'VetPath',
  'Groomly',
  'TidyTail',
  'Whisker & Co.',
  'Harbor Kitchen',
  'PurrFect Play',
  'Meadow Munch',
  'Songbird Select',
  'FeatherFare',
  'Bright Fin',
  'Reef & River',
  'Little Burrow',
  'Basking Point',
  'ScaleCraft',
  'Wildwood Farms',
  'Blue Mesa',
  'Summit Trail',
  'Oak & Ember',
  'Lakeside Naturals',
  'Maple Run',
  'Trueheart',
  'Open Range',
  'Silver Birch',
  'Red Canyon',
  'Evergreen Table',
  'Pawsome Labs',
  'Kindred Kitchen',
  'Tailwind',
  'Goldcrest',
  'Riverbend',
  'Stonefield',
  'Cedar Hollow',
  'Morning Dew',
  'Highland Herd',
  'Cloud Nine Pets',
];
const FLAVORS = [
  'Chicken',
  'Beef',
  'Salmon',
  'Turkey',
  'Lamb',
  'Duck',
  'Whitefish',
  'Venison',
  'Tuna',
  'Rabbit',
  'Bison',
  'Chicken & Rice',
  'Lamb & Oatmeal',
  'Salmon & Sweet Potato',
  'Turkey & Barley',
  'Peanut Butter',
  'Pumpkin',
  'Blueberry',
  'Apple',
  'Carrot',
  'Sardine',
  'Shrimp',
  'Pork',
];
const NOUNS: Record<ChildCategory, readonly string[]> = {
  Food: [
    'Dry Food',
    'Wet Food',
    'Pâté',
    'Stew',
    'Kibble',
    'Pellets',
    'Freeze-Dried Bites',
    'Topper',
    'Complete Diet',
  ],
  Treats: [
    'Biscuits',
    'Jerky',
    'Chews',
    'Training Bites',
    'Crunchies',
    'Sticks',
    'Purée Tubes',
    'Dental Treats',
  ],
  Toys: [
    'Chew Ball',
    'Rope Tug',
    'Plush Toy',
    'Puzzle Feeder',
    'Teaser Wand',
    'Tunnel',
    'Ladder',
    'Exercise Wheel',
  ],
  Health: [
    'Supplement Chews',
    'Vitamin Drops',
    'Probiotic Powder',
    'Ear Cleaner',
    'Flea & Tick Treatment',
    'Calming Aid',
  ],
  Grooming: [
    'Shampoo',
    'Conditioner',
    'Slicker Brush',
    'Deshedding Tool',
    'Nail Clippers',
    'Wipes',
    'Litter',
  ],
  Habitat: [
    'Bed',
    'Crate',
    'Bowl',
    'Carrier',
    'Cage',
    'Terrarium',
    'Aquarium Kit',
    'Heat Lamp',
    'Bedding',
    'Filter',
  ],
};
const ADJECTIVES = [
  'Classic',
  'Premium',
  'Grain-Free',
  'Organic',
  'Natural',
  'Adult',
  'Puppy',
  'Senior',
  'Small Breed',
  'Large Breed',
  'Indoor',
  'Healthy Weight',
  'Sensitive',
  'Limited Ingredient',
  'Deluxe',
  'Everyday',
  'Pro',
  'Ultra',
];
const SIZES: Record<ChildCategory, readonly string[]> = {
  Food: ['3 oz', '5.5 oz', '13 oz', '2 lb', '4 lb', '5 lb', '12 lb', '15 lb', '24 lb', '30 lb'],
  Treats: ['3 oz', '6 oz', '12 oz', '16 oz', '2 lb', '10 count', '30 count'],
  Toys: ['Small', 'Medium', 'Large', 'XL'],
  Health: ['2 oz', '4 oz', '8 oz', '30 count', '60 count', '120 count'],
  Grooming: ['8 oz', '16 oz', '1 gal', 'Small', 'Large', '20 lb'],
  Habitat: ['Small', 'Medium', 'Large', '10 gal', '20 gal', '30 in', '42 in'],
};
const FIRST_NAMES = [
  'Avery',
  'Blake',
  'Cameron',
  'Dakota',
  'Emerson',
  'Finley',
  'Harper',
  'Jamie',
  'Kendall',
  'Logan',
  'Morgan',
  'Noel',
  'Parker',
  'Quinn',
  'Reese',
  'Sawyer',
  'Taylor',
  'Rowan',
  'Skyler',
  'Jordan',
];
const LAST_NAMES = [
  'Anderson',
  'Brooks',
  'Chen',
  'Diaz',
  'Evans',
  'Fischer',
  'Garcia',
  'Hughes',
  'Ito',
  'Johnson',
  'Kim',
  'Lopez',
  'Miller',
  'Nguyen',
  'Okafor',
  'Patel',
  'Rossi',
  'Smith',
  'Tanaka',
  'Walker',
];

type Options = {
  databaseUrl: string;
  stores: number;
  products: number;
  sales: number;
  days: number;
  customers: number;
  batch: number;
  concurrency: number;
  password: string;
};

type GeneratedStore = {
  id: string;
  code: string;
  timezone: string;
  rates: { standard: string; reduced: string; exempt: string };
  cashierIds: string[];
  managerId: string;
};

type Catalog = {
  ids: string[];
  skus: string[];
  names: string[];
  priceCents: Int32Array;
  costCents: Int32Array;
  taxClass: Array<'standard' | 'reduced' | 'exempt'>;
  isWeighed: Uint8Array;
  categoryIds: Array<string | null>;
};

function parseOptions(): Options {
  const { values } = parseArgs({
    options: {
      'database-url': { type: 'string' },
      stores: { type: 'string', default: '10' },
      products: { type: 'string', default: '100000' },
      sales: { type: 'string', default: '1000000' },
      days: { type: 'string', default: '365' },
      customers: { type: 'string' },
      batch: { type: 'string', default: '5000' },
      concurrency: { type: 'string', default: '2' },
      password: { type: 'string', default: 'generated-data-password' },
    },
  });
  // Scripts are outside the server; the flag wins, the usual variable is a convenience for benchmark runners.
  const databaseUrl = values['database-url'] ?? process.env.DATABASE_URL;
  if (!databaseUrl) {
    throw new Error('--database-url postgres://… is required');
  }
  const int = (name: string, value: string | undefined, min: number, max: number) => {
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < min || parsed > max) {
      throw new Error(`--${name} must be a whole number from ${min} to ${max}, got "${value}"`);
    }
    return parsed;
  };
  const products = int('products', values.products, 1, 10_000_000);
  return {
    databaseUrl,
    stores: int('stores', values.stores, 1, 999),
    products,
    sales: int('sales', values.sales, 0, 100_000_000),
    days: int('days', values.days, 1, 3650),
    customers: int('customers', values.customers ?? String(Math.min(20_000, products)), 0, 10_000_000),
    batch: int('batch', values.batch, 100, 100_000),
    concurrency: int('concurrency', values.concurrency, 1, 8),
    password: values.password,
  };
}

/** One updating line on a terminal; in a log (benchmark runs), a line now and then. */
let lastProgressLogMs = 0;
function progress(message: string): void {
  if (process.stdout.isTTY) {
    process.stdout.write(`\r${message}`);
  } else if (performance.now() - lastProgressLogMs > 10_000) {
    lastProgressLogMs = performance.now();
    console.log(message);
  }
}

function endProgress(message: string): void {
  if (process.stdout.isTTY) {
    process.stdout.write('\n');
  }
  console.log(message);
}

function elapsed(startedMs: number): string {
  return `${((performance.now() - startedMs) / 1000).toFixed(1)} s`;
}

/** Column arrays for one INSERT … SELECT FROM unnest(…). */
class ColumnBatch {
  readonly columns: unknown[][];
  length = 0;

  constructor(
    private readonly table: string,
    private readonly names: readonly string[],
    private readonly types: readonly string[],
  ) {
    this.columns = names.map(() => []);
  }

  push(...values: unknown[]): void {
    for (let index = 0; index < this.columns.length; index++) {
      this.columns[index]?.push(values[index]);
    }
    this.length += 1;
  }

  async insertInto(client: pg.PoolClient): Promise<void> {
    if (this.length === 0) {
      return;
    }
    const unnest = this.types.map((type, index) => `$${index + 1}::${type}[]`).join(', ');
    await client.query(
      `insert into ${this.table} (${this.names.join(', ')}) select * from unnest(${unnest})`,
      this.columns,
    );
  }
}

async function inTransaction(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<void>): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('begin');
    await work(client);
    await client.query('commit');
  } catch (error) {
    await client.query('rollback').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

/** The marker of a finished run, or whether a run started and did not finish. */
async function findPreviousRun(
  pool: pg.Pool,
): Promise<{ marker: Record<string, number> | null; hasStores: boolean }> {
  const marker = await pool.query<{ details: Record<string, number> }>(
    'select details from audit_log where action = $1 order by occurred_at desc limit 1',
    [MARKER_ACTION],
  );
  const stores = await pool.query(`select 1 from stores where code like '${STORE_CODE_PREFIX}%' limit 1`);
  return { marker: marker.rows[0]?.details ?? null, hasStores: (stores.rowCount ?? 0) > 0 };
}

async function insertStoresAndStaff(pool: pg.Pool, options: Options): Promise<GeneratedStore[]> {
  const passwordHash = await bcrypt.hash(options.password, 10);
  const stores: GeneratedStore[] = [];
  await inTransaction(pool, async (client) => {
    const storeBatch = new ColumnBatch(
      'stores',
      ['id', 'code', 'name', 'timezone', 'address', 'tax_rates', 'receipt_header', 'receipt_footer'],
      ['uuid', 'text', 'text', 'text', 'text', 'jsonb', 'text', 'text'],
    );
    const userBatch = new ColumnBatch(
      'users',
      ['id', 'username', 'name', 'role', 'password_hash'],
      ['uuid', 'text', 'text', 'text', 'text'],
    );
    const assignmentBatch = new ColumnBatch('user_stores', ['user_id', 'store_id'], ['uuid', 'uuid']);
    const sequenceBatch = new ColumnBatch(
      'register_sequences',
      ['store_id', 'register_id', 'register_number', 'next_number'],
      ['uuid', 'text', 'integer', 'integer'],
    );
    userBatch.push(randomUUID(), 'gen-admin', 'Generated Admin', 'admin', passwordHash);
    for (let index = 1; index <= options.stores; index++) {
      const profile = STORE_PROFILES[(index - 1) % STORE_PROFILES.length] ?? STORE_PROFILES[0];
      const code = `${STORE_CODE_PREFIX}${String(index).padStart(4, '0')}`;
      const id = randomUUID();
      const name = `Paws & Claws — ${profile.city} #${index}`;
      storeBatch.push(
        id,
        code,
        name,
        profile.timezone,
        `${100 + index} Main Street, ${profile.city}`,
        JSON.stringify(profile.rates),
        name,
        'Thank you!',
      );
      const managerId = randomUUID();
      const cashierIds = [randomUUID(), randomUUID()];
      const lower = code.toLowerCase();
      userBatch.push(managerId, `gen-${lower}-manager`, `Manager ${code}`, 'manager', passwordHash);
      cashierIds.forEach((cashierId, cashier) => {
        userBatch.push(
          cashierId,
          `gen-${lower}-cashier${cashier + 1}`,
          `Cashier ${cashier + 1} ${code}`,
          'cashier',
          passwordHash,
        );
      });
      for (const userId of [managerId, ...cashierIds]) {
        assignmentBatch.push(userId, id);
      }
      REGISTERS.forEach((registerId, register) => {
        sequenceBatch.push(id, registerId, register + 1, 1);
      });
      stores.push({ id, code, timezone: profile.timezone, rates: profile.rates, cashierIds, managerId });
    }
    await storeBatch.insertInto(client);
    await userBatch.insertInto(client);
    await assignmentBatch.insertInto(client);
    await sequenceBatch.insertInto(client);
  });
  return stores;
}

/** Species roots and their children; reuses the demo seed's categories when both share a database. */
async function ensureCategories(pool: pg.Pool): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  await inTransaction(pool, async (client) => {
    for (const [position, root] of Object.values(SPECIES_ROOTS).entries()) {
      await client.query('insert into categories (name, position) values ($1, $2) on conflict do nothing', [
        root,
        position,
      ]);
      const rootRow = await client.query<{ id: string }>(
        'select id from categories where parent_id is null and lower(name) = lower($1)',
        [root],
      );
      const rootId = rootRow.rows[0]?.id;
      if (!rootId) {
        throw new Error(`Category ${root} missing`);
      }
      for (const [childPosition, child] of CHILD_CATEGORIES.entries()) {
        await client.query(
          'insert into categories (parent_id, name, position) values ($1, $2, $3) on conflict do nothing',
          [rootId, child, childPosition],
        );
        const childRow = await client.query<{ id: string }>(
          'select id from categories where parent_id = $1 and lower(name) = lower($2)',
          [rootId, child],
        );
        const childId = childRow.rows[0]?.id;
        if (!childId) {
          throw new Error(`Category ${root}/${child} missing`);
        }
        ids.set(`${root}/${child}`, childId);
      }
    }
  });
  return ids;
}

async function insertProducts(
  pool: pg.Pool,
  options: Options,
  categoryIds: Map<string, string>,
): Promise<Catalog> {
  const started = performance.now();
  const count = options.products;
  const catalog: Catalog = {
    ids: new Array<string>(count),
    skus: new Array<string>(count),
    names: new Array<string>(count),
    priceCents: new Int32Array(count),
    costCents: new Int32Array(count),
    taxClass: new Array(count),
    isWeighed: new Uint8Array(count),
    categoryIds: new Array(count),
  };
  const chunk = 20_000;
  for (let start = 0; start < count; start += chunk) {
    const productBatch = new ColumnBatch(
      'products',
      [
        'id',
        'sku',
        'name',
        'brand',
        'category_id',
        'species',
        'price_cents',
        'cost_cents',
        'tax_class',
        'unit',
      ],
      ['uuid', 'text', 'text', 'text', 'uuid', 'text', 'bigint', 'bigint', 'text', 'text'],
    );
    const barcodeBatch = new ColumnBatch('product_barcodes', ['barcode', 'product_id'], ['text', 'uuid']);
    for (let index = start; index < Math.min(count, start + chunk); index++) {
      const random = createRandom(index + 1);
      const species = SPECIES[pickWeighted(random, SPECIES_WEIGHTS)] ?? 'dog';
      const category = CHILD_CATEGORIES[pickWeighted(random, CATEGORY_WEIGHTS)] ?? 'Food';
      const isWeighed = (category === 'Food' || category === 'Treats') && random.chance(0.02);
      const brand = random.pick(BRANDS);
      const noun = random.pick(NOUNS[category]);
      const speciesWord = SPECIES_ROOTS[species];
      const name = isWeighed
        ? `Bulk ${random.pick(FLAVORS)} ${noun} for ${speciesWord}s (per kg)`
        : `${random.pick(ADJECTIVES)} ${random.pick(FLAVORS)} ${speciesWord} ${noun} ${random.pick(SIZES[category])}`;
      // Log-uniform between $1.99 and $199.99: many cheap items, a few expensive ones.
      const priceCents = Math.round((199 * 100 ** random.next()) / 10) * 10 + 9;
      const costCents = Math.round(priceCents * (0.45 + random.next() * 0.2));
      const taxClass = category === 'Food' ? 'reduced' : random.chance(0.01) ? 'exempt' : 'standard';
      const id = randomUUID();
      const sku = `GEN-${String(index + 1).padStart(7, '0')}`;
      catalog.ids[index] = id;
      catalog.skus[index] = sku;
      catalog.names[index] = name;
      catalog.priceCents[index] = priceCents;
      catalog.costCents[index] = costCents;
      catalog.taxClass[index] = taxClass;
      catalog.isWeighed[index] = isWeighed ? 1 : 0;
      catalog.categoryIds[index] = categoryIds.get(`${speciesWord}/${category}`) ?? null;
      productBatch.push(
        id,
        sku,
        name,
        brand,
        catalog.categoryIds[index],
        `{${species}}`,
        priceCents,
        costCents,
        taxClass,
        isWeighed ? 'weight' : 'each',
      );
      barcodeBatch.push(completeEan13(`09${String(index + 1).padStart(10, '0')}`), id);
    }
    await inTransaction(pool, async (client) => {
      // species is text[]: each value arrives as an array literal, so cast the column of literals.
      await client.query(
        `insert into products (id, sku, name, brand, category_id, species, price_cents, cost_cents, tax_class, unit)
         select id, sku, name, brand, category_id, species::text[], price_cents, cost_cents, tax_class, unit
         from unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::uuid[], $6::text[], $7::bigint[], $8::bigint[], $9::text[], $10::text[])
           as u(id, sku, name, brand, category_id, species, price_cents, cost_cents, tax_class, unit)`,
        productBatch.columns,
      );
      await barcodeBatch.insertInto(client);
    });
    progress(`  products ${Math.min(count, start + chunk)}/${count} (${elapsed(started)})`);
  }
  endProgress(`  ${count} products with barcodes (${elapsed(started)})`);
  return catalog;
}

async function insertCustomers(pool: pg.Pool, options: Options): Promise<string[]> {
  const ids: string[] = [];
  const chunk = 20_000;
  for (let start = 0; start < options.customers; start += chunk) {
    const batch = new ColumnBatch(
      'customers',
      ['id', 'name', 'phone', 'email'],
      ['uuid', 'text', 'text', 'text'],
    );
    for (let index = start; index < Math.min(options.customers, start + chunk); index++) {
      const random = createRandom(`customer:${index}`);
      const first = random.pick(FIRST_NAMES);
      const last = random.pick(LAST_NAMES);
      const id = randomUUID();
      ids.push(id);
      batch.push(
        id,
        `${first} ${last}`,
        `+1555${String(index).padStart(7, '0')}`,
        `${first}.${last}.${index}@example.com`.toLowerCase(),
      );
    }
    await inTransaction(pool, (client) => batch.insertInto(client));
  }
  return ids;
}

/** Opening stock per store and product; returns on-hand and reorder quantity, indexed store × product. */
async function insertOpeningStock(
  pool: pg.Pool,
  options: Options,
  stores: GeneratedStore[],
  catalog: Catalog,
  openingAt: string,
): Promise<{ onHand: Int32Array; reorderQuantity: Int32Array }> {
  const started = performance.now();
  const count = options.products;
  const onHand = new Int32Array(stores.length * count);
  const reorderQuantity = new Int32Array(stores.length * count);
  for (const [storeIndex, store] of stores.entries()) {
    const random = createRandom(`stock:${store.code}`);
    for (let start = 0; start < count; start += 50_000) {
      const movements = new ColumnBatch(
        'stock_movements',
        ['store_id', 'product_id', 'delta', 'reason', 'ref_type', 'user_id', 'note', 'created_at'],
        ['uuid', 'uuid', 'integer', 'text', 'text', 'uuid', 'text', 'timestamptz'],
      );
      for (let product = start; product < Math.min(count, start + 50_000); product++) {
        const slot = storeIndex * count + product;
        const isWeighed = catalog.isWeighed[product] === 1;
        onHand[slot] = isWeighed ? random.int(10, 40) * 1000 : random.int(6, 60);
        reorderQuantity[slot] = isWeighed ? 25_000 : 24;
        movements.push(
          store.id,
          catalog.ids[product],
          onHand[slot],
          'count',
          'seed',
          store.managerId,
          'Opening stock (generated)',
          openingAt,
        );
      }
      await inTransaction(pool, (client) => movements.insertInto(client));
    }
    progress(`  opening stock: store ${storeIndex + 1}/${stores.length} (${elapsed(started)})`);
  }
  endProgress(`  opening stock: ${stores.length * count} ledger rows (${elapsed(started)})`);
  return { onHand, reorderQuantity };
}

/** Sales per store and day: weekends busier, the total exactly `--sales` (largest remainders). */
function planSales(options: Options, stores: GeneratedStore[], firstDays: string[]): number[][] {
  const weights: number[][] = stores.map((store, storeIndex) => {
    const storeFactor = 0.6 + createRandom(`traffic:${store.code}`).next() * 0.8;
    return Array.from({ length: options.days }, (_, day) => {
      const weekday = dayOfWeek(addDays(firstDays[storeIndex] ?? '', day));
      return storeFactor * (weekday === 0 || weekday === 6 ? 1.6 : 1);
    });
  });
  const total = weights.flat().reduce((sum, weight) => sum + weight, 0);
  const exact = weights.map((row) => row.map((weight) => (weight / total) * options.sales));
  const plan = exact.map((row) => row.map(Math.floor));
  let remaining = options.sales - plan.flat().reduce((sum, count) => sum + count, 0);
  const remainders = exact
    .flatMap((row, storeIndex) =>
      row.map((value, day) => ({ storeIndex, day, fraction: value - Math.floor(value) })),
    )
    .sort((a, b) => b.fraction - a.fraction);
  for (const entry of remainders) {
    if (remaining <= 0) {
      break;
    }
    const row = plan[entry.storeIndex];
    if (row) {
      row[entry.day] = (row[entry.day] ?? 0) + 1;
      remaining -= 1;
    }
  }
  return plan;
}

type SalesBatch = {
  sales: ColumnBatch;
  items: ColumnBatch;
  payments: ColumnBatch;
  movements: ColumnBatch;
};

function newSalesBatch(): SalesBatch {
  return {
    sales: new ColumnBatch(
      'sales_transactions',
      [
        'id',
        'kind',
        'status',
        'store_id',
        'register_id',
        'cashier_id',
        'customer_id',
        'receipt_number',
        'business_date',
        'transaction_date',
        'subtotal_cents',
        'discount_cents',
        'tax_cents',
        'total_cents',
        'change_due_cents',
        'request_hash',
        'created_at',
      ],
      [
        'uuid',
        'text',
        'text',
        'uuid',
        'text',
        'uuid',
        'uuid',
        'text',
        'date',
        'timestamptz',
        'bigint',
        'bigint',
        'bigint',
        'bigint',
        'bigint',
        'text',
        'timestamptz',
      ],
    ),
    items: new ColumnBatch(
      'sales_transaction_items',
      [
        'transaction_id',
        'line_number',
        'product_id',
        'sku',
        'name',
        'unit',
        'category_id',
        'quantity',
        'unit_price_cents',
        'gross_cents',
        'discount_cents',
        'tax_class',
        'tax_rate',
        'tax_cents',
        'total_cents',
        'cost_cents',
      ],
      [
        'uuid',
        'integer',
        'uuid',
        'text',
        'text',
        'text',
        'uuid',
        'integer',
        'bigint',
        'bigint',
        'bigint',
        'text',
        'text',
        'bigint',
        'bigint',
        'bigint',
      ],
    ),
    payments: new ColumnBatch(
      'sales_payments',
      ['transaction_id', 'position', 'method', 'amount_cents', 'reference'],
      ['uuid', 'integer', 'text', 'bigint', 'text'],
    ),
    movements: new ColumnBatch(
      'stock_movements',
      ['store_id', 'product_id', 'delta', 'reason', 'ref_type', 'ref_id', 'user_id', 'note', 'created_at'],
      ['uuid', 'uuid', 'integer', 'text', 'text', 'uuid', 'uuid', 'text', 'timestamptz'],
    ),
  };
}

async function insertSales(
  pool: pg.Pool,
  options: Options,
  stores: GeneratedStore[],
  catalog: Catalog,
  customerIds: string[],
  stock: { onHand: Int32Array; reorderQuantity: Int32Array },
  firstDays: string[],
): Promise<{ sales: number; items: number; topUps: number; receiptNext: Map<string, number> }> {
  const started = performance.now();
  const productCount = options.products;
  // Popularity: a skewed draw over a shuffled order, so best sellers are spread over the catalog.
  const order = new Int32Array(productCount);
  for (let index = 0; index < productCount; index++) {
    order[index] = index;
  }
  const shuffle = createRandom('popularity');
  for (let index = productCount - 1; index > 0; index--) {
    const other = shuffle.int(0, index);
    const value = order[index] ?? 0;
    order[index] = order[other] ?? 0;
    order[other] = value;
  }
  const plan = planSales(options, stores, firstDays);
  const receiptNext = new Map<string, number>();
  let batch = newSalesBatch();
  const inFlight = new Set<Promise<void>>();
  let written = 0;
  let itemCount = 0;
  let topUps = 0;
  let generated = 0;

  const flush = async () => {
    if (batch.sales.length === 0) {
      return;
    }
    const current = batch;
    const size = current.sales.length;
    batch = newSalesBatch();
    const work = inTransaction(pool, async (client) => {
      await current.sales.insertInto(client);
      await current.items.insertInto(client);
      await current.payments.insertInto(client);
      await current.movements.insertInto(client);
    }).then(() => {
      written += size;
      const rate = Math.round(written / ((performance.now() - started) / 1000));
      progress(
        `  sales ${written}/${options.sales} (${Math.round((written / Math.max(1, options.sales)) * 100)}%, ${rate}/s, ${elapsed(started)})`,
      );
    });
    inFlight.add(work);
    work.finally(() => inFlight.delete(work)).catch(() => {});
    if (inFlight.size >= options.concurrency) {
      await Promise.race(inFlight);
    }
  };

  for (let day = 0; day < options.days; day++) {
    for (const [storeIndex, store] of stores.entries()) {
      const date = addDays(firstDays[storeIndex] ?? '', day);
      const count = plan[storeIndex]?.[day] ?? 0;
      if (count === 0) {
        continue;
      }
      const random = createRandom(`sales:${store.code}:${date}`);
      // Business hours never straddle a DST switch (2 a.m.), so one conversion per store-day is enough.
      const dayStart = zonedTimeToInstant(date, 0, store.timezone).getTime();
      const deliveryAt = new Date(dayStart + (OPEN_HOUR - 1) * 3_600_000).toISOString();
      const times: number[] = [];
      for (let sale = 0; sale < count; sale++) {
        const hour = pickWeighted(
          random,
          HOURLY_TRAFFIC.map((w, h) => (h >= OPEN_HOUR && h < CLOSE_HOUR ? w : 0)),
        );
        times.push(dayStart + hour * 3_600_000 + random.int(0, 3_599_999));
      }
      times.sort((a, b) => a - b);
      for (const time of times) {
        const at = new Date(time).toISOString();
        const saleId = randomUUID();
        const registerIndex = random.chance(0.55) ? 0 : random.chance(0.7) ? 1 : 2;
        const registerId = REGISTERS[registerIndex] ?? 'till-1';
        const sequenceKey = `${store.id}:${registerId}`;
        const sequence = receiptNext.get(sequenceKey) ?? 1;
        receiptNext.set(sequenceKey, sequence + 1);
        const cashierId = store.cashierIds[registerIndex % store.cashierIds.length] ?? store.managerId;
        const lineCount = pickWeighted(random, LINE_COUNT_WEIGHTS) + 1;
        const seen = new Set<number>();
        let subtotal = 0;
        let discount = 0;
        let tax = 0;
        let total = 0;
        for (let line = 0; line < lineCount; line++) {
          const product = order[Math.floor(productCount * random.next() ** 2.5)] ?? 0;
          if (seen.has(product)) {
            continue;
          }
          seen.add(product);
          const isWeighed = catalog.isWeighed[product] === 1;
          const quantity = isWeighed ? random.int(20, 400) * 5 : random.chance(0.78) ? 1 : random.int(2, 4);
          const unit = isWeighed ? 'weight' : 'each';
          const price = catalog.priceCents[product] ?? 0;
          const gross = lineGrossCents(price, quantity, unit);
          const lineDiscount = random.chance(0.04) ? percentOfCents(gross, 10) : 0;
          const taxClass = catalog.taxClass[product] ?? 'standard';
          const rate = store.rates[taxClass];
          const lineTax = lineTaxCents(gross - lineDiscount, rate);
          const lineTotal = gross - lineDiscount + lineTax;
          subtotal += gross;
          discount += lineDiscount;
          tax += lineTax;
          total += lineTotal;
          batch.items.push(
            saleId,
            seen.size,
            catalog.ids[product],
            catalog.skus[product],
            catalog.names[product],
            unit,
            catalog.categoryIds[product],
            quantity,
            price,
            gross,
            lineDiscount,
            taxClass,
            rate,
            lineTax,
            lineTotal,
            lineGrossCents(catalog.costCents[product] ?? 0, quantity, unit),
          );
          itemCount += 1;
          const slot = storeIndex * productCount + product;
          const available = stock.onHand[slot] ?? 0;
          if (available < quantity) {
            const topUp = (stock.reorderQuantity[slot] ?? 0) + quantity - available;
            stock.onHand[slot] = available + topUp;
            batch.movements.push(
              store.id,
              catalog.ids[product],
              topUp,
              'received',
              'seed',
              null,
              store.managerId,
              'Supplier delivery (generated)',
              deliveryAt,
            );
            topUps += 1;
          }
          stock.onHand[slot] = (stock.onHand[slot] ?? 0) - quantity;
          batch.movements.push(
            store.id,
            catalog.ids[product],
            -quantity,
            'sale',
            'sale',
            saleId,
            cashierId,
            null,
            at,
          );
        }
        let change = 0;
        if (random.chance(0.35)) {
          const tendered = Math.ceil(total / 2000) * 2000;
          change = tendered - total;
          batch.payments.push(saleId, 0, 'cash', tendered, null);
        } else {
          batch.payments.push(
            saleId,
            0,
            'card',
            total,
            `AUTH${String(random.int(0, 999_999)).padStart(6, '0')}`,
          );
        }
        const customerId = customerIds.length > 0 && random.chance(0.15) ? random.pick(customerIds) : null;
        batch.sales.push(
          saleId,
          'sale',
          'completed',
          store.id,
          registerId,
          cashierId,
          customerId,
          `${store.code}-${registerIndex + 1}-${String(sequence).padStart(6, '0')}`,
          date,
          at,
          subtotal,
          discount,
          tax,
          total,
          change,
          REQUEST_HASH,
          at,
        );
        generated += 1;
        if (batch.sales.length >= options.batch) {
          await flush();
        }
      }
    }
  }
  await flush();
  await Promise.all(inFlight);
  if (process.stdout.isTTY) {
    process.stdout.write('\n');
  }
  return { sales: generated, items: itemCount, topUps, receiptNext };
}

async function insertInventory(
  pool: pg.Pool,
  options: Options,
  stores: GeneratedStore[],
  catalog: Catalog,
  stock: { onHand: Int32Array; reorderQuantity: Int32Array },
): Promise<void> {
  const count = options.products;
  for (const [storeIndex, store] of stores.entries()) {
    for (let start = 0; start < count; start += 50_000) {
      const batch = new ColumnBatch(
        'inventory',
        ['store_id', 'product_id', 'on_hand', 'reorder_point', 'reorder_quantity'],
        ['uuid', 'uuid', 'integer', 'integer', 'integer'],
      );
      for (let product = start; product < Math.min(count, start + 50_000); product++) {
        const slot = storeIndex * count + product;
        const reorderQuantity = stock.reorderQuantity[slot] ?? 0;
        batch.push(
          store.id,
          catalog.ids[product],
          stock.onHand[slot],
          Math.round(reorderQuantity / 3),
          reorderQuantity,
        );
      }
      await inTransaction(pool, (client) => batch.insertInto(client));
    }
  }
}

async function main(): Promise<void> {
  const options = parseOptions();
  const startedAll = performance.now();
  const database = await openDatabase({
    kind: 'postgres',
    url: options.databaseUrl,
    maxConnections: 2,
    ssl: false,
  });
  try {
    await migrateDatabase(database);
  } finally {
    await database.close();
  }
  const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.concurrency + 1 });
  pool.on('error', () => {});
  try {
    const wanted = {
      stores: options.stores,
      products: options.products,
      sales: options.sales,
      days: options.days,
      customers: options.customers,
    };
    const previous = await findPreviousRun(pool);
    if (previous.marker) {
      const same = Object.entries(wanted).every(([key, value]) => previous.marker?.[key] === value);
      if (same) {
        console.log(`Generated data already present (${JSON.stringify(previous.marker)}); nothing to do.`);
        return;
      }
      throw new Error(
        `This database already holds generated data of another size (${JSON.stringify(previous.marker)}); use a fresh database.`,
      );
    }
    if (previous.hasStores) {
      throw new Error(
        'This database holds generated stores from an unfinished run; drop and recreate it, then run again.',
      );
    }

    console.log(`Generating ${JSON.stringify(wanted)}`);
    let phase = performance.now();
    const stores = await insertStoresAndStaff(pool, options);
    const categoryIds = await ensureCategories(pool);
    console.log(`  ${stores.length} stores, ${stores.length * 3 + 1} users, categories (${elapsed(phase)})`);

    phase = performance.now();
    const catalog = await insertProducts(pool, options, categoryIds);
    const customerIds = await insertCustomers(pool, options);
    console.log(`  ${customerIds.length} customers (${elapsed(phase)})`);

    // The last `--days` business days of each store, its today (in its own time zone) the last: the
    // dashboard reads today, and stores in different zones may be on different dates.
    const now = new Date();
    const firstDays = stores.map((store) => addDays(businessDateAt(now, store.timezone), 1 - options.days));
    const earliest = [...firstDays].sort()[0] ?? businessDateAt(now, 'UTC');
    const stock = await insertOpeningStock(
      pool,
      options,
      stores,
      catalog,
      `${addDays(earliest, -1)}T12:00:00Z`,
    );

    phase = performance.now();
    // The daily rollups' insert trigger (migrations/0008) would add each sale on its own at commit; a bulk
    // load is rolled up once at the end by the re-runnable rebuild instead.
    await pool.query('alter table sales_transactions disable trigger sales_rollups_insert');
    let result: Awaited<ReturnType<typeof insertSales>>;
    try {
      result = await insertSales(pool, options, stores, catalog, customerIds, stock, firstDays);
    } finally {
      await pool.query('alter table sales_transactions enable trigger sales_rollups_insert');
    }
    console.log(
      `  ${result.sales} sales, ${result.items} lines, ${result.topUps} stock top-ups (${elapsed(phase)})`,
    );
    phase = performance.now();
    await pool.query('select sales_rollups_rebuild()');
    console.log(`  daily sales rollups (${elapsed(phase)})`);

    phase = performance.now();
    await insertInventory(pool, options, stores, catalog, stock);
    await inTransaction(pool, async (client) => {
      for (const [key, next] of result.receiptNext) {
        const [storeId, registerId] = key.split(':');
        await client.query(
          'update register_sequences set next_number = $3 where store_id = $1 and register_id = $2',
          [storeId, registerId, next],
        );
      }
      await client.query('insert into audit_log (action, entity_type, details) values ($1, $2, $3)', [
        MARKER_ACTION,
        'database',
        JSON.stringify({ ...wanted, seconds: Math.round((performance.now() - startedAll) / 1000) }),
      ]);
    });
    console.log(
      `  inventory (${stores.length * options.products} rows) and receipt sequences (${elapsed(phase)})`,
    );

    phase = performance.now();
    await pool.query('analyze');
    console.log(`  analyze (${elapsed(phase)})`);
    console.log(`Done in ${elapsed(startedAll)}`);
  } finally {
    await pool.end();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
