import { and, asc, desc, eq, gte, inArray, lte, type SQL, sql } from 'drizzle-orm';
import { type Db, type Executor, type FixedStatement, runFixedStatement, type Tx } from '../../db/client';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { queryRows } from '../../db/query-rows';
import {
  type CashMovementType,
  cashMovements,
  salesPayments,
  salesTransactionItems,
  salesTransactions,
  type ShiftStatus,
  shifts,
  stores,
  users,
} from '../../db/schema';

export type ShiftRow = typeof shifts.$inferSelect;
export type CashMovementRow = typeof cashMovements.$inferSelect;

export async function insertShift(ex: Executor, shift: typeof shifts.$inferInsert): Promise<ShiftRow> {
  const [row] = await ex.insert(shifts).values(shift).returning();
  return row!;
}

/** `storeIds` null = every store (admins); another store's shift is simply not found. */
export async function findShiftById(
  ex: Executor,
  id: string,
  storeIds: string[] | null,
): Promise<ShiftRow | undefined> {
  const [row] = await ex
    .select()
    .from(shifts)
    .where(and(eq(shifts.id, id), storeIds ? inArray(shifts.storeId, storeIds) : undefined))
    .limit(1);
  return row;
}

/**
 * The shift row locked for the rest of the transaction. FOR UPDATE (closing) waits for every sale and drawer
 * event holding it FOR SHARE, so a close counts everything that committed before it; FOR SHARE lets sales
 * and drawer events run side by side. After waiting, PostgreSQL returns the row as the other transaction
 * left it, so a shift closed meanwhile is seen as closed.
 */
const LOCK_SHIFT: Record<'update' | 'share', FixedStatement> = {
  update: {
    name: 'lock_shift_for_update',
    text: 'select id, store_id, register_id, status from shifts where id = $1 for update',
  },
  share: {
    name: 'lock_shift_for_share',
    text: 'select id, store_id, register_id, status from shifts where id = $1 for share',
  },
};

/** Every sale takes its shift's lock, so this is a fixed statement (see runFixedStatement). */
export async function lockShift(
  tx: Tx,
  id: string,
  mode: 'update' | 'share',
): Promise<Pick<ShiftRow, 'id' | 'storeId' | 'registerId' | 'status'> | undefined> {
  const [row] = await runFixedStatement<{
    id: string;
    store_id: string;
    register_id: string;
    status: ShiftRow['status'];
  }>(tx, LOCK_SHIFT[mode], [id]);
  return row && { id: row.id, storeId: row.store_id, registerId: row.register_id, status: row.status };
}

export async function findOpenShift(
  ex: Executor,
  storeId: string,
  registerId: string,
): Promise<ShiftRow | undefined> {
  const [row] = await ex
    .select()
    .from(shifts)
    .where(and(eq(shifts.storeId, storeId), eq(shifts.registerId, registerId), eq(shifts.status, 'open')))
    .limit(1);
  return row;
}

export type ShiftFilter = {
  /** null = every store. */
  storeIds: string[] | null;
  storeId?: string;
  registerId?: string;
  status?: ShiftStatus;
  from?: string;
  to?: string;
  /** The last row of the previous page: its opened_at as PostgreSQL prints it (microseconds kept) and id. */
  after?: { openedAt: string; id: string };
  limit: number;
};

/** Newest first, keyset-paginated on (opened_at, id). */
export async function findShifts(
  ex: Executor,
  filter: ShiftFilter,
): Promise<{ shift: ShiftRow; openedAtExact: string }[]> {
  const conditions: (SQL | undefined)[] = [
    filter.storeIds ? inArray(shifts.storeId, filter.storeIds) : undefined,
    filter.storeId ? eq(shifts.storeId, filter.storeId) : undefined,
    filter.registerId ? eq(shifts.registerId, filter.registerId) : undefined,
    filter.status ? eq(shifts.status, filter.status) : undefined,
    filter.from ? gte(shifts.businessDate, filter.from) : undefined,
    filter.to ? lte(shifts.businessDate, filter.to) : undefined,
    filter.after
      ? sql`(${shifts.openedAt}, ${shifts.id}) < (${filter.after.openedAt}::timestamptz, ${filter.after.id}::uuid)`
      : undefined,
  ];
  return ex
    .select({ shift: shifts, openedAtExact: sql<string>`${shifts.openedAt}::text` })
    .from(shifts)
    .where(and(...conditions))
    .orderBy(desc(shifts.openedAt), desc(shifts.id))
    .limit(filter.limit);
}

