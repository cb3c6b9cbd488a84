import type { ErrorDetail } from '../../../shared/errors';
import { priceCart } from '../../../shared/pricing/cart';
import { type LineRefund, refundForLine } from '../../../shared/pricing/refunds';
import { lineGrossCents } from '../../../shared/pricing/sale-pricing';
import { roundToMultiple } from '../../../shared/pricing/rounding';
import type { CreateReturnInput, Return } from '../../../shared/schemas/sales';
import type { Store } from '../../../shared/schemas/stores';
import { businessDateAt } from '../../../shared/time';
import type { Tx } from '../../db/client';
import { withTransaction } from '../../db/transaction';
import { BusinessRuleError, ConflictError, NotFoundError, ValidationError } from '../../lib/errors';
import { recordAudit } from '../audit/audit.service';
import { verifyManagerApproval } from '../auth/auth.service';
import { creditStoreCredit, requireCustomer } from '../customers/customers.service';
import { applyStockMovements, type StockMovementInput } from '../inventory/stock-ledger.service';
import { reverseLoyaltyForReturn } from '../loyalty/loyalty.service';
import { lockShiftForSale } from '../shifts/shifts.service';
import { assignReceiptNumber } from './receipt-numbers.service';
import { hashIdempotentRequest } from './request-hash';
import {
  addReturnedQuantities,
  findCardRefundRoom,
  findReturnableItems,
  findReturnRows,
  type ReturnItemRow,
  type ReturnPaymentRow,
  type ReturnRow,
} from './returns.repo';
import {
  findProductsForSale,
  findTransactionIdentity,
  insertPayments,
  insertTransactionIfNew,
  insertTransactionItems,
  lockTransactionForUpdate,
  type NewTransactionItem,
} from './sales.repo';
import type { SaleActor, SalesDeps } from './sale-actor';

/** One line coming back, priced: what the customer gets for it and where the item goes. */
type PricedReturnLine = {
  originalItemId: string | null;
  productId: string;
  sku: string;
  name: string;
  unit: 'each' | 'weight';
  categoryId: string | null;
  quantity: number;
  restock: boolean;
  unitPriceCents: number;
  taxClass: 'standard' | 'reduced' | 'exempt';
  taxRate: string;
  refund: LineRefund;
};

class DuplicateReturnId extends Error {}

function presentReturn(row: ReturnRow, items: ReturnItemRow[], payments: ReturnPaymentRow[]): Return {
  return {
    id: row.id,
    storeId: row.storeId,
    registerId: row.registerId,
    shiftId: row.shiftId,
    receiptNumber: row.receiptNumber,
    originalSaleId: row.originalTransactionId,
    businessDate: row.businessDate,
    createdAt: row.transactionDate.toISOString(),
    cashierId: row.cashierId,
    customerId: row.customerId,
    reason: row.returnReason ?? '',
    lines: items.map((item) => ({
      id: item.id,
      originalLineId: item.originalItemId,
      productId: item.productId,
      sku: item.sku,
      name: item.name,
      quantity: item.quantity,
      restock: item.restock ?? true,
      unitPriceCents: item.unitPriceCents,
      netCents: item.grossCents - item.discountCents,
      taxCents: item.taxCents,
      refundCents: item.totalCents,
    })),
    taxCents: row.taxCents,
    refundTotalCents: row.totalCents,
    roundingCents: row.roundingCents,
    refundTenders: payments.map((p) => ({
      method: p.method,
      amountCents: p.amountCents,
      reference: p.reference,
    })),
    approvedBy: row.approvedBy,
  };
}

async function findReturn(deps: SalesDeps, id: string): Promise<Return> {
  const found = await findReturnRows(deps.db, id);
  if (!found) {
    throw new Error(`return ${id} could not be read back`);
  }
  return presentReturn(found.row, found.items, found.payments);
}

