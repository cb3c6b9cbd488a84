import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import {
  endOfBusinessDate,
  localTimeOf,
  queryRangeReport,
  type RangeReportAnswer,
  startOfBusinessDate,
} from './range-report.repo';

export type ClosedShiftRow = {
  id: string;
  store_id: string;
  store_code: string;
  register_id: string;
  cashier_id: string;
  cashier: string;
  closed_by_id: string;
  closed_by: string;
  opened_at: string;
  closed_at: string;
  opened_local: string;
  closed_local: string;
  business_date: string;
  expected: number;
  counted: number;
};

/**
 * The scope's shifts closed between the start of `from` and the end of `to` in each store's time zone.
 * A shift opens on or before the day it closes, so business_date ≤ to bounds the (store_id, business_date)
 * index read.
 */
export async function findClosedShifts(
  ex: Executor,
  filter: { storeIds: readonly string[] | null; from: string; to: string },
): Promise<RangeReportAnswer<{ rows: ClosedShiftRow[] }>> {
  return queryRangeReport<{ rows: ClosedShiftRow[] }>(
    ex,
    filter.storeIds,
    sql`c as (
      select sh.id, s.id as store_id, s.code as store_code, sh.register_id, sh.opened_by, sh.closed_by,
        sh.opened_at, sh.closed_at, ${localTimeOf(sql`sh.opened_at`)} as opened_local,
        ${localTimeOf(sql`sh.closed_at`)} as closed_local,
        to_char((sh.closed_at at time zone s.timezone)::date, 'YYYY-MM-DD') as business_date,
        sh.expected_cash_cents, sh.counted_cash_cents
      from scope s
      join shifts sh on sh.store_id = s.id and sh.business_date <= ${filter.to}::date and sh.status = 'closed'
        and sh.closed_at >= ${startOfBusinessDate(filter.from)} and sh.closed_at < ${endOfBusinessDate(filter.to)}
    )`,
    sql`(select coalesce(json_agg(json_build_object(
          'id', c.id, 'store_id', c.store_id, 'store_code', c.store_code, 'register_id', c.register_id,
          'cashier_id', c.opened_by, 'cashier', uo.name, 'closed_by_id', c.closed_by, 'closed_by', uc.name,
          'opened_at', c.opened_at, 'closed_at', c.closed_at, 'opened_local', c.opened_local,
          'closed_local', c.closed_local, 'business_date', c.business_date,
          'expected', c.expected_cash_cents, 'counted', c.counted_cash_cents)
          order by c.closed_at, c.store_code, c.register_id), '[]')
        from c
        join users uo on uo.id = c.opened_by
        join users uc on uc.id = c.closed_by) as rows`,
  );
}
