// Result files of `npm run bench`: a new name per run (bench/results/<UTC date>[-<scenarios>][-2|-3…].md) and
// the comparison of this run's table with the latest earlier result holding any of the same rows
// (same scenario, concurrency and offered rate), p95 against p95.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/** A p95 that grew by more than this share is flagged as a possible regression. */
export const REGRESSION_THRESHOLD = 0.2;

/** `<base>.md`, or `<base>-2.md`, `<base>-3.md` … when the day already has one: results are never replaced. */
export function newResultName(directory, base) {
  if (!existsSync(path.join(directory, `${base}.md`))) {
    return `${base}.md`;
  }
  for (let n = 2; ; n++) {
    if (!existsSync(path.join(directory, `${base}-${n}.md`))) {
      return `${base}-${n}.md`;
    }
  }
}

/** Rows of every Markdown table in `text` whose header has scenario and p95 columns, keyed by their row key. */
export function parseResultTables(text) {
  const rows = new Map();
  let columns = null;
  for (const line of text.split('\n')) {
    if (!line.startsWith('|')) {
      columns = null;
      continue;
    }
    const cells = line
      .slice(1, line.trimEnd().endsWith('|') ? line.trimEnd().length - 1 : undefined)
      .split('|')
      .map((cell) => cell.trim());
    if (!columns) {
      columns =
        cells.includes('scenario') && cells.some((cell) => cell.startsWith('p95')) ? cells : undefined;
      continue;
    }
    if (columns === undefined || cells.every((cell) => /^-*:?-+:?$/.test(cell))) {
      continue;
    }
    const get = (name) => cells[columns.findIndex((column) => column.startsWith(name))];
    const row = {
      name: get('scenario'),
      connections: get('concurrency') ?? '–',
      offered: get('offered') ?? 'max',
      p95: Number(get('p95')),
      requestsPerSecond: Number(get('req/s')),
    };
    // The run's own table comes first; tables further down are older runs quoted for context.
    if (!rows.has(rowKey(row))) {
      rows.set(rowKey(row), row);
    }
  }
  return rows;
}

export function rowKey(row) {
  return `${row.name} | ${row.connections} | ${row.offered}`;
}

/** When a result file was written: its `## Benchmark <ISO time>` heading, else the file's mtime. */
function writtenAt(file) {
  const heading = readFileSync(file, 'utf8').match(/^## Benchmark (\S+)/m);
  const parsed = heading ? Date.parse(heading[1]) : Number.NaN;
  return Number.isFinite(parsed) ? parsed : statSync(file).mtimeMs;
}

/**
 * The latest result in `directory` (other than `current`) sharing at least one row with `rows`, and the
 * comparison as Markdown; null when no earlier result has any of these rows.
 */
export function compareWithPrevious(directory, current, rows) {
  if (!existsSync(directory)) {
    return null;
  }
  const mine = new Map(rows.map((row) => [rowKey(row), row]));
  const candidates = readdirSync(directory)
    .filter((name) => name.endsWith('.md') && name !== current)
    .map((name) => path.join(directory, name))
    .map((file) => ({ file, at: writtenAt(file), rows: parseResultTables(readFileSync(file, 'utf8')) }))
    .filter((candidate) => [...candidate.rows.keys()].some((key) => mine.has(key)))
    .sort((a, b) => b.at - a.at);
  const previous = candidates[0];
  if (!previous) {
    return null;
  }
  const lines = [
    `Compared with ${path.basename(previous.file)} (p95 growth over ${REGRESSION_THRESHOLD * 100} % flagged):`,
    '',
    '| scenario | concurrency | offered | previous p95 ms | now p95 ms | change | previous req/s | now req/s |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
  ];
  let flagged = 0;
  for (const [key, now] of mine) {
    const before = previous.rows.get(key);
    if (!before || !Number.isFinite(before.p95) || !Number.isFinite(now.p95)) {
      continue;
    }
    const change = (now.p95 - before.p95) / before.p95;
    const flag = change > REGRESSION_THRESHOLD ? ' ⚠ possible regression' : '';
    flagged += flag ? 1 : 0;
    lines.push(
      `| ${now.name} | ${now.connections} | ${now.offered} | ${before.p95.toFixed(1)} | ${now.p95.toFixed(1)} | ${change >= 0 ? '+' : ''}${(change * 100).toFixed(0)} %${flag} | ${Number.isFinite(before.requestsPerSecond) ? before.requestsPerSecond.toFixed(0) : '–'} | ${now.requestsPerSecond.toFixed(0)} |`,
    );
  }
  lines.push('', `${flagged} row(s) flagged.`);
  return lines.join('\n');
}
