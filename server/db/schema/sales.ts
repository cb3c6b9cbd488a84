import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import { TENDER_METHODS, type TenderMethod } from '../../../shared/schemas/sales';
import { products, TAX_CLASSES } from './catalog';
import { centsColumn, createdAtColumn, idColumn } from './columns';
import { customers } from './customers';
import { loyaltyPrograms } from './loyalty';
import { shifts } from './shifts';
import { stores } from './stores';
import { users } from './users';

export const SALE_KINDS = ['sale', 'return'] as const;
export type SaleKind = (typeof SALE_KINDS)[number];
export const SALE_STATUSES = ['completed', 'voided'] as const;
export type SaleStatus = (typeof SALE_STATUSES)[number];
// The API's list (shared/), so the CHECK and the request schema cannot drift apart.
export { TENDER_METHODS, type TenderMethod };

/**
 * Sales and returns. Amounts are magnitudes (never negative) for both kinds: `kind` says which way the
 * money went, so a return's total_cents is what was refunded.
 *
 * `id` comes from the client and is the idempotency key: a retry inserts the same id and hits the primary key;
 * `request_hash` (a hash of the request body) tells a true retry from a different request reusing the id.
 * Rows are kept for years, so keys outlive the 30 days the contract promises without a separate table.
 */
export const salesTransactions = pgTable(
  'sales_transactions',
  {
    id: uuid('id').primaryKey(),
    kind: text('kind', { enum: SALE_KINDS }).notNull(),
    status: text('status', { enum: SALE_STATUSES }).notNull().default('completed'),
    storeId: uuid('store_id')
      .notNull()
      .references(() => stores.id, { onDelete: 'restrict' }),
    registerId: text('register_id').notNull(),
    shiftId: uuid('shift_id').references(() => shifts.id, { onDelete: 'restrict' }),
    cashierId: uuid('cashier_id')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    customerId: uuid('customer_id').references(() => customers.id, { onDelete: 'restrict' }),
    /** For a return with a receipt: the sale it returns against. */
    originalTransactionId: uuid('original_transaction_id').references(
      (): AnyPgColumn => salesTransactions.id,
      {
        onDelete: 'restrict',
      },
    ),
    receiptNumber: text('receipt_number').notNull(),
    /** The store's calendar date (its time zone) when the sale was made. */
    businessDate: date('business_date', { mode: 'string' }).notNull(),
    transactionDate: timestamp('transaction_date', { withTimezone: true }).notNull().defaultNow(),
    /** The store's setting when the sale was made, so reprints show tax the way it was charged. */
    pricesIncludeTax: boolean('prices_include_tax').notNull().default(false),
    /** Σ line gross (before any discount). */
    subtotalCents: centsColumn('subtotal_cents').notNull(),
    /** Line discounts plus the cart discount. */
    discountCents: centsColumn('discount_cents').notNull().default(0),
    taxCents: centsColumn('tax_cents').notNull().default(0),
    /** Σ(net + tax), before cash rounding. The amount due is total_cents + rounding_cents. */
    totalCents: centsColumn('total_cents').notNull(),
    roundingCents: centsColumn('rounding_cents').notNull().default(0),
    changeDueCents: centsColumn('change_due_cents').notNull().default(0),
    requestHash: text('request_hash').notNull(),
    /** The manager whose PIN approved an override, a large discount, a no-receipt return… */
    approvedBy: uuid('approved_by').references(() => users.id, { onDelete: 'restrict' }),
    returnReason: text('return_reason'),
    voidReason: text('void_reason'),
    voidedAt: timestamp('voided_at', { withTimezone: true }),
    voidedBy: uuid('voided_by').references(() => users.id, { onDelete: 'restrict' }),
    createdAt: createdAtColumn(),
  },
  (t) => [
    unique('sales_transactions_store_receipt_key').on(t.storeId, t.receiptNumber),
    index('idx_sales_transactions_store_date').on(t.storeId, t.transactionDate),
    index('sales_transactions_store_business_date_idx').on(t.storeId, t.businessDate),
    index('sales_transactions_shift_id_idx').on(t.shiftId),
    index('sales_transactions_customer_id_idx').on(t.customerId),
    index('sales_transactions_original_idx').on(t.originalTransactionId),
    check('sales_transactions_kind_valid', sql`${t.kind} in ('sale', 'return')`),
    check('sales_transactions_status_valid', sql`${t.status} in ('completed', 'voided')`),
    check('sales_transactions_register_id_format', sql`length(${t.registerId}) between 1 and 64`),
    check('sales_transactions_receipt_number_not_blank', sql`length(btrim(${t.receiptNumber})) > 0`),
    check(
      'sales_transactions_only_returns_have_original',
      sql`${t.kind} = 'return' or ${t.originalTransactionId} is null`,
    ),
    check('sales_transactions_subtotal_nonneg', sql`${t.subtotalCents} >= 0`),
    check(
      'sales_transactions_discount_within_subtotal',
      sql`${t.discountCents} >= 0 and ${t.discountCents} <= ${t.subtotalCents}`,
    ),
    check('sales_transactions_tax_nonneg', sql`${t.taxCents} >= 0`),
    check('sales_transactions_total_nonneg', sql`${t.totalCents} >= 0`),
    check('sales_transactions_rounding_range', sql`${t.roundingCents} between -50 and 50`),
    check('sales_transactions_change_due_nonneg', sql`${t.changeDueCents} >= 0`),
    check(
      'sales_transactions_void_consistent',
      sql`(${t.status} = 'voided') = (${t.voidedAt} is not null and ${t.voidedBy} is not null)`,
    ),
  ],
);

