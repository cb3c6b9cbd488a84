// ops/ proven with the real programs: promtool checks and unit-tests the alert rules; every metric that the
// dashboards and alerts query is exported by the built app, Debian's postgres_exporter or node_exporter; a real
// Prometheus scrapes the app; OpenTelemetry spans reach an OTLP/HTTP receiver only when configured; logrotate
// parses the shipped config and rotates the app's live log files.
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { promisify } from 'node:util';
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN_DATABASE_URL,
  createTestDatabase,
  freePort,
  login,
  REDIS_URL,
  repoRoot,
  type ServerProcess,
  startBuiltServer,
  type TestDatabase,
  tempDir,
  deleteRedisKeys,
} from './support/common';
import { eventually, type Exporter, exportedNames, metricNamesIn, startExporter } from './support/monitoring';

const run = promisify(execFile);

// Temp dirs of this file, removed at the end (the servers' own data dirs are common.ts's).
const scratchDirs: string[] = [];
function scratch(prefix: string): string {
  const dir = tempDir(prefix);
  scratchDirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of scratchDirs) {
    rmSync(dir, { recursive: true, force: true });
  }
});
const ops = (...parts: string[]) => path.join(repoRoot, 'ops', ...parts);
const DASHBOARDS = ops('grafana', 'dashboards');

type Panel = { title: string; datasource?: { uid?: string }; targets?: { expr: string }[] };
type Dashboard = { uid: string; title: string; panels: Panel[] };
type RuleFile = {
  groups: { rules: { alert?: string; expr: string; for?: string; labels?: Record<string, string> }[] }[];
};

function dashboards(): { file: string; board: Dashboard }[] {
  return readdirSync(DASHBOARDS)
    .filter((file) => file.endsWith('.json'))
    .map((file) => ({
      file,
      board: JSON.parse(readFileSync(path.join(DASHBOARDS, file), 'utf8')) as Dashboard,
    }));
}

function rules(): RuleFile['groups'][number]['rules'] {
  return (parseYaml(readFileSync(ops('prometheus', 'alerts.yml'), 'utf8')) as RuleFile).groups.flatMap(
    (g) => g.rules,
  );
}

/** The metric names a list of expressions uses that none of the scraped pages exports. */
function missing(exprs: { where: string; expr: string }[], exported: Set<string>): string[] {
  return exprs.flatMap(({ where, expr }) =>
    metricNamesIn(expr)
      .filter((name) => !exported.has(name))
      .map((name) => `${where}: ${name}`),
  );
}

describe('Prometheus config and alert rules (promtool)', () => {
  it('promtool check config and check rules pass', async () => {
    const config = await run('promtool', ['check', 'config', ops('prometheus', 'prometheus.yml')]);
    expect(config.stdout).toContain('SUCCESS: 1 rule files found');
    const checked = await run('promtool', ['check', 'rules', ops('prometheus', 'alerts.yml')]);
    const count = Number(/SUCCESS: (\d+) rules found/.exec(checked.stdout)?.[1]);
    expect(count).toBe(rules().length);
    expect(count).toBeGreaterThanOrEqual(10);
  });

  it('promtool test rules evaluates the app-down, backup and no-sales alerts on synthetic series', async () => {
    const { stdout } = await run('promtool', ['test', 'rules', 'alerts.test.yml'], {
      cwd: ops('prometheus'),
    });
    expect(stdout).toContain('SUCCESS');
  });

  it('every alert has a for:, a severity and a summary and description', () => {
    const alerts = rules().filter((rule) => rule.alert);
    for (const names of ['PosAppDown', 'PosHighErrorRate', 'PosHighLatencyP95', 'PosDbPoolSaturated']) {
      expect(alerts.map((a) => a.alert)).toContain(names);
    }
    for (const names of [
      'PosNoSalesWhileOpen',
      'PosBackupTooOld',
      'PosBackupMetricsMissing',
      'PosDiskSpaceLow',
    ]) {
      expect(alerts.map((a) => a.alert)).toContain(names);
    }
    for (const alert of alerts) {
      const raw = alert as {
        for?: string;
        labels?: Record<string, string>;
        annotations?: Record<string, string>;
      };
      expect(raw.for, alert.alert).toMatch(/^\d+[smh]$/);
      expect(['critical', 'warning'], alert.alert).toContain(raw.labels?.severity);
      expect(raw.annotations?.summary, alert.alert).toBeTruthy();
      expect(raw.annotations?.description, alert.alert).toBeTruthy();
    }
  });
});

