import { isRecord } from '../../../lib/guards';

/** The "Saved …" line a form hands to the list it returns to (router location state). */
export function noticeOf(state: unknown): string | null {
  return isRecord(state) && typeof state.notice === 'string' ? state.notice : null;
}
