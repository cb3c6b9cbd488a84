import { z } from 'zod';
import { pageQuery, uuid } from './common';

export const expiringLotsParamsSchema = z.object({ storeId: uuid() }).strict();

export const expiringLotsQuerySchema = z
  .object({
    days: z.coerce
      .number({ error: 'must be a number' })
      .int('must be a whole number of days')
      .min(1, 'must be 1 to 365')
      .max(365, 'must be 1 to 365')
      .default(30),
    ...pageQuery,
  })
  .strict();
export type ExpiringLotsQuery = z.infer<typeof expiringLotsQuerySchema>;

export const expiringLotSchema = z.object({
  lotId: uuid(),
  productId: uuid(),
  sku: z.string(),
  name: z.string(),
  lotNumber: z.string(),
  expiryDate: z.string(),
  /** Days from the store's today to the expiry date; negative once expired. */
  daysUntilExpiry: z.number().int(),
  onHand: z.number().int(),
});
export type ExpiringLot = z.infer<typeof expiringLotSchema>;

export const expiringLotsResponseSchema = z.object({
  storeId: uuid(),
  /** The store's business date the window starts from. */
  today: z.string(),
  days: z.number().int(),
  items: z.array(expiringLotSchema),
  nextCursor: z.string().nullable(),
});
export type ExpiringLotsResponse = z.infer<typeof expiringLotsResponseSchema>;

export const recallQuerySchema = z
  .object({
    productId: uuid(),
    lotNumber: z
      .string({ error: 'is required' })
      .trim()
      .min(1, 'is required')
      .max(64, 'must be at most 64 characters'),
  })
  .strict();
export type RecallQuery = z.infer<typeof recallQuerySchema>;

export const recallResponseSchema = z.object({
  productId: uuid(),
  lotNumber: z.string(),
  stores: z.array(
    z.object({
      storeId: uuid(),
      lotId: uuid(),
      expiryDate: z.string().nullable(),
      onHand: z.number().int(),
    }),
  ),
  /** Sales that took units of the lot; quantity is net of voids. */
  sales: z.array(
    z.object({
      saleId: uuid(),
      storeId: uuid(),
      receiptNumber: z.string(),
      businessDate: z.string(),
      quantity: z.number().int(),
      customerId: uuid().nullable(),
    }),
  ),
});
export type RecallResponse = z.infer<typeof recallResponseSchema>;
