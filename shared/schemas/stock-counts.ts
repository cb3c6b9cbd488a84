import { z } from 'zod';
import { pageQuery, uuid } from './common';

export const STOCK_COUNT_STATUS_VALUES = ['open', 'submitted', 'cancelled'] as const;

export const stockCountParamsSchema = z.object({ storeId: uuid(), countId: uuid() }).strict();
export type StockCountParams = z.infer<typeof stockCountParamsSchema>;

export const storeIdParamsSchema = z.object({ storeId: uuid() }).strict();
export type StoreIdParams = z.infer<typeof storeIdParamsSchema>;

export const createStockCountRequestSchema = z
  .object({
    /** A category counts it with all its sub-categories; null or absent counts the whole store. */
    categoryId: uuid().nullable().default(null),
    note: z.string().trim().max(500, 'must be at most 500 characters').optional(),
  })
  .strict();
export type CreateStockCountRequest = z.infer<typeof createStockCountRequestSchema>;

export const listStockCountsQuerySchema = z
  .object({
    ...pageQuery,
    status: z.enum(STOCK_COUNT_STATUS_VALUES, { error: 'must be open, submitted or cancelled' }).optional(),
  })
  .strict();
export type ListStockCountsQuery = z.infer<typeof listStockCountsQuerySchema>;

const countedQuantity = () =>
  z
    .number({ error: 'must be an integer' })
    .int('must be an integer')
    .min(0, 'must not be negative')
    .max(100_000_000, 'is too large');

/**
 * One counted product, named by productId or by a scanned barcode (exactly one). `mode: 'set'` (default)
 * replaces the count; `mode: 'add'` adds to what was counted so far (one scan = one unit).
 */
export const stockCountLineInputSchema = z
  .object({
    productId: uuid().optional(),
    barcode: z
      .string()
      .trim()
      .min(1, 'must not be empty')
      .max(64, 'must be at most 64 characters')
      .optional(),
    countedQuantity: countedQuantity(),
    mode: z.enum(['set', 'add'], { error: 'must be set or add' }).default('set'),
  })
  .strict()
  .superRefine((line, ctx) => {
    if ((line.productId === undefined) === (line.barcode === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['productId'], message: 'give either productId or barcode' });
    }
    if (line.mode === 'add' && line.countedQuantity === 0) {
      ctx.addIssue({ code: 'custom', path: ['countedQuantity'], message: 'must be at least 1 when adding' });
    }
  });
export type StockCountLineInput = z.infer<typeof stockCountLineInputSchema>;

export const enterStockCountLinesRequestSchema = z
  .object({
    lines: z
      .array(stockCountLineInputSchema, { error: 'must be a list of lines' })
      .min(1, 'must have at least one line')
      .max(1000, 'must have at most 1000 lines'),
  })
  .strict();
export type EnterStockCountLinesRequest = z.infer<typeof enterStockCountLinesRequestSchema>;

export const stockCountLineSchema = z.object({
  productId: uuid(),
  sku: z.string(),
  name: z.string(),
  unit: z.enum(['each', 'weight']),
  /** null until counted. */
  countedQuantity: z.number().int().nullable(),
  /** The system's on-hand when the quantity was entered; the correction is counted − this. */
  systemQuantityAtCount: z.number().int().nullable(),
  /** On-hand now (after any sales since counting). */
  currentOnHand: z.number().int(),
  /** counted − systemQuantityAtCount; null until counted. */
  variance: z.number().int().nullable(),
  countedBy: uuid().nullable(),
  countedAt: z.iso.datetime().nullable(),
});
export type StockCountLine = z.infer<typeof stockCountLineSchema>;

export const stockCountSummarySchema = z.object({
  id: uuid(),
  storeId: uuid(),
  categoryId: uuid().nullable(),
  status: z.enum(STOCK_COUNT_STATUS_VALUES),
  note: z.string().nullable(),
  startedBy: uuid(),
  startedAt: z.iso.datetime(),
  submittedBy: uuid().nullable(),
  submittedAt: z.iso.datetime().nullable(),
  lineCount: z.number().int(),
  countedLineCount: z.number().int(),
});
export type StockCountSummary = z.infer<typeof stockCountSummarySchema>;

export const stockCountSchema = stockCountSummarySchema.extend({
  lines: z.array(stockCountLineSchema),
});
export type StockCount = z.infer<typeof stockCountSchema>;

export const stockCountSubmissionSchema = z.object({
  count: stockCountSchema,
  /** One count_correction movement per counted line whose variance is not zero. */
  corrections: z.array(z.object({ productId: uuid(), sku: z.string(), delta: z.number().int() })),
  /** Lines nobody counted: left alone, stock unchanged. */
  uncounted: z.array(z.object({ productId: uuid(), sku: z.string(), name: z.string() })),
});
export type StockCountSubmission = z.infer<typeof stockCountSubmissionSchema>;
