import { sql } from 'drizzle-orm';
import { SHRINK_REASONS } from '../../../shared/schemas/reports';
import type { Executor } from '../../db/client';
import {
  endOfBusinessDate,
  queryRangeReport,
  type RangeReportAnswer,
  startOfBusinessDate,
} from './range-report.repo';

export type ShrinkReasonRow = {
  reason: string;
  movements: number;
  units_lost: number;
  units_gained: number;
  grams_lost: number;
  grams_gained: number;
  cost_lost: number;
  cost_gained: number;
};

/**
 * The scope's adjustment movements (SHRINK_REASONS) recorded between the start of `from` and the end of `to`
 * in each store's time zone, by reason, costed at the product's current cost (per movement; weighed: per kg ×
 * grams / 1000, half-up). Reads the ledger by store through (store_id, product_id, created_at).
 */
export async function findShrink(
  ex: Executor,
  filter: { storeIds: readonly string[] | null; from: string; to: string },
): Promise<RangeReportAnswer<{ rows: ShrinkReasonRow[] }>> {
  const reasons = sql.join(
    SHRINK_REASONS.map((reason) => sql`${reason}`),
    sql`, `,
  );
  return queryRangeReport<{ rows: ShrinkReasonRow[] }>(
    ex,
    filter.storeIds,
    sql`m as (
      select sm.reason, sm.delta, pr.unit,
        case when pr.unit = 'weight' then round(abs(sm.delta)::numeric * pr.cost_cents / 1000)
          else abs(sm.delta)::numeric * pr.cost_cents end as cost
      from scope s
      join stock_movements sm on sm.store_id = s.id
        and sm.created_at >= ${startOfBusinessDate(filter.from)} and sm.created_at < ${endOfBusinessDate(filter.to)}
      join products pr on pr.id = sm.product_id
      where sm.reason in (${reasons})
    ),
    g as (
      select m.reason, count(*) as movements,
        coalesce(-sum(m.delta) filter (where m.delta < 0 and m.unit <> 'weight'), 0) as units_lost,
        coalesce(sum(m.delta) filter (where m.delta > 0 and m.unit <> 'weight'), 0) as units_gained,
        coalesce(-sum(m.delta) filter (where m.delta < 0 and m.unit = 'weight'), 0) as grams_lost,
        coalesce(sum(m.delta) filter (where m.delta > 0 and m.unit = 'weight'), 0) as grams_gained,
        coalesce(sum(m.cost) filter (where m.delta < 0), 0)::bigint as cost_lost,
        coalesce(sum(m.cost) filter (where m.delta > 0), 0)::bigint as cost_gained
      from m group by m.reason
    )`,
    sql`(select coalesce(json_agg(json_build_object(
          'reason', g.reason, 'movements', g.movements, 'units_lost', g.units_lost,
          'units_gained', g.units_gained, 'grams_lost', g.grams_lost, 'grams_gained', g.grams_gained,
          'cost_lost', g.cost_lost, 'cost_gained', g.cost_gained)
          order by g.cost_lost desc, g.reason), '[]')
        from g) as rows`,
  );
}
