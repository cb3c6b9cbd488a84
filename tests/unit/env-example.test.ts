import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONFIG_VARIABLES } from '../../server/config';

/**
 * .env.example is the one list of settings an operator reads: every variable the server or a deployment script
 * reads is there, and nothing is there that nothing reads.
 */
const root = path.resolve(import.meta.dirname, '../..');
const example = readFileSync(path.join(root, '.env.example'), 'utf8');
/** `NAME=value` lines, and `# NAME=value` for settings shown commented out. */
const documented = new Set([...example.matchAll(/^#?\s*([A-Z][A-Z0-9_]*)=/gm)].map((match) => match[1]!));

/** Inputs of one-off commands, typed at the prompt or given on the command line, never kept in a file. */
const ONE_OFF_INPUTS = new Set(['ADMIN_PASSWORD']);
/** The backup scripts' own variables that happen to have a fallback (${FILE:-the latest backup}). */
const SCRIPT_INTERNALS = new Set(['FILE', 'FINAL_FILE', 'NOTIFY_SUBJECT']);
/**
 * Set by the tools themselves (PM2, npm, the shell, libpq), only by the test suites, or for the developer tools
 * that drive a browser (CHROMIUM_PATH: the browser tests and `npm run docs:screenshots`).
 */
const NOT_SETTINGS =
  /^(TEST_|CI$|HOME$|PATH$|PWD$|TMPDIR$|PM2_|NODE_APP_INSTANCE$|npm_|PG[A-Z]+$|CHROMIUM_PATH$)/;

function scriptVariables(): Set<string> {
  const found = new Set<string>();
  const dir = path.join(root, 'scripts');
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((file) =>
    statSync(path.join(dir, file)).isFile(),
  );
  for (const file of [...files.map((name) => path.join(dir, name)), path.join(root, 'ecosystem.config.js')]) {
    const text = readFileSync(file, 'utf8');
    const patterns = file.endsWith('.sh')
      ? // A setting has a default or a check (${NAME:-…}, ${NAME:?…}, ${NAME+set}); the scripts' own variables have neither.
        [/\$\{([A-Z][A-Z0-9_]*)(?=:?[-?=+])/g]
      : [/process\.env\.([A-Z][A-Z0-9_]*)/g, /process\.env\[['"]([A-Z][A-Z0-9_]*)['"]\]/g];
    for (const pattern of patterns) {
      for (const match of text.matchAll(pattern)) {
        found.add(match[1]!);
      }
    }
  }
  return found;
}

describe('.env.example', () => {
  it('documents every variable the server reads', () => {
    expect(CONFIG_VARIABLES.length).toBeGreaterThan(30);
    expect(CONFIG_VARIABLES.filter((name) => !documented.has(name))).toEqual([]);
  });

  it('documents every variable the scripts read', () => {
    const missing = [...scriptVariables()].filter(
      (name) =>
        !documented.has(name) &&
        !ONE_OFF_INPUTS.has(name) &&
        !SCRIPT_INTERNALS.has(name) &&
        !NOT_SETTINGS.test(name),
    );
    expect(missing).toEqual([]);
  });

  it('documents nothing that nothing reads', () => {
    const read = new Set([...CONFIG_VARIABLES, ...scriptVariables()]);
    // Compose reads these for the PostgreSQL and Redis containers; OTEL_* are read by the OpenTelemetry SDK.
    const compose = readFileSync(path.join(root, 'docker-compose.yml'), 'utf8');
    for (const match of compose.matchAll(/\$\{([A-Z][A-Z0-9_]*)/g)) {
      read.add(match[1]!);
    }
    expect([...documented].filter((name) => !read.has(name) && !name.startsWith('OTEL_'))).toEqual([]);
  });
});
