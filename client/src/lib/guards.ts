/** Narrowing helpers for JSON of unknown shape (response bodies), so parsers need no casts. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
