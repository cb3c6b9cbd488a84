import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { localTimeOf, queryRangeReport, type RangeReportAnswer } from './range-report.repo';

export type DiscountKindRow = { kind: string; lines: number; sales: number; amount: number };

export type ApprovalRow = {
  id: string;
  kind: 'sale' | 'void' | 'return';
  reasons: string[] | null;
  at: string;
  local_time: string;
  business_date: string;
  store_id: string;
  store_code: string;
  receipt_number: string;
  cashier_id: string;
  cashier: string;
  approver_id: string;
  approver: string;
  amount: number;
  discount: number;
};

export type DiscountSections = {
  rows: DiscountKindRow[];
  /** Completed sales with a line of any kind, each once. */
  sales: number;
  approvals: ApprovalRow[];
};

/**
 * Sale lines of the range by discount kind — exclusive, in this order: a reward line (reward_program_id), a
 * price override (override_reason, required with every override), any other line with a discount — and the
 * range's approvals: sales and returns with approved_by (a sale's reasons from its sale.approved audit
 * row, found through audit_log (store_id, occurred_at) within the hour of the sale's insert, as both are
 * written in one transaction), and voids (voided_by: the manager who voided or approved it). All read
 * through sales_transactions (store_id, business_date); a void happens on its sale's business date.
 */
export async function findDiscounts(
  ex: Executor,
  filter: { storeIds: readonly string[] | null; from: string; to: string },
): Promise<RangeReportAnswer<DiscountSections>> {
  return queryRangeReport<DiscountSections>(
    ex,
    filter.storeIds,
    sql`tx as materialized (
      select t.id, t.kind, t.status, t.store_id, t.cashier_id, t.original_transaction_id, t.receipt_number,
        t.business_date, t.transaction_date, t.created_at, t.total_cents, t.discount_cents, t.approved_by,
        t.voided_at, t.voided_by, s.code as store_code, s.timezone
      from scope s
      join sales_transactions t on t.store_id = s.id
        and t.business_date between ${filter.from}::date and ${filter.to}::date
    ),
    lines as materialized (
      select d.id, i.discount_cents,
        case when i.reward_program_id is not null then 'reward'
          when i.override_reason is not null then 'price_override'
          when i.discount_cents > 0 then 'discount' end as kind
      from tx d join sales_transaction_items i on i.transaction_id = d.id
      where d.kind = 'sale' and d.status = 'completed'
    ),
    approvals as (
      select d.id, case when d.kind = 'sale' then 'sale' else 'return' end as kind,
        case when d.kind = 'return' then
            array[case when d.original_transaction_id is null then 'no_receipt_return' else 'return' end]
          else (select array_agg(distinct r.value ->> 'reason')
            from audit_log a
            cross join lateral jsonb_array_elements(coalesce(a.details -> 'approved', '[]'::jsonb)) r
            where a.store_id = d.store_id and a.action = 'sale.approved'
              and a.occurred_at between d.created_at - interval '1 hour' and d.created_at + interval '1 hour'
              and a.entity_id = d.id::text) end as reasons,
        d.transaction_date as at, d.timezone, d.business_date, d.store_id, d.store_code, d.receipt_number,
        d.cashier_id, d.approved_by as approver_id, d.total_cents as amount,
        case when d.kind = 'sale' then d.discount_cents else 0 end as discount
      from tx d where d.approved_by is not null
      union all
      select d.id, 'void', array['void'], d.voided_at, d.timezone, d.business_date, d.store_id, d.store_code,
        d.receipt_number, d.cashier_id, d.voided_by, d.total_cents, d.discount_cents
      from tx d where d.status = 'voided'
    )`,
    sql`(select coalesce(json_agg(json_build_object(
          'kind', k.kind, 'lines', k.lines, 'sales', k.sales, 'amount', k.amount)
          order by array_position(array['discount', 'reward', 'price_override'], k.kind)), '[]')
        from (select l.kind, count(*) as lines, count(distinct l.id) as sales, sum(l.discount_cents) as amount
              from lines l where l.kind is not null group by l.kind) k) as rows,
      (select count(distinct l.id)::int from lines l where l.kind is not null) as sales,
      (select coalesce(json_agg(json_build_object(
          'id', a.id, 'kind', a.kind, 'reasons', a.reasons, 'at', a.at,
          'local_time', ${localTimeOf(sql`a.at`, sql`a.timezone`)},
          'business_date', a.business_date, 'store_id', a.store_id, 'store_code', a.store_code,
          'receipt_number', a.receipt_number, 'cashier_id', a.cashier_id, 'cashier', uc.name,
          'approver_id', a.approver_id, 'approver', ua.name, 'amount', a.amount, 'discount', a.discount)
          order by a.at, a.receipt_number, a.kind), '[]')
        from approvals a
        join users uc on uc.id = a.cashier_id
        join users ua on ua.id = a.approver_id) as approvals`,
  );
}
