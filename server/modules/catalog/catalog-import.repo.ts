import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { queryRows } from '../../db/query-rows';
import { categories, productBarcodes, products } from '../../db/schema';

// Lists travel as one JSON parameter (jsonb_array_elements_text / jsonb_to_recordset): one bind value per
// statement however many rows, identical on PostgreSQL and PGlite, and no 65535-parameter ceiling.
const jsonParam = (value: unknown) => sql`${JSON.stringify(value)}::jsonb`;

export type CategoryRow = { id: string; parentId: string | null; name: string };

/** Every category: the tree is small (hundreds), and paths are resolved in memory. */
export async function findAllCategories(ex: Executor): Promise<CategoryRow[]> {
  return ex
    .select({ id: categories.id, parentId: categories.parentId, name: categories.name })
    .from(categories);
}

/** sku → product id, for the SKUs that exist. */
export async function findProductIdsBySku(ex: Executor, skus: string[]): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  if (skus.length === 0) {
    return found;
  }
  const rows = await queryRows<{ id: string; sku: string }>(
    ex,
    sql`select ${products.id} as id, ${products.sku} as sku from ${products}
        where ${products.sku} in (select jsonb_array_elements_text(${jsonParam(skus)}))`,
  );
  for (const row of rows) {
    found.set(row.sku, row.id);
  }
  return found;
}

/** barcode → SKU of the product that carries it, for the barcodes that exist. */
export async function findBarcodeOwners(ex: Executor, barcodes: string[]): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  if (barcodes.length === 0) {
    return found;
  }
  const rows = await queryRows<{ barcode: string; sku: string }>(
    ex,
    sql`select b.barcode as barcode, p.sku as sku
        from ${productBarcodes} b join ${products} p on p.id = b.product_id
        where b.barcode in (select jsonb_array_elements_text(${jsonParam(barcodes)}))`,
  );
  for (const row of rows) {
    found.set(row.barcode, row.sku);
  }
  return found;
}

export type ProductUpsertRow = {
  sku: string;
  name: string;
  brand: string;
  categoryId: string | null;
  species: string[];
  priceCents: number;
  costCents: number;
  taxClass: string;
  unit: string;
  active: boolean;
  isLotTracked: boolean;
};

/**
 * One multi-row INSERT … ON CONFLICT (sku) DO UPDATE. SKUs must be distinct within the batch. A row whose
 * values are all unchanged is not rewritten (no dead tuple, no trigram index churn) and so is not returned.
 * The image stays as it is: the CSV does not carry it.
 */
export async function upsertProductsBySku(
  ex: Executor,
  rows: ProductUpsertRow[],
): Promise<{ id: string; sku: string; inserted: boolean }[]> {
  if (rows.length === 0) {
    return [];
  }
  const payload = rows.map((row) => ({
    sku: row.sku,
    name: row.name,
    brand: row.brand,
    category_id: row.categoryId,
    species: row.species,
    price_cents: row.priceCents,
    cost_cents: row.costCents,
    tax_class: row.taxClass,
    unit: row.unit,
    active: row.active,
    is_lot_tracked: row.isLotTracked,
  }));
  return queryRows<{ id: string; sku: string; inserted: boolean }>(
    ex,
    sql`insert into ${products} as p
          (sku, name, brand, category_id, species, price_cents, cost_cents, tax_class, unit, active, is_lot_tracked)
        select r.sku, r.name, r.brand, r.category_id,
               array(select jsonb_array_elements_text(r.species)),
               r.price_cents, r.cost_cents, r.tax_class, r.unit, r.active, r.is_lot_tracked
        from jsonb_to_recordset(${jsonParam(payload)}) as r(
          sku text, name text, brand text, category_id uuid, species jsonb, price_cents bigint,
          cost_cents bigint, tax_class text, unit text, active boolean, is_lot_tracked boolean)
        on conflict (sku) do update set
          name = excluded.name,
          brand = excluded.brand,
          category_id = excluded.category_id,
          species = excluded.species,
          price_cents = excluded.price_cents,
          cost_cents = excluded.cost_cents,
          tax_class = excluded.tax_class,
          unit = excluded.unit,
          active = excluded.active,
          is_lot_tracked = excluded.is_lot_tracked,
          updated_at = now()
        where (p.name, p.brand, p.category_id, p.species, p.price_cents, p.cost_cents, p.tax_class, p.unit,
               p.active, p.is_lot_tracked)
          is distinct from (excluded.name, excluded.brand, excluded.category_id, excluded.species,
               excluded.price_cents, excluded.cost_cents, excluded.tax_class, excluded.unit, excluded.active,
               excluded.is_lot_tracked)
        returning p.id as id, p.sku as sku, (p.xmax = 0) as inserted`,
  );
}

