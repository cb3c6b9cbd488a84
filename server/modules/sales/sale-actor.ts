import type { RequestOrigin } from '../audit/audit.service';
import type { ModuleDeps } from '../module-deps';

export type SalesDeps = ModuleDeps;

/** Who is at the till: their id, the stores they may see (null = all) and where the request came from. */
export type SaleActor = { userId: string; visible: string[] | null; origin: RequestOrigin };
