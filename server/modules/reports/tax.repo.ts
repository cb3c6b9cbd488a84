import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { queryRangeReport, type RangeReportAnswer } from './range-report.repo';

export type TaxRateRow = {
  tax_class: string;
  /** The rate as a numeric printed by PostgreSQL ("8.8750" and "8.875" are one rate). */
  rate: string;
  taxable_sales: number;
  tax_sales: number;
  taxable_returns: number;
  tax_returns: number;
};

/**
 * Tax by the class and rate each line recorded, over the scope's completed sales and returns of the range
 * (read through sales_transactions (store_id, business_date)). A line's net is total − tax, for prices with
 * or without tax inside.
 */
export async function findTaxByRate(
  ex: Executor,
  filter: { storeIds: readonly string[] | null; from: string; to: string },
): Promise<RangeReportAnswer<{ rows: TaxRateRow[] }>> {
  return queryRangeReport<{ rows: TaxRateRow[] }>(
    ex,
    filter.storeIds,
    sql`g as (
      select i.tax_class, i.tax_rate::numeric as rate,
        coalesce(sum(i.total_cents - i.tax_cents) filter (where t.kind = 'sale'), 0) as taxable_sales,
        coalesce(sum(i.tax_cents) filter (where t.kind = 'sale'), 0) as tax_sales,
        coalesce(sum(i.total_cents - i.tax_cents) filter (where t.kind = 'return'), 0) as taxable_returns,
        coalesce(sum(i.tax_cents) filter (where t.kind = 'return'), 0) as tax_returns
      from scope s
      join sales_transactions t on t.store_id = s.id
        and t.business_date between ${filter.from}::date and ${filter.to}::date and t.status = 'completed'
      join sales_transaction_items i on i.transaction_id = t.id
      group by i.tax_class, i.tax_rate::numeric
    )`,
    sql`(select coalesce(json_agg(json_build_object(
        'tax_class', g.tax_class, 'rate', g.rate::text,
        'taxable_sales', g.taxable_sales, 'tax_sales', g.tax_sales,
        'taxable_returns', g.taxable_returns, 'tax_returns', g.tax_returns)
        order by array_position(array['standard', 'reduced', 'exempt'], g.tax_class), g.rate desc), '[]')
      from g) as rows`,
  );
}
