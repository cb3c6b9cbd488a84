import type { CashMovement, Shift } from '../../../shared/schemas/shifts';
import type { CashMovementRow, ShiftRow } from './shifts.repo';

export function presentShift(row: ShiftRow): Shift {
  const closed = row.expectedCashCents !== null && row.countedCashCents !== null;
  return {
    id: row.id,
    storeId: row.storeId,
    registerId: row.registerId,
    status: row.status,
    businessDate: row.businessDate,
    openingFloatCents: Number(row.openingFloatCents),
    openedAt: row.openedAt.toISOString(),
    openedBy: row.openedBy,
    closedAt: row.closedAt ? row.closedAt.toISOString() : null,
    closedBy: row.closedBy,
    expectedCashCents: row.expectedCashCents === null ? null : Number(row.expectedCashCents),
    countedCashCents: row.countedCashCents === null ? null : Number(row.countedCashCents),
    overShortCents: closed ? Number(row.countedCashCents) - Number(row.expectedCashCents) : null,
  };
}

export function presentCashMovement(row: CashMovementRow): CashMovement {
  return {
    id: row.id,
    shiftId: row.shiftId,
    type: row.type,
    amountCents: Number(row.amountCents),
    reason: row.reason,
    userId: row.userId,
    createdAt: row.createdAt.toISOString(),
  };
}