async function replayReturn(
  deps: SalesDeps,
  actor: SaleActor,
  id: string,
  requestHash: string,
): Promise<Return> {
  const identity = await findTransactionIdentity(deps.db, id);
  if (identity && actor.visible && !actor.visible.includes(identity.storeId)) {
    throw new NotFoundError('Store');
  }
  if (identity?.kind !== 'return' || identity.requestHash !== requestHash) {
    throw new BusinessRuleError(
      'IDEMPOTENCY_MISMATCH',
      'This id was already used for a different request; a new return needs a new id',
      [{ path: 'id', message: 'was used before with a different body' }],
    );
  }
  return findReturn(deps, id);
}

/** Which kind of line each return needs: receipt lines name the sale line, no-receipt lines the product. */
function checkLineKinds(input: CreateReturnInput): void {
  const details: ErrorDetail[] = [];
  input.lines.forEach((line, index) => {
    if (input.originalSaleId && !line.originalLineId) {
      details.push({
        path: `lines.${index}.originalLineId`,
        message: 'is needed when returning against a sale',
      });
    }
    if (!input.originalSaleId && !line.productId) {
      details.push({ path: `lines.${index}.productId`, message: 'is needed for a return without a receipt' });
    }
  });
  if (!input.originalSaleId) {
    input.refundTenders.forEach((tender, index) => {
      if (tender.method !== 'store_credit') {
        details.push({
          path: `refundTenders.${index}.method`,
          message: 'without a receipt the refund is store credit',
        });
      }
    });
    if (!input.customerId) {
      details.push({ path: 'customerId', message: 'store credit without a receipt needs a customer' });
    }
  }
  if (details.length > 0) {
    throw new ValidationError(details);
  }
}

/** Lines against the original sale, priced at what was paid; more than is left to return → 409. */
async function priceReceiptLines(
  tx: Tx,
  input: CreateReturnInput,
  pricesIncludeTax: boolean,
  saleId: string,
): Promise<PricedReturnLine[]> {
  const items = new Map((await findReturnableItems(tx, saleId)).map((item) => [item.id, item]));
  const returning = new Map<string, number>();
  const unknown: ErrorDetail[] = [];
  const exceeded: ErrorDetail[] = [];
  const priced: PricedReturnLine[] = [];
  input.lines.forEach((line, index) => {
    const item = items.get(line.originalLineId!);
    if (!item) {
      unknown.push({ path: `lines.${index}.originalLineId`, message: 'is not a line of this sale' });
      return;
    }
    const before = item.returnedQuantity + (returning.get(item.id) ?? 0);
    if (before + line.quantity > item.quantity) {
      exceeded.push({
        path: `lines.${index}.quantity`,
        message: `only ${Math.max(item.quantity - before, 0)} of ${item.quantity} can still be returned`,
      });
      return;
    }
    returning.set(item.id, (returning.get(item.id) ?? 0) + line.quantity);
    priced.push({
      originalItemId: item.id,
      productId: item.productId,
      sku: item.sku,
      name: item.name,
      unit: item.unit,
      categoryId: item.categoryId,
      quantity: line.quantity,
      restock: line.restock,
      unitPriceCents: item.unitPriceCents,
      taxClass: item.taxClass,
      taxRate: item.taxRate,
      refund: refundForLine(item, before, line.quantity, pricesIncludeTax),
    });
  });
  if (unknown.length > 0) {
    throw new ValidationError(unknown);
  }
  if (exceeded.length > 0) {
    throw new ConflictError('That is more than is left to return', 'RETURN_EXCEEDS_SOLD', exceeded);
  }
  return priced;
}

