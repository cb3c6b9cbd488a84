import { z } from 'zod';
import { pageQuery, uuid } from './common';

export const TRANSFER_STATUSES = ['in_transit', 'received', 'cancelled'] as const;

const positiveQuantity = () =>
  z
    .number({ error: 'must be an integer' })
    .int('must be an integer')
    .min(1, 'must be greater than 0')
    .max(1_000_000_000);

export const createTransferRequestSchema = z
  .object({
    fromStoreId: uuid(),
    toStoreId: uuid(),
    lines: z
      .array(z.object({ productId: uuid(), quantity: positiveQuantity() }).strict())
      .min(1, 'needs at least one line')
      .max(500),
    note: z.string().trim().max(1000).nullable().default(null),
  })
  .strict();
export type CreateTransferRequest = z.infer<typeof createTransferRequestSchema>;

export const receiveTransferRequestSchema = z
  .object({
    lines: z
      .array(
        z
          .object({
            productId: uuid(),
            quantityReceived: z
              .number({ error: 'must be an integer' })
              .int('must be an integer')
              .min(0, 'must not be negative')
              .max(1_000_000_000),
          })
          .strict(),
      )
      .min(1, 'needs at least one line')
      .max(500),
  })
  .strict();
export type ReceiveTransferRequest = z.infer<typeof receiveTransferRequestSchema>;

export const listTransfersQuerySchema = z
  .object({
    ...pageQuery,
    storeId: uuid().optional(),
    status: z.enum(TRANSFER_STATUSES, { error: 'must be in_transit, received or cancelled' }).optional(),
  })
  .strict();
export type ListTransfersQuery = z.infer<typeof listTransfersQuerySchema>;

export const transferLineSchema = z.object({
  productId: uuid(),
  sku: z.string(),
  name: z.string(),
  quantity: z.number().int(),
  /** null until received. */
  quantityReceived: z.number().int().nullable(),
});

export const transferDiscrepancySchema = z.object({
  productId: uuid(),
  quantity: z.number().int(),
  quantityReceived: z.number().int(),
  /** quantityReceived − quantity: negative when less arrived than was sent. */
  difference: z.number().int(),
});

export const transferSchema = z.object({
  id: uuid(),
  status: z.enum(TRANSFER_STATUSES),
  fromStoreId: uuid(),
  toStoreId: uuid(),
  note: z.string().nullable(),
  createdBy: uuid(),
  createdAt: z.iso.datetime(),
  receivedBy: uuid().nullable(),
  receivedAt: z.iso.datetime().nullable(),
  cancelledAt: z.iso.datetime().nullable(),
  lines: z.array(transferLineSchema),
  /** Received lines whose quantity differs from what was sent (empty until received). */
  discrepancies: z.array(transferDiscrepancySchema),
});
export type Transfer = z.infer<typeof transferSchema>;
