import { type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { queryRows } from '../../db/query-rows';
import {
  categories,
  inventory,
  productBarcodes,
  products,
  stockLots,
  stockMovements,
  stores,
} from '../../db/schema';
import type { StockMovementReason } from '../../db/schema/inventory';

export type InventoryItemRow = {
  productId: string;
  sku: string;
  name: string;
  unit: 'each' | 'weight';
  onHand: number;
  reorderPoint: number;
  reorderQuantity: number;
};

type RawItemRow = {
  product_id: string;
  sku: string;
  name: string;
  unit: 'each' | 'weight';
  on_hand: number | string;
  reorder_point: number | string;
  reorder_quantity: number | string;
};

function toItem(row: RawItemRow): InventoryItemRow {
  return {
    productId: row.product_id,
    sku: row.sku,
    name: row.name,
    unit: row.unit,
    onHand: Number(row.on_hand),
    reorderPoint: Number(row.reorder_point),
    reorderQuantity: Number(row.reorder_quantity),
  };
}

const itemColumns = sql`${products.id} as product_id, ${products.sku} as sku, ${products.name} as name,
  ${products.unit} as unit, coalesce(${inventory.onHand}, 0) as on_hand,
  coalesce(${inventory.reorderPoint}, 0) as reorder_point, coalesce(${inventory.reorderQuantity}, 0) as reorder_quantity`;

export type InventoryFilter = {
  storeId: string;
  /** Matched against name and SKU (ILIKE, served by the trigram indexes) and barcodes (exact lookup form). */
  q?: string;
  barcode?: string;
  lowStock?: boolean;
  categoryId?: string;
  after?: { name: string; id: string };
  limit: number;
};

/** Every active product with its stock in one store (no inventory row = 0), ordered by name, id. */
export async function findInventoryItems(ex: Executor, filter: InventoryFilter): Promise<InventoryItemRow[]> {
  const conditions: SQL[] = [sql`${products.active}`];
  if (filter.q) {
    const pattern = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conditions.push(
      sql`(${products.name} ilike ${pattern} or ${products.sku} ilike ${pattern}
        or exists (select 1 from ${productBarcodes} where ${productBarcodes.productId} = ${products.id}
          and ${productBarcodes.barcode} = ${filter.barcode ?? filter.q}))`,
    );
  }
  if (filter.lowStock) {
    conditions.push(
      sql`coalesce(${inventory.reorderPoint}, 0) > 0 and coalesce(${inventory.onHand}, 0) <= coalesce(${inventory.reorderPoint}, 0)`,
    );
  }
  if (filter.categoryId) {
    conditions.push(
      sql`${products.categoryId} in (with recursive sub(id) as (
        select ${filter.categoryId}::uuid
        union all select c.id from ${categories} c join sub on c.parent_id = sub.id
      ) select id from sub)`,
    );
  }
  if (filter.after) {
    conditions.push(
      sql`(${products.name}, ${products.id}) > (${filter.after.name}, ${filter.after.id}::uuid)`,
    );
  }
  const rows = await queryRows<RawItemRow>(
    ex,
    sql`select ${itemColumns}
        from ${products}
        left join ${inventory} on ${inventory.productId} = ${products.id} and ${inventory.storeId} = ${filter.storeId}
        where ${sql.join(conditions, sql` and `)}
        order by ${products.name}, ${products.id}
        limit ${filter.limit}`,
  );
  return rows.map(toItem);
}

/** One product's stock in one store, active or not; undefined when the product does not exist. */
export async function findInventoryItem(
  ex: Executor,
  storeId: string,
  productId: string,
): Promise<InventoryItemRow | undefined> {
  const [row] = await queryRows<RawItemRow>(
    ex,
    sql`select ${itemColumns}
        from ${products}
        left join ${inventory} on ${inventory.productId} = ${products.id} and ${inventory.storeId} = ${storeId}
        where ${products.id} = ${productId}`,
  );
  return row ? toItem(row) : undefined;
}

/** The ids among `ids` that name existing products. */
export async function findExistingProductIds(ex: Executor, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) {
    return new Set();
  }
  const rows = await queryRows<{ id: string }>(
    ex,
    sql`select ${products.id} as id from ${products}
        where ${products.id} in (${sql.join(
          ids.map((id) => sql`${id}::uuid`),
          sql`, `,
        )})`,
  );
  return new Set(rows.map((row) => row.id));
}

/**
 * Sets reorder levels, creating the inventory row (on_hand 0, no ledger change) when the product has none
 * in this store yet. Locks the row so the previous values returned are the ones replaced.
 */
