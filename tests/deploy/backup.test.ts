// The backup scripts run for real: pg_dump/pg_restore/psql of Debian's PostgreSQL 15 against a seeded database,
// a real HTTP receiver for the notifications, s3rver for the off-site copy. Each test follows on the previous
// one (same backup directory), in file order.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { CreateBucketCommand, GetObjectCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN_DATABASE_URL,
  adminQuery,
  createTestDatabase,
  repoRoot,
  type TestDatabase,
  tempDir,
} from './support/common';
import {
  parseMetrics,
  runScript,
  type S3Server,
  startS3rver,
  startWebhookReceiver,
  type WebhookReceiver,
} from './support/backup';

let source: TestDatabase;
let live: TestDatabase | undefined;
let root: string;
let backupDir: string;
let metricsFile: string;
let webhook: WebhookReceiver;
let s3: S3Server | undefined;
const roles: string[] = [];

const dumps = () => readdirSync(backupDir).filter((name) => name.endsWith('.dump'));
const visibleFiles = () => readdirSync(backupDir).filter((name) => !name.startsWith('.backup-db.lock'));

function urlFor(database: string, user = 'postgres', password?: string): string {
  const url = new URL(ADMIN_DATABASE_URL);
  url.pathname = `/${database}`;
  url.username = user;
  if (password) {
    url.password = password;
  }
  return url.toString();
}

/** Exact row counts of every table outside the system schemas, as "schema.table" → rows. */
async function tableCounts(database: string): Promise<Record<string, number>> {
  const client = new pg.Client({ connectionString: urlFor(database) });
  await client.connect();
  try {
    const tables = await client.query<{ name: string }>(
      `select format('%I.%I', table_schema, table_name) as name from information_schema.tables
       where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema')
       order by 1`,
    );
    const counts: Record<string, number> = {};
    for (const { name } of tables.rows) {
      const result = await client.query<{ n: string }>(`select count(*) as n from ${name}`);
      counts[name] = Number(result.rows[0]?.n);
    }
    return counts;
  } finally {
    await client.end();
  }
}

async function databasesLike(prefix: string): Promise<string[]> {
  const result = await adminQuery('select datname from pg_database where datname like $1 order by 1', [
    `${prefix}%`,
  ]);
  return result.rows.map((row) => String(row.datname));
}

function baseEnv(): Record<string, string> {
  return {
    DATABASE_URL: source.url,
    BACKUP_DIR: backupDir,
    BACKUP_METRICS_FILE: metricsFile,
    BACKUP_NOTIFY_URL: webhook.url,
  };
}

beforeAll(async () => {
  root = tempDir('backup');
  backupDir = path.join(root, 'db');
  metricsFile = path.join(root, 'textfile', 'pos_backup.prom');
  webhook = await startWebhookReceiver();
  source = await createTestDatabase('pos_bkt');
  // Migrations, then the demo chain with three days of sales history (a few hundred sales).
  execFileSync(process.execPath, ['--import', 'tsx', 'server/db/seed-cli.ts', '--days', '3'], {
    cwd: repoRoot,
    env: { ...process.env, NODE_ENV: 'development', DATABASE_URL: source.url, BCRYPT_ROUNDS: '4' },
    stdio: 'pipe',
  });
});

afterAll(async () => {
  await s3?.stop();
  await webhook?.close();
  for (const prefix of [source?.name, live?.name]) {
    if (!prefix) {
      continue;
    }
    for (const name of await databasesLike(prefix)) {
      await adminQuery(`drop database if exists "${name}" with (force)`);
    }
  }
  for (const role of roles) {
    await adminQuery(`drop role if exists ${role}`);
  }
  if (root) {
    rmSync(root, { recursive: true, force: true });
  }
});