/** Lines, with the product's sku, name, price, tax and cost copied at the time of sale. */
export const salesTransactionItems = pgTable(
  'sales_transaction_items',
  {
    id: idColumn(),
    transactionId: uuid('transaction_id')
      .notNull()
      .references(() => salesTransactions.id, { onDelete: 'cascade' }),
    lineNumber: integer('line_number').notNull(),
    productId: uuid('product_id')
      .notNull()
      .references(() => products.id, { onDelete: 'restrict' }),
    sku: text('sku').notNull(),
    name: text('name').notNull(),
    /**
     * The product's category when it was sold, so reports by category keep the day's view of the catalog.
     * A snapshot, not a reference: deleting a category later must not scan or block years of sales.
     */
    categoryId: uuid('category_id'),
    /** The product's unit when it was sold: `each` counts pieces, `weight` grams priced per kg. */
    unit: text('unit', { enum: ['each', 'weight'] })
      .notNull()
      .default('each'),
    /** Pieces, or grams for weighed products. */
    quantity: integer('quantity').notNull(),
    /** Per piece, or per kilogram for weighed products; an approved override replaces the catalog price. */
    unitPriceCents: centsColumn('unit_price_cents').notNull(),
    /** unit price × quantity (weighed: round(price per kg × grams / 1000)). */
    grossCents: centsColumn('gross_cents').notNull(),
    /** The line's own discount plus its share of the cart discount. */
    discountCents: centsColumn('discount_cents').notNull().default(0),
    discountReason: text('discount_reason'),
    overrideReason: text('override_reason'),
    taxClass: text('tax_class', { enum: TAX_CLASSES }).notNull(),
    /** Percent as a decimal string, as the store had it ("8.25"). */
    taxRate: text('tax_rate').notNull(),
    taxCents: centsColumn('tax_cents').notNull().default(0),
    /** net + tax (tax-exclusive stores) or net (prices include tax). */
    totalCents: centsColumn('total_cents').notNull(),
    /** Cost of the whole line (unit cost × quantity; weighed: per kg × grams / 1000), for margin reports. */
    costCents: centsColumn('cost_cents').notNull().default(0),
    /** Sale lines: how much of this line later came back through returns. */
    returnedQuantity: integer('returned_quantity').notNull().default(0),
    /** Return lines: the sale line being returned. */
    /** Sale lines given free as a frequent-buyer reward (a 100 % line discount). */
    rewardProgramId: uuid('reward_program_id').references((): AnyPgColumn => loyaltyPrograms.id, {
      onDelete: 'restrict',
    }),
    /** Return lines: whether the item went back on the shelf (else it was written off as damaged). */
    restock: boolean('restock'),
    originalItemId: uuid('original_item_id').references((): AnyPgColumn => salesTransactionItems.id, {
      onDelete: 'restrict',
    }),
  },
  (t) => [
    unique('sales_transaction_items_transaction_line_key').on(t.transactionId, t.lineNumber),
    index('idx_sales_transaction_items_product').on(t.productId),
    index('sales_transaction_items_original_item_id_idx')
      .on(t.originalItemId)
      .where(sql`original_item_id is not null`),
    check('sales_transaction_items_line_number_positive', sql`${t.lineNumber} > 0`),
    check('sales_transaction_items_quantity_positive', sql`${t.quantity} > 0`),
    check('sales_transaction_items_unit_valid', sql`${t.unit} in ('each', 'weight')`),
    check('sales_transaction_items_unit_price_nonneg', sql`${t.unitPriceCents} >= 0`),
    check('sales_transaction_items_gross_nonneg', sql`${t.grossCents} >= 0`),
    check(
      'sales_transaction_items_discount_within_gross',
      sql`${t.discountCents} >= 0 and ${t.discountCents} <= ${t.grossCents}`,
    ),
    check('sales_transaction_items_tax_class_valid', sql`${t.taxClass} in ('standard', 'reduced', 'exempt')`),
    check('sales_transaction_items_tax_rate_format', sql`${t.taxRate} ~ '^[0-9]{1,3}([.][0-9]{1,4})?$'`),
    check('sales_transaction_items_tax_nonneg', sql`${t.taxCents} >= 0`),
    check('sales_transaction_items_total_nonneg', sql`${t.totalCents} >= 0`),
    check('sales_transaction_items_cost_nonneg', sql`${t.costCents} >= 0`),

    check(
      'sales_transaction_items_returned_within_quantity',
      sql`${t.returnedQuantity} >= 0 and ${t.returnedQuantity} <= ${t.quantity}`,
    ),
  ],
);

