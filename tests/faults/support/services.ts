// Throwaway PostgreSQL and Redis for the fault suite: the test stops and starts them at will, so they must be
// its own, never the machine's shared ones (other suites and helpers use those at the same time).
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { chownSync, existsSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import pg from 'pg';
import { freePort, tempDir } from '../../deploy/support/common';
import { eventually } from '../../deploy/support/pm2';

const run = promisify(execFile);
// Debian's server binaries are not on PATH: the newest installed major (15 on Debian 12), or PG_BIN_DIR.
const PG_BIN =
  process.env.PG_BIN_DIR ??
  (() => {
    const majors = existsSync('/usr/lib/postgresql')
      ? readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a))
      : [];
    return `/usr/lib/postgresql/${majors[0] ?? '15'}/bin`;
  })();

export type PrivatePostgres = {
  port: number;
  /** The cluster's superuser database URL (trust auth, 127.0.0.1 only). */
  adminUrl: string;
  urlFor(database: string): string;
  start(): Promise<void>;
  /** `pg_ctl stop -m fast`: open connections are cut, as a crash or a restart of the service cuts them. */
  stop(): Promise<void>;
  destroy(): Promise<void>;
};

/**
 * A PostgreSQL cluster in a temp dir (initdb refuses root, so as user postgres when we are root). fsync off:
 * the faults are the server's, not the disk's; a fast stop still writes a clean shutdown checkpoint.
 */
export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const dir = tempDir('faults-pg');
  const dataDir = path.join(dir, 'data');
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    chownSync(dir, Number(stdout.trim()), Number(gid.trim()));
  }
  const pgCommand = (bin: string, args: string[]) =>
    asRoot
      ? run('runuser', ['-u', 'postgres', '--', path.join(PG_BIN, bin), ...args])
      : run(path.join(PG_BIN, bin), args);
  await pgCommand('initdb', ['-D', dataDir, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']);
  const port = await freePort();
  const options = [
    `-p ${port}`,
    `-k ${dir}`,
    '-c listen_addresses=127.0.0.1',
    '-c fsync=off',
    '-c synchronous_commit=off',
    '-c max_connections=60',
  ].join(' ');
  const adminUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const start = async () => {
    await pgCommand('pg_ctl', [
      '-D',
      dataDir,
      '-o',
      options,
      '-l',
      path.join(dir, 'postgres.log'),
      '-w',
      'start',
    ]);
  };
  const stop = async () => {
    await pgCommand('pg_ctl', ['-D', dataDir, '-m', 'fast', '-w', 'stop']);
  };
  await start();
  return {
    port,
    adminUrl,
    urlFor: (database) => `postgres://postgres@127.0.0.1:${port}/${database}`,
    start,
    stop,
    destroy: async () => {
      await stop().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type PrivateRedis = {
  url: string;
  start(): Promise<void>;
  /** SIGKILL: Redis gone at once, as a crashed or stopped service is. */
  stop(): Promise<void>;
  destroy(): Promise<void>;
};

/**
 * redis-server as our own child process on a free port. Its append-only file is fsynced on every write, as a
 * persistent production Redis keeps sessions across a restart; without it a restart would log every till out.
 */
export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  const dir = tempDir('faults-redis');
  const url = `redis://127.0.0.1:${port}`;
  let child: ChildProcess | null = null;
  const start = async () => {
    child = spawn(
      'redis-server',
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--dir',
        dir,
        '--save',
        '',
        '--appendonly',
        'yes',
        '--appendfsync',
        'always',
        '--daemonize',
        'no',
      ],
      { stdio: 'ignore' },
    );
    await eventually(
      `redis-server on port ${port}`,
      async () => {
        const probe = new Redis(url, {
          lazyConnect: true,
          maxRetriesPerRequest: 0,
          retryStrategy: () => null,
        });
        // Refused while redis-server starts: the rejected connect() says so, the event needs no report.
        probe.on('error', () => {});
        try {
          await probe.connect();
          return (await probe.ping()) === 'PONG';
        } finally {
          probe.disconnect();
        }
      },
      15_000,
    );
  };
  const stop = async () => {
    const current = child;
    child = null;
    if (!current || current.exitCode !== null) {
      return;
    }
    await new Promise<void>((resolve) => {
      current.once('exit', () => resolve());
      current.kill('SIGKILL');
    });
  };
  await start();
  return {
    url,
    start,
    stop,
    destroy: async () => {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** One query on a fresh connection. */
export async function query<T extends pg.QueryResultRow>(
  url: string,
  text: string,
  values: unknown[] = [],
): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}
