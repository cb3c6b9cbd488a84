// PM2 process file: the built server (dist/index.js) as a cluster of workers behind one port.
//
//   npm ci && npm run build
//   pm2 start ecosystem.config.js --env production     # then: pm2 save && pm2 startup
//   pm2 reload ecosystem.config.js --env production    # zero-downtime deploy, one worker at a time
//
// Secrets and settings live in .env.production / .env, which the server reads itself; nothing secret here.
// Read at `pm2 start` / `pm2 reload` from the shell's environment (not from the .env files):
//   PM2_INSTANCES  workers (default 2). Each holds DB_MAX_CONNECTIONS pool connections plus one for the
//                  cluster-wide /metrics, so workers × (pool + 1) must fit PostgreSQL's limit for the app.
//   LOG_DIR        where the app's JSON logs and PM2's stderr file go (default ./logs); passed on to the app.
//
// An ES module (package.json has "type": "module"): PM2 loads it with require(), which loads ES modules on
// Node ≥ 20.19 (our engines floor), so the apps are a named export rather than module.exports.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(fileURLToPath(import.meta.url));
const logDir = path.resolve(root, process.env.LOG_DIR || 'logs');
const instances = Number.parseInt(process.env.PM2_INSTANCES || '2', 10);

export const apps = [
  {
    name: 'pet-products-pos',
    cwd: root,
    // The built bundle: PM2 on Node < 22.18 refuses TypeScript entry points.
    script: 'dist/index.js',
    // OpenTelemetry, loaded before the app's modules; it does nothing unless OTEL_EXPORTER_OTLP_ENDPOINT is set.
    node_args: ['--import', './dist/tracing.js'],
    exec_mode: 'cluster',
    instances,

    // The server sends 'ready' once it listens (after migrations); a reload starts the next worker only
    // then. If 'ready' never comes within listen_timeout, PM2 moves on anyway: long enough for migrations.
    wait_ready: true,
    listen_timeout: 30_000,
    // On SIGINT/SIGTERM the server drains in-flight requests for up to 10 s; PM2 must not SIGKILL first.
    kill_timeout: 15_000,
    shutdown_with_message: false,

    // Restart policy. A leaking worker is replaced gracefully (drained like a reload). A crashing one is
    // retried after a growing delay (100 ms ×1.5 per attempt, capped at 15 s) instead of spinning. PM2 gives
    // up ("errored", only a human restarts it) after max_restarts starts that each lived < min_uptime,
    // counted within min_uptime × max_restarts (250 s) of the app's start; the backoff fits about 26
    // attempts in that window, so PM2 keeps retrying: a PostgreSQL that is still down after a reboot is
    // picked up when it comes back, instead of leaving the tills dead until someone types pm2 restart.
    max_memory_restart: '512M',
    exp_backoff_restart_delay: 100,
    min_uptime: 5_000,
    max_restarts: 50,

    // The app writes its own JSON logs (combined.log, error.log) to LOG_DIR and the same lines to stdout:
    // PM2 keeping stdout too would store every line twice, so it drops it (`pm2 logs` still streams it
    // live). stderr is kept: it has what happens before the logger exists (bad configuration, a crash
    // on start). One file for all workers, each line time-stamped by PM2.
    out_file: '/dev/null',
    error_file: path.join(logDir, 'pm2-error.log'),
    merge_logs: true,
    log_date_format: 'YYYY-MM-DDTHH:mm:ss.SSSZ',

    env: {
      LOG_DIR: logDir,
    },
    env_production: {
      NODE_ENV: 'production',
      LOG_DIR: logDir,
    },
  },
];
