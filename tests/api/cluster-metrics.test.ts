// /metrics of a PM2 cluster: every worker's registry merged through PostgreSQL. The cluster path needs
// real PostgreSQL (TEST_DATABASE_URL): two apps in this process share one database, each with its own
// registry, as two PM2 workers would. Without it only the single-process path runs (on PGlite).
import { sql } from 'drizzle-orm';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from '../../server/app';
import { loadConfig } from '../../server/config';
import { queryRows } from '../../server/db/query-rows';
import { createTestApp, type TestApp, usingPostgres } from '../helpers/test-app';

/** The value of one sample line in Prometheus text, e.g. `name{labels}`; undefined when absent. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

const HEALTH_COUNT = 'http_request_duration_seconds_count{method="GET",route="/api/health",status="200"}';

describe('/metrics outside a PM2 cluster', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('is this process registry alone, with no cluster gauges and no cluster machinery', async () => {
    await request(t.app).get('/api/health').expect(200);
    await request(t.app).get('/api/health').expect(200);
    const response = await request(t.app).get('/metrics').expect(200);
    expect(sample(response.text, HEALTH_COUNT)).toBe(2);
    expect(response.text).not.toContain('pos_metrics_workers_reporting');
    expect(t.config.cluster).toBeNull();
  });
});

describe.skipIf(!usingPostgres())('/metrics in a PM2 cluster (two workers on one PostgreSQL)', () => {
  let t: TestApp;
  const apps: App[] = [];
  /** A worker as PM2 would start it: same database, its own registry and listener. */
  const worker = (workerId: string, env: Record<string, string> = {}) => {
    const config = loadConfig({
      NODE_ENV: 'test',
      DATABASE_URL: t.config.db.kind === 'postgres' ? t.config.db.url : '',
      exec_mode: 'cluster_mode',
      instances: '2',
      name: 'pos-test',
      ...env,
    });
    const built = createApp({ config, database: t.database, redis: t.redis, logger: t.logger, workerId });
    apps.push(built);
    return built;
  };

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await Promise.all(apps.map((built) => built.listener?.stop()));
    await t.close();
  });

  it('sums every worker: requests answered by either worker all show in one scrape', async () => {
    const one = worker('w1');
    const two = worker('w2');
    await one.listener?.start();
    await two.listener?.start();
    for (let i = 0; i < 3; i += 1) {
      await request(one.app).get('/api/health').expect(200);
    }
    for (let i = 0; i < 5; i += 1) {
      await request(two.app).get('/api/health').expect(200);
    }
    // Each worker alone knows only its own share…
    expect(sample(await one.metrics.registry.metrics(), HEALTH_COUNT)).toBe(3);
    // …while a scrape answered by either reports the cluster.
    for (const scraped of [one, two]) {
      const response = await request(scraped.app).get('/metrics').expect(200);
      expect(sample(response.text, HEALTH_COUNT)).toBe(8);
      expect(sample(response.text, 'pos_metrics_workers_reporting')).toBe(2);
      expect(sample(response.text, 'pos_metrics_workers_expected')).toBe(2);
    }
    // The answers were consumed by the scrapes: nothing is left behind in the table.
    const left = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from metrics_worker_snapshots`,
    );
    expect(left[0]?.n).toBe(0);
  });

  it('a worker that is gone does not stall the scrape: it reports who answered within the wait', async () => {
    const [one, two] = apps;
    await two?.listener?.stop();
    const started = Date.now();
    const response = await request(one!.app).get('/metrics').expect(200);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(sample(response.text, 'pos_metrics_workers_reporting')).toBe(1);
    expect(sample(response.text, HEALTH_COUNT)).toBe(3);
  });

  it('workers of another PM2 app (or another host) are never summed in', async () => {
    const [one] = apps;
    const other = worker('w3', { name: 'another-app', instances: '1' });
    await other.listener?.start();
    await request(other.app).get('/api/health').expect(200);
    const mine = await request(one!.app).get('/metrics').expect(200);
    expect(sample(mine.text, HEALTH_COUNT)).toBe(3);
    const theirs = await request(other.app).get('/metrics').expect(200);
    expect(sample(theirs.text, HEALTH_COUNT)).toBe(1);
    expect(sample(theirs.text, 'pos_metrics_workers_reporting')).toBe(1);
  });

  it('a listener whose session the database ended (a restart) reconnects and answers again', async () => {
    const [one, two] = apps;
    await two?.listener?.start();
    const ended = await queryRows(
      t.database.db,
      sql`select pg_terminate_backend(pid) as ended from pg_stat_activity
           where application_name = 'pos-listener' and datname = current_database()`,
    );
    expect(ended.length).toBeGreaterThanOrEqual(2);
    let reporting: number | undefined;
    for (let attempt = 0; attempt < 40 && reporting !== 2; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      reporting = sample((await request(one!.app).get('/metrics')).text, 'pos_metrics_workers_reporting');
    }
    expect(reporting).toBe(2);
  });
});
