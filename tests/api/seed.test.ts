import bcrypt from 'bcrypt';
import { type SQL, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isValidEan13 } from '../../shared/barcode/ean';
import { type Database, openDatabase } from '../../server/db/client';
import { migrateDatabase } from '../../server/db/migrate';
import { seedDemo } from '../../server/db/seed';

const PASSWORD = 'demo-password-for-tests';
const PIN = '2468';

let database: Database;
const messages: string[] = [];
const seedOptions = {
  password: PASSWORD,
  pin: PIN,
  bcryptRounds: 4,
  historyDays: 2,
  log: (message: string) => messages.push(message),
};

/** Both drivers return `{ rows }` from execute(); the common Db type leaves the result untyped. */
async function queryRows<T = Record<string, unknown>>(query: SQL): Promise<T[]> {
  const result = (await database.db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

/** Row counts of every table the seed writes, plus totals that would move if anything were rewritten. */
async function snapshot() {
  const rows = await queryRows(sql`
    select
      (select count(*) from stores)::int as stores,
      (select count(*) from users)::int as users,
      (select count(*) from user_stores)::int as user_stores,
      (select count(*) from categories)::int as categories,
      (select count(*) from products)::int as products,
      (select count(*) from product_barcodes)::int as barcodes,
      (select count(*) from inventory)::int as inventory,
      (select coalesce(sum(on_hand), 0)::bigint::text from inventory) as on_hand_total,
      (select max(updated_at)::text from inventory) as inventory_updated,
      (select count(*) from stock_movements)::int as movements,
      (select count(*) from customers)::int as customers,
      (select count(*) from pets)::int as pets,
      (select count(*) from suppliers)::int as suppliers,
      (select count(*) from loyalty_programs)::int as programs,
      (select count(*) from loyalty_program_stores)::int as program_stores,
      (select coalesce(sum(qualifying_units_count), 0)::int from loyalty_accounts) as loyalty_units,
      (select count(*) from shifts)::int as shifts,
      (select count(*) from sales_transactions)::int as sales,
      (select count(*) from sales_transaction_items)::int as sale_items,
      (select count(*) from sales_payments)::int as payments,
      (select string_agg(register_id || ':' || next_number, ',' order by register_id) from register_sequences) as sequences,
      (select max(updated_at)::text from users) as users_updated`);
  return rows[0];
}

beforeAll(async () => {
  database = await openDatabase({ kind: 'pglite', dataDir: null });
  await migrateDatabase(database);
});

afterAll(async () => {
  await database?.close();
});

describe('seedDemo', () => {
  let first: Awaited<ReturnType<typeof snapshot>>;

  it('seeds two stores, five users, ~300 products and two days of history into an empty database', async () => {
    const result = await seedDemo(database.db, seedOptions);
    expect(result.created).toBe(true);
    first = await snapshot();
    expect(first).toMatchObject({ stores: 2, users: 5, user_stores: 4, products: 300, barcodes: 300 });
    expect(first?.inventory).toBe(600);
    expect(first?.customers).toBeGreaterThanOrEqual(5);
    expect(first?.programs).toBe(1);
    expect(first?.program_stores).toBe(2);
    expect(first?.sales).toBeGreaterThan(2 * 2 * 15);
    expect(first?.sale_items).toBeGreaterThan(first?.sales as number);
    expect(messages.some((message) => message.includes('S001'))).toBe(true);
  });

  it('gives every product a valid EAN-13 barcode and a SKU like DOG-FOOD-0001', async () => {
    const rows = await queryRows<{ sku: string; barcode: string }>(sql`
      select p.sku, b.barcode from products p join product_barcodes b on b.product_id = p.id`);
    expect(rows).toHaveLength(300);
    for (const row of rows) {
      expect(isValidEan13(row.barcode), row.barcode).toBe(true);
      expect(row.sku).toMatch(/^(DOG|CAT|BIRD|FISH|SMALL|REPT)-(FOOD|TREAT|TOY|HLTH|GROOM|HAB)-\d{4}$/);
    }
    expect(rows.map((row) => row.sku)).toContain('DOG-FOOD-0001');
  });

  it('stocks both stores with every product', async () => {
    const rows = await queryRows<{ code: string; products: number; positive: number }>(sql`
      select s.code, count(*)::int as products, count(*) filter (where i.on_hand > 0)::int as positive
      from inventory i join stores s on s.id = i.store_id group by s.code order by s.code`);
    expect(rows).toEqual([
      { code: 'S001', products: 300, positive: expect.any(Number) },
      { code: 'S002', products: 300, positive: expect.any(Number) },
    ]);
    for (const row of rows) {
      expect(row.positive).toBeGreaterThan(250);
    }
  });

  it('keeps the ledger invariant: on_hand equals the sum of movement deltas for every store and product', async () => {
    const rows = await queryRows(sql`
      select coalesce(i.store_id, m.store_id) as store_id, coalesce(i.product_id, m.product_id) as product_id,
             i.on_hand, m.total as ledger
      from inventory i
      full join (select store_id, product_id, sum(delta) as total from stock_movements group by store_id, product_id) m
        on m.store_id = i.store_id and m.product_id = i.product_id
      where i.on_hand is distinct from coalesce(m.total, 0) or i.store_id is null`);
    expect(rows).toEqual([]);
  });

  it('writes sales whose totals add up and match their tenders, lines and movements', async () => {
    const mismatches = await queryRows(sql`
      select t.id from sales_transactions t
      join (select transaction_id, sum(gross_cents) as gross, sum(discount_cents) as discount,
                   sum(tax_cents) as tax, sum(total_cents) as total
            from sales_transaction_items group by transaction_id) i on i.transaction_id = t.id
      join (select transaction_id, sum(amount_cents) as paid from sales_payments group by transaction_id) p
        on p.transaction_id = t.id
      where t.subtotal_cents <> i.gross or t.discount_cents <> i.discount or t.tax_cents <> i.tax
         or t.total_cents <> i.total or t.total_cents <> t.subtotal_cents - t.discount_cents + t.tax_cents
         or p.paid - t.change_due_cents <> t.total_cents
         or (select coalesce(-sum(delta), 0) from stock_movements m where m.ref_type = 'sale' and m.ref_id = t.id)
            <> (select sum(quantity) from sales_transaction_items x where x.transaction_id = t.id)`);
    expect(mismatches).toEqual([]);
    const receipts = await queryRows<{ receipt_number: string; business_date: string }>(
      sql`select receipt_number, business_date::text from sales_transactions limit 5`,
    );
    for (const row of receipts) {
      expect(row.receipt_number).toMatch(/^S00[12]-[12]-\d{6}$/);
    }
  });

  it('stores bcrypt hashes of the password and PIN, never the plain values', async () => {
    const rows = await queryRows<{ username: string; password_hash: string; pin_hash: string }>(
      sql`select username, password_hash, pin_hash from users where username in ('admin', 'cashier1')`,
    );
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      expect(await bcrypt.compare(PASSWORD, row.password_hash)).toBe(true);
      expect(await bcrypt.compare(PIN, row.pin_hash)).toBe(true);
    }
    const admins = await queryRows(
      sql`select u.username from users u join user_stores us on us.user_id = u.id where u.role = 'admin'`,
    );
    expect(admins).toEqual([]);
  });

  it('changes nothing when run a second time', async () => {
    const result = await seedDemo(database.db, seedOptions);
    expect(result.created).toBe(false);
    expect(await snapshot()).toEqual(first);
  });
});
