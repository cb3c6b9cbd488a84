import { z } from 'zod';
import { ROLES } from '../roles';
import { uuid } from './common';

export const userSchema = z.object({
  id: uuid(),
  username: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  storeIds: z.array(uuid()),
});
export type User = z.infer<typeof userSchema>;

export const loginRequestSchema = z
  .object({
    username: z.string({ error: 'is required' }).min(1, 'is required').max(200),
    // Length is checked against the stored hash, not here: a too-long password is simply wrong.
    password: z.string({ error: 'is required' }).min(1, 'is required').max(1024),
  })
  .strict();
export type LoginRequest = z.infer<typeof loginRequestSchema>;

export const loginResponseSchema = z.object({ user: userSchema, csrfToken: z.string() });
export type LoginResponse = z.infer<typeof loginResponseSchema>;

export const tokenResponseSchema = z.object({
  token: z.string(),
  expiresAt: z.iso.datetime(),
  user: userSchema,
});
export type TokenResponse = z.infer<typeof tokenResponseSchema>;

export const PIN_PATTERN = /^\d{4,8}$/;
export const pinSchema = () =>
  z.string({ error: 'must be 4 to 8 digits' }).regex(PIN_PATTERN, 'must be 4 to 8 digits');

export const unlockRequestSchema = z
  .object({ pin: z.string({ error: 'is required' }).min(1).max(64) })
  .strict();
export type UnlockRequest = z.infer<typeof unlockRequestSchema>;

/** bcrypt reads at most 72 bytes; longer passwords are rejected rather than silently truncated. */
export const passwordSchema = () =>
  z
    .string({ error: 'is required' })
    .min(12, 'must be at least 12 characters')
    .refine((value) => new TextEncoder().encode(value).length <= 72, 'must be at most 72 bytes');