export async function upsertReorderLevels(
  ex: Executor,
  storeId: string,
  productId: string,
  levels: { reorderPoint?: number; reorderQuantity?: number },
): Promise<{ before: { reorderPoint: number; reorderQuantity: number } }> {
  await ex.insert(inventory).values({ storeId, productId }).onConflictDoNothing();
  const [current] = await queryRows<{ reorder_point: number; reorder_quantity: number }>(
    ex,
    sql`select ${inventory.reorderPoint} as reorder_point, ${inventory.reorderQuantity} as reorder_quantity
        from ${inventory} where ${inventory.storeId} = ${storeId} and ${inventory.productId} = ${productId}
        for update`,
  );
  await ex.execute(
    sql`update ${inventory}
        set reorder_point = coalesce(${levels.reorderPoint ?? null}::int, ${inventory.reorderPoint}),
            reorder_quantity = coalesce(${levels.reorderQuantity ?? null}::int, ${inventory.reorderQuantity}),
            updated_at = now()
        where ${inventory.storeId} = ${storeId} and ${inventory.productId} = ${productId}`,
  );
  return {
    before: {
      reorderPoint: Number(current?.reorder_point ?? 0),
      reorderQuantity: Number(current?.reorder_quantity ?? 0),
    },
  };
}

export type MovementRow = {
  id: string;
  productId: string;
  delta: number;
  reason: StockMovementReason;
  refType: string | null;
  refId: string | null;
  userId: string | null;
  lotId: string | null;
  note: string | null;
  createdAt: Date;
  /** created_at with microseconds, for the keyset cursor (a JS Date keeps only milliseconds). */
  createdKey: string;
};

/** A bound: an instant, or a business date read in the store's time zone (from = its start, to = its end). */
export type TimeBound = { kind: 'instant'; value: string } | { kind: 'date'; value: string };

export type MovementFilter = {
  storeId: string;
  timezone: string;
  productId?: string;
  from?: TimeBound;
  to?: TimeBound;
  after?: { createdKey: string; id: string };
  limit: number;
};

/** The ledger of one store, newest first, keyset-paginated on (created_at, id). */
export async function findMovements(ex: Executor, filter: MovementFilter): Promise<MovementRow[]> {
  const conditions: SQL[] = [sql`${stockMovements.storeId} = ${filter.storeId}`];
  if (filter.productId) {
    conditions.push(sql`${stockMovements.productId} = ${filter.productId}`);
  }
  if (filter.from) {
    conditions.push(
      filter.from.kind === 'date'
        ? sql`${stockMovements.createdAt} >= (${filter.from.value}::date)::timestamp at time zone ${filter.timezone}`
        : sql`${stockMovements.createdAt} >= ${filter.from.value}::timestamptz`,
    );
  }
  if (filter.to) {
    conditions.push(
      filter.to.kind === 'date'
        ? sql`${stockMovements.createdAt} < (${filter.to.value}::date + 1)::timestamp at time zone ${filter.timezone}`
        : sql`${stockMovements.createdAt} < ${filter.to.value}::timestamptz`,
    );
  }
  if (filter.after) {
    conditions.push(
      sql`(${stockMovements.createdAt}, ${stockMovements.id}) < (${filter.after.createdKey}::timestamptz, ${filter.after.id}::uuid)`,
    );
  }
  const rows = await queryRows<{
    id: string;
    product_id: string;
    delta: number;
    reason: StockMovementReason;
    ref_type: string | null;
    ref_id: string | null;
    user_id: string | null;
    lot_id: string | null;
    note: string | null;
    created_key: string;
  }>(
    ex,
    sql`select ${stockMovements.id} as id, ${stockMovements.productId} as product_id, ${stockMovements.delta} as delta,
          ${stockMovements.reason} as reason, ${stockMovements.refType} as ref_type, ${stockMovements.refId} as ref_id,
          ${stockMovements.userId} as user_id, ${stockMovements.lotId} as lot_id, ${stockMovements.note} as note,
          to_char(${stockMovements.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as created_key
        from ${stockMovements}
        where ${sql.join(conditions, sql` and `)}
        order by ${stockMovements.createdAt} desc, ${stockMovements.id} desc
        limit ${filter.limit}`,
  );
  return rows.map((row) => ({
    id: row.id,
    productId: row.product_id,
    delta: Number(row.delta),
    reason: row.reason,
    refType: row.ref_type,
    refId: row.ref_id,
    userId: row.user_id,
    lotId: row.lot_id,
    note: row.note,
    createdAt: new Date(row.created_key),
    createdKey: row.created_key,
  }));
}

