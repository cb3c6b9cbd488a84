import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import type { DatabaseOptions } from './db/client';
import { findAppRoot } from './lib/app-root';

/** Values from .env.example and the deployment guide: never acceptable as real secrets. */
const EXAMPLE_SECRETS = new Set([
  'your-super-secure-jwt-secret-here',
  'your-session-secret-here',
  'change-me',
  'changeme',
]);
const DEV_JWT_SECRET = 'development-only-jwt-secret-do-not-use-in-production';
const DEV_SESSION_SECRET = 'development-only-session-secret-do-not-use-in-production';
const MIN_SECRET_LENGTH = 32;

const booleanFromEnv = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'must be true or false' })
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const integerFromEnv = (min: number, max: number) =>
  z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(min).max(max);

const optionalText = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === '' ? undefined : value.trim()));

/** PCI DSS v4 10.5.1: audit history is kept at least 12 months (the last 3 immediately available). */
export const MIN_AUDIT_LOG_RETENTION_MONTHS = 12;

const envSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    PORT: integerFromEnv(0, 65535).default(3000),
    HOST: z.string().min(1).default('127.0.0.1'),
    TRUST_PROXY: z.string().default('false'),

    DATABASE_URL: optionalText.pipe(
      z
        .string()
        .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
        .optional(),
    ),
    DATABASE_READ_URL: optionalText.pipe(
      z
        .string()
        .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
        .optional(),
    ),
    DB_SSL: booleanFromEnv.default(false),
    DB_MAX_CONNECTIONS: integerFromEnv(1, 1000).default(10),
    DB_STATEMENT_TIMEOUT_MS: integerFromEnv(0, 600_000).default(30_000),
    DB_RESERVED_CONNECTIONS: integerFromEnv(0, 1000).default(2),
    DATA_DIR: z.string().min(1).default('./data'),

    REDIS_URL: optionalText.pipe(
      z
        .string()
        .regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL')
        .optional(),
    ),
    REDIS_KEY_PREFIX: z.string().default('pos:'),

    JWT_SECRET: z.string().default(DEV_JWT_SECRET),
    JWT_EXPIRES_IN: z
      .string()
      .regex(/^\d+[smhd]?$/, 'must be a duration like 3600, 30m, 12h or 7d')
      .default('12h'),
    BCRYPT_ROUNDS: integerFromEnv(4, 15).default(12),
    SESSION_SECRET: z.string().default(DEV_SESSION_SECRET),
    SESSION_MAX_AGE: integerFromEnv(60_000, 30 * 24 * 3600 * 1000).default(86_400_000),
    SESSION_IDLE_MINUTES: integerFromEnv(1, 24 * 60).default(15),
    LOGIN_RATE_LIMIT_PER_MINUTE: integerFromEnv(1, 10_000).default(5),
    REQUIRE_MFA: booleanFromEnv.default(false),
    MFA_ENCRYPTION_KEY: optionalText,

    SMTP_HOST: optionalText,
    SMTP_PORT: integerFromEnv(1, 65535).default(587),
    SMTP_USER: optionalText,
    SMTP_PASS: optionalText,
    SMTP_FROM: optionalText,

    AWS_S3_BUCKET: optionalText,
    AWS_ACCESS_KEY_ID: optionalText,
    AWS_SECRET_ACCESS_KEY: optionalText,
    AWS_REGION: z.string().default('us-east-1'),
    AWS_S3_ENDPOINT: optionalText.pipe(z.url({ error: 'must be a URL' }).optional()),

    LOG_DIR: z.string().default('./logs'),
    LOG_LEVEL: z.enum(['error', 'warn', 'info', 'http', 'debug']).default('info'),

    AUDIT_LOG_RETENTION_MONTHS: z.coerce
      .number({ error: 'must be a number' })
      .int('must be a whole number')
      .min(
        MIN_AUDIT_LOG_RETENTION_MONTHS,
        `must be at least ${MIN_AUDIT_LOG_RETENTION_MONTHS}: PCI DSS 10.5.1 keeps 12 months of audit history`,
      )
      .max(1200)
      .default(MIN_AUDIT_LOG_RETENTION_MONTHS),
    MAINTENANCE_INTERVAL_HOURS: integerFromEnv(0, 24 * 7).default(0),

    SEED_DEMO: booleanFromEnv.optional(),
    DEMO_PASSWORD: z.string().default('demo-password-1'),

    /** Set by PM2 in each worker it starts ('cluster_mode' or 'fork_mode'); read, never set by us. */
    exec_mode: z.string().optional(),
    /** Also set by PM2 in every process it starts: its id, the app's worker count ('max' already resolved) and name. */
    pm_id: z.string().optional(),
    instances: z.string().optional(),
    name: z.string().optional(),
  })
  .superRefine((env, ctx) => {
    // PGlite is one database file held by one process: several PM2 workers would each open their own copy.
    if (env.exec_mode === 'cluster_mode' && !env.DATABASE_URL) {
      ctx.addIssue({
        code: 'custom',
        path: ['DATABASE_URL'],
        message:
          'is required in PM2 cluster mode: the embedded database (PGlite) cannot be shared by several processes; set DATABASE_URL to PostgreSQL or run a single fork-mode instance',
      });
    }
    if (env.DATABASE_READ_URL && !env.DATABASE_URL) {
      ctx.addIssue({
        code: 'custom',
        path: ['DATABASE_READ_URL'],
        message: 'needs DATABASE_URL: a read replica is a copy of a PostgreSQL primary',
      });
    }
    if (env.MFA_ENCRYPTION_KEY !== undefined && env.MFA_ENCRYPTION_KEY.length < MIN_SECRET_LENGTH) {
      ctx.addIssue({
        code: 'custom',
        path: ['MFA_ENCRYPTION_KEY'],
        message: `must be at least ${MIN_SECRET_LENGTH} characters`,
      });
    }
    if (env.NODE_ENV !== 'production') {
      return;
    }
    for (const name of ['JWT_SECRET', 'SESSION_SECRET'] as const) {
      const value = env[name];
      if (value === DEV_JWT_SECRET || value === DEV_SESSION_SECRET || EXAMPLE_SECRETS.has(value)) {
        ctx.addIssue({
          code: 'custom',
          path: [name],
          message: 'is a default or example value; set a random secret',
        });
      } else if (value.length < MIN_SECRET_LENGTH) {
        ctx.addIssue({
          code: 'custom',
          path: [name],
          message: `must be at least ${MIN_SECRET_LENGTH} characters in production`,
        });
      }
    }
    if (env.SEED_DEMO) {
      ctx.addIssue({
        code: 'custom',
        path: ['SEED_DEMO'],
        message: 'the demo data (known passwords) is never seeded in production',
      });
    }
    if (!env.DATABASE_URL) {
      ctx.addIssue({
        code: 'custom',
        path: ['DATABASE_URL'],
        message: 'is required in production (PostgreSQL)',
      });
    }
    if (env.BCRYPT_ROUNDS < 10) {
      ctx.addIssue({ code: 'custom', path: ['BCRYPT_ROUNDS'], message: 'must be at least 10 in production' });
    }
  });

