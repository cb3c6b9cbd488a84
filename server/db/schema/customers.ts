import { sql } from 'drizzle-orm';
import { boolean, check, date, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { centsColumn, createdAtColumn, idColumn, updatedAtColumn } from './columns';

/** Customers belong to the chain, not to one store: a loyalty card works in every store. */
export const customers = pgTable(
  'customers',
  {
    id: idColumn(),
    name: text('name').notNull(),
    phone: text('phone'),
    email: text('email'),
    /** Balance owed to the customer (no-receipt returns are refunded as store credit). */
    storeCreditCents: centsColumn('store_credit_cents').notNull().default(0),
    notes: text('notes').notNull().default(''),
    /** The customer agreed to receive marketing (newsletters, offers); receipts by email need no consent. */
    marketingConsent: boolean('marketing_consent').notNull().default(false),
    /** When consent was last given or withdrawn, as marketing law asks us to be able to show. */
    marketingConsentAt: timestamp('marketing_consent_at', { withTimezone: true }),
    createdAt: createdAtColumn(),
    updatedAt: updatedAtColumn(),
  },
  (t) => [
    index('customers_phone_idx').on(t.phone),
    index('customers_email_lower_idx').on(sql`lower(${t.email})`),
    index('customers_name_trgm_idx').using('gin', sql`${t.name} gin_trgm_ops`),
    check('customers_name_not_blank', sql`length(btrim(${t.name})) > 0`),
    check('customers_store_credit_nonneg', sql`${t.storeCreditCents} >= 0`),
  ],
);

/** Pet species: the catalog's six plus `other` (a customer may own a horse). */
export const PET_SPECIES = ['dog', 'cat', 'bird', 'fish', 'small_animal', 'reptile', 'other'] as const;
export type PetSpecies = (typeof PET_SPECIES)[number];

export const pets = pgTable(
  'pets',
  {
    id: idColumn(),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    species: text('species', { enum: PET_SPECIES }).notNull(),
    breed: text('breed'),
    birthDate: date('birth_date', { mode: 'string' }),
    createdAt: createdAtColumn(),
  },
  (t) => [
    index('pets_customer_id_idx').on(t.customerId),
    check('pets_name_not_blank', sql`length(btrim(${t.name})) > 0`),
    check(
      'pets_species_valid',
      sql`${t.species} in ('dog', 'cat', 'bird', 'fish', 'small_animal', 'reptile', 'other')`,
    ),
  ],
);
