import type { ErrorDetail } from '../../../shared/errors';
import {
  type ApprovalReason,
  approvalsNeeded,
  type CatalogPrice,
  priceCart,
} from '../../../shared/pricing/cart';
import {
  lineGrossCents,
  type PricedSale,
  PricingError,
  type Settlement,
  settleTenders,
  TenderShortError,
} from '../../../shared/pricing/sale-pricing';
import {
  type CreateSaleInput,
  SOLD_AT_MAX_AGE_MS,
  SOLD_AT_MAX_AHEAD_MS,
  type Sale,
  type VoidSaleInput,
} from '../../../shared/schemas/sales';
import type { Store } from '../../../shared/schemas/stores';
import { businessDateAt } from '../../../shared/time';
import type { Tx } from '../../db/client';
import { withTransaction } from '../../db/transaction';
import { BusinessRuleError, ConflictError, NotFoundError, ValidationError } from '../../lib/errors';
import { recordAudit } from '../audit/audit.service';
import { verifyManagerApproval } from '../auth/auth.service';
import { creditStoreCredit, debitStoreCredit, requireCustomer } from '../customers/customers.service';
import { applyStockMovements, InsufficientStockError } from '../inventory/stock-ledger.service';
import { applyLoyaltyToSale, reverseLoyaltyForVoid } from '../loyalty/loyalty.service';
import { lockShiftForSale } from '../shifts/shifts.service';
import { getStore } from '../stores/stores.service';
import { assignReceiptNumber } from './receipt-numbers.service';
import type { SaleActor, SalesDeps } from './sale-actor';
import { hashIdempotentRequest } from './request-hash';
import { findSale } from './sale-reads.service';
import { toSale } from './sales.presenters';
import {
  countReturnsAgainst,
  findItemsOf,
  findPaymentsOf,
  findCheckoutContext,
  findTransactionIdentity,
  lockTransactionForUpdate,
  markTransactionVoided,
  insertPayments,
  insertTransactionIfNew,
  insertTransactionItems,
  type ProductForSale,
} from './sales.repo';

export type { SaleActor, SalesDeps };

/** Most pieces of one product on one line; weighed lines are grams and bounded by the schema. */
export const MAX_PIECES_PER_LINE = 10_000;

/** Ends a transaction whose id turned out to be taken by a concurrent request; the caller replays it. */
class DuplicateSaleId extends Error {}

/**
 * A sale sent again: the same body gets the sale as it was recorded, a different one is refused. Only staff
 * of its store ever see it (the store is in the fingerprint, but the check must not rest on that).
 */
async function replaySale(deps: SalesDeps, actor: SaleActor, id: string, requestHash: string): Promise<Sale> {
  const identity = await findTransactionIdentity(deps.db, id);
  if (!identity) {
    throw new Error(`sale ${id} vanished between its conflict and its replay`);
  }
  if (actor.visible && !actor.visible.includes(identity.storeId)) {
    throw new NotFoundError('Store');
  }
  if (identity.kind !== 'sale' || identity.requestHash !== requestHash) {
    throw new BusinessRuleError(
      'IDEMPOTENCY_MISMATCH',
      'This id was already used for a different request; a new sale needs a new id',
      [{ path: 'id', message: 'was used before with a different body' }],
    );
  }
  const sale = await findSale(deps.db, id);
  if (!sale) {
    throw new Error(`sale ${id} could not be read back`);
  }
  return sale;
}

function catalogFor(productsById: ReadonlyMap<string, ProductForSale>): Map<string, CatalogPrice> {
  return new Map(
    [...productsById].map(([id, p]) => [
      id,
      { unit: p.unit, priceCents: p.priceCents, taxClass: p.taxClass },
    ]),
  );
}

