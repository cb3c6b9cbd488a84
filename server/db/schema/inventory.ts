import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { products } from './catalog';
import { createdAtColumn, idColumn } from './columns';
import { stores } from './stores';
import { users } from './users';

/**
 * Why stock moved. Sales, returns and voids come from the till; the adjustment reasons from
 * POST …/inventory/adjustments; `received` also from purchase orders; transfers write one row per side;
 * `count` sets stock from a physical count (and the opening balance of a seeded store).
 */
export const STOCK_MOVEMENT_REASONS = [
  'sale',
  'return',
  'void',
  'adjustment',
  'damaged',
  'expired',
  'shrink',
  'count_correction',
  'found',
  'received',
  'transfer_out',
  'transfer_in',
  'count',
  'other',
] as const;
export type StockMovementReason = (typeof STOCK_MOVEMENT_REASONS)[number];

/** What a movement's ref_id points at. `seed` movements (demo and generated data) carry no ref_id. */
export const STOCK_MOVEMENT_REF_TYPES = [
  'sale',
  'return',
  'adjustment',
  'transfer',
  'purchase_order',
  'stock_count',
  'import',
  'seed',
] as const;
export type StockMovementRefType = (typeof STOCK_MOVEMENT_REF_TYPES)[number];

/**
 * Stock per store and product. `on_hand` is a cached sum of the ledger below: it changes only together with
 * a stock_movements row, in the same transaction. Weighed products count grams. It may go negative when the
 * store allows selling beyond stock.
 */
export const inventory = pgTable(
  'inventory',
  {
    storeId: uuid('store_id')
      .notNull()
      .references(() => stores.id, { onDelete: 'restrict' }),
    productId: uuid('product_id')
      .notNull()
      .references(() => products.id, { onDelete: 'restrict' }),
    onHand: integer('on_hand').notNull().default(0),
    reorderPoint: integer('reorder_point').notNull().default(0),
    reorderQuantity: integer('reorder_quantity').notNull().default(0),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.storeId, t.productId] }),
    // Duplicates the primary key's index, but the deployment guide names it and operators look for it.
    index('idx_inventory_store_product').on(t.storeId, t.productId),
    index('inventory_product_id_idx').on(t.productId),
    check('inventory_reorder_point_nonneg', sql`${t.reorderPoint} >= 0`),
    check('inventory_reorder_quantity_nonneg', sql`${t.reorderQuantity} >= 0`),
  ],
);

/** The stock ledger: append-only, one row per change to inventory.on_hand. */
export const stockMovements = pgTable(
  'stock_movements',
  {
    id: idColumn(),
    storeId: uuid('store_id')
      .notNull()
      .references(() => stores.id, { onDelete: 'restrict' }),
    productId: uuid('product_id')
      .notNull()
      .references(() => products.id, { onDelete: 'restrict' }),
    delta: integer('delta').notNull(),
    reason: text('reason', { enum: STOCK_MOVEMENT_REASONS }).notNull(),
    refType: text('ref_type', { enum: STOCK_MOVEMENT_REF_TYPES }),
    refId: uuid('ref_id'),
    userId: uuid('user_id').references(() => users.id, { onDelete: 'restrict' }),
    note: text('note'),
    createdAt: createdAtColumn(),
  },
  (t) => [
    index('stock_movements_store_product_created_idx').on(t.storeId, t.productId, t.createdAt),
    index('stock_movements_ref_idx').on(t.refType, t.refId),
    check('stock_movements_delta_nonzero', sql`${t.delta} <> 0`),
    check(
      'stock_movements_reason_valid',
      sql`${t.reason} in ('sale', 'return', 'void', 'adjustment', 'damaged', 'expired', 'shrink', 'count_correction', 'found', 'received', 'transfer_out', 'transfer_in', 'count', 'other')`,
    ),
    check(
      'stock_movements_ref_type_valid',
      sql`${t.refType} is null or ${t.refType} in ('sale', 'return', 'adjustment', 'transfer', 'purchase_order', 'stock_count', 'import', 'seed')`,
    ),
    check('stock_movements_ref_id_has_type', sql`${t.refId} is null or ${t.refType} is not null`),
  ],
);
