import type { RequestOrigin } from '../audit/audit.service';
import type { ModuleDeps } from '../module-deps';
import type { StoreSettingsCache } from '../stores/stores.service';

export type SalesDeps = ModuleDeps & { storeSettings: StoreSettingsCache };

/**
 * Who is at the till: their id and role, the stores they may see (null = all) and where the request came
 * from. A manager or admin approves their own overrides and discounts; a cashier needs a manager's PIN.
 */
export type SaleActor = {
  userId: string;
  role: 'admin' | 'manager' | 'cashier';
  visible: string[] | null;
  origin: RequestOrigin;
};