/** Set by PM2 in its processes, never by an operator. */
const PM2_VARIABLES = new Set(['exec_mode', 'pm_id', 'instances', 'name']);
/** Every variable the server reads (PM2's own aside): .env.example must document each one. */
export const CONFIG_VARIABLES: readonly string[] = Object.keys(envSchema.shape).filter(
  (name) => !PM2_VARIABLES.has(name),
);

export type Config = {
  env: 'development' | 'production' | 'test';
  isProduction: boolean;
  version: string;
  http: { port: number; host: string; trustProxy: boolean | number | string };
  db: DatabaseOptions;
  /** What the PostgreSQL pool size is computed from at startup (server/db/pool-size.ts). */
  dbPool: { reservedConnections: number; processes: number; isPm2Cluster: boolean };
  redis: { url: string; keyPrefix: string } | null;
  auth: {
    jwtSecret: string;
    jwtExpiresIn: string;
    bcryptRounds: number;
    loginRateLimitPerMinute: number;
    /** Managers and admins must enrol a second factor before they can do anything else. */
    requireMfa: boolean;
    /** What the key encrypting TOTP secrets is derived from: MFA_ENCRYPTION_KEY, else JWT_SECRET. */
    mfaKeyMaterial: string;
  };
  session: { secret: string; maxAgeMs: number; idleMinutes: number; secureCookie: boolean };
  smtp: { host: string; port: number; user?: string; pass?: string; from: string } | null;
  s3: {
    bucket: string;
    region: string;
    accessKeyId?: string;
    secretAccessKey?: string;
    endpoint?: string;
  } | null;
  log: { dir: string; level: 'error' | 'warn' | 'info' | 'http' | 'debug' };
  /** Set when PM2 runs this process as one worker of a cluster (then /metrics reports the whole cluster). */
  cluster: { appName: string; instances: number } | null;
  demo: { seedOnFirstRun: boolean; password: string };
  /** Housekeeping (server/modules/maintenance): what it keeps, and how often the app runs it itself (0 = never). */
  maintenance: { auditLogRetentionMonths: number; intervalHours: number };
  dataDir: string;
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** "true"/"false", a hop count, or a list of trusted addresses/subnets as Express accepts them. */
function parseTrustProxy(value: string): boolean | number | string {
  if (value === 'true' || value === 'false') {
    return value === 'true';
  }
  if (/^\d+$/.test(value)) {
    return Number(value);
  }
  return value;
}

/** PM2's `instances`: a count, or 0/'max' for one per CPU, or -n for all CPUs but n. */
export function pm2InstanceCount(value: string | undefined, cpus = availableParallelism()): number {
  const count = value === undefined || value === 'max' ? 0 : Number.parseInt(value, 10);
  if (!Number.isFinite(count)) {
    return 1;
  }
  return count > 0 ? count : Math.max(1, cpus + count);
}

function readVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(path.join(findAppRoot(), 'package.json'), 'utf8')) as {
      version?: string;
    };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

