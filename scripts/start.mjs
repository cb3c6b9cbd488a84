// `npm start`: builds whatever is missing or older than its sources, then runs the server (dist/index.js).
// Migrations and the first-run demo seed happen inside the server on start.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      newest = Math.max(newest, newestMtime(full));
    } else {
      newest = Math.max(newest, statSync(full).mtimeMs);
    }
  }
  return newest;
}

function isStale(output, sourceDirs) {
  if (!existsSync(output)) {
    return true;
  }
  const builtAt = statSync(output).mtimeMs;
  return sourceDirs.some((dir) => existsSync(dir) && newestMtime(dir) > builtAt);
}

function run(script) {
  // Under `npm start`, npm tells us where it lives; otherwise use the npm on PATH.
  const npmCli = process.env.npm_execpath;
  const result = npmCli
    ? spawnSync(process.execPath, [npmCli, 'run', script], { stdio: 'inherit' })
    : spawnSync('npm', ['run', script], { stdio: 'inherit' });
  if (result.status !== 0) {
    process.exit(result.status ?? 1);
  }
}

if (isStale('dist/public/index.html', ['client', 'shared'])) {
  console.log('Building the client…');
  run('build:client');
}
if (isStale('dist/index.js', ['server', 'shared'])) {
  console.log('Building the server…');
  run('build:server');
}

const server = spawn(process.execPath, ['--enable-source-maps', 'dist/index.js'], { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => server.kill(signal));
}
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