/** Unknown, inactive and oversized lines, each named by its path; nothing has been written yet. */
function checkLines(input: CreateSaleInput, productsById: ReadonlyMap<string, ProductForSale>): void {
  const unknown: ErrorDetail[] = [];
  const inactive: ErrorDetail[] = [];
  const invalid: ErrorDetail[] = [];
  input.lines.forEach((line, index) => {
    const product = productsById.get(line.productId);
    if (!product) {
      unknown.push({ path: `lines.${index}.productId`, message: 'is not a product of the catalog' });
      return;
    }
    if (!product.active) {
      inactive.push({ path: `lines.${index}.productId`, message: `${product.name} is no longer sold` });
    }
    if (product.unit === 'each' && line.quantity > MAX_PIECES_PER_LINE) {
      invalid.push({
        path: `lines.${index}.quantity`,
        message: `must be at most ${MAX_PIECES_PER_LINE} pieces`,
      });
    }
    if (line.rewardProgramId && product.unit !== 'each') {
      invalid.push({
        path: `lines.${index}.rewardProgramId`,
        message: 'a weighed product cannot be a reward',
      });
    }
  });
  input.tenders.forEach((tender, index) => {
    if (tender.method === 'store_credit' && !input.customerId) {
      invalid.push({ path: `tenders.${index}.method`, message: 'store credit needs a customer on the sale' });
    }
  });
  if (invalid.length > 0) {
    throw new ValidationError(invalid);
  }
  if (unknown.length > 0) {
    throw new BusinessRuleError('UNKNOWN_PRODUCT', 'Some lines are not products of the catalog', unknown);
  }
  if (inactive.length > 0) {
    throw new BusinessRuleError('INACTIVE_PRODUCT', 'Some products are no longer sold', inactive);
  }
}

/** When the sale happened: now, or the register's soldAt (offline sales), within its window (422 naming soldAt). */
function saleMomentOf(input: CreateSaleInput, now: Date): Date {
  if (input.soldAt === undefined) {
    return now;
  }
  const soldAt = new Date(input.soldAt);
  const problem =
    soldAt.getTime() > now.getTime() + SOLD_AT_MAX_AHEAD_MS
      ? 'must not be more than 5 minutes ahead of the server clock'
      : soldAt.getTime() < now.getTime() - SOLD_AT_MAX_AGE_MS
        ? 'must not be more than 14 days ago'
        : null;
  if (problem) {
    throw new BusinessRuleError('VALIDATION_FAILED', 'The sale time is out of range', [
      { path: 'soldAt', message: problem },
    ]);
  }
  return soldAt;
}

function priceAndSettle(
  input: CreateSaleInput,
  store: Store,
  catalog: ReadonlyMap<string, CatalogPrice>,
): { priced: PricedSale; settlement: Settlement; approvals: ApprovalReason[] } {
  try {
    const priced = priceCart(input, catalog, store);
    const settlement = settleTenders({
      totalCents: priced.totalCents,
      tenders: input.tenders,
      cashRoundingCents: store.cashRoundingCents,
    });
    return { priced, settlement, approvals: approvalsNeeded(input, priced, store) };
  } catch (error) {
    if (error instanceof TenderShortError) {
      throw new BusinessRuleError(
        'TENDER_SHORT',
        `The tenders cover ${error.tenderedCents} of ${error.dueCents}`,
        [
          {
            path: 'tenders',
            message: `${error.dueCents - error.tenderedCents} cents more are due (${error.dueCents} in all)`,
          },
        ],
      );
    }
    if (error instanceof PricingError) {
      throw new ValidationError([
        { path: error.path, message: error.message.replace(`${error.path}: `, '') },
      ]);
    }
    throw error;
  }
}

/** The shortfalls of a store that forbids negative stock, named by the lines that asked for the products. */
function shortfallDetails(
  error: InsufficientStockError,
  input: CreateSaleInput,
  productsById: ReadonlyMap<string, ProductForSale>,
): ErrorDetail[] {
  return error.shortfalls.map((shortfall) => {
    const index = input.lines.findIndex((line) => line.productId === shortfall.productId);
    const product = productsById.get(shortfall.productId);
    return {
      path: `lines.${index}.quantity`,
      message: `${product?.name ?? shortfall.productId} (${product?.sku ?? ''}, ${shortfall.productId}): ${shortfall.available} available, ${shortfall.requested} requested`,
    };
  });
}

function discountReasonOf(input: CreateSaleInput, index: number, cartShareCents: number): string | null {
  const reasons = [
    input.lines[index]?.discount?.reason,
    cartShareCents > 0 ? input.cartDiscount?.reason : undefined,
  ];
  const given = reasons.filter((reason): reason is string => Boolean(reason));
  return given.length > 0 ? given.join('; ') : null;
}

