import { type Dashboard, dashboardSchema } from '../../../../../shared/schemas/reports';
import { http } from '../../../api/http';

export type { Dashboard };

/** Today so far against the same weekday last week; no store ids = every store the user may see. */
export function getDashboard(storeIds: readonly string[], signal?: AbortSignal): Promise<Dashboard> {
  const query = new URLSearchParams();
  for (const storeId of storeIds) {
    query.append('storeId', storeId);
  }
  const search = query.size > 0 ? `?${query.toString()}` : '';
  return http.get(`/api/reports/dashboard${search}`, {
    signal,
    parse: (body) => dashboardSchema.parse(body),
  });
}
