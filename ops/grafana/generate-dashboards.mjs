// Writes the Grafana dashboards (ops/grafana/dashboards/*.json) from the short panel lists below.
// Usage: node ops/grafana/generate-dashboards.mjs [out-dir]   (default ops/grafana/dashboards), then
//        npx biome format --write ops/grafana/dashboards  and commit the JSON. The deployment test checks that the
//        committed dashboards parse to exactly what this script writes, and that every metric they query is exported.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const DATASOURCE = { type: 'prometheus', uid: 'pos-prometheus' };

// The store code beside the store id label: every pos_* series carries `store` (the id); pos_store_info maps it.
const byCode = (expr) =>
  `sum by (code) ((${expr}) * on (store) group_left (code) max by (store, code) (pos_store_info))`;

// Money in the store's own currency (major units); stores may differ, so no currency symbol.
const MONEY = 'none';

const API = 'job="pos-app", route!~"static|/metrics"';

/** A panel: time series unless `kind` says otherwise; `targets` are [legend, PromQL] pairs. */
function panel(title, unit, targets, options = {}) {
  return { title, unit, targets, kind: 'timeseries', width: 12, ...options };
}

function layout(panels) {
  let x = 0;
  let y = 0;
  return panels.map((p, index) => {
    const w = p.width;
    const h = p.kind === 'stat' ? 4 : 8;
    if (x + w > 24) {
      x = 0;
      y += 8;
    }
    const gridPos = { x, y, w, h };
    x += w;
    return {
      id: index + 1,
      type: p.kind,
      title: p.title,
      description: p.description ?? '',
      datasource: DATASOURCE,
      gridPos,
      fieldConfig: { defaults: { unit: p.unit }, overrides: [] },
      options:
        p.kind === 'stat'
          ? { reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false }, colorMode: 'value' }
          : { legend: { displayMode: 'list', placement: 'bottom' }, tooltip: { mode: 'multi' } },
      targets: p.targets.map(([legend, expr], i) => ({
        refId: String.fromCharCode(65 + i),
        datasource: DATASOURCE,
        expr,
        legendFormat: legend,
      })),
    };
  });
}

function dashboard(uid, title, description, panels) {
  return {
    uid,
    title,
    description,
    tags: ['pet-products-pos'],
    timezone: 'browser',
    refresh: '30s',
    schemaVersion: 39,
    version: 1,
    editable: false,
    time: { from: 'now-6h', to: 'now' },
    templating: { list: [] },
    annotations: { list: [] },
    panels: layout(panels),
  };
}

const application = dashboard(
  'pos-application',
  'POS — Application',
  'Requests, errors, latency by route, the Node.js process and the database pool (job pos-app).',
  [
    panel('Requests per second by status', 'reqps', [
      ['{{status}}', `sum by (status) (rate(http_request_duration_seconds_count{${API}}[5m]))`],
    ]),
    panel('5xx error ratio', 'percentunit', [
      [
        '5xx',
        `sum(rate(http_request_duration_seconds_count{${API}, status=~"5.."}[5m])) / sum(rate(http_request_duration_seconds_count{${API}}[5m]))`,
      ],
      [
        '4xx',
        `sum(rate(http_request_duration_seconds_count{${API}, status=~"4.."}[5m])) / sum(rate(http_request_duration_seconds_count{${API}}[5m]))`,
      ],
    ]),
    ...[0.5, 0.95, 0.99].map((q) =>
      panel(
        `p${q * 100} latency by route`,
        's',
        [
          [
            '{{method}} {{route}}',
            `histogram_quantile(${q}, sum by (le, method, route) (rate(http_request_duration_seconds_bucket{${API}}[5m])))`,
          ],
        ],
        { width: 8 },
      ),
    ),
    panel('Busiest routes (requests per second)', 'reqps', [
      [
        '{{method}} {{route}}',
        `topk(10, sum by (method, route) (rate(http_request_duration_seconds_count{${API}}[5m])))`,
      ],
    ]),
    panel('Event loop lag', 's', [
      ['p50', 'max(nodejs_eventloop_lag_p50_seconds{job="pos-app"})'],
      ['p99', 'max(nodejs_eventloop_lag_p99_seconds{job="pos-app"})'],
    ]),
    panel('Memory', 'bytes', [
      ['resident', 'sum(process_resident_memory_bytes{job="pos-app"})'],
      ['heap used', 'sum(nodejs_heap_size_used_bytes{job="pos-app"})'],
      ['heap total', 'sum(nodejs_heap_size_total_bytes{job="pos-app"})'],
    ]),
    panel('CPU', 'percentunit', [['cpu', 'sum(rate(process_cpu_seconds_total{job="pos-app"}[5m]))']]),
    panel('Database pool connections', 'short', [
      ['{{state}}', 'sum by (state) (db_pool_connections{job="pos-app"})'],
    ]),
    panel('Business figures read (1 = ok) and their query time', 's', [
      ['database up', 'min(pos_metrics_database_up{job="pos-app"})'],
      ['query seconds', 'max(pos_metrics_database_duration_seconds{job="pos-app"})'],
    ]),
    panel('Process restarts (15 min)', 'short', [
      ['{{instance}}', 'changes(process_start_time_seconds{job="pos-app"}[15m])'],
    ]),
  ],
);

