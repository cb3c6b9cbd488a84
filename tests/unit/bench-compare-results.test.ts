import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { compareWithPrevious, newResultName, parseResultTables } from '../../bench/compare-results.mjs';

/** `npm run bench` result files: never replaced, and compared with the last run sharing rows. */
const table = (heading: string, rows: string[]) =>
  [
    `## Benchmark ${heading}`,
    '',
    '| scenario | concurrency | offered | req/s | p50 ms | p95 ms | p99 ms | errors | vs baseline | goal |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---|',
    ...rows,
    '',
    '- a note',
    '',
  ].join('\n');

let directory = '';
afterEach(() => {
  if (directory) {
    rmSync(directory, { recursive: true, force: true });
  }
});

describe('bench result files', () => {
  it('names a second run of the day -2, then -3', () => {
    directory = mkdtempSync(path.join(tmpdir(), 'bench-results-'));
    expect(newResultName(directory, '2026-11-25')).toBe('2026-11-25.md');
    writeFileSync(path.join(directory, '2026-11-25.md'), '');
    expect(newResultName(directory, '2026-11-25')).toBe('2026-11-25-2.md');
    writeFileSync(path.join(directory, '2026-11-25-2.md'), '');
    expect(newResultName(directory, '2026-11-25')).toBe('2026-11-25-3.md');
  });

  it('reads the first table of a file (later tables quote older runs)', () => {
    const text = `${table('2026-11-24T10:00:00Z', ['| lookup | 16 | max | 1644 | 8.6 | 16.1 | 24.0 | 0 | 0.75 |  |'])}\n${table('x', ['| lookup | 16 | max | 1746 | 8.1 | 14.9 | 22.7 | 0 | 0.65 |  |'])}`;
    const rows = parseResultTables(text);
    expect([...rows.values()]).toEqual([
      { name: 'lookup', connections: '16', offered: 'max', p95: 16.1, requestsPerSecond: 1644 },
    ]);
  });

  it('compares p95 with the latest earlier run sharing rows and flags growth over 20 %', () => {
    directory = mkdtempSync(path.join(tmpdir(), 'bench-results-'));
    writeFileSync(
      path.join(directory, 'a.md'),
      table('2026-11-24T10:00:00Z', ['| checkout | 16 | max | 200 | 70 | 100.0 | 120 | 0 | 0.60 |  |']),
    );
    writeFileSync(
      path.join(directory, 'b.md'),
      table('2026-11-24T12:00:00Z', ['| checkout | 16 | max | 210 | 70 | 110.0 | 120 | 0 | 0.61 |  |']),
    );
    // Latest of all, but with no row in common: not the one compared with.
    writeFileSync(
      path.join(directory, 'c.md'),
      table('2026-11-24T14:00:00Z', ['| search | 8 | 50/s | 50 | 9 | 20.0 | 26 | 0 |  |  |']),
    );
    const now = [
      { name: 'checkout', connections: '16', offered: 'max', p95: 140, requestsPerSecond: 150 },
      { name: 'return', connections: '16', offered: '20/s', p95: 50, requestsPerSecond: 20 },
    ];
    const comparison = compareWithPrevious(directory, 'd.md', now);
    expect(comparison).toContain('Compared with b.md');
    expect(comparison).toContain(
      '| checkout | 16 | max | 110.0 | 140.0 | +27 % ⚠ possible regression | 210 | 150 |',
    );
    expect(comparison).not.toContain('| return |');
    expect(comparison).toContain('1 row(s) flagged.');
    expect(compareWithPrevious(directory, 'd.md', [{ ...now[0]!, p95: 120 }])).toContain('+9 % |');
    expect(compareWithPrevious(directory, 'd.md', [now[1]!])).toBeNull();
  });
});
