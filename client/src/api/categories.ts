import { useQuery } from '@tanstack/react-query';
import { z } from 'zod';
import { http } from './http';

const categorySchema = z.object({
  id: z.string(),
  parentId: z.string().nullable(),
  name: z.string(),
  position: z.number(),
});
const categoryPageSchema = z.object({ items: z.array(categorySchema) });

export type Category = z.infer<typeof categorySchema>;

/** The whole tree, depth first; a chain's categories are a few hundred at most. */
export async function listCategories(signal?: AbortSignal): Promise<Category[]> {
  const page = await http.get('/api/categories', { signal, parse: (body) => categoryPageSchema.parse(body) });
  return page.items;
}

export function useCategories() {
  return useQuery({
    queryKey: ['categories'],
    queryFn: ({ signal }) => listCategories(signal),
    staleTime: 300_000,
  });
}

/**
 * Each category's full path, "Dog > Food > Dry": leaf names repeat across species ("Food" under Dog, Cat
 * and Bird), so a leaf alone does not say which one it is.
 */
export function categoryPaths(
  categories: readonly Pick<Category, 'id' | 'parentId' | 'name'>[],
): Map<string, string> {
  const byId = new Map(categories.map((category) => [category.id, category]));
  const paths = new Map<string, string>();
  for (const category of categories) {
    const names: string[] = [];
    const seen = new Set<string>();
    let current: Pick<Category, 'id' | 'parentId' | 'name'> | undefined = category;
    // The seen set guards against a cycle, which the API does not allow but a bad row must not hang on.
    while (current !== undefined && !seen.has(current.id)) {
      seen.add(current.id);
      names.unshift(current.name);
      current = current.parentId === null ? undefined : byId.get(current.parentId);
    }
    paths.set(category.id, names.join(' > '));
  }
  return paths;
}
