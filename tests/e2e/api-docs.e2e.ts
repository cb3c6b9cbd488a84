import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE_URL, type BrowserSession, launchBrowser } from './browser';

// The browsable API documentation: Swagger UI served by the app itself, under the page's own strict CSP.
describe('the API documentation at /api/docs', () => {
  let browser: BrowserSession;
  let page: Page;
  const pageErrors: string[] = [];
  const consoleCsp: string[] = [];
  const requestedHosts = new Set<string>();

  beforeAll(async () => {
    browser = await launchBrowser();
    browser.context.on('request', (request) => {
      const url = new URL(request.url());
      if (url.protocol === 'http:' || url.protocol === 'https:') {
        requestedHosts.add(url.hostname);
      }
    });
    browser.context.on('console', (message) => {
      if (/Content[- ]Security[- ]Policy/i.test(message.text())) {
        consoleCsp.push(message.text());
      }
    });
    // Browser-side code as a string: this project's tsconfig has no DOM types.
    await browser.context.addInitScript({
      content: `window.__cspViolations = [];
        document.addEventListener('securitypolicyviolation', (event) => {
          window.__cspViolations.push(event.violatedDirective + ' ' + event.blockedURI + ' ' + event.sourceFile + ':' + event.lineNumber);
        });`,
    });
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });

  afterAll(async () => {
    await browser?.close();
  });

  const violations = () => page.evaluate<string[]>('window.__cspViolations');

  it('shows the operations of our OpenAPI document with no CSP violation, no page error, nothing from elsewhere', async () => {
    const [documentResponse] = await Promise.all([
      page.waitForResponse((response) => new URL(response.url()).pathname === '/api/openapi.json'),
      page.goto(`${BASE_URL}/api/docs`),
    ]);
    expect(documentResponse.status()).toBe(200);
    await page.getByRole('heading', { name: /Pet Products POS API/ }).waitFor();

    // Bearer tokens can be pasted in (the document's security schemes).
    await page
      .getByRole('button', { name: /Authorize/ })
      .first()
      .waitFor();

    // The "auth" tag, opened: its operations, POST /api/auth/login among them.
    const authTag = page.locator('#operations-tag-auth');
    await authTag.waitFor();
    const login = page.locator('#operations-auth-post_api_auth_login');
    if (!(await login.isVisible())) {
      await authTag.click();
    }
    await login.waitFor();
    expect(await login.locator('.opblock-summary-method').textContent()).toBe('POST');
    expect(await login.locator('.opblock-summary-path').getAttribute('data-path')).toBe('/api/auth/login');

    // Expanding an operation renders its request body; "Try it out" sends the example to this server.
    await login.locator('.opblock-summary').click();
    await login.getByRole('button', { name: 'Try it out' }).click();
    const [tried] = await Promise.all([
      page.waitForResponse((response) => new URL(response.url()).pathname === '/api/auth/login'),
      login.getByRole('button', { name: 'Execute' }).click(),
    ]);
    expect(tried.status()).toBe(401);
    await login.locator('.live-responses-table').getByText('INVALID_CREDENTIALS').waitFor();

    expect(pageErrors).toEqual([]);
    expect(await violations()).toEqual([]);
    expect(consoleCsp).toEqual([]);
    expect([...requestedHosts]).toEqual([new URL(BASE_URL).hostname]);
    expect(new URL(BASE_URL).hostname).toBe('127.0.0.1');
  });

  it('the CSP is enforced on the page: an inline script is refused and reported', async () => {
    await page.evaluate(`{
      const script = document.createElement('script');
      script.textContent = 'window.__inline = 1';
      document.body.append(script);
    }`);
    await expect.poll(violations).toEqual([expect.stringMatching(/^script-src/)]);
    expect(await page.evaluate('window.__inline')).toBeUndefined();
  });
});