/** Lines without a receipt, priced at today's catalog price with the store's tax (no discounts). */
async function priceNoReceiptLines(
  tx: Tx,
  input: CreateReturnInput,
  store: Store,
): Promise<PricedReturnLine[]> {
  const ids = [...new Set(input.lines.map((line) => line.productId!))];
  const productsById = new Map((await findProductsForSale(tx, ids)).map((p) => [p.id, p]));
  const unknown = input.lines.flatMap((line, index) =>
    productsById.has(line.productId!)
      ? []
      : [{ path: `lines.${index}.productId`, message: 'is not a product of the catalog' }],
  );
  if (unknown.length > 0) {
    throw new BusinessRuleError('UNKNOWN_PRODUCT', 'Some lines are not products of the catalog', unknown);
  }
  const catalog = new Map(
    [...productsById].map(([id, p]) => [
      id,
      { unit: p.unit, priceCents: p.priceCents, taxClass: p.taxClass },
    ]),
  );
  const priced = priceCart(
    { lines: input.lines.map((line) => ({ productId: line.productId!, quantity: line.quantity })) },
    catalog,
    store,
  );
  return input.lines.map((line, index) => {
    const product = productsById.get(line.productId!)!;
    const pricedLine = priced.lines[index]!;
    return {
      originalItemId: null,
      productId: product.id,
      sku: product.sku,
      name: product.name,
      unit: product.unit,
      categoryId: product.categoryId,
      quantity: line.quantity,
      restock: line.restock,
      unitPriceCents: product.priceCents,
      taxClass: product.taxClass,
      taxRate: store.taxRates[product.taxClass],
      refund: {
        grossCents: pricedLine.grossCents,
        discountCents: 0,
        netCents: pricedLine.netCents,
        taxCents: pricedLine.taxCents,
        refundCents: pricedLine.totalCents,
        costCents: lineGrossCents({
          unit: product.unit,
          unitPriceCents: product.costCents,
          quantity: line.quantity,
        }),
      },
    };
  });
}

/** The refund tenders must pay out exactly what is refunded (a wholly-cash refund rounded like a cash sale). */
function settleRefund(
  input: CreateReturnInput,
  refundCents: number,
  store: Store,
): { roundingCents: number } {
  const allCash = input.refundTenders.every((tender) => tender.method === 'cash');
  const dueCents =
    allCash && store.cashRoundingCents > 1
      ? roundToMultiple(refundCents, store.cashRoundingCents)
      : refundCents;
  const paid = input.refundTenders.reduce((total, tender) => total + tender.amountCents, 0);
  if (paid < dueCents) {
    throw new BusinessRuleError('TENDER_SHORT', `The refund tenders cover ${paid} of ${dueCents}`, [
      { path: 'refundTenders', message: `${dueCents - paid} cents more are refunded (${dueCents} in all)` },
    ]);
  }
  if (paid > dueCents) {
    throw new ValidationError([
      { path: 'refundTenders', message: `add up to ${paid}, more than the ${dueCents} cents refunded` },
    ]);
  }
  return { roundingCents: dueCents - refundCents };
}

/** A card refund goes back to a card of the original sale, and never more than was paid with it. */
async function cardReferences(tx: Tx, input: CreateReturnInput): Promise<(string | null)[]> {
  const cardTenders = input.refundTenders.filter((tender) => tender.method === 'card');
  if (cardTenders.length === 0) {
    return input.refundTenders.map((tender) => tender.reference ?? null);
  }
  const room = input.originalSaleId ? await findCardRefundRoom(tx, input.originalSaleId) : [];
  const left = new Map(room.map((card) => [card.reference, card.paidCents - card.refundedCents]));
  const details: ErrorDetail[] = [];
  const references = input.refundTenders.map((tender, index) => {
    if (tender.method !== 'card') {
      return tender.reference ?? null;
    }
    const reference = tender.reference ?? (room.length === 1 ? room[0]!.reference : undefined);
    if (reference === undefined || !left.has(reference)) {
      details.push({
        path: `refundTenders.${index}.reference`,
        message:
          room.length === 0
            ? 'the sale was not paid by card'
            : 'must be the reference of a card the sale was paid with',
      });
      return null;
    }
    const remaining = left.get(reference)!;
    if (tender.amountCents > remaining) {
      details.push({
        path: `refundTenders.${index}.amountCents`,
        message: `only ${remaining} cents paid with that card are left to refund`,
      });
    }
    left.set(reference, remaining - tender.amountCents);
    return reference;
  });
  if (details.length > 0) {
    throw new ValidationError(details);
  }
  return references;
}

