// Admin screens in a browser: a store is created and its receipt footer changed, a cashier is created (and can
// then sign in and open the register), the audit log shows it, and a manager sees only the audit log.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiSession,
  BASE_URL,
  type BackOfficePage,
  openBackOffice,
  screenshot,
  signIn,
  signOut,
} from './backoffice';

const STAMP = Date.now().toString(36).toUpperCase();

type Store = { id: string; code: string; name: string; receiptFooter: string };

describe('admin: stores, users, audit log', () => {
  let session: BackOfficePage;

  beforeAll(async () => {
    session = await openBackOffice(1280, 800);
  });
  afterAll(async () => {
    await session.browser.close();
  });

  it('an admin creates a store and changes its receipt footer; the API shows the new footer', async () => {
    const { page } = session;
    await signIn(page, 'admin');
    await page.goto(`${BASE_URL}/admin`);
    await page.getByRole('heading', { name: 'Stores', exact: true }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/admin/stores');
    await page.getByTestId('admin-stores-table').getByRole('link', { name: 'S001' }).waitFor();
    await screenshot(page, 'admin-stores');

    const code = `E${STAMP.slice(-8)}`;
    await page.getByRole('link', { name: 'New store' }).click();
    await page.getByRole('heading', { name: 'New store' }).waitFor();
    await page.getByLabel('Code', { exact: true }).fill(code);
    await page.getByLabel('Name', { exact: true }).fill(`E2E Store ${STAMP}`);
    await page.getByLabel('Time zone').fill('America/Denver');
    await page.getByLabel('Standard tax %').fill('7.5');
    // A bad rate is named next to its field, and nothing is created.
    await page.getByLabel('Reduced tax %').fill('abc');
    await page.getByRole('button', { name: 'Create store' }).click();
    const reducedError = page
      .locator('.form-field', { has: page.getByLabel('Reduced tax %') })
      .locator('.form-error');
    await reducedError.waitFor();
    expect(await reducedError.textContent()).toContain('decimal string');
    await page.getByLabel('Reduced tax %').fill('2.25');
    await page.getByRole('button', { name: 'Create store' }).click();
    await page.getByText(`Created store ${code}`).waitFor();

    await page.getByTestId('admin-stores-table').getByRole('link', { name: code }).click();
    await page.getByRole('heading', { name: `${code} · E2E Store ${STAMP}` }).waitFor();
    const footer = `Thanks for shopping with us ${STAMP}`;
    await page.getByLabel('Receipt footer').fill(footer);
    await page.getByLabel('Cashier discount limit %').fill('15');
    await screenshot(page, 'admin-store-edit');
    await page.getByRole('button', { name: 'Save store' }).click();
    await page.getByText(`Saved store ${code}`).waitFor();

    const admin = await apiSession('admin');
    const stores = (await (await admin.api.get('/api/stores?limit=500')).json()) as { items: Store[] };
    const created = stores.items.find((store) => store.code === code);
    expect(created).toBeDefined();
    const fetched = await admin.api.get(`/api/stores/${created!.id}`);
    expect(fetched.status()).toBe(200);
    expect(await fetched.json()).toMatchObject({
      receiptFooter: footer,
      cashierDiscountLimitPercent: 15,
      timezone: 'America/Denver',
      taxRates: { standard: '7.5', reduced: '2.25', exempt: '0' },
    });
    await admin.api.dispose();
  });

  it('an admin creates a cashier of S002 with a password and PIN; the audit log shows it; the cashier opens the register', async () => {
    const { page } = session;
    const username = `e2e_cashier_${STAMP.toLowerCase()}`;
    const password = `register-pass-${STAMP}`;
    await page.goto(`${BASE_URL}/admin/users`);
    await page.getByTestId('admin-users-table').getByRole('link', { name: 'cashier2' }).waitFor();
    await screenshot(page, 'admin-users');

    await page.getByRole('link', { name: 'New user' }).click();
    await page.getByRole('heading', { name: 'New user' }).waitFor();
    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Full name').fill(`E2E Cashier ${STAMP}`);
    await page.getByLabel('Role').selectOption('cashier');
    await page.getByRole('checkbox', { name: /^S002 · / }).check();
    await page.getByLabel('Password').fill('too-short');
    await page.getByLabel('PIN (optional)').fill('12');
    await page.getByRole('button', { name: 'Create user' }).click();
    // Both problems are named at their own fields.
    const errorOf = (label: string) =>
      page.locator('.form-field', { has: page.getByLabel(label) }).locator('.form-error');
    await errorOf('Password').waitFor();
    expect(await errorOf('Password').textContent()).toBe('must be at least 12 characters');
    expect(await errorOf('PIN (optional)').textContent()).toBe('must be 4 to 8 digits');
    await screenshot(page, 'admin-user-new');
    await page.getByLabel('Password').fill(password);
    await page.getByLabel('PIN (optional)').fill('4321');
    await page.getByRole('button', { name: 'Create user' }).click();
    await page.getByText(`Created ${username} (Cashier)`).waitFor();

    await page.getByTestId('admin-users-table').getByRole('link', { name: username }).click();
    await page.getByRole('heading', { name: `${username} · E2E Cashier ${STAMP}` }).waitFor();
    expect(await page.getByText('A PIN is set.').count()).toBe(1);
    await screenshot(page, 'admin-user-edit');

    await page.getByRole('link', { name: 'Audit log' }).click();
    await page.getByRole('heading', { name: 'Audit log' }).waitFor();
    await page.getByLabel('Action').fill('user.created');
    const row = page.getByTestId('admin-audit-table').locator('tr', { hasText: username });
    await row.waitFor();
    expect(await row.textContent()).toContain('user.created');
    expect(await row.textContent()).toContain('cashier');
    await screenshot(page, 'admin-audit');

    await signOut(page);
    await signIn(page, username, password);
    await screenshot(page, 'admin-new-cashier-signed-in');
    await page.goto(`${BASE_URL}/register`);
    await page.getByRole('heading', { name: 'Set up this till' }).waitFor();
    // A cashier has no back office: no Admin link in the navigation.
    expect(
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' }).count(),
    ).toBe(0);
    await signOut(page);
    expect(session.pageErrors).toEqual([]);
  });

  it('manager1 opening /admin sees only the audit log, of their store', async () => {
    // An entry of S001 of our own: manager1 saves a product's reorder levels unchanged (audited with the store).
    const api = await apiSession('manager1');
    const own = (await (await api.api.get('/api/stores')).json()) as { items: Store[] };
    const s001 = own.items.find((store) => store.code === 'S001')!;
    const stock = (await (await api.api.get(`/api/stores/${s001.id}/inventory?limit=1`)).json()) as {
      items: { productId: string; reorderPoint: number; reorderQuantity: number }[];
    };
    const item = stock.items[0]!;
    const saved = await api.api.patch(`/api/stores/${s001.id}/inventory/${item.productId}`, {
      headers: api.csrf,
      data: { reorderPoint: item.reorderPoint, reorderQuantity: item.reorderQuantity },
    });
    expect(saved.status()).toBe(200);
    await api.api.dispose();

    const manager = await openBackOffice(1024, 768);
    try {
      const { page } = manager;
      await signIn(page, 'manager1');
      await page.goto(`${BASE_URL}/admin`);
      await page.getByRole('heading', { name: 'Audit log' }).waitFor();
      expect(new URL(page.url()).pathname).toBe('/admin/audit');
      const tabs = page.getByRole('navigation', { name: 'Admin sections' }).getByRole('link');
      expect(await tabs.allTextContents()).toEqual(['Audit log']);
      // Entries of S001 only (the reorder change above among them); no other store's.
      await page
        .getByTestId('admin-audit-table')
        .locator('tr', { hasText: 'inventory.reorder_changed' })
        .first()
        .waitFor();
      const storeCells = await page
        .getByTestId('admin-audit-table')
        .locator('tbody tr td:nth-child(4)')
        .allTextContents();
      expect(await page.getByTestId('admin-audit-table').locator('thead th:nth-child(4)').textContent()).toBe(
        'Store',
      );
      expect(storeCells.length).toBeGreaterThan(0);
      expect(storeCells.every((cell) => cell === 'S001' || cell === '—')).toBe(true);
      await screenshot(page, 'admin-audit-manager');
      // Addresses of the admin-only sections lead back to the audit log.
      await page.goto(`${BASE_URL}/admin/users`);
      await page.getByRole('heading', { name: 'Audit log' }).waitFor();
      expect(new URL(page.url()).pathname).toBe('/admin/audit');
      expect(manager.pageErrors).toEqual([]);
    } finally {
      await manager.browser.close();
    }
  });
});
