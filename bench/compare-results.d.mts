// Types of bench/compare-results.mjs for the TypeScript tests that import it.
export interface ResultRow {
  name: string;
  connections: string;
  offered: string;
  p95: number;
  requestsPerSecond: number;
}
export const REGRESSION_THRESHOLD: number;
export function newResultName(directory: string, base: string): string;
export function parseResultTables(text: string): Map<string, ResultRow>;
export function rowKey(row: Pick<ResultRow, 'name' | 'connections' | 'offered'>): string;
export function compareWithPrevious(directory: string, current: string, rows: ResultRow[]): string | null;
