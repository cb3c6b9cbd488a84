import { z } from 'zod';

export const healthSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  db: z.enum(['ok', 'down']),
  sessionStore: z.enum(['redis', 'database']),
  redis: z.enum(['ok', 'down', 'not_configured']),
  version: z.string(),
  uptimeSeconds: z.number().int(),
  failing: z.array(z.string()).optional(),
});
export type Health = z.infer<typeof healthSchema>;
