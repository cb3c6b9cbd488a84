import type { Express } from 'express';
import request from 'supertest';
import { expect } from 'vitest';
import { decodeBase32, hotp, timeStepAt } from '../../server/modules/auth/totp';
import type { SessionClient } from './auth';

/** The code an authenticator app shows for this base32 secret at `timeMs` (default: now). */
export function totpCodeFor(secretBase32: string, timeMs = Date.now()): string {
  return hotp(decodeBase32(secretBase32), timeStepAt(timeMs));
}

/** Enrols the signed-in user's authenticator; returns the secret and the recovery codes. */
export async function enrolMfa(client: SessionClient): Promise<{ secret: string; recoveryCodes: string[] }> {
  const started = await client.agent.post('/api/auth/mfa/enrolment').set(client.csrf);
  expect(started.status, JSON.stringify(started.body)).toBe(200);
  const secret = started.body.secret as string;
  const confirmed = await client.agent
    .post('/api/auth/mfa/enrolment/confirm')
    .set(client.csrf)
    .send({ code: totpCodeFor(secret) });
  expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
  return { secret, recoveryCodes: confirmed.body.recoveryCodes as string[] };
}

/** Password step of a user with MFA: the challenge id. */
export async function passwordStep(
  app: Express,
  username: string,
  password: string,
  path = '/api/auth/login',
) {
  const response = await request(app).post(path).send({ username, password });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  expect(response.body.mfaRequired).toBe(true);
  return response.body.challengeId as string;
}
