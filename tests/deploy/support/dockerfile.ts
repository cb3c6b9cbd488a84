// A small Dockerfile reader and a .dockerignore matcher, so the deployment test can run the Dockerfile's own
// commands, stage by stage, in temporary folders on a machine without a Docker engine.

export type Instruction = { op: string; args: string };
export type Stage = { name: string; from: string; instructions: Instruction[] };
export type Dockerfile = { stages: Stage[]; globalArgs: Record<string, string> };

/** Instructions with continuation lines joined and comments dropped, grouped by FROM. */
export function parseDockerfile(text: string): Dockerfile {
  const logical: string[] = [];
  let pending = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line.startsWith('#') || (line === '' && pending === '')) {
      continue;
    }
    if (line.endsWith('\\')) {
      pending += `${line.slice(0, -1).trim()} `;
      continue;
    }
    logical.push((pending + line).trim());
    pending = '';
  }
  const globalArgs: Record<string, string> = {};
  const stages: Stage[] = [];
  for (const line of logical.filter(Boolean)) {
    const [word = '', ...rest] = line.split(/\s+/);
    const op = word.toUpperCase();
    const args = rest.join(' ');
    if (op === 'FROM') {
      const match = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(args);
      const from = (match?.[1] ?? '').replace(/\$\{(\w+)\}/g, (_, name: string) => globalArgs[name] ?? '');
      stages.push({ name: match?.[2] ?? String(stages.length), from, instructions: [] });
    } else if (stages.length === 0 && op === 'ARG') {
      const [name = '', value = ''] = args.split('=');
      globalArgs[name] = value;
    } else {
      stages.at(-1)?.instructions.push({ op, args });
    }
  }
  return { stages, globalArgs };
}

/** ENV NAME=value NAME2=value2 (the form our Dockerfile uses). */
export function parseEnv(args: string): Record<string, string> {
  return Object.fromEntries(
    args
      .split(/\s+/)
      .filter(Boolean)
      .map((pair) => {
        const at = pair.indexOf('=');
        return [pair.slice(0, at), pair.slice(at + 1)];
      }),
  );
}

/** COPY [--from=stage] [--chown=…] src… dest */
export function parseCopy(args: string): { from: string | null; sources: string[]; dest: string } {
  const words = args.split(/\s+/).filter(Boolean);
  const flags = words.filter((word) => word.startsWith('--'));
  const paths = words.filter((word) => !word.startsWith('--'));
  const from = flags.find((flag) => flag.startsWith('--from='))?.slice('--from='.length) ?? null;
  return { from, sources: paths.slice(0, -1), dest: paths.at(-1) ?? '' };
}

/** The exec form of CMD or HEALTHCHECK … CMD: a JSON array. */
export function execForm(args: string): string[] {
  const json = args.slice(args.indexOf('['));
  const parsed = JSON.parse(json) as unknown;
  if (!Array.isArray(parsed) || !parsed.every((part) => typeof part === 'string')) {
    throw new Error(`not an exec-form array: ${args}`);
  }
  return parsed;
}

function globToRegExp(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i += 1) {
    const char = glob[i] ?? '';
    if (char === '*' && glob[i + 1] === '*') {
      source += '.*';
      i += 1;
    } else if (char === '*') {
      source += '[^/]*';
    } else if (char === '?') {
      source += '[^/]';
    } else {
      source += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    }
  }
  return new RegExp(`^${source}$`);
}

/**
 * Docker's .dockerignore rules: patterns anchored at the context root, later patterns win, `!` re-includes,
 * and a matching folder excludes everything below it.
 */
export function dockerignoreMatcher(text: string): (relativePath: string) => boolean {
  const rules = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const negated = line.startsWith('!');
      const pattern = (negated ? line.slice(1) : line).replace(/^\/+|\/+$/g, '');
      return { negated, regexp: globToRegExp(pattern) };
    });
  return (relativePath) => {
    const parts = relativePath.split('/');
    const prefixes = parts.map((_, index) => parts.slice(0, index + 1).join('/'));
    let ignored = false;
    for (const rule of rules) {
      if (prefixes.some((prefix) => rule.regexp.test(prefix))) {
        ignored = !rule.negated;
      }
    }
    return ignored;
  };
}
