// Helpers for the database bootstrap tests: psql runs of init-db.sql, URLs for other roles, queries as a role.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import pg from 'pg';
import { ADMIN_DATABASE_URL, adminQuery, repoRoot } from './common';

/** A role name no other test or helper uses. */
export function uniqueRole(prefix: string): string {
  return `${prefix}_${randomBytes(4).toString('hex')}`;
}

export function randomSecret(): string {
  return randomBytes(24).toString('hex');
}

/** The admin URL pointed at `database`, signed in as `role` (the machine trusts loopback, so no password). */
export function urlFor(database: string, role?: string, password?: string): string {
  const url = new URL(ADMIN_DATABASE_URL);
  url.pathname = `/${database}`;
  if (role) {
    url.username = role;
    url.password = password ?? '';
  }
  return url.toString();
}

/** Runs init-db.sql with psql on `database` as the admin, with psql variables and extra environment. */
export function runInitDb(
  database: string,
  variables: Record<string, string>,
  env: Record<string, string> = {},
): { status: number | null; output: string } {
  const args = [urlFor(database), '-X', '-v', 'ON_ERROR_STOP=1'];
  for (const [name, value] of Object.entries(variables)) {
    args.push('-v', `${name}=${value}`);
  }
  args.push('-f', path.join(repoRoot, 'init-db.sql'));
  const result = spawnSync('psql', args, { encoding: 'utf8', env: { ...process.env, ...env } });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/** Runs one statement as `role` on `database`; returns the rows or the SQLSTATE of the error. */
export async function queryAs(
  database: string,
  role: string,
  sql: string,
): Promise<{ rows: Record<string, unknown>[] } | { error: string; message: string }> {
  const client = new pg.Client({ connectionString: urlFor(database, role, 'unused') });
  try {
    await client.connect();
    const result = await client.query(sql);
    return { rows: result.rows };
  } catch (error) {
    const { code, message } = error as { code?: string; message: string };
    return { error: code ?? 'unknown', message };
  } finally {
    await client.end().catch(() => {});
  }
}

/** Drops roles made by a test (after its databases are gone: roles are cluster-wide). */
export async function dropRoles(roles: string[]): Promise<void> {
  for (const role of roles) {
    await adminQuery(`drop role if exists "${role}"`);
  }
}