/**
 * Records a sale from the register. The server prices it from the catalog (the client's figures are never
 * read), checks the tenders and any approvals, then writes the sale, its lines and tenders, the stock
 * movements, store credit and loyalty in one transaction with the receipt number. The client's id is the
 * idempotency key: the same id and body answer the recorded sale (`created: false`), a different body 422.
 */
export async function recordSale(
  deps: SalesDeps,
  actor: SaleActor,
  input: CreateSaleInput,
): Promise<{ sale: Sale; created: boolean }> {
  const requestHash = hashIdempotentRequest(input);
  const productIds = [...new Set(input.lines.map((line) => line.productId))];
  const context = await findCheckoutContext(deps.db, input.id, productIds);
  if (context.idTaken) {
    return { sale: await replaySale(deps, actor, input.id, requestHash), created: false };
  }
  const store = await deps.storeSettings.get({ db: deps.db }, actor.visible, input.storeId);
  const productsById = new Map(context.products.map((p) => [p.id, p]));
  checkLines(input, productsById);
  const { priced, settlement, approvals } = priceAndSettle(input, store, catalogFor(productsById));

  const hasRewardLines = input.lines.some((line) => line.rewardProgramId);
  const approver = input.approval
    ? await verifyManagerApproval(deps, input.approval, store.id, actor.origin)
    : actor.role === 'cashier'
      ? null
      : { id: actor.userId };
  const approvalUsed = approvals.length > 0 || hasRewardLines;
  if (approvals.length > 0 && !approver) {
    throw new BusinessRuleError(
      'APPROVAL_REQUIRED',
      'A manager must approve this sale',
      approvals.map((approval) => ({
        path: approval.path,
        message:
          approval.reason === 'price_override'
            ? 'a price override needs a manager'
            : 'this discount is above the cashier limit',
      })),
    );
  }
  const soldAt = saleMomentOf(input, new Date());
  const businessDate = businessDateAt(soldAt, store.timezone);
  try {
    const sale = await withTransaction(deps.db, async (tx) => {
      const receiptNumber = await assignReceiptNumber(
        tx,
        { storeId: store.id, registerId: input.registerId, transactionId: input.id },
        input.receiptNumber,
      );
      if (receiptNumber === null) {
        throw new DuplicateSaleId();
      }
      const saleRow = {
        id: input.id,
        kind: 'sale' as const,
        status: 'completed' as const,
        storeId: store.id,
        registerId: input.registerId,
        shiftId: input.shiftId ?? null,
        cashierId: actor.userId,
        customerId: input.customerId ?? null,
        receiptNumber,
        businessDate,
        transactionDate: soldAt,
        pricesIncludeTax: store.pricesIncludeTax,
        subtotalCents: priced.subtotalCents,
        discountCents: priced.discountCents,
        taxCents: priced.taxCents,
        totalCents: priced.totalCents,
        roundingCents: settlement.roundingCents,
        changeDueCents: settlement.changeDueCents,
        requestHash,
        approvedBy: approvalUsed ? (approver?.id ?? null) : null,
        voidedAt: null,
        voidReason: null,
      };
      if (!(await insertTransactionIfNew(tx, saleRow))) {
        throw new DuplicateSaleId();
      }
      const shift = await lockShiftForSale(tx, {
        storeId: store.id,
        registerId: input.registerId,
        shiftId: input.shiftId,
      });
      const cashIndex = input.tenders.findIndex((tender) => tender.method === 'cash');
      if (cashIndex >= 0 && !shift) {
        throw new ConflictError('Cash needs an open shift on this register', 'SHIFT_CLOSED', [
          { path: 'shiftId', message: 'open a shift on this register before taking cash' },
        ]);
      }
      if (input.customerId) {
        await requireCustomer(tx, input.customerId);
      }
      const lineRows = input.lines.map((line, index) => {
        const product = productsById.get(line.productId)!;
        const pricedLine = priced.lines[index]!;
        return {
          transactionId: input.id,
          lineNumber: index + 1,
          productId: product.id,
          sku: product.sku,
          name: product.name,
          unit: product.unit,
          quantity: line.quantity,
          unitPriceCents: line.unitPriceOverrideCents ?? product.priceCents,
          grossCents: pricedLine.grossCents,
          discountCents: pricedLine.discountCents,
          discountReason: line.rewardProgramId
            ? 'frequent-buyer reward'
            : discountReasonOf(input, index, pricedLine.cartDiscountCents),
          overrideReason: line.overrideReason ?? null,
          taxClass: product.taxClass,
          taxRate: store.taxRates[product.taxClass],
          taxCents: pricedLine.taxCents,
          totalCents: pricedLine.totalCents,
          // For margin reports: the cost worked out as the price is (per kg × grams, half-up).
          costCents: lineGrossCents({
            unit: product.unit,
            unitPriceCents: product.costCents,
            quantity: line.quantity,
          }),
          rewardProgramId: line.rewardProgramId ?? null,
          restock: null,
          originalItemId: null,
          categoryId: product.categoryId,
        };
      });
      const itemIds = await insertTransactionItems(tx, lineRows);
      const payments = input.tenders.map((tender, position) => ({
        transactionId: input.id,
        position,
        method: tender.method,
        amountCents: tender.amountCents,
        reference: tender.reference ?? null,
      }));
      await insertPayments(tx, payments);
      try {
        await applyStockMovements(
          tx,
          input.lines.map((line) => ({
            storeId: store.id,
            productId: line.productId,
            delta: -line.quantity,
            reason: 'sale' as const,
            refType: 'sale' as const,
            refId: input.id,
            userId: actor.userId,
          })),
          { allowNegative: store.allowNegativeStock },
        );
      } catch (error) {
        if (error instanceof InsufficientStockError) {
          throw new ConflictError(
            'Not enough stock',
            'INSUFFICIENT_STOCK',
            shortfallDetails(error, input, productsById),
          );
        }
        throw error;
      }
      for (const [index, tender] of input.tenders.entries()) {
        if (tender.method === 'store_credit') {
          await debitStoreCredit(tx, {
            customerId: input.customerId!,
            amountCents: tender.amountCents,
            path: `tenders.${index}.amountCents`,
          });
        }
      }
      await applyLoyaltyToSale(tx, {
        id: input.id,
        storeId: store.id,
        customerId: input.customerId ?? null,
        businessDate,
        approverId: approver?.id ?? null,
        lines: lineRows.map((row, index) => {
          const product = productsById.get(row.productId)!;
          return {
            itemId: itemIds[index]!,
            lineIndex: index,
            productId: row.productId,
            brand: product.brand,
            categoryId: product.categoryId,
            unit: product.unit,
            quantity: row.quantity,
            unitPriceCents: row.unitPriceCents,
            netCents: row.grossCents - row.discountCents,
            rewardProgramId: row.rewardProgramId,
          };
        }),
      });
      if (approver && approvalUsed) {
        await recordApproval(tx, {
          actor,
          approverId: approver.id,
          storeId: store.id,
          saleId: input.id,
          approvals,
          input,
        });
      }
      // Answered from what was written, through the presenter replays read back with: the same sale.
      return toSale(
        saleRow,
        lineRows.map((row, index) => ({ ...row, id: itemIds[index]!, returnedQuantity: 0 })),
        payments,
      );
    });
    return { sale, created: true };
  } catch (error) {
    if (error instanceof DuplicateSaleId) {
      return { sale: await replaySale(deps, actor, input.id, requestHash), created: false };
    }
    throw error;
  }
}

