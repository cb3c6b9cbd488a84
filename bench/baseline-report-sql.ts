// Baseline for the report scenarios: the same SQL the server runs for one dashboard or 31-day sales report
// request, through a bare pg pool, with no HTTP, no auth and no JSON shaping. The statements (text and
// parameters) are captured once by calling the reports' services with an executor that records what Drizzle
// builds (as bench/explain-reports.ts does), then replayed closed loop, one request's statements in sequence
// on one pooled connection. Prints one JSON line: requestsPerSecond, p50, p95, p99, errors, total.
//   node --import tsx bench/baseline-report-sql.ts --database-url postgres://… --report dashboard \
//     --store-id <uuid> [--date YYYY-MM-DD] --connections 4 --seconds 10
//   … --report sales --from YYYY-MM-DD --to YYYY-MM-DD …
import { parseArgs } from 'node:util';
import type { SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import pg from 'pg';
import type { Db } from '../server/db/client';
import { buildDashboard } from '../server/modules/reports/dashboard.service';
import { buildSalesReport } from '../server/modules/reports/reports.service';

const { values } = parseArgs({
  options: {
    'database-url': { type: 'string' },
    report: { type: 'string' },
    'store-id': { type: 'string' },
    date: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    connections: { type: 'string', default: '4' },
    seconds: { type: 'string', default: '10' },
    'warmup-seconds': { type: 'string', default: '2' },
    'pool-size': { type: 'string', default: '10' },
  },
});
const url = values['database-url'];
if (!url) {
  throw new Error('--database-url postgres://… is required');
}
const connections = Number(values.connections);
const pool = new pg.Pool({ connectionString: url, max: Number(values['pool-size']) });
const dialect = new PgDialect();
const statements: { sql: string; params: unknown[] }[] = [];

/** Just enough of Db for the reports' services: execute(), which they all use through queryRows. */
const recording = {
  async execute(query: SQL) {
    const { sql, params } = dialect.sqlToQuery(query);
    statements.push({ sql, params: params as unknown[] });
    return pool.query(sql, params as unknown[]);
  },
} as unknown as Db;

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) {
    return Number.NaN;
  }
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** One request's statements on one connection, as the server's pool runs them. */
async function oneRequest(): Promise<void> {
  const client = await pool.connect();
  try {
    for (const statement of statements) {
      await client.query(statement.sql, statement.params);
    }
  } finally {
    client.release();
  }
}

async function closedLoop(durationSeconds: number) {
  const latencies: number[] = [];
  let errors = 0;
  const until = performance.now() + durationSeconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < until) {
        const begun = performance.now();
        try {
          await oneRequest();
          latencies.push(performance.now() - begun);
        } catch {
          errors++;
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    requestsPerSecond: latencies.length / elapsed,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    errors,
    total: latencies.length + errors,
    statements: statements.length,
  };
}

try {
  if (values.report === 'dashboard') {
    if (!values['store-id']) {
      throw new Error('--store-id is required for the dashboard');
    }
    await buildDashboard(
      { db: recording },
      null,
      { storeId: [values['store-id']], date: values.date },
      new Date(),
    );
  } else if (values.report === 'sales') {
    if (!values.from || !values.to) {
      throw new Error('--from and --to are required for the sales report');
    }
    await buildSalesReport({ db: recording }, null, {
      from: values.from,
      to: values.to,
      groupBy: 'category',
      format: 'json',
    });
  } else {
    throw new Error('--report dashboard|sales');
  }
  await closedLoop(Number(values['warmup-seconds']));
  console.log(JSON.stringify(await closedLoop(Number(values.seconds))));
} finally {
  await pool.end();
}
