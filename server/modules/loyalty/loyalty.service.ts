import type { ErrorDetail } from '../../../shared/errors';
import type { Page } from '../../../shared/schemas/common';
import type {
  CreateLoyaltyProgramRequest,
  ListLoyaltyMembersQuery,
  ListLoyaltyProgramsQuery,
  LoyaltyMember,
  LoyaltyProgram,
  RedemptionReport,
  RedemptionReportQuery,
  UpdateLoyaltyProgramRequest,
} from '../../../shared/schemas/loyalty';
import { businessDateAt } from '../../../shared/time';
import type { Db, Executor, Tx } from '../../db/client';
import type { LoyaltyQualifying } from '../../db/schema/loyalty';
import { withTransaction } from '../../db/transaction';
import { decodeCursor, encodeCursor } from '../../lib/cursor';
import { BusinessRuleError, ForbiddenError, NotFoundError, ValidationError } from '../../lib/errors';
import { type RequestOrigin, recordAudit } from '../audit/audit.service';
import {
  planEarning,
  planReturnSettlement,
  productQualifies,
  takeUnits,
  unitValueCents,
  windowStart,
} from './loyalty-rules';
import { presentProgram } from './loyalty.presenters';
import {
  adjustPurchaseUnits,
  categoryExists,
  findActiveProgramsOfStore,
  findConsumedPurchasesNewestFirst,
  findExistingProductIds,
  findExistingStoreIds,
  findFreePurchases,
  findItemIdsOfTransaction,
  findMembers,
  findProgramById,
  findPrograms,
  findProgress,
  findPurchasesOfItems,
  findPurchasesOfTransaction,
  findRedemptions,
  findRevocableRewards,
  findRewardsRedeemedOnItems,
  findSaleParty,
  findStoreToday,
  insertProgram,
  insertPurchases,
  insertRewards,
  lockAccounts,
  lockAvailableRewards,
  markRewardsRedeemed,
  type ProgramRow,
  type PurchaseRow,
  type RewardRow,
  replaceProgramStores,
  revokeRewards,
  summariseAvailableRewards,
  undoRedemptions,
  updateProgramColumns,
} from './loyalty.repo';

export type LoyaltyDeps = { db: Db };

/** Who is acting: their user id, the stores they may see (null = all) and where the request came from. */
export type LoyaltyActor = { userId: string; visible: string[] | null; origin: RequestOrigin };

// ---------------------------------------------------------------------------------------------------------
// Programs

function canSee(visible: string[] | null, program: ProgramRow): boolean {
  return !visible || program.storeIds.some((id) => visible.includes(id));
}

async function checkProgramReferences(
  ex: Executor,
  request: { storeIds?: string[]; qualifying?: LoyaltyQualifying },
  actor: LoyaltyActor,
): Promise<void> {
  if (request.storeIds && actor.visible) {
    const visible = actor.visible;
    if (request.storeIds.some((id) => !visible.includes(id))) {
      throw new ForbiddenError('You can only run programs in stores you are assigned to');
    }
  }
  const details: ErrorDetail[] = [];
  if (request.storeIds) {
    const known = await findExistingStoreIds(ex, request.storeIds);
    request.storeIds.forEach((id, index) => {
      if (!known.has(id)) {
        details.push({ path: `storeIds.${index}`, message: 'no such store' });
      }
    });
  }
  const productIds = request.qualifying?.productIds;
  if (productIds) {
    const known = await findExistingProductIds(ex, productIds);
    productIds.forEach((id, index) => {
      if (!known.has(id)) {
        details.push({ path: `qualifying.productIds.${index}`, message: 'no such product' });
      }
    });
  }
  const categoryId = request.qualifying?.categoryId;
  if (categoryId && !(await categoryExists(ex, categoryId))) {
    details.push({ path: 'qualifying.categoryId', message: 'no such category' });
  }
  if (details.length > 0) {
    throw new ValidationError(details);
  }
}

function qualifyingOf(request: CreateLoyaltyProgramRequest['qualifying']): LoyaltyQualifying {
  const qualifying: LoyaltyQualifying = {};
  if (request.productIds) {
    qualifying.productIds = request.productIds;
  }
  if (request.brand !== undefined) {
    qualifying.brand = request.brand;
  }
  if (request.categoryId !== undefined) {
    qualifying.categoryId = request.categoryId;
  }
  return qualifying;
}

