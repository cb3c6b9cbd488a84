import {
  decodeVariableMeasure,
  isVariableMeasureCode,
  lookupFormOf,
} from '../../../shared/barcode/normalize';
import type {
  Category,
  CreateCategoryRequest,
  CreateProductRequest,
  ListProductsQuery,
  LookupProductQuery,
  Product,
  ProductLookup,
  UpdateProductRequest,
} from '../../../shared/schemas/catalog';
import type { Page } from '../../../shared/schemas/common';
import type { ErrorDetail } from '../../../shared/errors';
import type { Db, Executor } from '../../db/client';
import { sqlStateOf, UNIQUE_VIOLATION, withTransaction } from '../../db/transaction';
import { decodeCursor, encodeCursor } from '../../lib/cursor';
import { ConflictError, NotFoundError, ValidationError } from '../../lib/errors';
import { type RequestOrigin, recordAudit } from '../audit/audit.service';
import { presentCategory, presentProduct, presentProductLookup } from './catalog.presenters';
import {
  deleteBarcodesExcept,
  findBarcodeOwners,
  findCategoryById,
  findCategoryTree,
  findProductById,
  findProducts,
  findStoreScaleLayout,
  insertBarcodes,
  insertCategory,
  insertProduct,
  lockProductForUpdate,
  lookupProduct,
  type ProductRow,
  searchProducts,
  findSearchWordCandidates,
  setSearchSettings,
  touchProduct,
  updateProductColumns,
} from './catalog.repo';
import { buildTextQueries, correctableTokens, searchTokensOf } from './search-terms';

export type CatalogDeps = { db: Db };

const FOREIGN_KEY_VIOLATION = '23503';
/** Ranked search pages by offset; deeper than this, refine the query instead. */
const MAX_SEARCH_OFFSET = 5_000;

