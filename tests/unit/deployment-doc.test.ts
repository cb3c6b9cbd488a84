import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  brokenLinks,
  composeMentions,
  dockerfileArgs,
  envExampleVariables,
  npmRunNames,
  packageScripts,
  readDoc,
  repoRoot,
  repositoryPaths,
  unknownComposeMentions,
  variablesSetInDoc,
} from '../helpers/doc-check';

/**
 * docs/deployment.md names files, npm scripts, environment variables and Compose services; an ops engineer
 * copies them as written. This test fails when one of them no longer exists in the repository.
 */
const doc = readDoc('docs/deployment.md');

/** Named in the doc but deliberately not in the repository, each for a reason. */
const NOT_IN_REPO = new Map([
  ['docker-compose.override.yml', 'written by the operator to publish PostgreSQL for host backups'],
  ['pg_hba.conf', "PostgreSQL's own configuration file"],
  ['postgresql.conf', "PostgreSQL's own configuration file"],
  ['pm2/', "a sub-folder of the host's log directory in the logrotate config"],
  ['sites-enabled/', "Debian's Nginx folder"],
]);

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

describe('docs/deployment.md matches the repository', () => {
  it('every repository path it names exists', () => {
    const candidates = repositoryPaths(doc);
    expect(candidates.length).toBeGreaterThan(30);
    const missing = candidates.filter(
      (candidate) => !NOT_IN_REPO.has(candidate) && !existsSync(path.join(repoRoot, candidate)),
    );
    expect(missing).toEqual([]);
  });

  it('every link points at an existing file or a heading', () => {
    expect(doc.links.length).toBeGreaterThan(10);
    expect(brokenLinks(doc)).toEqual([]);
  });

  it('every `npm run <name>` is a script in package.json', () => {
    const scripts = packageScripts();
    const named = npmRunNames(doc);
    expect(named.length).toBeGreaterThan(5);
    expect(named.filter((name) => !scripts.has(name))).toEqual([]);
  });

  it('every variable it sets (NAME=…) is documented in .env.example or is a known outside one', () => {
    const documented = envExampleVariables();
    const buildArgs = dockerfileArgs();
    const set = variablesSetInDoc(doc);
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
    const mentions = composeMentions(doc);
    expect(mentions.filter((mention) => mention.kind === 'service').length).toBeGreaterThan(5);
    expect(mentions.some((mention) => mention.kind === 'profile')).toBe(true);
    expect(unknownComposeMentions(mentions)).toEqual([]);
  });
});
