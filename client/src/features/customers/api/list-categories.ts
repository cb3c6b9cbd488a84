import { type Category, categorySchema } from '../../../../../shared/schemas/catalog';
import { page } from '../../../../../shared/schemas/common';
import { http } from '../../../api/http';

export type { Category };

const categoryPageSchema = page(categorySchema);

/** The category tree, flat (a shop has tens of categories). */
export async function listCategories(signal?: AbortSignal): Promise<Category[]> {
  const result = await http.get('/api/categories', {
    signal,
    parse: (body) => categoryPageSchema.parse(body),
  });
  return result.items;
}

/** "Dog › Food" for each category id. */
export function categoryPaths(categories: readonly Category[]): Map<string, string> {
  const byId = new Map(categories.map((category) => [category.id, category]));
  const paths = new Map<string, string>();
  for (const category of categories) {
    const names: string[] = [];
    let current: Category | undefined = category;
    // The depth bound guards against a cycle in bad data.
    for (let depth = 0; current && depth < 20; depth++) {
      names.unshift(current.name);
      current = current.parentId ? byId.get(current.parentId) : undefined;
    }
    paths.set(category.id, names.join(' › '));
  }
  return paths;
}
