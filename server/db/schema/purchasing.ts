import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { products } from './catalog';
import { centsColumn, createdAtColumn, idColumn, updatedAtColumn } from './columns';
import { stores } from './stores';
import { users } from './users';

export const suppliers = pgTable(
  'suppliers',
  {
    id: idColumn(),
    name: text('name').notNull(),
    contactName: text('contact_name'),
    email: text('email'),
    phone: text('phone'),
    notes: text('notes').notNull().default(''),
    active: boolean('active').notNull().default(true),
    createdAt: createdAtColumn(),
    updatedAt: updatedAtColumn(),
  },
  (t) => [
    uniqueIndex('suppliers_name_lower_key').on(sql`lower(${t.name})`),
    check('suppliers_name_not_blank', sql`length(btrim(${t.name})) > 0`),
  ],
);

export const PURCHASE_ORDER_STATUSES = [
  'draft',
  'ordered',
  'partially_received',
  'received',
  'cancelled',
] as const;
export type PurchaseOrderStatus = (typeof PURCHASE_ORDER_STATUSES)[number];

export const purchaseOrders = pgTable(
  'purchase_orders',
  {
    id: idColumn(),
    storeId: uuid('store_id')
      .notNull()
      .references(() => stores.id, { onDelete: 'restrict' }),
    supplierId: uuid('supplier_id')
      .notNull()
      .references(() => suppliers.id, { onDelete: 'restrict' }),
    /** Human-facing number printed on the order, unique per store (e.g. "S001-PO-00042"). */
    number: text('number').notNull(),
    status: text('status', { enum: PURCHASE_ORDER_STATUSES }).notNull().default('draft'),
    note: text('note'),
    expectedDate: date('expected_date', { mode: 'string' }),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    orderedAt: timestamp('ordered_at', { withTimezone: true }),
    receivedAt: timestamp('received_at', { withTimezone: true }),
    createdAt: createdAtColumn(),
    updatedAt: updatedAtColumn(),
  },
  (t) => [
    unique('purchase_orders_store_number_key').on(t.storeId, t.number),
    index('purchase_orders_store_status_idx').on(t.storeId, t.status),
    index('purchase_orders_supplier_id_idx').on(t.supplierId),
    check(
      'purchase_orders_status_valid',
      sql`${t.status} in ('draft', 'ordered', 'partially_received', 'received', 'cancelled')`,
    ),
  ],
);

export const purchaseOrderLines = pgTable(
  'purchase_order_lines',
  {
    id: idColumn(),
    purchaseOrderId: uuid('purchase_order_id')
      .notNull()
      .references(() => purchaseOrders.id, { onDelete: 'cascade' }),
    productId: uuid('product_id')
      .notNull()
      .references(() => products.id, { onDelete: 'restrict' }),
    quantityOrdered: integer('quantity_ordered').notNull(),
    /** Running total over deliveries; suppliers sometimes over-deliver, so it may exceed the order. */
    quantityReceived: integer('quantity_received').notNull().default(0),
    unitCostCents: centsColumn('unit_cost_cents').notNull(),
  },
  (t) => [
    unique('purchase_order_lines_order_product_key').on(t.purchaseOrderId, t.productId),
    index('purchase_order_lines_product_id_idx').on(t.productId),
    check('purchase_order_lines_quantity_ordered_positive', sql`${t.quantityOrdered} > 0`),
    check('purchase_order_lines_quantity_received_nonneg', sql`${t.quantityReceived} >= 0`),
    check('purchase_order_lines_unit_cost_nonneg', sql`${t.unitCostCents} >= 0`),
  ],
);

/** Which supplier sells which product, at what cost; the preferred one gets the reorder suggestions. */
export const supplierProducts = pgTable(
  'supplier_products',
  {
    supplierId: uuid('supplier_id')
      .notNull()
      .references(() => suppliers.id, { onDelete: 'cascade' }),
    productId: uuid('product_id')
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    supplierSku: text('supplier_sku'),
    unitCostCents: centsColumn('unit_cost_cents'),
    isPreferred: boolean('is_preferred').notNull().default(false),
    createdAt: createdAtColumn(),
  },
  (t) => [
    primaryKey({ columns: [t.supplierId, t.productId] }),
    index('supplier_products_product_id_idx').on(t.productId),
    // At most one preferred supplier per product.
    uniqueIndex('supplier_products_one_preferred_key').on(t.productId).where(sql`${t.isPreferred}`),
    check('supplier_products_unit_cost_nonneg', sql`${t.unitCostCents} is null or ${t.unitCostCents} >= 0`),
  ],
);
