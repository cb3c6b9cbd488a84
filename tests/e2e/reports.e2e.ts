import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ApiSession,
  apiSession,
  BASE_URL,
  type BackOfficePage,
  openBackOffice,
  screenshot,
  signIn,
  signOut,
} from './backoffice';

type Store = { id: string; code: string; name: string; timezone: string };
type SalesFigures = {
  grossSalesCents: number;
  discountCents: number;
  returnsCents: number;
  netSalesCents: number;
  taxCents: number;
  transactions: number;
  returns: number;
  itemsSold: number;
  grossMarginCents: number;
};
type SalesReport = {
  from: string;
  to: string;
  currency: string | null;
  rows: (SalesFigures & { key: string | null; label: string })[];
  totals: SalesFigures;
};

const usd = (cents: number) =>
  new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(cents / 100);
const count = (value: number) => value.toLocaleString('en-US');

/** The report table as text: header labels, body rows and the totals row. */
async function readTable(page: Page, testId = 'report-table') {
  const table = page.getByTestId(testId);
  await table.waitFor();
  const headers = (await table.locator('thead th').allTextContents()).map((text) =>
    text.replace(/[▲▼]/g, '').trim(),
  );
  const bodyRows = table.locator('tbody tr');
  const rows: string[][] = [];
  for (let index = 0; index < (await bodyRows.count()); index += 1) {
    rows.push((await bodyRows.nth(index).locator('td').allTextContents()).map((text) => text.trim()));
  }
  const footer = (await table.locator('tfoot td').allTextContents()).map((text) => text.trim());
  return { headers, rows, footer };
}

/**
 * Waits until the report table has this many body rows. A locator count, not page.waitForFunction: a string
 * predicate that has to be polled is evaluated with eval in the page, which the app's CSP refuses.
 */
async function waitForRows(page: Page, rows: number): Promise<void> {
  await expect
    .poll(() => page.locator('[data-testid="report-table"] tbody tr').count(), { timeout: 30_000 })
    .toBe(rows);
}

function column(headers: string[], name: string): number {
  const index = headers.indexOf(name);
  expect(index, `column ${name} in ${headers.join('|')}`).toBeGreaterThanOrEqual(0);
  return index;
}

function searchOf(page: Page): URLSearchParams {
  return new URL(page.url()).searchParams;
}