export async function updateShiftClosed(
  tx: Tx,
  id: string,
  close: { closedBy: string; expectedCashCents: number; countedCashCents: number },
): Promise<ShiftRow> {
  const [row] = await tx
    .update(shifts)
    .set({ status: 'closed', closedAt: sql`now()`, ...close })
    .where(eq(shifts.id, id))
    .returning();
  return row!;
}

export async function insertCashMovement(
  ex: Executor,
  movement: { shiftId: string; type: CashMovementType; amountCents: number; reason: string; userId: string },
): Promise<CashMovementRow> {
  const [row] = await ex.insert(cashMovements).values(movement).returning();
  return row!;
}

export async function findCashMovements(ex: Executor, shiftId: string): Promise<CashMovementRow[]> {
  return ex
    .select()
    .from(cashMovements)
    .where(eq(cashMovements.shiftId, shiftId))
    .orderBy(asc(cashMovements.createdAt), asc(cashMovements.id));
}

// ---------------------------------------------------------------------------------------------------------
// Report figures: every sum is computed by the database over the shift's own rows (indexed by shift_id).

/**
 * Runs reads in one read-only REPEATABLE READ transaction: a report's figures come from several queries, and a
 * sale committing between two of them must not make the tenders disagree with the totals.
 */
export function readInSnapshot<T>(db: Db, read: (snapshot: Tx) => Promise<T>): Promise<T> {
  return db.transaction(read, { isolationLevel: 'repeatable read', accessMode: 'read only' });
}

export type ShiftHeaderRow = ShiftRow & {
  storeCode: string;
  storeName: string;
  timezone: string;
  currency: string;
  openedByName: string;
  closedByName: string | null;
};

export async function findShiftHeader(ex: Executor, id: string): Promise<ShiftHeaderRow | undefined> {
  const [row] = await ex
    .select({
      shift: shifts,
      storeCode: stores.code,
      storeName: stores.name,
      timezone: stores.timezone,
      currency: stores.currency,
      openedByName: users.name,
      closedByName: sql<string | null>`(select u.name from ${users} u where u.id = ${shifts.closedBy})`,
    })
    .from(shifts)
    .innerJoin(stores, eq(stores.id, shifts.storeId))
    .innerJoin(users, eq(users.id, shifts.openedBy))
    .where(eq(shifts.id, id))
    .limit(1);
  if (!row) {
    return undefined;
  }
  const { shift, ...names } = row;
  return { ...shift, ...names, closedByName: names.closedByName ?? null };
}

export type ShiftSalesTotals = {
  salesCount: number;
  grossCents: number;
  discountCents: number;
  taxCents: number;
  totalCents: number;
  roundingCents: number;
  changeDueCents: number;
  returnCount: number;
  refundCents: number;
  refundTaxCents: number;
  voidCount: number;
  voidTotalCents: number;
};

const COMPLETED_SALE = sql`${salesTransactions.kind} = 'sale' and ${salesTransactions.status} = 'completed'`;
const COMPLETED_RETURN = sql`${salesTransactions.kind} = 'return' and ${salesTransactions.status} = 'completed'`;
const VOIDED_SALE = sql`${salesTransactions.kind} = 'sale' and ${salesTransactions.status} = 'voided'`;

function sumWhere(column: AnyPgColumn, condition: SQL): SQL {
  return sql`coalesce(sum(${column}) filter (where ${condition}), 0)`;
}

