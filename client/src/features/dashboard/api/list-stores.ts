import { z } from 'zod';
import { storeSchema } from '../../../../../shared/schemas/stores';
import { http } from '../../../api/http';

const storePageSchema = z.object({ items: z.array(storeSchema), nextCursor: z.string().nullable() });

export type DashboardStore = Pick<
  z.infer<typeof storeSchema>,
  'id' | 'code' | 'name' | 'timezone' | 'currency'
>;

/** The stores this user may see (admins: all); a chain's stores fit in one page of 500. */
export async function listStores(signal?: AbortSignal): Promise<DashboardStore[]> {
  const page = await http.get('/api/stores?limit=500', {
    signal,
    parse: (body) => storePageSchema.parse(body),
  });
  return page.items.filter((store) => store.active);
}
