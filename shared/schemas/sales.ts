import { z } from 'zod';
import { containsCardNumber } from '../payments/card-number';
import { businessDate, cents, pageQuery, uuid } from './common';

export const TENDER_METHODS = ['cash', 'card', 'store_credit'] as const;
export type TenderMethod = (typeof TENDER_METHODS)[number];

/** Why a price was changed or a discount given: said by the cashier, kept in the audit log. */
const reason = () => z.string().trim().min(1, 'must say why').max(200, 'must be at most 200 characters');

/** A percentage with at most two decimals (12.5 → 12.5 %), or an amount in cents. */
export const discountSchema = z
  .object({
    type: z.enum(['percent', 'amount'], { error: 'must be percent or amount' }),
    value: z.number({ error: 'must be a number' }).min(0, 'must not be negative'),
    reason: reason(),
  })
  .strict()
  .superRefine((discount, context) => {
    if (discount.type === 'percent') {
      // The same form percentToBasisPoints reads: up to three digits, at most two decimals.
      if (discount.value > 100 || !/^\d{1,3}(\.\d{1,2})?$/.test(String(discount.value))) {
        context.addIssue({
          code: 'custom',
          path: ['value'],
          message: 'must be a percentage from 0 to 100 with at most two decimals',
        });
      }
    } else if (!Number.isInteger(discount.value)) {
      context.addIssue({ code: 'custom', path: ['value'], message: 'must be an integer number of cents' });
    }
  });

export const saleLineInputSchema = z
  .object({
    productId: uuid(),
    /** Pieces, or grams for a product sold by weight. */
    quantity: z
      .number({ error: 'must be a number' })
      .int('must be a whole number (grams for weighed products)')
      .min(1, 'must be at least 1')
      .max(1_000_000, 'must be at most 1000000'),
    discount: discountSchema.optional(),
    unitPriceOverrideCents: cents().min(0, 'must not be negative').optional(),
    overrideReason: reason().optional(),
    /** Redeems frequent-buyer rewards of this program: each unit of the line is one free unit. */
    rewardProgramId: uuid().optional(),
  })
  .strict()
  .superRefine((line, context) => {
    if (line.rewardProgramId !== undefined && (line.discount || line.unitPriceOverrideCents !== undefined)) {
      context.addIssue({
        code: 'custom',
        path: ['rewardProgramId'],
        message: 'a reward line is free: it takes no other discount or price override',
      });
    }
    if (line.unitPriceOverrideCents !== undefined && line.overrideReason === undefined) {
      context.addIssue({
        code: 'custom',
        path: ['overrideReason'],
        message: 'is needed with a price override',
      });
    }
    if (line.unitPriceOverrideCents === undefined && line.overrideReason !== undefined) {
      context.addIssue({ code: 'custom', path: ['overrideReason'], message: 'is only for a price override' });
    }
  });

export const tenderInputSchema = z
  .object({
    method: z.enum(TENDER_METHODS, { error: 'must be cash, card or store_credit' }),
    amountCents: cents().min(1, 'must be at least 1'),
    /** The card terminal's reference; never the card number. */
    reference: z.string().trim().min(1).max(64, 'must be at most 64 characters').optional(),
  })
  .strict()
  .superRefine((tender, context) => {
    if (tender.reference !== undefined && containsCardNumber(tender.reference)) {
      context.addIssue({
        code: 'custom',
        path: ['reference'],
        message: 'looks like a card number; give the terminal’s reference, never the card number',
      });
    }
    if (tender.method === 'card' && tender.reference === undefined) {
      context.addIssue({ code: 'custom', path: ['reference'], message: 'is needed for a card payment' });
    }
  });

export const approvalSchema = z
  .object({
    username: z.string().trim().min(1, 'is needed').max(64),
    pin: z.string().regex(/^\d{4,8}$/, 'must be 4 to 8 digits'),
  })
  .strict();

/** A receipt number the register gave (its prefix and sequence); the server checks it is the register's. */
const receiptNumberInput = () =>
  z.string({ error: 'must be a receipt number' }).max(80, 'must be at most 80 characters');

