import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

/**
 * Reading a Markdown guide for what it names (paths, npm scripts, variables, Compose services, API routes), so
 * a test can fail when one of them no longer exists. Used by tests/unit/deployment-doc.test.ts and
 * tests/unit/troubleshooting-doc.test.ts.
 */
export const repoRoot = path.resolve(import.meta.dirname, '../..');

// Fences may be indented (a code block inside a list item).
const FENCE = /^[ \t]*```[^\n]*\n([\s\S]*?)^[ \t]*```[ \t]*$/gm;

export type Doc = {
  file: string;
  text: string;
  /** The contents of the fenced code blocks. */
  codeBlocks: string[];
  /** Everything outside the code blocks. */
  prose: string;
  /** The `inline code` spans of the prose. */
  inlineCode: string[];
  /** Link targets `](…)` of the prose. */
  links: string[];
};

export function readDoc(relativePath: string): Doc {
  const file = path.join(repoRoot, relativePath);
  const text = readFileSync(file, 'utf8');
  const prose = text.replace(FENCE, '');
  return {
    file,
    text,
    codeBlocks: [...text.matchAll(FENCE)].map((match) => match[1]!),
    prose,
    inlineCode: [...prose.matchAll(/`([^`\n]+)`/g)].map((match) => match[1]!),
    links: [...prose.matchAll(/\]\(([^)\s]+)\)/g)].map((match) => match[1]!),
  };
}

/** Top-level folders of the repository (what a relative path in a doc can start with). */
const repoFolders = new Set(
  readdirSync(repoRoot).filter(
    (name) => !['node_modules', '.git'].includes(name) && statSync(path.join(repoRoot, name)).isDirectory(),
  ),
);
/** Made by a build or a script, not committed: docs name them, but they are not in a fresh clone. */
export const GENERATED_FOLDERS = new Set(['dist', 'ssl', 'logs', 'data']);
const ROOT_FILE = /^\.?[\w.-]+\.(sql|ya?ml|js|mjs|ts|sh|conf|json|md|example)$/;
/** Names of the files at the top of the repository before their first dot (init-db, ecosystem, nginx…): a name
 * starting like one of them is checked whatever its extension, so `init-db.sq` is caught too. */
const rootBases = new Set(
  readdirSync(repoRoot)
    .filter((name) => !name.startsWith('.') && statSync(path.join(repoRoot, name)).isFile())
    .map((name) => name.split('.')[0]!),
);
const isRootFileName = (name: string) =>
  name === 'Dockerfile' || ROOT_FILE.test(name) || (name.includes('.') && rootBases.has(name.split('.')[0]!));

/** Inline code that looks like a path relative to the repository root. */
function inlinePathCandidates(doc: Doc): string[] {
  const found: string[] = [];
  for (const span of doc.inlineCode) {
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
function codePathCandidates(doc: Doc): string[] {
  const found: string[] = [];
  const folders = [...repoFolders].filter((name) => !GENERATED_FOLDERS.has(name)).join('|');
  const inFolder = new RegExp(`(?<![\\w/.-])((?:${folders})/[\\w./-]*[\\w/])`, 'g');
  const rootFile = /(?<![\w/.-])([\w.-]+\.(?:sql|sh|mjs|js|ts|ya?ml|conf|json))(?![\w/.-])/g;
  for (const block of doc.codeBlocks) {
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

/** Every repository path the doc names, in prose or code, once each. */
export function repositoryPaths(doc: Doc): string[] {
  return [...new Set([...inlinePathCandidates(doc), ...codePathCandidates(doc)])];
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
export function slug(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** Links to a file that does not exist, or to an #anchor of a heading that does not exist (here or there). */
export function brokenLinks(doc: Doc): string[] {
  const anchorsOf = (text: string) => new Set([...text.matchAll(/^#{1,6} (.+)$/gm)].map((m) => slug(m[1]!)));
  return doc.links.filter((target) => {
    if (/^https?:|^mailto:/.test(target)) {
      return false;
    }
    const [file, anchor] = target.split('#') as [string, string | undefined];
    if (file === '') {
      return !anchorsOf(doc.text).has(anchor ?? '');
    }
    const linked = path.resolve(path.dirname(doc.file), file);
    try {
      if (anchor === undefined) {
        return !statSync(linked).isFile() && !statSync(linked).isDirectory();
      }
      return !anchorsOf(readFileSync(linked, 'utf8')).has(anchor);
    } catch {
      return true;
    }
  });
}

/** The `npm run <name>` scripts a doc names, once each. */
export function npmRunNames(doc: Doc): string[] {
  return [...new Set([...doc.text.matchAll(/npm run ([\w:.-]+)/g)].map((match) => match[1]!))];
}

export function packageScripts(): Set<string> {
  const { scripts } = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  return new Set(Object.keys(scripts));
}

/** `NAME=value` lines of .env.example, and `# NAME=value` for settings shown commented out. */
export function envExampleVariables(): Set<string> {
  const example = readFileSync(path.join(repoRoot, '.env.example'), 'utf8');
  return new Set([...example.matchAll(/^#?\s*([A-Z][A-Z0-9_]*)=/gm)].map((match) => match[1]!));
}

/** Build arguments of the Dockerfile (docker build --build-arg NAME=…): settings of the image, not the app. */
export function dockerfileArgs(): Set<string> {
  return new Set(
    [...readFileSync(path.join(repoRoot, 'Dockerfile'), 'utf8').matchAll(/^ARG ([A-Z][A-Z0-9_]*)/gm)].map(
      (m) => m[1]!,
    ),
  );
}

/** Variables the doc sets, `NAME=…` (optionally after `export`), in code blocks and inline code. */
export function variablesSetInDoc(doc: Doc): string[] {
  const names = new Set<string>();
  const assignment = /(?:^|[\s;&|(])(?:export\s+)?([A-Z][A-Z0-9_]*)=/gm;
  for (const text of [...doc.codeBlocks, ...doc.inlineCode]) {
    for (const match of text.matchAll(assignment)) {
      names.add(match[1]!);
    }
  }
  return [...names];
}

export type ComposeMention = { kind: 'service' | 'profile'; name: string; command: string };

/** Services and profiles named in `docker compose …` commands (run, exec, logs, up, stop, --profile, --scale). */
export function composeMentions(doc: Doc): ComposeMention[] {
  const mentions: ComposeMention[] = [];
  // Options that take a value: global ones before the subcommand, and run/exec's and logs' after it.
  const globalWithValue = new Set(['-f', '--file', '--env-file', '-p', '--project-name']);
  const runWithValue = new Set(['-u', '--user', '-e', '--env', '-w', '--workdir', '-n', '--tail', '--since']);
  for (const match of doc.text.matchAll(/docker compose ([^\n`#|&;]*)/g)) {
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

/** The services and profiles of docker-compose.yml. */
export function composeServicesAndProfiles(): { services: Set<string>; profiles: Set<string> } {
  const compose = parse(readFileSync(path.join(repoRoot, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
    services: Record<string, { profiles?: string[] }>;
  };
  return {
    services: new Set(Object.keys(compose.services)),
    profiles: new Set(Object.values(compose.services).flatMap((service) => service.profiles ?? [])),
  };
}

/** Compose mentions naming a service or profile docker-compose.yml does not have. */
export function unknownComposeMentions(mentions: ComposeMention[]): ComposeMention[] {
  const { services, profiles } = composeServicesAndProfiles();
  return mentions.filter((mention) =>
    mention.kind === 'service' ? !services.has(mention.name) : !profiles.has(mention.name),
  );
}