/** Sales, returns and voids of the shift in one pass over its transactions. */
export async function sumShiftTransactions(ex: Executor, shiftId: string): Promise<ShiftSalesTotals> {
  const t = salesTransactions;
  const [row] = await queryRows<Record<keyof ShiftSalesTotals, string | number>>(
    ex,
    sql`select
          count(*) filter (where ${COMPLETED_SALE}) as "salesCount",
          ${sumWhere(t.subtotalCents, COMPLETED_SALE)} as "grossCents",
          ${sumWhere(t.discountCents, COMPLETED_SALE)} as "discountCents",
          ${sumWhere(t.taxCents, COMPLETED_SALE)} as "taxCents",
          ${sumWhere(t.totalCents, COMPLETED_SALE)} as "totalCents",
          ${sumWhere(t.roundingCents, COMPLETED_SALE)} as "roundingCents",
          ${sumWhere(t.changeDueCents, COMPLETED_SALE)} as "changeDueCents",
          count(*) filter (where ${COMPLETED_RETURN}) as "returnCount",
          ${sumWhere(t.totalCents, COMPLETED_RETURN)} as "refundCents",
          ${sumWhere(t.taxCents, COMPLETED_RETURN)} as "refundTaxCents",
          count(*) filter (where ${VOIDED_SALE}) as "voidCount",
          ${sumWhere(t.totalCents, VOIDED_SALE)} as "voidTotalCents"
        from ${t}
        where ${t.shiftId} = ${shiftId}`,
  );
  return Object.fromEntries(
    Object.entries(row ?? {}).map(([key, value]) => [key, Number(value)]),
  ) as ShiftSalesTotals;
}

export type TenderTotalsRow = { method: string; salesCents: number; refundsCents: number };

/** Tendered amounts of completed sales and refunds of completed returns, per method (change not taken off). */
export async function sumShiftTenders(ex: Executor, shiftId: string): Promise<TenderTotalsRow[]> {
  const t = salesTransactions;
  const rows = await queryRows<{ method: string; sales: string | number; refunds: string | number }>(
    ex,
    sql`select ${salesPayments.method} as method,
          coalesce(sum(${salesPayments.amountCents}) filter (where ${t.kind} = 'sale'), 0) as sales,
          coalesce(sum(${salesPayments.amountCents}) filter (where ${t.kind} = 'return'), 0) as refunds
        from ${salesPayments}
        join ${t} on ${t.id} = ${salesPayments.transactionId}
        where ${t.shiftId} = ${shiftId} and ${t.status} = 'completed'
        group by ${salesPayments.method}`,
  );
  return rows.map((row) => ({
    method: row.method,
    salesCents: Number(row.sales),
    refundsCents: Number(row.refunds),
  }));
}

export type TaxRateTotalsRow = { taxRate: string; taxableCents: number; taxCents: number };

/**
 * Per tax rate, completed sales' lines minus completed returns' lines. A line's total − tax is its net before
 * tax in both kinds of store (total = net + tax when prices exclude tax, = net when they include it).
 */
export async function sumShiftTaxByRate(ex: Executor, shiftId: string): Promise<TaxRateTotalsRow[]> {
  const t = salesTransactions;
  const i = salesTransactionItems;
  const sign = sql`case when ${t.kind} = 'return' then -1 else 1 end`;
  const rows = await queryRows<{ tax_rate: string; taxable: string | number; tax: string | number }>(
    ex,
    sql`select ${i.taxRate} as tax_rate,
          sum(${sign} * (${i.totalCents} - ${i.taxCents})) as taxable,
          sum(${sign} * ${i.taxCents}) as tax
        from ${i}
        join ${t} on ${t.id} = ${i.transactionId}
        where ${t.shiftId} = ${shiftId} and ${t.status} = 'completed'
        group by ${i.taxRate}
        order by ${i.taxRate}::numeric desc`,
  );
  return rows.map((row) => ({
    taxRate: row.tax_rate,
    taxableCents: Number(row.taxable),
    taxCents: Number(row.tax),
  }));
}

export type CashMovementTotals = {
  paidInCents: number;
  paidOutCents: number;
  noSaleCount: number;
};

export async function sumShiftCashMovements(ex: Executor, shiftId: string): Promise<CashMovementTotals> {
  const m = cashMovements;
  const [row] = await queryRows<{
    paid_in: string | number;
    paid_out: string | number;
    no_sale: string | number;
  }>(
    ex,
    sql`select
          coalesce(sum(${m.amountCents}) filter (where ${m.type} = 'paid_in'), 0) as paid_in,
          coalesce(sum(${m.amountCents}) filter (where ${m.type} = 'paid_out'), 0) as paid_out,
          count(*) filter (where ${m.type} = 'no_sale') as no_sale
        from ${m}
        where ${m.shiftId} = ${shiftId}`,
  );
  return {
    paidInCents: Number(row?.paid_in ?? 0),
    paidOutCents: Number(row?.paid_out ?? 0),
    noSaleCount: Number(row?.no_sale ?? 0),
  };
}
