import { z } from 'zod';
import { businessDate, cents, pageQuery, uuid } from './common';
import { createSaleSchema, TENDER_METHODS } from './sales';

export const SHIFT_STATUSES = ['open', 'closed'] as const;
export type ShiftStatusValue = (typeof SHIFT_STATUSES)[number];

/** The register id exactly as a sale names it, so a sale and its shift always agree on the register. */
export const registerIdSchema = createSaleSchema.shape.registerId;

// A drawer never holds ten million dollars; the cap keeps sums far from Number.MAX_SAFE_INTEGER.
const MAX_DRAWER_CENTS = 1_000_000_000;

const drawerAmount = () =>
  cents().min(0, 'must not be negative').max(MAX_DRAWER_CENTS, `must be at most ${MAX_DRAWER_CENTS}`);

// ---------------------------------------------------------------------------------------------------------
// Requests

export const openShiftRequestSchema = z
  .object({
    storeId: uuid(),
    registerId: registerIdSchema,
    openingFloatCents: drawerAmount(),
  })
  .strict();
export type OpenShiftRequest = z.infer<typeof openShiftRequestSchema>;

export const CASH_MOVEMENT_REQUEST_TYPES = ['paid_in', 'paid_out'] as const;

export const cashMovementRequestSchema = z
  .object({
    type: z.enum(CASH_MOVEMENT_REQUEST_TYPES, { error: 'must be paid_in or paid_out' }),
    amountCents: cents().min(1, 'must be greater than 0').max(MAX_DRAWER_CENTS, 'is too large'),
    reason: z
      .string({ error: 'must say why' })
      .trim()
      .min(1, 'must say why')
      .max(200, 'must be at most 200 characters'),
  })
  .strict();
export type CashMovementRequest = z.infer<typeof cashMovementRequestSchema>;

/** Opening the drawer without a sale; the reason is optional (a customer wanting change, a jammed coin…). */
export const noSaleRequestSchema = z
  .object({
    reason: z.string().trim().max(200, 'must be at most 200 characters').optional(),
  })
  .strict();
export type NoSaleRequest = z.infer<typeof noSaleRequestSchema>;

export const closeShiftRequestSchema = z
  .object({
    countedCashCents: drawerAmount(),
    note: z.string().trim().max(500, 'must be at most 500 characters').optional(),
  })
  .strict();
export type CloseShiftRequest = z.infer<typeof closeShiftRequestSchema>;

export const currentShiftQuerySchema = z
  .object({
    storeId: uuid(),
    registerId: registerIdSchema,
  })
  .strict();
export type CurrentShiftQuery = z.infer<typeof currentShiftQuerySchema>;

export const listShiftsQuerySchema = z
  .object({
    ...pageQuery,
    storeId: uuid().optional(),
    registerId: registerIdSchema.optional(),
    status: z.enum(SHIFT_STATUSES, { error: 'must be open or closed' }).optional(),
    /** Business dates (the store's calendar), both inclusive. */
    from: businessDate().optional(),
    to: businessDate().optional(),
  })
  .strict()
  .superRefine((query, context) => {
    if (query.from && query.to && query.from > query.to) {
      context.addIssue({ code: 'custom', path: ['to'], message: 'must not be before from' });
    }
  });
export type ListShiftsQuery = z.infer<typeof listShiftsQuerySchema>;

// ---------------------------------------------------------------------------------------------------------
// Responses

export const shiftSchema = z.object({
  id: uuid(),
  storeId: uuid(),
  registerId: z.string(),
  status: z.enum(SHIFT_STATUSES),
  businessDate: z.string().describe('The store’s calendar date when the shift opened'),
  openingFloatCents: cents(),
  openedAt: z.iso.datetime(),
  openedBy: uuid(),
  closedAt: z.iso.datetime().nullable(),
  closedBy: uuid().nullable(),
  /** Set at close. */
  expectedCashCents: cents().nullable(),
  countedCashCents: cents().nullable(),
  /** counted − expected: negative when the drawer is short. */
  overShortCents: cents().nullable(),
});
export type Shift = z.infer<typeof shiftSchema>;

export const cashMovementSchema = z.object({
  id: uuid(),
  shiftId: uuid(),
  type: z.enum(['paid_in', 'paid_out', 'no_sale']),
  amountCents: cents(),
  reason: z.string(),
  userId: uuid(),
  createdAt: z.iso.datetime(),
});
export type CashMovement = z.infer<typeof cashMovementSchema>;

const shiftReportHeaderSchema = shiftSchema.extend({
  storeCode: z.string(),
  storeName: z.string(),
  /** The store's IANA time zone, for printing times on its wall clock. */
  timezone: z.string(),
  currency: z.string(),
  openedByName: z.string(),
  closedByName: z.string().nullable(),
});

export const shiftReportSchema = z
  .object({
    /** X while the shift is open (a reading; nothing is reset), Z once it is closed. */
    kind: z.enum(['X', 'Z']),
    generatedAt: z.iso.datetime(),
    shift: shiftReportHeaderSchema,
    /** Completed sales of the shift (voided ones count only under `voids`). */
    salesCount: z.number().int(),
    /** Σ line gross before any discount. */
    grossSalesCents: cents(),
    discountCents: cents(),
    /** gross − discounts, before returns; tax-inclusive where the store's prices include tax. */
    netSalesCents: cents(),
    taxCents: cents(),
    /** Cash rounding of the sales (positive: customers paid more than the total). */
    roundingCents: cents(),
    /** What the sales brought in: Σ(total + rounding). */
    salesTotalCents: cents(),
    returns: z.object({
      count: z.number().int(),
      /** Σ refunded (each return's total, tax included). */
      refundCents: cents(),
      /** The tax inside those refunds. */
      taxCents: cents(),
    }),
    voids: z.object({ count: z.number().int(), totalCents: cents() }),
    /**
     * Tax per rate, net of returns (sales lines minus returned lines), so Σ taxCents = taxCents −
     * returns.taxCents. taxableCents is each line's total − tax: the net before tax in either kind of store.
     */
    taxByRate: z.array(z.object({ taxRate: z.string(), taxableCents: cents(), taxCents: cents() })),
    /**
     * Every tender method, always listed. Cash salesCents is the cash kept: Σ cash tendered − change given.
     * netCents = salesCents − refundsCents.
     */
    tenders: z.array(
      z.object({
        method: z.enum(TENDER_METHODS),
        salesCents: cents(),
        refundsCents: cents(),
        netCents: cents(),
      }),
    ),
    cash: z.object({
      openingFloatCents: cents(),
      cashSalesCents: cents(),
      cashRefundsCents: cents(),
      paidInCents: cents(),
      paidOutCents: cents(),
      /** float + cash sales − cash refunds + paid in − paid out, from the shift's rows as they are now. */
      expectedCashCents: cents(),
    }),
    noSaleCount: z.number().int(),
    /** Paid in, paid out and no-sale drawer openings, oldest first. */
    cashMovements: z.array(cashMovementSchema),
  })
  .describe('An X (open shift) or Z (closed shift) report');
export type ShiftReport = z.infer<typeof shiftReportSchema>;

export const closeShiftResponseSchema = z.object({
  shift: shiftSchema,
  expectedCashCents: cents(),
  countedCashCents: cents(),
  /** counted − expected: negative when the drawer is short. */
  overShortCents: cents(),
  report: shiftReportSchema,
});
export type CloseShiftResponse = z.infer<typeof closeShiftResponseSchema>;
