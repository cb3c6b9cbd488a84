import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

/**
 * docs/deployment.md names files, npm scripts, environment variables and Compose services; an ops engineer
 * copies them as written. This test fails when one of them no longer exists in the repository.
 */
const root = path.resolve(import.meta.dirname, '../..');
const docFile = path.join(root, 'docs/deployment.md');
const doc = readFileSync(docFile, 'utf8');

// Fences may be indented (a code block inside a list item).
const FENCE = /^[ \t]*```[^\n]*\n([\s\S]*?)^[ \t]*```[ \t]*$/gm;
const codeBlocks = [...doc.matchAll(FENCE)].map((match) => match[1]!);
const prose = doc.replace(FENCE, '');
const inlineCode = [...prose.matchAll(/`([^`\n]+)`/g)].map((match) => match[1]!);

/** Top-level folders of the repository (what a relative path in the doc can start with). */
const repoFolders = new Set(
  readdirSync(root).filter(
    (name) => !['node_modules', '.git'].includes(name) && statSync(path.join(root, name)).isDirectory(),
  ),
);
/** Made by a build or a script, not committed: the doc names them, but they are not in a fresh clone. */
const GENERATED_FOLDERS = new Set(['dist', 'ssl', 'logs', 'data']);
/** Named in the doc but deliberately not in the repository, each for a reason. */
const NOT_IN_REPO = new Map([
  ['docker-compose.override.yml', 'written by the operator to publish PostgreSQL for host backups'],
  ['pg_hba.conf', "PostgreSQL's own configuration file"],
  ['postgresql.conf', "PostgreSQL's own configuration file"],
  ['pm2/', "a sub-folder of the host's log directory in the logrotate config"],
  ['sites-enabled/', "Debian's Nginx folder"],
]);
const ROOT_FILE = /^\.?[\w.-]+\.(sql|ya?ml|js|mjs|ts|sh|conf|json|md|example)$/;
/** Names of the files at the top of the repository before their first dot (init-db, ecosystem, nginx…): a name
 * starting like one of them is checked whatever its extension, so `init-db.sq` is caught too. */
const rootBases = new Set(
  readdirSync(root)
    .filter((name) => !name.startsWith('.') && statSync(path.join(root, name)).isFile())
    .map((name) => name.split('.')[0]!),
);
const isRootFileName = (name: string) =>
  name === 'Dockerfile' || ROOT_FILE.test(name) || (name.includes('.') && rootBases.has(name.split('.')[0]!));

/** Inline code that looks like a path relative to the repository root. */
function inlinePathCandidates(): string[] {
  const found: string[] = [];
  for (const span of inlineCode) {
    const text = span.trim();
    // Commands, URLs, absolute paths, placeholders, globs, image tags (node:22-alpine) and host:port are not paths.
    if (/[\s<>*$…{}=:@'"()]/.test(text) || /^[/~-]|^\.\//.test(text)) {
      continue;
    }
    const first = text.split('/')[0]!;
    if (text.includes('/')) {
      // LOG_DIR/pm2-error.log, DATA_DIR/images: relative to a setting, not to the repository.
      if (/^[A-Z][A-Z0-9_]*$/.test(first) || GENERATED_FOLDERS.has(first)) {
        continue;
      }
      found.push(text);
    } else if (isRootFileName(text)) {
      found.push(text);
    }
  }
  return found;
}

/** Repository paths in the code blocks: scripts/…, ops/…, and root files such as init-db.sql. */
function codePathCandidates(): string[] {
  const found: string[] = [];
  const folders = [...repoFolders].filter((name) => !GENERATED_FOLDERS.has(name)).join('|');
  const inFolder = new RegExp(`(?<![\\w/.-])((?:${folders})/[\\w./-]*[\\w/])`, 'g');
  const rootFile = /(?<![\w/.-])([\w.-]+\.(?:sql|sh|mjs|js|ts|ya?ml|conf|json))(?![\w/.-])/g;
  for (const block of codeBlocks) {
    for (const match of block.matchAll(inFolder)) {
      found.push(match[1]!);
    }
    for (const match of block.matchAll(rootFile)) {
      found.push(match[1]!);
    }
    for (const match of block.matchAll(/(?<![\w/.-])([\w-]+\.[\w.-]*\w)/g)) {
      if (rootBases.has(match[1]!.split('.')[0]!)) {
        found.push(match[1]!);
      }
    }
  }
  return found;
}

/** Link targets: files relative to docs/, and #anchors of this doc. */
const links = [...prose.matchAll(/\]\(([^)\s]+)\)/g)].map((match) => match[1]!);

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
function slug(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/**
 * Variables the doc sets that .env.example rightly does not document, each with the reason. OTEL_* are read by
 * the OpenTelemetry SDK itself (the common ones are in .env.example anyway).
 */
const EXTERNAL_VARIABLES = new Map([
  ['PGPASSWORD', "libpq's, used by the backup scripts"],
  ['NODE_OPTIONS', "Node's own, to add --import without editing a command"],
  ['DATA_SOURCE_NAME', "postgres_exporter's, in Debian's /etc/default file"],
  ['ADMIN_PASSWORD', 'a one-off input of create-admin, never kept in a file'],
  ['SHELL', "cron's"],
  ['PATH', "cron's"],
  ['MAILTO', "cron's"],
]);

function variablesSetInDoc(): string[] {
  const names = new Set<string>();
  const assignment = /(?:^|[\s;&|(])(?:export\s+)?([A-Z][A-Z0-9_]*)=/gm;
  for (const text of [...codeBlocks, ...inlineCode]) {
    for (const match of text.matchAll(assignment)) {
      names.add(match[1]!);
    }
  }
  return [...names];
}

type ComposeMention = { kind: 'service' | 'profile'; name: string; command: string };

/** Services and profiles named in `docker compose …` commands (run, exec, logs, up, stop, --profile, --scale). */
function composeMentions(): ComposeMention[] {
  const mentions: ComposeMention[] = [];
  // Options that take a value: global ones before the subcommand, and run/exec's after it.
  const globalWithValue = new Set(['-f', '--file', '--env-file', '-p', '--project-name']);
  const runWithValue = new Set(['-u', '--user', '-e', '--env', '-w', '--workdir']);
  for (const match of doc.matchAll(/docker compose ([^\n`#|&;]*)/g)) {
    const command = match[0].trim();
    const words = match[1]!.trim().split(/\s+/).filter(Boolean);
    let subcommand: string | undefined;
    for (let i = 0; i < words.length; i++) {
      const word = words[i]!;
      if (word === '--profile') {
        mentions.push({ kind: 'profile', name: words[++i]!, command });
      } else if (word === '--scale') {
        mentions.push({ kind: 'service', name: words[++i]!.split('=')[0]!, command });
      } else if (subcommand ? runWithValue.has(word) : globalWithValue.has(word)) {
        i++;
      } else if (word.startsWith('-')) {
        // a flag without a value: -d, --rm, --build, logs -f (follow)
      } else if (!subcommand) {
        subcommand = word;
      } else if (
        !word.startsWith('<') &&
        ['run', 'exec', 'logs', 'up', 'stop', 'start', 'restart'].includes(subcommand)
      ) {
        mentions.push({ kind: 'service', name: word, command });
        if (subcommand === 'run' || subcommand === 'exec') {
          break; // the rest is the command run in the container
        }
      }
    }
  }
  return mentions;
}

