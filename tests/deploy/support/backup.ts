// Helpers of the backup test: run the shell scripts asynchronously (the webhook receiver lives in this
// process, so a blocking spawnSync would stall it), a webhook receiver, and s3rver as a child process.
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { freePort, repoRoot, waitForHttp } from './common';

export type RunResult = { code: number | null; stdout: string; stderr: string; output: string };

/**
 * Runs `scripts/<script>` with a cron-like environment: PATH and HOME only, plus `env`. Nothing else leaks in
 * from the test runner's environment (no DATABASE_URL, PG*, AWS_*).
 */
export function runScript(script: string, args: string[], env: Record<string, string>): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [path.join(repoRoot, 'scripts', script), ...args], {
      cwd: repoRoot,
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: process.env.HOME ?? '/root',
        LANG: 'C.UTF-8',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let output = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
      output += chunk;
    });
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr, output }));
  });
}

export type Notification = {
  status: string;
  database: string;
  file: string;
  bytes: number;
  message: string;
};

export type WebhookReceiver = { url: string; received: Notification[]; close(): Promise<void> };

/** A real HTTP server that records every JSON body POSTed to it. */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: Notification[] = [];
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      try {
        received.push(JSON.parse(body) as Notification);
        response.writeHead(204).end();
      } catch {
        response.writeHead(400).end();
      }
    });
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export type S3Server = { endpoint: string; child: ChildProcess; stop(): Promise<void> };

/** s3rver from node_modules on a free port, storing into `directory`. */
export async function startS3rver(directory: string): Promise<S3Server> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [
      path.join(repoRoot, 'node_modules/s3rver/bin/s3rver.js'),
      '--directory',
      directory,
      '--address',
      '127.0.0.1',
      '--port',
      String(port),
      '--silent',
    ],
    { stdio: 'ignore' },
  );
  const endpoint = `http://127.0.0.1:${port}`;
  // s3rver answers an anonymous ListBuckets with 200 once it listens.
  await waitForHttp(`${endpoint}/`, 30_000);
  return {
    endpoint,
    child,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) {
          resolve();
          return;
        }
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** The values of a Prometheus textfile, by metric name. */
export function parseMetrics(text: string): Record<string, number> {
  const values: Record<string, number> = {};
  for (const line of text.split('\n')) {
    const match = /^([a-z_]+) (\S+)$/.exec(line);
    if (match?.[1] && match[2]) {
      values[match[1]] = Number(match[2]);
    }
  }
  return values;
}
