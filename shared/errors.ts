import { z } from 'zod';

/** Every error code the API answers with; the client and server agree on this list. */
export const ERROR_CODES = [
  'VALIDATION_FAILED',
  'MALFORMED_JSON',
  'UNAUTHENTICATED',
  'INVALID_CREDENTIALS',
  'FORBIDDEN',
  'MFA_ENROLMENT_REQUIRED',
  'ACCOUNT_DISABLED',
  'CSRF_FAILED',
  'NOT_FOUND',
  'CONFLICT',
  'INSUFFICIENT_STOCK',
  'SHIFT_CLOSED',
  'ALREADY_VOIDED',
  'RETURN_EXCEEDS_SOLD',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'TENDER_SHORT',
  'UNKNOWN_PRODUCT',
  'APPROVAL_REQUIRED',
  'INACTIVE_PRODUCT',
  'IDEMPOTENCY_MISMATCH',
  'RECEIPT_NUMBER_TAKEN',
  'ACCOUNT_LOCKED',
  'RATE_LIMITED',
  'INTERNAL',
  'UNAVAILABLE',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export const errorDetailSchema = z.object({ path: z.string(), message: z.string() });
export type ErrorDetail = z.infer<typeof errorDetailSchema>;

export const errorResponseSchema = z.object({
  error: z.object({
    code: z.enum(ERROR_CODES),
    message: z.string(),
    details: z.array(errorDetailSchema).optional(),
    requestId: z.string(),
  }),
});
export type ErrorResponse = z.infer<typeof errorResponseSchema>;
