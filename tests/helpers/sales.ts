import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Db } from '../../server/db/client';
import { queryRows } from '../../server/db/query-rows';
import { shifts } from '../../server/db/schema';

/** An open shift on a register, written straight to the table (shift routes have their own tests). */
export async function openShiftRow(
  db: Db,
  options: { storeId: string; registerId: string; openedBy: string; openingFloatCents?: number },
): Promise<string> {
  const [row] = await db
    .insert(shifts)
    .values({
      storeId: options.storeId,
      registerId: options.registerId,
      openedBy: options.openedBy,
      openingFloatCents: options.openingFloatCents ?? 10_000,
      businessDate: new Date().toISOString().slice(0, 10),
    })
    .returning({ id: shifts.id });
  return row!.id;
}

/** A sale body as the register sends it; override any part. */
export function saleBody(
  base: { storeId: string; registerId?: string; shiftId?: string | null },
  parts: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    id: randomUUID(),
    storeId: base.storeId,
    registerId: base.registerId ?? 'till-1',
    shiftId: base.shiftId ?? null,
    ...parts,
  };
}

/**
 * Everything a rejected request must leave as it was: row counts of the sales tables, the ledger, the stock
 * and lot totals, receipt sequences, store credit, loyalty and the audit log.
 */
export async function worldSnapshot(db: Db): Promise<Record<string, unknown>> {
  const [row] = await queryRows<Record<string, unknown>>(
    db,
    sql`select
      (select count(*)::int from sales_transactions) as transactions,
      (select count(*)::int from sales_transaction_items) as items,
      (select count(*)::int from sales_payments) as payments,
      (select count(*)::int from stock_movements) as movements,
      (select coalesce(sum(on_hand), 0)::bigint::text from inventory) as on_hand,
      (select coalesce(sum(next_number), 0)::bigint::text from register_sequences) as sequences,
      (select coalesce(sum(store_credit_cents), 0)::bigint::text from customers) as store_credit,
      (select count(*)::int from loyalty_purchases) as loyalty_purchases,
      (select count(*)::int from loyalty_rewards) as loyalty_rewards,
      (select count(*)::int from audit_log where action like 'sale.%' or action like 'return.%') as audit`,
  );
  return row!;
}
