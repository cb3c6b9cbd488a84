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
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAtColumn, idColumn, updatedAtColumn } from './columns';
import { customers } from './customers';
import { salesTransactionItems, salesTransactions } from './sales';
import { stores } from './stores';
import { users } from './users';

/** Which products count towards a program; a product qualifies when it matches every field that is set. */
export type LoyaltyQualifying = { productIds?: string[]; brand?: string; categoryId?: string };

/** Frequent-buyer program: every `buy_quantity` qualifying units earn `reward_quantity` free ones. */
export const loyaltyPrograms = pgTable(
  'loyalty_programs',
  {
    id: idColumn(),
    name: text('name').notNull(),
    qualifying: jsonb('qualifying').$type<LoyaltyQualifying>().notNull(),
    buyQuantity: integer('buy_quantity').notNull(),
    rewardQuantity: integer('reward_quantity').notNull(),
    /** Qualifying units count only this many months after they were bought (e.g. 12 bags within 24 months); null: forever. */
    windowMonths: integer('window_months'),
    active: boolean('active').notNull().default(true),
    createdAt: createdAtColumn(),
    updatedAt: updatedAtColumn(),
  },
  (t) => [
    check('loyalty_programs_name_not_blank', sql`length(btrim(${t.name})) > 0`),
    check('loyalty_programs_qualifying_object', sql`jsonb_typeof(${t.qualifying}) = 'object'`),
    check('loyalty_programs_buy_quantity_positive', sql`${t.buyQuantity} > 0`),
    check('loyalty_programs_reward_quantity_positive', sql`${t.rewardQuantity} > 0`),
    check(
      'loyalty_programs_window_months_range',
      sql`${t.windowMonths} is null or ${t.windowMonths} between 1 and 120`,
    ),
  ],
);

export const loyaltyProgramStores = pgTable(
  'loyalty_program_stores',
  {
    programId: uuid('program_id')
      .notNull()
      .references(() => loyaltyPrograms.id, { onDelete: 'cascade' }),
    storeId: uuid('store_id')
      .notNull()
      .references(() => stores.id, { onDelete: 'restrict' }),
  },
  (t) => [
    primaryKey({ columns: [t.programId, t.storeId] }),
    index('loyalty_program_stores_store_id_idx').on(t.storeId),
  ],
);

/**
 * A customer's progress in one program. Rewards earned = floor(units / buy_quantity) × reward_quantity;
 * returns take units back, so a customer can owe units (earned < redeemed) — that is not an error here.
 */
export const loyaltyAccounts = pgTable(
  'loyalty_accounts',
  {
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    // Progress is value owed to customers: a program with accounts is deactivated, never deleted.
    programId: uuid('program_id')
      .notNull()
      .references(() => loyaltyPrograms.id, { onDelete: 'restrict' }),
    qualifyingUnitsCount: integer('qualifying_units_count').notNull().default(0),
    rewardsRedeemed: integer('rewards_redeemed').notNull().default(0),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.customerId, t.programId] }),
    index('loyalty_accounts_program_id_idx').on(t.programId),
    check('loyalty_accounts_units_nonneg', sql`${t.qualifyingUnitsCount} >= 0`),
    check('loyalty_accounts_rewards_redeemed_nonneg', sql`${t.rewardsRedeemed} >= 0`),
  ],
);

/**
 * Qualifying units a customer bought: one row per sale line that counts towards a program. Units are used
 * up (consumed) oldest first when they earn a reward; returned units are taken back.
 */
