import { defineConfig } from 'vitest/config';

// `npm run test:deploy`: the deployment files proven with the real programs (Nginx, PM2, pg_dump, promtool,
// docker-compose's validator) against the built server. Needs `npm run build` first, PostgreSQL and Redis on
// 127.0.0.1. One file at a time: they start daemons and bind ports.
export default defineConfig({
  test: {
    include: ['tests/deploy/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 300_000,
  },
});
