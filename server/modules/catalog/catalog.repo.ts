import { and, eq, type SQL, sql } from 'drizzle-orm';
import type { Db, Executor } from '../../db/client';
import { queryRows } from '../../db/query-rows';
import { categories, inventory, productBarcodes, products, searchWords, stores } from '../../db/schema';
import type { ProductUnit, Species, TaxClass } from '../../db/schema/catalog';
import type { ScaleBarcodeLayout } from '../../db/schema/stores';

export type ProductRow = {
  id: string;
  sku: string;
  name: string;
  brand: string;
  categoryId: string | null;
  species: Species[];
  barcodes: string[];
  priceCents: number;
  costCents: number;
  taxClass: TaxClass;
  unit: ProductUnit;
  active: boolean;
  isLotTracked: boolean;
  imageKey: string | null;
  createdAt: Date;
  updatedAt: Date;
};

type RawProductRow = {
  id: string;
  sku: string;
  name: string;
  brand: string;
  category_id: string | null;
  species: Species[] | null;
  barcodes: string[] | null;
  price_cents: number | string;
  cost_cents: number | string;
  tax_class: TaxClass;
  unit: ProductUnit;
  active: boolean;
  is_lot_tracked: boolean;
  image_key: string | null;
  created_at: Date | string;
  updated_at: Date | string;
};

