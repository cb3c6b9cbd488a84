import { z } from 'zod';
import { storeSchema } from '../../../../../shared/schemas/stores';
import { http } from '../../../api/http';

export type Store = z.infer<typeof storeSchema>;

const storePageSchema = z.object({ items: z.array(storeSchema), nextCursor: z.string().nullable() });

/** The stores this user works at (admins: all). A chain's stores fit in one page of 500. */
export async function listStores(signal?: AbortSignal): Promise<Store[]> {
  const page = await http.get('/api/stores?limit=500', {
    signal,
    parse: (body) => storePageSchema.parse(body),
  });
  return page.items;
}
