import { z } from 'zod';
import { http } from '../../../api/http';
import { buildCategoryPaths } from '../category-paths';

// Only the fields the paths need (not the catalog's schema: reports stay independent of that feature).
const categoryPageSchema = z.object({
  items: z.array(z.object({ id: z.string(), parentId: z.string().nullable(), name: z.string() })),
});

/** Category id → "Dog > Food", from the whole tree (one page: the API answers it in one). */
export async function listCategoryPaths(signal?: AbortSignal): Promise<Map<string, string>> {
  const page = await http.get('/api/categories', { signal, parse: (body) => categoryPageSchema.parse(body) });
  return buildCategoryPaths(page.items);
}
