import { describe, expect, it } from 'vitest';
import {
  formatDelta,
  formatQuantity,
  formatStoreTime,
  reasonLabel,
  stockLevelOf,
} from '../../../client/src/features/inventory/format';
import { categoryOptions } from '../../../client/src/features/inventory/hooks/use-categories';

describe('inventory formatting', () => {
  it('shows weighed stock in grams and pieces as plain numbers, with thousands separators', () => {
    expect(formatQuantity(1250, 'weight')).toBe('1,250 g');
    expect(formatQuantity(12)).toBe('12');
  });

  it('signs a change with + or a real minus, and zero without a sign', () => {
    expect(formatDelta(3)).toBe('+3');
    expect(formatDelta(-2)).toBe('\u22122');
    expect(formatDelta(0)).toBe('0');
    expect(formatDelta(-500, 'weight')).toBe('\u2212500 g');
  });

  it('names reasons in words, and an unknown one readably', () => {
    expect(reasonLabel('count_correction')).toBe('Count correction');
    expect(reasonLabel('transfer_out')).toBe('Transfer out');
    expect(reasonLabel('new_reason')).toBe('new reason');
  });

  it("shows an instant on the store's wall clock, not the browser's", () => {
    // 2026-03-08 07:30 UTC: 01:30 in Chicago (before the DST switch at 02:00), 16:30 in Tokyo.
    expect(formatStoreTime('2026-03-08T07:30:00.000Z', 'America/Chicago')).toBe('Mar 8, 2026, 1:30 AM');
    expect(formatStoreTime('2026-03-08T07:30:00.000Z', 'Asia/Tokyo')).toBe('Mar 8, 2026, 4:30 PM');
  });

  it('calls stock low only at or below a reorder point that is set, as the API filter does', () => {
    expect(stockLevelOf({ onHand: 0, reorderPoint: 0 })).toBe('out');
    expect(stockLevelOf({ onHand: -1, reorderPoint: 5 })).toBe('out');
    expect(stockLevelOf({ onHand: 5, reorderPoint: 5 })).toBe('low');
    expect(stockLevelOf({ onHand: 6, reorderPoint: 5 })).toBe('ok');
    expect(stockLevelOf({ onHand: 1, reorderPoint: 0 })).toBe('ok');
  });
});

describe('category options', () => {
  it('indents each category one step deeper than its parent, in the API order', () => {
    const options = categoryOptions([
      { id: 'a', parentId: null, name: 'Dog', position: 0 },
      { id: 'b', parentId: 'a', name: 'Food', position: 0 },
      { id: 'c', parentId: 'b', name: 'Dry', position: 0 },
      { id: 'd', parentId: null, name: 'Cat', position: 1 },
    ]);
    expect(options.map((option) => option.label)).toEqual(['Dog', '\u2003Food', '\u2003\u2003Dry', 'Cat']);
  });
});
