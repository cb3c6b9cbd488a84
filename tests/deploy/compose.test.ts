// docker-compose.yml checked as far as a machine without a Docker engine allows: Debian's docker-compose 1.29
// validates it (with an .env made by scripts/make-env.sh), and the parsed file is held to the deployment's rules:
// mounted files exist, every variable is documented, nothing private is published, health checks and
// start-up order, no inline secrets.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { repoRoot, tempDir } from './support/common';

type Service = {
  image?: string;
  build?: unknown;
  command?: string | string[];
  environment?: Record<string, string | number | boolean | null>;
  env_file?: string | string[];
  ports?: string[];
  expose?: string[];
  volumes?: string[];
  healthcheck?: { test: string | string[] };
  depends_on?: Record<string, { condition: string }> | string[];
  profiles?: string[];
  init?: boolean;
};
type ComposeFile = {
  version?: unknown;
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
};

const composePath = path.join(repoRoot, 'docker-compose.yml');
const composeText = readFileSync(composePath, 'utf8');
// `merge: true` resolves the `<<: *app` keys as Compose does.
const compose = parse(composeText, { merge: true }) as ComposeFile;
const services = compose.services;
const envExample = readFileSync(path.join(repoRoot, '.env.example'), 'utf8');
const documented = new Set([...envExample.matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((match) => match[1]));

function service(name: string): Service {
  const found = services[name];
  if (!found) {
    throw new Error(`docker-compose.yml has no service ${name}`);
  }
  return found;
}

function hostPathOf(volume: string): string | null {
  const source = volume.split(':')[0] ?? '';
  return source.startsWith('.') || source.startsWith('/') ? source : null;
}

describe('docker-compose.yml', () => {
  let work: string;

  beforeAll(() => {
    work = tempDir('compose');
    copyFileSync(composePath, path.join(work, 'docker-compose.yml'));
    // The fresh-clone path: the script makes .env from .env.example.
    execFileSync('bash', [path.join(repoRoot, 'scripts/make-env.sh'), '--out', path.join(work, '.env')]);
  });

  afterAll(() => {
    rmSync(work, { recursive: true, force: true });
  });

  it('validates with docker-compose 1.29 (`config -q`) using the .env made by scripts/make-env.sh', () => {
    const result = spawnSync(
      'docker-compose',
      ['-f', path.join(work, 'docker-compose.yml'), 'config', '-q'],
      {
        encoding: 'utf8',
      },
    );
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    // The monitoring profile validates too.
    const monitoring = spawnSync(
      'docker-compose',
      ['-f', path.join(work, 'docker-compose.yml'), '--profile', 'monitoring', 'config', '--services'],
      { encoding: 'utf8' },
    );
    expect(monitoring.status).toBe(0);
    expect(monitoring.stdout.split('\n').filter(Boolean).sort()).toEqual(
      [
        'app',
        'certs',
        'grafana',
        'migrate',
        'nginx',
        'node-exporter',
        'postgres',
        'postgres-exporter',
        'prometheus',
        'redis',
      ].sort(),
    );
  });

  it('stops with a message naming the secret when .env lacks one', () => {
    const env = readFileSync(path.join(work, '.env'), 'utf8').replace(
      /^POSTGRES_PASSWORD=.*$/m,
      'POSTGRES_PASSWORD=',
    );
    const broken = tempDir('compose-broken');
    try {
      copyFileSync(composePath, path.join(broken, 'docker-compose.yml'));
      execFileSync('bash', ['-c', 'cat > "$1"', '_', path.join(broken, '.env')], { input: env });
      const result = spawnSync(
        'docker-compose',
        ['-f', path.join(broken, 'docker-compose.yml'), 'config', '-q'],
        {
          encoding: 'utf8',
        },
      );
      expect(result.status).not.toBe(0);
      expect(result.stderr).toContain('POSTGRES_PASSWORD');
    } finally {
      rmSync(broken, { recursive: true, force: true });
    }
  });

  it('scripts/make-env.sh fills every secret with 64 random hex characters and refuses to overwrite', () => {
    const env = readFileSync(path.join(work, '.env'), 'utf8');
    for (const name of [
      'JWT_SECRET',
      'SESSION_SECRET',
      'POSTGRES_PASSWORD',
      'APP_DB_PASSWORD',
      'MONITOR_DB_PASSWORD',
      'REDIS_PASSWORD',
      'GRAFANA_ADMIN_PASSWORD',
    ]) {
      expect(env, name).toMatch(new RegExp(`^${name}=[0-9a-f]{64}$`, 'm'));
    }
    expect(statSync(path.join(work, '.env')).mode & 0o077).toBe(0);
    const again = spawnSync(
      'bash',
      [path.join(repoRoot, 'scripts/make-env.sh'), '--out', path.join(work, '.env')],
      {
        encoding: 'utf8',
      },
    );
    expect(again.status).toBe(1);
    expect(readFileSync(path.join(work, '.env'), 'utf8')).toBe(env);
  });

  it('scripts/make-self-signed-cert.sh writes ssl/server.crt and server.key (private), refuses to overwrite without --force', () => {
    const out = path.join(work, 'ssl');
    const script = path.join(repoRoot, 'scripts/make-self-signed-cert.sh');
    execFileSync('bash', [script, '--out', out, '--name', 'pos.test']);
    const crt = path.join(out, 'server.crt');
    const key = path.join(out, 'server.key');
    expect(statSync(key).mode & 0o077).toBe(0);
    const text = execFileSync(
      'openssl',
      ['x509', '-in', crt, '-noout', '-subject', '-ext', 'subjectAltName'],
      {
        encoding: 'utf8',
      },
    );
    expect(text).toContain('CN = pos.test');
    expect(text).toContain('DNS:pos.test, DNS:localhost, IP Address:127.0.0.1');
    // The key belongs to the certificate.
    const fromCert = execFileSync('openssl', ['x509', '-in', crt, '-noout', '-pubkey'], { encoding: 'utf8' });
    const fromKey = execFileSync('openssl', ['pkey', '-in', key, '-pubout'], { encoding: 'utf8' });
    expect(fromKey).toBe(fromCert);
    const before = readFileSync(crt, 'utf8');
    const again = spawnSync('bash', [script, '--out', out], { encoding: 'utf8' });
    expect(again.status).toBe(1);
    expect(again.stderr).toContain('--force');
    expect(readFileSync(crt, 'utf8')).toBe(before);
    expect(spawnSync('bash', [script, '--out', out, '--force']).status).toBe(0);
    expect(readFileSync(crt, 'utf8')).not.toBe(before);
  });

  it('has no obsolete top-level `version` key', () => {
    expect(compose).not.toHaveProperty('version');
  });

  it('every bind-mounted host file exists in the repo (ops/ and nginx.conf included), ssl/ comes from a script', () => {
    const missing: string[] = [];
    for (const [name, svc] of Object.entries(services)) {
      for (const volume of svc.volumes ?? []) {
        const source = hostPathOf(volume);
        if (source === null) {
          expect(compose.volumes, `named volume of ${name}`).toHaveProperty(volume.split(':')[0] ?? '');
          continue;
        }
        if (source.startsWith('/')) {
          // Only node_exporter looks at the host itself.
          expect(`${name} ${source}`).toBe('node-exporter /');
          continue;
        }
        if (source === './ssl') {
          continue;
        }
        if (!existsSync(path.join(repoRoot, source))) {
          missing.push(`${name}: ${source}`);
        }
      }
    }
    expect(missing).toEqual([]);
    // ssl/ is made by the script (through the one-shot `certs` service) and never committed.
    expect(existsSync(path.join(repoRoot, 'scripts/make-self-signed-cert.sh'))).toBe(true);
    expect(readFileSync(path.join(repoRoot, '.gitignore'), 'utf8')).toMatch(/^ssl\/$/m);
    expect(service('certs').volumes).toContain('./ssl:/ssl');
    expect(JSON.stringify(service('certs').command)).toContain('make-self-signed-cert.sh --out /ssl');
    expect(service('nginx').volumes).toEqual(
      expect.arrayContaining(['./nginx.conf:/etc/nginx/nginx.conf:ro', './ssl:/etc/nginx/ssl:ro']),
    );
    expect(service('postgres').volumes).toContain('./init-db.sql:/docker-entrypoint-initdb.d/init-db.sql:ro');
  });

  it('every variable the file interpolates and every variable the services read is documented in .env.example', () => {
    // Full-line comments may mention ${VAR} as prose.
    const code = composeText.replace(/^\s*#.*$/gm, '');
    const used = new Set([...code.matchAll(/\$\{([A-Z][A-Z0-9_]*)/g)].map((match) => match[1] ?? ''));
    expect(used.size).toBeGreaterThan(5);
    // The app reads its secrets from env_file; init-db.sql reads its values from the postgres container.
    const needed = [
      ...used,
      'JWT_SECRET',
      'SESSION_SECRET',
      'DB_RESERVED_CONNECTIONS',
      ...Object.keys(service('postgres').environment ?? {}),
    ];
    expect(needed.filter((name) => !documented.has(name))).toEqual([]);
  });

  it('PostgreSQL, Redis and the app publish no port; only Nginx publishes 80 and 443', () => {
    for (const name of ['postgres', 'redis', 'app', 'migrate', 'postgres-exporter', 'node-exporter']) {
      expect(service(name).ports, name).toBeUndefined();
    }
    expect(service('app').expose).toEqual(['3000']);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: Compose interpolation, not a JS template
    expect(service('nginx').ports).toEqual(['${HTTP_PORT:-80}:80', '${HTTPS_PORT:-443}:443']);
    // Monitoring UIs listen on the host's loopback only.
    expect(service('prometheus').ports).toEqual(['127.0.0.1:9090:9090']);
    expect(service('grafana').ports).toEqual(['127.0.0.1:3001:3000']);
  });

  it('health checks for PostgreSQL, Redis and the app; start-up waits on them and on the migration', () => {
    expect(JSON.stringify(service('postgres').healthcheck?.test)).toContain('pg_isready -h 127.0.0.1');
    expect(JSON.stringify(service('redis').healthcheck?.test)).toContain('redis-cli ping');
    expect(service('app').healthcheck?.test).toEqual(['CMD', 'node', 'scripts/healthcheck.mjs']);
    expect(service('app').depends_on).toEqual({
      postgres: { condition: 'service_healthy' },
      redis: { condition: 'service_healthy' },
      migrate: { condition: 'service_completed_successfully' },
    });
    expect(service('migrate').depends_on).toEqual({ postgres: { condition: 'service_healthy' } });
    expect(service('nginx').depends_on).toEqual({
      app: { condition: 'service_healthy' },
      certs: { condition: 'service_completed_successfully' },
    });
  });

  it('the app and migrate share one image; migrate runs the bundled migrator once', () => {
    const app = service('app');
    const migrate = service('migrate');
    expect(app.image).toBe(migrate.image);
    expect(migrate.command).toEqual(['node', '--enable-source-maps', 'dist/migrate.js']);
    expect(app.init).toBe(true);
    expect(app.env_file).toBe('.env');
    // These must win over the laptop values a copied .env.example carries (HOST=127.0.0.1, development).
    expect(app.environment).toMatchObject({
      NODE_ENV: 'production',
      HOST: '0.0.0.0',
      PORT: '3000',
      TRUST_PROXY: '1',
    });
    expect(String(app.environment?.DATABASE_URL)).toMatch(/@postgres:5432\//);
    expect(String(app.environment?.REDIS_URL)).toMatch(/@redis:6379$/);
  });

  it('Redis persists (append-only file on a volume) and requires a password; PostgreSQL keeps a volume', () => {
    const redis = service('redis');
    const command = [redis.command ?? []].flat().join(' ');
    expect(command).toContain('--appendonly yes');
    expect(command).toContain('--requirepass "$$REDIS_PASSWORD"');
    expect(redis.volumes).toContain('redis_data:/data');
    expect(service('postgres').volumes).toContain('postgres_data:/var/lib/postgresql/data');
  });

  it('no secret is written inline: secret values are variable references without defaults', () => {
    const secretName = /PASSWORD|SECRET|_KEY|_PASS$|TOKEN/;
    const reference = /^\$\{[A-Z][A-Z0-9_]*(:\?[^}]*)?\}$/;
    const offences: string[] = [];
    for (const [name, svc] of Object.entries(services)) {
      for (const [key, raw] of Object.entries(svc.environment ?? {})) {
        const value = String(raw ?? '');
        if (secretName.test(key) && !reference.test(value)) {
          offences.push(`${name}.${key}`);
        }
        // A password inside a URL must be a reference too (references masked first: they contain colons).
        const masked = value.replace(/\$\{[^}]*\}/g, 'REF');
        const password = /:\/\/[^:/@]*:([^@]*)@/.exec(masked)?.[1];
        if (password !== undefined && password !== 'REF') {
          offences.push(`${name}.${key} (URL password)`);
        }
      }
    }
    expect(offences).toEqual([]);
  });

  it('the monitoring profile: Prometheus, Grafana and the exporters, with the read-only monitor role', () => {
    for (const name of ['prometheus', 'grafana', 'postgres-exporter', 'node-exporter']) {
      expect(service(name).profiles, name).toEqual(['monitoring']);
    }
    expect(service('prometheus').volumes).toEqual(
      expect.arrayContaining([
        './ops/prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro',
        './ops/prometheus/alerts.yml:/etc/prometheus/alerts.yml:ro',
      ]),
    );
    expect(service('grafana').volumes).toEqual(
      expect.arrayContaining([
        './ops/grafana/provisioning:/etc/grafana/provisioning:ro',
        './ops/grafana/dashboards:/var/lib/grafana/dashboards:ro',
      ]),
    );
    // biome-ignore lint/suspicious/noTemplateCurlyInString: Compose interpolation, not a JS template
    expect(service('postgres-exporter').environment?.DATA_SOURCE_USER).toBe('${MONITOR_DB_USER:-monitor}');
  });

  it('passes yamllint (relaxed rules) when yamllint is installed', () => {
    const which = spawnSync('sh', ['-c', 'command -v yamllint'], { encoding: 'utf8' });
    if (which.status !== 0) {
      console.log('yamllint not installed: skipped');
      return;
    }
    const result = spawnSync(
      'yamllint',
      ['-s', '-d', '{extends: relaxed, rules: {line-length: {max: 160}}}', composePath],
      { encoding: 'utf8' },
    );
    expect(result.stdout).toBe('');
    expect(result.status).toBe(0);
  });
});
