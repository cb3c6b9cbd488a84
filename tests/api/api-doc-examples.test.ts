// docs/api.md stays true: its runnable examples (```sh blocks) run with bash and curl against the real app
// listening on a port, in order, and print what the ```text block after each says; every `METHOD /api/...`
// it names is a route; its table of error codes is exactly the codes the server throws, with their statuses.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_DOCS_PATH } from '../../server/http/api-docs';
import { seedDemo } from '../../server/db/seed';
import { ERROR_CODES } from '../../shared/errors';
import { createTestApp, type TestApp } from '../helpers/test-app';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const DOC_PATH = path.join(repoRoot, 'docs', 'api.md');
const DEMO_PASSWORD = 'demo-password-1';
const DEMO_PIN = '1234';

type Example = { line: number; script: string; expected: string[] | null };

/** The fenced blocks of a Markdown file, in order: language, text and the line the block starts on. */
function fencedBlocks(markdown: string): Array<{ lang: string; text: string; line: number; end: number }> {
  const blocks: Array<{ lang: string; text: string; line: number; end: number }> = [];
  const lines = markdown.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const open = /^```(\w*)\s*$/.exec(lines[index] ?? '');
    if (!open) {
      continue;
    }
    const start = index;
    const body: string[] = [];
    for (index += 1; index < lines.length && lines[index] !== '```'; index++) {
      body.push(lines[index] ?? '');
    }
    blocks.push({ lang: open[1] ?? '', text: body.join('\n'), line: start + 1, end: index });
  }
  return blocks;
}

/** Every ```sh block, with the ```text block that follows it (only blank lines between) as its expected output. */
function runnableExamples(markdown: string): Example[] {
  const blocks = fencedBlocks(markdown);
  const lines = markdown.split('\n');
  return blocks.flatMap((block, index) => {
    if (block.lang !== 'sh') {
      return [];
    }
    const next = blocks[index + 1];
    const between = next ? lines.slice(block.end + 1, next.line - 1) : [];
    const expected =
      next?.lang === 'text' && between.every((line) => line.trim() === '') ? next.text.split('\n') : null;
    return [{ line: block.line, script: block.text, expected }];
  });
}

/** Expected lines appear in the output in order; `…` stands for any text within a line. */
function expectOutput(output: string, expected: string[], where: string): void {
  const actual = output.split('\n').map((line) => line.trimEnd());
  let from = 0;
  for (const wanted of expected.map((line) => line.trimEnd()).filter((line) => line !== '')) {
    const pattern = new RegExp(
      `^${wanted
        .split('…')
        .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
        .join('.*')}$`,
    );
    const found = actual.findIndex((line, index) => index >= from && pattern.test(line));
    expect(
      found,
      `${where}: expected the line "${wanted}" in the output (in order):\n${output}`,
    ).toBeGreaterThanOrEqual(0);
    from = found + 1;
  }
}