/** How far a sale's soldAt may lie ahead of the server's clock (the register's clock may run fast). */
export const SOLD_AT_MAX_AHEAD_MS = 5 * 60 * 1000;
/** How old a sale may be when it reaches the server (a register offline for longer needs a manager). */
export const SOLD_AT_MAX_AGE_MS = 14 * 24 * 60 * 60 * 1000;

/** `POST /api/sales`: the client's id is the idempotency key. */
export const createSaleSchema = z
  .object({
    id: uuid(),
    storeId: uuid(),
    registerId: z
      .string()
      .regex(
        /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/,
        'must be 1–64 letters, digits, dots, dashes or underscores',
      ),
    shiftId: uuid().nullable().optional(),
    customerId: uuid().nullable().optional(),
    lines: z
      .array(saleLineInputSchema)
      .min(1, 'must have at least one line')
      .max(500, 'must have at most 500 lines'),
    cartDiscount: discountSchema.optional(),
    tenders: z.array(tenderInputSchema).min(1, 'must have at least one tender').max(20),
    approval: approvalSchema.optional(),
    /** Numbered by the register itself (offline): its prefix and sequence, e.g. S001-1-000124. */
    receiptNumber: receiptNumberInput()
      .optional()
      .describe(
        'Numbered by the register (offline): its prefix and sequence; 409 RECEIPT_NUMBER_TAKEN if used',
      ),
    /** When the sale happened (a sale made offline is sent later); from now − 14 days to now + 5 minutes. */
    soldAt: z.iso
      .datetime({ offset: true, error: 'must be an ISO date-time with its offset' })
      .optional()
      .describe('When the sale happened (offline sales), now − 14 days to now + 5 minutes; default now'),
  })
  .strict();

export type CreateSaleInput = z.infer<typeof createSaleSchema>;

export const SALE_STATUSES = ['completed', 'voided'] as const;
export type SaleStatus = (typeof SALE_STATUSES)[number];

export const saleLineSchema = z.object({
  id: uuid(),
  productId: uuid(),
  sku: z.string(),
  name: z.string(),
  /** `each`: quantity is pieces; `weight`: grams, and the unit price is per kilogram. */
  unit: z.enum(['each', 'weight']),
  /** Pieces, or grams for weighed products. */
  quantity: z.number().int(),
  /** Per piece, or per kilogram for weighed products (the override when one was approved). */
  unitPriceCents: cents(),
  /** Gross before any discount. */
  grossCents: cents(),
  /** The line's own discount plus its share of the cart discount. */
  discountCents: cents(),
  discountReason: z.string().nullable(),
  taxClass: z.enum(['standard', 'reduced', 'exempt']),
  taxRate: z.string(),
  taxCents: cents(),
  totalCents: cents(),
  returnedQuantity: z.number().int(),
  /** Set when the line redeemed a frequent-buyer reward. */
  rewardProgramId: uuid().nullable(),
});
export type SaleLine = z.infer<typeof saleLineSchema>;

export const tenderSchema = z.object({
  method: z.enum(TENDER_METHODS),
  amountCents: cents(),
  reference: z.string().nullable(),
});
export type TenderRecord = z.infer<typeof tenderSchema>;

export const saleSchema = z.object({
  id: uuid(),
  storeId: uuid(),
  registerId: z.string(),
  shiftId: uuid().nullable(),
  receiptNumber: z.string(),
  status: z.enum(SALE_STATUSES),
  businessDate: z.string(),
  createdAt: z.string(),
  cashierId: uuid(),
  customerId: uuid().nullable(),
  pricesIncludeTax: z.boolean(),
  lines: z.array(saleLineSchema),
  /** Σ line gross. */
  subtotalCents: cents(),
  discountCents: cents(),
  taxCents: cents(),
  /** Σ(net + tax), before cash rounding. */
  totalCents: cents(),
  /** Cash rounding: what was due is totalCents + roundingCents. */
  roundingCents: cents(),
  tenders: z.array(tenderSchema),
  changeDueCents: cents(),
  approvedBy: uuid().nullable(),
  voidedAt: z.string().nullable(),
  voidReason: z.string().nullable(),
});
export type Sale = z.infer<typeof saleSchema>;