describe('Grafana provisioning and dashboards', () => {
  it('the dashboards parse, use the provisioned datasource uid, and equal what the generator writes', async () => {
    const datasources = parseYaml(
      readFileSync(ops('grafana', 'provisioning', 'datasources', 'prometheus.yml'), 'utf8'),
    ) as { datasources: { uid: string }[] };
    const uid = datasources.datasources[0]!.uid;
    const provider = parseYaml(
      readFileSync(ops('grafana', 'provisioning', 'dashboards', 'dashboards.yml'), 'utf8'),
    ) as { providers: { type: string; options: { path: string } }[] };
    expect(provider.providers[0]).toMatchObject({
      type: 'file',
      options: { path: '/var/lib/grafana/dashboards' },
    });

    const boards = dashboards();
    expect(boards.map((b) => b.file).sort()).toEqual(['application.json', 'business.json', 'database.json']);
    for (const { file, board } of boards) {
      expect(board.panels.length, file).toBeGreaterThan(5);
      for (const panel of board.panels) {
        expect(panel.datasource?.uid, `${file}: ${panel.title}`).toBe(uid);
        expect(panel.targets?.length, `${file}: ${panel.title}`).toBeGreaterThan(0);
      }
    }
    const fresh = scratch('dashboards');
    await run(process.execPath, [ops('grafana', 'generate-dashboards.mjs'), fresh]);
    for (const { file, board } of boards) {
      expect(JSON.parse(readFileSync(path.join(fresh, file), 'utf8')), file).toEqual(board);
    }
  });

  it('the PromQL name extraction finds names, skips functions, labels and keywords, and sees a typo', () => {
    expect(
      metricNamesIn(
        'histogram_quantile(0.95, sum by (le, route) (rate(http_request_duration_seconds_bucket{job="pos-app", route!~"static|/metrics"}[5m]))) > 1',
      ),
    ).toEqual(['http_request_duration_seconds_bucket']);
    expect(
      metricNamesIn(
        'sum by (code) ((increase(pos_sales_total[1h])) * on (store) group_left (code) max by (store, code) (pos_store_info)) and on () hour() >= 14',
      ).sort(),
    ).toEqual(['pos_sales_total', 'pos_store_info']);
    expect(
      missing([{ where: 'typo', expr: 'rate(pos_sales_totl[5m])' }], new Set(['pos_sales_total'])),
    ).toEqual(['typo: pos_sales_totl']);
  });
});

