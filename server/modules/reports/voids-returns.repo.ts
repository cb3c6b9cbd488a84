import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { localTimeOf, queryRangeReport, type RangeReportAnswer } from './range-report.repo';

export type VoidReturnEventRow = {
  id: string;
  kind: 'void' | 'return';
  at: string;
  local_time: string;
  business_date: string;
  store_id: string;
  store_code: string;
  store: string;
  receipt_number: string;
  original_receipt_number: string | null;
  cashier_id: string;
  cashier: string;
  approver_id: string | null;
  approver: string | null;
  amount: number;
  reason: string | null;
};

/**
 * The scope's voided sales and completed returns of the range, read through sales_transactions (store_id,
 * business_date): a sale can only be voided on its own business date, so the sale's date is the void's.
 */
export async function findVoidsAndReturns(
  ex: Executor,
  filter: { storeIds: readonly string[] | null; from: string; to: string },
): Promise<RangeReportAnswer<{ rows: VoidReturnEventRow[] }>> {
  return queryRangeReport<{ rows: VoidReturnEventRow[] }>(
    ex,
    filter.storeIds,
    sql`e as (
      select t.id, case when t.kind = 'return' then 'return' else 'void' end as kind,
        case when t.kind = 'return' then t.transaction_date else t.voided_at end as at,
        s.timezone, t.business_date, s.id as store_id, s.code as store_code, s.name as store, t.receipt_number,
        t.original_transaction_id, t.cashier_id,
        case when t.kind = 'return' then t.approved_by else t.voided_by end as approver_id,
        t.total_cents as amount,
        case when t.kind = 'return' then t.return_reason else t.void_reason end as reason
      from scope s
      join sales_transactions t on t.store_id = s.id
        and t.business_date between ${filter.from}::date and ${filter.to}::date
      where (t.kind = 'return' and t.status = 'completed') or (t.kind = 'sale' and t.status = 'voided')
    )`,
    sql`(select coalesce(json_agg(json_build_object(
          'id', e.id, 'kind', e.kind, 'at', e.at, 'local_time', ${localTimeOf(sql`e.at`, sql`e.timezone`)},
          'business_date', e.business_date, 'store_id', e.store_id, 'store_code', e.store_code,
          'store', e.store, 'receipt_number', e.receipt_number, 'original_receipt_number', o.receipt_number,
          'cashier_id', e.cashier_id, 'cashier', uc.name, 'approver_id', e.approver_id, 'approver', ua.name,
          'amount', e.amount, 'reason', e.reason)
          order by e.at, e.receipt_number), '[]')
        from e
        join users uc on uc.id = e.cashier_id
        left join users ua on ua.id = e.approver_id
        left join sales_transactions o on o.id = e.original_transaction_id) as rows`,
  );
}
