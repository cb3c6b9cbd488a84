import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Browser tests against an already-running server (E2E_BASE_URL): one file at a time, one browser at a time.
export default defineConfig({
  test: {
    root: fileURLToPath(new URL('../..', import.meta.url)),
    include: ['tests/e2e/**/*.e2e.ts'],
    environment: 'node',
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
