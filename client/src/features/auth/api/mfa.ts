import {
  type MfaEnrolment,
  type MfaStatus,
  mfaEnrolmentSchema,
  mfaStatusSchema,
  recoveryCodesResponseSchema,
} from '../../../../../shared/schemas/auth';
import { expectNoContent, http } from '../../../api/http';

export type { MfaEnrolment, MfaStatus };

export function getMfaStatus(signal?: AbortSignal): Promise<MfaStatus> {
  return http.get('/api/auth/mfa', { signal, parse: (body) => mfaStatusSchema.parse(body) });
}

/** A new secret and its QR code; not active until confirmed with a code. */
export function startMfaEnrolment(): Promise<MfaEnrolment> {
  return http.post('/api/auth/mfa/enrolment', { parse: (body) => mfaEnrolmentSchema.parse(body) });
}

/** Turns two-factor sign-in on; answers the recovery codes, which the server never shows again. */
export async function confirmMfaEnrolment(code: string): Promise<string[]> {
  const result = await http.post('/api/auth/mfa/enrolment/confirm', {
    body: { code },
    parse: (body) => recoveryCodesResponseSchema.parse(body),
  });
  return result.recoveryCodes;
}

export function disableMfa(request: { password: string; code: string }): Promise<undefined> {
  return http.post('/api/auth/mfa/disable', { body: request, parse: expectNoContent });
}

export async function regenerateRecoveryCodes(code: string): Promise<string[]> {
  const result = await http.post('/api/auth/mfa/recovery-codes', {
    body: { code },
    parse: (body) => recoveryCodesResponseSchema.parse(body),
  });
  return result.recoveryCodes;
}