/** `POST /api/sales/:id/void`: a manager voids, or a cashier with a manager's approval at the till. */
export const voidSaleSchema = z
  .object({
    reason: reason(),
    approval: approvalSchema.optional(),
  })
  .strict();
export type VoidSaleInput = z.infer<typeof voidSaleSchema>;

// ---------------------------------------------------------------------------------------------------------
// Receipt numbering of offline registers

/** `POST /api/stores/:storeId/registers/:registerId/receipt-sequence`. */
export const receiptSequenceParamsSchema = z
  .object({ storeId: uuid(), registerId: createSaleSchema.shape.registerId })
  .strict();
export type ReceiptSequenceParams = z.infer<typeof receiptSequenceParamsSchema>;

export const receiptSequenceSchema = z.object({
  /** `<store code>-<register number>-`: a receipt number is this and the sequence padded to 6 digits. */
  prefix: z.string().describe('Receipt number = prefix + the number zero-padded to 6 digits'),
  /** The number the register's next sale carries. */
  nextNumber: z.number().int().describe("The number the register's next sale carries"),
});
export type ReceiptSequence = z.infer<typeof receiptSequenceSchema>;

// ---------------------------------------------------------------------------------------------------------
// Returns

export const returnLineInputSchema = z
  .object({
    /** With a receipt: the sale line coming back. */
    originalLineId: uuid().optional(),
    /** Without a receipt: the product coming back. */
    productId: uuid().optional(),
    quantity: z
      .number({ error: 'must be a number' })
      .int('must be a whole number (grams for weighed products)')
      .min(1, 'must be at least 1')
      .max(1_000_000, 'must be at most 1000000'),
    /** Back on the shelf (true), or written off as damaged (false). */
    restock: z.boolean({ error: 'must be true or false' }).default(true),
  })
  .strict()
  .superRefine((line, context) => {
    if ((line.originalLineId === undefined) === (line.productId === undefined)) {
      context.addIssue({
        code: 'custom',
        path: ['originalLineId'],
        message: 'give originalLineId (with a receipt) or productId (without one), not both',
      });
    }
  });

export const refundTenderInputSchema = z
  .object({
    method: z.enum(TENDER_METHODS, { error: 'must be cash, card or store_credit' }),
    amountCents: cents().min(1, 'must be at least 1'),
    /** A card refund goes back to a card of the original sale: its terminal reference. */
    reference: z.string().trim().min(1).max(64, 'must be at most 64 characters').optional(),
  })
  .strict()
  .superRefine((tender, context) => {
    if (tender.reference !== undefined && containsCardNumber(tender.reference)) {
      context.addIssue({
        code: 'custom',
        path: ['reference'],
        message: 'looks like a card number; give the terminal’s reference, never the card number',
      });
    }
  });

/** `POST /api/returns`: the client's id is the idempotency key, as for sales. */
export const createReturnSchema = z
  .object({
    id: uuid(),
    storeId: uuid(),
    registerId: createSaleSchema.shape.registerId,
    shiftId: uuid().nullable().optional(),
    originalSaleId: uuid().nullable(),
    /** Who gets store credit; defaults to the original sale's customer. */
    customerId: uuid().nullable().optional(),
    lines: z
      .array(returnLineInputSchema)
      .min(1, 'must have at least one line')
      .max(500, 'must have at most 500 lines'),
    refundTenders: z.array(refundTenderInputSchema).min(1, 'must have at least one tender').max(10),
    reason: reason(),
    approval: approvalSchema.optional(),
    /** Numbered by the register itself (offline), as for sales. */
    receiptNumber: receiptNumberInput()
      .optional()
      .describe('Numbered by the register (offline), as for sales'),
  })
  .strict();
export type CreateReturnInput = z.infer<typeof createReturnSchema>;

export const returnLineSchema = z.object({
  id: uuid(),
  originalLineId: uuid().nullable(),
  productId: uuid(),
  sku: z.string(),
  name: z.string(),
  quantity: z.number().int(),
  restock: z.boolean(),
  unitPriceCents: cents(),
  /** The share of what was paid for the line (net and tax, pro rata), or the current price without a receipt. */
  netCents: cents(),
  taxCents: cents(),
  refundCents: cents(),
});

