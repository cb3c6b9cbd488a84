import { describe, expect, it } from 'vitest';
import { BASE_URL } from './browser';

const ONE_YEAR_SECONDS = 31_536_000;

function maxAge(cacheControl: string | null): number | null {
  const match = /max-age=(\d+)/.exec(cacheControl ?? '');
  return match?.[1] ? Number(match[1]) : null;
}

async function fetchHtml(path: string): Promise<Response> {
  return fetch(`${BASE_URL}${path}`, { headers: { Accept: 'text/html' } });
}

// What the built client needs from Express: index.html for every app URL, hashed assets cached for good.
describe('serving the built client', () => {
  it('GET / and deep links → index.html, never cached', async () => {
    for (const path of ['/', '/login', '/some/screen/a/later/issue/adds']) {
      const response = await fetchHtml(path);
      expect(response.status, path).toBe(200);
      expect(response.headers.get('content-type'), path).toContain('text/html');
      expect(await response.text(), path).toContain('<div id="root">');
      const cacheControl = response.headers.get('cache-control') ?? '';
      expect(cacheControl, path).toMatch(/no-cache|no-store|max-age=0/);
    }
  });

  it('GET /assets/<hashed>.js → JavaScript cached for a year, immutable', async () => {
    const html = await (await fetchHtml('/')).text();
    const scriptPath = /<script[^>]+src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(scriptPath).toBeDefined();
    const response = await fetch(`${BASE_URL}${scriptPath}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/javascript/);
    const cacheControl = response.headers.get('cache-control');
    expect(maxAge(cacheControl)).toBeGreaterThanOrEqual(ONE_YEAR_SECONDS);
    expect(cacheControl).toContain('immutable');
  });

  it("GET /sw.js → precaches the till's files, not the back office's", async () => {
    const response = await fetch(`${BASE_URL}/sw.js`);
    expect(response.status).toBe(200);
    const source = await response.text();
    const list = /\[\s*"assets\/[^\]]*\]/.exec(source)?.[0];
    expect(list).toBeDefined();
    const files = JSON.parse(list ?? '[]') as string[];
    const named = (prefix: string) => files.some((file) => file.startsWith(`assets/${prefix}-`));
    expect(named('RegisterRoute')).toBe(true);
    expect(named('LoginPage')).toBe(true);
    for (const backOffice of [
      'BackOfficeRoute',
      'DashboardRoute',
      'ReportsArea',
      'InventoryArea',
      'CatalogArea',
      'AdminRoute',
    ]) {
      expect(named(backOffice), backOffice).toBe(false);
    }
    // Each precached file exists (a wrong name would make the install fail as a whole).
    for (const file of files) {
      expect((await fetch(`${BASE_URL}/${file}`)).status, file).toBe(200);
    }
  });

  it('GET a missing asset → 404, not index.html (a stale tab must fail loudly, not parse HTML as JS)', async () => {
    const response = await fetch(`${BASE_URL}/assets/missing-0000000.js`);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type') ?? '').not.toContain('text/html');
  });

  it('GET an unknown /api path → 404 JSON error, not index.html', async () => {
    const response = await fetchHtml('/api/no-such-route');
    expect(response.status).toBe(404);
    const body: unknown = await response.json();
    expect(body).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });
});
