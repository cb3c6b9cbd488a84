import path from 'node:path';
import dotenv from 'dotenv';
import { findAppRoot } from './app-root';

/**
 * Loads `.env.<NODE_ENV>` then `.env` from the app root into process.env. Variables already set in the
 * environment win, so the real environment (Docker, PM2) always overrides the files.
 */
export function loadEnvFiles(env: NodeJS.ProcessEnv = process.env, root: string = findAppRoot()): void {
  const mode = env.NODE_ENV ?? 'development';
  dotenv.config({
    path: [path.join(root, `.env.${mode}`), path.join(root, '.env')],
    quiet: true,
    processEnv: env,
  });
}