/** Managers create programs for their own stores only (another store → 403); admins for any store. */
export async function createLoyaltyProgram(
  deps: LoyaltyDeps,
  request: CreateLoyaltyProgramRequest,
  actor: LoyaltyActor,
): Promise<LoyaltyProgram> {
  return withTransaction(deps.db, async (tx) => {
    const qualifying = qualifyingOf(request.qualifying);
    await checkProgramReferences(tx, { storeIds: request.storeIds, qualifying }, actor);
    const id = await insertProgram(tx, {
      name: request.name,
      qualifying,
      buyQuantity: request.buyQuantity,
      rewardQuantity: request.rewardQuantity,
      windowMonths: request.windowMonths,
    });
    await replaceProgramStores(tx, id, request.storeIds);
    await recordAudit(tx, {
      action: 'loyalty_program.created',
      actorUserId: actor.userId,
      entityType: 'loyalty_program',
      entityId: id,
      details: {
        name: request.name,
        storeIds: request.storeIds,
        qualifying,
        buyQuantity: request.buyQuantity,
        rewardQuantity: request.rewardQuantity,
        windowMonths: request.windowMonths,
      },
      origin: actor.origin,
    });
    const row = await findProgramById(tx, id);
    return presentProgram(row!, actor.visible);
  });
}

/** Programs running in at least one of the caller's stores (or in storeId, which must be theirs). */
export async function listLoyaltyPrograms(
  deps: LoyaltyDeps,
  visible: string[] | null,
  query: ListLoyaltyProgramsQuery,
): Promise<Page<LoyaltyProgram>> {
  if (query.storeId && visible && !visible.includes(query.storeId)) {
    throw new NotFoundError('Store');
  }
  const after = query.cursor ? decodeCursor(query.cursor, 2) : undefined;
  const rows = await findPrograms(deps.db, {
    storeIds: query.storeId ? [query.storeId] : visible,
    active: query.active,
    after: after ? { name: String(after[0]), id: String(after[1]) } : undefined,
    limit: query.limit + 1,
  });
  const items = rows.slice(0, query.limit);
  const last = items.at(-1);
  return {
    items: items.map((row) => presentProgram(row, visible)),
    nextCursor: rows.length > query.limit && last ? encodeCursor([last.name.toLowerCase(), last.id]) : null,
  };
}

async function visibleProgram(ex: Executor, visible: string[] | null, id: string): Promise<ProgramRow> {
  const row = await findProgramById(ex, id);
  if (!row || !canSee(visible, row)) {
    throw new NotFoundError('Loyalty program');
  }
  return row;
}

export async function getLoyaltyProgram(
  deps: LoyaltyDeps,
  visible: string[] | null,
  id: string,
): Promise<LoyaltyProgram> {
  return presentProgram(await visibleProgram(deps.db, visible, id), visible);
}

/**
 * Renames, (de)activates, changes the window or the stores of a program. A program none of whose stores
 * the caller has is not found; a manager must have every one of its stores, before and after (else 403).
 */
export async function updateLoyaltyProgram(
  deps: LoyaltyDeps,
  id: string,
  request: UpdateLoyaltyProgramRequest,
  actor: LoyaltyActor,
): Promise<LoyaltyProgram> {
  return withTransaction(deps.db, async (tx) => {
    const row = await findProgramById(tx, id, { forUpdate: true });
    if (!row || !canSee(actor.visible, row)) {
      throw new NotFoundError('Loyalty program');
    }
    const visible = actor.visible;
    if (visible && row.storeIds.some((storeId) => !visible.includes(storeId))) {
      throw new ForbiddenError('The program also runs in stores you are not assigned to');
    }
    await checkProgramReferences(tx, { storeIds: request.storeIds }, actor);
    const { storeIds, ...columns } = request;
    await updateProgramColumns(tx, id, columns);
    if (storeIds) {
      await replaceProgramStores(tx, id, storeIds);
    }
    await recordAudit(tx, {
      action: 'loyalty_program.updated',
      actorUserId: actor.userId,
      entityType: 'loyalty_program',
      entityId: id,
      details: { changed: Object.keys(request).sort(), values: request },
      origin: actor.origin,
    });
    const updated = await findProgramById(tx, id);
    return presentProgram(updated!, actor.visible);
  });
}

