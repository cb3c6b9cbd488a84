import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { queryRangeReport, type RangeReportAnswer } from './range-report.repo';

export type TenderMethodRow = {
  method: string;
  sales: number;
  tendered: number;
  refunds: number;
  refunded: number;
};

export type TenderSections = {
  rows: TenderMethodRow[];
  /** Change handed back over the range's sales: always cash (only cash may exceed what is due). */
  change: number;
  /** Completed sales with any tender, each once. */
  sales: number;
  /** Returns with any refund tender, each once. */
  refunds: number;
};

/**
 * Tenders of the scope's completed sales and refund tenders of its returns over the range, per method, read
 * through sales_transactions (store_id, business_date); the change of those sales alongside.
 */
export async function findTenders(
  ex: Executor,
  filter: { storeIds: readonly string[] | null; from: string; to: string },
): Promise<RangeReportAnswer<TenderSections>> {
  return queryRangeReport<TenderSections>(
    ex,
    filter.storeIds,
    sql`tx as materialized (
      select t.id, t.kind, t.change_due_cents
      from scope s
      join sales_transactions t on t.store_id = s.id
        and t.business_date between ${filter.from}::date and ${filter.to}::date and t.status = 'completed'
    ),
    pay as materialized (
      select d.id, d.kind, p.method, p.amount_cents
      from tx d join sales_payments p on p.transaction_id = d.id
    )`,
    sql`(select coalesce(json_agg(json_build_object(
          'method', m.method, 'sales', m.sales, 'tendered', m.tendered,
          'refunds', m.refunds, 'refunded', m.refunded)
          order by array_position(array['cash', 'card', 'store_credit'], m.method), m.method), '[]')
        from (select p.method,
                count(distinct p.id) filter (where p.kind = 'sale') as sales,
                coalesce(sum(p.amount_cents) filter (where p.kind = 'sale'), 0) as tendered,
                count(distinct p.id) filter (where p.kind = 'return') as refunds,
                coalesce(sum(p.amount_cents) filter (where p.kind = 'return'), 0) as refunded
              from pay p group by p.method) m) as rows,
      (select coalesce(sum(d.change_due_cents), 0) from tx d where d.kind = 'sale') as change,
      (select count(distinct p.id) from pay p where p.kind = 'sale')::int as sales,
      (select count(distinct p.id) from pay p where p.kind = 'return')::int as refunds`,
  );
}
