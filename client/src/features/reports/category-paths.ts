type CategoryNode = { id: string; parentId: string | null; name: string };

/**
 * Each category's full path, "Dog > Food": the sales report names a category by its own name only, and
 * "Food" under Dog and under Cat must not look like one row twice. A broken parent link ends the path.
 */
export function buildCategoryPaths(categories: readonly CategoryNode[]): Map<string, string> {
  const byId = new Map(categories.map((category) => [category.id, category]));
  const paths = new Map<string, string>();
  for (const category of categories) {
    const names: string[] = [];
    const seen = new Set<string>();
    let current: CategoryNode | undefined = category;
    while (current !== undefined && !seen.has(current.id)) {
      seen.add(current.id);
      names.unshift(current.name);
      current = current.parentId === null ? undefined : byId.get(current.parentId);
    }
    paths.set(category.id, names.join(' > '));
  }
  return paths;
}
