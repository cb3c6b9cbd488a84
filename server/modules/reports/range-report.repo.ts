import { type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { queryRows } from '../../db/query-rows';

// What the back-office range reports share: the stores they cover (`scope`), each with its time zone, read
// once per statement, and how many there are and whether they share a currency (`store_count`, `currency`).

/** A range report's one answer row: the scope's facts and the report's sections, each a json value. */
export type RangeReportAnswer<T> = T & {
  store_count: number;
  /** The stores' common currency, null when they differ (or there are none). */
  currency: string | null;
};

function uuidArray(ids: readonly string[]): SQL {
  return sql`array[${sql.join(
    ids.map((id) => sql`${id}`),
    sql`, `,
  )}]::uuid[]`;
}

/** `scope` (id, code, name, currency, timezone): the stores named (null: every store), as a CTE. */
export function scopeCte(storeIds: readonly string[] | null): SQL {
  const condition = storeIds ? sql`where s.id = any(${uuidArray(storeIds)})` : sql``;
  return sql`scope as materialized (
    select s.id, s.code, s.name, s.currency, s.timezone from stores s ${condition}
  )`;
}

/** The scope's store count and common currency, as select-list columns. */
export const SCOPE_FACTS = sql`(select count(*)::int from scope) as store_count,
  (select case when count(distinct sc.currency) = 1 then min(sc.currency) end from scope sc) as currency`;

/**
 * Runs one report statement: `with <scope>, <ctes> select <scope facts>, <sections>`. The statement must answer
 * exactly one row.
 */
export async function queryRangeReport<T extends Record<string, unknown>>(
  ex: Executor,
  storeIds: readonly string[] | null,
  ctes: SQL | null,
  sections: SQL,
  recursive = false,
): Promise<RangeReportAnswer<T>> {
  const withs = ctes ? sql`${scopeCte(storeIds)}, ${ctes}` : scopeCte(storeIds);
  const [row] = await queryRows<RangeReportAnswer<T>>(
    ex,
    sql`with ${recursive ? sql`recursive ` : sql``}${withs} select ${SCOPE_FACTS}, ${sections}`,
  );
  return row!;
}

/** The first instant of business date `date` in the scope store's time zone (`s` must be a scope row). */
export function startOfBusinessDate(date: string): SQL {
  return sql`(${date}::date::timestamp at time zone s.timezone)`;
}

/** The first instant after business date `date` in the scope store's time zone. */
export function endOfBusinessDate(date: string): SQL {
  return sql`((${date}::date + 1)::timestamp at time zone s.timezone)`;
}

/** A timestamp as the store's wall clock ("YYYY-MM-DD HH:MM:SS"), by default in scope row `s`'s zone. */
export function localTimeOf(column: SQL, timezone: SQL = sql`s.timezone`): SQL {
  return sql`to_char(${column} at time zone ${timezone}, 'YYYY-MM-DD HH24:MI:SS')`;
}
