import { defineConfig } from 'vitest/config';

// `npm run test:faults`: faults injected under load against the built server under PM2 (needs `npm run build`
// first). The suite starts its own PostgreSQL 15 cluster (initdb; as user postgres when run as root) and its
// own redis-server, so stopping them touches nothing else. One file at a time, long timeouts.
export default defineConfig({
  test: {
    include: ['tests/faults/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 240_000,
    hookTimeout: 300_000,
  },
});
