// /metrics for a whole PM2 cluster. PM2's workers are Node cluster workers of the PM2 daemon, not of our
// code, so prom-client's AggregatorRegistry cannot ask them over IPC. They share one PostgreSQL database
// instead (cluster mode requires it): a scrape NOTIFYs "collect", every worker of the same cluster writes
// its registry as JSON into an UNLOGGED table and NOTIFYs back, and the scraping worker merges them with
// AggregatorRegistry.aggregate, which applies each metric's own aggregator (sum for counters and
// histograms, min/max/average for some process metrics). Exact at the moment of the scrape, never stale.
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { AggregatorRegistry, Gauge, type Registry } from 'prom-client';
import type { DatabaseListener } from '../db/listener';
import type { Logger } from '../lib/logger';

const CHANNEL = 'pos_metrics';
const DEFAULT_WAIT_MS = 1_000;
/** Answers nobody read (they came after the scrape gave up) are swept after this long. */
const STALE_ROW_SECONDS = 60;

export type ClusterMetricsOptions = {
  registry: Registry;
  /** This worker's LISTEN connection to the PostgreSQL the workers share (server/db/listener.ts). */
  listener: DatabaseListener;
  /** Workers answer only scrapes of their own cluster (same host and PM2 app), never of another host's. */
  scope: string;
  /** Unique per process, e.g. host:pid. */
  workerId: string;
  /** How many workers the cluster should have (PM2's instance count): the scrape stops waiting at that. */
  expectedWorkers: number;
  /** A worker that does not answer within this (killed, restarting, database away) is left out. */
  waitMs?: number;
  logger: Logger;
};

type Message =
  | { type: 'collect'; scope: string; requestId: string; from: string }
  | { type: 'collected'; scope: string; requestId: string; from: string };

type MetricsJson = Awaited<ReturnType<Registry['getMetricsAsJSON']>>;

type Waiter = { answered: Set<string>; wanted: number; done: () => void };

/** Answers other workers' scrapes while the listener is connected; stopping the listener stops that. */
export type ClusterMetrics = {
  /** The merged registry of every worker that answered, plus pos_metrics_workers_{reporting,expected}. */
  collect(): Promise<Registry>;
};

export function createClusterMetrics(options: ClusterMetricsOptions): ClusterMetrics {
  const { registry, scope, workerId, logger } = options;
  const waitMs = options.waitMs ?? DEFAULT_WAIT_MS;
  const log = logger.child({ category: 'lifecycle' });
  const waiters = new Map<string, Waiter>();

  const notify = (target: pg.Client, message: Message) =>
    target.query('select pg_notify($1, $2)', [CHANNEL, JSON.stringify(message)]);

  /** Another worker scrapes: write our registry under its request id and tell it, in one round trip. */
  const answer = async (target: pg.Client, request: Message) => {
    const snapshot = await registry.getMetricsAsJSON();
    const reply: Message = { type: 'collected', scope, requestId: request.requestId, from: workerId };
    await target.query(
      `with saved as (
         insert into metrics_worker_snapshots (request_id, worker_id, pid, metrics)
         values ($1, $2, $3, $4)
         on conflict (request_id, worker_id) do nothing
         returning 1)
       select pg_notify($5, $6) from saved`,
      [request.requestId, workerId, process.pid, JSON.stringify(snapshot), CHANNEL, JSON.stringify(reply)],
    );
  };

  const onNotification = (target: pg.Client, payload: string | undefined) => {
    let message: Message;
    try {
      message = JSON.parse(payload ?? '') as Message;
    } catch {
      return;
    }
    if (message.scope !== scope || message.from === workerId) {
      return;
    }
    if (message.type === 'collect') {
      answer(target, message).catch((error: unknown) => {
        log.warn('could not answer a cluster metrics scrape', { err: error });
      });
      return;
    }
    const waiter = waiters.get(message.requestId);
    if (waiter) {
      waiter.answered.add(message.from);
      if (waiter.answered.size >= waiter.wanted) {
        waiter.done();
      }
    }
  };

  const withWorkerGauges = (merged: Registry, reporting: number): Registry => {
    new Gauge({
      name: 'pos_metrics_workers_reporting',
      help: 'Workers whose metrics this scrape includes (fewer than expected: one did not answer in time)',
      registers: [merged],
    }).set(reporting);
    new Gauge({
      name: 'pos_metrics_workers_expected',
      help: 'Workers the process manager runs (PM2 instances)',
      registers: [merged],
    }).set(options.expectedWorkers);
    return merged;
  };

  options.listener.subscribe(CHANNEL, (payload, client) => onNotification(client, payload));

  return {
    collect: async () => {
      const own = await registry.getMetricsAsJSON();
      // Until the listener connects, this worker's scrapes report itself only.
      const target = options.listener.client();
      if (!target || options.expectedWorkers <= 1) {
        return withWorkerGauges(AggregatorRegistry.aggregate([own]), 1);
      }
      const requestId = randomUUID();
      const answered = new Set<string>();
      let timer: NodeJS.Timeout | undefined;
      const allAnswered = new Promise<void>((resolve) => {
        waiters.set(requestId, { answered, wanted: options.expectedWorkers - 1, done: resolve });
        timer = setTimeout(resolve, waitMs);
      });
      try {
        await notify(target, { type: 'collect', scope, requestId, from: workerId });
        await allAnswered;
        // Read and remove this scrape's answers in one statement; answers that came too late for an
        // earlier scrape (a worker slower than waitMs) are swept with them.
        const { rows } = await target.query<{ request_id: string; metrics: MetricsJson }>(
          `delete from metrics_worker_snapshots
            where request_id = $1 or created_at < now() - interval '${STALE_ROW_SECONDS} seconds'
            returning request_id, metrics`,
          [requestId],
        );
        const answers = rows.filter((row) => row.request_id === requestId).map((row) => row.metrics);
        return withWorkerGauges(AggregatorRegistry.aggregate([own, ...answers]), answers.length + 1);
      } catch (error) {
        log.warn('cluster metrics scrape failed; reporting this worker only', { err: error });
        return withWorkerGauges(AggregatorRegistry.aggregate([own]), 1);
      } finally {
        clearTimeout(timer);
        waiters.delete(requestId);
      }
    },
  };
}
