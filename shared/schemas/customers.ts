import { z } from 'zod';
import { businessDate, cents, pageQuery, uuid } from './common';
import { loyaltyProgressSchema } from './loyalty';

export const PET_SPECIES_VALUES = ['dog', 'cat', 'bird', 'fish', 'small_animal', 'reptile', 'other'] as const;

/** The digits of a phone number: how phones are stored and compared ("(312) 555-0100" → "3125550100"). */
export function phoneDigits(value: string): string {
  return value.replace(/\D/g, '');
}

/**
 * The latest calendar date anywhere right now (UTC+14): a birth date after it is in the future for every
 * store, and one up to it is today somewhere, so a pet born today is never refused for the time zone.
 */
function latestDateNow(): string {
  return new Date(Date.now() + 14 * 3_600_000).toISOString().slice(0, 10);
}

const name = () =>
  z.string({ error: 'is required' }).trim().min(1, 'is required').max(200, 'must be at most 200 characters');

/** Spaces, dashes, dots, brackets and a leading + are how people write numbers; what is kept is the digits. */
const phone = () =>
  z
    .string({ error: 'must be text' })
    .trim()
    .max(50, 'must be at most 50 characters')
    .superRefine((value, ctx) => {
      if (!/^\+?[0-9 ().-]+$/.test(value)) {
        ctx.addIssue({
          code: 'custom',
          message: 'must be a phone number (digits, spaces, dashes, dots, brackets, a leading +)',
        });
        return;
      }
      const digits = phoneDigits(value).length;
      if (digits < 7 || digits > 15) {
        ctx.addIssue({ code: 'custom', message: 'must have 7 to 15 digits' });
      }
    })
    .transform(phoneDigits);

const email = () => z.email({ error: 'must be an email address' }).max(320, 'must be at most 320 characters');

const notes = () => z.string({ error: 'must be text' }).max(2000, 'must be at most 2000 characters');

const petFields = {
  name: name(),
  species: z.enum(PET_SPECIES_VALUES, {
    error: 'must be dog, cat, bird, fish, small_animal, reptile or other',
  }),
  breed: z.string({ error: 'must be text' }).trim().max(100, 'must be at most 100 characters').nullable(),
  birthDate: businessDate()
    .refine((value) => value <= latestDateNow(), 'must not be in the future')
    .refine((value) => value >= '1900-01-01', 'must be after 1900'),
};

export const createPetRequestSchema = z
  .object({
    name: petFields.name,
    species: petFields.species,
    breed: petFields.breed.optional(),
    birthDate: petFields.birthDate.nullable().optional(),
  })
  .strict();
export type CreatePetRequest = z.infer<typeof createPetRequestSchema>;

export const updatePetRequestSchema = z
  .object({
    name: petFields.name.optional(),
    species: petFields.species.optional(),
    breed: petFields.breed.optional(),
    birthDate: petFields.birthDate.nullable().optional(),
  })
  .strict()
  .refine((value) => Object.keys(value).length > 0, 'name at least one field to change');
export type UpdatePetRequest = z.infer<typeof updatePetRequestSchema>;

export const createCustomerRequestSchema = z
  .object({
    name: name(),
    phone: phone().nullable().optional(),
    email: email().nullable().optional(),
    marketingConsent: z.boolean({ error: 'must be true or false' }).default(false),
    notes: notes().default(''),
    pets: z.array(createPetRequestSchema).max(50, 'must have at most 50 pets').default([]),
  })
  .strict();
export type CreateCustomerRequest = z.infer<typeof createCustomerRequestSchema>;

export const updateCustomerRequestSchema = z
  .object({
    name: name().optional(),
    phone: phone().nullable().optional(),
    email: email().nullable().optional(),
    marketingConsent: z.boolean({ error: 'must be true or false' }).optional(),
    notes: notes().optional(),
  })
  .strict()
  .refine((value) => Object.keys(value).length > 0, 'name at least one field to change');
export type UpdateCustomerRequest = z.infer<typeof updateCustomerRequestSchema>;

export const listCustomersQuerySchema = z
  .object({
    q: z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters').optional(),
    ...pageQuery,
  })
  .strict();
export type ListCustomersQuery = z.infer<typeof listCustomersQuerySchema>;

export const customerQuerySchema = z
  .object({
    /** Loyalty progress for the programs of this store only (the till's store); else every visible store's. */
    storeId: uuid().optional(),
  })
  .strict();
export type CustomerQuery = z.infer<typeof customerQuerySchema>;

export const petParamsSchema = z.object({ id: uuid(), petId: uuid() }).strict();

export const petSchema = z.object({
  id: uuid(),
  name: z.string(),
  species: z.enum(PET_SPECIES_VALUES),
  breed: z.string().nullable(),
  birthDate: z.string().nullable(),
  createdAt: z.iso.datetime(),
});
export type Pet = z.infer<typeof petSchema>;

export const customerSchema = z.object({
  id: uuid(),
  name: z.string(),
  /** Digits only, as stored and searched. */
  phone: z.string().nullable(),
  email: z.string().nullable(),
  marketingConsent: z.boolean(),
  /** When consent was last given or withdrawn; null when never asked. */
  marketingConsentAt: z.iso.datetime().nullable(),
  notes: z.string(),
  storeCreditCents: cents(),
  pets: z.array(petSchema),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type Customer = z.infer<typeof customerSchema>;

/** One customer with the frequent-buyer progress a till shows. */
export const customerDetailSchema = customerSchema.extend({ loyalty: z.array(loyaltyProgressSchema) });
export type CustomerDetail = z.infer<typeof customerDetailSchema>;