describe('backup-db.sh', () => {
  it('writes one readable custom-format dump, the metrics file and a success notification', async () => {
    const sourceSales = (await tableCounts(source.name))['public.sales_transactions'] ?? 0;
    expect(sourceSales).toBeGreaterThan(0);
    const before = Math.floor(Date.now() / 1000);
    const run = await runScript('backup-db.sh', [], baseEnv());
    const after = Math.ceil(Date.now() / 1000);
    expect(run.code, run.output).toBe(0);

    const files = dumps();
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(new RegExp(`^${source.name}_\\d{8}T\\d{6}Z\\.dump$`));
    expect(visibleFiles().filter((name) => name.includes('partial'))).toEqual([]);
    const file = path.join(backupDir, files[0] ?? '');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    // Custom format starts with PGDMP; pg_restore can read its table of contents.
    expect(readFileSync(file).subarray(0, 5).toString()).toBe('PGDMP');
    const toc = execFileSync('pg_restore', ['--list', file], { encoding: 'utf8' });
    expect(toc).toMatch(/TABLE DATA public sales_transactions /);

    const metrics = parseMetrics(readFileSync(metricsFile, 'utf8'));
    expect(metrics.pos_backup_last_run_success).toBe(1);
    expect(metrics.pos_backup_last_size_bytes).toBe(statSync(file).size);
    expect(metrics.pos_backup_last_success_timestamp_seconds).toBeGreaterThanOrEqual(before);
    expect(metrics.pos_backup_last_success_timestamp_seconds).toBeLessThanOrEqual(after);
    // The metrics file is valid for node_exporter's textfile collector (promtool parses the same format).
    execFileSync('promtool', ['check', 'metrics'], { input: readFileSync(metricsFile) });

    expect(webhook.received).toHaveLength(1);
    expect(webhook.received[0]).toMatchObject({
      status: 'success',
      database: source.name,
      file,
      bytes: statSync(file).size,
    });
  });

  it('fails loudly when pg_dump cannot log in: no file, a failure notification, run_success 0', async () => {
    // Loopback is `trust` on this machine, so a wrong password would be accepted; the honest equivalent is a
    // role whose credentials are refused at login: it exists, has a password, but LOGIN is revoked.
    const role = `${source.name}_nologin`;
    roles.push(role);
    await adminQuery(`create role ${role} nologin password 'right-password'`);
    const previous = parseMetrics(readFileSync(metricsFile, 'utf8'));
    const filesBefore = visibleFiles().sort();
    // Old backups that retention would delete after a success: a failed run must leave them alone.
    const old = path.join(backupDir, `${source.name}_20200101T000000Z.dump`);
    writeFileSync(old, 'old backup');
    const fortyDaysAgo = new Date(Date.now() - 40 * 86_400_000);
    utimesSync(old, fortyDaysAgo, fortyDaysAgo);
    webhook.received.length = 0;

    const commandOutput = path.join(root, 'notify-command.json');
    const run = await runScript('backup-db.sh', [], {
      ...baseEnv(),
      DATABASE_URL: urlFor(source.name, role, 'right-password'),
      BACKUP_RETENTION_DAYS: '30',
      // The second channel: a command that gets the same JSON on stdin, and no database password.
      BACKUP_NOTIFY_COMMAND: `{ cat; echo; echo "status=$BACKUP_STATUS password=\${PGPASSWORD:-none}"; } > ${commandOutput}`,
    });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/not permitted to log in/);
    expect(run.output).not.toContain('right-password');
    expect(visibleFiles().sort()).toEqual([...filesBefore, path.basename(old)].sort());
    expect(readdirSync(backupDir).filter((name) => name.includes('partial'))).toEqual([]);

    expect(webhook.received.map((n) => n.status)).toEqual(['failure']);
    expect(webhook.received[0]?.message).toMatch(/running pg_dump.*not permitted to log in/);
    expect(JSON.stringify(webhook.received)).not.toContain('right-password');
    const [json, variables] = readFileSync(commandOutput, 'utf8').trim().split('\n');
    expect(JSON.parse(json ?? '')).toEqual(webhook.received[0]);
    expect(variables).toBe('status=failure password=none');

    const metrics = parseMetrics(readFileSync(metricsFile, 'utf8'));
    expect(metrics.pos_backup_last_run_success).toBe(0);
    expect(metrics.pos_backup_last_success_timestamp_seconds).toBe(
      previous.pos_backup_last_success_timestamp_seconds,
    );
    expect(metrics.pos_backup_last_size_bytes).toBe(previous.pos_backup_last_size_bytes);
  });

  it('deletes expired backups only after a successful run, and keeps younger ones', async () => {
    const tenDaysAgo = new Date(Date.now() - 10 * 86_400_000);
    const young = path.join(backupDir, `${source.name}_20261101T000000Z.dump`);
    writeFileSync(young, 'younger backup');
    utimesSync(young, tenDaysAgo, tenDaysAgo);
    const expired = `${source.name}_20200101T000000Z.dump`;
    expect(dumps()).toContain(expired);
    const before = new Set(dumps());

    const run = await runScript('backup-db.sh', [], { ...baseEnv(), BACKUP_RETENTION_DAYS: '30' });
    expect(run.code, run.output).toBe(0);
    const after = dumps();
    expect(after).not.toContain(expired);
    expect(after).toContain(path.basename(young));
    expect(after.filter((name) => !before.has(name))).toHaveLength(1);
    expect(run.stderr).toContain(`deleted expired ${path.join(backupDir, expired)}`);
    rmSync(young);
    expect(parseMetrics(readFileSync(metricsFile, 'utf8')).pos_backup_last_run_success).toBe(1);
  });
});

