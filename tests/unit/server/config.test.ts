import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../server/config';

const STRONG = `${'a'.repeat(16) + 'B'.repeat(16)}1234`;
const production = {
  NODE_ENV: 'production',
  DATABASE_URL: 'postgres://pos:pw@db:5432/pos',
  JWT_SECRET: STRONG,
  SESSION_SECRET: `${STRONG}x`,
};

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  return [];
}

describe('loadConfig', () => {
  it('with nothing set: embedded PGlite under ./data, database sessions, demo seeding, port 3000', () => {
    const config = loadConfig({});
    expect(config.env).toBe('development');
    expect(config.db).toEqual({ kind: 'pglite', dataDir: expect.stringMatching(/data[\\/]pglite$/) });
    expect(config.redis).toBeNull();
    expect(config.http).toEqual({ port: 3000, host: '127.0.0.1', trustProxy: false });
    expect(config.session).toMatchObject({ idleMinutes: 15, maxAgeMs: 86_400_000, secureCookie: false });
    expect(config.auth).toMatchObject({ bcryptRounds: 12, jwtExpiresIn: '12h', loginRateLimitPerMinute: 5 });
    expect(config.demo).toEqual({ seedOnFirstRun: true, password: 'demo-password-1' });
    expect(config.smtp).toBeNull();
    expect(config.s3).toBeNull();
  });

  it('refuses PM2 cluster mode on the embedded database, which one process holds', () => {
    expect(problemsOf({ exec_mode: 'cluster_mode' })).toEqual([
      expect.stringMatching(/^DATABASE_URL: is required in PM2 cluster mode/),
    ]);
    expect(problemsOf({ exec_mode: 'cluster_mode', DATABASE_URL: 'postgres://u:p@h:5432/d' })).toEqual([]);
    // One fork-mode process may keep PGlite.
    expect(problemsOf({ exec_mode: 'fork_mode' })).toEqual([]);
  });

  it('DATABASE_URL selects PostgreSQL with the pool size and TLS setting', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgresql://u:p@h:5432/d',
      DB_MAX_CONNECTIONS: '7',
      DB_SSL: 'true',
    });
    expect(config.db).toMatchObject({
      kind: 'postgres',
      url: 'postgresql://u:p@h:5432/d',
      maxConnections: 7,
      ssl: true,
    });
  });

  it('DATABASE_READ_URL adds a read replica for reports, and only beside a PostgreSQL primary', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://u:p@primary:5432/d',
      DATABASE_READ_URL: 'postgres://u:p@replica:5432/d',
    });
    expect(config.db).toMatchObject({ kind: 'postgres', readUrl: 'postgres://u:p@replica:5432/d' });
    expect(loadConfig({ DATABASE_URL: 'postgres://u:p@primary:5432/d' }).db).not.toHaveProperty('readUrl');
    expect(problemsOf({ DATABASE_READ_URL: 'postgres://u:p@replica:5432/d' })).toEqual([
      'DATABASE_READ_URL: needs DATABASE_URL: a read replica is a copy of a PostgreSQL primary',
    ]);
    expect(problemsOf({ DATABASE_URL: 'postgres://h/d', DATABASE_READ_URL: 'mysql://h/d' })).toEqual([
      'DATABASE_READ_URL: must be a postgres:// or postgresql:// URL',
    ]);
  });

  it('DATA_DIR and LOG_DIR are resolved from the app root', () => {
    const config = loadConfig({ DATA_DIR: '/tmp/pos-data', LOG_DIR: 'var/logs' });
    expect(config.db).toEqual({ kind: 'pglite', dataDir: path.join('/tmp/pos-data', 'pglite') });
    expect(path.isAbsolute(config.log.dir)).toBe(true);
  });

  it('TRUST_PROXY takes true/false, a hop count or addresses', () => {
    expect(loadConfig({ TRUST_PROXY: 'true' }).http.trustProxy).toBe(true);
    expect(loadConfig({ TRUST_PROXY: '1' }).http.trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8' }).http.trustProxy).toBe('loopback, 10.0.0.0/8');
  });

  it('bad values fail naming every variable at once', () => {
    const problems = problemsOf({
      PORT: 'eighty',
      DB_SSL: 'maybe',
      DATABASE_URL: 'mysql://x',
      LOG_LEVEL: 'loud',
      JWT_EXPIRES_IN: 'soon',
    });
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual([
      'DATABASE_URL',
      'DB_SSL',
      'JWT_EXPIRES_IN',
      'LOG_LEVEL',
      'PORT',
    ]);
    expect(problems.find((p) => p.startsWith('PORT'))).toContain('"eighty"');
  });

  it('production refuses default, example or short secrets, and never prints them', () => {
    const defaults = problemsOf({ NODE_ENV: 'production', DATABASE_URL: production.DATABASE_URL });
    expect(defaults.map((p) => p.split(':')[0]).sort()).toEqual(['JWT_SECRET', 'SESSION_SECRET']);
    const example = problemsOf({ ...production, JWT_SECRET: 'your-super-secure-jwt-secret-here' });
    expect(example).toEqual([expect.stringMatching(/^JWT_SECRET: is a default or example value/)]);
    const short = problemsOf({ ...production, SESSION_SECRET: 'only-twenty-chars-ok' });
    expect(short).toEqual(['SESSION_SECRET: must be at least 32 characters in production']);
    expect(short.join()).not.toContain('only-twenty-chars-ok');
  });

  it('production requires PostgreSQL, refuses the demo seed, and uses secure cookies', () => {
    expect(problemsOf({ ...production, DATABASE_URL: '' })).toEqual([
      'DATABASE_URL: is required in production (PostgreSQL)',
    ]);
    expect(problemsOf({ ...production, SEED_DEMO: 'true' })[0]).toMatch(/^SEED_DEMO/);
    const config = loadConfig(production);
    expect(config.demo.seedOnFirstRun).toBe(false);
    expect(config.session.secureCookie).toBe(true);
  });

  it('SMTP and S3 are configured only when their host or bucket is set', () => {
    const config = loadConfig({
      SMTP_HOST: 'mail',
      SMTP_PORT: '2525',
      AWS_S3_BUCKET: 'pics',
      AWS_S3_ENDPOINT: 'http://127.0.0.1:4569',
    });
    expect(config.smtp).toMatchObject({ host: 'mail', port: 2525 });
    expect(config.s3).toMatchObject({
      bucket: 'pics',
      region: 'us-east-1',
      endpoint: 'http://127.0.0.1:4569',
    });
  });
});

describe('loadConfig error messages', () => {
  it('never echo a URL that may hold a password', () => {
    const problems = problemsOf({ DATABASE_URL: 'mysql://root:hunter2@db/pos' });
    expect(problems).toEqual(['DATABASE_URL: must be a postgres:// or postgresql:// URL']);
  });
});

describe('empty values', () => {
  it('VAR= (as in a copied .env.example) counts as unset, so defaults apply', () => {
    const config = loadConfig({ JWT_SECRET: '', SEED_DEMO: '', DATABASE_URL: '', PORT: '' });
    expect(config.auth.jwtSecret.length).toBeGreaterThanOrEqual(32);
    expect(config.http.port).toBe(3000);
    expect(config.db.kind).toBe('pglite');
  });
});
