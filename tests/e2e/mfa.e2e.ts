// Two-factor sign-in in a browser: manager1 enrols an authenticator on the Security page (the test plays the app,
// computing codes from the key shown for manual entry), signs out, signs in with a code, signs in once with a
// recovery code (a second use is refused), and turns two-factor sign-in off again (so other files' manager1 works).
import type { Page } from 'playwright-core';
import { request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeBase32, hotp, timeStepAt } from '../../server/modules/auth/totp';
import {
  BASE_URL,
  type BackOfficePage,
  DEMO_PASSWORD,
  openBackOffice,
  screenshot,
  signIn,
  signOut,
} from './backoffice';

/** Plays the authenticator app: a code for a time step after the last one used and within ±1 step of now. */
class Authenticator {
  private lastStep: number;
  constructor(
    readonly secret: string,
    usedStep: number,
  ) {
    this.lastStep = usedStep;
  }

  async nextCode(): Promise<string> {
    // A step already used is refused (replay); wait for the clock when the next one is still two steps ahead.
    while (this.lastStep + 1 > timeStepAt(Date.now()) + 1) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    this.lastStep = Math.max(this.lastStep + 1, timeStepAt(Date.now()));
    return hotp(decodeBase32(this.secret), this.lastStep);
  }
}

async function passwordStep(page: Page): Promise<void> {
  await page.goto(`${BASE_URL}/login`);
  await page.getByLabel('Username').fill('manager1');
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Two-factor sign-in' }).waitFor();
}

describe('two-factor sign-in for a manager', () => {
  let session: BackOfficePage;
  let recoveryCodes: string[] = [];

  beforeAll(async () => {
    session = await openBackOffice(1280, 800);
  });
  afterAll(async () => {
    await session.browser.close();
    // If the test stopped half-way, turn MFA off with recovery codes so later files can sign manager1 in.
    const api = await request.newContext({ baseURL: BASE_URL });
    const login = await api.post('/api/auth/login', {
      data: { username: 'manager1', password: DEMO_PASSWORD },
    });
    const body = (await login.json()) as { mfaRequired?: boolean; challengeId?: string };
    if (body.mfaRequired && recoveryCodes.length >= 2) {
      const second = await api.post('/api/auth/login/mfa', {
        data: { challengeId: body.challengeId, recoveryCode: recoveryCodes.at(-1) },
      });
      const { csrfToken } = (await second.json()) as { csrfToken: string };
      await api.post('/api/auth/mfa/disable', {
        headers: { 'X-CSRF-Token': csrfToken },
        data: { password: DEMO_PASSWORD, recoveryCode: recoveryCodes.at(-2) },
      });
    }
    await api.dispose();
  });

  it('enrols with the key, signs in with a code and with a recovery code (once), and turns it off', async () => {
    const { page, pageErrors } = session;
    await signIn(page, 'manager1');
    await page.getByRole('link', { name: 'Security' }).click();
    await page.getByRole('heading', { name: 'Two-factor sign-in', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Set up two-factor sign-in' }).click();

    // Enrolment: the QR code and the key for manual entry.
    const qr = page.getByRole('img', { name: 'QR code for your authenticator app' });
    await qr.waitFor();
    expect(await qr.getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    const secret = (await page.getByTestId('mfa-secret').textContent())?.trim() ?? '';
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    await screenshot(page, 'mfa-enrol');
    const enrolStep = timeStepAt(Date.now());
    await page.getByLabel('Code from the app').fill(hotp(decodeBase32(secret), enrolStep));
    await page.getByRole('button', { name: 'Turn on two-factor sign-in' }).click();

    // The recovery codes, shown once.
    const codesList = page.getByTestId('recovery-codes');
    await codesList.waitFor();
    recoveryCodes = (await codesList.locator('code').allTextContents()).map((code) => code.trim());
    expect(recoveryCodes).toHaveLength(10);
    await screenshot(page, 'mfa-recovery-codes');
    await page.getByRole('button', { name: 'I have saved them' }).click();
    await page.getByRole('heading', { name: 'Two-factor sign-in is on' }).waitFor();
    expect(await page.getByTestId('recovery-codes-left').textContent()).toBe('10');
    const app = new Authenticator(secret, enrolStep);

    // Sign out; the password alone is no longer enough: the code step follows.
    await signOut(page);
    await passwordStep(page);
    await screenshot(page, 'mfa-login-code');
    await page.getByLabel('Authentication code').fill(await app.nextCode());
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();

    // A recovery code signs in once.
    await signOut(page);
    await passwordStep(page);
    await page.getByRole('button', { name: 'Use a recovery code' }).click();
    await page.getByLabel('Recovery code').fill(recoveryCodes[0]!);
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();

    // ...and only once.
    await signOut(page);
    await passwordStep(page);
    await page.getByRole('button', { name: 'Use a recovery code' }).click();
    await page.getByLabel('Recovery code').fill(recoveryCodes[0]!);
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').textContent()).toContain('wrong or was already used');
    await page.getByRole('button', { name: 'Use a code from the app instead' }).click();
    await page.getByLabel('Authentication code').fill(await app.nextCode());
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();

    // The Security page counts the used code; turning off needs the password and a code.
    await page.getByRole('link', { name: 'Security' }).click();
    await page.getByRole('heading', { name: 'Two-factor sign-in is on' }).waitFor();
    expect(await page.getByTestId('recovery-codes-left').textContent()).toBe('9');
    await page.getByLabel('Code from the app').fill(await app.nextCode());
    await page.getByLabel('Password (to turn it off)').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Turn off' }).click();
    await page.getByRole('button', { name: 'Set up two-factor sign-in' }).waitFor();
    recoveryCodes = [];

    // Back to one step.
    await signOut(page);
    await signIn(page, 'manager1');
    expect(pageErrors).toEqual([]);
  }, 180_000);
});
