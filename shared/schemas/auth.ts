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

export const loginResponseSchema = z.object({
  user: userSchema,
  csrfToken: z.string(),
  /** REQUIRE_MFA: this session may only enrol a second factor until it is done (every other route 403). */
  mfaEnrolmentRequired: z.boolean().optional(),
});
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

// Two-factor sign-in (TOTP authenticator apps, with one-time recovery codes) for managers and admins.

const totpCode = () =>
  z.string({ error: 'is required' }).regex(/^\d{6}$/, 'must be the 6 digits shown in the app');
const recoveryCode = () => z.string({ error: 'is required' }).min(1, 'is required').max(64);

/** Exactly one of `code` and `recoveryCode`. */
function oneSecondFactor(
  value: { code?: string | undefined; recoveryCode?: string | undefined },
  ctx: z.RefinementCtx,
) {
  if ((value.code === undefined) === (value.recoveryCode === undefined)) {
    ctx.addIssue({ code: 'custom', path: ['code'], message: 'send either code or recoveryCode' });
  }
}

/** The password was right and the user has a second factor: POST the challenge with a code to finish. */
export const mfaChallengeResponseSchema = z.object({
  mfaRequired: z.literal(true),
  challengeId: z.string(),
  expiresAt: z.iso.datetime(),
});
export type MfaChallengeResponse = z.infer<typeof mfaChallengeResponseSchema>;

export const mfaLoginRequestSchema = z
  .object({
    challengeId: z.string({ error: 'is required' }).min(1, 'is required').max(2000),
    code: totpCode().optional(),
    recoveryCode: recoveryCode().optional(),
  })
  .strict()
  .superRefine(oneSecondFactor);
export type MfaLoginRequest = z.infer<typeof mfaLoginRequestSchema>;

export const mfaStatusSchema = z.object({
  enabled: z.boolean(),
  enabledAt: z.iso.datetime().nullable(),
  recoveryCodesLeft: z.number().int(),
  /** REQUIRE_MFA is on for this user's role. */
  required: z.boolean(),
});
export type MfaStatus = z.infer<typeof mfaStatusSchema>;

export const mfaEnrolmentSchema = z.object({
  /** Base32, for typing into the app by hand. */
  secret: z.string(),
  otpauthUri: z.string(),
  /** The otpauth URI as a QR code (PNG data URL). */
  qrCodeDataUrl: z.string(),
});
export type MfaEnrolment = z.infer<typeof mfaEnrolmentSchema>;

export const mfaConfirmRequestSchema = z.object({ code: totpCode() }).strict();
export type MfaConfirmRequest = z.infer<typeof mfaConfirmRequestSchema>;

export const recoveryCodesResponseSchema = z.object({ recoveryCodes: z.array(z.string()) });
export type RecoveryCodesResponse = z.infer<typeof recoveryCodesResponseSchema>;

export const mfaDisableRequestSchema = z
  .object({
    password: z.string({ error: 'is required' }).min(1, 'is required').max(1024),
    code: totpCode().optional(),
    recoveryCode: recoveryCode().optional(),
  })
  .strict()
  .superRefine(oneSecondFactor);
export type MfaDisableRequest = z.infer<typeof mfaDisableRequestSchema>;

export const regenerateRecoveryCodesRequestSchema = z.object({ code: totpCode() }).strict();
export type RegenerateRecoveryCodesRequest = z.infer<typeof regenerateRecoveryCodesRequestSchema>;
