import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../server/config';
import { loadEnvFiles } from '../../../server/lib/env-files';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) {
    rmSync(dir, { recursive: true, force: true });
  }
});

function folderWith(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'pos-env-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) {
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

describe('loadEnvFiles', () => {
  it('reads .env.<NODE_ENV> before .env; the real environment wins over both', () => {
    const dir = folderWith({
      '.env.production': 'PORT=4000\nLOG_LEVEL=warn\n',
      '.env': 'PORT=5000\nHOST=0.0.0.0\nLOG_LEVEL=debug\nSESSION_IDLE_MINUTES=7\n',
    });
    const env: NodeJS.ProcessEnv = { NODE_ENV: 'production', SESSION_IDLE_MINUTES: '3' };
    loadEnvFiles(env, dir);
    expect(env).toMatchObject({
      PORT: '4000',
      HOST: '0.0.0.0',
      LOG_LEVEL: 'warn',
      SESSION_IDLE_MINUTES: '3',
    });
  });

  it('feeds loadConfig, which names a bad value from a file', () => {
    const dir = folderWith({ '.env': 'DB_MAX_CONNECTIONS=lots\n' });
    const env: NodeJS.ProcessEnv = {};
    loadEnvFiles(env, dir);
    expect(() => loadConfig(env)).toThrow(/DB_MAX_CONNECTIONS: must be a number/);
  });
});