const PG = 'job="postgres"';
const database = dashboard(
  'pos-database',
  'POS — Database',
  'PostgreSQL through postgres_exporter (job postgres): connections, transactions, cache, locks, size.',
  [
    panel('PostgreSQL up', 'short', [['up', `min(pg_up{${PG}})`]], { kind: 'stat', width: 6 }),
    panel(
      'Connections in use / max_connections',
      'percentunit',
      [['used', `sum(pg_stat_activity_count{${PG}}) / max(pg_settings_max_connections{${PG}})`]],
      { kind: 'stat', width: 6 },
    ),
    panel(
      'Database size',
      'bytes',
      [['{{datname}}', `pg_database_size_bytes{${PG}, datname!~"template.*"}`]],
      {
        kind: 'stat',
        width: 12,
      },
    ),
    panel('Connections by state', 'short', [
      [
        '{{datname}} {{state}}',
        `sum by (datname, state) (pg_stat_activity_count{${PG}, datname!~"template.*"})`,
      ],
    ]),
    panel('Transactions per second', 'ops', [
      ['{{datname}} commit', `rate(pg_stat_database_xact_commit{${PG}, datname!~"template.*"}[5m])`],
      ['{{datname}} rollback', `rate(pg_stat_database_xact_rollback{${PG}, datname!~"template.*"}[5m])`],
    ]),
    panel('Cache hit ratio', 'percentunit', [
      [
        '{{datname}}',
        `rate(pg_stat_database_blks_hit{${PG}, datname!~"template.*"}[5m]) / (rate(pg_stat_database_blks_hit{${PG}, datname!~"template.*"}[5m]) + rate(pg_stat_database_blks_read{${PG}, datname!~"template.*"}[5m]))`,
      ],
    ]),
    panel('Locks by mode', 'short', [
      ['{{datname}} {{mode}}', `sum by (datname, mode) (pg_locks_count{${PG}, datname!~"template.*"})`],
    ]),
    panel('Longest open transaction', 's', [
      ['{{datname}} {{state}}', `max by (datname, state) (pg_stat_activity_max_tx_duration{${PG}})`],
    ]),
    panel('Deadlocks and temporary files', 'short', [
      ['{{datname}} deadlocks', `increase(pg_stat_database_deadlocks{${PG}, datname!~"template.*"}[1h])`],
      ['{{datname}} temp files', `increase(pg_stat_database_temp_files{${PG}, datname!~"template.*"}[1h])`],
    ]),
    panel('Rows per second', 'ops', [
      ['{{datname}} fetched', `rate(pg_stat_database_tup_fetched{${PG}, datname!~"template.*"}[5m])`],
      ['{{datname}} inserted', `rate(pg_stat_database_tup_inserted{${PG}, datname!~"template.*"}[5m])`],
      ['{{datname}} updated', `rate(pg_stat_database_tup_updated{${PG}, datname!~"template.*"}[5m])`],
    ]),
  ],
);

const business = dashboard(
  'pos-business',
  'POS — Business',
  'Sales, items, returns and voids as the app counts them (counters), and low stock, stock value, open registers ' +
    "and today's figures as the database has them (gauges), by store code.",
  [
    panel("Today's sales by store", 'short', [['{{code}}', byCode('pos_store_today_sales{job="pos-app"}')]], {
      kind: 'stat',
      width: 8,
    }),
    panel(
      "Today's revenue (without tax) by store",
      MONEY,
      [['{{code}}', byCode('pos_store_today_revenue_cents{job="pos-app"} / 100')]],
      { kind: 'stat', width: 8 },
    ),
    panel(
      'Open registers by store',
      'short',
      [['{{code}}', byCode('pos_store_open_shifts{job="pos-app"}')]],
      {
        kind: 'stat',
        width: 8,
      },
    ),
    panel('Sales per hour by store', 'short', [
      ['{{code}}', byCode('increase(pos_sales_total{job="pos-app"}[1h])')],
    ]),
    panel('Revenue per hour by store (tax included)', MONEY, [
      ['{{code}}', byCode('increase(pos_sales_revenue_cents_total{job="pos-app"}[1h]) / 100')],
    ]),
    panel('Items per sale by store (last hour)', 'short', [
      [
        '{{code}}',
        byCode(
          'increase(pos_sale_items_total{job="pos-app"}[1h]) / increase(pos_sales_total{job="pos-app"}[1h])',
        ),
      ],
    ]),
    panel('Average sale by store (last hour, tax included)', MONEY, [
      [
        '{{code}}',
        byCode(
          'increase(pos_sales_revenue_cents_total{job="pos-app"}[1h]) / increase(pos_sales_total{job="pos-app"}[1h]) / 100',
        ),
      ],
    ]),
    panel('Returns and voids per hour by store', 'short', [
      ['{{code}} returns', byCode('increase(pos_returns_total{job="pos-app"}[1h])')],
      ['{{code}} voids', byCode('increase(pos_sale_voids_total{job="pos-app"}[1h])')],
    ]),
    panel('Refunded and voided per hour by store', MONEY, [
      ['{{code}} refunded', byCode('increase(pos_refunded_cents_total{job="pos-app"}[1h]) / 100')],
      ['{{code}} voided', byCode('increase(pos_sale_voided_cents_total{job="pos-app"}[1h]) / 100')],
    ]),
    panel('Low-stock products by store', 'short', [
      ['{{code}} low', byCode('pos_store_low_stock_products{job="pos-app"}')],
      ['{{code}} out of stock', byCode('pos_store_out_of_stock_products{job="pos-app"}')],
    ]),
    panel('Stock value at cost by store', MONEY, [
      ['{{code}}', byCode('pos_store_inventory_value_cents{job="pos-app"} / 100')],
    ]),
  ],
);

const outDir = process.argv[2] ? path.resolve(process.argv[2]) : path.join(here, 'dashboards');
for (const [file, board] of [
  ['application.json', application],
  ['database.json', database],
  ['business.json', business],
]) {
  writeFileSync(path.join(outDir, file), `${JSON.stringify(board, null, 2)}\n`);
}
console.log(`dashboards written to ${outDir}`);
