import { ApiError } from '../../api/http';
import { asSentence } from '../../lib/text';

/** Signing out failed, so the session may still be live on the server: say so, and how to retry. */
export function describeSignOutError(error: unknown): string {
  if (error instanceof ApiError && error.code === 'NETWORK') {
    return "Can't reach the server, so you are still signed in. Check the network and press Sign out again.";
  }
  const message = error instanceof Error ? error.message : String(error);
  return `Signing out failed, so you are still signed in: ${asSentence(message)} Press Sign out again.`;
}
