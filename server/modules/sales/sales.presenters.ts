import type { Sale, SaleLine, TenderRecord } from '../../../shared/schemas/sales';
import type { SaleLineRow, SaleRow, SaleTenderRow } from './sale-reads.repo';

/** The columns the presenters read: a checkout builds these from what it wrote, a read from the tables. */
export type SaleLineFields = Pick<
  SaleLineRow,
  | 'id'
  | 'productId'
  | 'sku'
  | 'name'
  | 'unit'
  | 'quantity'
  | 'unitPriceCents'
  | 'grossCents'
  | 'discountCents'
  | 'discountReason'
  | 'taxClass'
  | 'taxRate'
  | 'taxCents'
  | 'totalCents'
  | 'returnedQuantity'
  | 'rewardProgramId'
>;
export type SaleTenderFields = Pick<SaleTenderRow, 'method' | 'amountCents' | 'reference'>;
export type SaleFields = Pick<
  SaleRow,
  | 'id'
  | 'storeId'
  | 'registerId'
  | 'shiftId'
  | 'receiptNumber'
  | 'status'
  | 'businessDate'
  | 'transactionDate'
  | 'cashierId'
  | 'customerId'
  | 'pricesIncludeTax'
  | 'subtotalCents'
  | 'discountCents'
  | 'taxCents'
  | 'totalCents'
  | 'roundingCents'
  | 'changeDueCents'
  | 'approvedBy'
  | 'voidedAt'
  | 'voidReason'
>;

export function toSaleLine(row: SaleLineFields): SaleLine {
  return {
    id: row.id,
    productId: row.productId,
    sku: row.sku,
    name: row.name,
    unit: row.unit,
    quantity: row.quantity,
    unitPriceCents: row.unitPriceCents,
    grossCents: row.grossCents,
    discountCents: row.discountCents,
    discountReason: row.discountReason,
    taxClass: row.taxClass,
    taxRate: row.taxRate,
    taxCents: row.taxCents,
    totalCents: row.totalCents,
    returnedQuantity: row.returnedQuantity,
    rewardProgramId: row.rewardProgramId,
  };
}

export function toTender(row: SaleTenderFields): TenderRecord {
  return { method: row.method, amountCents: row.amountCents, reference: row.reference };
}

/** The API's Sale: lines in line-number order and tenders in the order given, as the caller passes them. */
export function toSale(row: SaleFields, lines: SaleLineFields[], tenders: SaleTenderFields[]): Sale {
  return {
    id: row.id,
    storeId: row.storeId,
    registerId: row.registerId,
    shiftId: row.shiftId,
    receiptNumber: row.receiptNumber,
    status: row.status,
    businessDate: row.businessDate,
    createdAt: row.transactionDate.toISOString(),
    cashierId: row.cashierId,
    customerId: row.customerId,
    pricesIncludeTax: row.pricesIncludeTax,
    lines: lines.map(toSaleLine),
    subtotalCents: row.subtotalCents,
    discountCents: row.discountCents,
    taxCents: row.taxCents,
    totalCents: row.totalCents,
    roundingCents: row.roundingCents,
    tenders: tenders.map(toTender),
    changeDueCents: row.changeDueCents,
    approvedBy: row.approvedBy,
    voidedAt: row.voidedAt?.toISOString() ?? null,
    voidReason: row.voidReason,
  };
}