// ---------------------------------------------------------------------------------------------------------
// Members

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The customers collecting in a program the caller may see, by name, with each one's standing as of today
 * (UTC, as the customer screen without a store shows it). Customers belong to the chain, so every member
 * is listed; another store's program is 404.
 */
export async function listLoyaltyMembers(
  deps: LoyaltyDeps,
  visible: string[] | null,
  programId: string,
  query: ListLoyaltyMembersQuery,
): Promise<Page<LoyaltyMember>> {
  const program = await visibleProgram(deps.db, visible, programId);
  const after = query.cursor ? decodeCursor(query.cursor, 2) : undefined;
  // A tampered cursor must be a 400, never a failed uuid cast in SQL.
  if (after && !UUID.test(String(after[1]))) {
    throw new ValidationError([{ path: 'cursor', message: 'is not a cursor this API returned' }]);
  }
  const rows = await findMembers(deps.db, program, {
    asOf: businessDateAt(new Date(), 'UTC'),
    after: after ? { name: String(after[0]), id: String(after[1]) } : undefined,
    limit: query.limit + 1,
  });
  const items = rows.slice(0, query.limit);
  const last = items.at(-1);
  return {
    items,
    nextCursor:
      rows.length > query.limit && last
        ? encodeCursor([last.customerName.toLowerCase(), last.customerId])
        : null,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Redemption report

/**
 * Free units given in a program between two business dates, per redeeming sale line, with totals; managers
 * see their own stores' redemptions only. Goodwill units (granted with approval, not earned) are flagged and
 * totalled apart, because distributors credit only what their card rules earned.
 */
export async function buildRedemptionReport(
  deps: LoyaltyDeps,
  visible: string[] | null,
  programId: string,
  query: RedemptionReportQuery,
): Promise<RedemptionReport> {
  const program = await visibleProgram(deps.db, visible, programId);
  if (query.storeId && visible && !visible.includes(query.storeId)) {
    throw new NotFoundError('Store');
  }
  const items = await findRedemptions(deps.db, programId, {
    from: query.from,
    to: query.to,
    storeIds: query.storeId ? [query.storeId] : visible,
  });
  const totals = {
    units: 0,
    valueGivenCents: 0,
    earnedUnits: 0,
    earnedValueCents: 0,
    goodwillUnits: 0,
    goodwillValueCents: 0,
  };
  for (const item of items) {
    totals.units += item.units;
    totals.valueGivenCents += item.valueGivenCents;
    if (item.goodwill) {
      totals.goodwillUnits += item.units;
      totals.goodwillValueCents += item.valueGivenCents;
    } else {
      totals.earnedUnits += item.units;
      totals.earnedValueCents += item.valueGivenCents;
    }
  }
  return {
    programId,
    programName: program.name,
    from: query.from,
    to: query.to,
    storeId: query.storeId ?? null,
    items,
    totals,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Sales, returns and voids (called by the sales module inside its transaction)

export type LoyaltySaleLine = {
  itemId: string;
  lineIndex: number;
  productId: string;
  brand: string | null;
  categoryId: string | null;
  unit: 'each' | 'weight';
  quantity: number;
  unitPriceCents: number;
  netCents: number;
  rewardProgramId: string | null;
};

export type LoyaltyProgress = {
  programId: string;
  programName: string;
  buyQuantity: number;
  rewardQuantity: number;
  windowMonths: number | null;
  unitsTowardNext: number;
  rewardsAvailable: number;
  rewardsRedeemed: number;
};

function rewardPath(line: LoyaltySaleLine): string {
  return `lines.${line.lineIndex}.rewardProgramId`;
}

function freeOf(row: PurchaseRow): number {
  return row.units - row.unitsConsumed - row.unitsReturned;
}

/**
 * Fills whole cards from the account's free units within the window (oldest first) and turns each into
 * rewardQuantity rewards worth at most the card's cheapest unit. Run with the account locked.
 */
async function earnRewards(
  tx: Tx,
  customerId: string,
  program: ProgramRow,
  asOf: string,
  earnedBy: string | null,
): Promise<void> {
  const rows = await findFreePurchases(tx, customerId, program.id, windowStart(asOf, program.windowMonths));
  const plan = planEarning(
    rows.map((row) => ({
      id: row.id,
      transactionId: row.transactionId,
      free: freeOf(row),
      unitValueCents: row.unitValueCents,
    })),
    program.buyQuantity,
  );
  for (const consumed of plan.consume) {
    await adjustPurchaseUnits(tx, consumed.id, { consumed: consumed.units });
  }
  await insertRewards(
    tx,
    plan.cards.flatMap((card) =>
      Array.from({ length: program.rewardQuantity }, () => ({
        customerId,
        programId: program.id,
        status: 'available' as const,
        maxValueCents: card.maxValueCents,
        earnedTransactionId: earnedBy ?? card.completedByTransactionId,
      })),
    ),
  );
}

function pluralUnits(count: number): string {
  return count === 1 ? '1 free unit' : `${count} free units`;
}

/**
 * Redeems reward lines, then records qualifying units and turns full cards into rewards. Called after the
 * sale's lines are inserted, in the sale's transaction. A reward line takes the customer's available rewards
 * worth at least its unit price, oldest first, with the account row locked, so two sales (or a retry) can
 * never take the same reward; what is missing needs approverId (goodwill rewards) or → 422 APPROVAL_REQUIRED.
 */
export async function applyLoyaltyToSale(
  tx: Tx,
  sale: {
    id: string;
    storeId: string;
    customerId: string | null;
    businessDate: string;
    approverId: string | null;
    lines: LoyaltySaleLine[];
  },
): Promise<void> {
  const rewardLines = sale.lines.filter((line) => line.rewardProgramId !== null);
  const customerId = sale.customerId;
  if (!customerId) {
    if (rewardLines.length > 0) {
      throw new ValidationError(
        rewardLines.map((line) => ({
          path: rewardPath(line),
          message: 'a reward needs a customer on the sale',
        })),
      );
    }
    return;
  }
  const programs = await findActiveProgramsOfStore(tx, sale.storeId);
  const programsById = new Map(programs.map((program) => [program.id, program]));
  const invalid: ErrorDetail[] = [];
  for (const line of rewardLines) {
    const program = programsById.get(line.rewardProgramId!);
    if (!program) {
      invalid.push({ path: rewardPath(line), message: 'no active program with this id runs in this store' });
    } else if (line.unit !== 'each') {
      invalid.push({ path: rewardPath(line), message: 'a free unit must be a product sold by the piece' });
    } else if (!productQualifies(program.qualifying, line)) {
      invalid.push({ path: rewardPath(line), message: 'the product does not qualify for this program' });
    }
  }
  if (invalid.length > 0) {
    throw new ValidationError(invalid);
  }

  const purchases = sale.lines.flatMap((line) =>
    line.rewardProgramId === null && line.unit === 'each' && line.quantity > 0
      ? programs
          .filter((program) => productQualifies(program.qualifying, line))
          .map((program) => ({
            customerId,
            programId: program.id,
            transactionId: sale.id,
            itemId: line.itemId,
            units: line.quantity,
            unitValueCents: unitValueCents(line.netCents, line.quantity),
            businessDate: sale.businessDate,
          }))
      : [],
  );
  const earningProgramIds = [...new Set(purchases.map((purchase) => purchase.programId))].sort();
  const touched = [...new Set([...earningProgramIds, ...rewardLines.map((line) => line.rewardProgramId!)])];
  if (touched.length === 0) {
    return;
  }
  await lockAccounts(tx, customerId, touched);

  const shortages: ErrorDetail[] = [];
  for (const line of rewardLines) {
    const programId = line.rewardProgramId!;
    const before = await summariseAvailableRewards(tx, customerId, programId);
    const taken = await lockAvailableRewards(tx, customerId, programId, line.unitPriceCents, line.quantity);
    await markRewardsRedeemed(
      tx,
      taken.map((reward) => reward.id),
      { transactionId: sale.id, itemId: line.itemId, valueCents: line.unitPriceCents },
    );
    const missing = line.quantity - taken.length;
    if (missing === 0) {
      continue;
    }
    if (!sale.approverId) {
      shortages.push({
        path: rewardPath(line),
        message:
          before.count === 0
            ? 'the customer has earned 0 free units'
            : `the customer has earned ${pluralUnits(before.count)} worth up to ${before.maxValueCents} cents`,
      });
      continue;
    }
    const approverId = sale.approverId;
    await insertRewards(
      tx,
      Array.from({ length: missing }, () => ({
        customerId,
        programId,
        status: 'redeemed' as const,
        maxValueCents: line.unitPriceCents,
        approvedBy: approverId,
        redeemedTransactionId: sale.id,
        redeemedItemId: line.itemId,
        redeemedValueCents: line.unitPriceCents,
        redeemedAt: new Date(),
      })),
    );
    await recordAudit(tx, {
      action: 'loyalty.goodwill_reward',
      approverUserId: approverId,
      storeId: sale.storeId,
      entityType: 'sales_transaction',
      entityId: sale.id,
      details: {
        customerId,
        programId,
        lineIndex: line.lineIndex,
        units: missing,
        unitValueCents: line.unitPriceCents,
      },
    });
  }
  if (shortages.length > 0) {
    throw new BusinessRuleError(
      'APPROVAL_REQUIRED',
      'Free units the customer has not earned need a manager’s approval',
      shortages,
    );
  }

  await insertPurchases(tx, purchases);
  for (const programId of earningProgramIds) {
    await earnRewards(tx, customerId, programsById.get(programId)!, sale.businessDate, sale.id);
  }
}

/**
 * Takes units and redemptions of one customer's sale back: redeemed rewards return (earned → available,
 * goodwill → revoked); each returned unit leaves its purchase row, free units first. Units that had already
 * filled a card settle per planReturnSettlement: the card's reward is revoked while still available and its
 * other units count again (a full card may be refilled at once), else free units in the window take their
 * place, else the loss is forgiven. No count ever goes negative.
 */
async function takeBack(
  tx: Tx,
  input: {
    customerId: string;
    storeId: string;
    saleId: string;
    /** Units to take back per purchase row (read under the lock). */
    unitsFor: (row: PurchaseRow) => number;
    readPurchases: () => Promise<PurchaseRow[]>;
    readRedemptions: (forUpdate: boolean) => Promise<RewardRow[]>;
    /** How many of the redemptions (already ordered goodwill first) to undo. */
    pickRedemptions: (rewards: RewardRow[]) => RewardRow[];
  },
): Promise<void> {
  const { customerId } = input;
  const [seenPurchases, seenRedemptions] = [await input.readPurchases(), await input.readRedemptions(false)];
  const programIds = [
    ...new Set([
      ...seenPurchases.map((row) => row.programId),
      ...seenRedemptions.map((row) => row.programId),
    ]),
  ];
  if (programIds.length === 0) {
    return;
  }
  await lockAccounts(tx, customerId, programIds);
  // Read again under the lock: a concurrent sale may have consumed these units meanwhile.
  await undoRedemptions(tx, input.pickRedemptions(await input.readRedemptions(true)));

  const consumedReturned = new Map<string, number>();
  for (const row of await input.readPurchases()) {
    const units = Math.min(input.unitsFor(row), row.units - row.unitsReturned);
    if (units <= 0) {
      continue;
    }
    const fromFree = Math.min(units, freeOf(row));
    const fromConsumed = Math.min(units - fromFree, row.unitsConsumed);
    await adjustPurchaseUnits(tx, row.id, { returned: fromFree + fromConsumed, consumed: -fromConsumed });
    consumedReturned.set(row.programId, (consumedReturned.get(row.programId) ?? 0) + fromConsumed);
  }

  const today = (await findStoreToday(tx, input.storeId)) ?? businessDateAt(new Date(), 'UTC');
  for (const programId of [...consumedReturned.keys()].sort()) {
    const consumedUnitsReturned = consumedReturned.get(programId)!;
    if (consumedUnitsReturned === 0) {
      continue;
    }
    const program = (await findProgramById(tx, programId))!;
    const revocable = await findRevocableRewards(tx, customerId, programId, [input.saleId]);
    const plan = planReturnSettlement({
      consumedUnitsReturned,
      buyQuantity: program.buyQuantity,
      rewardQuantity: program.rewardQuantity,
      availableRewardIds: revocable.map((reward) => reward.id),
    });
    await revokeRewards(tx, plan.revokeRewardIds);
    if (plan.unitsToGiveBack > 0) {
      const consumed = await findConsumedPurchasesNewestFirst(tx, customerId, programId);
      const giveBack = takeUnits(
        consumed.map((row) => ({ id: row.id, available: row.unitsConsumed })),
        plan.unitsToGiveBack,
      );
      for (const part of giveBack) {
        await adjustPurchaseUnits(tx, part.id, { consumed: -part.units });
      }
    }
    if (plan.unitsToReplace > 0) {
      const free = await findFreePurchases(
        tx,
        customerId,
        programId,
        windowStart(today, program.windowMonths),
      );
      const replacements = takeUnits(
        free.map((row) => ({ id: row.id, available: freeOf(row) })),
        plan.unitsToReplace,
      );
      for (const part of replacements) {
        await adjustPurchaseUnits(tx, part.id, { consumed: part.units });
      }
    }
    await earnRewards(tx, customerId, program, today, null);
  }
}

/**
 * Takes back what returned lines of a sale counted: units of qualifying lines, and for free lines the
 * rewards they redeemed. Call it in the return's transaction, once per return (returns are idempotent by id).
 */
export async function reverseLoyaltyForReturn(
  tx: Tx,
  input: { originalSaleId: string; lines: { originalItemId: string; quantity: number }[] },
): Promise<void> {
  const party = await findSaleParty(tx, input.originalSaleId);
  if (!party?.customerId) {
    return;
  }
  const quantities = new Map<string, number>();
  for (const line of input.lines) {
    quantities.set(
      line.originalItemId,
      (quantities.get(line.originalItemId) ?? 0) + Math.max(0, line.quantity),
    );
  }
  const itemIds = [...quantities.keys()];
  await takeBack(tx, {
    customerId: party.customerId,
    storeId: party.storeId,
    saleId: input.originalSaleId,
    unitsFor: (row) => quantities.get(row.itemId) ?? 0,
    readPurchases: () => findPurchasesOfItems(tx, itemIds),
    readRedemptions: (forUpdate) => findRewardsRedeemedOnItems(tx, itemIds, { forUpdate }),
    pickRedemptions: (rewards) => {
      const left = new Map(quantities);
      return rewards.filter((reward) => {
        const itemId = reward.redeemedItemId!;
        const remaining = left.get(itemId) ?? 0;
        left.set(itemId, remaining - 1);
        return remaining > 0;
      });
    },
  });
}

/**
 * Undoes a whole sale's effect: its units stop counting (rewards they earned are revoked while still
 * available), and rewards redeemed on it come back. Call it in the void's transaction.
 */
export async function reverseLoyaltyForVoid(tx: Tx, saleId: string): Promise<void> {
  const party = await findSaleParty(tx, saleId);
  if (!party?.customerId) {
    return;
  }
  const itemIds = await findItemIdsOfTransaction(tx, saleId);
  await takeBack(tx, {
    customerId: party.customerId,
    storeId: party.storeId,
    saleId,
    unitsFor: (row) => row.units,
    readPurchases: () => findPurchasesOfTransaction(tx, saleId),
    readRedemptions: (forUpdate) => findRewardsRedeemedOnItems(tx, itemIds, { forUpdate }),
    pickRedemptions: (rewards) => rewards,
  });
}

/**
 * The customer's progress in the active programs they take part in: those of storeId when given (the till's
 * store, as on the receipt), else every program. Windows end today in that store's time zone (UTC without one).
 */
export async function findLoyaltyProgress(
  ex: Executor,
  customerId: string,
  storeId?: string,
): Promise<LoyaltyProgress[]> {
  return listLoyaltyProgress(ex, customerId, { storeIds: storeId ? [storeId] : null, storeId });
}

/** Progress in the programs that run in one of storeIds (null: any); windows end today at storeId (or UTC). */
export async function listLoyaltyProgress(
  ex: Executor,
  customerId: string,
  scope: { storeIds: string[] | null; storeId?: string },
): Promise<LoyaltyProgress[]> {
  const asOf =
    (scope.storeId ? await findStoreToday(ex, scope.storeId) : undefined) ??
    businessDateAt(new Date(), 'UTC');
  return findProgress(ex, customerId, { storeIds: scope.storeIds, asOf });
}
