import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
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
import { stores } from './stores';

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
    active: boolean('active').notNull().default(true),
    createdAt: createdAtColumn(),
    updatedAt: updatedAtColumn(),
  },
  (t) => [
    check('loyalty_programs_name_not_blank', sql`length(btrim(${t.name})) > 0`),
    check('loyalty_programs_qualifying_object', sql`jsonb_typeof(${t.qualifying}) = 'object'`),
    check('loyalty_programs_buy_quantity_positive', sql`${t.buyQuantity} > 0`),
    check('loyalty_programs_reward_quantity_positive', sql`${t.rewardQuantity} > 0`),
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
