import type { Redis } from 'ioredis';
import { healthSchema, type Health } from '../../../shared/schemas/health';
import type { Database } from '../../db/client';
import { type AnyRoute, defineRoute } from '../../http/route';

const CHECK_TIMEOUT_MS = 2_000;

async function check(probe: () => Promise<unknown>): Promise<'ok' | 'down'> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      probe(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('timeout')), CHECK_TIMEOUT_MS);
      }),
    ]);
    return 'ok';
  } catch {
    return 'down';
  } finally {
    clearTimeout(timer);
  }
}

export function healthRoutes(deps: {
  database: Database;
  redis: Redis | null;
  version: string;
  startedAt: number;
}): AnyRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/health',
      summary: 'Liveness and readiness: checks the database and Redis for real; 503 names what is down',
      tags: ['health'],
      access: { kind: 'public' },
      response: healthSchema,
      handler: async ({ res }) => {
        const redis = deps.redis;
        const [db, redisState] = await Promise.all([
          check(() => deps.database.ping()),
          redis ? check(() => redis.ping()) : Promise.resolve('not_configured' as const),
        ]);
        const failing = [...(db === 'down' ? ['db'] : []), ...(redisState === 'down' ? ['redis'] : [])];
        const body: Health = {
          status: failing.length === 0 ? 'ok' : 'degraded',
          db,
          sessionStore: redis ? 'redis' : 'database',
          redis: redisState,
          version: deps.version,
          uptimeSeconds: Math.floor((Date.now() - deps.startedAt) / 1000),
          ...(failing.length > 0 ? { failing } : {}),
        };
        res.setHeader('Cache-Control', 'no-store');
        res.status(failing.length === 0 ? 200 : 503).json(body);
        return undefined;
      },
    }),
  ];
}
