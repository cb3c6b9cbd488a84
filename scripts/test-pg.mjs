// `npm run test:pg`: the API suite on real PostgreSQL and Redis (each test file makes and drops its own database).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const env = {
  ...process.env,
  TEST_DATABASE_URL: process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
};
console.log(`API tests on ${env.TEST_DATABASE_URL.replace(/:[^:@/]*@/, ':***@')} and ${env.REDIS_URL}`);
const result = spawnSync(
  path.join(root, 'node_modules', '.bin', 'vitest'),
  ['run', 'tests/api', ...process.argv.slice(2)],
  {
    cwd: root,
    env,
    stdio: 'inherit',
  },
);
process.exit(result.status ?? 1);