export type LedgerMismatch = {
  /** inventory: on-hand ≠ its movements; lot: a lot ≠ its movements; lots: the lots hold more than on-hand. */
  kind: 'inventory' | 'lot' | 'lots';
  storeId: string;
  storeCode: string;
  productId: string;
  sku: string;
  /** Set for kind 'lot'. */
  lotId: string | null;
  lotNumber: string | null;
  /** null when movements exist but there is no inventory (or lot) row at all. */
  onHand: number | null;
  ledgerSum: number;
};

/**
 * The ledger invariant, checked in one statement: inventory.on_hand against Σ stock_movements.delta per
 * (store, product), and stock_lots.on_hand against Σ delta per lot. Full outer joins, so movements without
 * a row and rows without movements count too (a missing side counts as 0). Also the lots of a product
 * holding more than its on-hand (`lots`: ledgerSum is then what the lots hold). Returns every difference
 * (empty when the books balance).
 */
export async function findLedgerMismatches(ex: Executor): Promise<LedgerMismatch[]> {
  const rows = await queryRows<{
    kind: LedgerMismatch['kind'];
    store_id: string;
    store_code: string;
    product_id: string;
    sku: string;
    lot_id: string | null;
    lot_number: string | null;
    on_hand: number | string | null;
    ledger_sum: number | string;
  }>(
    ex,
    sql`with ledger as (
          select store_id, product_id, sum(delta)::bigint as total from ${stockMovements} group by store_id, product_id
        ),
        lot_ledger as (
          select lot_id, min(store_id::text)::uuid as store_id, min(product_id::text)::uuid as product_id,
            sum(delta)::bigint as total
          from ${stockMovements} where lot_id is not null group by lot_id
        ),
        differences as (
          select 'inventory' as kind, coalesce(i.store_id, l.store_id) as store_id,
            coalesce(i.product_id, l.product_id) as product_id, null::uuid as lot_id, null::text as lot_number,
            i.on_hand::bigint as on_hand, coalesce(l.total, 0)::bigint as ledger_sum
          from ${inventory} i
          full outer join ledger l on l.store_id = i.store_id and l.product_id = i.product_id
          where coalesce(i.on_hand, 0) <> coalesce(l.total, 0)
          union all
          select 'lot', coalesce(sl.store_id, ll.store_id), coalesce(sl.product_id, ll.product_id),
            coalesce(sl.id, ll.lot_id), sl.lot_number, sl.on_hand::bigint, coalesce(ll.total, 0)::bigint
          from ${stockLots} sl
          full outer join lot_ledger ll on ll.lot_id = sl.id
          where coalesce(sl.on_hand, 0) <> coalesce(ll.total, 0)
          union all
          select 'lots', i.store_id, i.product_id, null::uuid, null::text, i.on_hand::bigint, lt.total
          from ${inventory} i
          join (
            select store_id, product_id, sum(on_hand)::bigint as total from ${stockLots} group by store_id, product_id
          ) lt on lt.store_id = i.store_id and lt.product_id = i.product_id
          where lt.total > greatest(i.on_hand, 0)
        )
        select d.kind, d.store_id, s.code as store_code, d.product_id, p.sku, d.lot_id, d.lot_number,
          d.on_hand, d.ledger_sum
        from differences d
        join ${stores} s on s.id = d.store_id
        join ${products} p on p.id = d.product_id
        order by s.code, p.sku, d.kind, d.lot_number`,
  );
  return rows.map((row) => ({
    kind: row.kind,
    storeId: row.store_id,
    storeCode: row.store_code,
    productId: row.product_id,
    sku: row.sku,
    lotId: row.lot_id,
    lotNumber: row.lot_number,
    onHand: row.on_hand === null ? null : Number(row.on_hand),
    ledgerSum: Number(row.ledger_sum),
  }));
}

/** How many (store, product) pairs and lots the ledger check covers: inventory rows ∪ pairs with movements. */
export async function countLedgerPairs(ex: Executor): Promise<{ pairs: number; lots: number }> {
  const [row] = await queryRows<{ pairs: number | string; lots: number | string }>(
    ex,
    sql`select
          (select count(*) from (
            select store_id, product_id from ${inventory}
            union select store_id, product_id from ${stockMovements}
          ) k) as pairs,
          (select count(*) from (
            select id from ${stockLots} union select lot_id from ${stockMovements} where lot_id is not null
          ) k) as lots`,
  );
  return { pairs: Number(row?.pairs ?? 0), lots: Number(row?.lots ?? 0) };
}