async function recordApproval(
  tx: Tx,
  context: {
    actor: SaleActor;
    approverId: string;
    storeId: string;
    saleId: string;
    approvals: ApprovalReason[];
    input: CreateSaleInput;
  },
): Promise<void> {
  const rewards = context.input.lines.flatMap((line, index) =>
    line.rewardProgramId ? [{ path: `lines.${index}.rewardProgramId`, reason: 'reward' }] : [],
  );
  await recordAudit(tx, {
    action: 'sale.approved',
    actorUserId: context.actor.userId,
    approverUserId: context.approverId,
    storeId: context.storeId,
    entityType: 'sale',
    entityId: context.saleId,
    details: {
      approved: [...context.approvals, ...rewards],
      overrides: context.input.lines.flatMap((line, index) =>
        line.unitPriceOverrideCents !== undefined
          ? [
              {
                line: index,
                unitPriceOverrideCents: line.unitPriceOverrideCents,
                reason: line.overrideReason,
              },
            ]
          : [],
      ),
    },
    origin: context.actor.origin,
  });
}

/**
 * Voids a completed sale of today (the store's business date) that nothing was returned against: stock goes
 * back through the ledger, store credit back to the customer, loyalty is undone, and the sale then counts
 * nowhere. Managers void; a cashier needs a manager's approval. A sale whose shift is closed was already
 * counted into the drawer, so it is returned instead. Voiding twice → 409 ALREADY_VOIDED. The body is
 * parsed only once the sale is known to be the caller's.
 */
