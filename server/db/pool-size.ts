import pg from 'pg';
import type { Config } from '../config';
import type { DatabaseOptions } from './client';

/** Each process needs two: one may sit in a long transaction while a health check or another request runs. */
export const MIN_POOL_SIZE = 2;
/** Connections each process holds outside its pool: the LISTEN of server/db/listener.ts. */
export const LISTENER_CONNECTIONS = 1;

/** The connection limits PostgreSQL applies to the role this app signs in as; null where none is set. */
export type ConnectionLimits = {
  role: string;
  /** `CONNECTION LIMIT` of the role (rolconnlimit); null when unlimited or when the role is a superuser. */
  roleLimit: number | null;
  database: string;
  /** `CONNECTION LIMIT` of the database (datconnlimit); null when unlimited or for a superuser. */
  databaseLimit: number | null;
  /** max_connections less the slots kept for superusers (and pg_use_reserved_connections, PostgreSQL 16+). */
  serverLimit: number;
};

export type PoolPlanInput = {
  limits: ConnectionLimits;
  /** DB_MAX_CONNECTIONS: the largest pool wanted per process. */
  maxPerProcess: number;
  /** DB_RESERVED_CONNECTIONS: kept free for migrations, backups, CLI tools and psql sessions. */
  reserved: number;
  /** Processes of this app sharing the role: PM2's instance count, 1 outside PM2. */
  processes: number;
  /** A PM2 cluster reload starts each new worker before the old one has closed its pool: one more process. */
  isPm2Cluster: boolean;
};

export type PoolPlan = {
  poolSize: number;
  maxPerProcess: number;
  allowed: number;
  allowedBy: string;
  reserved: number;
  sharedBy: number;
};

export class PoolSizeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PoolSizeError';
  }
}

/**
 * The pool size of one process: DB_MAX_CONNECTIONS, or less when the connections PostgreSQL allows this role
 * (after the reserve) divided among the processes that share them are fewer. Throws PoolSizeError, naming
 * the numbers and what to change, when each process would get fewer than MIN_POOL_SIZE.
 */
export function planPoolSize(input: PoolPlanInput): PoolPlan {
  const { limits } = input;
  const candidates: Array<[number, string]> = [
    [limits.serverLimit, 'the server (max_connections less reserved slots)'],
  ];
  if (limits.databaseLimit !== null) {
    candidates.push([limits.databaseLimit, `database ${limits.database} (CONNECTION LIMIT)`]);
  }
  if (limits.roleLimit !== null) {
    candidates.push([limits.roleLimit, `role ${limits.role} (CONNECTION LIMIT)`]);
  }
  const [allowed, allowedBy] = candidates.reduce((smallest, next) =>
    next[0] < smallest[0] ? next : smallest,
  );
  const sharedBy = input.processes + (input.isPm2Cluster ? 1 : 0);
  // Each process also keeps one connection outside its pool: the LISTEN for the other processes' news.
  const perProcess = Math.floor((allowed - input.reserved) / sharedBy) - LISTENER_CONNECTIONS;
  if (perProcess < MIN_POOL_SIZE) {
    const who = `${
      input.isPm2Cluster
        ? `${input.processes} PM2 workers + 1 during a rolling reload`
        : `${input.processes} process${input.processes === 1 ? '' : 'es'}`
    }, each also holding ${LISTENER_CONNECTIONS} outside its pool to hear the others`;
    throw new PoolSizeError(
      `Database connections do not fit: PostgreSQL allows ${allowed} for ${allowedBy}; ` +
        `DB_RESERVED_CONNECTIONS=${input.reserved} are kept back, so ${allowed - input.reserved} are shared by ${who}: ` +
        `${Math.max(perProcess, 0)} each for its pool, and each process needs at least ${MIN_POOL_SIZE}. ` +
        'Raise the limit (ALTER ROLE … CONNECTION LIMIT, see init-db.sql), run fewer PM2 instances, ' +
        'or lower DB_RESERVED_CONNECTIONS.',
    );
  }
  return {
    poolSize: Math.min(input.maxPerProcess, perProcess),
    maxPerProcess: input.maxPerProcess,
    allowed,
    allowedBy,
    reserved: input.reserved,
    sharedBy,
  };
}

/** Reads the limits that apply to the role and database of `url`, over one short-lived connection. */
export async function readConnectionLimits(url: string, ssl: boolean): Promise<ConnectionLimits> {
  const client = new pg.Client({
    connectionString: url,
    ssl: ssl ? { rejectUnauthorized: true } : undefined,
    connectionTimeoutMillis: 5_000,
  });
  await client.connect();
  try {
    const { rows } = await client.query<{
      role: string;
      is_superuser: boolean;
      role_limit: number;
      database: string;
      database_limit: number;
      max_connections: number;
      superuser_reserved: number;
      reserved: number | null;
    }>(`
      select r.rolname as role, r.rolsuper as is_superuser, r.rolconnlimit as role_limit,
             d.datname as database, d.datconnlimit as database_limit,
             current_setting('max_connections')::int as max_connections,
             current_setting('superuser_reserved_connections')::int as superuser_reserved,
             current_setting('reserved_connections', true)::int as reserved
        from pg_roles r, pg_database d
       where r.rolname = current_user and d.datname = current_database()`);
    const row = rows[0];
    if (!row) {
      throw new Error('could not read the connection limits of the current role');
    }
    // Superusers are exempt from role and database limits and may use the reserved slots.
    const su = row.is_superuser;
    return {
      role: row.role,
      roleLimit: !su && row.role_limit >= 0 ? row.role_limit : null,
      database: row.database,
      databaseLimit: !su && row.database_limit >= 0 ? row.database_limit : null,
      serverLimit: su
        ? row.max_connections
        : row.max_connections - row.superuser_reserved - (row.reserved ?? 0),
    };
  } finally {
    await client.end();
  }
}

/**
 * The database options with the pool sized for this process (PostgreSQL only; PGlite has one connection),
 * and the plan to log. Throws PoolSizeError when the pools cannot fit.
 */
export async function sizeDatabasePool(
  db: DatabaseOptions,
  pool: Config['dbPool'],
): Promise<{ options: DatabaseOptions; plan: PoolPlan | null }> {
  if (db.kind !== 'postgres') {
    return { options: db, plan: null };
  }
  const plan = planPoolSize({
    limits: await readConnectionLimits(db.url, db.ssl),
    maxPerProcess: db.maxConnections,
    reserved: pool.reservedConnections,
    processes: pool.processes,
    isPm2Cluster: pool.isPm2Cluster,
  });
  return { options: { ...db, maxConnections: plan.poolSize }, plan };
}
