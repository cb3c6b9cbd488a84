import { sql } from 'drizzle-orm';
import type { Config } from '../config';
import type { Db } from './client';
import { users } from './schema';
import { seedDemo } from './seed';

export const DEMO_PIN = '1234';
/** Days of sales history a first demo start creates, so reports and dashboards have something to show. */
const DEMO_HISTORY_DAYS = 14;

/** Seeds the demo when the database has no users yet (a first start); later starts keep the data as it is. */
export async function seedDemoOnFirstRun(
  db: Db,
  config: Config,
  log: (message: string) => void,
): Promise<{ seeded: boolean }> {
  const [row] = await db.select({ count: sql<number>`count(*)::int` }).from(users);
  if ((row?.count ?? 0) > 0) {
    return { seeded: false };
  }
  log('empty database: seeding the demo stores, users and catalog');
  await seedDemo(db, {
    password: config.demo.password,
    pin: DEMO_PIN,
    bcryptRounds: config.auth.bcryptRounds,
    historyDays: DEMO_HISTORY_DAYS,
    log,
  });
  return { seeded: true };
}
