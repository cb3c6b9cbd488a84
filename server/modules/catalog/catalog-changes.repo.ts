import { type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { queryRows } from '../../db/query-rows';
import { productBarcodes, products } from '../../db/schema';
import type { ProductUnit, TaxClass } from '../../db/schema/catalog';

/** A timestamp as UTC ISO text with its microseconds, so a cursor compares exactly with updated_at. */
const isoMicros = (column: SQL) =>
  sql`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

export type ProductChangeRow = {
  id: string;
  sku: string;
  name: string;
  brand: string;
  categoryId: string | null;
  unit: ProductUnit;
  priceCents: number;
  taxClass: TaxClass;
  active: boolean;
  barcodes: string[];
  /** updated_at to the microsecond, as UTC ISO text. */
  changedAt: string;
};

/**
 * The moment before which the feed may hand out changes: the start of the oldest transaction still open on
 * this database (another session's; every product it writes is stamped with that start), or now when none is.
 * A change stamped earlier than a cursor already given out could otherwise commit after it and be skipped.
 * Read in its own statement, before the page's snapshot, so a writer committing in between is not missed.
 */
export async function findChangeHorizon(ex: Executor): Promise<string> {
  const [row] = await queryRows<{ horizon: string }>(
    ex,
    sql`select ${isoMicros(sql`least(min(a.xact_start), clock_timestamp())`)} as horizon
        from pg_stat_activity a
        where a.datname = current_database() and a.pid <> pg_backend_pid() and a.xact_start is not null`,
  );
  return row!.horizon;
}

/** Products changed after `after` and before `horizon`, in (updated_at, id) order: a keyset walk of its index. */
export async function findProductChanges(
  ex: Executor,
  range: { after?: { changedAt: string; id: string }; horizon: string; limit: number },
): Promise<ProductChangeRow[]> {
  const rows = await queryRows<{
    id: string;
    sku: string;
    name: string;
    brand: string;
    category_id: string | null;
    unit: ProductUnit;
    price_cents: number | string;
    tax_class: TaxClass;
    active: boolean;
    barcodes: string[] | null;
    changed_at: string;
  }>(
    ex,
    sql`select p.id, p.sku, p.name, p.brand, p.category_id, p.unit, p.price_cents, p.tax_class, p.active,
          coalesce((select array_agg(b.barcode order by b.created_at, b.barcode) from ${productBarcodes} b
            where b.product_id = p.id), '{}'::text[]) as barcodes,
          ${isoMicros(sql`p.updated_at`)} as changed_at
        from ${products} p
        where p.updated_at < ${range.horizon}::timestamptz
          ${range.after ? sql`and (p.updated_at, p.id) > (${range.after.changedAt}::timestamptz, ${range.after.id}::uuid)` : sql``}
        order by p.updated_at, p.id
        limit ${range.limit}`,
  );
  return rows.map((row) => ({
    id: row.id,
    sku: row.sku,
    name: row.name,
    brand: row.brand,
    categoryId: row.category_id,
    unit: row.unit,
    // bigint columns come back as strings from raw queries on pg.
    priceCents: Number(row.price_cents),
    taxClass: row.tax_class,
    active: row.active,
    barcodes: row.barcodes ?? [],
    changedAt: row.changed_at,
  }));
}
