import { describe, expect, it } from 'vitest';
import { categoryPaths as buildCategoryPaths } from '../../../client/src/api/categories';

describe('categoryPaths', () => {
  it('names each category by its path, so Food under Dog and under Cat differ', () => {
    const paths = buildCategoryPaths([
      { id: 'dog', parentId: null, name: 'Dog' },
      { id: 'dog-food', parentId: 'dog', name: 'Food' },
      { id: 'dry', parentId: 'dog-food', name: 'Dry' },
      { id: 'cat', parentId: null, name: 'Cat' },
      { id: 'cat-food', parentId: 'cat', name: 'Food' },
    ]);
    expect(paths.get('dog-food')).toBe('Dog > Food');
    expect(paths.get('cat-food')).toBe('Cat > Food');
    expect(paths.get('dry')).toBe('Dog > Food > Dry');
    expect(paths.get('dog')).toBe('Dog');
  });

  it('stops at a missing parent or a loop instead of hanging', () => {
    const paths = buildCategoryPaths([
      { id: 'orphan', parentId: 'gone', name: 'Orphan' },
      { id: 'a', parentId: 'b', name: 'A' },
      { id: 'b', parentId: 'a', name: 'B' },
    ]);
    expect(paths.get('orphan')).toBe('Orphan');
    expect(paths.get('a')).toBe('B > A');
  });
});