describe('restore-db.sh', () => {
  it('restores into a new database with the same row count in every table, the live one untouched', async () => {
    const file = path.join(backupDir, dumps().sort().at(-1) ?? '');
    const sourceCounts = await tableCounts(source.name);
    const run = await runScript('restore-db.sh', [file], { DATABASE_URL: source.url });
    expect(run.code, run.output).toBe(0);
    expect(run.output).toContain('ledger OK');
    const restoredNames = await databasesLike(`${source.name}_restore_`);
    expect(restoredNames).toHaveLength(1);
    const restoredCounts = await tableCounts(restoredNames[0] ?? '');
    expect(Object.keys(restoredCounts).length).toBeGreaterThan(30);
    expect(restoredCounts).toEqual(sourceCounts);
    expect(await tableCounts(source.name)).toEqual(sourceCounts);
  });

  it('--swap renames the live database aside and the restored copy in, but not while others are connected', async () => {
    const file = path.join(backupDir, dumps().sort().at(-1) ?? '');
    live = await createTestDatabase('pos_bkt_live');
    const marker = new pg.Client({ connectionString: live.url });
    await marker.connect();
    await marker.query('create table marker (x int); insert into marker values (42)');
    const env = { DATABASE_URL: source.url };

    // Not on a terminal and no --yes: refused before anything is renamed.
    const unconfirmed = await runScript(
      'restore-db.sh',
      ['--swap', '--skip-inventory-verify', file, live.name],
      env,
    );
    expect(unconfirmed.code).not.toBe(0);
    expect(unconfirmed.stderr).toContain('--swap needs --yes');

    // The app (here: one open session) is still connected: the swap aborts and the live data stays.
    const busy = await runScript(
      'restore-db.sh',
      ['--swap', '--yes', '--skip-inventory-verify', file, live.name],
      env,
    );
    expect(busy.code).not.toBe(0);
    expect(busy.stderr).toMatch(/1 other session\(s\) on .*stop the app first/);
    expect((await marker.query('select x from marker')).rows).toEqual([{ x: 42 }]);
    await marker.end();
    expect(await databasesLike(`${live.name}_before_restore_`)).toEqual([]);
    const allowed = await adminQuery('select datallowconn from pg_database where datname = $1', [live.name]);
    expect(allowed.rows[0]?.datallowconn).toBe(true);

    const swap = await runScript(
      'restore-db.sh',
      ['--swap', '--yes', '--skip-inventory-verify', file, live.name],
      env,
    );
    expect(swap.code, swap.output).toBe(0);
    const kept = await databasesLike(`${live.name}_before_restore_`);
    expect(kept).toHaveLength(1);
    const keptClient = new pg.Client({ connectionString: urlFor(kept[0] ?? '') });
    await keptClient.connect();
    expect((await keptClient.query('select x from marker')).rows).toEqual([{ x: 42 }]);
    await keptClient.end();
    const liveCounts = await tableCounts(live.name);
    expect(liveCounts['public.marker']).toBeUndefined();
    expect(liveCounts['public.sales_transactions']).toBe(
      (await tableCounts(source.name))['public.sales_transactions'],
    );
  });
});

