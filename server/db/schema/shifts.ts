import { sql } from 'drizzle-orm';
import { check, date, index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { centsColumn, createdAtColumn, idColumn } from './columns';
import { stores } from './stores';
import { users } from './users';

export const SHIFT_STATUSES = ['open', 'closed'] as const;
export type ShiftStatus = (typeof SHIFT_STATUSES)[number];

/** A cash drawer session on one register: opening float, then the count and over/short at close. */
export const shifts = pgTable(
  'shifts',
  {
    id: idColumn(),
    storeId: uuid('store_id')
      .notNull()
      .references(() => stores.id, { onDelete: 'restrict' }),
    registerId: text('register_id').notNull(),
    status: text('status', { enum: SHIFT_STATUSES }).notNull().default('open'),
    openedBy: uuid('opened_by')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    closedBy: uuid('closed_by').references(() => users.id, { onDelete: 'restrict' }),
    openingFloatCents: centsColumn('opening_float_cents').notNull(),
    /** Set at close: what the drawer should hold (float + cash taken − change − refunds ± paid in/out). */
    expectedCashCents: centsColumn('expected_cash_cents'),
    countedCashCents: centsColumn('counted_cash_cents'),
    /** The store's calendar date when the shift opened. */
    businessDate: date('business_date', { mode: 'string' }).notNull(),
    openedAt: timestamp('opened_at', { withTimezone: true }).notNull().defaultNow(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
  },
  (t) => [
    // At most one open shift per register; closed shifts are history and unconstrained.
    uniqueIndex('shifts_store_register_open_key').on(t.storeId, t.registerId).where(sql`status = 'open'`),
    index('shifts_store_business_date_idx').on(t.storeId, t.businessDate),
    check('shifts_register_id_format', sql`length(${t.registerId}) between 1 and 64`),
    check('shifts_status_valid', sql`${t.status} in ('open', 'closed')`),
    check('shifts_opening_float_nonneg', sql`${t.openingFloatCents} >= 0`),
    check('shifts_counted_cash_nonneg', sql`${t.countedCashCents} is null or ${t.countedCashCents} >= 0`),
    check(
      'shifts_close_consistent',
      sql`(${t.status} = 'open' and ${t.closedAt} is null and ${t.closedBy} is null and ${t.countedCashCents} is null)
        or (${t.status} = 'closed' and ${t.closedAt} is not null and ${t.closedBy} is not null and ${t.countedCashCents} is not null and ${t.expectedCashCents} is not null)`,
    ),
  ],
);

export const CASH_MOVEMENT_TYPES = ['paid_in', 'paid_out', 'no_sale'] as const;
export type CashMovementType = (typeof CASH_MOVEMENT_TYPES)[number];

/** Drawer events that are not sales: cash paid in or out, and opening the drawer without a sale. */
export const cashMovements = pgTable(
  'cash_movements',
  {
    id: idColumn(),
    shiftId: uuid('shift_id')
      .notNull()
      .references(() => shifts.id, { onDelete: 'cascade' }),
    type: text('type', { enum: CASH_MOVEMENT_TYPES }).notNull(),
    amountCents: centsColumn('amount_cents').notNull(),
    reason: text('reason').notNull().default(''),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    createdAt: createdAtColumn(),
  },
  (t) => [
    index('cash_movements_shift_created_idx').on(t.shiftId, t.createdAt),
    check('cash_movements_type_valid', sql`${t.type} in ('paid_in', 'paid_out', 'no_sale')`),
    check('cash_movements_amount_nonneg', sql`${t.amountCents} >= 0`),
    check(
      'cash_movements_amount_matches_type',
      sql`(${t.type} = 'no_sale' and ${t.amountCents} = 0) or (${t.type} <> 'no_sale' and ${t.amountCents} > 0)`,
    ),
  ],
);