describe('every metric the dashboards and alerts query is exported', () => {
  let server: ServerProcess;
  let postgresExporter: Exporter;
  let nodeExporter: Exporter;
  let pages: { app: string; postgres: string; node: string };
  const textfiles = scratch('textfile');

  beforeAll(async () => {
    // The backup script's textfile, in the format scripts/backup-db.sh writes.
    const now = Math.floor(Date.now() / 1000);
    writeFileSync(
      path.join(textfiles, 'pos_backup.prom'),
      [
        '# HELP pos_backup_last_success_timestamp_seconds Unix time of the last successful backup',
        '# TYPE pos_backup_last_success_timestamp_seconds gauge',
        `pos_backup_last_success_timestamp_seconds ${now}`,
        '# HELP pos_backup_last_size_bytes Size of the last backup file',
        '# TYPE pos_backup_last_size_bytes gauge',
        'pos_backup_last_size_bytes 123456',
        '# HELP pos_backup_last_run_success 1 when the last run succeeded',
        '# TYPE pos_backup_last_run_success gauge',
        'pos_backup_last_run_success 1',
        '',
      ].join('\n'),
    );
    server = await startBuiltServer({ SEED_DEMO: 'true' });
    const pgPort = await freePort();
    const dsn = new URL(ADMIN_DATABASE_URL);
    dsn.searchParams.set('sslmode', 'disable');
    postgresExporter = await startExporter(
      'prometheus-postgres-exporter',
      [`--web.listen-address=127.0.0.1:${pgPort}`],
      { DATA_SOURCE_NAME: dsn.toString() },
      pgPort,
    );
    const nodePort = await freePort();
    nodeExporter = await startExporter(
      'prometheus-node-exporter',
      [`--web.listen-address=127.0.0.1:${nodePort}`, `--collector.textfile.directory=${textfiles}`],
      {},
      nodePort,
    );
    // A little traffic: a sign-in, a page of the API, a 404 and a 401.
    const session = await login(server.base, 'manager1');
    const headers = { Cookie: session.cookie };
    expect((await fetch(`${server.base}/api/stores`, { headers })).status).toBe(200);
    expect((await fetch(`${server.base}/api/nowhere`, { headers })).status).toBe(404);
    expect((await fetch(`${server.base}/api/stores`)).status).toBe(401);
    const scrape = async (url: string) => {
      const response = await fetch(url);
      expect(response.status, url).toBe(200);
      return response.text();
    };
    pages = {
      app: await scrape(`${server.base}/metrics`),
      postgres: await scrape(postgresExporter.url),
      node: await scrape(nodeExporter.url),
    };
  });
  afterAll(async () => {
    await server?.stop();
    await postgresExporter?.stop();
    await nodeExporter?.stop();
  });

  it('the scrapes carry real values: app business gauges per demo store, pg_up 1, the backup textfile', () => {
    expect(pages.app).toMatch(/^pos_metrics_database_up 1$/m);
    expect(pages.app).toMatch(/^pos_store_info\{store="[0-9a-f-]{36}",code="S001"\} 1$/m);
    expect(pages.app).toMatch(
      /^http_request_duration_seconds_count\{method="GET",route="\/api\/stores",status="200"\} 1$/m,
    );
    expect(pages.postgres).toMatch(/^pg_up 1$/m);
    expect(pages.node).toMatch(/^pos_backup_last_run_success 1$/m);
    expect(pages.node).toMatch(/^node_filesystem_avail_bytes\{/m);
  });

  it('dashboards: every metric of every panel', () => {
    const exported = new Set([
      ...exportedNames(pages.app),
      ...exportedNames(pages.postgres),
      ...exportedNames(pages.node),
    ]);
    const exprs = dashboards().flatMap(({ file, board }) =>
      board.panels.flatMap((panel) =>
        (panel.targets ?? []).map((target) => ({ where: `${file} "${panel.title}"`, expr: target.expr })),
      ),
    );
    expect(exprs.length).toBeGreaterThan(30);
    const names = new Set(exprs.flatMap(({ expr }) => metricNamesIn(expr)));
    expect(names.size).toBeGreaterThan(30);
    expect(missing(exprs, exported)).toEqual([]);
  });

  it('alerts: every metric of every rule', () => {
    const exported = new Set([
      ...exportedNames(pages.app),
      ...exportedNames(pages.postgres),
      ...exportedNames(pages.node),
      // `up` is made by Prometheus itself for every target.
      'up',
    ]);
    const exprs = rules().map((rule) => ({ where: rule.alert ?? 'record', expr: rule.expr }));
    expect(missing(exprs, exported)).toEqual([]);
  });

  it('a real Prometheus with the shipped config (targets moved to this test) scrapes the app and the exporters', async () => {
    const dir = scratch('prometheus');
    const config = readFileSync(ops('prometheus', 'prometheus.yml'), 'utf8')
      .replace('scrape_interval: 15s', 'scrape_interval: 1s')
      .replace('scrape_timeout: 10s', 'scrape_timeout: 1s')
      .replace(/["']app:3000["']/, `'127.0.0.1:${server.port}'`)
      .replace(/["']postgres-exporter:9187["']/, `'${new URL(postgresExporter.url).host}'`)
      .replace(/["']node-exporter:9100["']/, `'${new URL(nodeExporter.url).host}'`);
    const promPort = await freePort();
    expect(config).toContain(`127.0.0.1:${server.port}`);
    writeFileSync(
      path.join(dir, 'prometheus.yml'),
      config.replace(/["']localhost:9090["']/, `'127.0.0.1:${promPort}'`),
    );
    writeFileSync(path.join(dir, 'alerts.yml'), readFileSync(ops('prometheus', 'alerts.yml')));
    const prometheus = await startExporter(
      'prometheus',
      [
        `--config.file=${path.join(dir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${path.join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${promPort}`,
      ],
      {},
      promPort,
    );
    try {
      const api = `http://127.0.0.1:${promPort}/api/v1`;
      const health = await eventually(
        async () => {
          const body = (await (await fetch(`${api}/targets`)).json()) as {
            data: { activeTargets: { labels: { job: string }; health: string }[] };
          };
          const byJob = Object.fromEntries(body.data.activeTargets.map((t) => [t.labels.job, t.health]));
          return Object.values(byJob).length === 4 && Object.values(byJob).every((h) => h === 'up')
            ? byJob
            : undefined;
        },
        60_000,
        'all four targets up',
      );
      expect(health).toEqual({ 'pos-app': 'up', postgres: 'up', node: 'up', prometheus: 'up' });
      const query = async (q: string) =>
        (
          (await (await fetch(`${api}/query?query=${encodeURIComponent(q)}`)).json()) as {
            data: { result: { metric: Record<string, string>; value: [number, string] }[] };
          }
        ).data.result;
      const codes = await eventually(
        async () => {
          const result = await query('pos_store_info{job="pos-app"}');
          return result.length > 0 ? result.map((r) => r.metric.code).sort() : undefined;
        },
        30_000,
        'pos_store_info in Prometheus',
      );
      expect(codes).toEqual(['S001', 'S002']);
      // The rules loaded and evaluate: the backup is fresh and nothing of the pos-backup group fires.
      const rulesBody = (await (await fetch(`${api}/rules`)).json()) as {
        data: { groups: { name: string; rules: { name: string; health: string }[] }[] };
      };
      const loaded = rulesBody.data.groups.flatMap((g) => g.rules);
      expect(loaded.length).toBe(rules().length);
      const alerts = await query('ALERTS{alertname=~"PosBackup.*|PosAppDown"}');
      expect(alerts).toEqual([]);
    } finally {
      await prometheus.stop();
    }
  });
});

type ReceivedSpan = { scope: string; kind: number; name: string };

describe('OpenTelemetry tracing (node --import ./dist/tracing.js dist/index.js)', () => {
  let receiver: Server;
  let receiverPort: number;
  const spans: ReceivedSpan[] = [];
  const resources: Record<string, string>[] = [];
  let posts = 0;
  let database: TestDatabase;
  let redisPrefix = '';

  beforeAll(async () => {
    // A minimal OTLP/HTTP receiver: the exporter posts JSON (http/json) to /v1/traces.
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => {
        body += chunk;
      });
      req.on('end', () => {
        posts += 1;
        if (req.url === '/v1/traces') {
          const data = JSON.parse(body) as {
            resourceSpans: {
              resource: { attributes: { key: string; value: { stringValue?: string } }[] };
              scopeSpans: { scope: { name: string }; spans: { kind: number; name: string }[] }[];
            }[];
          };
          for (const resource of data.resourceSpans) {
            resources.push(
              Object.fromEntries(resource.resource.attributes.map((a) => [a.key, a.value.stringValue ?? ''])),
            );
            for (const scope of resource.scopeSpans) {
              for (const span of scope.spans) {
                spans.push({ scope: scope.scope.name, kind: span.kind, name: span.name });
              }
            }
          }
        }
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end('{}');
      });
    });
    receiverPort = await freePort();
    await new Promise<void>((resolve) => receiver.listen(receiverPort, '127.0.0.1', resolve));
    database = await createTestDatabase('pos_deploy_otel');
    redisPrefix = `pos-deploy-otel-${database.name}:`;
  });
  afterAll(async () => {
    await new Promise((resolve) => receiver?.close(resolve));
    await database?.drop();
    // The sessions the sign-in left in Redis.
    await deleteRedisKeys(redisPrefix);
  });

  const otelEnv = (endpoint: string) => ({
    NODE_OPTIONS: '--import=./dist/tracing.js',
    OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
    OTEL_BSP_SCHEDULE_DELAY: '200',
  });

  it('unset: the server starts and serves normally and sends nothing', async () => {
    const server = await startBuiltServer({ ...otelEnv(''), SEED_DEMO: 'true' });
    try {
      await login(server.base, 'manager1');
      expect((await fetch(`${server.base}/api/health`)).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      expect(posts).toBe(0);
    } finally {
      await server.stop();
    }
  });

  it('set: http, express, pg and ioredis spans arrive (PostgreSQL and Redis)', async () => {
    const server = await startBuiltServer({
      ...otelEnv(`http://127.0.0.1:${receiverPort}`),
      OTEL_SERVICE_NAME: 'pos-under-test',
      SEED_DEMO: 'true',
      DATABASE_URL: database.url,
      REDIS_URL,
      REDIS_KEY_PREFIX: redisPrefix,
    });
    try {
      const session = await login(server.base, 'manager1');
      expect((await fetch(`${server.base}/api/stores`, { headers: { Cookie: session.cookie } })).status).toBe(
        200,
      );
      await eventually(
        async () =>
          spans.some((s) => s.name === 'GET /api/stores') && spans.some((s) => s.scope.endsWith('ioredis'))
            ? true
            : undefined,
        30_000,
        'spans of GET /api/stores',
      );
      const scopes = new Set(spans.map((s) => s.scope));
      expect([...scopes].sort()).toEqual([
        '@opentelemetry/instrumentation-express',
        '@opentelemetry/instrumentation-http',
        '@opentelemetry/instrumentation-ioredis',
        '@opentelemetry/instrumentation-pg',
      ]);
      // The server span carries the Express route (SpanKind SERVER = 2); health checks are not traced.
      expect(spans).toContainEqual({
        scope: '@opentelemetry/instrumentation-http',
        kind: 2,
        name: 'POST /api/auth/login',
      });
      expect(
        spans.some(
          (s) => s.scope === '@opentelemetry/instrumentation-pg' && s.name.startsWith('pg.query:SELECT'),
        ),
      ).toBe(true);
      expect(spans.some((s) => s.name.includes('/api/health'))).toBe(false);
      // Service name from OTEL_SERVICE_NAME, version from package.json.
      const version = (
        JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string }
      ).version;
      expect(resources[0]).toMatchObject({ 'service.name': 'pos-under-test', 'service.version': version });
    } finally {
      await server.stop();
    }
  });
});

/** The shipped config with its paths moved under `logDir` and `su` to this machine's user (there is no `pos`). */
async function logrotateConfig(dir: string, logDir: string): Promise<string> {
  const user = (await run('id', ['-un'])).stdout.trim();
  const group = (await run('id', ['-gn'])).stdout.trim();
  const shipped = readFileSync(ops('logrotate', 'pet-products-pos'), 'utf8');
  expect(shipped).toContain('su pos pos');
  const config = path.join(dir, 'pet-products-pos');
  writeFileSync(
    config,
    shipped.replaceAll('/var/log/pet-products-pos', logDir).replace('su pos pos', `su ${user} ${group}`),
  );
  return config;
}

describe('logrotate', () => {
  it('logrotate -d parses the shipped config (paths moved to a temp dir)', async () => {
    const dir = scratch('logrotate');
    const config = await logrotateConfig(dir, dir);
    const { stdout, stderr } = await run('logrotate', ['-d', '-s', path.join(dir, 'state'), config]);
    const text = `${stdout}${stderr}`;
    expect(text).toContain(`rotating pattern: ${dir}/*.log`);
    expect(text).toContain('after 1 days (14 rotations)');
    expect(text).not.toMatch(/error/i);
  });

  it('a forced rotation copies and truncates the live combined.log, and the server keeps writing to it', async () => {
    const dir = scratch('logrotate-live');
    const logDir = path.join(dir, 'logs');
    const server = await startBuiltServer({ SEED_DEMO: 'true', LOG_DIR: logDir, LOG_LEVEL: 'http' });
    try {
      await login(server.base, 'manager1');
      const combined = path.join(logDir, 'combined.log');
      await eventually(async () => (statSync(combined).size > 0 ? true : undefined), 10_000, 'log lines');
      const config = await logrotateConfig(dir, logDir);
      await run('logrotate', ['-f', '-s', path.join(dir, 'state'), config]);
      const rotated = readdirSync(logDir).filter((f) => f.startsWith('combined.log-'));
      expect(rotated).toHaveLength(1);
      expect(readFileSync(path.join(logDir, rotated[0]!), 'utf8')).toContain('/api/auth/login');
      expect(statSync(combined).size).toBe(0);

      expect((await fetch(`${server.base}/api/stores`)).status).toBe(401);
      const after = await eventually(
        async () => {
          const text = readFileSync(combined, 'utf8');
          return text.includes('/api/stores') ? text : undefined;
        },
        10_000,
        'a new line in the truncated combined.log',
      );
      // O_APPEND: the new line starts the emptied file (no hole of NUL bytes where the old content was).
      expect(after.startsWith('{')).toBe(true);
      expect(after.includes('\u0000')).toBe(false);
      expect(after).not.toContain('/api/auth/login');
    } finally {
      await server.stop();
    }
  });
});
