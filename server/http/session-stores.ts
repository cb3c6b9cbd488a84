import { RedisStore } from 'connect-redis';
import session, { type SessionData, Store } from 'express-session';
import type { Redis } from 'ioredis';
import type { Db } from '../db/client';
import { deleteSession, findSessionData, touchSession, upsertSession } from '../modules/auth/auth.repo';

declare module 'express-session' {
  interface SessionData {
    userId: string;
    createdAtMs: number;
    lastActivityMs: number;
    csrfToken: string;
    isLocked: boolean;
  }
}

type Callback = (error?: unknown, value?: unknown) => void;

function expiryOf(sess: SessionData, fallbackMs: number): Date {
  const expires = sess.cookie?.expires;
  return expires ? new Date(expires) : new Date(Date.now() + fallbackMs);
}

/** express-session rows in the `sessions` table: the embedded default, so sessions survive a restart without Redis. */
export class DatabaseSessionStore extends Store {
  constructor(
    private readonly db: Db,
    private readonly maxAgeMs: number,
  ) {
    super();
  }

  override get(sid: string, callback: (error: unknown, session?: SessionData | null) => void): void {
    findSessionData(this.db, sid).then(
      (sess) => callback(undefined, (sess as SessionData | undefined) ?? null),
      (error: unknown) => callback(error),
    );
  }

  override set(sid: string, sess: SessionData, callback?: Callback): void {
    upsertSession(this.db, {
      sid,
      sess,
      userId: sess.userId ?? null,
      expiresAt: expiryOf(sess, this.maxAgeMs),
    }).then(
      () => callback?.(),
      (error: unknown) => callback?.(error),
    );
  }

  override touch(sid: string, sess: SessionData, callback?: Callback): void {
    touchSession(this.db, sid, expiryOf(sess, this.maxAgeMs)).then(
      () => callback?.(),
      (error: unknown) => callback?.(error),
    );
  }

  override destroy(sid: string, callback?: Callback): void {
    deleteSession(this.db, sid).then(
      () => callback?.(),
      (error: unknown) => callback?.(error),
    );
  }
}

export function createRedisSessionStore(redis: Redis, keyPrefix: string): session.Store {
  return new RedisStore({ client: redis, prefix: `${keyPrefix}sess:` });
}