describe('docs/deployment.md matches the repository', () => {
  it('every repository path it names exists', () => {
    const candidates = [...new Set([...inlinePathCandidates(), ...codePathCandidates()])];
    expect(candidates.length).toBeGreaterThan(30);
    const missing = candidates.filter(
      (candidate) => !NOT_IN_REPO.has(candidate) && !existsSync(path.join(root, candidate)),
    );
    expect(missing).toEqual([]);
  });

  it('every link points at an existing file or a heading of the doc', () => {
    const anchors = new Set([...doc.matchAll(/^#{1,6} (.+)$/gm)].map((match) => slug(match[1]!)));
    const broken = links.filter((target) => {
      if (/^https?:/.test(target)) {
        return false;
      }
      if (target.startsWith('#')) {
        return !anchors.has(target.slice(1));
      }
      return !existsSync(path.resolve(path.dirname(docFile), target.split('#')[0]!));
    });
    expect(links.length).toBeGreaterThan(10);
    expect(broken).toEqual([]);
  });

  it('every `npm run <name>` is a script in package.json', () => {
    const { scripts } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    const named = [...new Set([...doc.matchAll(/npm run ([\w:.-]+)/g)].map((match) => match[1]!))];
    expect(named.length).toBeGreaterThan(5);
    expect(named.filter((name) => !(name in scripts))).toEqual([]);
  });

  it('every variable it sets (NAME=…) is documented in .env.example or is a known outside one', () => {
    const example = readFileSync(path.join(root, '.env.example'), 'utf8');
    const documented = new Set([...example.matchAll(/^#?\s*([A-Z][A-Z0-9_]*)=/gm)].map((match) => match[1]!));
    // Build arguments of the Dockerfile (docker build --build-arg NAME=…) are settings of the image, not the app.
    const buildArgs = new Set(
      [...readFileSync(path.join(root, 'Dockerfile'), 'utf8').matchAll(/^ARG ([A-Z][A-Z0-9_]*)/gm)].map(
        (m) => m[1]!,
      ),
    );
    const set = variablesSetInDoc();
    expect(set.length).toBeGreaterThan(10);
    const unknown = set.filter(
      (name) =>
        !documented.has(name) &&
        !buildArgs.has(name) &&
        !EXTERNAL_VARIABLES.has(name) &&
        !name.startsWith('OTEL_'),
    );
    expect(unknown).toEqual([]);
  });

  it('every Compose service and profile in its docker compose commands exists in docker-compose.yml', () => {
    const compose = parse(readFileSync(path.join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
      services: Record<string, { profiles?: string[] }>;
    };
    const services = new Set(Object.keys(compose.services));
    const profiles = new Set(Object.values(compose.services).flatMap((service) => service.profiles ?? []));
    const mentions = composeMentions();
    expect(mentions.filter((mention) => mention.kind === 'service').length).toBeGreaterThan(5);
    expect(mentions.some((mention) => mention.kind === 'profile')).toBe(true);
    const unknown = mentions.filter((mention) =>
      mention.kind === 'service' ? !services.has(mention.name) : !profiles.has(mention.name),
    );
    expect(unknown).toEqual([]);
  });
});