describe('verify-backup.sh', () => {
  it('passes on the newest backup: restores, ledger balances, key tables match the live database', async () => {
    const run = await runScript('verify-backup.sh', ['--compare-live'], baseEnv());
    expect(run.code, run.output).toBe(0);
    expect(run.output).toContain('ledger OK');
    const sales = (await tableCounts(source.name))['public.sales_transactions'];
    expect(run.stdout).toMatch(new RegExp(`sales_transactions\\s+${sales}\\s+${sales}`));
    expect(await databasesLike(`${source.name.slice(0, 30)}_verify_`)).toEqual([]);
  });

  it('fails on truncated or foreign files and drops its scratch database', async () => {
    const good = path.join(backupDir, dumps().sort().at(-1) ?? '');
    const badDir = path.join(root, 'bad');
    mkdirSync(badDir);
    const bytes = readFileSync(good);
    const scratchLeft = () => databasesLike(`${source.name.slice(0, 30)}_verify_`);

    // Cut at 90%: the table of contents still reads (pg_restore --list passes, so backup-db.sh's own check
    // would not see it); only a real restore finds the missing data.
    const cut = path.join(badDir, `${source.name}_cut90.dump`);
    writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length * 0.9)));
    execFileSync('pg_restore', ['--list', cut], { stdio: 'ignore' });
    webhook.received.length = 0;
    const run = await runScript('verify-backup.sh', [cut], baseEnv());
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/pg_restore into .*_verify_\S+ failed/);
    expect(run.stderr).toMatch(/FAILED: verification/);
    expect(await scratchLeft()).toEqual([]);
    expect(webhook.received.map((n) => n.status)).toEqual(['failure']);

    // Cut in half, and a file that is no dump at all.
    const half = path.join(badDir, `${source.name}_half.dump`);
    writeFileSync(half, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const halfRun = await runScript('verify-backup.sh', [half], baseEnv());
    expect(halfRun.code).not.toBe(0);
    const garbage = path.join(badDir, 'garbage.dump');
    copyFileSync(path.join(repoRoot, 'package.json'), garbage);
    const garbageRun = await runScript('verify-backup.sh', [garbage], baseEnv());
    expect(garbageRun.code).not.toBe(0);
    expect(garbageRun.stderr).toContain('is not a readable pg_dump archive');
    expect(await scratchLeft()).toEqual([]);
  });
});