/** Removes each product's barcodes that are not in its new list (products not listed keep theirs). */
export async function deleteBarcodesNotListed(
  ex: Executor,
  rows: { productId: string; barcodes: string[] }[],
): Promise<void> {
  if (rows.length === 0) {
    return;
  }
  const payload = rows.map((row) => ({ product_id: row.productId, barcodes: row.barcodes }));
  await ex.execute(
    sql`delete from ${productBarcodes} b
        using jsonb_to_recordset(${jsonParam(payload)}) as r(product_id uuid, barcodes jsonb)
        where b.product_id = r.product_id and not jsonb_exists(r.barcodes, b.barcode)`,
  );
}

/** Adds the barcodes a product does not carry yet; one held by another product is a unique violation. */
export async function insertMissingBarcodes(
  ex: Executor,
  rows: { barcode: string; productId: string }[],
): Promise<void> {
  if (rows.length === 0) {
    return;
  }
  const payload = rows.map((row) => ({ barcode: row.barcode, product_id: row.productId }));
  await ex.execute(
    sql`insert into ${productBarcodes} (barcode, product_id)
        select r.barcode, r.product_id
        from jsonb_to_recordset(${jsonParam(payload)}) as r(barcode text, product_id uuid)
        where not exists (select 1 from ${productBarcodes} x
                          where x.barcode = r.barcode and x.product_id = r.product_id)`,
  );
}

export type ProductExportRow = {
  sku: string;
  name: string;
  brand: string;
  categoryId: string | null;
  species: string[];
  barcodes: string[];
  priceCents: number;
  costCents: number;
  taxClass: string;
  unit: string;
  active: boolean;
  isLotTracked: boolean;
};

/** One page of the export in SKU order after `afterSku` (keyset on the unique SKU index: flat memory for any catalog size). */
export async function findProductsForExport(
  ex: Executor,
  afterSku: string | null,
  limit: number,
): Promise<ProductExportRow[]> {
  const rows = await queryRows<{
    sku: string;
    name: string;
    brand: string;
    category_id: string | null;
    species: string[];
    barcodes: string[];
    price_cents: string | number;
    cost_cents: string | number;
    tax_class: string;
    unit: string;
    active: boolean;
    is_lot_tracked: boolean;
  }>(
    ex,
    sql`select p.sku, p.name, p.brand, p.category_id, p.species,
               coalesce((select array_agg(b.barcode order by b.created_at, b.barcode)
                         from ${productBarcodes} b where b.product_id = p.id), '{}'::text[]) as barcodes,
               p.price_cents, p.cost_cents, p.tax_class, p.unit, p.active, p.is_lot_tracked
        from ${products} p
        where ${afterSku === null ? sql`true` : sql`p.sku > ${afterSku}`}
        order by p.sku
        limit ${limit}`,
  );
  return rows.map((row) => ({
    sku: row.sku,
    name: row.name,
    brand: row.brand,
    categoryId: row.category_id,
    species: row.species,
    barcodes: row.barcodes,
    priceCents: Number(row.price_cents),
    costCents: Number(row.cost_cents),
    taxClass: row.tax_class,
    unit: row.unit,
    active: row.active,
    isLotTracked: row.is_lot_tracked,
  }));
}
