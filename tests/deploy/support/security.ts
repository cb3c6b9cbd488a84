// Helpers for the security checks against the built server: requests on fresh connections, and a search of
// log files for secrets.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { type Answer, httpRequest } from './pm2';

export type FullAnswer = Answer;

/** One request over a fresh connection (Connection: close), so PM2's master deals it to the next worker. */
export function freshRequest(
  port: number,
  method: string,
  urlPath: string,
  options: { headers?: Record<string, string>; body?: unknown } = {},
): Promise<FullAnswer> {
  return httpRequest(port, method, urlPath, { ...options, timeoutMs: 60_000 });
}

/** The `name=value` of the session cookie an answer sets, or undefined. */
export function sessionCookieOf(answer: FullAnswer): string | undefined {
  const cookies = answer.headers['set-cookie'] ?? [];
  return cookies.map((cookie) => cookie.split(';')[0] ?? '').find((pair) => pair.startsWith('pos.sid='));
}

/** Every regular file under `dir` (recursively). */
export function filesUnder(dir: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    const stat = statSync(full);
    if (stat.isDirectory()) {
      files.push(...filesUnder(full));
    } else if (stat.isFile()) {
      files.push(full);
    }
  }
  return files;
}

/**
 * Where each secret occurs in the given texts: "<label> in <source>" per hit, never the secret itself (the
 * report must not leak what it looks for). A cookie value is also searched URL-decoded and without its
 * signature, as it could be logged either way.
 */
export function secretHits(
  sources: { name: string; text: string }[],
  secrets: { label: string; value: string }[],
): string[] {
  const hits: string[] = [];
  for (const secret of secrets) {
    if (secret.value.length < 4) {
      throw new Error(`secret ${secret.label} is too short to search for meaningfully`);
    }
    for (const source of sources) {
      if (source.text.includes(secret.value)) {
        hits.push(`${secret.label} in ${source.name}`);
      }
    }
  }
  return hits;
}

/** The variants of a session cookie's value worth searching for: raw, decoded, and the bare session id. */
export function sessionCookieSecrets(label: string, cookie: string): { label: string; value: string }[] {
  const raw = cookie.slice(cookie.indexOf('=') + 1);
  const decoded = decodeURIComponent(raw);
  const sessionId = decoded.replace(/^s:/, '').split('.')[0] ?? decoded;
  return [
    { label: `${label} (cookie value)`, value: raw },
    { label: `${label} (decoded)`, value: decoded },
    { label: `${label} (session id)`, value: sessionId },
  ];
}

export function readText(file: string): string {
  return readFileSync(file, 'utf8');
}