export const returnSchema = z.object({
  id: uuid(),
  storeId: uuid(),
  registerId: z.string(),
  shiftId: uuid().nullable(),
  receiptNumber: z.string(),
  originalSaleId: uuid().nullable(),
  businessDate: z.string(),
  createdAt: z.string(),
  cashierId: uuid(),
  customerId: uuid().nullable(),
  reason: z.string(),
  lines: z.array(returnLineSchema),
  taxCents: cents(),
  /** Σ line refunds. */
  refundTotalCents: cents(),
  /** Cash rounding of a refund paid wholly in cash: what was paid out is refundTotalCents + roundingCents. */
  roundingCents: cents(),
  refundTenders: z.array(tenderSchema),
  approvedBy: uuid().nullable(),
});
export type Return = z.infer<typeof returnSchema>;

// ---------------------------------------------------------------------------------------------------------
// Parked carts

/** A cart put aside at the till: what the register needs to ring it up later. */
export const cartDraftSchema = z
  .object({
    customerId: uuid().nullable().optional(),
    lines: z.array(saleLineInputSchema).max(500, 'must have at most 500 lines'),
    cartDiscount: discountSchema.optional(),
  })
  .strict();
export type CartDraft = z.infer<typeof cartDraftSchema>;

export const parkCartSchema = z
  .object({
    storeId: uuid(),
    registerId: createSaleSchema.shape.registerId,
    /** What the cashier calls it to find it again: the customer's name, "blue jacket"… */
    label: z.string().trim().min(1, 'is needed').max(60, 'must be at most 60 characters'),
    cart: cartDraftSchema,
  })
  .strict();
export type ParkCartInput = z.infer<typeof parkCartSchema>;

export const parkedCartSchema = z.object({
  id: uuid(),
  storeId: uuid(),
  registerId: z.string(),
  label: z.string(),
  parkedBy: uuid(),
  cart: cartDraftSchema,
  createdAt: z.string(),
});
export type ParkedCart = z.infer<typeof parkedCartSchema>;

export const listParkedCartsQuerySchema = z.object({ storeId: uuid() }).strict();
/** `GET /api/sales`: the caller's sales, newest first; from/to are business dates, both inclusive. */
export const listSalesQuerySchema = z
  .object({
    ...pageQuery,
    storeId: uuid().optional(),
    from: businessDate().optional(),
    to: businessDate().optional(),
    cashierId: uuid().optional(),
    /** A customer's purchase history (the customer screen). */
    customerId: uuid().optional(),
    status: z.enum(SALE_STATUSES, { error: 'must be completed or voided' }).optional(),
    registerId: z
      .string()
      .trim()
      .min(1, 'must not be empty')
      .max(64, 'must be at most 64 characters')
      .optional(),
  })
  .strict()
  .superRefine((query, context) => {
    if (query.from && query.to && query.from > query.to) {
      context.addIssue({ code: 'custom', path: ['to'], message: 'must not be before from' });
    }
  });
export type ListSalesQuery = z.infer<typeof listSalesQuerySchema>;

/** `GET /api/sales/by-receipt/:receiptNumber`: matched trimmed and case-insensitively. */
export const receiptNumberParamsSchema = z
  .object({
    receiptNumber: z.string().trim().min(1, 'must not be empty').max(64, 'must be at most 64 characters'),
  })
  .strict();

/** Receipt numbers are unique per store only, so the store is needed to find one. */
export const saleByReceiptQuerySchema = z.object({ storeId: uuid() }).strict();

/** `POST /api/sales/:id/receipt/email`. */
export const emailReceiptRequestSchema = z
  .object({
    email: z
      .string({ error: 'must be an email address' })
      .trim()
      .max(254, 'must be at most 254 characters')
      .pipe(z.email({ error: 'must be an email address' })),
  })
  .strict();
export type EmailReceiptRequest = z.infer<typeof emailReceiptRequestSchema>;

export const emailReceiptResponseSchema = z.object({
  sentTo: z.string(),
  /** The Message-ID the SMTP server accepted the receipt under. */
  messageId: z.string(),
});
export type EmailReceiptResponse = z.infer<typeof emailReceiptResponseSchema>;
