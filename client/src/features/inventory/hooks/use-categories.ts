import { useQuery } from '@tanstack/react-query';
import { type Category, listCategories } from '../../../api/categories';

export type CategoryOption = { id: string; label: string };

/** The tree as select options, each indented under its parent (the API lists parents first). */
export function categoryOptions(categories: readonly Category[]): CategoryOption[] {
  const depth = new Map<string, number>();
  return categories.map((category) => {
    const level = category.parentId === null ? 0 : (depth.get(category.parentId) ?? 0) + 1;
    depth.set(category.id, level);
    return { id: category.id, label: `${'\u2003'.repeat(level)}${category.name}` };
  });
}

export function useCategoryOptions() {
  return useQuery({
    queryKey: ['categories'],
    queryFn: ({ signal }) => listCategories(signal),
    staleTime: 300_000,
    select: categoryOptions,
  });
}