describe('backup-db.sh with the S3 upload', () => {
  it('uploads the dump byte for byte, and fails with a failure notification when S3 is down', async () => {
    s3 = await startS3rver(path.join(root, 's3rver'));
    const bucket = 'pos-backups';
    const client = new S3Client({
      region: 'us-east-1',
      endpoint: s3.endpoint,
      forcePathStyle: true,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    });
    await client.send(new CreateBucketCommand({ Bucket: bucket }));
    const s3Env = {
      ...baseEnv(),
      BACKUP_S3_BUCKET: bucket,
      BACKUP_S3_PREFIX: 'nightly/',
      AWS_S3_ENDPOINT: s3.endpoint,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'S3RVER',
      AWS_SECRET_ACCESS_KEY: 'S3RVER',
    };
    const before = new Set(dumps());
    webhook.received.length = 0;
    const run = await runScript('backup-db.sh', [], s3Env);
    expect(run.code, run.output).toBe(0);
    const made = dumps().filter((name) => !before.has(name));
    expect(made).toHaveLength(1);
    const local = readFileSync(path.join(backupDir, made[0] ?? ''));
    const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: `nightly/${made[0]}` }));
    expect(head.ContentLength).toBe(local.length);
    const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: `nightly/${made[0]}` }));
    const remote = Buffer.from((await object.Body?.transformToByteArray()) ?? []);
    expect(createHash('sha256').update(remote).digest('hex')).toBe(
      createHash('sha256').update(local).digest('hex'),
    );
    expect(webhook.received.map((n) => n.status)).toEqual(['success']);
    client.destroy();

    await s3.stop();
    const previous = parseMetrics(readFileSync(metricsFile, 'utf8'));
    webhook.received.length = 0;
    const down = await runScript('backup-db.sh', [], s3Env);
    expect(down.code).not.toBe(0);
    expect(down.stderr).toMatch(/failed while uploading to S3/);
    expect(down.output).not.toContain('S3RVER');
    expect(webhook.received.map((n) => n.status)).toEqual(['failure']);
    expect(webhook.received[0]?.message).toMatch(/uploading to S3/);
    const metrics = parseMetrics(readFileSync(metricsFile, 'utf8'));
    expect(metrics.pos_backup_last_run_success).toBe(0);
    expect(metrics.pos_backup_last_success_timestamp_seconds).toBe(
      previous.pos_backup_last_success_timestamp_seconds,
    );
  });
});

describe('backup-app.sh', () => {
  it('archives the env file (mode 600) and the uploaded images, not node_modules', async () => {
    const app = path.join(root, 'app');
    mkdirSync(path.join(app, 'data/images/products/p1'), { recursive: true });
    mkdirSync(path.join(app, 'node_modules/left-pad'), { recursive: true });
    mkdirSync(path.join(app, 'dist'), { recursive: true });
    writeFileSync(path.join(app, '.env.production'), 'SESSION_SECRET=not-for-the-logs\n', { mode: 0o644 });
    writeFileSync(path.join(app, 'data/images/products/p1/photo.webp'), 'image bytes');
    writeFileSync(path.join(app, 'node_modules/left-pad/index.js'), 'module.exports = 1');
    writeFileSync(path.join(app, 'dist/index.js'), 'built');
    const out = path.join(root, 'app-backups');
    const env = {
      APP_DIR: app,
      APP_BACKUP_DIR: out,
      APP_BACKUP_EXTRA_PATHS: '',
      BACKUP_NOTIFY_URL: webhook.url,
    };
    webhook.received.length = 0;

    const run = await runScript('backup-app.sh', [], env);
    expect(run.code, run.output).toBe(0);
    expect(run.output).not.toContain('not-for-the-logs');
    const archives = readdirSync(out).filter((name) => name.endsWith('.tar.gz'));
    expect(archives).toHaveLength(1);
    const archive = path.join(out, archives[0] ?? '');
    expect(statSync(archive).mode & 0o777).toBe(0o600);
    const listing = execFileSync('tar', ['-tvzf', archive], { encoding: 'utf8' });
    const rel = app.slice(1);
    expect(listing).toMatch(new RegExp(`^-rw------- .* ${rel}/\\.env\\.production$`, 'm'));
    expect(listing).toContain(`${rel}/data/images/products/p1/photo.webp`);
    expect(listing).not.toContain('node_modules');
    expect(listing).not.toContain(`${rel}/dist`);
    const extracted = execFileSync('tar', ['-xzOf', archive, `${rel}/.env.production`], { encoding: 'utf8' });
    expect(extracted).toBe('SESSION_SECRET=not-for-the-logs\n');
    expect(webhook.received.map((n) => n.status)).toEqual(['success']);

    // No env file: nothing worth restoring, so it fails and says so.
    rmSync(path.join(app, '.env.production'));
    webhook.received.length = 0;
    const missing = await runScript('backup-app.sh', [], env);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('no env file found');
    expect(webhook.received.map((n) => n.status)).toEqual(['failure']);
    expect(readdirSync(out).filter((name) => name.endsWith('.tar.gz'))).toHaveLength(1);
  });
});
