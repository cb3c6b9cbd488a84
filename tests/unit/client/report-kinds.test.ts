import { describe, expect, it } from 'vitest';
import {
  readReportParams,
  reportApiUrl,
  reportSearch,
} from '../../../client/src/features/reports/report-kinds';

const range = { from: '2026-11-16', to: '2026-11-22' };

describe('readReportParams', () => {
  it('reads the kind, dates and store from the address', () => {
    expect(
      readReportParams(new URLSearchParams('kind=tax&from=2026-11-16&to=2026-11-22&storeId=abc')),
    ).toEqual({ kind: 'tax', ...range, storeId: 'abc' });
  });

  it('falls back to daily sales and no dates for unknown kinds and impossible dates', () => {
    expect(readReportParams(new URLSearchParams('kind=toString&from=2026-02-30&to=yesterday'))).toEqual({
      kind: 'daily-sales',
      from: null,
      to: null,
      storeId: '',
    });
  });

  it('round-trips through reportSearch', () => {
    const params = { kind: 'sales-by-category' as const, storeId: 'abc', ...range };
    expect(readReportParams(new URLSearchParams(reportSearch(params)))).toEqual(params);
    expect(reportSearch({ kind: 'shrink', storeId: '', ...range })).toBe(
      '?kind=shrink&from=2026-11-16&to=2026-11-22',
    );
  });
});

describe('reportApiUrl', () => {
  it('asks the sales report for the kind’s grouping, as JSON or CSV', () => {
    expect(reportApiUrl('sales-by-category', { storeId: 'abc', ...range })).toBe(
      '/api/reports/sales?from=2026-11-16&to=2026-11-22&groupBy=category&storeId=abc',
    );
    expect(reportApiUrl('daily-sales', { storeId: '', ...range }, 'csv')).toBe(
      '/api/reports/sales?from=2026-11-16&to=2026-11-22&groupBy=day&format=csv',
    );
  });

  it('sends the other kinds to their own endpoint; the valuation takes no dates', () => {
    expect(reportApiUrl('voids-returns', { storeId: '', ...range })).toBe(
      '/api/reports/voids-returns?from=2026-11-16&to=2026-11-22',
    );
    expect(reportApiUrl('inventory-valuation', { storeId: '', ...range })).toBe(
      '/api/reports/inventory-valuation',
    );
    expect(reportApiUrl('inventory-valuation', { storeId: 'abc', ...range }, 'csv')).toBe(
      '/api/reports/inventory-valuation?storeId=abc&format=csv',
    );
  });
});
