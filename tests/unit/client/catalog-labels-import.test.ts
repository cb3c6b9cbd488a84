import { describe, expect, it } from 'vitest';
import type { ImportReport } from '../../../shared/schemas/catalog-files';
import { checkCsvFile, checkImageFile } from '../../../client/src/features/catalog/files';
import {
  canApply,
  groupErrorsByRow,
  importableCount,
  summarizeReport,
} from '../../../client/src/features/catalog/import-report';
import { expandLabels, labelCodeOf, symbologyOf } from '../../../client/src/features/catalog/labels';

describe('labels', () => {
  it('prints valid 13-digit codes as EAN-13 and everything else as Code 128', () => {
    expect(symbologyOf('4006381333931')).toBe('EAN13');
    expect(symbologyOf('4006381333932')).toBe('CODE128');
    expect(symbologyOf('96385074')).toBe('CODE128');
    expect(symbologyOf('SKU-42')).toBe('CODE128');
  });

  it('uses the first barcode, or the SKU when there is none', () => {
    expect(labelCodeOf({ sku: 'A-1', barcodes: ['4006381333931', '96385074'] })).toBe('4006381333931');
    expect(labelCodeOf({ sku: 'A-1', barcodes: [] })).toBe('A-1');
  });

  it('repeats each product by its copies, in order, at most 100 each', () => {
    expect(
      expandLabels([
        { product: 'a', copies: 2 },
        { product: 'b', copies: 0 },
        { product: 'c', copies: 1 },
      ]),
    ).toEqual(['a', 'a', 'c']);
    expect(expandLabels([{ product: 'a', copies: 5000 }])).toHaveLength(100);
    expect(expandLabels([{ product: 'a', copies: -3 }])).toEqual([]);
  });
});

describe('file checks before upload', () => {
  it('refuses photos of the wrong type or over 5 MiB', () => {
    expect(checkImageFile({ name: 'a.png', type: 'image/png', size: 1000 })).toBeNull();
    expect(checkImageFile({ name: 'a.gif', type: 'image/gif', size: 1000 })).toMatch(
      /not a JPEG, PNG or WebP/,
    );
    expect(checkImageFile({ name: 'a.jpg', type: 'image/jpeg', size: 5 * 1024 * 1024 + 1 })).toMatch(
      /at most 5 MB/,
    );
    expect(checkImageFile({ name: 'a.jpg', type: 'image/jpeg', size: 0 })).toMatch(/empty/);
  });

  it('takes .csv files up to 20 MiB whatever type the browser reports', () => {
    expect(checkCsvFile({ name: 'Products.CSV', type: 'application/vnd.ms-excel', size: 10 })).toBeNull();
    expect(checkCsvFile({ name: 'products.xlsx', type: '', size: 10 })).toMatch(/not a .csv file/);
    expect(checkCsvFile({ name: 'big.csv', type: 'text/csv', size: 20 * 1024 * 1024 + 1 })).toMatch(
      /at most 20 MB/,
    );
  });
});

const report = (overrides: Partial<ImportReport>): ImportReport => ({
  dryRun: true,
  rows: 3,
  created: 2,
  updated: 1,
  errors: [],
  errorCount: 0,
  ...overrides,
});

describe('import report', () => {
  it('offers the import only for a clean dry run with something to write', () => {
    expect(canApply(report({}))).toBe(true);
    expect(importableCount(report({}))).toBe(3);
    expect(
      canApply(report({ errors: [{ row: 2, column: 'sku', message: 'is required' }], errorCount: 1 })),
    ).toBe(false);
    expect(canApply(report({ dryRun: false }))).toBe(false);
    expect(canApply(report({ rows: 0, created: 0, updated: 0 }))).toBe(false);
  });

  it('groups errors by row and says nothing was written', () => {
    const errors = [
      { row: 2, column: 'sku', message: 'is required' },
      { row: 2, column: 'price_cents', message: 'must be a whole number' },
      { row: 4, column: 'barcodes', message: '123 has a wrong check digit' },
    ];
    expect(groupErrorsByRow(errors)).toEqual([
      {
        row: 2,
        problems: [
          { column: 'sku', message: 'is required' },
          { column: 'price_cents', message: 'must be a whole number' },
        ],
      },
      { row: 4, problems: [{ column: 'barcodes', message: '123 has a wrong check digit' }] },
    ]);
    expect(summarizeReport(report({ errors, errorCount: 3 }))).toBe(
      '3 rows checked: 3 errors in 2 rows. Nothing has been written; fix the file and check it again.',
    );
    expect(summarizeReport(report({}))).toBe(
      '3 rows checked, no errors: 2 new products, 1 update would be written. Nothing has been written yet.',
    );
    expect(summarizeReport(report({ dryRun: false }))).toBe('Imported 3 rows: 2 new products, 1 update.');
  });
});
