import { createHash } from 'node:crypto';

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(canonical);
  }
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
        .map((key) => [key, canonical((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}

/**
 * The fingerprint of an idempotent request (a sale or a return), so a retry can be told from a different
 * request reusing the id. Key order and absent optional fields do not matter. The approving manager's PIN
 * is left out: a hash of a 4–8 digit PIN could be reversed by trying them all, and a retry typed with
 * another manager's PIN is still the same sale.
 */
export function hashIdempotentRequest(body: { approval?: { username: string; pin: string } }): string {
  const { approval, ...rest } = body;
  const fingerprint = canonical({ ...rest, approvalBy: approval?.username.toLowerCase() });
  return createHash('sha256').update(JSON.stringify(fingerprint)).digest('hex');
}
