import { z } from 'zod';
import { pageQuery, queryBoolean, uuid } from './common';

/** Reasons a person may give for an adjustment; sales, transfers and counts write their own reasons. */
export const ADJUSTMENT_REASONS = [
  'damaged',
  'expired',
  'shrink',
  'count_correction',
  'found',
  'received',
  'other',
] as const;
export type AdjustmentReason = (typeof ADJUSTMENT_REASONS)[number];

/** Every reason a ledger row can carry (mirrors the stock_movements CHECK). */
export const MOVEMENT_REASONS = [
  'sale',
  'return',
  'void',
  'adjustment',
  'damaged',
  'expired',
  'shrink',
  'count_correction',
  'found',
  'received',
  'transfer_out',
  'transfer_in',
  'count',
  'other',
] as const;

/** A timestamp (ISO 8601 with offset) or a business date YYYY-MM-DD, read in the store's time zone. */
const timeBound = () =>
  z.union([z.iso.datetime({ offset: true }), z.iso.date()], {
    error: 'must be an ISO 8601 timestamp or a date as YYYY-MM-DD',
  });

const stockQuantity = () =>
  z.number({ error: 'must be an integer' }).int('must be an integer').max(1_000_000_000).min(-1_000_000_000);

export const inventoryItemSchema = z.object({
  productId: uuid(),
  sku: z.string(),
  name: z.string(),
  unit: z.enum(['each', 'weight']),
  onHand: z.number().int(),
  reorderPoint: z.number().int(),
  reorderQuantity: z.number().int(),
});
export type InventoryItem = z.infer<typeof inventoryItemSchema>;

export const storeIdParams = z.object({ storeId: uuid() }).strict();
export const storeProductParams = z.object({ storeId: uuid(), productId: uuid() }).strict();

export const listInventoryQuerySchema = z
  .object({
    ...pageQuery,
    q: z.string().trim().max(200).optional(),
    lowStock: queryBoolean().optional(),
    categoryId: uuid().optional(),
  })
  .strict();
export type ListInventoryQuery = z.infer<typeof listInventoryQuerySchema>;

const reorderValue = () =>
  z
    .number({ error: 'must be an integer' })
    .int('must be an integer')
    .min(0, 'must not be negative')
    .max(1_000_000_000);

export const updateReorderLevelsRequestSchema = z
  .object({ reorderPoint: reorderValue().optional(), reorderQuantity: reorderValue().optional() })
  .strict()
  .refine((value) => value.reorderPoint !== undefined || value.reorderQuantity !== undefined, {
    message: 'send reorderPoint, reorderQuantity or both',
  });
export type UpdateReorderLevelsRequest = z.infer<typeof updateReorderLevelsRequestSchema>;

export const adjustmentLineSchema = z
  .object({
    productId: uuid(),
    delta: stockQuantity().refine((value) => value !== 0, 'must not be zero'),
    reason: z.enum(ADJUSTMENT_REASONS, { error: `must be one of ${ADJUSTMENT_REASONS.join(', ')}` }),
  })
  .strict();

export const createAdjustmentRequestSchema = z
  .object({
    lines: z.array(adjustmentLineSchema).min(1, 'needs at least one line').max(500),
    note: z.string().trim().max(1000).nullable().default(null),
  })
  .strict();
export type CreateAdjustmentRequest = z.infer<typeof createAdjustmentRequestSchema>;

export const adjustmentSchema = z.object({
  id: uuid(),
  storeId: uuid(),
  note: z.string().nullable(),
  lines: z.array(
    z.object({
      productId: uuid(),
      delta: z.number().int(),
      reason: z.enum(ADJUSTMENT_REASONS),
      onHand: z.number().int(),
    }),
  ),
});
export type Adjustment = z.infer<typeof adjustmentSchema>;

export const listMovementsQuerySchema = z
  .object({
    ...pageQuery,
    productId: uuid().optional(),
    from: timeBound().optional(),
    to: timeBound().optional(),
  })
  .strict();
export type ListMovementsQuery = z.infer<typeof listMovementsQuerySchema>;

export const stockMovementSchema = z.object({
  id: uuid(),
  productId: uuid(),
  delta: z.number().int(),
  reason: z.enum(MOVEMENT_REASONS),
  refType: z.string().nullable(),
  refId: uuid().nullable(),
  userId: uuid().nullable(),
  lotId: uuid().nullable(),
  note: z.string().nullable(),
  createdAt: z.iso.datetime(),
});
export type StockMovement = z.infer<typeof stockMovementSchema>;
