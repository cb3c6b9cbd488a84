import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * docs/user-manual.md shows screenshots from docs/images/ (made by `npm run docs:screenshots`) and lists the
 * register's keys in a table. This test fails when a picture is missing or left over, or when the table and the
 * till's key handler disagree: a key the till lost, or a key it gained that the manual does not mention.
 */
const root = path.resolve(import.meta.dirname, '../..');
const manual = readFileSync(path.join(root, 'docs/user-manual.md'), 'utf8');
const imagesDir = path.join(root, 'docs/images');
const registerDir = path.join(root, 'client/src/features/register/components');

/** The images the manual shows, `![alt](images/name.png)`, each once. */
function manualImages(text: string): string[] {
  return [...new Set([...text.matchAll(/!\[[^\]]*\]\(images\/([^)\s]+)\)/g)].map((match) => match[1]!))];
}

/** The manual's way of writing a key → the name the till's code uses (KeyboardEvent.key, or Alt+ / Ctrl+ a letter). */
const MANUAL_KEY_NAMES: Record<string, string> = {
  '−': '-',
  '↑': 'ArrowUp',
  '↓': 'ArrowDown',
  Esc: 'Escape',
};

/** Every key in the first column of the table under "## Keyboard shortcuts". */
function manualShortcuts(text: string): Set<string> {
  const section = text.split(/^## Keyboard shortcuts$/m)[1]?.split(/^#{1,2} /m)[0] ?? '';
  const rows = section.split('\n').filter((line) => /^\|\s*`/.test(line));
  const keys = new Set<string>();
  for (const row of rows) {
    const firstCell = row.split('|')[1] ?? '';
    for (const [, key] of firstCell.matchAll(/`([^`]+)`/g)) {
      keys.add(MANUAL_KEY_NAMES[key!] ?? key!);
    }
  }
  return keys;
}

/** The keys the selling screen acts on: its keydown handler, its till actions' `keys:`, and Alt+Q of the page. */
function tillShortcuts(): Set<string> {
  const sellScreen = readFileSync(path.join(registerDir, 'SellScreen.tsx'), 'utf8');
  const start = sellScreen.indexOf('keyHandlerRef.current = (event: KeyboardEvent) => {');
  const end = sellScreen.indexOf('const tillActions: TillAction[] = [');
  expect(start, 'the key handler of SellScreen.tsx').toBeGreaterThan(-1);
  expect(end, 'the till actions of SellScreen.tsx').toBeGreaterThan(start);
  const handler = sellScreen.slice(start, end);
  const keys = new Set<string>();
  // In the handler, letters are read by event.code and only with Alt held (Alt+M, then the `altKey` switch).
  expect(handler).toMatch(/if \(event\.altKey\) \{\s*switch \(event\.code\)/);
  for (const [, letter] of handler.matchAll(/'Key([A-Z])'/g)) {
    keys.add(`Alt+${letter}`);
  }
  // The other cases switch on event.key; a lone 'f' counts only with Ctrl held.
  for (const [, key] of handler.matchAll(/case '([^']+)':/g)) {
    if (key!.startsWith('Key')) {
      continue;
    }
    keys.add(key === 'f' ? 'Ctrl+F' : key!);
  }
  // The till menu's actions name their keys; each must be one the handler knows.
  const actionsEnd = sellScreen.indexOf('];', end);
  for (const [, key] of sellScreen.slice(end, actionsEnd).matchAll(/keys: '([^']+)'/g)) {
    expect(keys, `the till action key ${key} in the key handler`).toContain(key);
  }
  // The refused sales (Alt+Q) open from anywhere on the register page.
  const registerPage = readFileSync(path.join(registerDir, 'RegisterPage.tsx'), 'utf8');
  for (const [, letter] of registerPage.matchAll(/event\.altKey && \([^\n]*event\.code === 'Key([A-Z])'/g)) {
    keys.add(`Alt+${letter}`);
  }
  return keys;
}

describe('the user manual', () => {
  it('shows only images that are in docs/images/, and every image there is shown', () => {
    const shown = manualImages(manual);
    expect(shown.length).toBeGreaterThan(30);
    const missing = shown.filter((name) => !existsSync(path.join(imagesDir, name)));
    expect(missing, 'shown in the manual but not in docs/images/').toEqual([]);
    const files = readdirSync(imagesDir).filter((name) => name.endsWith('.png'));
    const unused = files.filter((name) => !shown.includes(name));
    expect(unused, 'in docs/images/ but not shown in the manual').toEqual([]);
  });

  it('keeps each picture small', () => {
    for (const name of manualImages(manual)) {
      const bytes = readFileSync(path.join(imagesDir, name)).length;
      expect(bytes, name).toBeLessThan(150 * 1024);
    }
  });

  it("lists exactly the selling screen's keys in its shortcut table", () => {
    const documented = manualShortcuts(manual);
    const handled = tillShortcuts();
    expect(handled.size).toBeGreaterThan(20);
    expect(
      [...handled].filter((key) => !documented.has(key)),
      'keys of the till missing from the table',
    ).toEqual([]);
    expect(
      [...documented].filter((key) => !handled.has(key)),
      'keys in the table the till does not handle',
    ).toEqual([]);
  });
});
