// init-db.sql on the machine's PostgreSQL, as an operator runs it on a host (psql -v …) and as the postgres
// image runs it (values from the environment): idempotent, the app role migrates and works with the tables,
// tables the administrator makes later are covered by default privileges, the monitor role reads statistics
// and nothing else, the documented connection limits, and only these roles may connect.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminQuery, createTestDatabase, repoRoot, requireBuild, type TestDatabase } from './support/common';
import { dropRoles, queryAs, randomSecret, runInitDb, uniqueRole, urlFor } from './support/database-roles';

const appRole = uniqueRole('pos_it_app');
const monitorRole = uniqueRole('pos_it_mon');
const outsiderRole = uniqueRole('pos_it_other');
const variables = {
  app_user: appRole,
  app_password: randomSecret(),
  monitor_user: monitorRole,
  monitor_password: randomSecret(),
};

describe('init-db.sql', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    requireBuild();
    database = await createTestDatabase('pos_initdb');
  });

  afterAll(async () => {
    await database?.drop();
    await dropRoles([appRole, monitorRole, outsiderRole]);
  });

  it('runs twice with psql -v ON_ERROR_STOP=1 without an error (idempotent)', () => {
    const first = runInitDb(database.name, variables);
    expect(first.output).not.toMatch(/ERROR/);
    expect(first.status).toBe(0);
    const second = runInitDb(database.name, variables);
    expect(second.output).not.toMatch(/ERROR/);
    expect(second.status).toBe(0);
    expect(second.output).toContain(
      `roles "${appRole}" and "${monitorRole}" ready in database "${database.name}"`,
    );
  });

  it('takes its values from the environment as the postgres image runs it, and refuses a missing password', () => {
    const fromEnv = runInitDb(
      database.name,
      {},
      {
        APP_DB_USER: appRole,
        APP_DB_PASSWORD: variables.app_password,
        MONITOR_DB_USER: monitorRole,
        MONITOR_DB_PASSWORD: variables.monitor_password,
      },
    );
    expect(fromEnv.output).not.toMatch(/ERROR/);
    expect(fromEnv.status).toBe(0);
    const missing = runInitDb(database.name, {
      app_user: appRole,
      monitor_user: monitorRole,
      monitor_password: 'x',
    });
    expect(missing.status).toBe(3);
    expect(missing.output).toContain('init-db.sql: set app_password');
  });

  it('sets the documented connection limits on non-superuser login roles with SCRAM passwords', async () => {
    const { rows } = await adminQuery(
      `select rolname, rolconnlimit, rolsuper, rolcanlogin, rolcreatedb, rolpassword like 'SCRAM-SHA-256$%' as scram
         from pg_authid where rolname = any($1) order by rolconnlimit desc`,
      [[appRole, monitorRole]],
    );
    expect(rows).toEqual([
      {
        rolname: appRole,
        rolconnlimit: 40,
        rolsuper: false,
        rolcanlogin: true,
        rolcreatedb: false,
        scram: true,
      },
      {
        rolname: monitorRole,
        rolconnlimit: 3,
        rolsuper: false,
        rolcanlogin: true,
        rolcreatedb: false,
        scram: true,
      },
    ]);
    const { rows: extensions } = await queryAs(
      database.name,
      appRole,
      'select extname from pg_extension',
    ).then((result) => ('rows' in result ? result : { rows: [] }));
    expect(extensions.map((row) => row.extname)).toContain('pg_trgm');
  });

  it('a re-run with another limit changes it (how an operator raises it)', async () => {
    const rerun = runInitDb(database.name, { ...variables, app_connection_limit: '25' });
    expect(rerun.status).toBe(0);
    const { rows } = await adminQuery('select rolconnlimit from pg_roles where rolname = $1', [appRole]);
    expect(rows[0]?.rolconnlimit).toBe(25);
    expect(runInitDb(database.name, variables).status).toBe(0);
  });

  it('the app role runs the bundled migrator, then reads and writes the tables it created', async () => {
    const migrate = spawnSync(process.execPath, ['dist/migrate.js'], {
      cwd: repoRoot,
      encoding: 'utf8',
      env: {
        ...process.env,
        NODE_ENV: 'development',
        DATABASE_URL: urlFor(database.name, appRole, variables.app_password),
        DATA_DIR: path.join(repoRoot, '.scratch', 'unused'),
      },
    });
    expect(migrate.stderr).toBe('');
    expect(migrate.status).toBe(0);
    expect(migrate.stdout).toMatch(/Migrations from .* applied to PostgreSQL/);
    const inserted = await queryAs(
      database.name,
      appRole,
      "insert into categories (name) values ('init-db test') returning name",
    );
    expect(inserted).toEqual({ rows: [{ name: 'init-db test' }] });
    expect(
      await queryAs(database.name, appRole, "update categories set position = 2 where name = 'init-db test'"),
    ).toEqual({ rows: [] });
    expect(await queryAs(database.name, appRole, 'select count(*)::int as n from categories')).toEqual({
      rows: [{ n: 1 }],
    });
  });

  it('a table the administrator creates later (a restore, a fix) is usable by the app: default privileges', async () => {
    // As the administrator, in the test database (adminQuery talks to the postgres database).
    const admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    try {
      await admin.query('create table admin_made (id serial primary key, note text)');
    } finally {
      await admin.end();
    }
    expect(
      await queryAs(database.name, appRole, "insert into admin_made (note) values ('ok') returning id"),
    ).toEqual({
      rows: [{ id: 1 }],
    });
    expect(await queryAs(database.name, appRole, 'select note from admin_made')).toEqual({
      rows: [{ note: 'ok' }],
    });
  });

  it('the monitor role reads the statistics views but no app table: permission denied', async () => {
    const activity = await queryAs(
      database.name,
      monitorRole,
      'select count(*)::int as n from pg_stat_activity where query is not null',
    );
    expect(activity).toMatchObject({ rows: [{ n: expect.any(Number) }] });
    const stats = await queryAs(
      database.name,
      monitorRole,
      `select xact_commit >= 0 as ok from pg_stat_database where datname = '${database.name}'`,
    );
    expect(stats).toEqual({ rows: [{ ok: true }] });
    const tables = await queryAs(
      database.name,
      monitorRole,
      'select count(*)::int as n from pg_stat_user_tables',
    );
    expect(tables).toMatchObject({ rows: [{ n: expect.any(Number) }] });
    for (const sql of [
      'select * from categories',
      'select * from users',
      'select * from admin_made',
      "insert into categories (name) values ('x')",
      'delete from sales_transactions',
    ]) {
      expect(await queryAs(database.name, monitorRole, sql), sql).toMatchObject({ error: '42501' });
    }
  });

  it('other roles cannot connect to the database (CONNECT revoked from PUBLIC)', async () => {
    await adminQuery(`create role "${outsiderRole}" login`);
    expect(await queryAs(database.name, outsiderRole, 'select 1')).toMatchObject({ error: '42501' });
  });
});
