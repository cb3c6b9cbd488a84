import { ApiError } from './http';

/**
 * The API's validation details by field path ("lines.0.quantity"), for showing each next to its control.
 * The first message per path wins; details that name no field are left to `describeApiError`.
 */
export function fieldErrors(error: unknown): Record<string, string> {
  const byPath: Record<string, string> = {};
  if (error instanceof ApiError) {
    for (const detail of error.details) {
      if (detail.path !== '' && byPath[detail.path] === undefined) {
        byPath[detail.path] = detail.message;
      }
    }
  }
  return byPath;
}

/** One sentence for an alert: the server's message, or what went wrong on the way to it. */
export function describeApiError(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 0) {
      return 'The server could not be reached. Check the connection and try again.';
    }
    if (error.status === 403) {
      return 'You are not allowed to do this.';
    }
    const unnamed = error.details.filter((detail) => detail.path === '').map((detail) => detail.message);
    return [error.message, ...unnamed].join(' ');
  }
  return error instanceof Error ? error.message : 'Something went wrong.';
}
