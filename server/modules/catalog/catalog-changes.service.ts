import type {
  CatalogChanges,
  CatalogChangesQuery,
  RegisterProduct,
} from '../../../shared/schemas/catalog-changes';
import { ValidationError } from '../../lib/errors';
import { getStore } from '../stores/stores.service';
import type { CatalogDeps } from './catalog.service';
import { findChangeHorizon, findProductChanges, type ProductChangeRow } from './catalog-changes.repo';

type FeedPosition = { changedAt: string; id: string };

const CURSOR_PATTERN =
  /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z)\|([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

/** The cursor names the last product sent: its updated_at to the microsecond and its id, base64url. */
function encodeFeedCursor(position: FeedPosition): string {
  return Buffer.from(`${position.changedAt}|${position.id}`).toString('base64url');
}

function decodeFeedCursor(cursor: string): FeedPosition {
  const match = CURSOR_PATTERN.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match || Number.isNaN(Date.parse(match[1]!))) {
    throw new ValidationError([{ path: 'since', message: 'is not a cursor this feed returned' }]);
  }
  return { changedAt: match[1]!, id: match[2]! };
}

function presentRegisterProduct(row: ProductChangeRow): RegisterProduct {
  return {
    id: row.id,
    sku: row.sku,
    name: row.name,
    brand: row.brand,
    categoryId: row.categoryId,
    unit: row.unit,
    priceCents: row.priceCents,
    taxClass: row.taxClass,
    active: row.active,
    barcodes: row.barcodes,
    updatedAt: new Date(row.changedAt).toISOString(),
  };
}

/**
 * The registers' catalog feed: products changed after the `since` cursor (any field, barcodes and
 * deactivation included; products are never deleted), oldest change first, keyset on (updated_at, id).
 * Changes written by a transaction still open are held back until it ends (see findChangeHorizon), so a
 * cursor never passes a change that has yet to commit. The catalog is the chain's: the store only scopes who
 * may ask (404 for a store the caller may not see).
 */
export async function listCatalogChanges(
  deps: CatalogDeps,
  visible: string[] | null,
  storeId: string,
  query: CatalogChangesQuery,
): Promise<CatalogChanges> {
  await getStore(deps, visible, storeId);
  const after = query.since ? decodeFeedCursor(query.since) : undefined;
  const horizon = await findChangeHorizon(deps.db);
  const rows = await findProductChanges(deps.db, { after, horizon, limit: query.limit + 1 });
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    products: page.map(presentRegisterProduct),
    cursor: last ? encodeFeedCursor(last) : (query.since ?? ''),
    hasMore: rows.length > query.limit,
  };
}