function toProduct(row: RawProductRow): ProductRow {
  return {
    id: row.id,
    sku: row.sku,
    name: row.name,
    brand: row.brand,
    categoryId: row.category_id,
    species: row.species ?? [],
    barcodes: row.barcodes ?? [],
    // bigint columns come back as strings from raw queries on pg.
    priceCents: Number(row.price_cents),
    costCents: Number(row.cost_cents),
    taxClass: row.tax_class,
    unit: row.unit,
    active: row.active,
    isLotTracked: row.is_lot_tracked,
    imageKey: row.image_key,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}

/** The product columns under the alias `p`, barcodes aggregated through product_barcodes_product_id_idx. */
const productColumns = sql`p.id, p.sku, p.name, p.brand, p.category_id, p.species, p.price_cents, p.cost_cents,
  p.tax_class, p.unit, p.active, p.is_lot_tracked, p.image_key, p.created_at, p.updated_at,
  coalesce((select array_agg(b.barcode order by b.created_at, b.barcode) from ${productBarcodes} b
    where b.product_id = p.id), '{}'::text[]) as barcodes`;

export async function findProductById(ex: Executor, id: string): Promise<ProductRow | undefined> {
  const [row] = await queryRows<RawProductRow>(
    ex,
    sql`select ${productColumns} from ${products} p where p.id = ${id}`,
  );
  return row ? toProduct(row) : undefined;
}

/** Locks the product row for an update in this transaction. */
export async function lockProductForUpdate(ex: Executor, id: string): Promise<ProductRow | undefined> {
  const [row] = await queryRows<RawProductRow>(
    ex,
    sql`select ${productColumns} from ${products} p where p.id = ${id} for update of p`,
  );
  return row ? toProduct(row) : undefined;
}

export type NewProduct = Omit<typeof products.$inferInsert, 'id' | 'createdAt' | 'updatedAt'>;

export async function insertProduct(ex: Executor, product: NewProduct): Promise<string> {
  const [row] = await ex.insert(products).values(product).returning({ id: products.id });
  return row!.id;
}

export async function updateProductColumns(
  ex: Executor,
  id: string,
  changes: Partial<NewProduct>,
): Promise<void> {
  await ex
    .update(products)
    .set({ ...changes, updatedAt: sql`now()` })
    .where(eq(products.id, id));
}

/** Touches updated_at (a change of barcodes only is still a change of the product). */
export async function touchProduct(ex: Executor, id: string): Promise<void> {
  await ex.update(products).set({ updatedAt: sql`now()` }).where(eq(products.id, id));
}

/** Which of these barcodes belong to a product other than `exceptProductId`, and to which. */
export async function findBarcodeOwners(
  ex: Executor,
  codes: string[],
  exceptProductId?: string,
): Promise<Map<string, string>> {
  if (codes.length === 0) {
    return new Map();
  }
  const rows = await queryRows<{ barcode: string; product_id: string }>(
    ex,
    sql`select barcode, product_id from ${productBarcodes}
        where barcode in (${sql.join(
          codes.map((code) => sql`${code}`),
          sql`, `,
        )})
        ${exceptProductId ? sql`and product_id <> ${exceptProductId}` : sql``}`,
  );
  return new Map(rows.map((row) => [row.barcode, row.product_id]));
}

export async function insertBarcodes(ex: Executor, productId: string, codes: string[]): Promise<void> {
  if (codes.length > 0) {
    await ex.insert(productBarcodes).values(codes.map((barcode) => ({ barcode, productId })));
  }
}

/** Deletes the product's barcodes that are not in `keep`. */
export async function deleteBarcodesExcept(ex: Executor, productId: string, keep: string[]): Promise<void> {
  await ex.execute(
    sql`delete from ${productBarcodes} where product_id = ${productId}
        ${
          keep.length > 0
            ? sql`and barcode not in (${sql.join(
                keep.map((code) => sql`${code}`),
                sql`, `,
              )})`
            : sql``
        }`,
  );
}

// ---------------------------------------------------------------------------------------------- lookup

export type ProductLookupRow = ProductRow & {
  onHand: number;
  /** What the scan matched: the code itself, the base code of a scale label, or the SKU. */
  matchedBy: 'code' | 'base_code' | 'sku';
};

export type LookupTarget = {
  storeId: string;
  /** The code in lookup form (UPC-A already as EAN-13). */
  code: string;
  /** For a scale label: the product's barcode with the value zeroed. */
  baseCode?: string;
  /** The code as scanned, tried as a SKU. */
  sku: string;
};

/**
 * The scan path, one statement: exact barcode, else a scale label's base code, else exact SKU, with the
 * product's on-hand at the store (0 without an inventory row). Each alternative is a primary-key or unique
 * index probe. The statement is prepared once per database: its SQL is built once, and on PostgreSQL it is
 * a named statement, so each connection plans it once instead of on every scan (planning costs more than
 * running it). Nothing is returned when the store does not exist.
 */
export function prepareProductLookup(db: Db) {
  const byBarcode = (key: string) =>
    sql`(select pb.product_id from ${productBarcodes} pb where pb.barcode = ${sql.placeholder(key)})`;
  const storeId = () => sql.placeholder('storeId');
  return db
    .select({
      id: products.id,
      sku: products.sku,
      name: products.name,
      brand: products.brand,
      categoryId: products.categoryId,
      species: products.species,
      barcodes: sql<string[]>`coalesce((select array_agg(b.barcode order by b.created_at, b.barcode)
        from ${productBarcodes} b where b.product_id = ${products.id}), '{}'::text[])`,
      priceCents: products.priceCents,
      costCents: products.costCents,
      taxClass: products.taxClass,
      unit: products.unit,
      active: products.active,
      isLotTracked: products.isLotTracked,
      imageKey: products.imageKey,
      createdAt: products.createdAt,
      updatedAt: products.updatedAt,
      onHand: sql<number>`coalesce(${inventory.onHand}, 0)`.mapWith(Number),
    })
    .from(products)
    .leftJoin(inventory, and(eq(inventory.storeId, storeId()), eq(inventory.productId, products.id)))
    .where(
      and(
        eq(
          products.id,
          sql`coalesce(${byBarcode('code')}, ${byBarcode('baseCode')},
            (select s.id from ${products} s where s.sku = ${sql.placeholder('sku')}))`,
        ),
        sql`exists (select 1 from ${stores} st where st.id = ${storeId()})`,
      ),
    )
    .prepare('product_lookup');
}

const preparedLookups = new WeakMap<Db, ReturnType<typeof prepareProductLookup>>();

export async function lookupProduct(db: Db, target: LookupTarget): Promise<ProductLookupRow | undefined> {
  let lookup = preparedLookups.get(db);
  if (!lookup) {
    lookup = prepareProductLookup(db);
    preparedLookups.set(db, lookup);
  }
  const [row] = await lookup.execute({
    code: target.code,
    baseCode: target.baseCode ?? target.code,
    sku: target.sku,
    storeId: target.storeId,
  });
  if (!row) {
    return undefined;
  }
  const { onHand, ...product } = row;
  return {
    ...product,
    onHand,
    matchedBy: product.barcodes.includes(target.code)
      ? 'code'
      : target.baseCode && product.barcodes.includes(target.baseCode)
        ? 'base_code'
        : 'sku',
  };
}

export async function findStoreScaleLayout(
  ex: Executor,
  storeId: string,
): Promise<ScaleBarcodeLayout | undefined> {
  const [row] = await ex
    .select({ layout: stores.scaleBarcodeLayout })
    .from(stores)
    .where(eq(stores.id, storeId))
    .limit(1);
  return row?.layout;
}

// ---------------------------------------------------------------------------------------------- search

export type ProductFilter = {
  categoryId?: string;
  species?: Species;
  active?: boolean;
};

function filterConditions(filter: ProductFilter): SQL[] {
  const conditions: SQL[] = [];
  if (filter.categoryId) {
    conditions.push(
      sql`p.category_id in (with recursive sub(id) as (
        select ${filter.categoryId}::uuid
        union all select c.id from ${categories} c join sub on c.parent_id = sub.id
      ) select id from sub)`,
    );
  }
  if (filter.species) {
    conditions.push(sql`p.species @> array[${filter.species}]::text[]`);
  }
  if (filter.active !== undefined) {
    conditions.push(sql`p.active = ${filter.active}`);
  }
  return conditions;
}

function whereOf(conditions: SQL[]): SQL {
  return conditions.length > 0 ? sql`where ${sql.join(conditions, sql` and `)}` : sql``;
}

/** Products by name, id (keyset pagination), without a search term. */
export async function findProducts(
  ex: Executor,
  filter: ProductFilter & { after?: { name: string; id: string }; limit: number },
): Promise<ProductRow[]> {
  const conditions = filterConditions(filter);
  if (filter.after) {
    conditions.push(sql`(p.name, p.id) > (${filter.after.name}, ${filter.after.id}::uuid)`);
  }
  const rows = await queryRows<RawProductRow>(
    ex,
    sql`select ${productColumns} from ${products} p ${whereOf(conditions)}
        order by p.name, p.id limit ${filter.limit}`,
  );
  return rows.map(toProduct);
}

/**
 * Trigram similarity from which a catalog word is a candidate correction of a query word; low, because
 * trigrams punish short words hard ("adlut" and "adult" share 2 of 10), and edit distance decides after.
 */
export const CANDIDATE_SIMILARITY_THRESHOLD = 0.1;
/** Catalog words fetched per query word: those starting with it first, then the most similar. */
const CANDIDATES_PER_WORD = 20;

/**
 * Settings for the rest of this transaction (the search runs in its own): the similarity threshold of the
 * `%` operator for vocabulary candidates. With trigrams to search for (q of 3+ characters), sequential scans
 * are switched off: the planner prices each trigram or text-search test like a plain `=` and would
 * otherwise read all products. Ordered index scans are off too: walking the name index until a page of
 * matches turns up is quick for a common word but reads the whole catalog when two common words rarely
 * meet, and the planner cannot tell the two apart; bitmap scans cost what the matches cost. JIT only adds
 * latency to a query this short.
 */
export async function setSearchSettings(
  ex: Executor,
  options: { useTrigramIndexes: boolean },
): Promise<void> {
  await ex.execute(
    sql`select set_config('pg_trgm.similarity_threshold', ${String(CANDIDATE_SIMILARITY_THRESHOLD)}, true),
      set_config('jit', 'off', true),
      set_config('enable_seqscan', ${options.useTrigramIndexes ? 'off' : 'on'}, true),
      set_config('enable_indexscan', 'off', true)`,
  );
}

/**
 * For each token (letters and digits only), the catalog words that start with it or resemble it, from
 * search_words (one statement, served by its trigram index). Every token is a key, with [] when none.
 */
export async function findSearchWordCandidates(
  ex: Executor,
  tokens: readonly string[],
): Promise<Map<string, string[]>> {
  const candidates = new Map<string, string[]>(tokens.map((token) => [token, []]));
  if (tokens.length === 0) {
    return candidates;
  }
  const rows = await queryRows<{ token: string; word: string }>(
    ex,
    sql`select t.token, v.word
      from unnest(array[${sql.join(
        tokens.map((token) => sql`${token}`),
        sql`, `,
      )}]::text[]) as t(token)
      cross join lateral (
        select w.word from ${searchWords} w
        where w.word % t.token or w.word like t.token || '%'
        order by w.word like t.token || '%' desc, similarity(w.word, t.token) desc, w.word
        limit ${CANDIDATES_PER_WORD}
      ) v`,
  );
  for (const row of rows) {
    candidates.get(row.token)?.push(row.word);
  }
  return candidates;
}

function likeEscape(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export type SearchTerm = {
  /** The search text, trimmed. */
  q: string;
  /** q in barcode lookup form (UPC-A → EAN-13). */
  code: string;
  /** Full-text queries over names and brands (search-terms.ts buildTextQueries), or null. */
  text: { best: string; any: string } | null;
};

/**
 * Ranked, typo-tolerant search in tiers: 0 an exact barcode or SKU, 1 names or SKUs starting with q, 2
 * products whose name and brand hold every word as typed or best corrected, 3 those holding any other
 * plausible reading (or a SKU containing q); by name within a tier. Each tier is its own query over its
 * indexes (barcode key, lower() prefix btrees, full text, SKU trigrams) that keeps only the rows a page
 * can need, so a product costs one heap visit and no per-row text function. A product found by several
 * tiers keeps its best one; that is exact, because a tier that cut a product off already holds a page of
 * better rows. Barcodes (a subquery) are read for the returned page only. Run setSearchSettings first in
 * the same transaction.
 */
export function searchProductsQuery(
  term: SearchTerm,
  filter: ProductFilter & { limit: number; offset: number },
): SQL {
  const lower = term.q.toLowerCase();
  const prefix = `${likeEscape(lower)}%`;
  // SKUs hold no whitespace: a query with a space is words, not a SKU.
  const mayBeSku = !/\s/.test(term.q);
  const barcodeOwner = sql`(select b.product_id from ${productBarcodes} b where b.barcode = ${term.code})`;
  const tiers: Array<[rank: number, test: SQL]> = [
    [0, mayBeSku ? sql`(p.id = ${barcodeOwner} or lower(p.sku) = ${lower})` : sql`p.id = ${barcodeOwner}`],
    [
      1,
      mayBeSku
        ? sql`(lower(p.name) like ${prefix} or lower(p.sku) like ${prefix})`
        : sql`lower(p.name) like ${prefix}`,
    ],
  ];
  const wider: SQL[] = [];
  if (term.text) {
    tiers.push([2, sql`p.search_vector @@ to_tsquery('simple', ${term.text.best})`]);
    if (term.text.any !== term.text.best) {
      wider.push(sql`p.search_vector @@ to_tsquery('simple', ${term.text.any})`);
    }
  }
  if (mayBeSku && term.q.length >= 3) {
    wider.push(sql`p.sku ilike ${`%${likeEscape(term.q)}%`}`);
  }
  if (wider.length > 0) {
    tiers.push([3, sql`(${sql.join(wider, sql` or `)})`]);
  }
  const needed = filter.limit + filter.offset;
  const filters = filterConditions(filter);
  // A tier runs only while the tiers before it hold fewer products than the page needs (a one-time test
  // PostgreSQL makes before scanning): a common word ranked by its best reading skips the wider readings.
  const tierQueries = tiers.map(([rank, test], index) => {
    const earlier = tiers.slice(0, index).map(([r]) => sql.raw(`select id from tier${r}`));
    const gate = earlier.length
      ? [sql`(select count(distinct id) from (${sql.join(earlier, sql` union all `)}) e) < ${needed}`]
      : [];
    return sql`${sql.raw(`tier${rank}`)} as (select p.id, p.name, ${rank}::int as rank from ${products} p
        where ${sql.join([...gate, test, ...filters], sql` and `)}
        order by p.name, p.id limit ${needed})`;
  });
  const union = sql.join(
    tiers.map(([rank]) => sql.raw(`select * from tier${rank}`)),
    sql` union all `,
  );
  return sql`with ${sql.join(tierQueries, sql`, `)}
    select ${productColumns}, hit.rank
    from (
      select id, min(rank) as rank, min(name) as name from (${union}) tiered
      group by id
      order by rank, name, id limit ${filter.limit} offset ${filter.offset}
    ) hit
    join ${products} p on p.id = hit.id
    order by hit.rank, p.name, p.id`;
}

export async function searchProducts(
  ex: Executor,
  term: SearchTerm,
  filter: ProductFilter & { limit: number; offset: number },
): Promise<ProductRow[]> {
  const rows = await queryRows<RawProductRow>(ex, searchProductsQuery(term, filter));
  return rows.map(toProduct);
}

// ---------------------------------------------------------------------------------------------- categories

export type CategoryRow = { id: string; parentId: string | null; name: string; position: number };

/** The whole tree, depth first: each category after its parent, siblings by position then name. */
export async function findCategoryTree(ex: Executor): Promise<CategoryRow[]> {
  const rows = await queryRows<{ id: string; parent_id: string | null; name: string; position: number }>(
    ex,
    sql`with recursive tree as (
        select c.id, c.parent_id, c.name, c.position,
          array[row_number() over (order by c.position, lower(c.name), c.id)] as sort_path
        from ${categories} c where c.parent_id is null
        union all
        select c.id, c.parent_id, c.name, c.position,
          t.sort_path || row_number() over (partition by c.parent_id order by c.position, lower(c.name), c.id)
        from ${categories} c join tree t on c.parent_id = t.id
      )
      select id, parent_id, name, position from tree order by sort_path`,
  );
  return rows.map((row) => ({
    id: row.id,
    parentId: row.parent_id,
    name: row.name,
    position: Number(row.position),
  }));
}

export async function findCategoryById(ex: Executor, id: string): Promise<CategoryRow | undefined> {
  const [row] = await ex
    .select({
      id: categories.id,
      parentId: categories.parentId,
      name: categories.name,
      position: categories.position,
    })
    .from(categories)
    .where(eq(categories.id, id))
    .limit(1);
  return row;
}

export async function insertCategory(
  ex: Executor,
  category: { name: string; parentId: string | null; position: number },
): Promise<CategoryRow> {
  const [row] = await ex.insert(categories).values(category).returning({
    id: categories.id,
    parentId: categories.parentId,
    name: categories.name,
    position: categories.position,
  });
  return row!;
}
