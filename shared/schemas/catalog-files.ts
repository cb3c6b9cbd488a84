import { z } from 'zod';
import { queryBoolean } from './common';

/** The product CSV columns, for import and export alike (an export re-imports unchanged). */
export const PRODUCT_CSV_COLUMNS = [
  'sku',
  'name',
  'brand',
  'category',
  'species',
  'barcodes',
  'price_cents',
  'cost_cents',
  'tax_class',
  'unit',
  'active',
  'lot_tracked',
] as const;
export type ProductCsvColumn = (typeof PRODUCT_CSV_COLUMNS)[number];

export const importProductsQuerySchema = z
  .object({
    /** true: validate and report only, write nothing. Default false. */
    dryRun: queryBoolean().default(false),
  })
  .strict();
export type ImportProductsQuery = z.infer<typeof importProductsQuerySchema>;

export const importRowErrorSchema = z.object({
  /** The row as a spreadsheet numbers it: the header is row 1, the first product row 2. */
  row: z.number().int(),
  /** A CSV column name, or "row" for a problem with the whole row (e.g. a wrong number of fields). */
  column: z.string(),
  message: z.string(),
});
export type ImportRowError = z.infer<typeof importRowErrorSchema>;

export const importReportSchema = z.object({
  dryRun: z.boolean(),
  /** Product rows read (the header and blank lines not counted). */
  rows: z.number().int(),
  /** Valid rows whose SKU is new (created, or would be on a dry run). */
  created: z.number().int(),
  /** Valid rows whose SKU exists (updated, or would be on a dry run). */
  updated: z.number().int(),
  /** At most MAX_IMPORT_ERRORS entries, in row order. */
  errors: z.array(importRowErrorSchema),
  /** Total number of errors found (errors may be cut short). */
  errorCount: z.number().int(),
});
export type ImportReport = z.infer<typeof importReportSchema>;

export const MAX_IMPORT_ERRORS = 1000;

export const imageQuerySchema = z
  .object({
    /** The version token from imageUrl; with the current one the answer may be cached forever. */
    v: z.string().max(64).optional(),
  })
  .strict();
export type ImageQuery = z.infer<typeof imageQuerySchema>;

export const productImageSchema = z.object({
  productId: z.string(),
  imageUrl: z.string(),
  contentType: z.string(),
  sizeBytes: z.number().int(),
});
export type ProductImage = z.infer<typeof productImageSchema>;