function runBash(
  script: string,
  options: { cwd: string; env: Record<string, string> },
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    // Asynchronous: the server answering the examples runs in this very process.
    const child = spawn('bash', ['-c', script], { cwd: options.cwd, env: options.env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Variables the examples assign, so the next block starts where the last one ended (as in one shell). */
function assignedNames(examples: Example[]): string[] {
  const names = new Set<string>();
  for (const { script } of examples) {
    for (const match of script.matchAll(/(?:^|[\s;(])(?:export\s+)?([A-Z][A-Z0-9_]*)=/g)) {
      names.add(match[1] ?? '');
    }
  }
  return [...names];
}

// ---------------------------------------------------------------------------------------------------------
// Which statuses each error code is thrown with, read from the server's sources.

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? sourceFiles(full) : full.endsWith('.ts') ? [full] : [];
  });
}

const STATUS_OF_CLASS: Record<string, number> = { ConflictError: 409, BusinessRuleError: 422 };

/**
 * For every `'CODE'` in server/, the call it is an argument of: `new AppError(415, 'CODE'`, `super(401, 'CODE'`
 * (the classes of lib/errors.ts), `new ConflictError(…, 'CODE'` (409) or `new BusinessRuleError('CODE'` (422).
 */
function thrownStatuses(): Map<string, Set<number>> {
  const statuses = new Map<string, Set<number>>();
  const add = (code: string, status: number) =>
    statuses.set(code, (statuses.get(code) ?? new Set()).add(status));
  const codes = new Set<string>(ERROR_CODES);
  for (const file of sourceFiles(path.join(repoRoot, 'server'))) {
    const source = readFileSync(file, 'utf8');
    for (const match of source.matchAll(/'([A-Z][A-Z_]+)'/g)) {
      const code = match[1] ?? '';
      if (!codes.has(code)) {
        continue;
      }
      const before = source.slice(Math.max(0, (match.index ?? 0) - 300), match.index);
      const calls = [...before.matchAll(/(?:new (\w+)|super)\(\s*(\d{3})?/g)];
      const call = calls.at(-1);
      if (!call || before.slice((call.index ?? 0) + call[0].length).includes(';')) {
        continue;
      }
      const status = call[2] ? Number(call[2]) : STATUS_OF_CLASS[call[1] ?? ''];
      if (status) {
        add(code, status);
      }
    }
  }
  // new ConflictError(message) without a code is CONFLICT; anything unexpected is 500 INTERNAL (error-handler.ts).
  add('CONFLICT', 409);
  add('INTERNAL', 500);
  return statuses;
}

/** The rows of the doc's error-code table: `| 409 | `CODE` | when |`, statuses possibly several ("400, 406"). */
function documentedStatuses(markdown: string): Map<string, Set<number>> {
  const section = /^## Error codes\n([\s\S]*?)(?=^## )/m.exec(markdown)?.[1] ?? '';
  const documented = new Map<string, Set<number>>();
  for (const row of section.matchAll(/^\|\s*([\d, ]+?)\s*\|\s*`([A-Z_]+)`\s*\|/gm)) {
    const code = row[2] ?? '';
    expect(documented.has(code), `${code} has one row`).toBe(false);
    documented.set(code, new Set((row[1] ?? '').split(',').map((status) => Number(status.trim()))));
  }
  return documented;
}

// ---------------------------------------------------------------------------------------------------------

const markdown = readFileSync(DOC_PATH, 'utf8');
const examples = runnableExamples(markdown);

let t: TestApp;
let server: Server;
let workDir: string;
let stateFile: string;
let baseUrl: string;

beforeAll(async () => {
  // The default sign-in limit (5 a minute), so the rate-limit example sees its 429.
  t = await createTestApp({ env: { LOGIN_RATE_LIMIT_PER_MINUTE: '5' } });
  // The demo data the examples use: cashier1 at S001, its catalog and barcodes. No history: the figures are exact.
  await seedDemo(t.database.db, {
    password: DEMO_PASSWORD,
    pin: DEMO_PIN,
    bcryptRounds: 4,
    historyDays: 0,
    log: () => {},
  });
  server = await new Promise<Server>((resolve) => {
    const listening = t.app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  workDir = mkdtempSync(path.join(tmpdir(), 'pos-api-doc-'));
  stateFile = path.join(workDir, '.state.sh');
  writeFileSync(stateFile, '');
}, 120_000);

afterAll(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await t?.close();
  if (workDir) {
    rmSync(workDir, { recursive: true, force: true });
  }
});

describe('docs/api.md', () => {
  it('has runnable examples, each with the output it prints', () => {
    expect(examples.length).toBeGreaterThanOrEqual(10);
    for (const example of examples) {
      expect(
        example.expected,
        `the sh block at line ${example.line} is followed by a text block`,
      ).not.toBeNull();
    }
  });

  const names = assignedNames(examples);
  it.each(examples.map((example) => [example.line, example] as const))(
    'the example at line %i runs and prints what the doc says',
    async (_line, example) => {
      const saveState = `{ declare -f; for name in ${names.join(' ')}; do if [ -n "\${!name+x}" ]; then declare -p "$name"; fi; done; } > "$POS_DOC_STATE"`;
      const script = `set -euo pipefail\nsource "$POS_DOC_STATE"\n${example.script}\n${saveState}\n`;
      const result = await runBash(script, {
        cwd: workDir,
        env: {
          PATH: process.env.PATH ?? '/usr/bin:/bin',
          HOME: workDir,
          POS_URL: baseUrl,
          POS_USER: 'cashier1',
          POS_PASSWORD: DEMO_PASSWORD,
          POS_PIN: DEMO_PIN,
          POS_DOC_STATE: stateFile,
        },
      });
      const where = `docs/api.md line ${example.line}`;
      expect(result.code, `${where} exited ${result.code}\n${result.stdout}\n${result.stderr}`).toBe(0);
      expectOutput(result.stdout, example.expected ?? [], where);
    },
  );

  it('names only routes that exist (METHOD /api/...)', () => {
    const routes = t.routes.map((route) => ({
      method: route.method.toUpperCase(),
      segments: route.path.split('/'),
    }));
    const mentioned = [...markdown.matchAll(/\b(GET|POST|PUT|PATCH|DELETE) (\/api\/[^\s`?)"'|,]*)/g)];
    expect(mentioned.length).toBeGreaterThan(20);
    for (const [text, method, docPath] of mentioned) {
      if (docPath === API_DOCS_PATH || docPath === `${API_DOCS_PATH}/`) {
        expect(method, text).toBe('GET');
        continue;
      }
      const segments = (docPath ?? '').split('/');
      const exists = routes.some(
        (route) =>
          route.method === method &&
          route.segments.length === segments.length &&
          route.segments.every((segment, index) => {
            const given = segments[index] ?? '';
            return segment.startsWith(':') ? /^[:{$]|^[0-9a-f-]{36}$/.test(given) : segment === given;
          }),
      );
      expect(exists, `${text} is a route of the app`).toBe(true);
    }
  });

  it('lists every error code the server answers with, and only those, at the statuses it uses', () => {
    const documented = documentedStatuses(markdown);
    expect([...documented.keys()].sort()).toEqual([...ERROR_CODES].sort());
    const thrown = thrownStatuses();
    for (const code of ERROR_CODES) {
      expect(thrown.get(code)?.size ?? 0, `${code} is thrown somewhere in server/`).toBeGreaterThan(0);
      expect([...(documented.get(code) ?? [])].sort(), `${code}'s statuses`).toEqual(
        [...(thrown.get(code) ?? [])].sort(),
      );
    }
  });
});
