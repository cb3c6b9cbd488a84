import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  check,
  date,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { MOVEMENT_REASONS } from '../../../shared/schemas/inventory';
import { categories, products } from './catalog';
import { createdAtColumn, idColumn } from './columns';
import { stores } from './stores';
import { users } from './users';

/**
 * Why stock moved. Sales, returns and voids come from the till; the adjustment reasons from
 * POST …/inventory/adjustments; `received` also from purchase orders; transfers write one row per side;
 * `count` sets stock from a physical count (and the opening balance of a seeded store).
 */
export const STOCK_MOVEMENT_REASONS = MOVEMENT_REASONS;
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
  'receipt',
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
    /** For lot-tracked products: the lot this unit came from or went into (recalls follow it to sales). */
    lotId: uuid('lot_id').references((): AnyPgColumn => stockLots.id, { onDelete: 'restrict' }),
    note: text('note'),
    createdAt: createdAtColumn(),
  },
  (t) => [
    index('stock_movements_store_product_created_idx').on(t.storeId, t.productId, t.createdAt),
    index('stock_movements_ref_idx').on(t.refType, t.refId),
    index('stock_movements_lot_idx').on(t.lotId),
    check('stock_movements_delta_nonzero', sql`${t.delta} <> 0`),
    check(
      'stock_movements_reason_valid',
      sql`${t.reason} in ('sale', 'return', 'void', 'adjustment', 'damaged', 'expired', 'shrink', 'count_correction', 'found', 'received', 'transfer_out', 'transfer_in', 'count', 'other')`,
    ),
    check(
      'stock_movements_ref_type_valid',
      sql`${t.refType} is null or ${t.refType} in ('sale', 'return', 'adjustment', 'transfer', 'purchase_order', 'stock_count', 'import', 'receipt', 'seed')`,
    ),
    check('stock_movements_ref_id_has_type', sql`${t.refId} is null or ${t.refType} is not null`),
  ],
);

/**
 * Stock of a lot-tracked product by lot (number + expiry) in one store: a sub-ledger of inventory. Its
 * on_hand is the sum of the movements that name the lot; sales take from the earliest expiry first.
 */
export const stockLots = pgTable(
  'stock_lots',
  {
    id: idColumn(),
    storeId: uuid('store_id')
      .notNull()
      .references(() => stores.id, { onDelete: 'restrict' }),
    productId: uuid('product_id')
      .notNull()
      .references(() => products.id, { onDelete: 'restrict' }),
    lotNumber: text('lot_number').notNull(),
    expiryDate: date('expiry_date', { mode: 'string' }),
    onHand: integer('on_hand').notNull().default(0),
    createdAt: createdAtColumn(),
  },
  (t) => [
    uniqueIndex('stock_lots_store_product_lot_key').on(t.storeId, t.productId, t.lotNumber),
    index('stock_lots_store_expiry_idx').on(t.storeId, t.expiryDate),
    index('stock_lots_product_lot_idx').on(t.productId, t.lotNumber),
    check('stock_lots_lot_number_not_blank', sql`length(btrim(${t.lotNumber})) > 0`),
    check('stock_lots_on_hand_nonneg', sql`${t.onHand} >= 0`),
  ],
);

export const STOCK_COUNT_STATUSES = ['open', 'submitted', 'cancelled'] as const;
export type StockCountStatus = (typeof STOCK_COUNT_STATUSES)[number];

/** A cycle count of a category (with its sub-categories) or of the whole store (category_id null). */
export const stockCounts = pgTable(
  'stock_counts',
  {
    id: idColumn(),
    storeId: uuid('store_id')
      .notNull()
      .references(() => stores.id, { onDelete: 'restrict' }),
    categoryId: uuid('category_id').references(() => categories.id, { onDelete: 'restrict' }),
    status: text('status', { enum: STOCK_COUNT_STATUSES }).notNull().default('open'),
    note: text('note'),
    startedBy: uuid('started_by')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    submittedBy: uuid('submitted_by').references(() => users.id, { onDelete: 'restrict' }),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
  },
  (t) => [
    index('stock_counts_store_status_idx').on(t.storeId, t.status),
    check('stock_counts_status_valid', sql`${t.status} in ('open', 'submitted', 'cancelled')`),
    check(
      'stock_counts_submitted_consistent',
      sql`(${t.status} = 'submitted') = (${t.submittedAt} is not null and ${t.submittedBy} is not null)`,
    ),
  ],
);

/**
 * One product in a count. When a quantity is entered, the system's on-hand at that moment is kept with
 * it; the correction on submit is counted − that figure, so sales between counting and submitting stay.
 */
export const stockCountLines = pgTable(
  'stock_count_lines',
  {
    countId: uuid('count_id')
      .notNull()
      .references(() => stockCounts.id, { onDelete: 'cascade' }),
    productId: uuid('product_id')
      .notNull()
      .references(() => products.id, { onDelete: 'restrict' }),
    countedQuantity: integer('counted_quantity'),
    systemQuantityAtCount: integer('system_quantity_at_count'),
    countedBy: uuid('counted_by').references(() => users.id, { onDelete: 'restrict' }),
    countedAt: timestamp('counted_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.countId, t.productId] }),
    check('stock_count_lines_counted_nonneg', sql`${t.countedQuantity} is null or ${t.countedQuantity} >= 0`),
    check(
      'stock_count_lines_counted_consistent',
      sql`(${t.countedQuantity} is null) = (${t.systemQuantityAtCount} is null)`,
    ),
  ],
);
