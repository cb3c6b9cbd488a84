import { z } from 'zod';
import { businessDate, cents, pageQuery, queryBoolean, uuid } from './common';

const name = () =>
  z.string({ error: 'is required' }).trim().min(1, 'is required').max(200, 'must be at most 200 characters');

const storeIds = () =>
  z
    .array(uuid(), { error: 'must be a list of store ids' })
    .min(1, 'must name at least one store')
    .max(500, 'must name at most 500 stores')
    .refine((ids) => new Set(ids).size === ids.length, 'must not name a store twice');

const windowMonths = () =>
  z
    .number({ error: 'must be a whole number of months' })
    .int('must be a whole number of months')
    .min(1, 'must be at least 1')
    .max(120, 'must be at most 120');

/** Which products count: a product qualifies when it matches every field that is set. */
export const loyaltyQualifyingSchema = z
  .object({
    productIds: z
      .array(uuid())
      .min(1, 'must name at least one product')
      .max(1000, 'must name at most 1000 products')
      .refine((ids) => new Set(ids).size === ids.length, 'must not name a product twice')
      .optional(),
    brand: z
      .string()
      .trim()
      .min(1, 'must not be empty')
      .max(200, 'must be at most 200 characters')
      .optional(),
    categoryId: uuid().optional(),
  })
  .strict()
  .refine(
    (value) => value.productIds !== undefined || value.brand !== undefined || value.categoryId !== undefined,
    'must set productIds, brand or categoryId',
  );
export type LoyaltyQualifyingInput = z.infer<typeof loyaltyQualifyingSchema>;

export const createLoyaltyProgramRequestSchema = z
  .object({
    name: name(),
    storeIds: storeIds(),
    qualifying: loyaltyQualifyingSchema,
    buyQuantity: z
      .number({ error: 'must be a whole number' })
      .int('must be a whole number')
      .min(1, 'must be at least 1')
      .max(1000, 'must be at most 1000'),
    rewardQuantity: z
      .number({ error: 'must be a whole number' })
      .int('must be a whole number')
      .min(1, 'must be at least 1')
      .max(100, 'must be at most 100'),
    /** Units count only this many months after they were bought; null or absent: forever. */
    windowMonths: windowMonths().nullable().default(null),
  })
  .strict();
export type CreateLoyaltyProgramRequest = z.infer<typeof createLoyaltyProgramRequestSchema>;

/** What a program promised (qualifying products, buy and reward quantities) cannot change once customers collect. */
export const updateLoyaltyProgramRequestSchema = z
  .object({
    name: name().optional(),
    active: z.boolean({ error: 'must be true or false' }).optional(),
    windowMonths: windowMonths().nullable().optional(),
    storeIds: storeIds().optional(),
  })
  .strict()
  .refine((value) => Object.keys(value).length > 0, 'name at least one field to change');
export type UpdateLoyaltyProgramRequest = z.infer<typeof updateLoyaltyProgramRequestSchema>;

export const listLoyaltyProgramsQuerySchema = z
  .object({
    storeId: uuid().optional(),
    active: queryBoolean().optional(),
    ...pageQuery,
  })
  .strict();
export type ListLoyaltyProgramsQuery = z.infer<typeof listLoyaltyProgramsQuerySchema>;

export const loyaltyProgramSchema = z.object({
  id: uuid(),
  name: z.string(),
  /** The program's stores the caller may see (admins: all of them). */
  storeIds: z.array(uuid()),
  qualifying: z.object({
    productIds: z.array(uuid()).optional(),
    brand: z.string().optional(),
    categoryId: uuid().optional(),
  }),
  buyQuantity: z.number().int(),
  rewardQuantity: z.number().int(),
  windowMonths: z.number().int().nullable(),
  active: z.boolean(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type LoyaltyProgram = z.infer<typeof loyaltyProgramSchema>;

/** A customer's standing in one program, as the receipt and the customer screen show it. */
export const loyaltyProgressSchema = z.object({
  programId: uuid(),
  programName: z.string(),
  buyQuantity: z.number().int(),
  rewardQuantity: z.number().int(),
  windowMonths: z.number().int().nullable(),
  /** Qualifying units bought within the window that have not yet earned a reward. */
  unitsTowardNext: z.number().int(),
  rewardsAvailable: z.number().int(),
  rewardsRedeemed: z.number().int(),
});

export const listLoyaltyMembersQuerySchema = z.object({ ...pageQuery }).strict();
export type ListLoyaltyMembersQuery = z.infer<typeof listLoyaltyMembersQuerySchema>;

/** One customer collecting in a program: where their card stands today (the program's members screen). */
export const loyaltyMemberSchema = z.object({
  customerId: uuid(),
  customerName: z.string(),
  /** Qualifying units bought within the window that have not yet earned a reward. */
  unitsTowardNext: z.number().int(),
  rewardsAvailable: z.number().int(),
  rewardsRedeemed: z.number().int(),
  /** Business date of their latest qualifying purchase; null when every unit was returned. */
  lastPurchaseDate: z.string().nullable(),
});
export type LoyaltyMember = z.infer<typeof loyaltyMemberSchema>;

/** The longest report range: a year of redemptions, what distributors settle at most. */
export const MAX_REDEMPTION_REPORT_DAYS = 366;

export const redemptionReportQuerySchema = z
  .object({
    from: businessDate(),
    to: businessDate(),
    storeId: uuid().optional(),
    format: z.enum(['json', 'csv'], { error: 'must be json or csv' }).default('json'),
  })
  .strict()
  .superRefine((value, ctx) => {
    if (value.to < value.from) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'must not be before from' });
      return;
    }
    const days = (Date.parse(`${value.to}T00:00:00Z`) - Date.parse(`${value.from}T00:00:00Z`)) / 86_400_000;
    if (days >= MAX_REDEMPTION_REPORT_DAYS) {
      ctx.addIssue({
        code: 'custom',
        path: ['to'],
        message: `must be less than ${MAX_REDEMPTION_REPORT_DAYS} days after from`,
      });
    }
  });
export type RedemptionReportQuery = z.infer<typeof redemptionReportQuerySchema>;

/** One redeeming sale line: what a distributor needs to credit the store for the free units. */
export const redemptionRowSchema = z.object({
  /** Business date of the redeeming sale. */
  redeemedDate: z.string(),
  storeId: uuid(),
  storeCode: z.string(),
  transactionId: uuid(),
  receiptNumber: z.string(),
  customerId: uuid(),
  customerName: z.string(),
  productId: uuid(),
  sku: z.string(),
  productName: z.string(),
  brand: z.string(),
  units: z.number().int(),
  /** The shelf value of the free units (unit price × units): what the distributor credits. */
  valueGivenCents: cents(),
  /** Granted with a manager's approval, not earned by purchases: distributors usually do not credit these. */
  goodwill: z.boolean(),
});
export type RedemptionRow = z.infer<typeof redemptionRowSchema>;

export const redemptionReportSchema = z.object({
  programId: uuid(),
  programName: z.string(),
  from: z.string(),
  to: z.string(),
  storeId: uuid().nullable(),
  items: z.array(redemptionRowSchema),
  totals: z.object({
    units: z.number().int(),
    valueGivenCents: cents(),
    earnedUnits: z.number().int(),
    earnedValueCents: cents(),
    goodwillUnits: z.number().int(),
    goodwillValueCents: cents(),
  }),
});
export type RedemptionReport = z.infer<typeof redemptionReportSchema>;
