// Shared steps for the back-office browser tests: sign in as a demo user, call the API as one, and keep
// screenshots of each screen under tests/e2e/artifacts/ (CI keeps them; look at them).
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { type APIRequestContext, type Page, request } from 'playwright-core';
import { expect } from 'vitest';
import { BASE_URL, type BrowserSession, launchBrowser } from './browser';

export const DEMO_PASSWORD = process.env.DEMO_PASSWORD ?? 'demo-password-1';
export const ARTIFACTS_DIR = fileURLToPath(new URL('./artifacts/', import.meta.url));

export type ApiSession = { api: APIRequestContext; csrf: Record<string, string> };

/** A signed-in API client for one demo user; state-changing calls need `headers: csrf`. */
export async function apiSession(username: string, password = DEMO_PASSWORD): Promise<ApiSession> {
  const api = await request.newContext({ baseURL: BASE_URL });
  const login = await api.post('/api/auth/login', { data: { username, password } });
  expect(login.status()).toBe(200);
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  return { api, csrf: { 'X-CSRF-Token': csrfToken } };
}

export type BackOfficePage = { browser: BrowserSession; page: Page; pageErrors: string[] };

/** A fresh browser at a desk-sized window; uncaught page errors are collected for the test to assert on. */
export async function openBackOffice(width = 1280, height = 800): Promise<BackOfficePage> {
  await mkdir(ARTIFACTS_DIR, { recursive: true });
  await writeFile(`${ARTIFACTS_DIR}.gitignore`, '*\n');
  const browser = await launchBrowser();
  const page = browser.context.pages()[0] ?? (await browser.context.newPage());
  await page.setViewportSize({ width, height });
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  return { browser, page, pageErrors };
}

export async function signIn(page: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto(`${BASE_URL}/login`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

export async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByLabel('Username').waitFor();
}

/** Saved as tests/e2e/artifacts/<name>.png; full page by default, since back-office screens scroll. */
export async function screenshot(page: Page, name: string, fullPage = true): Promise<void> {
  await page.screenshot({ path: `${ARTIFACTS_DIR}${name}.png`, fullPage });
}

export { BASE_URL };
