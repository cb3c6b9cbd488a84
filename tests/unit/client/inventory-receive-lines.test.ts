import { describe, expect, it } from 'vitest';
import {
  addScannedUnit,
  parseReceivedQuantities,
} from '../../../client/src/features/inventory/receive-lines';

describe('receiving quantities', () => {
  it('adds one unit per scan to what was typed, a blank box counting as 0', () => {
    let quantities = addScannedUnit({}, 'p1');
    expect(quantities).toEqual({ p1: '1' });
    quantities = addScannedUnit(quantities, 'p1');
    expect(quantities).toEqual({ p1: '2' });
    expect(addScannedUnit({ p1: '5', p2: '' }, 'p2')).toEqual({ p1: '5', p2: '1' });
  });

  it('sends only the lines that arrived, in line order', () => {
    expect(parseReceivedQuantities(['p1', 'p2', 'p3'], { p1: ' 4 ', p2: '', p3: '0' })).toEqual({
      ok: true,
      lines: [{ productId: 'p1', quantity: 4 }],
    });
  });

  it('names each box that is not a whole number', () => {
    expect(parseReceivedQuantities(['p1', 'p2', 'p3'], { p1: '-1', p2: '2.5', p3: '3' })).toEqual({
      ok: false,
      errors: { p1: 'must be a whole number, 0 or more', p2: 'must be a whole number, 0 or more' },
    });
  });
});
