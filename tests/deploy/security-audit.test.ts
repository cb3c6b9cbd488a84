// `npm audit --omit=dev --audit-level=high`: the packages production installs have no known high or critical
// advisory. It asks the npm registry, so when the registry's advisory endpoint cannot be reached (offline,
// a proxy that refuses the POST) the test is skipped with the reason, never passed silently; set
// REQUIRE_NPM_AUDIT=true to make that a failure instead. Findings always fail, naming each package.
import { execFile } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './support/common';

type AuditReport = {
  vulnerabilities?: Record<string, { severity: string; via: unknown[]; fixAvailable: unknown }>;
  metadata?: { vulnerabilities: Record<string, number> };
  message?: string;
  error?: { code?: string; summary?: string };
};

function npmAudit(): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve) => {
    execFile(
      'npm',
      ['audit', '--omit=dev', '--audit-level=high', '--json'],
      { cwd: repoRoot, timeout: 120_000, maxBuffer: 32 * 1024 * 1024 },
      (error, stdout) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout });
      },
    );
  });
}

function advisoryTitles(via: unknown[]): string {
  return via
    .map((item) => (typeof item === 'string' ? `via ${item}` : (item as { title?: string }).title))
    .filter(Boolean)
    .join('; ');
}

describe('npm audit (production dependencies)', () => {
  it('no high or critical advisories', async (context) => {
    const { code, stdout } = await npmAudit();
    let report: AuditReport;
    try {
      report = JSON.parse(stdout) as AuditReport;
    } catch {
      report = { message: `npm audit printed no JSON (exit ${code})` };
    }
    if (!report.metadata?.vulnerabilities) {
      const reason = report.message ?? report.error?.summary ?? report.error?.code ?? `exit ${code}`;
      const note = `npm audit could not get an answer from the registry (${reason}): NOT checked`;
      console.warn(`[security] ${note}`);
      if (process.env.REQUIRE_NPM_AUDIT === 'true') {
        throw new Error(`${note}, and REQUIRE_NPM_AUDIT=true`);
      }
      context.skip(note);
      return;
    }
    const counts = report.metadata.vulnerabilities;
    const serious = Object.entries(report.vulnerabilities ?? {})
      .filter(([, v]) => v.severity === 'high' || v.severity === 'critical')
      .map(
        ([name, v]) =>
          `${name} (${v.severity}): ${advisoryTitles(v.via)}; fix ${JSON.stringify(v.fixAvailable)}`,
      );
    console.log(`[security] npm audit --omit=dev: ${JSON.stringify(counts)}`);
    expect(serious).toEqual([]);
    expect((counts.high ?? 0) + (counts.critical ?? 0)).toBe(0);
    expect(code).toBe(0);
  });
});
