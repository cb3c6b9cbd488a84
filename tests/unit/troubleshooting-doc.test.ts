import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONFIG_VARIABLES } from '../../server/config';
import { ERROR_CODES } from '../../shared/errors';
import {
  brokenLinks,
  composeMentions,
  dockerfileArgs,
  envExampleVariables,
  npmRunNames,
  packageScripts,
  readDoc,
  repoRoot,
  repositoryPaths,
  unknownComposeMentions,
  variablesSetInDoc,
} from '../helpers/doc-check';

/**
 * docs/troubleshooting.md is read in a hurry and copied as written: this test fails when it names a file, npm
 * script, environment variable, error code, API route, alert or app message that does not exist.
 */
const doc = readDoc('docs/troubleshooting.md');

/** Variables the doc names that neither the app nor .env.example owns, each with the reason. */
const EXTERNAL_VARIABLES = new Map([
  ['PM2_HOME', "PM2's own: where its daemon keeps pm2.log"],
  ['REDISCLI_AUTH', "redis-cli's: the password without putting it on the command line"],
]);

/** Upper-case words of other programs the doc quotes: not ours to check. */
const OUTSIDE_WORDS = new Map([
  ['NOAUTH', "Redis's answer to a missing password"],
  ['WRONGPASS', "Redis's answer to a wrong password"],
  ['BEGIN', 'SQL'],
]);
/** Named like a root file of the repository but not one. */
const NOT_FILES = new Map([['drizzle.__drizzle_migrations', "Drizzle's table of applied migrations"]]);

/** Every server source file, for routes and messages. */
function serverSources(): string[] {
  const dir = path.join(repoRoot, 'server');
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .map((file) => readFileSync(path.join(dir, file), 'utf8'));
}

type Route = { method: string; segments: string[] };

/** The API's routes: every `method: '…', path: '/api/…'` of a route definition. */
function apiRoutes(): Route[] {
  const routes: Route[] = [];
  for (const text of serverSources()) {
    for (const match of text.matchAll(/method:\s*'(\w+)',\s*path:\s*'(\/api[^']*)'/g)) {
      routes.push({ method: match[1]!.toUpperCase(), segments: match[2]!.split('/').slice(1) });
    }
  }
  return routes;
}

/** `/api/…` paths the doc names, with the HTTP method when one precedes it (`GET /api/health`). */
function routesInDoc(): Array<{ method: string | null; path: string }> {
  const found: Array<{ method: string | null; path: string }> = [];
  for (const match of doc.text.matchAll(
    /(?:\b(GET|POST|PUT|PATCH|DELETE) )?(?<![\w/])(?:https?:\/\/[\w.:-]+)?(\/api\/[\w/:.<>-]*)/g,
  )) {
    found.push({ method: match[1] ?? null, path: match[2]!.replace(/[.]$/, '') });
  }
  return found;
}

/** A doc path matches a route when each segment is equal, or the route's is a parameter (`:id`). A doc
 * placeholder (`:id`, `<id>`) only stands for a parameter. */
function matchesRoute(docPath: string, route: Route): boolean {
  const segments = docPath.split('/').slice(1);
  if (segments.length !== route.segments.length) {
    return false;
  }
  return segments.every((segment, i) => {
    const expected = route.segments[i]!;
    if (/^[:<]/.test(segment)) {
      return expected.startsWith(':');
    }
    return expected.startsWith(':') || segment === expected;
  });
}

