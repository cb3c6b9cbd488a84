// EXPLAIN (ANALYZE, BUFFERS) of the statements behind the dashboard and the sales report, as the server runs
// them: the services are called with an executor that runs each statement Drizzle builds and, before it, the
// same text and parameters under EXPLAIN. Prints Markdown (one section per statement).
//   node --import tsx bench/explain-reports.ts --database-url postgres://…/pos_bench_sales_1m [--days 31]
// Dashboard: the first generated store (code G…), its today, or with data generated on an earlier day its
// last generated day (as `npm run bench` asks). Sales report: groupBy=category, every store, the `--days`
// days ending on the last generated day.
import { parseArgs } from 'node:util';
import type { SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import pg from 'pg';
import { businessDateAt } from '../shared/time';
import type { Db } from '../server/db/client';
import { buildDashboard } from '../server/modules/reports/dashboard.service';
import { buildSalesReport } from '../server/modules/reports/reports.service';

const { values } = parseArgs({
  options: { 'database-url': { type: 'string' }, days: { type: 'string', default: '31' } },
});
const url = values['database-url'] ?? process.env.DATABASE_URL;
if (!url) {
  throw new Error('--database-url postgres://… is required');
}
const days = Number(values.days);

const client = new pg.Client({ connectionString: url });
await client.connect();
const dialect = new PgDialect();
const sections: string[] = [];
let label = '';

/** Just enough of Db for the reports' services: execute(), which they all use through queryRows. */
const explaining = {
  async execute(query: SQL) {
    const { sql, params } = dialect.sqlToQuery(query);
    const plan = await client.query(`explain (analyze, buffers) ${sql}`, params as unknown[]);
    const lines = plan.rows.map((row: Record<string, string>) => row['QUERY PLAN']);
    sections.push(
      `### ${label}\n\n\`\`\`sql\n${sql.trim()}\n\`\`\`\n\nParameters: ${JSON.stringify(params)}\n\n\`\`\`\n${lines.join('\n')}\n\`\`\`\n`,
    );
    return client.query(sql, params as unknown[]);
  },
} as unknown as Db;

try {
  const store = (
    await client.query("select id, code, timezone from stores where code like 'G%' order by code limit 1")
  ).rows[0];
  const lastOfStore = (
    await client.query(
      `select max(business_date)::text as date from sales_transactions
       where store_id = $1 and register_id not like 'bench-%'`,
      [store.id],
    )
  ).rows[0].date as string;
  const now = new Date();
  const today = businessDateAt(now, store.timezone);
  const date = lastOfStore >= today ? undefined : lastOfStore;
  label = `dashboard, store ${store.code}, ${date ?? `today (${today})`}`;
  const dashboard = await buildDashboard({ db: explaining }, null, { storeId: [store.id], date }, now);

  const to = (
    await client.query(
      `select max(business_date)::text as date from sales_transactions where register_id not like 'bench-%'`,
    )
  ).rows[0].date as string;
  const from = new Date(Date.parse(`${to}T00:00:00Z`) - (days - 1) * 86_400_000).toISOString().slice(0, 10);
  label = `sales report by category, ${from}…${to}, every store (admin)`;
  const report = await buildSalesReport({ db: explaining }, null, {
    from,
    to,
    groupBy: 'category',
    format: 'json',
  });
  const settings = (
    await client.query(
      `select name, setting from pg_settings
       where name in ('random_page_cost', 'work_mem', 'shared_buffers', 'effective_cache_size', 'jit', 'server_version')
       order by name`,
    )
  ).rows.map((row) => `${row.name}=${row.setting}`);
  console.log(
    [
      `## Plans ${now.toISOString()} (${new URL(url).pathname.slice(1)})`,
      '',
      `Settings: ${settings.join(', ')}. Dashboard: ${dashboard.today.transactions} sales that day; sales report: ${report.rows.length} categories, ${report.totals.transactions} sales.`,
      '',
      ...sections,
    ].join('\n'),
  );
} finally {
  await client.end();
}
