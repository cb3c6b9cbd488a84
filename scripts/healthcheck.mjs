// The container health check (Dockerfile HEALTHCHECK, docker-compose.yml): exits 0 when /api/health answers
// 200 (the database and Redis reachable), 1 otherwise. Node's own fetch: Alpine images have no curl.
// Usage: node scripts/healthcheck.mjs   (PORT from the environment, default 3000)
const url = `http://127.0.0.1:${process.env.PORT || 3000}/api/health`;
try {
  const response = await fetch(url, { signal: AbortSignal.timeout(4000) });
  process.exit(response.ok ? 0 : 1);
} catch {
  process.exit(1);
}
