import { z } from 'zod';
import { http } from '../../../api/http';

// Only the fields the dashboard uses. Not the shared storeSchema: importing it here would split it into a
// chunk of its own that the register then loads as an extra file.
const dashboardStoreSchema = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  timezone: z.string(),
  currency: z.string(),
  active: z.boolean(),
});
const storePageSchema = z.object({ items: z.array(dashboardStoreSchema), nextCursor: z.string().nullable() });

export type DashboardStore = z.infer<typeof dashboardStoreSchema>;

/** The active stores this user may see (admins: all); a chain's stores fit in one page of 500. */
export async function listStores(signal?: AbortSignal): Promise<DashboardStore[]> {
  const page = await http.get('/api/stores?limit=500', {
    signal,
    parse: (body) => storePageSchema.parse(body),
  });
  return page.items.filter((store) => store.active);
}