describe('the reports', () => {
  let bo: BackOfficePage;
  let manager: ApiSession;
  let riverside: Store;
  let harbor: Store;

  beforeAll(async () => {
    const admin = await apiSession('admin');
    const all = (await (await admin.api.get('/api/stores')).json()) as { items: Store[] };
    await admin.api.dispose();
    const find = (code: string) => {
      const store = all.items.find((item) => item.code === code);
      if (!store) {
        throw new Error(`the demo store ${code} is missing`);
      }
      return store;
    };
    riverside = find('S001');
    harbor = find('S002');
    manager = await apiSession('manager1');
    bo = await openBackOffice(1280, 800);
  });

  afterAll(async () => {
    await manager?.api.dispose();
    await bo?.browser.close();
  });

  it("shows a manager only their store, and another store's report is refused", async () => {
    const { page } = bo;
    await signIn(page, 'manager1');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Reports' }).click();
    await page.getByRole('heading', { name: 'Daily sales' }).waitFor();
    await page.getByTestId('report-table').waitFor();

    // One store: no choice, its name, and the address names it (so the bookmark says which store).
    expect(await page.locator('#report-store').count()).toBe(0);
    expect((await page.locator('.reports-toolbar .store-single').textContent())?.trim()).toBe(riverside.name);
    expect(searchOf(page).get('storeId')).toBe(riverside.id);
    expect(searchOf(page).get('kind')).toBe('daily-sales');
    const body = (await page.locator('body').textContent()) ?? '';
    expect(body).not.toContain(harbor.name);
    await screenshot(page, 'reports-manager-daily-sales');

    // The API refuses S002 to manager1 (scope answers 404), and the screen says so instead of showing figures.
    const from = searchOf(page).get('from') ?? '';
    const to = searchOf(page).get('to') ?? '';
    const refused = await manager.api.get(
      `/api/reports/sales?from=${from}&to=${to}&groupBy=category&storeId=${harbor.id}`,
    );
    expect(refused.status()).toBe(404);
    await page.goto(`${BASE_URL}/reports?kind=sales-by-category&from=${from}&to=${to}&storeId=${harbor.id}`);
    await page.getByTestId('report-error').waitFor();
    expect(await page.getByTestId('report-error').textContent()).toMatch(/not found/i);
    expect(await page.getByTestId('report-store-unknown').isVisible()).toBe(true);
    expect(await page.getByTestId('report-table').count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Download CSV' }).count()).toBe(0);
    await screenshot(page, 'reports-other-store-refused');
  });

  it("sales by category for last week: the API's figures, sortable, the same as CSV, printable, bookmarkable", async () => {
    const { page } = bo;
    await page.goto(`${BASE_URL}/reports`);
    await page
      .getByRole('navigation', { name: 'Reports' })
      .getByRole('link', { name: 'Sales by category' })
      .click();
    await page.getByRole('heading', { name: 'Sales by category' }).waitFor();
    await page.getByRole('button', { name: 'Last week' }).click();
    // The address already named the report before the click: wait for the chosen dates to show, which come
    // from the address, so the from/to read below are last week's.
    await expect
      .poll(() => page.getByRole('button', { name: 'Last week' }).getAttribute('aria-pressed'))
      .toBe('true');

    // Last week: Monday to Sunday, before today in the store's zone (the demo history covers it).
    const from = searchOf(page).get('from') ?? '';
    const to = searchOf(page).get('to') ?? '';
    expect(new Date(`${from}T00:00:00Z`).getUTCDay()).toBe(1);
    expect((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000).toBe(6);
    const todayThere = new Intl.DateTimeFormat('en-CA', { timeZone: riverside.timezone }).format(new Date());
    expect(to < todayThere).toBe(true);

    const response = await manager.api.get(
      `/api/reports/sales?from=${from}&to=${to}&groupBy=category&storeId=${riverside.id}`,
    );
    expect(response.status()).toBe(200);
    const api = (await response.json()) as SalesReport;
    expect(api.currency).toBe('USD');
    expect(api.rows.length).toBeGreaterThan(1);
    // The screen names a category by its path (the report's label is the bare name: Food is under Dog and Cat).
    const categories = (await (await manager.api.get('/api/categories')).json()) as {
      items: { id: string; parentId: string | null; name: string }[];
    };
    const nameOf = new Map(categories.items.map((category) => [category.id, category]));
    const pathOf = (row: { key: string | null; label: string }) => {
      const names: string[] = [];
      for (let id = row.key; id !== null; ) {
        const category = nameOf.get(id);
        if (!category) {
          break;
        }
        names.unshift(category.name);
        id = category.parentId;
      }
      return names.length > 0 ? names.join(' > ') : row.label;
    };

    // Wait for this range's table (the previous range's may still be on screen for a moment).
    await waitForRows(page, api.rows.length);
    const table = await readTable(page);
    expect(table.headers).toEqual([
      'Category',
      'Gross sales',
      'Discounts',
      'Returns',
      'Net sales',
      'Tax',
      'Txns',
      'Return txns',
      'Items',
      'Margin',
    ]);
    const figures = (row: SalesFigures) => [
      usd(row.grossSalesCents),
      usd(row.discountCents),
      usd(row.returnsCents),
      usd(row.netSalesCents),
      usd(row.taxCents),
      count(row.transactions),
      count(row.returns),
      count(row.itemsSold),
      usd(row.grossMarginCents),
    ];
    // Unsorted, the table keeps the API's order (net sales descending).
    expect(table.rows).toEqual(api.rows.map((row) => [pathOf(row), ...figures(row)]));
    expect(table.rows.map((row) => row[0])).toContain('Dog > Food');
    expect(table.footer).toEqual(['Total', ...figures(api.totals)]);
    expect(await page.getByTestId('report-subtitle').textContent()).toContain(riverside.name);
    await screenshot(page, 'reports-sales-by-category');

    // Sort by net sales: ascending, then descending; and by name.
    const net = column(table.headers, 'Net sales');
    const header = page.getByTestId('report-table').getByRole('button', { name: 'Net sales' });
    await header.click();
    const ascending = await readTable(page);
    expect(ascending.rows.map((row) => row[net])).toEqual(
      [...api.rows].sort((a, b) => a.netSalesCents - b.netSalesCents).map((row) => usd(row.netSalesCents)),
    );
    expect(
      await page
        .getByTestId('report-table')
        .locator('th', { hasText: 'Net sales' })
        .getAttribute('aria-sort'),
    ).toBe('ascending');
    await header.click();
    const descending = await readTable(page);
    expect(descending.rows.map((row) => row[net])).toEqual(
      [...api.rows].sort((a, b) => b.netSalesCents - a.netSalesCents).map((row) => usd(row.netSalesCents)),
    );
    await page.getByTestId('report-table').getByRole('button', { name: 'Category' }).click();
    const byName = await readTable(page);
    expect(byName.rows.map((row) => row[0])).toEqual(
      api.rows
        .map(pathOf)
        .sort((a, b) => a.localeCompare(b, undefined, { numeric: true, sensitivity: 'base' })),
    );
    expect(byName.footer).toEqual(['Total', ...figures(api.totals)]);
    await screenshot(page, 'reports-sales-by-category-sorted');

    // The CSV is the same report: one line per table row, the same figures.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`sales-by-category-${from}-${to}.csv`);
    const csvPath = await download.path();
    const records = parse(await readFile(csvPath, 'utf8'), { columns: true }) as Record<string, string>[];
    expect(records).toHaveLength(table.rows.length);
    const decimal = (cents: number) => (cents / 100).toFixed(2);
    for (const row of api.rows) {
      // Names repeat under different parents (Dog > Food, Cat > Food): match on the id.
      const record = records.find((candidate) => candidate.category_id === (row.key ?? ''));
      expect(record, row.label).toBeDefined();
      expect(record?.net_sales).toBe(decimal(row.netSalesCents));
      expect(record?.gross_sales).toBe(decimal(row.grossSalesCents));
      expect(record?.tax).toBe(decimal(row.taxCents));
      expect(record?.transactions).toBe(String(row.transactions));
      const shown = table.rows[api.rows.indexOf(row)];
      expect(shown?.[net]).toBe(usd(Math.round(Number(record?.net_sales) * 100)));
    }

    // Printed: a header naming the report, store and range; no navigation, picker or controls.
    await page.emulateMedia({ media: 'print' });
    const printHeader = page.getByTestId('report-print-header');
    expect(await printHeader.isVisible()).toBe(true);
    const printed = (await printHeader.textContent()) ?? '';
    expect(printed).toContain('Sales by category');
    expect(printed).toContain(`${riverside.name} (${riverside.code})`);
    expect(printed).toMatch(/Dates: \w{3} \d{1,2}, \d{4} – \w{3} \d{1,2}, \d{4}/);
    expect(await page.getByRole('navigation', { name: 'Reports' }).isVisible()).toBe(false);
    expect(await page.getByRole('navigation', { name: 'Main' }).isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: 'Print' }).isVisible()).toBe(false);
    expect(await page.getByTestId('report-table').isVisible()).toBe(true);
    await screenshot(page, 'reports-print');
    await page.emulateMedia({ media: 'screen' });

    // The address is the report: reloading shows the same one.
    await page.reload();
    await page.getByRole('heading', { name: 'Sales by category' }).waitFor();
    await expect
      .poll(() => page.getByRole('button', { name: 'Last week' }).getAttribute('aria-pressed'))
      .toBe('true');
    expect((await readTable(page)).footer).toEqual(['Total', ...figures(api.totals)]);
  });

  it('says when the end date is before the start, without asking the server', async () => {
    const { page } = bo;
    await page.goto(`${BASE_URL}/reports?kind=tenders&from=2026-01-10&to=2026-01-12&storeId=${riverside.id}`);
    await page.getByRole('heading', { name: 'Tenders' }).waitFor();
    await page.getByLabel('To').fill('2026-01-05');
    await page.getByText('The end date is before the start date.').waitFor();
    expect(await page.getByLabel('To').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByTestId('report-table').count()).toBe(0);
    await screenshot(page, 'reports-range-error');
    await signOut(page);
  });

  it("today's void, damaged stock and shift close show on their reports as the API has them", async () => {
    const { page } = bo;
    const registerId = `rep-${Date.now().toString(36)}`;
    const cashier = await apiSession('cashier1');
    try {
      // A product with stock at S001 to sell and to write off.
      const catalog = (await (await cashier.api.get('/api/products?active=true&limit=50')).json()) as {
        items: { barcodes: string[]; unit: string }[];
      };
      let product: { id: string; priceCents: number; onHand: number } | undefined;
      for (const item of catalog.items) {
        const barcode = item.barcodes[0];
        if (item.unit !== 'each' || barcode === undefined) {
          continue;
        }
        const lookup = (await (
          await cashier.api.get(`/api/products/lookup?code=${barcode}&storeId=${riverside.id}`)
        ).json()) as { id: string; priceCents: number; onHand: number };
        if (lookup.onHand >= 3) {
          product = lookup;
          break;
        }
      }
      if (!product) {
        throw new Error('no product with stock at S001');
      }
      const adjustment = await manager.api.post(`/api/stores/${riverside.id}/inventory/adjustments`, {
        headers: manager.csrf,
        data: {
          lines: [{ productId: product.id, delta: -1, reason: 'damaged' }],
          note: `${registerId} dropped`,
        },
      });
      expect(adjustment.status(), await adjustment.text()).toBe(201);

      const shift = await cashier.api.post('/api/shifts', {
        headers: cashier.csrf,
        data: { storeId: riverside.id, registerId, openingFloatCents: 10_000 },
      });
      expect(shift.status(), await shift.text()).toBe(201);
      const { id: shiftId } = (await shift.json()) as { id: string };
      const sale = await cashier.api.post('/api/sales', {
        headers: cashier.csrf,
        data: {
          id: crypto.randomUUID(),
          storeId: riverside.id,
          registerId,
          shiftId,
          lines: [{ productId: product.id, quantity: 1 }],
          tenders: [{ method: 'cash', amountCents: Math.ceil((product.priceCents * 2) / 100) * 100 + 1000 }],
        },
      });
      expect(sale.status(), await sale.text()).toBe(201);
      const { id: saleId, receiptNumber } = (await sale.json()) as { id: string; receiptNumber: string };
      const voided = await manager.api.post(`/api/sales/${saleId}/void`, {
        headers: manager.csrf,
        data: { reason: `${registerId} rung twice` },
      });
      expect(voided.status(), await voided.text()).toBe(200);
      // A drawer $1.23 over the float (the voided sale's cash went back).
      const closed = await cashier.api.post(`/api/shifts/${shiftId}/close`, {
        headers: cashier.csrf,
        data: { countedCashCents: 10_123 },
      });
      expect(closed.status(), await closed.text()).toBe(200);
      const close = (await closed.json()) as { overShortCents: number; expectedCashCents: number };

      // A fresh session even if an earlier test stopped while signed in.
      await bo.browser.context.clearCookies();
      await signIn(page, 'manager1');
      const open = async (kind: string) => {
        await page.goto(`${BASE_URL}/reports?kind=${kind}`);
        await page.getByRole('button', { name: 'Today' }).click();
        await page.waitForURL(/from=/);
        await page.getByTestId('report-table').waitFor();
        const from = searchOf(page).get('from') ?? '';
        const to = searchOf(page).get('to') ?? '';
        expect(from).toBe(to);
        const response = await manager.api.get(
          `/api/reports/${kind}?from=${from}&to=${to}&storeId=${riverside.id}`,
        );
        expect(response.status()).toBe(200);
        return response.json();
      };

      // Voids and returns: our void, its receipt, reason and approver, as the API lists it.
      const voids = (await open('voids-returns')) as {
        rows: {
          kind: string;
          receiptNumber: string;
          amountCents: number;
          reason: string | null;
          approver: string | null;
        }[];
        totals: { voids: number; voidedCents: number };
      };
      const ourVoid = voids.rows.find((row) => row.receiptNumber === receiptNumber);
      expect(ourVoid?.kind).toBe('void');
      await waitForRows(page, voids.rows.length);
      const voidTable = await readTable(page);
      const voidRow = voidTable.rows.find((row) => row.includes(receiptNumber));
      expect(voidRow?.[column(voidTable.headers, 'Kind')]).toBe('Void');
      expect(voidRow?.[column(voidTable.headers, 'Amount')]).toBe(usd(ourVoid?.amountCents ?? -1));
      expect(voidRow?.[column(voidTable.headers, 'Reason')]).toBe(`${registerId} rung twice`);
      expect(voidRow?.[column(voidTable.headers, 'Approved by')]).toBe(ourVoid?.approver);
      expect(voidTable.footer[0]).toMatch(new RegExp(`^${voids.totals.voids} voids? · \\d+ returns?$`));
      expect(voidTable.footer.join(' ')).toContain(`Voided ${usd(voids.totals.voidedCents)}`);
      await screenshot(page, 'reports-today-voids-returns');

      // Shrink: damaged, at least our one unit.
      const shrink = (await open('shrink')) as {
        rows: { key: string; unitsLost: number; costLostCents: number; netCostCents: number }[];
      };
      const damaged = shrink.rows.find((row) => row.key === 'damaged');
      expect(damaged?.unitsLost).toBeGreaterThanOrEqual(1);
      await waitForRows(page, shrink.rows.length);
      const shrinkTable = await readTable(page);
      const damagedRow = shrinkTable.rows.find((row) => row[0] === 'Damaged');
      expect(damagedRow?.[column(shrinkTable.headers, 'Units lost')]).toBe(count(damaged?.unitsLost ?? -1));
      expect(damagedRow?.[column(shrinkTable.headers, 'Cost lost')]).toBe(usd(damaged?.costLostCents ?? -1));
      await screenshot(page, 'reports-today-shrink');

      // Shift over/short: our register, over by what the close said.
      const shifts = (await open('shift-over-short')) as {
        rows: { registerId: string; overShortCents: number; expectedCashCents: number }[];
      };
      const ourShift = shifts.rows.find((row) => row.registerId === registerId);
      expect(ourShift?.overShortCents).toBe(close.overShortCents);
      expect(ourShift?.expectedCashCents).toBe(close.expectedCashCents);
      await waitForRows(page, shifts.rows.length);
      const shiftTable = await readTable(page);
      const shiftRow = shiftTable.rows.find((row) => row.includes(registerId));
      const overShort = close.overShortCents;
      expect(shiftRow?.[column(shiftTable.headers, 'Over/short')]).toBe(
        overShort > 0 ? `+${usd(overShort)}` : usd(overShort),
      );
      expect(shiftRow?.[column(shiftTable.headers, 'Counted cash')]).toBe(usd(10_123));
      await screenshot(page, 'reports-today-shift-over-short');
      await signOut(page);
    } finally {
      await cashier.api.dispose();
    }
  });

  it('an admin sees every kind of report over both stores, each with a table', async () => {
    const { page } = bo;
    await bo.browser.context.clearCookies();
    await signIn(page, 'admin');
    await page.goto(`${BASE_URL}/reports?kind=daily-sales`);
    await page.getByRole('button', { name: 'Last week' }).click();
    await page.getByTestId('report-table').waitFor();
    // Every store (S001 Chicago, S002 New York): the presets follow the first store's zone, and say so.
    expect(searchOf(page).get('storeId')).toBeNull();
    expect(await page.locator('#report-store option').allTextContents()).toEqual(
      expect.arrayContaining([
        'All stores',
        `${riverside.name} (${riverside.code})`,
        `${harbor.name} (${harbor.code})`,
      ]),
    );
    expect(await page.getByTestId('report-zone-note').textContent()).toContain('time zone');

    const links = page.getByRole('navigation', { name: 'Reports' }).getByRole('link');
    const names = await links.allTextContents();
    expect(names).toHaveLength(12);
    for (const name of names) {
      await page
        .getByRole('navigation', { name: 'Reports' })
        .getByRole('link', { name, exact: true })
        .click();
      await page.getByRole('heading', { name, exact: true }).waitFor();
      await page.locator('[data-testid="report-table"], [data-testid="report-error"]').first().waitFor();
      // Let a stale table of the previous kind give way to this kind's.
      await page.waitForLoadState('networkidle');
      expect(await page.getByTestId('report-error').count(), `${name} failed`).toBe(0);
      const kind = searchOf(page).get('kind');
      await screenshot(page, `reports-all-${kind}`);
    }

    // Sales by store: one row per store, the same totals as the API.
    await page.goto(
      `${BASE_URL}/reports?${new URLSearchParams({ kind: 'sales-by-store', from: searchOf(page).get('from') ?? '', to: searchOf(page).get('to') ?? '' })}`,
    );
    const from = searchOf(page).get('from') ?? '';
    const to = searchOf(page).get('to') ?? '';
    const admin = await apiSession('admin');
    const api = (await (
      await admin.api.get(`/api/reports/sales?from=${from}&to=${to}&groupBy=store`)
    ).json()) as SalesReport;
    await admin.api.dispose();
    await waitForRows(page, api.rows.length);
    const table = await readTable(page);
    expect(table.rows.map((row) => row[0]).sort()).toEqual(['S001', 'S002']);
    expect(table.footer[column(table.headers, 'Net sales')]).toBe(usd(api.totals.netSalesCents));

    await page.setViewportSize({ width: 1024, height: 768 });
    await screenshot(page, 'reports-all-sales-by-store-1024');
    await page.setViewportSize({ width: 1280, height: 800 });
    expect(bo.pageErrors).toEqual([]);
    await signOut(page);
  });
});
