// Helpers for the Nginx deployment test: render the shipped nginx.conf, run the real nginx, make raw HTTPS
// requests (every header occurrence visible, any source address), and read the kernel's socket table.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import tls from 'node:tls';
import { repoRoot } from './common';

export const RENDER_SCRIPT = path.join(repoRoot, 'scripts', 'render-nginx-conf.mjs');

/** Runs scripts/render-nginx-conf.mjs with `args`; returns its exit code, output and errors. */
export function renderNginxConf(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [RENDER_SCRIPT, ...args], { cwd: repoRoot, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A self-signed certificate for localhost and 127.0.0.1, made by openssl (what a fresh Compose setup uses). */
export function makeSelfSignedCert(dir: string): { cert: string; key: string } {
  const cert = path.join(dir, 'server.crt');
  const key = path.join(dir, 'server.key');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '2',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=DNS:localhost,IP:127.0.0.1',
      '-keyout',
      key,
      '-out',
      cert,
    ],
    { stdio: 'pipe' },
  );
  return { cert, key };
}

/** `nginx -t -c <conf>`: exit code and what nginx said. */
export function nginxConfigTest(conf: string, startupLog: string): { status: number | null; output: string } {
  const result = spawnSync('nginx', ['-e', startupLog, '-t', '-c', conf], { encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

export type NginxProcess = { pid: number; stop(): Promise<void> };

/** Starts nginx (it daemonizes) and waits for its pid file. */
export async function startNginx(conf: string, pidFile: string, startupLog: string): Promise<NginxProcess> {
  const result = spawnSync('nginx', ['-e', startupLog, '-c', conf], { encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`nginx did not start (exit ${result.status}): ${result.stderr}`);
  }
  const deadline = Date.now() + 15_000;
  while (!existsSync(pidFile) && Date.now() < deadline) {
    await sleep(100);
  }
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  return {
    pid,
    // kill -QUIT: graceful shutdown of the master and its workers; wait until the master is gone.
    stop: async () => {
      if (!isAlive(pid)) {
        return;
      }
      process.kill(pid, 'SIGQUIT');
      const stopBy = Date.now() + 15_000;
      while (isAlive(pid) && Date.now() < stopBy) {
        await sleep(100);
      }
      if (isAlive(pid)) {
        process.kill(pid, 'SIGKILL');
      }
    },
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export type RawResponse = {
  status: number;
  /** Lower-cased header name → every value it was sent with, in order. */
  headers: Map<string, string[]>;
  body: Buffer;
};

/** One header's single value; throws when it is missing or sent more than once. */
export function single(response: RawResponse, name: string): string {
  const values = response.headers.get(name.toLowerCase()) ?? [];
  if (values.length !== 1) {
    throw new Error(`expected one ${name} header, got ${values.length}: ${JSON.stringify(values)}`);
  }
  return values[0] as string;
}

/** An HTTPS request over a new connection (no agent), self-signed certificate accepted. */
export function httpsRequest(options: {
  port: number;
  path: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  localAddress?: string;
}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const request = https.request(
      {
        host: '127.0.0.1',
        port: options.port,
        path: options.path,
        method: options.method ?? 'GET',
        headers: options.headers,
        localAddress: options.localAddress,
        servername: 'localhost',
        rejectUnauthorized: false,
        agent: false,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const headers = new Map<string, string[]>();
          const raw = response.rawHeaders;
          for (let index = 0; index < raw.length; index += 2) {
            const name = (raw[index] ?? '').toLowerCase();
            headers.set(name, [...(headers.get(name) ?? []), raw[index + 1] ?? '']);
          }
          resolve({ status: response.statusCode ?? 0, headers, body: Buffer.concat(chunks) });
        });
        response.on('error', reject);
      },
    );
    request.setTimeout(60_000, () => request.destroy(new Error(`timeout: ${options.path}`)));
    request.on('error', reject);
    request.end(options.body);
  });
}

/**
 * The client-side ports of every TCP connection to `port` that the kernel knows about (open, closing or in
 * TIME-WAIT, whichever side closed first): one port per connection ever opened to it in the last minute.
 */
export function connectionPortsTo(port: number): Set<number> {
  const output = execFileSync('ss', ['-Htan'], { encoding: 'utf8' });
  const ports = new Set<number>();
  const portOf = (address: string) => Number(address.slice(address.lastIndexOf(':') + 1));
  for (const line of output.split('\n')) {
    const [state, , , local, peer] = line.trim().split(/\s+/);
    if (!state || !local || !peer || state === 'LISTEN') {
      continue;
    }
    if (portOf(peer) === port) {
      ports.add(portOf(local));
    } else if (portOf(local) === port) {
      ports.add(portOf(peer));
    }
  }
  return ports;
}

/**
 * A bare TLS handshake limited to [min, max]. The client's own security level is lowered so that a refusal
 * of old protocols is the server's, not OpenSSL's client defaults.
 */
export function tlsHandshake(
  port: number,
  minVersion: tls.SecureVersion,
  maxVersion: tls.SecureVersion,
): Promise<{ protocol: string | null; cipher: string } | { error: string }> {
  return new Promise((resolve) => {
    const socket = tls.connect({
      host: '127.0.0.1',
      port,
      servername: 'localhost',
      rejectUnauthorized: false,
      minVersion,
      maxVersion,
      ciphers: 'DEFAULT@SECLEVEL=0',
    });
    socket.once('secureConnect', () => {
      resolve({ protocol: socket.getProtocol(), cipher: socket.getCipher().name });
      socket.end();
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
  });
}
