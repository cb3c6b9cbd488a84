import { defineConfig } from 'vitest/config';

// The API fuzz suite (npm run test:fuzz): thousands of requests against one in-process app, so one file at a
// time with generous timeouts; kept out of the default config, which it would slow down.
export default defineConfig({
  test: {
    include: ['tests/fuzz/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    maxWorkers: 1,
    testTimeout: 300_000,
    hookTimeout: 120_000,
  },
});
