import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

export type RequestContext = { requestId: string; userId?: string; storeId?: string };

const storage = new AsyncLocalStorage<RequestContext>();

/** The context of the request being served, if any: logs pick up its ids from here. */
export function currentRequestContext(): RequestContext | undefined {
  return storage.getStore();
}

const ACCEPTABLE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Accepts a sane X-Request-Id from the proxy or client, otherwise makes one, and echoes it back. */
export function requestContextMiddleware(req: Request, res: Response, next: NextFunction): void {
  const incoming = req.get('x-request-id');
  const requestId = incoming && ACCEPTABLE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
  res.setHeader('X-Request-Id', requestId);
  storage.run({ requestId }, () => next());
}
