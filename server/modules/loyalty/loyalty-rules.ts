// Frequent-buyer arithmetic, the way pet-food brands print it on their cards. Pure: no database.

import type { LoyaltyQualifying } from '../../db/schema/loyalty';

export type QualifyingProduct = { productId: string; brand: string | null; categoryId: string | null };

/** A product qualifies when it matches every field the program sets; brands compare case-insensitively. */
export function productQualifies(qualifying: LoyaltyQualifying, product: QualifyingProduct): boolean {
  if (qualifying.productIds && !qualifying.productIds.includes(product.productId)) {
    return false;
  }
  if (qualifying.brand !== undefined) {
    const brand = product.brand?.trim().toLowerCase() ?? '';
    if (brand === '' || brand !== qualifying.brand.trim().toLowerCase()) {
      return false;
    }
  }
  if (qualifying.categoryId !== undefined && product.categoryId !== qualifying.categoryId) {
    return false;
  }
  return true;
}

/** What one unit of a line was paid after discounts, rounded down so a reward never exceeds what was paid. */
export function unitValueCents(netCents: number, quantity: number): number {
  return Math.max(0, Math.floor(netCents / quantity));
}

/**
 * The date after which bought units still count on `asOf` (units of that date itself no longer do), or null
 * when the program has no window. Month arithmetic clamps to the month's end: 31 March − 1 month = 28/29 February.
 */
export function windowStart(asOf: string, windowMonths: number | null): string | null {
  if (windowMonths === null) {
    return null;
  }
  const [year, month, day] = asOf.split('-').map(Number) as [number, number, number];
  const monthIndex = year * 12 + (month - 1) - windowMonths;
  const targetYear = Math.floor(monthIndex / 12);
  const targetMonth = monthIndex - targetYear * 12;
  const lastDay = new Date(Date.UTC(targetYear, targetMonth + 1, 0)).getUTCDate();
  const targetDay = Math.min(day, lastDay);
  return `${String(targetYear).padStart(4, '0')}-${String(targetMonth + 1).padStart(2, '0')}-${String(targetDay).padStart(2, '0')}`;
}

export type UnconsumedUnits = {
  id: string;
  transactionId: string;
  /** Units neither consumed into a reward nor returned. */
  free: number;
  unitValueCents: number;
};

export type EarnedCard = {
  /** The cheapest unit of the card: the most its free units may be worth. */
  maxValueCents: number;
  /** The sale whose unit completed the card. */
  completedByTransactionId: string;
};

export type EarningPlan = { consume: { id: string; units: number }[]; cards: EarnedCard[] };

/**
 * Fills cards of buyQuantity units from the oldest units first; the units of a card are consumed, and what
 * does not fill a whole card stays free for the next purchase. `rows` must already be in age order.
 */
export function planEarning(rows: readonly UnconsumedUnits[], buyQuantity: number): EarningPlan {
  const total = rows.reduce((sum, row) => sum + row.free, 0);
  const cardCount = Math.floor(total / buyQuantity);
  const consume = new Map<string, number>();
  const cards: EarnedCard[] = [];
  let rowIndex = 0;
  let takenFromRow = 0;
  for (let card = 0; card < cardCount; card++) {
    let needed = buyQuantity;
    let maxValueCents = Number.POSITIVE_INFINITY;
    let completedBy = '';
    while (needed > 0) {
      const row = rows[rowIndex]!;
      const take = Math.min(needed, row.free - takenFromRow);
      if (take > 0) {
        consume.set(row.id, (consume.get(row.id) ?? 0) + take);
        maxValueCents = Math.min(maxValueCents, row.unitValueCents);
        completedBy = row.transactionId;
        needed -= take;
        takenFromRow += take;
      }
      if (takenFromRow === row.free) {
        rowIndex++;
        takenFromRow = 0;
      }
    }
    cards.push({ maxValueCents, completedByTransactionId: completedBy });
  }
  return { consume: [...consume].map(([id, units]) => ({ id, units })), cards };
}

/** Takes up to `count` units from rows in the order given; returns what was taken from each row. */
export function takeUnits(
  rows: readonly { id: string; available: number }[],
  count: number,
): { id: string; units: number }[] {
  const taken: { id: string; units: number }[] = [];
  let left = count;
  for (const row of rows) {
    if (left <= 0) {
      break;
    }
    const take = Math.min(left, row.available);
    if (take > 0) {
      taken.push({ id: row.id, units: take });
      left -= take;
    }
  }
  return taken;
}

/**
 * How a return of consumed units is settled in one account. Each card that loses units is revoked while an
 * earned reward of it is still available (revoking up to rewardQuantity rewards), and its other units are
 * given back to be counted again; when no reward can be taken back (already redeemed), the missing units are
 * replaced by units still free in the window, and what cannot be replaced is forgiven, never owed.
 */
export function planReturnSettlement(input: {
  consumedUnitsReturned: number;
  buyQuantity: number;
  rewardQuantity: number;
  availableRewardIds: readonly string[];
}): { revokeRewardIds: string[]; unitsToGiveBack: number; unitsToReplace: number } {
  const { consumedUnitsReturned, buyQuantity, rewardQuantity, availableRewardIds } = input;
  if (consumedUnitsReturned <= 0) {
    return { revokeRewardIds: [], unitsToGiveBack: 0, unitsToReplace: 0 };
  }
  const cardsHit = Math.ceil(consumedUnitsReturned / buyQuantity);
  const cardsRevocable = Math.min(cardsHit, Math.ceil(availableRewardIds.length / rewardQuantity));
  const revokeRewardIds = availableRewardIds.slice(
    0,
    Math.min(availableRewardIds.length, cardsRevocable * rewardQuantity),
  );
  const unitsCoveredByRevoking = Math.min(consumedUnitsReturned, cardsRevocable * buyQuantity);
  return {
    revokeRewardIds,
    unitsToGiveBack: cardsRevocable * buyQuantity - unitsCoveredByRevoking,
    unitsToReplace: consumedUnitsReturned - unitsCoveredByRevoking,
  };
}
