import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { products } from './catalog';
import { createdAtColumn, idColumn } from './columns';
import { stores } from './stores';
import { users } from './users';

export const TRANSFER_STATUSES = ['in_transit', 'received', 'cancelled'] as const;
export type TransferStatus = (typeof TRANSFER_STATUSES)[number];

/** Stock leaving one store (a transfer_out movement when created) and arriving at another (transfer_in on receipt). */
export const transfers = pgTable(
  'transfers',
  {
    id: idColumn(),
    fromStoreId: uuid('from_store_id')
      .notNull()
      .references(() => stores.id, { onDelete: 'restrict' }),
    toStoreId: uuid('to_store_id')
      .notNull()
      .references(() => stores.id, { onDelete: 'restrict' }),
    status: text('status', { enum: TRANSFER_STATUSES }).notNull().default('in_transit'),
    note: text('note'),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    receivedBy: uuid('received_by').references(() => users.id, { onDelete: 'restrict' }),
    createdAt: createdAtColumn(),
    receivedAt: timestamp('received_at', { withTimezone: true }),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
  },
  (t) => [
    index('transfers_from_store_created_idx').on(t.fromStoreId, t.createdAt),
    index('transfers_to_store_status_idx').on(t.toStoreId, t.status),
    check('transfers_stores_differ', sql`${t.fromStoreId} <> ${t.toStoreId}`),
    check('transfers_status_valid', sql`${t.status} in ('in_transit', 'received', 'cancelled')`),
    check(
      'transfers_received_consistent',
      sql`(${t.status} = 'received') = (${t.receivedAt} is not null and ${t.receivedBy} is not null)`,
    ),
    check(
      'transfers_cancelled_consistent',
      sql`(${t.status} = 'cancelled') = (${t.cancelledAt} is not null)`,
    ),
  ],
);

export const transferLines = pgTable(
  'transfer_lines',
  {
    id: idColumn(),
    transferId: uuid('transfer_id')
      .notNull()
      .references(() => transfers.id, { onDelete: 'cascade' }),
    productId: uuid('product_id')
      .notNull()
      .references(() => products.id, { onDelete: 'restrict' }),
    quantity: integer('quantity').notNull(),
    /** Null until received; may differ from quantity (the discrepancy is recorded, not rejected). */
    quantityReceived: integer('quantity_received'),
  },
  (t) => [
    unique('transfer_lines_transfer_product_key').on(t.transferId, t.productId),
    index('transfer_lines_product_id_idx').on(t.productId),
    check('transfer_lines_quantity_positive', sql`${t.quantity} > 0`),
    check(
      'transfer_lines_quantity_received_nonneg',
      sql`${t.quantityReceived} is null or ${t.quantityReceived} >= 0`,
    ),
  ],
);
