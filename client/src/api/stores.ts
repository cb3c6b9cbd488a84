import { useQuery } from '@tanstack/react-query';
import { z } from 'zod';
import { http } from './http';

// Only the fields the back-office screens share. Not the shared storeSchema: importing that here would split
// it into a chunk of its own that the register then loads as an extra file.
const storeSummarySchema = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  timezone: z.string(),
  currency: z.string(),
  active: z.boolean(),
});
const storePageSchema = z.object({ items: z.array(storeSummarySchema), nextCursor: z.string().nullable() });

export type StoreSummary = z.infer<typeof storeSummarySchema>;

/** The active stores this user may see (admins: all); a chain's stores fit in one page of 500. */
export async function listVisibleStores(signal?: AbortSignal): Promise<StoreSummary[]> {
  const page = await http.get('/api/stores?limit=500', {
    signal,
    parse: (body) => storePageSchema.parse(body),
  });
  return page.items.filter((store) => store.active);
}

export const VISIBLE_STORES_KEY = ['stores', 'visible'] as const;

/** For back-office screens (inside the QueryProvider). Stores change rarely: five minutes before asking again. */
export function useVisibleStores() {
  return useQuery({
    queryKey: VISIBLE_STORES_KEY,
    queryFn: ({ signal }) => listVisibleStores(signal),
    staleTime: 300_000,
  });
}
