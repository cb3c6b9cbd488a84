// Bundles the server (server/ + shared/) into dist/index.js; npm packages stay external and load from node_modules.
import { build } from 'esbuild';

const started = performance.now();
await build({
  entryPoints: ['server/index.ts'],
  outfile: 'dist/index.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20.19',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
});
console.log(`server built to dist/index.js in ${Math.round(performance.now() - started)} ms`);
