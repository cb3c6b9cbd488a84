import { z } from 'zod';
import { pageQuery, uuid } from './common';

/** Percent as a decimal string with up to 4 decimals, 0–100: "8.25", "8.875", "0". */
export const taxRate = () =>
  z
    .string({ error: 'must be a percent as a decimal string, e.g. "8.25"' })
    .regex(/^\d{1,3}(\.\d{1,4})?$/, {
      message: 'must be a percent as a decimal string with up to 4 decimals, e.g. "8.25"',
      abort: true,
    })
    .refine((value) => Number(value) <= 100, 'must be at most 100');

function isKnownTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return value.includes('/') || value === 'UTC';
  } catch {
    return false;
  }
}

export const timeZone = () =>
  z
    .string({ error: 'is required' })
    .refine(isKnownTimeZone, 'must be an IANA time zone such as America/Chicago');

export const taxRatesSchema = z
  .object({ standard: taxRate(), reduced: taxRate(), exempt: taxRate() })
  .strict();

export const scaleBarcodeLayoutSchema = z
  .object({
    itemDigits: z.number().int().min(4, 'must be 4 to 6').max(6, 'must be 4 to 6'),
    valueKind: z.enum(['weight', 'price']),
  })
  .strict();

export const storeSchema = z.object({
  id: uuid(),
  code: z.string(),
  name: z.string(),
  timezone: z.string(),
  currency: z.string(),
  address: z.string(),
  pricesIncludeTax: z.boolean(),
  allowNegativeStock: z.boolean(),
  taxRates: z.object({ standard: z.string(), reduced: z.string(), exempt: z.string() }),
  cashierDiscountLimitPercent: z.number().int(),
  cashRoundingCents: z.number().int(),
  receiptHeader: z.string(),
  receiptFooter: z.string(),
  scaleBarcodeLayout: z.object({ itemDigits: z.number().int(), valueKind: z.enum(['weight', 'price']) }),
  active: z.boolean(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type Store = z.infer<typeof storeSchema>;

const storeFields = {
  code: z
    .string({ error: 'is required' })
    .regex(/^[A-Z0-9]{2,10}$/, 'must be 2 to 10 capital letters or digits, e.g. S001'),
  name: z.string({ error: 'is required' }).trim().min(1, 'is required').max(200),
  timezone: timeZone(),
  currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as USD'),
  address: z.string().max(500),
  pricesIncludeTax: z.boolean(),
  allowNegativeStock: z.boolean(),
  taxRates: taxRatesSchema,
  cashierDiscountLimitPercent: z.number().int('must be a whole percent').min(0).max(100),
  cashRoundingCents: z.number().int().min(1).max(100),
  receiptHeader: z.string().max(1000),
  receiptFooter: z.string().max(1000),
  scaleBarcodeLayout: scaleBarcodeLayoutSchema,
  active: z.boolean(),
};

export const createStoreRequestSchema = z
  .object({
    code: storeFields.code,
    name: storeFields.name,
    timezone: storeFields.timezone,
    taxRates: storeFields.taxRates,
    currency: storeFields.currency.default('USD'),
    address: storeFields.address.default(''),
    pricesIncludeTax: storeFields.pricesIncludeTax.default(false),
    allowNegativeStock: storeFields.allowNegativeStock.default(true),
    cashierDiscountLimitPercent: storeFields.cashierDiscountLimitPercent.default(10),
    cashRoundingCents: storeFields.cashRoundingCents.default(1),
    receiptHeader: storeFields.receiptHeader.default(''),
    receiptFooter: storeFields.receiptFooter.default(''),
    scaleBarcodeLayout: storeFields.scaleBarcodeLayout.default({ itemDigits: 5, valueKind: 'weight' }),
  })
  .strict();
export type CreateStoreRequest = z.infer<typeof createStoreRequestSchema>;

export const updateStoreRequestSchema = z
  .object({
    name: storeFields.name.optional(),
    timezone: storeFields.timezone.optional(),
    currency: storeFields.currency.optional(),
    address: storeFields.address.optional(),
    pricesIncludeTax: storeFields.pricesIncludeTax.optional(),
    allowNegativeStock: storeFields.allowNegativeStock.optional(),
    taxRates: storeFields.taxRates.optional(),
    cashierDiscountLimitPercent: storeFields.cashierDiscountLimitPercent.optional(),
    cashRoundingCents: storeFields.cashRoundingCents.optional(),
    receiptHeader: storeFields.receiptHeader.optional(),
    receiptFooter: storeFields.receiptFooter.optional(),
    scaleBarcodeLayout: storeFields.scaleBarcodeLayout.optional(),
    active: storeFields.active.optional(),
  })
  .strict();
export type UpdateStoreRequest = z.infer<typeof updateStoreRequestSchema>;

export const listStoresQuerySchema = z.object({ ...pageQuery }).strict();
export type ListStoresQuery = z.infer<typeof listStoresQuerySchema>;
