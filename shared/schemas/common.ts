import { z } from 'zod';

export const uuid = () => z.uuid({ error: 'must be a UUID' });

/** Money: a whole number of minor units (cents). */
export const cents = () =>
  z.number({ error: 'must be an integer number of cents' }).int('must be an integer number of cents');

export const nonNegativeCents = () => cents().min(0, 'must not be negative');

/** A business date, YYYY-MM-DD, in the store's time zone. */
export const businessDate = () =>
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD')
    .refine((value) => {
      const date = new Date(`${value}T00:00:00Z`);
      return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
    }, 'must be a real calendar date');

/** Query strings arrive as text: booleans are the words true/false. */
export const queryBoolean = () =>
  z.enum(['true', 'false'], { error: 'must be true or false' }).transform((value) => value === 'true');

export const pageQuery = {
  limit: z.coerce
    .number({ error: 'must be a number' })
    .int('must be an integer')
    .min(1, 'must be at least 1')
    .max(500, 'must be at most 500')
    .default(50),
  cursor: z.string().max(500).optional(),
};

export const page = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });

export type Page<T> = { items: T[]; nextCursor: string | null };

export const idParams = z.object({ id: uuid() }).strict();
