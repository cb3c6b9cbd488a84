import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { queryRangeReport, type RangeReportAnswer } from './range-report.repo';

export type ValuationCategoryRow = {
  category_id: string | null;
  path: string | null;
  products: number;
  units: number;
  grams: number;
  cost_value: number;
  retail_value: number;
  negative: number;
};

/** The category tree is at most this deep; deeper (or a cycle) is cut rather than looped on. */
const MAX_CATEGORY_DEPTH = 32;

/**
 * On-hand stock of the scope's stores by the product's category, valued at the product's current cost and
 * price (weighed products: per kg × grams / 1000, half-up per store-product). Rows below zero count as value
 * 0 and are counted. Reads inventory by store; category paths ("Dog > Food") come from the tree.
 */
export async function findInventoryValuation(
  ex: Executor,
  storeIds: readonly string[] | null,
): Promise<RangeReportAnswer<{ rows: ValuationCategoryRow[] }>> {
  return queryRangeReport<{ rows: ValuationCategoryRow[] }>(
    ex,
    storeIds,
    sql`paths (id, path, depth) as (
      select c.id, c.name::text, 1 from categories c where c.parent_id is null
      union all
      select c.id, p.path || ' > ' || c.name, p.depth + 1
      from categories c join paths p on c.parent_id = p.id
      where p.depth < ${MAX_CATEGORY_DEPTH}
    ),
    g as (
      select pr.category_id,
        count(*) filter (where i.on_hand > 0) as products,
        coalesce(sum(i.on_hand) filter (where i.on_hand > 0 and pr.unit <> 'weight'), 0) as units,
        coalesce(sum(i.on_hand) filter (where i.on_hand > 0 and pr.unit = 'weight'), 0) as grams,
        coalesce(sum(case when pr.unit = 'weight' then round(i.on_hand::numeric * pr.cost_cents / 1000)
          else i.on_hand::numeric * pr.cost_cents end) filter (where i.on_hand > 0), 0)::bigint as cost_value,
        coalesce(sum(case when pr.unit = 'weight' then round(i.on_hand::numeric * pr.price_cents / 1000)
          else i.on_hand::numeric * pr.price_cents end) filter (where i.on_hand > 0), 0)::bigint as retail_value,
        count(*) filter (where i.on_hand < 0) as negative
      from scope s
      join inventory i on i.store_id = s.id
      join products pr on pr.id = i.product_id
      where i.on_hand <> 0
      group by pr.category_id
    )`,
    sql`(select coalesce(json_agg(json_build_object(
          'category_id', g.category_id, 'path', p.path, 'products', g.products, 'units', g.units,
          'grams', g.grams, 'cost_value', g.cost_value, 'retail_value', g.retail_value, 'negative', g.negative)
          order by p.path nulls last), '[]')
        from g left join paths p on p.id = g.category_id) as rows`,
    true,
  );
}
