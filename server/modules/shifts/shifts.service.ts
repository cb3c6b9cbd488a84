import type { Page } from '../../../shared/schemas/common';
import { TENDER_METHODS } from '../../../shared/schemas/sales';
import type {
  CashMovement,
  CashMovementRequest,
  CloseShiftRequest,
  CloseShiftResponse,
  CurrentShiftQuery,
  ListShiftsQuery,
  NoSaleRequest,
  OpenShiftRequest,
  Shift,
  ShiftReport,
} from '../../../shared/schemas/shifts';
import { businessDateAt } from '../../../shared/time';
import type { Db, Executor, Tx } from '../../db/client';
import { sqlStateOf, UNIQUE_VIOLATION, withTransaction } from '../../db/transaction';
import { decodeCursor, encodeCursor } from '../../lib/cursor';
import { ConflictError, NotFoundError, ValidationError } from '../../lib/errors';
import { type RequestOrigin, recordAudit } from '../audit/audit.service';
import { getStore } from '../stores/stores.service';
import { presentCashMovement, presentShift } from './shifts.presenters';
import {
  type CashMovementRow,
  type CashMovementTotals,
  findCashMovements,
  findOpenShift,
  findShiftById,
  findShiftHeader,
  findShifts,
  insertCashMovement,
  insertShift,
  lockShift,
  readInSnapshot,
  type ShiftHeaderRow,
  type ShiftSalesTotals,
  sumShiftCashMovements,
  sumShiftTaxByRate,
  sumShiftTenders,
  sumShiftTransactions,
  type TaxRateTotalsRow,
  type TenderTotalsRow,
  updateShiftClosed,
} from './shifts.repo';

export type ShiftsDeps = { db: Db };

/** Who is acting: their user id, the stores they may see (null = all) and where the request came from. */
export type ShiftActor = { userId: string; visible: string[] | null; origin: RequestOrigin };

function shiftClosed(registerId: string): ConflictError {
  return new ConflictError(`The shift of register ${registerId} is closed`, 'SHIFT_CLOSED', [
    { path: 'shiftId', message: 'is closed; open a new shift' },
  ]);
}

// ---------------------------------------------------------------------------------------------------------
// For the checkout (called inside the sale's transaction)

/** Locks the sale's shift FOR SHARE (so a close waits for sales in flight); null when shiftId is null/undefined.
 *  Another store's or unknown shift → NotFoundError('Shift'); closed, or a different register → ConflictError(…, 'SHIFT_CLOSED'). */
export async function lockShiftForSale(
  tx: Tx,
  input: { storeId: string; registerId: string; shiftId: string | null | undefined },
): Promise<{ id: string } | null> {
  if (!input.shiftId) {
    return null;
  }
  const row = await lockShift(tx, input.shiftId, 'share');
  if (!row || row.storeId !== input.storeId) {
    throw new NotFoundError('Shift');
  }
  if (row.status !== 'open') {
    throw shiftClosed(row.registerId);
  }
  if (row.registerId !== input.registerId) {
    throw new ConflictError(
      `The shift is register ${row.registerId}'s, not ${input.registerId}'s`,
      'SHIFT_CLOSED',
      [{ path: 'shiftId', message: `is the shift of register ${row.registerId}` }],
    );
  }
  return { id: row.id };
}

// ---------------------------------------------------------------------------------------------------------
// Opening and reading shifts

/** One open shift per register: the partial unique index decides, so two tills opening at once cannot both win. */
export async function openShift(
  deps: ShiftsDeps,
  actor: ShiftActor,
  request: OpenShiftRequest,
): Promise<Shift> {
  const store = await getStore(deps, actor.visible, request.storeId);
  return withTransaction(deps.db, async (tx) => {
    const row = await insertShift(tx, {
      storeId: store.id,
      registerId: request.registerId,
      openingFloatCents: request.openingFloatCents,
      openedBy: actor.userId,
      businessDate: businessDateAt(new Date(), store.timezone),
    }).catch((error: unknown) => {
      throw sqlStateOf(error) === UNIQUE_VIOLATION
        ? new ConflictError(`Register ${request.registerId} already has an open shift`, 'CONFLICT', [
            { path: 'registerId', message: 'already has an open shift; close it first' },
          ])
        : error;
    });
    await auditShift(tx, actor, row, 'shift.opened', { openingFloatCents: request.openingFloatCents });
    return presentShift(row);
  });
}

async function loadShift(ex: Executor, visible: string[] | null, id: string) {
  const row = await findShiftById(ex, id, visible);
  if (!row) {
    throw new NotFoundError('Shift');
  }
  return row;
}

export async function getShift(deps: ShiftsDeps, visible: string[] | null, id: string): Promise<Shift> {
  return presentShift(await loadShift(deps.db, visible, id));
}

