import { z } from 'zod';
import { ROLES } from '../roles';
import { passwordSchema, pinSchema, userSchema } from './auth';
import { pageQuery, uuid } from './common';

export const adminUserSchema = userSchema.extend({
  email: z.string().nullable(),
  active: z.boolean(),
  hasPin: z.boolean(),
  /** Two-factor sign-in (authenticator app) is on. */
  mfaEnabled: z.boolean(),
  lockedUntil: z.iso.datetime().nullable(),
  lastLoginAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
});
export type AdminUser = z.infer<typeof adminUserSchema>;

const username = () =>
  z
    .string({ error: 'is required' })
    .regex(/^[A-Za-z0-9._-]{3,50}$/, 'must be 3 to 50 letters, digits, dots, dashes or underscores');

const displayName = () => z.string({ error: 'is required' }).trim().min(1, 'is required').max(200);

export const createUserRequestSchema = z
  .object({
    username: username(),
    name: displayName(),
    password: passwordSchema(),
    role: z.enum(ROLES, { error: 'must be admin, manager or cashier' }),
    storeIds: z.array(uuid()).max(500).default([]),
    pin: pinSchema().optional(),
    email: z.email({ error: 'must be an email address' }).max(254).nullable().default(null),
  })
  .strict();
export type CreateUserRequest = z.infer<typeof createUserRequestSchema>;

export const updateUserRequestSchema = z
  .object({
    name: displayName().optional(),
    password: passwordSchema().optional(),
    role: z.enum(ROLES, { error: 'must be admin, manager or cashier' }).optional(),
    storeIds: z.array(uuid()).max(500).optional(),
    pin: pinSchema().nullable().optional(),
    email: z.email({ error: 'must be an email address' }).max(254).nullable().optional(),
    active: z.boolean().optional(),
    // Only off: a user who lost the phone and the recovery codes; enrolling is the user's own step.
    mfaEnabled: z.literal(false, { error: 'can only be set to false (the user enrols again)' }).optional(),
  })
  .strict();
export type UpdateUserRequest = z.infer<typeof updateUserRequestSchema>;

export const listUsersQuerySchema = z
  .object({
    ...pageQuery,
    q: z.string().max(200).optional(),
    storeId: uuid().optional(),
  })
  .strict();
export type ListUsersQuery = z.infer<typeof listUsersQuerySchema>;
