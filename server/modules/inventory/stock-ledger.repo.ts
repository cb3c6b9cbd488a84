import { sql } from 'drizzle-orm';
import { type Executor, type FixedStatement, runFixedStatement } from '../../db/client';
import { queryRows } from '../../db/query-rows';
import { inventory, stockLots } from '../../db/schema';
import type { StockMovementReason, StockMovementRefType } from '../../db/schema/inventory';

export type NewStockMovement = {
  storeId: string;
  productId: string;
  delta: number;
  reason: StockMovementReason;
  refType: StockMovementRefType | null;
  refId: string | null;
  userId: string | null;
  lotId: string | null;
  note: string | null;
};

export type StockKey = { storeId: string; productId: string };

// Keys and rows travel as one array per column, expanded by unnest: the statements keep one text whatever
// the number of products. Every sale and stock change runs them, so the hot ones are fixed statements,
// prepared once per connection (runFixedStatement).
const storeIdsOf = (keys: StockKey[]) => sql.param(keys.map((key) => key.storeId));
const productIdsOf = (keys: StockKey[]) => sql.param(keys.map((key) => key.productId));

const LOCK_INVENTORY_ROWS: FixedStatement = {
  name: 'lock_inventory_rows',
  text: `select i.store_id, i.product_id, i.on_hand, p.is_lot_tracked
    from inventory i join products p on p.id = i.product_id
    where (i.store_id, i.product_id) in (select * from unnest($1::uuid[], $2::uuid[]))
    order by i.store_id, i.product_id
    for update of i`,
};

const INSERT_STOCK_MOVEMENTS: FixedStatement = {
  name: 'insert_stock_movements',
  text: `insert into stock_movements (store_id, product_id, delta, reason, ref_type, ref_id, user_id, lot_id, note)
    select * from unnest($1::uuid[], $2::uuid[], $3::int[], $4::text[], $5::text[], $6::uuid[], $7::uuid[],
      $8::uuid[], $9::text[])`,
};

const ADD_TO_ON_HAND: FixedStatement = {
  name: 'add_to_on_hand',
  text: `update inventory set on_hand = inventory.on_hand + v.delta, updated_at = now()
    from unnest($1::uuid[], $2::uuid[], $3::int[]) as v(store_id, product_id, delta)
    where inventory.store_id = v.store_id and inventory.product_id = v.product_id`,
};

/** Creates missing inventory rows (on_hand 0) so every key can be locked. */
export async function insertMissingInventoryRows(ex: Executor, keys: StockKey[]): Promise<void> {
  if (keys.length === 0) {
    return;
  }
  await ex.execute(
    sql`insert into ${inventory} (store_id, product_id)
        select * from unnest(${storeIdsOf(keys)}::uuid[], ${productIdsOf(keys)}::uuid[])
        on conflict do nothing`,
  );
}

/**
 * Locks the inventory rows in (store_id, product_id) order — the same order in every transaction, so two
 * writers on the same products queue instead of deadlocking — and returns their on-hand.
 */
export async function lockInventoryRowsForUpdate(
  ex: Executor,
  keys: StockKey[],
): Promise<{ onHand: Map<string, number>; lotTracked: Set<string> }> {
  const rows = await runFixedStatement<{
    store_id: string;
    product_id: string;
    on_hand: number;
    is_lot_tracked: boolean;
  }>(ex, LOCK_INVENTORY_ROWS, [keys.map((key) => key.storeId), keys.map((key) => key.productId)]);
  return {
    onHand: new Map(rows.map((row) => [stockKeyOf(row.store_id, row.product_id), Number(row.on_hand)])),
    // Only lot-tracked products (the only ones received into lots) need their lots locked and drained.
    lotTracked: new Set(
      rows.filter((row) => row.is_lot_tracked).map((row) => stockKeyOf(row.store_id, row.product_id)),
    ),
  };
}

export type StockedLot = StockKey & { id: string; onHand: number };

/**
 * The lots with stock of these (store, product) keys, locked, in (store, product, expiry, id) order: the
 * order allocateFromLots takes lot locks in, after the inventory rows.
 */
export async function lockStockedLotsForUpdate(ex: Executor, keys: StockKey[]): Promise<StockedLot[]> {
  if (keys.length === 0) {
    return [];
  }
  const pairs = sql.join(
    keys.map((key) => sql`(${key.storeId}::uuid, ${key.productId}::uuid)`),
    sql`, `,
  );
  const rows = await queryRows<{ id: string; store_id: string; product_id: string; on_hand: number }>(
    ex,
    sql`select ${stockLots.id} as id, ${stockLots.storeId} as store_id, ${stockLots.productId} as product_id,
          ${stockLots.onHand} as on_hand
        from ${stockLots}
        where (${stockLots.storeId}, ${stockLots.productId}) in (${pairs}) and ${stockLots.onHand} > 0
        order by ${stockLots.storeId}, ${stockLots.productId}, ${stockLots.expiryDate} asc nulls last, ${stockLots.id}
        for update`,
  );
  return rows.map((row) => ({
    id: row.id,
    storeId: row.store_id,
    productId: row.product_id,
    onHand: Number(row.on_hand),
  }));
}

export async function insertStockMovements(ex: Executor, movements: NewStockMovement[]): Promise<void> {
  if (movements.length === 0) {
    return;
  }
  const column = <K extends keyof NewStockMovement>(key: K) => movements.map((m) => m[key]);
  await runFixedStatement(ex, INSERT_STOCK_MOVEMENTS, [
    column('storeId'),
    column('productId'),
    column('delta'),
    column('reason'),
    column('refType'),
    column('refId'),
    column('userId'),
    column('lotId'),
    column('note'),
  ]);
}

/** Adds each delta to its on-hand in one statement. */
export async function addToOnHand(ex: Executor, deltas: { key: StockKey; delta: number }[]): Promise<void> {
  if (deltas.length === 0) {
    return;
  }
  await runFixedStatement(ex, ADD_TO_ON_HAND, [
    deltas.map((d) => d.key.storeId),
    deltas.map((d) => d.key.productId),
    deltas.map((d) => d.delta),
  ]);
}

/** Locks lots by id (a stable order) and adds each delta; the table's CHECK keeps a lot from going below zero. */
export async function addToLotOnHand(
  ex: Executor,
  deltas: { lotId: string; delta: number }[],
): Promise<void> {
  if (deltas.length === 0) {
    return;
  }
  const sorted = [...deltas].sort((a, b) => a.lotId.localeCompare(b.lotId));
  await ex.execute(
    sql`select 1 from ${stockLots} where ${stockLots.id} in (${sql.join(
      sorted.map((d) => sql`${d.lotId}::uuid`),
      sql`, `,
    )}) order by ${stockLots.id} for update`,
  );
  const values = sql.join(
    sorted.map(({ lotId, delta }) => sql`(${lotId}::uuid, ${delta}::int)`),
    sql`, `,
  );
  await ex.execute(
    sql`update ${stockLots} set on_hand = ${stockLots.onHand} + v.delta
        from (values ${values}) as v(id, delta) where ${stockLots.id} = v.id`,
  );
}

export function stockKeyOf(storeId: string, productId: string): string {
  return `${storeId}:${productId}`;
}
