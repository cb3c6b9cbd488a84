// `npm run test:e2e` against a fresh built server: embedded demo data in a temp folder, Chromium via playwright-core.
// Extra arguments go to vitest, e.g. `npm run test:e2e -- tests/e2e/register.e2e.ts` runs one file.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SMTPServer } from 'smtp-server';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const port = 3800 + Math.floor(Math.random() * 90);
const dataDir = mkdtempSync(path.join(tmpdir(), 'pos-e2e-data-'));

// A real SMTP server for the emailed receipts: each message lands as a file the browser tests read.
const mailDir = path.join(dataDir, 'mail');
mkdirSync(mailDir);
let mailCount = 0;
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  onData(stream, session, callback) {
    const chunks = [];
    stream.on('data', (chunk) => chunks.push(chunk));
    stream.on('end', () => {
      const to = session.envelope.rcptTo.map((address) => address.address).join(',');
      mailCount += 1;
      writeFileSync(
        path.join(mailDir, `${mailCount}.eml`),
        `X-Envelope-To: ${to}\r\n${Buffer.concat(chunks)}`,
      );
      callback();
    });
  },
});
await new Promise((resolve) => smtp.listen(0, '127.0.0.1', resolve));
const smtpPort = smtp.server.address().port;
const server = spawn(process.execPath, ['dist/index.js'], {
  cwd: root,
  env: {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_DIR: path.join(dataDir, 'logs'),
    DATABASE_URL: '',
    REDIS_URL: '',
    SEED_DEMO: 'true',
    // Every browser test signs in from 127.0.0.1, many times a minute: the login limit would refuse them.
    LOGIN_RATE_LIMIT_PER_MINUTE: '1000',
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(smtpPort),
    SMTP_USER: '',
    SMTP_PASS: '',
    SMTP_FROM: 'receipts@e2e.test',
  },
  stdio: ['ignore', 'inherit', 'inherit'],
});

let exitCode = 1;
try {
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/health`)).ok) {
        break;
      }
    } catch {
      // not up yet
    }
    if (Date.now() > deadline || server.exitCode !== null) {
      throw new Error('the server did not become healthy');
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  // Not spawnSync: this process keeps answering the SMTP server's connections while the tests run.
  const tests = spawn(
    path.join(root, 'node_modules', '.bin', 'vitest'),
    ['run', '--config', 'tests/e2e/vitest.config.ts', ...process.argv.slice(2)],
    {
      cwd: root,
      env: { ...process.env, E2E_BASE_URL: `http://127.0.0.1:${port}`, E2E_MAIL_DIR: mailDir },
      stdio: 'inherit',
    },
  );
  exitCode = await new Promise((resolve) => tests.on('exit', (code) => resolve(code ?? 1)));
} finally {
  server.kill('SIGTERM');
  await new Promise((resolve) => server.on('exit', resolve));
  await new Promise((resolve) => smtp.close(resolve));
  rmSync(dataDir, { recursive: true, force: true });
}
process.exit(exitCode);
