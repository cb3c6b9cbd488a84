import { describe, expect, it } from 'vitest';
import { hasImageSignature } from '../../../server/modules/catalog/product-images.service';
import { categoryPathsById, splitCategoryPath } from '../../../server/modules/catalog/catalog-import.service';

describe('category paths in the product CSV', () => {
  it('splits Dog/Food into names, trimming each', () => {
    expect(splitCategoryPath('Dog / Food')).toEqual(['Dog', 'Food']);
    expect(splitCategoryPath('Dog')).toEqual(['Dog']);
    expect(splitCategoryPath('Dog//Food')).toEqual(['Dog', '', 'Food']);
  });

  it('writes a slash or backslash inside a name escaped, and reads it back as one name', () => {
    const rows = [
      { id: 'a', parentId: null, name: 'Dog' },
      { id: 'b', parentId: 'a', name: 'Wet/Dry Food' },
      { id: 'c', parentId: 'b', name: 'Back\\slash' },
    ];
    const paths = categoryPathsById(rows);
    expect(paths.get('b')).toBe('Dog/Wet\\/Dry Food');
    expect(splitCategoryPath(paths.get('c')!)).toEqual(['Dog', 'Wet/Dry Food', 'Back\\slash']);
  });
});

describe('image magic numbers', () => {
  it('accepts the real signatures and refuses a mislabelled body', () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]);
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xdb]);
    const webp = Buffer.from('RIFF\u0000\u0000\u0000\u0000WEBPVP8 ', 'latin1');
    expect(hasImageSignature('image/png', png)).toBe(true);
    expect(hasImageSignature('image/jpeg', jpeg)).toBe(true);
    expect(hasImageSignature('image/webp', webp)).toBe(true);
    expect(hasImageSignature('image/png', jpeg)).toBe(false);
    expect(hasImageSignature('image/jpeg', Buffer.from('<html>'))).toBe(false);
    expect(hasImageSignature('image/webp', Buffer.from('RIFF'))).toBe(false);
  });
});
