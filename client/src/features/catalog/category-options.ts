import type { Category } from '../../api/categories';

export type CategoryOption = { id: string; label: string };

/**
 * The tree (each category after its parent) as select options labelled by their path, "Dog / Food / Dry",
 * so two "Food" categories under different parents can be told apart.
 */
export function categoryOptions(categories: readonly Category[]): CategoryOption[] {
  const byId = new Map(categories.map((category) => [category.id, category]));
  const pathOf = (category: Category): string => {
    const names = [category.name];
    let parentId = category.parentId;
    // The depth guard only protects against a malformed tree; real trees are a few levels deep.
    for (let depth = 0; parentId !== null && depth < 50; depth++) {
      const parent = byId.get(parentId);
      if (!parent) {
        break;
      }
      names.unshift(parent.name);
      parentId = parent.parentId;
    }
    return names.join(' / ');
  };
  return categories.map((category) => ({ id: category.id, label: pathOf(category) }));
}
