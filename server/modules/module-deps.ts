import type { Config } from '../config';
import type { Db } from '../db/client';
import type { Logger } from '../lib/logger';

/** What createApp hands every module's route factory: no module-level singletons. */
export type ModuleDeps = { db: Db; config: Config; logger: Logger };
