// OpenTelemetry tracing, loaded before the app: `node --import ./dist/tracing.js dist/index.js`.
// Off unless OTEL_EXPORTER_OTLP_ENDPOINT (or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) is set: then nothing of the SDK
// is even loaded. When on, spans for incoming and outgoing HTTP, Express routes and middleware, PostgreSQL
// queries (pg) and Redis commands (ioredis) go to the OTLP/HTTP endpoint (a collector, Jaeger, Tempo…).
// Standard variables apply: OTEL_SERVICE_NAME (default pet-products-pos), OTEL_RESOURCE_ATTRIBUTES (service.version
// defaults to package.json's version), OTEL_TRACES_SAMPLER(_ARG), OTEL_EXPORTER_OTLP_HEADERS. The exporter
// speaks OTLP/HTTP with JSON bodies (port 4318 of a collector).
import { readFileSync } from 'node:fs';
import { register } from 'node:module';
import path from 'node:path';
import { findAppRoot } from './lib/app-root';
import { loadEnvFiles } from './lib/env-files';

/** The app's version (package.json), as /api/health reports it. */
function appVersion(): string {
  try {
    return (
      (JSON.parse(readFileSync(path.join(findAppRoot(), 'package.json'), 'utf8')) as { version?: string })
        .version ?? '0.0.0'
    );
  } catch {
    return '0.0.0';
  }
}

// The same .env files the server reads, so OTEL_* there work too (the real environment still wins).
loadEnvFiles();

const endpoint = process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || process.env.OTEL_EXPORTER_OTLP_ENDPOINT;

if (endpoint) {
  // The server bundle imports its npm packages (express, pg, ioredis) as ES modules from node_modules. The
  // instrumentations patch modules as they load: require() calls through require-in-the-middle, ES imports
  // only through this loader hook (import-in-the-middle), which must be registered before the app is imported.
  register('@opentelemetry/instrumentation/hook.mjs', import.meta.url);

  const [{ NodeSDK }, { OTLPTraceExporter }, http, express, pg, ioredis] = await Promise.all([
    import('@opentelemetry/sdk-node'),
    import('@opentelemetry/exporter-trace-otlp-http'),
    import('@opentelemetry/instrumentation-http'),
    import('@opentelemetry/instrumentation-express'),
    import('@opentelemetry/instrumentation-pg'),
    import('@opentelemetry/instrumentation-ioredis'),
  ]);
  process.env.OTEL_SERVICE_NAME ||= 'pet-products-pos';
  // service.version from the environment when given there, else the app's own version.
  const attributes = process.env.OTEL_RESOURCE_ATTRIBUTES ?? '';
  if (!/(^|,)\s*service\.version=/.test(attributes)) {
    process.env.OTEL_RESOURCE_ATTRIBUTES = [attributes, `service.version=${appVersion()}`]
      .filter(Boolean)
      .join(',');
  }

  const sdk = new NodeSDK({
    // Reads OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT and the headers from the environment.
    traceExporter: new OTLPTraceExporter(),
    // Traces only: metrics stay with Prometheus (/metrics), logs with winston (no OTLP exporters for them).
    metricReaders: [],
    logRecordProcessors: [],
    instrumentations: [
      new http.HttpInstrumentation({
        // Prometheus scrapes and load-balancer health checks every few seconds would drown the real traffic.
        ignoreIncomingRequestHook: (req) => req.url === '/metrics' || req.url === '/api/health',
      }),
      new express.ExpressInstrumentation(),
      new pg.PgInstrumentation({ enhancedDatabaseReporting: false }),
      new ioredis.IORedisInstrumentation(),
    ],
  });
  sdk.start();

  // The server exits by itself after draining (process.exit); flush what is buffered when it is told to stop.
  const flush = () => {
    sdk.shutdown().catch(() => {});
  };
  process.once('SIGTERM', flush);
  process.once('SIGINT', flush);
}
