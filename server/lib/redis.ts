import { Redis } from 'ioredis';
import type { Logger } from './logger';

/**
 * One ioredis client for sessions and rate limits. Commands fail fast while Redis is down (no offline
 * queue, one retry) so requests answer 503 at once instead of hanging; the client keeps reconnecting.
 */
export async function connectRedis(url: string, logger: Logger): Promise<Redis> {
  const redis = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 3_000,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
  });
  let wasDown = false;
  redis.on('error', (error: Error) => {
    if (!wasDown) {
      logger.warn('redis unavailable', { category: 'db', error: error.message });
      wasDown = true;
    }
  });
  redis.on('ready', () => {
    if (wasDown) {
      logger.info('redis reconnected', { category: 'db' });
      wasDown = false;
    }
  });
  await redis.connect();
  return redis;
}