/** Inline code that is one upper-case name (`ACCOUNT_LOCKED`, `LOG_DIR`, `DB_SSL=true`): a variable or an error code. */
function upperCaseNames(): string[] {
  const names = new Set<string>();
  for (const span of doc.inlineCode) {
    const match = /^([A-Z][A-Z0-9_]{2,})(?:=\S*)?$/.exec(span.trim());
    if (match) {
      names.add(match[1]!);
    }
    // LOG_DIR/combined.log, PM2_HOME/pm2.log: a path under a setting.
    const prefix = /^([A-Z][A-Z0-9_]*)\/\S+$/.exec(span.trim());
    if (prefix) {
      names.add(prefix[1]!);
    }
  }
  // "$LOG_DIR", ${REDIS_PASSWORD}: variables the commands read.
  for (const text of [...doc.codeBlocks, ...doc.inlineCode]) {
    for (const match of text.matchAll(/\$\{?([A-Z][A-Z0-9_]*)/g)) {
      names.add(match[1]!);
    }
  }
  return [...names];
}

describe('docs/troubleshooting.md matches the product', () => {
  it('every repository path it names exists', () => {
    const candidates = repositoryPaths(doc);
    expect(candidates.length).toBeGreaterThan(8);
    const missing = candidates.filter(
      (candidate) => !NOT_FILES.has(candidate) && !existsSync(path.join(repoRoot, candidate)),
    );
    expect(missing).toEqual([]);
  });

  it('every link points at an existing file or heading', () => {
    expect(doc.links.length).toBeGreaterThan(20);
    expect(brokenLinks(doc)).toEqual([]);
  });

  it('every `npm run <name>` is a script in package.json', () => {
    const scripts = packageScripts();
    const named = npmRunNames(doc);
    expect(named).toContain('inventory:verify');
    expect(named.filter((name) => !scripts.has(name))).toEqual([]);
  });

  it('every upper-case name is an error code of shared/errors.ts or a variable the code or .env.example knows', () => {
    const known = new Set<string>([
      ...ERROR_CODES,
      ...CONFIG_VARIABLES,
      ...envExampleVariables(),
      ...dockerfileArgs(),
      ...EXTERNAL_VARIABLES.keys(),
      ...OUTSIDE_WORDS.keys(),
    ]);
    const names = [...new Set([...upperCaseNames(), ...variablesSetInDoc(doc)])];
    expect(names).toEqual(
      expect.arrayContaining(['ACCOUNT_LOCKED', 'UNAVAILABLE', 'DATABASE_URL', 'LOG_DIR']),
    );
    expect(names.filter((name) => !known.has(name))).toEqual([]);
  });

  it('every error code in a quoted answer ("code":"…") is one the API has', () => {
    const codes = [...doc.text.matchAll(/"code":\s*"([^"]+)"/g)].map((match) => match[1]!);
    expect(codes.length).toBeGreaterThan(1);
    expect(codes.filter((code) => !(ERROR_CODES as readonly string[]).includes(code))).toEqual([]);
  });

  it('every API route it names exists, with that method', () => {
    const routes = apiRoutes();
    const named = routesInDoc();
    expect(named.length).toBeGreaterThan(8);
    const unknown = named.filter(
      (entry) =>
        !routes.some(
          (route) =>
            matchesRoute(entry.path, route) && (entry.method === null || entry.method === route.method),
        ),
    );
    expect(unknown).toEqual([]);
  });

  it('every quoted message ("message":"…") is written by the app or Nginx, word for word', () => {
    const sources = [...serverSources(), readFileSync(path.join(repoRoot, 'nginx.conf'), 'utf8')].join('\n');
    const messages = [...doc.text.matchAll(/"message":"([^"]+)"/g)].map((match) => match[1]!);
    expect(messages.length).toBeGreaterThan(5);
    expect(messages.filter((message) => !sources.includes(message))).toEqual([]);
  });

  it('every alert it names is a rule in ops/prometheus/alerts.yml', () => {
    const alerts = readFileSync(path.join(repoRoot, 'ops/prometheus/alerts.yml'), 'utf8');
    const rules = new Set([...alerts.matchAll(/- alert: (\w+)/g)].map((match) => match[1]!));
    const named = [...new Set([...doc.text.matchAll(/`(Pos[A-Z]\w+)`/g)].map((match) => match[1]!))];
    expect(named.length).toBeGreaterThan(5);
    expect(named.filter((name) => !rules.has(name))).toEqual([]);
  });

  it('every Compose service in its docker compose commands exists in docker-compose.yml', () => {
    const mentions = composeMentions(doc);
    expect(mentions.length).toBeGreaterThan(3);
    expect(unknownComposeMentions(mentions)).toEqual([]);
  });
});
