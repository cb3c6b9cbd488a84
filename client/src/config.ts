/** The public, build-time settings of the client. Only `VITE_*` values reach the bundle, so nothing here is secret. */
export type ClientConfig = {
  appName: string;
};

const APP_NAME_MAX_LENGTH = 60;
const DEFAULT_APP_NAME = 'Pet Products POS';

/** Reads the `VITE_*` values, applies defaults and fails with one message naming every bad variable. */
export function loadClientConfig(env: Record<string, unknown> = import.meta.env): ClientConfig {
  const problems: string[] = [];

  const rawAppName = env.VITE_APP_NAME;
  let appName = DEFAULT_APP_NAME;
  if (rawAppName !== undefined && typeof rawAppName !== 'string') {
    problems.push('VITE_APP_NAME must be a string');
  } else if (rawAppName !== undefined && rawAppName.trim() !== '') {
    appName = rawAppName.trim();
    if (appName.length > APP_NAME_MAX_LENGTH) {
      problems.push(`VITE_APP_NAME must be at most ${APP_NAME_MAX_LENGTH} characters`);
    }
  }

  if (problems.length > 0) {
    throw new Error(`Invalid client configuration: ${problems.join('; ')}`);
  }
  return { appName };
}

export const config = loadClientConfig();