export async function voidSale(
  deps: SalesDeps,
  actor: SaleActor,
  saleId: string,
  parseInput: () => VoidSaleInput,
): Promise<Sale> {
  const identity = await findTransactionIdentity(deps.db, saleId);
  if (identity?.kind !== 'sale' || (actor.visible && !actor.visible.includes(identity.storeId))) {
    throw new NotFoundError('Sale');
  }
  // Another store's sale is 404 before anything about the body is said.
  const input = parseInput();
  const store = await getStore({ db: deps.db }, actor.visible, identity.storeId);
  let approverId: string | null = null;
  if (actor.role === 'cashier') {
    if (!input.approval) {
      throw new BusinessRuleError('APPROVAL_REQUIRED', 'A manager must approve a void', [
        { path: 'approval', message: 'a void needs a manager' },
      ]);
    }
    approverId = (await verifyManagerApproval(deps, input.approval, store.id, actor.origin)).id;
  }
  const now = new Date();
  await withTransaction(deps.db, async (tx) => {
    const sale = await lockTransactionForUpdate(tx, saleId);
    if (!sale) {
      throw new NotFoundError('Sale');
    }
    if (sale.status === 'voided') {
      throw new ConflictError('This sale is already voided', 'ALREADY_VOIDED');
    }
    if (sale.businessDate !== businessDateAt(now, store.timezone)) {
      throw new ConflictError('Only sales of today can be voided; return the items instead', 'CONFLICT', [
        { path: 'id', message: `was sold on ${sale.businessDate}` },
      ]);
    }
    if ((await countReturnsAgainst(tx, saleId)) > 0) {
      throw new ConflictError('Items of this sale were returned; it can no longer be voided', 'CONFLICT', [
        { path: 'id', message: 'has returns' },
      ]);
    }
    if (sale.shiftId) {
      await lockShiftForSale(tx, {
        storeId: sale.storeId,
        registerId: sale.registerId,
        shiftId: sale.shiftId,
      });
    }
    const items = await findItemsOf(tx, saleId);
    await applyStockMovements(
      tx,
      items.map((item) => ({
        storeId: sale.storeId,
        productId: item.productId,
        delta: item.quantity,
        reason: 'void' as const,
        refType: 'sale' as const,
        refId: saleId,
        userId: actor.userId,
      })),
      { allowNegative: true },
    );
    for (const payment of await findPaymentsOf(tx, saleId)) {
      if (payment.method === 'store_credit' && sale.customerId) {
        await creditStoreCredit(tx, { customerId: sale.customerId, amountCents: payment.amountCents });
      }
    }
    await reverseLoyaltyForVoid(tx, saleId);
    await markTransactionVoided(tx, saleId, {
      by: approverId ?? actor.userId,
      reason: input.reason,
      at: now,
    });
    await recordAudit(tx, {
      action: 'sale.voided',
      actorUserId: actor.userId,
      approverUserId: approverId,
      storeId: sale.storeId,
      entityType: 'sale',
      entityId: saleId,
      details: { reason: input.reason },
      origin: actor.origin,
    });
  });
  const voided = await findSale(deps.db, saleId);
  if (!voided) {
    throw new Error(`sale ${saleId} could not be read back`);
  }
  return voided;
}
