import { z } from 'zod';
import { containsCardNumber } from '../payments/card-number';
import { cents, uuid } from './common';

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
  })
  .strict()
  .superRefine((line, context) => {
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
  })
  .strict();

export type CreateSaleInput = z.infer<typeof createSaleSchema>;
