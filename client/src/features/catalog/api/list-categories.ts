import { type Category, categorySchema } from '../../../../../shared/schemas/catalog';
import { http } from '../../../api/http';
import { z } from 'zod';

export type { Category };

const categoryPageSchema = z.object({ items: z.array(categorySchema), nextCursor: z.string().nullable() });

/** The whole tree in one answer, each category after its parent. */
export async function listCategories(signal?: AbortSignal): Promise<Category[]> {
  const page = await http.get('/api/categories', { signal, parse: (body) => categoryPageSchema.parse(body) });
  return page.items;
}
