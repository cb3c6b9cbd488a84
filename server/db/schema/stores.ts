import { sql } from 'drizzle-orm';
import { boolean, check, integer, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { createdAtColumn, idColumn, updatedAtColumn } from './columns';

export type TaxRates = { standard: string; reduced: string; exempt: string };

/** How a scale prints variable-measure EAN-13 labels (prefix 20–29): item code digits, then weight or price. */
export type ScaleBarcodeLayout = { itemDigits: number; valueKind: 'weight' | 'price' };

export const stores = pgTable(
  'stores',
  {
    id: idColumn(),
    code: text('code').notNull().unique(),
    name: text('name').notNull(),
    timezone: text('timezone').notNull(),
    currency: text('currency').notNull().default('USD'),
    address: text('address').notNull().default(''),
    pricesIncludeTax: boolean('prices_include_tax').notNull().default(false),
    allowNegativeStock: boolean('allow_negative_stock').notNull().default(true),
    taxRates: jsonb('tax_rates').$type<TaxRates>().notNull(),
    cashierDiscountLimitPercent: integer('cashier_discount_limit_percent').notNull().default(10),
    cashRoundingCents: integer('cash_rounding_cents').notNull().default(1),
    receiptHeader: text('receipt_header').notNull().default(''),
    receiptFooter: text('receipt_footer').notNull().default(''),
    scaleBarcodeLayout: jsonb('scale_barcode_layout')
      .$type<ScaleBarcodeLayout>()
      .notNull()
      .default({ itemDigits: 5, valueKind: 'weight' }),
    auditRetentionMonths: integer('audit_retention_months').notNull().default(12),
    active: boolean('active').notNull().default(true),
    createdAt: createdAtColumn(),
    updatedAt: updatedAtColumn(),
  },
  (t) => [
    check('stores_code_format', sql`${t.code} ~ '^[A-Z0-9]{2,10}$'`),
    check('stores_currency_format', sql`${t.currency} ~ '^[A-Z]{3}$'`),
    check('stores_discount_limit_range', sql`${t.cashierDiscountLimitPercent} between 0 and 100`),
    check('stores_cash_rounding_positive', sql`${t.cashRoundingCents} between 1 and 100`),
    check('stores_audit_retention_min', sql`${t.auditRetentionMonths} >= 12`),
  ],
);
