// `npm run docs:screenshots` against the built app: every step still finds its screen, and the pictures it takes are
// exactly the ones docs/user-manual.md shows. The script starts a server of its own (another port) and writes to a
// temporary folder, so the committed docs/images/ are left alone.
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const run = promisify(execFile);

describe('the user manual screenshots', () => {
  let outDir = '';

  afterAll(async () => {
    if (outDir !== '') {
      await rm(outDir, { recursive: true, force: true });
    }
  });

  it('every step of the script finds its screen and takes exactly the pictures the manual shows', async () => {
    outDir = await mkdtemp(path.join(tmpdir(), 'pos-docs-shots-'));
    let stdout = '';
    let stderr = '';
    let exitCode = 0;
    try {
      ({ stdout, stderr } = await run(process.execPath, ['scripts/docs-screenshots.mjs', '--out', outDir], {
        cwd: root,
        maxBuffer: 10 * 1024 * 1024,
      }));
    } catch (error) {
      const failed = error as { code?: number; stdout?: string; stderr?: string };
      exitCode = failed.code ?? 1;
      stdout = failed.stdout ?? '';
      stderr = failed.stderr ?? '';
    }
    // The script names the step that did not find its screen on stderr.
    expect(exitCode, `${stderr}\n${stdout}`).toBe(0);

    const manual = await readFile(path.join(root, 'docs/user-manual.md'), 'utf8');
    const shown = [
      ...new Set([...manual.matchAll(/!\[[^\]]*\]\(images\/([^)\s]+)\)/g)].map((match) => match[1]!)),
    ];
    const taken = (await readdir(outDir)).filter((name) => name.endsWith('.png'));
    expect(
      shown.filter((name) => !taken.includes(name)),
      'shown in the manual, not taken by the script',
    ).toEqual([]);
    expect(
      taken.filter((name) => !shown.includes(name)),
      'taken by the script, not shown in the manual',
    ).toEqual([]);
    for (const name of taken) {
      const { size } = await stat(path.join(outDir, name));
      expect(size, name).toBeGreaterThan(1000);
      expect(size, name).toBeLessThan(150 * 1024);
      // The table the script prints names each picture.
      expect(stdout).toContain(name);
    }
  }, 300_000);
});