export async function getCurrentShift(
  deps: ShiftsDeps,
  visible: string[] | null,
  query: CurrentShiftQuery,
): Promise<Shift> {
  await getStore(deps, visible, query.storeId);
  const row = await findOpenShift(deps.db, query.storeId, query.registerId);
  if (!row) {
    throw new NotFoundError(`Open shift on register ${query.registerId}`);
  }
  return presentShift(row);
}

const POSTGRES_TIMESTAMP = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2})?$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Shifts of the caller's stores, newest first; a store they cannot see answers 404. */
export async function listShifts(
  deps: ShiftsDeps,
  visible: string[] | null,
  query: ListShiftsQuery,
): Promise<Page<Shift>> {
  if (query.storeId) {
    await getStore(deps, visible, query.storeId);
  }
  const after = query.cursor ? decodeCursor(query.cursor, 2) : undefined;
  // A tampered cursor must be a 400, never a failed cast in SQL.
  if (after && !(POSTGRES_TIMESTAMP.test(String(after[0])) && UUID.test(String(after[1])))) {
    throw new ValidationError([{ path: 'cursor', message: 'is not a cursor this API returned' }]);
  }
  const rows = await findShifts(deps.db, {
    storeIds: visible,
    storeId: query.storeId,
    registerId: query.registerId,
    status: query.status,
    from: query.from,
    to: query.to,
    after: after ? { openedAt: String(after[0]), id: String(after[1]) } : undefined,
    limit: query.limit + 1,
  });
  const items = rows.slice(0, query.limit);
  const last = items.at(-1);
  return {
    items: items.map((row) => presentShift(row.shift)),
    nextCursor: rows.length > query.limit && last ? encodeCursor([last.openedAtExact, last.shift.id]) : null,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Drawer events

function auditShift(
  tx: Tx,
  actor: ShiftActor,
  shift: { id: string; storeId: string; registerId: string },
  action: string,
  details: Record<string, unknown>,
): Promise<void> {
  return recordAudit(tx, {
    action,
    actorUserId: actor.userId,
    storeId: shift.storeId,
    entityType: 'shift',
    entityId: shift.id,
    details: { registerId: shift.registerId, ...details },
    origin: actor.origin,
  });
}

/** The shift, locked FOR SHARE like a sale locks it, so a close counts this event or refuses it. */
async function lockOpenShiftForDrawerEvent(tx: Tx, visible: string[] | null, id: string) {
  const row = await lockShift(tx, id, 'share');
  if (!row || (visible && !visible.includes(row.storeId))) {
    throw new NotFoundError('Shift');
  }
  if (row.status !== 'open') {
    throw shiftClosed(row.registerId);
  }
  return row;
}

/** Cash paid into or out of the drawer, with the reason; audit-logged. */
export async function recordCashMovement(
  deps: ShiftsDeps,
  actor: ShiftActor,
  shiftId: string,
  request: CashMovementRequest,
): Promise<CashMovement> {
  return withTransaction(deps.db, async (tx) => {
    const shift = await lockOpenShiftForDrawerEvent(tx, actor.visible, shiftId);
    const row = await insertCashMovement(tx, { shiftId, userId: actor.userId, ...request });
    await auditShift(tx, actor, shift, `shift.${request.type}`, {
      movementId: row.id,
      amountCents: request.amountCents,
      reason: request.reason,
    });
    return presentCashMovement(row);
  });
}

/** The drawer was opened without a sale: a zero-amount movement and an audit entry, so every opening is accounted for. */
export async function recordNoSale(
  deps: ShiftsDeps,
  actor: ShiftActor,
  shiftId: string,
  request: NoSaleRequest,
): Promise<CashMovement> {
  return withTransaction(deps.db, async (tx) => {
    const shift = await lockOpenShiftForDrawerEvent(tx, actor.visible, shiftId);
    const reason = request.reason ?? '';
    const row = await insertCashMovement(tx, {
      shiftId,
      userId: actor.userId,
      type: 'no_sale',
      amountCents: 0,
      reason,
    });
    await auditShift(tx, actor, shift, 'shift.no_sale', { movementId: row.id, reason });
    return presentCashMovement(row);
  });
}

// ---------------------------------------------------------------------------------------------------------
// Reports and closing

type ShiftFigures = {
  totals: ShiftSalesTotals;
  tenders: TenderTotalsRow[];
  taxes: TaxRateTotalsRow[];
  movementTotals: CashMovementTotals;
  movements: CashMovementRow[];
};

async function readShiftFigures(ex: Executor, shiftId: string): Promise<ShiftFigures> {
  return {
    totals: await sumShiftTransactions(ex, shiftId),
    tenders: await sumShiftTenders(ex, shiftId),
    taxes: await sumShiftTaxByRate(ex, shiftId),
    movementTotals: await sumShiftCashMovements(ex, shiftId),
    movements: await findCashMovements(ex, shiftId),
  };
}

function assembleReport(header: ShiftHeaderRow, figures: ShiftFigures, generatedAt: Date): ShiftReport {
  const { totals, movementTotals } = figures;
  const tenders = TENDER_METHODS.map((method) => {
    const row = figures.tenders.find((tender) => tender.method === method);
    // Change always comes out of the drawer: the cash a sale keeps is what was tendered minus the change.
    const salesCents = (row?.salesCents ?? 0) - (method === 'cash' ? totals.changeDueCents : 0);
    const refundsCents = row?.refundsCents ?? 0;
    return { method, salesCents, refundsCents, netCents: salesCents - refundsCents };
  });
  const cashTender = tenders.find((tender) => tender.method === 'cash')!;
  const openingFloatCents = Number(header.openingFloatCents);
  const cash = {
    openingFloatCents,
    cashSalesCents: cashTender.salesCents,
    cashRefundsCents: cashTender.refundsCents,
    paidInCents: movementTotals.paidInCents,
    paidOutCents: movementTotals.paidOutCents,
    expectedCashCents:
      openingFloatCents +
      cashTender.salesCents -
      cashTender.refundsCents +
      movementTotals.paidInCents -
      movementTotals.paidOutCents,
  };
  const { storeCode, storeName, timezone, currency, openedByName, closedByName, ...shiftRow } = header;
  return {
    kind: header.status === 'open' ? 'X' : 'Z',
    generatedAt: generatedAt.toISOString(),
    shift: {
      ...presentShift(shiftRow),
      storeCode,
      storeName,
      timezone,
      currency,
      openedByName,
      closedByName,
    },
    salesCount: totals.salesCount,
    grossSalesCents: totals.grossCents,
    discountCents: totals.discountCents,
    netSalesCents: totals.grossCents - totals.discountCents,
    taxCents: totals.taxCents,
    roundingCents: totals.roundingCents,
    salesTotalCents: totals.totalCents + totals.roundingCents,
    returns: { count: totals.returnCount, refundCents: totals.refundCents, taxCents: totals.refundTaxCents },
    voids: { count: totals.voidCount, totalCents: totals.voidTotalCents },
    taxByRate: figures.taxes,
    tenders,
    cash,
    noSaleCount: movementTotals.noSaleCount,
    cashMovements: figures.movements.map(presentCashMovement),
  };
}

/** X report while open, Z once closed; every figure is read in one snapshot so they add up. */
export async function getShiftReport(
  deps: ShiftsDeps,
  visible: string[] | null,
  shiftId: string,
): Promise<ShiftReport> {
  await loadShift(deps.db, visible, shiftId);
  return readInSnapshot(deps.db, async (snapshot) => {
    const header = await findShiftHeader(snapshot, shiftId);
    if (!header) {
      throw new NotFoundError('Shift');
    }
    return assembleReport(header, await readShiftFigures(snapshot, shiftId), new Date());
  });
}

/**
 * Closes the shift with the cash counted. The shift row is locked FOR UPDATE first, so sales and drawer events
 * in flight (they hold it FOR SHARE) commit before the figures are read, and later ones see it closed.
 */
export async function closeShift(
  deps: ShiftsDeps,
  actor: ShiftActor,
  shiftId: string,
  request: CloseShiftRequest,
): Promise<CloseShiftResponse> {
  return withTransaction(deps.db, async (tx) => {
    const locked = await lockShift(tx, shiftId, 'update');
    if (!locked || (actor.visible && !actor.visible.includes(locked.storeId))) {
      throw new NotFoundError('Shift');
    }
    if (locked.status !== 'open') {
      throw shiftClosed(locked.registerId);
    }
    const figures = await readShiftFigures(tx, shiftId);
    const openHeader = await findShiftHeader(tx, shiftId);
    const expectedCashCents = assembleReport(openHeader!, figures, new Date()).cash.expectedCashCents;
    const closed = await updateShiftClosed(tx, shiftId, {
      closedBy: actor.userId,
      expectedCashCents,
      countedCashCents: request.countedCashCents,
    });
    const overShortCents = request.countedCashCents - expectedCashCents;
    await auditShift(tx, actor, closed, 'shift.closed', {
      expectedCashCents,
      countedCashCents: request.countedCashCents,
      overShortCents,
      note: request.note ?? null,
    });
    const closedHeader = await findShiftHeader(tx, shiftId);
    return {
      shift: presentShift(closed),
      expectedCashCents,
      countedCashCents: request.countedCashCents,
      overShortCents,
      report: assembleReport(closedHeader!, figures, new Date()),
    };
  });
}
