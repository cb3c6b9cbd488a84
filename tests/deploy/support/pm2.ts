// PM2 for the deployment tests: the CLI from node_modules with its own PM2_HOME (never the user's daemon),
// plain HTTP requests over fresh or kept-alive connections, and a look at each worker's own metrics.
import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { hostname } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import {
  createTestDatabase,
  freePort,
  REDIS_URL,
  removeLeftovers,
  repoRoot,
  seedDemo,
  type TestDatabase,
  tempDir,
  waitForHttp,
} from './common';

const run = promisify(execFile);
const PM2_BIN = path.join(repoRoot, 'node_modules', '.bin', 'pm2');

export type Pm2 = {
  home: string;
  env: NodeJS.ProcessEnv;
  cli(...args: string[]): Promise<string>;
  workers(): Promise<Pm2Worker[]>;
  /** `pm2 delete all`, then the daemon's own PID (never `pm2 kill`, which a wrong PM2_HOME would aim elsewhere). */
  shutdown(): Promise<void>;
};

export type Pm2Worker = { pmId: number; pid: number; status: string; restarts: number; execMode: string };

export function pm2(home: string, env: NodeJS.ProcessEnv): Pm2 {
  const fullEnv = { ...env, PM2_HOME: home };
  const cli = async (...args: string[]) => {
    const { stdout } = await run(PM2_BIN, args, { cwd: repoRoot, env: fullEnv, maxBuffer: 16 * 1024 * 1024 });
    return stdout;
  };
  return {
    home,
    env: fullEnv,
    cli,
    workers: async () => {
      const list = JSON.parse(await cli('jlist')) as {
        pm_id: number;
        pid: number;
        pm2_env: { status: string; restart_time: number; exec_mode: string };
      }[];
      return list.map((item) => ({
        pmId: item.pm_id,
        pid: item.pid,
        status: item.pm2_env.status,
        restarts: item.pm2_env.restart_time,
        execMode: item.pm2_env.exec_mode,
      }));
    },
    shutdown: async () => {
      await cli('delete', 'all').catch(() => '');
      let daemonPid: number | undefined;
      try {
        daemonPid = Number(readFileSync(path.join(home, 'pm2.pid'), 'utf8').trim());
      } catch {
        return;
      }
      try {
        process.kill(daemonPid, 'SIGTERM');
      } catch {
        // already gone
      }
    },
  };
}

