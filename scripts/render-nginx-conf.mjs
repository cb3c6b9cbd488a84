#!/usr/bin/env node
// Renders the shipped nginx.conf for a host (PM2 behind Nginx) or a test: it replaces only the lines that
// end with a `# @name` marker and leaves every other line as shipped.
//
// Usage:
//   node scripts/render-nginx-conf.mjs [options] --output FILE     (or: ... > FILE)
// Example (Debian host, app under PM2 on 127.0.0.1:3000, a Let's Encrypt certificate). Render beside the
// live config, test it, then swap, so a mistake never replaces a working config:
//   node scripts/render-nginx-conf.mjs --upstream 127.0.0.1:3000 --user www-data \
//     --server-name pos.example.com \
//     --cert /etc/letsencrypt/live/pos.example.com/fullchain.pem \
//     --key /etc/letsencrypt/live/pos.example.com/privkey.pem --output /etc/nginx/nginx.conf.new
//   nginx -t -c /etc/nginx/nginx.conf.new && mv /etc/nginx/nginx.conf.new /etc/nginx/nginx.conf \
//     && systemctl reload nginx
// Run with --help for every option. Without options it prints the shipped file unchanged (the Compose setup).
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const HELP = `Usage: node scripts/render-nginx-conf.mjs [options]

  --input FILE         the config to render (default: nginx.conf at the top of the repo)
  --output FILE        write here instead of standard output
  --upstream HOST:PORT the app, e.g. 127.0.0.1:3000 (shipped: app:3000, the Compose service)
  --http-listen [ADDR:]PORT   plain-HTTP listener (shipped: 80)
  --https-listen [ADDR:]PORT  TLS listener (shipped: 443)
  --http2-on           use the "http2 on;" directive instead of "listen ... http2" (Nginx 1.25.1 and
                       newer, where the listen parameter only logs a deprecation warning; 1.22 rejects it)
  --redirect-port PORT the HTTPS port clients reach, used in the HTTP->HTTPS redirect
                       (default: the --https-listen port; 443 leaves it out of the URL)
  --server-name NAMES  server_name of both servers (shipped: _ = any name)
  --cert FILE          certificate chain (shipped: /etc/nginx/ssl/server.crt)
  --key FILE           private key (shipped: /etc/nginx/ssl/server.key)
  --user USER          worker user (shipped: nginx; Debian: www-data)
  --pid FILE           pid file (shipped: /run/nginx.pid)
  --error-log FILE     error log (shipped: /var/log/nginx/error.log)
  --access-log FILE    access log (shipped: /var/log/nginx/access.log)
  --mime-types FILE    mime.types to include (shipped: /etc/nginx/mime.types)
  --acme-root DIR      webroot for Let's Encrypt HTTP-01 challenges (shipped: /var/www/certbot)
  --temp-dir DIR       put the client-body/proxy/fastcgi/uwsgi/scgi temp paths under DIR
                       (needed to run Nginx as a non-root user or in a test directory)
`;

