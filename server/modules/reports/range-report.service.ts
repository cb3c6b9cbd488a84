import { NotFoundError } from '../../lib/errors';

/**
 * The stores a range report covers: the one asked for, or every store the caller may see (null: all, for
 * admins). A store the caller may not see is not found (404), as in the sales report.
 */
export function reportStoreIds(visible: string[] | null, storeId: string | undefined): string[] | null {
  if (storeId && visible && !visible.includes(storeId)) {
    throw new NotFoundError('Store');
  }
  return storeId ? [storeId] : visible;
}

/** A store asked for that does not exist is not found (404), even for an admin. */
export function requireStoreFound(storeId: string | undefined, storeCount: number): void {
  if (storeId && storeCount === 0) {
    throw new NotFoundError('Store');
  }
}

/** A timestamp as json gives it ("2026-03-03T17:00:00+00:00", any offset) → ISO instant. */
export function isoInstant(value: string): string {
  return new Date(value).toISOString();
}

/** Sums one figure over rows (money and counts are whole numbers, so the sum is exact). */
export function sumOf<T>(rows: readonly T[], pick: (row: T) => number): number {
  return rows.reduce((total, row) => total + pick(row), 0);
}
