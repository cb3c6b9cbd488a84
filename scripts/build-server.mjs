// Bundles the server (server/ + shared/) into dist/: one file per entry point (dist/<name>.js); npm packages stay
// external and load from node_modules.
import { build } from 'esbuild';

const started = performance.now();
await build({
  // One entry per line: the server, and the command-line tools a deployment runs without tsx.
  entryPoints: {
    index: 'server/index.ts',
    migrate: 'server/db/migrate-cli.ts',
    'create-admin': 'server/db/create-admin-cli.ts',
    tracing: 'server/tracing.ts',
    'inventory-verify': 'scripts/inventory-verify.ts',
    maintenance: 'server/maintenance-cli.ts',
  },
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20.19',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
});
console.log(`server built to dist/ in ${Math.round(performance.now() - started)} ms`);
