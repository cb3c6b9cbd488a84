-- Rendezvous for a cluster-wide /metrics under PM2: on a scrape, each worker writes its prom-client registry
-- (as JSON) here under the scrape's request id, and the scraping worker reads and deletes those rows in one
-- statement, then merges them. One row per (scrape, worker), so two Prometheus servers scraping at once
-- never overwrite each other's answers. UNLOGGED: the rows live for about a second, so they cost no WAL
-- and are not replicated; after a crash the table is simply empty. Kept out of the Drizzle schema: only
-- server/http/cluster-metrics.ts touches it, in plain SQL.
CREATE UNLOGGED TABLE IF NOT EXISTS "metrics_worker_snapshots" (
	"request_id" text NOT NULL,
	"worker_id" text NOT NULL,
	"pid" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"metrics" jsonb NOT NULL,
	PRIMARY KEY ("request_id", "worker_id")
);
