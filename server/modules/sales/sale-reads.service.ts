import type { Page } from '../../../shared/schemas/common';
import type { ListSalesQuery, Sale } from '../../../shared/schemas/sales';
import type { Db, Executor } from '../../db/client';
import { decodeCursor, encodeCursor } from '../../lib/cursor';
import { NotFoundError, ValidationError } from '../../lib/errors';
import { getStore } from '../stores/stores.service';
import {
  findSaleLineRows,
  findSalePageKeys,
  findSaleRow,
  findSaleRowByReceipt,
  findSaleRowsByIds,
  findSaleTenderRows,
  type SaleLineRow,
  type SaleRow,
  type SaleTenderRow,
} from './sale-reads.repo';
import { toSale } from './sales.presenters';

export type SaleReadsDeps = { db: Db };

/** Groups rows by their transaction id, keeping their order. */
function byTransaction<T extends { transactionId: string }>(rows: T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const group = groups.get(row.transactionId);
    if (group) {
      group.push(row);
    } else {
      groups.set(row.transactionId, [row]);
    }
  }
  return groups;
}

/** Full sales for a set of transaction rows: two more queries however many there are. */
async function presentSales(ex: Executor, rows: SaleRow[]): Promise<Sale[]> {
  const ids = rows.map((row) => row.id);
  const [lines, tenders] = await Promise.all([findSaleLineRows(ex, ids), findSaleTenderRows(ex, ids)]);
  const linesBySale = byTransaction<SaleLineRow>(lines);
  const tendersBySale = byTransaction<SaleTenderRow>(tenders);
  return rows.map((row) => toSale(row, linesBySale.get(row.id) ?? [], tendersBySale.get(row.id) ?? []));
}

/**
 * The sale as the API shows it, or null. Reads the transaction, lines (ordered by line_number) and
 * tenders (by position). kind='sale' only: a return's id is not a sale.
 */
export async function findSale(ex: Executor, saleId: string): Promise<Sale | null> {
  const row = await findSaleRow(ex, saleId);
  if (!row) {
    return null;
  }
  const [sale] = await presentSales(ex, [row]);
  return sale ?? null;
}

/** Same as findSale, but another store's sale (visibleStoreIds set and not holding its store) is 404 like a missing one. */
export async function getSaleForStaff(
  db: Db,
  visibleStoreIds: string[] | null,
  saleId: string,
): Promise<Sale> {
  const row = await findSaleRow(db, saleId);
  if (!row || (visibleStoreIds && !visibleStoreIds.includes(row.storeId))) {
    throw new NotFoundError('Sale');
  }
  const [sale] = await presentSales(db, [row]);
  return sale!;
}

/**
 * A scanned or typed receipt number as stored. Numbers are `<store code>-<register>-<sequence>` and store
 * codes are upper case, so upper-casing matches case-insensitively and still uses the unique index.
 */
export function normalizeReceiptNumber(typed: string): string {
  return typed.trim().toUpperCase();
}

/** A store's sale by receipt number (trimmed, any case); another store's, or none, is 404. */
export async function getSaleByReceipt(
  deps: SaleReadsDeps,
  visibleStoreIds: string[] | null,
  storeId: string,
  receiptNumber: string,
): Promise<Sale> {
  if (visibleStoreIds && !visibleStoreIds.includes(storeId)) {
    throw new NotFoundError('Sale');
  }
  const row = await findSaleRowByReceipt(deps.db, storeId, normalizeReceiptNumber(receiptNumber));
  if (!row) {
    throw new NotFoundError('Sale');
  }
  const [sale] = await presentSales(deps.db, [row]);
  return sale!;
}

const TRANSACTION_KEY = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function decodeSaleCursor(cursor: string | undefined): { transactionKey: string; id: string } | undefined {
  if (!cursor) {
    return undefined;
  }
  const [transactionKey, id] = decodeCursor(cursor, 2).map(String) as [string, string];
  // A tampered cursor must be a 400, never a failed cast in SQL.
  if (!TRANSACTION_KEY.test(transactionKey) || !UUID.test(id)) {
    throw new ValidationError([{ path: 'cursor', message: 'is not a cursor this API returned' }]);
  }
  return { transactionKey, id };
}

/**
 * Sales of the caller's stores (or of the one storeId, which must be one of them: else 404 like a missing
 * store), newest first, keyset-paginated; from/to are business dates, inclusive. Items are full sales.
 */
export async function listSales(
  deps: SaleReadsDeps,
  visibleStoreIds: string[] | null,
  query: ListSalesQuery,
): Promise<Page<Sale>> {
  if (query.storeId) {
    await getStore(deps, visibleStoreIds, query.storeId);
  }
  const keys = await findSalePageKeys(deps.db, {
    storeIds: query.storeId ? [query.storeId] : visibleStoreIds,
    from: query.from,
    to: query.to,
    cashierId: query.cashierId,
    customerId: query.customerId,
    status: query.status,
    registerId: query.registerId,
    after: decodeSaleCursor(query.cursor),
    limit: query.limit + 1,
  });
  const page = keys.slice(0, query.limit);
  const rows = await findSaleRowsByIds(
    deps.db,
    page.map((key) => key.id),
  );
  const rowsById = new Map(rows.map((row) => [row.id, row]));
  const items = await presentSales(
    deps.db,
    page.flatMap((key) => rowsById.get(key.id) ?? []),
  );
  const last = page.at(-1);
  return {
    items,
    // The cursor keeps PostgreSQL's microseconds: sales within one millisecond are neither skipped nor repeated.
    nextCursor: keys.length > query.limit && last ? encodeCursor([last.transaction_key, last.id]) : null,
  };
}
