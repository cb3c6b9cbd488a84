import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { RateLimitedError } from '../lib/errors';

export type LoginRateLimiter = {
  /** Counts one sign-in attempt for this client and username; throws 429 past the limit. */
  consume(ip: string | null | undefined, username: string): Promise<void>;
};

/**
 * Sign-in attempts per client IP + username per minute. In Redis when configured, so the limit holds
 * across PM2 workers; if Redis is unreachable, each process falls back to counting in memory.
 */
export function createLoginRateLimiter(options: {
  perMinute: number;
  redis: Redis | null;
  keyPrefix: string;
}): LoginRateLimiter {
  const memory = new RateLimiterMemory({ points: options.perMinute, duration: 60, keyPrefix: 'login' });
  const limiter = options.redis
    ? new RateLimiterRedis({
        storeClient: options.redis,
        points: options.perMinute,
        duration: 60,
        keyPrefix: `${options.keyPrefix}login`,
        insuranceLimiter: memory,
      })
    : memory;
  return {
    async consume(ip, username) {
      try {
        await limiter.consume(`${ip ?? 'unknown'}|${username.toLowerCase()}`);
      } catch (error) {
        if (error instanceof RateLimiterRes) {
          throw new RateLimitedError(
            error.msBeforeNext / 1000,
            'Too many sign-in attempts; wait a minute and try again',
          );
        }
        throw error;
      }
    },
  };
}
