import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Executor, Tx } from '../../db/client';
import { queryRows } from '../../db/query-rows';
import { salesPayments, salesTransactionItems, salesTransactions } from '../../db/schema';

export type ReturnableItem = {
  id: string;
  productId: string;
  sku: string;
  name: string;
  unit: 'each' | 'weight';
  categoryId: string | null;
  quantity: number;
  unitPriceCents: number;
  grossCents: number;
  discountCents: number;
  taxClass: 'standard' | 'reduced' | 'exempt';
  taxRate: string;
  taxCents: number;
  totalCents: number;
  costCents: number;
  returnedQuantity: number;
};

/** A sale's lines with what is already returned; read under the sale's lock so the counts hold. */
export async function findReturnableItems(ex: Executor, saleId: string): Promise<ReturnableItem[]> {
  return ex
    .select({
      id: salesTransactionItems.id,
      productId: salesTransactionItems.productId,
      sku: salesTransactionItems.sku,
      name: salesTransactionItems.name,
      unit: salesTransactionItems.unit,
      categoryId: salesTransactionItems.categoryId,
      quantity: salesTransactionItems.quantity,
      unitPriceCents: salesTransactionItems.unitPriceCents,
      grossCents: salesTransactionItems.grossCents,
      discountCents: salesTransactionItems.discountCents,
      taxClass: salesTransactionItems.taxClass,
      taxRate: salesTransactionItems.taxRate,
      taxCents: salesTransactionItems.taxCents,
      totalCents: salesTransactionItems.totalCents,
      costCents: salesTransactionItems.costCents,
      returnedQuantity: salesTransactionItems.returnedQuantity,
    })
    .from(salesTransactionItems)
    .where(eq(salesTransactionItems.transactionId, saleId))
    .orderBy(asc(salesTransactionItems.lineNumber));
}

export async function addReturnedQuantities(
  tx: Tx,
  returned: { itemId: string; quantity: number }[],
): Promise<void> {
  for (const { itemId, quantity } of returned) {
    await tx
      .update(salesTransactionItems)
      .set({ returnedQuantity: sql`${salesTransactionItems.returnedQuantity} + ${quantity}` })
      .where(eq(salesTransactionItems.id, itemId));
  }
}

/** Card payments of a sale and what earlier returns already refunded to each card reference. */
export async function findCardRefundRoom(
  ex: Executor,
  saleId: string,
): Promise<{ reference: string; paidCents: number; refundedCents: number }[]> {
  const rows = await queryRows<{ reference: string; paid: string; refunded: string }>(
    ex,
    sql`select p.reference, sum(p.amount_cents)::text as paid,
          coalesce((select sum(r.amount_cents) from ${salesPayments} r
            join ${salesTransactions} t on t.id = r.transaction_id
            where t.original_transaction_id = ${saleId} and t.kind = 'return' and r.method = 'card'
              and r.reference = p.reference), 0)::text as refunded
        from ${salesPayments} p
        where p.transaction_id = ${saleId} and p.method = 'card' and p.reference is not null
        group by p.reference`,
  );
  return rows.map((row) => ({
    reference: row.reference,
    paidCents: Number(row.paid),
    refundedCents: Number(row.refunded),
  }));
}

export type ReturnRow = typeof salesTransactions.$inferSelect;
export type ReturnItemRow = typeof salesTransactionItems.$inferSelect;
export type ReturnPaymentRow = typeof salesPayments.$inferSelect;

/** A return with its lines and refund tenders, for answering a retried request. */
export async function findReturnRows(
  ex: Executor,
  id: string,
): Promise<{ row: ReturnRow; items: ReturnItemRow[]; payments: ReturnPaymentRow[] } | undefined> {
  const [row] = await ex
    .select()
    .from(salesTransactions)
    .where(and(eq(salesTransactions.id, id), eq(salesTransactions.kind, 'return')));
  if (!row) {
    return undefined;
  }
  const [items, payments] = await Promise.all([
    ex
      .select()
      .from(salesTransactionItems)
      .where(inArray(salesTransactionItems.transactionId, [id]))
      .orderBy(asc(salesTransactionItems.lineNumber)),
    ex
      .select()
      .from(salesPayments)
      .where(eq(salesPayments.transactionId, id))
      .orderBy(asc(salesPayments.position)),
  ]);
  return { row, items, payments };
}
