/** How a housekeeping delete proceeds: rows per statement, and a signal to stop between statements. */
export type BatchOptions = { batchSize: number; signal?: AbortSignal };

/**
 * Calls `deleteBatch(limit)` until it removes fewer rows than the limit (nothing left) or `signal` aborts,
 * and returns the rows removed in all. Each call is its own short statement or transaction, so a large
 * backlog never holds its locks for long and the rows already removed stay removed if a later call fails.
 */
export async function deleteInBatches(
  deleteBatch: (limit: number) => Promise<number>,
  options: BatchOptions,
): Promise<number> {
  let removed = 0;
  while (!options.signal?.aborted) {
    const count = await deleteBatch(options.batchSize);
    removed += count;
    if (count < options.batchSize) {
      break;
    }
  }
  return removed;
}