/** Parses the environment into a typed Config; throws ConfigError naming every bad variable. Pure apart from reading package.json. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // An empty value (VAR= in an .env file) means "not set", so the default applies.
  const setValues = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const parsed = envSchema.safeParse(setValues);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const name = issue.path.join('.') || 'environment';
      const value = typeof issue.path[0] === 'string' ? env[issue.path[0]] : undefined;
      // URLs may carry passwords: only harmless values are echoed back.
      const shown = !value || /SECRET|PASS|KEY|URL/.test(name) ? '' : ` (got "${value}")`;
      return `${name}: ${issue.message}${shown}`;
    });
    throw new ConfigError(problems);
  }
  const e = parsed.data;
  const isProduction = e.NODE_ENV === 'production';
  const appRoot = findAppRoot();
  const dataDir = path.resolve(appRoot, e.DATA_DIR);
  return {
    env: e.NODE_ENV,
    isProduction,
    version: readVersion(),
    http: { port: e.PORT, host: e.HOST, trustProxy: parseTrustProxy(e.TRUST_PROXY) },
    db: e.DATABASE_URL
      ? {
          kind: 'postgres',
          url: e.DATABASE_URL,
          ...(e.DATABASE_READ_URL ? { readUrl: e.DATABASE_READ_URL } : {}),
          maxConnections: e.DB_MAX_CONNECTIONS,
          ssl: e.DB_SSL,
          statementTimeoutMs: e.DB_STATEMENT_TIMEOUT_MS,
        }
      : { kind: 'pglite', dataDir: path.join(dataDir, 'pglite') },
    dbPool: {
      reservedConnections: e.DB_RESERVED_CONNECTIONS,
      // Outside PM2 this process is alone; `instances` means nothing unless PM2 set it.
      processes: e.pm_id !== undefined ? pm2InstanceCount(e.instances) : 1,
      isPm2Cluster: e.pm_id !== undefined && e.exec_mode === 'cluster_mode',
    },
    redis: e.REDIS_URL ? { url: e.REDIS_URL, keyPrefix: e.REDIS_KEY_PREFIX } : null,
    auth: {
      jwtSecret: e.JWT_SECRET,
      jwtExpiresIn: e.JWT_EXPIRES_IN,
      bcryptRounds: e.BCRYPT_ROUNDS,
      loginRateLimitPerMinute: e.LOGIN_RATE_LIMIT_PER_MINUTE,
      requireMfa: e.REQUIRE_MFA,
      mfaKeyMaterial: e.MFA_ENCRYPTION_KEY ?? e.JWT_SECRET,
    },
    session: {
      secret: e.SESSION_SECRET,
      maxAgeMs: e.SESSION_MAX_AGE,
      idleMinutes: e.SESSION_IDLE_MINUTES,
      secureCookie: isProduction,
    },
    smtp: e.SMTP_HOST
      ? {
          host: e.SMTP_HOST,
          port: e.SMTP_PORT,
          user: e.SMTP_USER,
          pass: e.SMTP_PASS,
          from: e.SMTP_FROM ?? 'Pet Products POS <no-reply@localhost>',
        }
      : null,
    s3: e.AWS_S3_BUCKET
      ? {
          bucket: e.AWS_S3_BUCKET,
          region: e.AWS_REGION,
          accessKeyId: e.AWS_ACCESS_KEY_ID,
          secretAccessKey: e.AWS_SECRET_ACCESS_KEY,
          endpoint: e.AWS_S3_ENDPOINT,
        }
      : null,
    log: { dir: path.resolve(appRoot, e.LOG_DIR), level: e.LOG_LEVEL },
    cluster:
      e.exec_mode === 'cluster_mode'
        ? { appName: e.name ?? 'pet-products-pos', instances: pm2InstanceCount(e.instances) }
        : null,
    demo: { seedOnFirstRun: e.SEED_DEMO ?? !isProduction, password: e.DEMO_PASSWORD },
    maintenance: {
      auditLogRetentionMonths: e.AUDIT_LOG_RETENTION_MONTHS,
      intervalHours: e.MAINTENANCE_INTERVAL_HOURS,
    },
    dataDir,
  };
}
