import { describe, expect, it } from 'vitest';
import {
  buildTextQueries,
  correctableTokens,
  editDistance,
  searchTokensOf,
  typosAllowed,
} from '../../../server/modules/catalog/search-terms';

describe('searchTokensOf', () => {
  it('lower-cases, splits at anything but letters and digits, drops repeats', () => {
    expect(searchTokensOf("  Hill's Science-Diet  5.5 kg hill ")).toEqual([
      'hill',
      's',
      'science',
      'diet',
      '5',
      'kg',
    ]);
    expect(searchTokensOf('%_\\')).toEqual([]);
    expect(searchTokensOf('Pâté für Katzen')).toEqual(['pâté', 'für', 'katzen']);
  });

  it('keeps at most 8 words', () => {
    expect(searchTokensOf('a b c d e f g h i j')).toHaveLength(8);
  });
});

describe('correctableTokens', () => {
  it('only words of 3+ characters that start with a letter', () => {
    expect(correctableTokens(['kibel', 'kg', '5', '12oz', 'k9x', 'oz'])).toEqual(['kibel', 'k9x']);
  });
});

describe('editDistance', () => {
  it.each([
    ['chicken', 'chicken', 0],
    ['chiken', 'chicken', 1],
    ['chikcen', 'chicken', 1],
    ['adlut', 'adult', 1],
    ['kibel', 'kibble', 2],
    ['cat', 'dog', 3],
    ['', 'abc', 3],
  ])('%s → %s = %i', (a, b, distance) => {
    expect(editDistance(a, b, 5)).toBe(distance);
    expect(editDistance(b, a, 5)).toBe(distance);
  });

  it('stops at the limit', () => {
    expect(editDistance('salmon', 'turkey', 2)).toBe(3);
    expect(editDistance('a', 'abcdef', 2)).toBe(3);
  });
});

describe('typosAllowed', () => {
  it('grows with the word', () => {
    expect([
      typosAllowed('cat'),
      typosAllowed('tuna'),
      typosAllowed('kibble'),
      typosAllowed('nutritional'),
    ]).toEqual([1, 1, 2, 3]);
  });
});

describe('buildTextQueries', () => {
  const vocabulary = (entries: Record<string, string[]>) => new Map(Object.entries(entries));

  it('a word the catalog has (or starts with) is searched as a prefix', () => {
    const queries = buildTextQueries(['chick'], vocabulary({ chick: ['chicken', 'chickpea', 'check'] }));
    expect(queries).toEqual({ best: 'chick:*', any: '(chick:* | check)' });
  });

  it('a typo is read as its closest catalog words; farther ones only widen the second tier', () => {
    const queries = buildTextQueries(
      ['chiken', 'kibel'],
      vocabulary({ chiken: ['chicken', 'thicken', 'kitten'], kibel: ['kibble', 'label', 'bagel'] }),
    );
    expect(queries).toEqual({
      best: 'chicken & (kibble | label)',
      any: '(chicken | thicken) & (kibble | label)',
    });
  });

  it('short and numeric words are prefixes, never corrected', () => {
    expect(buildTextQueries(['salmon', '5', 'kg'], vocabulary({ salmon: ['salmon'] }))).toEqual({
      best: 'salmon:* & 5:* & kg:*',
      any: 'salmon:* & 5:* & kg:*',
    });
  });

  it('a word with no reading is left out; nothing left → null', () => {
    expect(buildTextQueries(['zzzqqq', 'tuna'], vocabulary({ zzzqqq: [], tuna: ['tuna'] }))).toEqual({
      best: 'tuna:*',
      any: 'tuna:*',
    });
    expect(buildTextQueries(['zzzqqq'], vocabulary({ zzzqqq: ['zebra'] }))).toBeNull();
    expect(buildTextQueries([], vocabulary({}))).toBeNull();
  });
});