/** Tenders of a sale, or refund tenders of a return, in the order they were given. */
export const salesPayments = pgTable(
  'sales_payments',
  {
    id: idColumn(),
    transactionId: uuid('transaction_id')
      .notNull()
      .references(() => salesTransactions.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    method: text('method', { enum: TENDER_METHODS }).notNull(),
    amountCents: centsColumn('amount_cents').notNull(),
    /** Card authorisation code or similar; never a full card number. */
    reference: text('reference'),
  },
  (t) => [
    unique('sales_payments_transaction_position_key').on(t.transactionId, t.position),
    check('sales_payments_method_valid', sql`${t.method} in ('cash', 'card', 'store_credit')`),
    check('sales_payments_amount_positive', sql`${t.amountCents} > 0`),
    check('sales_payments_position_nonneg', sql`${t.position} >= 0`),
  ],
);

/**
 * Receipt numbering per register: `<store code>-<register_number>-<sequence>`, e.g. S001-1-000123.
 * register_number is a short per-store ordinal given to a register id the first time it sells.
 * Take the next number with UPDATE … RETURNING inside the sale's transaction.
 */
export const registerSequences = pgTable(
  'register_sequences',
  {
    storeId: uuid('store_id')
      .notNull()
      .references(() => stores.id, { onDelete: 'restrict' }),
    registerId: text('register_id').notNull(),
    registerNumber: integer('register_number').notNull(),
    nextNumber: integer('next_number').notNull().default(1),
  },
  (t) => [
    primaryKey({ columns: [t.storeId, t.registerId] }),
    unique('register_sequences_store_number_key').on(t.storeId, t.registerNumber),
    check('register_sequences_register_number_positive', sql`${t.registerNumber} > 0`),
    check('register_sequences_next_number_positive', sql`${t.nextNumber} > 0`),
  ],
);

/** Carts put aside at a register ("park") to serve the next customer, resumed later. */
export const parkedCarts = pgTable(
  'parked_carts',
  {
    id: idColumn(),
    storeId: uuid('store_id')
      .notNull()
      .references(() => stores.id, { onDelete: 'cascade' }),
    registerId: text('register_id').notNull(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    label: text('label'),
    cart: jsonb('cart').$type<Record<string, unknown>>().notNull(),
    createdAt: createdAtColumn(),
  },
  (t) => [
    index('parked_carts_store_register_created_idx').on(t.storeId, t.registerId, t.createdAt),
    check('parked_carts_cart_object', sql`jsonb_typeof(${t.cart}) = 'object'`),
  ],
);