function parseOptions() {
  try {
    return parseArgs({
      options: {
        help: { type: 'boolean' },
        input: { type: 'string' },
        output: { type: 'string' },
        upstream: { type: 'string' },
        'http-listen': { type: 'string' },
        'https-listen': { type: 'string' },
        'http2-on': { type: 'boolean' },
        'redirect-port': { type: 'string' },
        'server-name': { type: 'string' },
        cert: { type: 'string' },
        key: { type: 'string' },
        user: { type: 'string' },
        pid: { type: 'string' },
        'error-log': { type: 'string' },
        'access-log': { type: 'string' },
        'mime-types': { type: 'string' },
        'acme-root': { type: 'string' },
        'temp-dir': { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    process.stderr.write(`render-nginx-conf: ${error.message} (see --help)\n`);
    process.exit(2);
  }
}

const values = parseOptions();

if (values.help) {
  process.stdout.write(HELP);
  process.exit(0);
}

function fail(message) {
  process.stderr.write(`render-nginx-conf: ${message}\n`);
  process.exit(1);
}

/** A value that goes into a directive: no characters that could end it or start another one. */
function word(name, value) {
  if (!/^[A-Za-z0-9_.:/@[\]*-]+$/.test(value)) {
    fail(`--${name} ${JSON.stringify(value)}: only letters, digits and _ . : / @ [ ] * - are accepted`);
  }
  return value;
}

function portOf(listen) {
  const match = /(?:^|:)(\d{1,5})$/.exec(listen);
  if (!match) {
    fail(`cannot read a port from ${JSON.stringify(listen)}`);
  }
  return match[1];
}

/** marker -> the directive(s) that replace the marked line (indentation and marker are kept). */
const replacements = new Map();
const set = (marker, text) => replacements.set(marker, text);

if (values.upstream !== undefined) {
  set('upstream', `server ${word('upstream', values.upstream)};`);
}
if (values['http-listen'] !== undefined) {
  set('listen-http', `listen ${word('http-listen', values['http-listen'])} default_server;`);
}
if (values['https-listen'] !== undefined || values['http2-on']) {
  const listen = word('https-listen', values['https-listen'] ?? '443');
  set(
    'listen-https',
    values['http2-on']
      ? `listen ${listen} ssl default_server; http2 on;`
      : `listen ${listen} ssl http2 default_server;`,
  );
}
const redirectPort =
  values['redirect-port'] ?? (values['https-listen'] ? portOf(values['https-listen']) : undefined);
if (redirectPort !== undefined) {
  const port = word('redirect-port', redirectPort);
  const authority = port === '443' ? '$host' : `$host:${port}`;
  set('https-redirect', `return 301 https://${authority}$request_uri;`);
}
if (values['server-name'] !== undefined) {
  const names = values['server-name']
    .trim()
    .split(/\s+/)
    .map((name) => word('server-name', name));
  set('server-name', `server_name ${names.join(' ')};`);
}
const simple = [
  ['cert', 'cert', 'ssl_certificate'],
  ['key', 'key', 'ssl_certificate_key'],
  ['user', 'user', 'user'],
  ['pid', 'pid', 'pid'],
  ['mime-types', 'mime-types', 'include'],
  ['acme-root', 'acme-root', 'root'],
];
for (const [option, marker, directive] of simple) {
  if (values[option] !== undefined) {
    set(marker, `${directive} ${word(option, values[option])};`);
  }
}
if (values['error-log'] !== undefined) {
  set('error-log', `error_log ${word('error-log', values['error-log'])} warn;`);
}
if (values['access-log'] !== undefined) {
  set('access-log', `access_log ${word('access-log', values['access-log'])} pos;`);
}
if (values['temp-dir'] !== undefined) {
  const dir = word('temp-dir', values['temp-dir']).replace(/\/+$/, '');
  set(
    'temp-paths',
    ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']
      .map((kind) => `${kind}_temp_path ${dir}/${kind};`)
      .join(' '),
  );
}

const inputFile = values.input ?? path.join(repoRoot, 'nginx.conf');
const lines = readFileSync(inputFile, 'utf8').split('\n');
const seen = new Set();
const MARKED = /^(\s*)(.*?)\s*# @([a-z-]+)\b.*$/;
const rendered = lines.map((line) => {
  const match = MARKED.exec(line);
  if (!match) {
    return line;
  }
  const [, indent, , marker] = match;
  seen.add(marker);
  const text = replacements.get(marker);
  return text === undefined ? line : `${indent}${text} # @${marker}`;
});
for (const marker of replacements.keys()) {
  if (!seen.has(marker)) {
    fail(`${inputFile} has no line marked "# @${marker}": was the marker removed?`);
  }
}

const output = rendered.join('\n');
if (values.output) {
  writeFileSync(values.output, output);
} else {
  process.stdout.write(output);
}
