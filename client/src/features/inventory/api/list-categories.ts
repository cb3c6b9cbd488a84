import { type Category, categorySchema } from '../../../../../shared/schemas/catalog';
import { page } from '../../../../../shared/schemas/common';
import { http } from '../../../api/http';

export type { Category };

const categoryPageSchema = page(categorySchema);

/** The whole category tree, depth first (each category after its parent). */
export async function listCategories(signal?: AbortSignal): Promise<Category[]> {
  const result = await http.get('/api/categories', {
    signal,
    parse: (body) => categoryPageSchema.parse(body),
  });
  return result.items;
}