function constraintOf(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
    const constraint = (current as { constraint?: unknown }).constraint;
    if (typeof constraint === 'string') {
      return constraint;
    }
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** A unique violation on products or product_barcodes → 409 naming the field (a race the pre-checks lost). */
function toConflict(error: unknown, sku: string | undefined): unknown {
  if (sqlStateOf(error) !== UNIQUE_VIOLATION) {
    return error;
  }
  if (constraintOf(error)?.startsWith('product_barcodes')) {
    return new ConflictError('A barcode is already used by another product', 'CONFLICT', [
      { path: 'barcodes', message: 'one of these barcodes is already used by another product' },
    ]);
  }
  return new ConflictError(`A product with SKU ${sku ?? ''} already exists`.trim(), 'CONFLICT', [
    { path: 'sku', message: 'is already used by another product' },
  ]);
}

async function assertCategoryExists(ex: Executor, categoryId: string | null | undefined): Promise<void> {
  if (categoryId && !(await findCategoryById(ex, categoryId))) {
    throw new ValidationError([{ path: 'categoryId', message: 'no such category' }]);
  }
}

/** Barcodes already printed on another product → 409 naming each as barcodes.N. */
async function assertBarcodesFree(ex: Executor, codes: string[], productId?: string): Promise<void> {
  const owners = await findBarcodeOwners(ex, codes, productId);
  const details: ErrorDetail[] = codes.flatMap((code, index) =>
    owners.has(code)
      ? [{ path: `barcodes.${index}`, message: `${code} is already used by another product` }]
      : [],
  );
  if (details.length > 0) {
    throw new ConflictError('A barcode is already used by another product', 'CONFLICT', details);
  }
}

async function loadProduct(ex: Executor, id: string): Promise<Product> {
  const row = await findProductById(ex, id);
  if (!row) {
    throw new NotFoundError('Product');
  }
  return presentProduct(row);
}

export async function getProduct(deps: CatalogDeps, id: string): Promise<Product> {
  return loadProduct(deps.db, id);
}

/**
 * Creates a product with its barcodes. SKUs and barcodes are unique across the catalog (409 naming the
 * field); the product, its barcodes and the `product.created` audit entry commit together.
 */
export async function createProduct(
  deps: CatalogDeps,
  request: CreateProductRequest,
  actorUserId: string,
  origin: RequestOrigin,
): Promise<Product> {
  return withTransaction(deps.db, async (tx) => {
    await assertCategoryExists(tx, request.categoryId);
    await assertBarcodesFree(tx, request.barcodes);
    const { barcodes, ...columns } = request;
    try {
      const id = await insertProduct(tx, columns);
      await insertBarcodes(tx, id, barcodes);
      await recordAudit(tx, {
        action: 'product.created',
        actorUserId,
        entityType: 'product',
        entityId: id,
        details: { sku: request.sku, name: request.name, priceCents: request.priceCents, barcodes },
        origin,
      });
      return loadProduct(tx, id);
    } catch (error) {
      throw toConflict(error, request.sku);
    }
  });
}

function changedFields(current: ProductRow, request: UpdateProductRequest): string[] {
  const changed: string[] = [];
  for (const [key, value] of Object.entries(request)) {
    const before = current[key as keyof ProductRow];
    const same = Array.isArray(value)
      ? Array.isArray(before) && JSON.stringify([...value].sort()) === JSON.stringify([...before].sort())
      : before === value;
    if (!same) {
      changed.push(key);
    }
  }
  return changed.sort();
}

/**
 * Changes a product. Barcodes, when given, replace the product's list (codes kept keep their place). A new
 * price is audited as `product.price_changed` with the old and new price; any other change as
 * `product.updated` with the names of the fields that changed.
 */
export async function updateProduct(
  deps: CatalogDeps,
  id: string,
  request: UpdateProductRequest,
  actorUserId: string,
  origin: RequestOrigin,
): Promise<Product> {
  return withTransaction(deps.db, async (tx) => {
    const current = await lockProductForUpdate(tx, id);
    if (!current) {
      throw new NotFoundError('Product');
    }
    if (request.categoryId !== current.categoryId) {
      await assertCategoryExists(tx, request.categoryId);
    }
    const { barcodes, ...columns } = request;
    if (barcodes) {
      await assertBarcodesFree(tx, barcodes, id);
    }
    const changed = changedFields(current, request);
    try {
      if (Object.keys(columns).length > 0) {
        await updateProductColumns(tx, id, columns);
      } else if (changed.length > 0) {
        await touchProduct(tx, id);
      }
      if (barcodes) {
        await deleteBarcodesExcept(tx, id, barcodes);
        await insertBarcodes(
          tx,
          id,
          barcodes.filter((code) => !current.barcodes.includes(code)),
        );
      }
    } catch (error) {
      throw toConflict(error, request.sku);
    }
    if (changed.includes('priceCents')) {
      await recordAudit(tx, {
        action: 'product.price_changed',
        actorUserId,
        entityType: 'product',
        entityId: id,
        details: {
          sku: request.sku ?? current.sku,
          oldPriceCents: current.priceCents,
          newPriceCents: request.priceCents,
        },
        origin,
      });
    }
    const otherChanges = changed.filter((field) => field !== 'priceCents');
    if (otherChanges.length > 0) {
      await recordAudit(tx, {
        action: 'product.updated',
        actorUserId,
        entityType: 'product',
        entityId: id,
        details: { changed: otherChanges },
        origin,
      });
    }
    return loadProduct(tx, id);
  });
}

/**
 * The scan path: a barcode (UPC-A finds its EAN-13 form) or a SKU, with on-hand at the store. A scale label
 * (variable-measure EAN-13, prefix 20–29) resolves to the product printed with the value zeroed, and the
 * weight or price it carries is returned in `scanned`. Inactive products are found (the till says so).
 * Stores the caller may not see answer 404.
 */
export async function lookupProductByCode(
  deps: CatalogDeps,
  visible: string[] | null,
  query: LookupProductQuery,
): Promise<ProductLookup> {
  if (visible && !visible.includes(query.storeId)) {
    throw new NotFoundError('Store');
  }
  const code = lookupFormOf(query.code);
  if (!isVariableMeasureCode(code)) {
    const row = await lookupProduct(deps.db, { storeId: query.storeId, code, sku: query.code });
    if (!row) {
      throw new NotFoundError('Product');
    }
    return presentProductLookup(row, null);
  }
  const layout = await findStoreScaleLayout(deps.db, query.storeId);
  if (!layout) {
    throw new NotFoundError('Store');
  }
  const label = decodeVariableMeasure(code, layout);
  const row = await lookupProduct(deps.db, {
    storeId: query.storeId,
    code,
    baseCode: label?.baseCode,
    sku: query.code,
  });
  if (!row) {
    throw new NotFoundError('Product');
  }
  // A full code stored on a product is a fixed item in the store's own range, not a scale label.
  if (row.matchedBy !== 'base_code' || !label) {
    return presentProductLookup(row, null);
  }
  return presentProductLookup(row, {
    code,
    quantity: label.valueKind === 'weight' ? label.value : null,
    priceCents: label.valueKind === 'price' ? label.value : null,
  });
}

/**
 * Lists products. Without q: by name, keyset-paginated. With q: ranked search (exact code, then prefix,
 * then typo-tolerant similarity), paginated by an opaque offset cursor.
 */
export async function listProducts(deps: CatalogDeps, query: ListProductsQuery): Promise<Page<Product>> {
  const filter = { categoryId: query.categoryId, species: query.species, active: query.active };
  const q = query.q?.trim();
  if (!q) {
    const after = query.cursor ? decodeCursor(query.cursor, 2) : undefined;
    const rows = await findProducts(deps.db, {
      ...filter,
      after: after ? { name: String(after[0]), id: String(after[1]) } : undefined,
      limit: query.limit + 1,
    });
    const items = rows.slice(0, query.limit);
    const last = items.at(-1);
    return {
      items: items.map(presentProduct),
      nextCursor: rows.length > query.limit && last ? encodeCursor([last.name, last.id]) : null,
    };
  }
  const offset = query.cursor ? searchOffsetOf(query.cursor) : 0;
  const rows = await withTransaction(deps.db, async (tx) => {
    await setSearchSettings(tx, { useTrigramIndexes: q.length >= 3 });
    const tokens = searchTokensOf(q);
    const candidates = await findSearchWordCandidates(tx, correctableTokens(tokens));
    return searchProducts(
      tx,
      { q, code: lookupFormOf(q), text: buildTextQueries(tokens, candidates) },
      { ...filter, limit: query.limit + 1, offset },
    );
  });
  const items = rows.slice(0, query.limit);
  const nextOffset = offset + items.length;
  return {
    items: items.map(presentProduct),
    nextCursor:
      rows.length > query.limit && nextOffset <= MAX_SEARCH_OFFSET ? encodeCursor(['o', nextOffset]) : null,
  };
}

function searchOffsetOf(cursor: string): number {
  const [kind, offset] = decodeCursor(cursor, 2);
  if (
    kind !== 'o' ||
    typeof offset !== 'number' ||
    !Number.isInteger(offset) ||
    offset < 0 ||
    offset > MAX_SEARCH_OFFSET
  ) {
    throw new ValidationError([
      { path: 'cursor', message: 'is not a cursor this API returned for this search' },
    ]);
  }
  return offset;
}

/** The category tree, depth first (each category after its parent). */
export async function listCategories(deps: CatalogDeps): Promise<Page<Category>> {
  const rows = await findCategoryTree(deps.db);
  return { items: rows.map(presentCategory), nextCursor: null };
}

/** Creates a category; names are unique (case-insensitively) among siblings (409). */
export async function createCategory(
  deps: CatalogDeps,
  request: CreateCategoryRequest,
  actorUserId: string,
  origin: RequestOrigin,
): Promise<Category> {
  return withTransaction(deps.db, async (tx) => {
    if (request.parentId && !(await findCategoryById(tx, request.parentId))) {
      throw new ValidationError([{ path: 'parentId', message: 'no such category' }]);
    }
    const row = await insertCategory(tx, request).catch((error: unknown) => {
      const state = sqlStateOf(error);
      if (state === UNIQUE_VIOLATION) {
        throw new ConflictError(`A category named ${request.name} already exists here`, 'CONFLICT', [
          { path: 'name', message: 'is already used by a category with the same parent' },
        ]);
      }
      if (state === FOREIGN_KEY_VIOLATION) {
        throw new ValidationError([{ path: 'parentId', message: 'no such category' }]);
      }
      throw error;
    });
    await recordAudit(tx, {
      action: 'category.created',
      actorUserId,
      entityType: 'category',
      entityId: row.id,
      details: { name: row.name, parentId: row.parentId },
      origin,
    });
    return presentCategory(row);
  });
}
