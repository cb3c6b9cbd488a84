// The Dockerfile's commands run the same way outside Docker (this machine has no Docker engine): each stage is
// a temporary folder standing for its /app; COPY copies from the repository (respecting .dockerignore) or from
// an earlier stage's folder; RUN runs with sh in that folder; then the runtime stage's CMD starts with the
// image's ENV (paths under /app mapped to the folder) on a fresh PostgreSQL database and Redis, its
// HEALTHCHECK command is run until it passes, and SIGTERM must end it cleanly. Differences from a real image:
// the machine's Node (20) instead of node:22-alpine's, glibc instead of musl, and it runs as root, not `node`.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  createTestDatabase,
  freePort,
  login,
  REDIS_URL,
  repoRoot,
  type TestDatabase,
  tempDir,
} from './support/common';
import {
  dockerignoreMatcher,
  execForm,
  type Instruction,
  parseCopy,
  parseDockerfile,
  parseEnv,
  type Stage,
} from './support/dockerfile';

const WORKDIR = '/app';
const dockerfile = parseDockerfile(readFileSync(path.join(repoRoot, 'Dockerfile'), 'utf8'));
const isIgnored = dockerignoreMatcher(readFileSync(path.join(repoRoot, '.dockerignore'), 'utf8'));
const compose = parse(readFileSync(path.join(repoRoot, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, { command?: string[] }>;
};

function stage(name: string): Stage {
  const found = dockerfile.stages.find((candidate) => candidate.name === name);
  if (!found) {
    throw new Error(`the Dockerfile has no stage ${name}`);
  }
  return found;
}

function ops(target: Stage, op: string): Instruction[] {
  return target.instructions.filter((instruction) => instruction.op === op);
}

function du(dir: string): string {
  return spawnSync('du', ['-sh', dir], { encoding: 'utf8' }).stdout.split('\t')[0] ?? '?';
}

describe('Dockerfile, its commands run outside Docker', () => {
  const root = tempDir('dockerfile');
  const dirs: Record<string, string> = {};
  const imageEnv: Record<string, string> = {};
  let database: TestDatabase;
  let server: ChildProcess | null = null;
  let serverOutput = '';
  let runEnv: Record<string, string> = {};

  /** A path inside the image (/app/…) in the stage's folder. */
  const inStage = (name: string, imagePath: string): string => {
    const base = dirs[name] ?? '';
    const absolute = path.posix.isAbsolute(imagePath) ? imagePath : path.posix.join(WORKDIR, imagePath);
    expect(absolute.startsWith(WORKDIR), `${imagePath} is under ${WORKDIR}`).toBe(true);
    return path.join(base, path.posix.relative(WORKDIR, absolute));
  };

  /** Runs one stage's instructions the way `docker build` would, in its folder. */
  const buildStage = (name: string): Array<{ command: string; seconds: number }> => {
    const target = stage(name);
    dirs[name] = path.join(root, name);
    mkdirSync(dirs[name], { recursive: true });
    const env: Record<string, string> = {};
    const timings: Array<{ command: string; seconds: number }> = [];
    for (const { op, args } of target.instructions) {
      if (op === 'WORKDIR') {
        expect(args).toBe(WORKDIR);
      } else if (op === 'ENV') {
        Object.assign(env, parseEnv(args));
      } else if (op === 'COPY') {
        const { from, sources, dest } = parseCopy(args);
        const destPath = inStage(name, dest);
        const intoFolder = dest.endsWith('/') || sources.length > 1;
        for (const source of sources) {
          let sourcePath: string;
          if (from) {
            sourcePath = inStage(from, source);
          } else {
            expect(isIgnored(source), `COPY ${source} is excluded by .dockerignore`).toBe(false);
            sourcePath = path.join(repoRoot, source);
          }
          expect(existsSync(sourcePath), `COPY source ${source}`).toBe(true);
          const target =
            statSync(sourcePath).isDirectory() || !intoFolder
              ? destPath
              : path.join(destPath, path.basename(source));
          cpSync(sourcePath, target, {
            recursive: true,
            // Stages copy everything; the build context leaves out what .dockerignore names.
            filter: (file) => from !== null || !isIgnored(path.relative(repoRoot, file)),
          });
        }
      } else if (op === 'RUN') {
        const started = performance.now();
        const result = spawnSync('sh', ['-c', args], {
          cwd: dirs[name],
          encoding: 'utf8',
          // A clean environment like a build container's; npm may use this machine's cache (same packages).
          env: {
            PATH: process.env.PATH ?? '',
            HOME: process.env.HOME ?? '/root',
            ...env,
            npm_config_prefer_offline: 'true',
          },
          maxBuffer: 64 * 1024 * 1024,
        });
        expect(result.status, `RUN ${args}\n${result.stdout}\n${result.stderr}`).toBe(0);
        timings.push({ command: args, seconds: Math.round((performance.now() - started) / 100) / 10 });
      }
    }
    if (name === 'runtime') {
      Object.assign(imageEnv, env);
    }
    return timings;
  };

  beforeAll(async () => {
    database = await createTestDatabase('pos_dockerfile');
  });

  afterAll(async () => {
    if (server && server.exitCode === null) {
      server.kill('SIGKILL');
    }
    let started = performance.now();
    await database?.drop();
    console.log(`cleanup: database dropped in ${Math.round(performance.now() - started)} ms`);
    started = performance.now();
    rmSync(root, { recursive: true, force: true });
    console.log(`cleanup: ${root} removed in ${Math.round(performance.now() - started)} ms`);
  }, 600_000);

  it('declares a supported Node LTS on Alpine, a non-root user, exec-form CMD and a health check without curl', () => {
    expect(dockerfile.stages.map((candidate) => candidate.name)).toEqual(['build', 'deps', 'runtime']);
    for (const candidate of dockerfile.stages) {
      expect(candidate.from).toBe('node:22-alpine');
    }
    const runtime = stage('runtime');
    expect(ops(runtime, 'USER').map((instruction) => instruction.args)).toEqual(['node']);
    expect(ops(runtime, 'EXPOSE').map((instruction) => instruction.args)).toEqual(['3000']);
    expect(
      parseEnv(
        ops(runtime, 'ENV')
          .map((instruction) => instruction.args)
          .join(' '),
      ),
    ).toMatchObject({
      NODE_ENV: 'production',
      HOST: '0.0.0.0',
      PORT: '3000',
    });
    const cmd = execForm(ops(runtime, 'CMD')[0]?.args ?? '');
    expect(cmd[0]).toBe('node');
    expect(cmd.at(-1)).toBe('dist/index.js');
    const healthcheck = ops(runtime, 'HEALTHCHECK')[0]?.args ?? '';
    expect(execForm(healthcheck)).toEqual(['node', 'scripts/healthcheck.mjs']);
    expect(readFileSync(path.join(repoRoot, 'Dockerfile'), 'utf8')).not.toMatch(/^[^#]*\bcurl\b/m);
    // The build needs dev dependencies; the runtime gets production ones only.
    expect(ops(stage('build'), 'RUN').map((instruction) => instruction.args)).toEqual([
      'npm ci --no-audit --no-fund',
      'npm run build',
    ]);
    expect(ops(stage('deps'), 'RUN').map((instruction) => instruction.args)).toEqual([
      'npm ci --omit=dev --no-audit --no-fund',
    ]);
    expect(ops(runtime, 'RUN').some((instruction) => /npm (ci|install|run)/.test(instruction.args))).toBe(
      false,
    );
  });

  it('build stage: npm ci with dev dependencies, then npm run build makes the server, migrator and client', () => {
    const timings = buildStage('build');
    console.log(`build stage: ${timings.map((t) => `${t.command} ${t.seconds} s`).join('; ')}`);
    for (const file of [
      'dist/index.js',
      'dist/migrate.js',
      'dist/create-admin.js',
      'dist/public/index.html',
    ]) {
      expect(existsSync(path.join(dirs.build ?? '', file)), file).toBe(true);
    }
    // Nothing the build context must not carry: no .env, no local data, no node_modules from the host.
    expect(existsSync(path.join(dirs.build ?? '', 'client', '.env'))).toBe(false);
  }, 300_000);

  it('deps stage: npm ci --omit=dev leaves no dev dependency; bcrypt has its musl binary (no compiler needed)', () => {
    const timings = buildStage('deps');
    console.log(`deps stage: ${timings.map((t) => `${t.command} ${t.seconds} s`).join('; ')}`);
    const modules = path.join(dirs.deps ?? '', 'node_modules');
    for (const devOnly of [
      'vite',
      'vitest',
      '@biomejs/biome',
      'typescript',
      'pm2',
      'playwright-core',
      'drizzle-kit',
    ]) {
      expect(existsSync(path.join(modules, devOnly)), `${devOnly} in the runtime node_modules`).toBe(false);
    }
    // swagger-ui-dist: the files /api/docs serves.
    for (const needed of [
      'express',
      'pg',
      'ioredis',
      'bcrypt',
      'drizzle-orm',
      'prom-client',
      'swagger-ui-dist',
    ]) {
      expect(existsSync(path.join(modules, needed)), needed).toBe(true);
    }
    for (const arch of ['linux-x64', 'linux-arm64']) {
      expect(existsSync(path.join(modules, 'bcrypt', 'prebuilds', arch, 'bcrypt.musl.node'))).toBe(true);
    }
    console.log(
      `runtime node_modules: ${du(modules)} (the dev tree in the build stage: ${du(path.join(dirs.build ?? '', 'node_modules'))})`,
    );
  }, 300_000);

  it('runtime stage: production node_modules, package.json, migrations, the health check script and dist/', () => {
    buildStage('runtime');
    const runtime = dirs.runtime ?? '';
    for (const file of [
      'package.json',
      'migrations/meta/_journal.json',
      'scripts/healthcheck.mjs',
      'dist/index.js',
    ]) {
      expect(existsSync(path.join(runtime, file)), file).toBe(true);
    }
    expect(existsSync(path.join(runtime, 'server'))).toBe(false);
    expect(existsSync(path.join(runtime, 'node_modules', 'vite'))).toBe(false);
    expect(existsSync(path.join(runtime, 'logs'))).toBe(true);
    expect(statSync(path.join(runtime, 'logs')).uid).toBe(1000);
    console.log(`runtime /app: ${du(runtime)} (dist: ${du(path.join(runtime, 'dist'))})`);
  });

  it("Compose's migrate command and the bundled create-admin run in the runtime tree (no tsx, no sources)", async () => {
    const runtime = dirs.runtime ?? '';
    const port = await freePort();
    const mapped = Object.fromEntries(
      Object.entries(imageEnv).map(([name, value]) => [
        name,
        value.startsWith(WORKDIR) ? path.join(runtime, path.posix.relative(WORKDIR, value)) : value,
      ]),
    );
    runEnv = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/root',
      ...mapped,
      PORT: String(port),
      DATABASE_URL: database.url,
      REDIS_URL,
      REDIS_KEY_PREFIX: `pos-dockerfile-${randomBytes(4).toString('hex')}:`,
      JWT_SECRET: randomBytes(36).toString('base64'),
      SESSION_SECRET: randomBytes(36).toString('base64'),
    };
    expect(runEnv.JWT_SECRET).toHaveLength(48);
    const migrateCommand = compose.services.migrate?.command ?? [];
    expect(migrateCommand[0]).toBe('node');
    const migrate = spawnSync(process.execPath, migrateCommand.slice(1), {
      cwd: runtime,
      env: runEnv,
      encoding: 'utf8',
    });
    expect(migrate.status, migrate.stderr).toBe(0);
    expect(migrate.stdout).toContain('applied to PostgreSQL');
    const admin = spawnSync(process.execPath, ['dist/create-admin.js', '--username', 'admin'], {
      cwd: runtime,
      env: runEnv,
      input: 'a-long-admin-password-1\n',
      encoding: 'utf8',
    });
    expect(admin.status, admin.stderr).toBe(0);
    expect(admin.stdout).toContain('Admin admin created');
  }, 120_000);

  it('CMD starts in production; the HEALTHCHECK command passes; sign-in and the client work', async () => {
    const runtime = dirs.runtime ?? '';
    const cmd = execForm(ops(stage('runtime'), 'CMD')[0]?.args ?? '');
    server = spawn(process.execPath, cmd.slice(1), {
      cwd: runtime,
      env: runEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server.stdout?.on('data', (chunk) => {
      serverOutput += chunk;
    });
    server.stderr?.on('data', (chunk) => {
      serverOutput += chunk;
    });
    const healthcheck = execForm(ops(stage('runtime'), 'HEALTHCHECK')[0]?.args ?? '');
    const started = performance.now();
    let status: number | null = null;
    while (performance.now() - started < 90_000 && server.exitCode === null) {
      status = spawnSync(process.execPath, healthcheck.slice(1), { cwd: runtime, env: runEnv }).status;
      if (status === 0) {
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(status, serverOutput).toBe(0);
    console.log(`HEALTHCHECK passed ${Math.round(performance.now() - started)} ms after the start`);
    // The health check ran with spawnSync, which blocks this process: the server's output may still wait in the pipe.
    await expect.poll(() => serverOutput, { timeout: 5_000 }).toContain('database pool:');
    const base = `http://127.0.0.1:${runEnv.PORT}`;
    const health = (await (await fetch(`${base}/api/health`)).json()) as Record<string, unknown>;
    expect(health).toMatchObject({ status: 'ok', db: 'ok', redis: 'ok', sessionStore: 'redis' });
    // bcrypt's native module loads from the production tree: a real sign-in.
    await login(base, 'admin', 'a-long-admin-password-1');
    const page = await fetch(`${base}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root">');
  }, 120_000);

  it('SIGTERM ends the CMD process with exit 0 within the grace time; the HEALTHCHECK then fails', async () => {
    const child = server;
    expect(child?.exitCode).toBeNull();
    const started = performance.now();
    const code = await new Promise<number | null>((resolve) => {
      child?.once('exit', (exitCode) => resolve(exitCode));
      child?.kill('SIGTERM');
    });
    const seconds = (performance.now() - started) / 1000;
    console.log(`exit ${code} ${seconds.toFixed(2)} s after SIGTERM`);
    expect(code).toBe(0);
    // docker-compose.yml gives 15 s (stop_grace_period) before SIGKILL.
    expect(seconds).toBeLessThan(15);
    expect(serverOutput).toContain('shut down cleanly');
    const healthcheck = execForm(ops(stage('runtime'), 'HEALTHCHECK')[0]?.args ?? '');
    const after = spawnSync(process.execPath, healthcheck.slice(1), { cwd: dirs.runtime, env: runEnv });
    expect(after.status).toBe(1);
  });
});