function stockMovementsFor(
  storeId: string,
  returnId: string,
  userId: string,
  lines: PricedReturnLine[],
): StockMovementInput[] {
  return lines.flatMap((line) => {
    const base = { storeId, productId: line.productId, refType: 'return' as const, refId: returnId, userId };
    const back: StockMovementInput = { ...base, delta: line.quantity, reason: 'return' };
    // An item not fit to sell comes back into the ledger and goes straight out as damaged, so shrink shows it.
    return line.restock ? [back] : [back, { ...base, delta: -line.quantity, reason: 'damaged' }];
  });
}

/**
 * Records a return. With a receipt each line is refunded at what was paid for it (its net and tax, pro rata),
 * never more than is left unreturned; without one only with a manager's approval, at today's price, as store
 * credit. Restocked items go back on hand; the rest are written off as damaged. Refunds go to cash (open
 * shift), a card of the original sale, or store credit. One transaction; the id is the idempotency key.
 */
export async function recordReturn(
  deps: SalesDeps,
  actor: SaleActor,
  input: CreateReturnInput,
): Promise<{ ret: Return; created: boolean }> {
  const requestHash = hashIdempotentRequest(input);
  if (await findTransactionIdentity(deps.db, input.id)) {
    return { ret: await replayReturn(deps, actor, input.id, requestHash), created: false };
  }
  const store = await deps.storeSettings.get({ db: deps.db }, actor.visible, input.storeId);
  checkLineKinds(input);
  const needsApproval = !input.originalSaleId && actor.role === 'cashier';
  if (needsApproval && !input.approval) {
    throw new BusinessRuleError('APPROVAL_REQUIRED', 'A manager must approve a return without a receipt', [
      { path: 'approval', message: 'a return without a receipt needs a manager' },
    ]);
  }
  // A manager taking a return without a receipt approves it themselves.
  const approver = input.approval
    ? await verifyManagerApproval(deps, input.approval, store.id, actor.origin)
    : !input.originalSaleId && actor.role !== 'cashier'
      ? { id: actor.userId }
      : null;
  const now = new Date();
  try {
    const id = await withTransaction(deps.db, async (tx) => {
      let lines: PricedReturnLine[];
      let customerId = input.customerId ?? null;
      if (input.originalSaleId) {
        const sale = await lockTransactionForUpdate(tx, input.originalSaleId);
        if (sale?.kind !== 'sale' || sale.storeId !== store.id) {
          throw new NotFoundError('Sale');
        }
        if (sale.status === 'voided') {
          throw new ConflictError('That sale was voided; there is nothing to return', 'ALREADY_VOIDED');
        }
        // A concurrent copy of this request may have committed while we waited for the sale's lock.
        if (await findTransactionIdentity(tx, input.id)) {
          throw new DuplicateReturnId();
        }
        lines = await priceReceiptLines(tx, input, sale.pricesIncludeTax, sale.id);
        customerId ??= sale.customerId;
      } else {
        lines = await priceNoReceiptLines(tx, input, store);
      }
      const sum = (pick: (line: PricedReturnLine) => number) =>
        lines.reduce((total, line) => total + pick(line), 0);
      const refundCents = sum((line) => line.refund.refundCents);
      const { roundingCents } = settleRefund(input, refundCents, store);
      const references = await cardReferences(tx, input);

      const receiptNumber = await assignReceiptNumber(
        tx,
        { storeId: store.id, registerId: input.registerId, transactionId: input.id },
        input.receiptNumber,
      );
      if (receiptNumber === null) {
        throw new DuplicateReturnId();
      }
      const inserted = await insertTransactionIfNew(tx, {
        id: input.id,
        kind: 'return',
        storeId: store.id,
        registerId: input.registerId,
        shiftId: input.shiftId ?? null,
        cashierId: actor.userId,
        customerId,
        originalTransactionId: input.originalSaleId,
        receiptNumber,
        businessDate: businessDateAt(now, store.timezone),
        transactionDate: now,
        pricesIncludeTax: store.pricesIncludeTax,
        subtotalCents: sum((line) => line.refund.grossCents),
        discountCents: sum((line) => line.refund.discountCents),
        taxCents: sum((line) => line.refund.taxCents),
        totalCents: refundCents,
        roundingCents,
        changeDueCents: 0,
        requestHash,
        approvedBy: approver?.id ?? null,
        returnReason: input.reason,
      });
      if (!inserted) {
        throw new DuplicateReturnId();
      }
      const shift = await lockShiftForSale(tx, {
        storeId: store.id,
        registerId: input.registerId,
        shiftId: input.shiftId,
      });
      const cashIndex = input.refundTenders.findIndex((tender) => tender.method === 'cash');
      if (cashIndex >= 0 && !shift) {
        throw new ConflictError('A cash refund needs an open shift on this register', 'SHIFT_CLOSED', [
          { path: 'shiftId', message: 'open a shift on this register before paying out cash' },
        ]);
      }
      if (customerId) {
        await requireCustomer(tx, customerId);
      }
      const itemRows: NewTransactionItem[] = lines.map((line, index) => ({
        transactionId: input.id,
        lineNumber: index + 1,
        productId: line.productId,
        sku: line.sku,
        name: line.name,
        unit: line.unit,
        quantity: line.quantity,
        unitPriceCents: line.unitPriceCents,
        grossCents: line.refund.grossCents,
        discountCents: line.refund.discountCents,
        taxClass: line.taxClass,
        taxRate: line.taxRate,
        taxCents: line.refund.taxCents,
        totalCents: line.refund.refundCents,
        costCents: line.refund.costCents,
        discountReason: null,
        overrideReason: null,
        rewardProgramId: null,
        restock: line.restock,
        originalItemId: line.originalItemId,
        categoryId: line.categoryId,
      }));
      await insertTransactionItems(tx, itemRows);
      await insertPayments(
        tx,
        input.refundTenders.map((tender, position) => ({
          transactionId: input.id,
          position,
          method: tender.method,
          amountCents: tender.amountCents,
          reference: references[position] ?? null,
        })),
      );
      const receipted = lines.filter((line) => line.originalItemId);
      await addReturnedQuantities(
        tx,
        receipted.map((line) => ({ itemId: line.originalItemId!, quantity: line.quantity })),
      );
      await applyStockMovements(tx, stockMovementsFor(store.id, input.id, actor.userId, lines), {
        allowNegative: true,
      });
      for (const [index, tender] of input.refundTenders.entries()) {
        if (tender.method === 'store_credit') {
          if (!customerId) {
            throw new ValidationError([
              { path: `refundTenders.${index}.method`, message: 'store credit needs a customer' },
            ]);
          }
          await creditStoreCredit(tx, { customerId, amountCents: tender.amountCents });
        }
      }
      if (input.originalSaleId && receipted.length > 0) {
        await reverseLoyaltyForReturn(tx, {
          originalSaleId: input.originalSaleId,
          lines: receipted.map((line) => ({ originalItemId: line.originalItemId!, quantity: line.quantity })),
        });
      }
      await recordAudit(tx, {
        action: input.originalSaleId ? 'return.recorded' : 'return.no_receipt',
        actorUserId: actor.userId,
        approverUserId: approver?.id ?? null,
        storeId: store.id,
        entityType: 'return',
        entityId: input.id,
        details: {
          originalSaleId: input.originalSaleId,
          refundCents,
          tenders: input.refundTenders.map((tender) => tender.method),
          reason: input.reason,
        },
        origin: actor.origin,
      });
      return input.id;
    });
    return { ret: await findReturn(deps, id), created: true };
  } catch (error) {
    if (error instanceof DuplicateReturnId) {
      return { ret: await replayReturn(deps, actor, input.id, requestHash), created: false };
    }
    throw error;
  }
}

/** A return as recorded; other stores' returns do not exist for the caller. */
export async function getReturn(deps: SalesDeps, visible: string[] | null, id: string): Promise<Return> {
  const found = await findReturnRows(deps.db, id);
  if (!found || (visible && !visible.includes(found.row.storeId))) {
    throw new NotFoundError('Return');
  }
  return presentReturn(found.row, found.items, found.payments);
}