/** Polls until `check` passes (returns true) or the time runs out; the last failure explains why. */
export async function eventually(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown = 'not yet';
  while (Date.now() < deadline) {
    try {
      if (await check()) {
        return;
      }
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${what} did not happen within ${timeoutMs} ms (last: ${String(last)})`);
}

export type Answer = { status: number; headers: http.IncomingHttpHeaders; body: string };

/**
 * One HTTP request. `agent` false opens a fresh connection (Connection: close), so PM2's master hands it to
 * the next worker in turn; a keep-alive agent reuses its socket, as Nginx's upstream keepalive does.
 */
export function httpRequest(
  port: number,
  method: string,
  urlPath: string,
  options: {
    headers?: Record<string, string>;
    body?: unknown;
    agent?: http.Agent | false;
    timeoutMs?: number;
  } = {},
): Promise<Answer> {
  const body = options.body === undefined ? undefined : JSON.stringify(options.body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method,
        path: urlPath,
        agent: options.agent ?? false,
        headers: {
          ...(options.agent ? {} : { Connection: 'close' }),
          ...(body ? { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } : {}),
          ...options.headers,
        },
        timeout: options.timeoutMs ?? 30_000,
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => {
          text += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end(body);
  });
}

type MetricJson = { name: string; values: { value: number; labels: Record<string, string | number> }[] };
export type WorkerSnapshot = { pid: number; metrics: MetricJson[] };

/**
 * Asks the PM2 app's workers for their own registries through the same PostgreSQL rendezvous /metrics
 * uses (server/http/cluster-metrics.ts), acting as one more scraper: proof of which worker served what.
 */
export async function workerSnapshots(
  databaseUrl: string,
  appName: string,
  expected: number,
): Promise<WorkerSnapshot[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const requestId = randomUUID();
    const scope = `${hostname()}:${appName}`;
    let answered = 0;
    const allAnswered = new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 5_000);
      client.on('notification', (notification) => {
        const message = JSON.parse(notification.payload ?? '{}') as { type?: string; requestId?: string };
        if (message.type === 'collected' && message.requestId === requestId) {
          answered += 1;
          if (answered >= expected) {
            clearTimeout(timer);
            resolve();
          }
        }
      });
    });
    await client.query('listen pos_metrics');
    await client.query('select pg_notify($1, $2)', [
      'pos_metrics',
      JSON.stringify({ type: 'collect', scope, requestId, from: 'deploy-test' }),
    ]);
    await allAnswered;
    const { rows } = await client.query<WorkerSnapshot>(
      'delete from metrics_worker_snapshots where request_id = $1 returning pid, metrics',
      [requestId],
    );
    return rows;
  } finally {
    await client.end();
  }
}

/** Σ of one histogram's _count samples whose labels include `labels`, in one worker's registry JSON. */
export function requestCount(snapshot: WorkerSnapshot, labels: Record<string, string>): number {
  const histogram = snapshot.metrics.find((metric) => metric.name === 'http_request_duration_seconds');
  return (histogram?.values ?? [])
    .filter(
      (value) =>
        (value as { metricName?: string }).metricName === 'http_request_duration_seconds_count' &&
        Object.entries(labels).every(([key, wanted]) => String(value.labels[key]) === wanted),
    )
    .reduce((sum, value) => sum + value.value, 0);
}

/** The value of one sample in Prometheus text (`name{labels}` exactly as exposed); undefined when absent. */
export function promSample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

export type SeededCluster = {
  database: TestDatabase;
  manager: Pm2;
  port: number;
  home: string;
  logDir: string;
  redisPrefix: string;
};

/**
 * The shipped ecosystem.config.js with `workers` cluster workers, on a new database seeded with the demo chain
 * before PM2 starts (two workers must not both seed an empty one), with its own Redis prefix, port, log folder
 * and PM2 home; `env` adds settings or overrides these. Resolves once every worker is online; if it cannot
 * get there, it removes what it made before throwing.
 */
export async function startSeededCluster(
  name: string,
  workers: number,
  env: Record<string, string>,
): Promise<SeededCluster> {
  const database = await createTestDatabase(`pos_${name}`);
  const home = tempDir(name);
  const redisPrefix = `pos-${name}-${randomBytes(4).toString('hex')}:`;
  let manager: Pm2 | undefined;
  try {
    await seedDemo(database.url);
    const logDir = path.join(home, 'logs');
    const port = await freePort();
    const started = pm2(path.join(home, 'pm2-home'), {
      ...process.env,
      PM2_INSTANCES: String(workers),
      LOG_DIR: logDir,
      NODE_ENV: 'development',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATABASE_URL: database.url,
      DB_MAX_CONNECTIONS: '5',
      REDIS_URL,
      REDIS_KEY_PREFIX: redisPrefix,
      SEED_DEMO: 'false',
      DATA_DIR: path.join(home, 'data'),
      ...env,
    });
    manager = started;
    await started.cli('start', 'ecosystem.config.js');
    await waitForHttp(`http://127.0.0.1:${port}/api/health`, 90_000);
    await eventually(
      `${workers} workers online`,
      async () => (await started.workers()).filter((worker) => worker.status === 'online').length === workers,
    );
    return { database, manager: started, port, home, logDir, redisPrefix };
  } catch (error) {
    await manager?.shutdown();
    await removeLeftovers({ database, home, redisPrefix });
    throw error;
  }
}