export const loyaltyPurchases = pgTable(
  'loyalty_purchases',
  {
    id: idColumn(),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    programId: uuid('program_id')
      .notNull()
      .references(() => loyaltyPrograms.id, { onDelete: 'restrict' }),
    transactionId: uuid('transaction_id')
      .notNull()
      .references((): AnyPgColumn => salesTransactions.id, { onDelete: 'cascade' }),
    itemId: uuid('item_id')
      .notNull()
      .references((): AnyPgColumn => salesTransactionItems.id, { onDelete: 'cascade' }),
    units: integer('units').notNull(),
    /** What the customer paid per unit after discounts (floor): a reward may not be worth more than the cheapest unit that earned it. */
    unitValueCents: integer('unit_value_cents').notNull(),
    businessDate: date('business_date', { mode: 'string' }).notNull(),
    unitsConsumed: integer('units_consumed').notNull().default(0),
    unitsReturned: integer('units_returned').notNull().default(0),
    createdAt: createdAtColumn(),
  },
  (t) => [
    index('loyalty_purchases_account_date_idx').on(t.customerId, t.programId, t.businessDate),
    index('loyalty_purchases_transaction_idx').on(t.transactionId),
    index('loyalty_purchases_item_idx').on(t.itemId),
    check('loyalty_purchases_units_positive', sql`${t.units} > 0`),
    check('loyalty_purchases_unit_value_nonneg', sql`${t.unitValueCents} >= 0`),
    check(
      'loyalty_purchases_used_within_units',
      sql`${t.unitsConsumed} >= 0 and ${t.unitsReturned} >= 0 and ${t.unitsConsumed} + ${t.unitsReturned} <= ${t.units}`,
    ),
  ],
);

export const LOYALTY_REWARD_STATUSES = ['available', 'redeemed', 'revoked'] as const;
export type LoyaltyRewardStatus = (typeof LOYALTY_REWARD_STATUSES)[number];

/**
 * One free unit: earned when buy_quantity units were consumed (earned_transaction_id), or granted on the spot
 * with a manager's approval (approved_by, no earning sale). Redeemed at most once, on a later sale's line
 * (a line of two free units redeems two rewards); the account row is locked while rewards are taken.
 */
export const loyaltyRewards = pgTable(
  'loyalty_rewards',
  {
    id: idColumn(),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    programId: uuid('program_id')
      .notNull()
      .references(() => loyaltyPrograms.id, { onDelete: 'restrict' }),
    status: text('status', { enum: LOYALTY_REWARD_STATUSES }).notNull().default('available'),
    /** The most the free unit may be worth: the cheapest qualifying unit that earned it. */
    maxValueCents: integer('max_value_cents').notNull(),
    earnedTransactionId: uuid('earned_transaction_id').references((): AnyPgColumn => salesTransactions.id, {
      onDelete: 'cascade',
    }),
    earnedAt: timestamp('earned_at', { withTimezone: true }).notNull().defaultNow(),
    redeemedTransactionId: uuid('redeemed_transaction_id').references(
      (): AnyPgColumn => salesTransactions.id,
      { onDelete: 'cascade' },
    ),
    redeemedItemId: uuid('redeemed_item_id').references((): AnyPgColumn => salesTransactionItems.id, {
      onDelete: 'cascade',
    }),
    /** What the free unit was worth on the redeeming sale: what the distributor credits the store. */
    redeemedValueCents: integer('redeemed_value_cents'),
    redeemedAt: timestamp('redeemed_at', { withTimezone: true }),
    approvedBy: uuid('approved_by').references(() => users.id, { onDelete: 'restrict' }),
  },
  (t) => [
    index('loyalty_rewards_account_status_idx').on(t.customerId, t.programId, t.status),
    index('loyalty_rewards_program_redeemed_idx').on(t.programId, t.redeemedAt),
    index('loyalty_rewards_redeemed_transaction_idx').on(t.redeemedTransactionId),
    index('loyalty_rewards_earned_transaction_idx').on(t.earnedTransactionId),
    check('loyalty_rewards_status_valid', sql`${t.status} in ('available', 'redeemed', 'revoked')`),
    check('loyalty_rewards_max_value_nonneg', sql`${t.maxValueCents} >= 0`),
    check(
      'loyalty_rewards_redeemed_consistent',
      sql`(${t.status} = 'redeemed') = (${t.redeemedItemId} is not null and ${t.redeemedAt} is not null)`,
    ),
  ],
);
