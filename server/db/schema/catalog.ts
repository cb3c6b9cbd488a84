import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  boolean,
  check,
  customType,
  index,
  integer,
  pgTable,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { PRODUCT_UNITS, SPECIES, TAX_CLASSES } from '../../../shared/schemas/catalog';
import { centsColumn, createdAtColumn, idColumn, updatedAtColumn } from './columns';

// The value lists are the API's (shared/), so the CHECKs and the request schemas cannot drift apart.
export { PRODUCT_UNITS, SPECIES, TAX_CLASSES };
export type Species = (typeof SPECIES)[number];
export type TaxClass = (typeof TAX_CLASSES)[number];
/** `each` counts pieces; `weight` is priced per kilogram and counted (stock included) in grams. */
export type ProductUnit = (typeof PRODUCT_UNITS)[number];

/** A full-text document; only PostgreSQL reads it (search), so the app never maps its value. */
const tsvector = customType<{ data: string }>({
  dataType: () => 'tsvector',
});

/** The all-zero UUID stands in for "no parent" so root names are unique too (NULLs never collide). */
const ROOT_PARENT = sql`'00000000-0000-0000-0000-000000000000'::uuid`;

export const categories = pgTable(
  'categories',
  {
    id: idColumn(),
    parentId: uuid('parent_id').references((): AnyPgColumn => categories.id, { onDelete: 'restrict' }),
    name: text('name').notNull(),
    position: integer('position').notNull().default(0),
    createdAt: createdAtColumn(),
    updatedAt: updatedAtColumn(),
  },
  (t) => [
    uniqueIndex('categories_parent_name_key').on(
      sql`coalesce(${t.parentId}, ${ROOT_PARENT})`,
      sql`lower(${t.name})`,
    ),
    index('categories_parent_id_idx').on(t.parentId),
    check('categories_name_not_blank', sql`length(btrim(${t.name})) > 0`),
    check('categories_not_own_parent', sql`${t.parentId} is null or ${t.parentId} <> ${t.id}`),
  ],
);

export const products = pgTable(
  'products',
  {
    id: idColumn(),
    sku: text('sku').notNull().unique(),
    name: text('name').notNull(),
    brand: text('brand').notNull().default(''),
    categoryId: uuid('category_id').references(() => categories.id, { onDelete: 'restrict' }),
    species: text('species', { enum: SPECIES }).array().notNull().default(sql`'{}'::text[]`),
    /** Per piece, or per kilogram when unit = 'weight'. */
    priceCents: centsColumn('price_cents').notNull(),
    costCents: centsColumn('cost_cents').notNull().default(0),
    taxClass: text('tax_class', { enum: TAX_CLASSES }).notNull().default('standard'),
    unit: text('unit', { enum: PRODUCT_UNITS }).notNull().default('each'),
    active: boolean('active').notNull().default(true),
    /** Food and medication: stock is received in lots with expiry dates and sold first-expiry-first-out. */
    isLotTracked: boolean('is_lot_tracked').notNull().default(false),
    /** Object-storage key of the product photo; the API turns it into imageUrl. */
    imageKey: text('image_key'),
    createdAt: createdAtColumn(),
    updatedAt: updatedAtColumn(),
    /**
     * The words of name and brand, lower-cased without stemming ('simple'), kept by PostgreSQL. Search
     * matches query words (typos corrected against search_words) against it through a GIN index.
     */
    searchVector: tsvector('search_vector')
      .notNull()
      .generatedAlwaysAs(sql`to_tsvector('simple'::regconfig, name || ' ' || brand)`),
  },
  (t) => [
    index('products_category_id_idx').on(t.categoryId),
    // The catalog list pages through products by name.
    index('products_name_id_idx').on(t.name, t.id),
    // The registers' catalog feed pages through changes in (updated_at, id) order (keyset).
    index('products_updated_at_id_idx').on(t.updatedAt, t.id),
    // Search: words of name and brand (full text); names and SKUs containing q (trigrams, ILIKE).
    index('products_search_vector_idx').using('gin', t.searchVector),
    index('products_name_trgm_idx').using('gin', sql`${t.name} gin_trgm_ops`),
    index('products_sku_trgm_idx').using('gin', sql`${t.sku} gin_trgm_ops`),
    // Case-insensitive "starts with" and equality as btree range scans (LIKE 'q%' on lower()).
    index('products_name_lower_prefix_idx').on(sql`lower(${t.name}) text_pattern_ops`),
    index('products_sku_lower_prefix_idx').on(sql`lower(${t.sku}) text_pattern_ops`),
    // The few inactive products, so counts over a store's inventory (the dashboard's low stock) leave them out
    // with an anti-join on this instead of joining every product.
    index('products_inactive_id_idx').on(t.id).where(sql`not ${t.active}`),
    check('products_sku_format', sql`${t.sku} ~ '^[^[:space:]]{1,64}$'`),
    check('products_name_not_blank', sql`length(btrim(${t.name})) > 0`),
    check(
      'products_species_valid',
      sql`${t.species} <@ array['dog', 'cat', 'bird', 'fish', 'small_animal', 'reptile']::text[]`,
    ),
    check('products_price_nonneg', sql`${t.priceCents} >= 0`),
    check('products_cost_nonneg', sql`${t.costCents} >= 0`),
    check('products_tax_class_valid', sql`${t.taxClass} in ('standard', 'reduced', 'exempt')`),
    check('products_unit_valid', sql`${t.unit} in ('each', 'weight')`),
  ],
);

/**
 * One row per code printed on a product. Codes are globally unique; UPC-A (12 digits) is stored in its
 * 13-digit EAN form (a leading 0), so a scan of either form finds the same row.
 */
export const productBarcodes = pgTable(
  'product_barcodes',
  {
    barcode: text('barcode').primaryKey(),
    productId: uuid('product_id')
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    createdAt: createdAtColumn(),
  },
  (t) => [
    index('product_barcodes_product_id_idx').on(t.productId),
    check('product_barcodes_format', sql`${t.barcode} ~ '^[!-~]{1,64}$'`),
    check('product_barcodes_upc_a_normalized', sql`${t.barcode} !~ '^[0-9]{12}$'`),
  ],
);

/**
 * The vocabulary of the catalog: every word of 3+ characters (starting with a letter) that occurs in a
 * product's name or brand, filled by a trigger on products. Search corrects typo'd query words against it
 * (trigram candidates, then edit distance) before matching products, so a typo costs a lookup in a table
 * of a few thousand words, not a similarity test on every product. Words of renamed products stay; a word
 * no product has any more only makes a correction that matches nothing.
 */
export const searchWords = pgTable(
  'search_words',
  {
    word: text('word').primaryKey(),
  },
  (t) => [index('search_words_trgm_idx').using('gin', sql`${t.word} gin_trgm_ops`)],
);
