import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE_URL, type BrowserSession, launchBrowser } from './browser';

const USERNAME = 'cashier1';
const PASSWORD = process.env.DEMO_PASSWORD ?? 'demo-password-1';
// Long enough to pass the 12-byte password rule, so the server answers 401 and not 400.
const WRONG_PASSWORD = 'not-the-right-password';

function isAt(page: Page, pathname: string): boolean {
  return new URL(page.url()).pathname === pathname;
}

function readSignedInName(body: unknown): string {
  if (typeof body === 'object' && body !== null && 'user' in body) {
    const { user } = body;
    if (typeof user === 'object' && user !== null && 'name' in user && typeof user.name === 'string') {
      return user.name;
    }
  }
  throw new Error(`login answered without user.name: ${JSON.stringify(body)}`);
}

describe('signing in at the till', () => {
  let browser: BrowserSession;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('redirects to /login, rejects a wrong password, signs in, survives a reload and signs out', async () => {
    // 1. A fresh browser has no session: / sends it to the login form.
    await page.goto(`${BASE_URL}/`);
    await page.waitForURL((url) => url.pathname === '/login');
    const username = page.getByLabel('Username');
    const password = page.getByLabel('Password');
    await username.waitFor();

    // 2. The username field has focus, so typing goes straight into it. A wrong password, submitted with
    //    Enter, shows the error, clears the password and stays on /login.
    await page.keyboard.type(USERNAME);
    expect(await username.inputValue()).toBe(USERNAME);
    await password.fill(WRONG_PASSWORD);
    await password.press('Enter');
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('Wrong username or password');
    expect(isAt(page, '/login')).toBe(true);
    expect(await password.inputValue()).toBe('');

    // 3. The right password lands on the shell, showing who is signed in.
    await username.fill(USERNAME);
    await password.fill(PASSWORD);
    const [loginResponse] = await Promise.all([
      page.waitForResponse(
        (response) =>
          new URL(response.url()).pathname === '/api/auth/login' && response.request().method() === 'POST',
      ),
      page.getByRole('button', { name: 'Sign in' }).click(),
    ]);
    expect(loginResponse.status()).toBe(200);
    const name = readSignedInName(await loginResponse.json());
    const signOut = page.getByRole('button', { name: 'Sign out' });
    await signOut.waitFor();
    expect(isAt(page, '/')).toBe(true);
    expect(await page.getByRole('banner').textContent()).toContain(name);
    expect(await page.getByRole('main').textContent()).toContain(`Signed in as ${name} (cashier)`);

    // 4. A reload keeps the session: the cookie is still there and /me answers.
    await page.reload();
    await signOut.waitFor();
    expect(isAt(page, '/')).toBe(true);
    expect(await page.getByRole('banner').textContent()).toContain(name);

    // 5. Signing out goes back to /login, and the server session is gone: / redirects again.
    await signOut.click();
    await page.waitForURL((url) => url.pathname === '/login');
    await username.waitFor();
    await page.goto(`${BASE_URL}/`);
    await page.waitForURL((url) => url.pathname === '/login');
    await username.waitFor();

    expect(pageErrors).toEqual([]);
  });
});
