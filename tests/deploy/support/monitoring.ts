// Helpers of tests/deploy/monitoring.test.ts: metric names out of PromQL and out of /metrics pages, exporters as
// child processes.
import { type ChildProcess, spawn } from 'node:child_process';
import { waitForHttp } from './common';

const KEYWORDS = new Set([
  'and',
  'or',
  'unless',
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'bool',
  'offset',
  'inf',
  'nan',
]);

/**
 * The metric names a PromQL expression selects: identifiers that are not functions (followed by `(`), keywords,
 * label lists of by/on/… clauses, label matchers, strings, range durations or numbers.
 */
export function metricNamesIn(expr: string): string[] {
  const stripped = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/'(?:[^'\\]|\\.)*'/g, "''")
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
  const names = new Set<string>();
  for (const match of stripped.matchAll(/([a-zA-Z_:][a-zA-Z0-9_:]*)(\s*\()?/g)) {
    const [, name, call] = match;
    const before = stripped[match.index - 1];
    if (call || KEYWORDS.has(name!.toLowerCase()) || (before && /[0-9.]/.test(before))) {
      continue;
    }
    names.add(name!);
  }
  return [...names];
}

/**
 * Every metric name a Prometheus text page declares or carries: `# TYPE` lines (a labelled counter is declared
 * before its first increment) with the _bucket/_count/_sum series of histograms and summaries, and sample names.
 */
export function exportedNames(page: string): Set<string> {
  const names = new Set<string>();
  for (const line of page.split('\n')) {
    const type = /^# TYPE (\S+) (\S+)/.exec(line);
    if (type) {
      const [, name, kind] = type;
      names.add(name!);
      if (kind === 'histogram' || kind === 'summary') {
        names.add(`${name}_count`).add(`${name}_sum`);
      }
      if (kind === 'histogram') {
        names.add(`${name}_bucket`);
      }
      continue;
    }
    const sample = /^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]/.exec(line);
    if (sample) {
      names.add(sample[1]!);
    }
  }
  return names;
}

export type Exporter = { child: ChildProcess; url: string; output(): string; stop(): Promise<void> };

/** Starts an exporter binary and waits until its /metrics page answers. */
export async function startExporter(
  binary: string,
  args: string[],
  env: Record<string, string>,
  port: number,
): Promise<Exporter> {
  let output = '';
  const child = spawn(binary, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  const url = `http://127.0.0.1:${port}/metrics`;
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) {
        resolve();
        return;
      }
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  try {
    await waitForHttp(url, 30_000);
  } catch (error) {
    await stop();
    throw new Error(`${binary}: ${(error as Error).message}\n${output}`);
  }
  return { child, url, output: () => output, stop };
}

/** Polls `probe` until it returns a value (not undefined) or the time runs out. */
export async function eventually<T>(
  probe: () => Promise<T | undefined>,
  timeoutMs: number,
  what: string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) {
        return value;
      }
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(
    `${what} did not happen within ${timeoutMs} ms${lastError ? ` (last error: ${lastError})` : ''}`,
  );
}
