import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder holding the app's package.json (and migrations/, data/, dist/…): walks up from `startDir`,
 * by default this module's own folder. Works from the sources (server/lib under tsx) and from the bundle
 * (dist/index.js), which sit at different depths below the root.
 */
export function findAppRoot(startDir: string = path.dirname(fileURLToPath(import.meta.url))): string {
  let dir = path.resolve(startDir);
  for (;;) {
    if (existsSync(path.join(dir, 'package.json'))) {
      return dir;
    }
    const parent = path.dirname(dir);
    if (parent === dir) {
      throw new Error(`No package.json found in ${startDir} or any folder above it`);
    }
    dir = parent;
  }
}
