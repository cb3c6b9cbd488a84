import type { Express } from 'express';
import request from 'supertest';
import { expect } from 'vitest';

export type SessionClient = {
  agent: ReturnType<typeof request.agent>;
  csrfToken: string;
  /** Headers for a cookie-authenticated write. */
  csrf: { 'X-CSRF-Token': string };
};

/** Signs in through the API and keeps the cookie, like a browser would. */
export async function signIn(app: Express, username: string, password: string): Promise<SessionClient> {
  const agent = request.agent(app);
  const response = await agent.post('/api/auth/login').send({ username, password });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  const csrfToken = response.body.csrfToken as string;
  return { agent, csrfToken, csrf: { 'X-CSRF-Token': csrfToken } };
}

export async function bearerToken(app: Express, username: string, password: string): Promise<string> {
  const response = await request(app).post('/api/auth/token').send({ username, password });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body.token as string;
}
