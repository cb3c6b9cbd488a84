import { describe, expect, it } from 'vitest';
import {
  buildTenders,
  cashDueCents,
  checkPayment,
} from '../../../../../client/src/features/register/tenders';

describe('register tenders', () => {
  it('builds card then cash for a split, and drops empty amounts', () => {
    expect(buildTenders('split', { cashCents: 5000, cardCents: 10_000, cardReference: ' AUTH1 ' })).toEqual([
      { method: 'card', amountCents: 10_000, reference: 'AUTH1' },
      { method: 'cash', amountCents: 5000 },
    ]);
    expect(buildTenders('cash', { cashCents: 2000, cardCents: 10_000, cardReference: 'X' })).toEqual([
      { method: 'cash', amountCents: 2000 },
    ]);
    expect(buildTenders('split', { cashCents: null, cardCents: 0, cardReference: '' })).toEqual([]);
  });

  it('rounds what is due in cash to the store step (contract example D)', () => {
    expect(cashDueCents(1033, 5)).toBe(1035);
    expect(cashDueCents(1032, 5)).toBe(1030);
    expect(cashDueCents(1033, 1)).toBe(1033);
  });

  it('checks a payment with the server’s settlement rules', () => {
    const split = checkPayment(
      13_315,
      [
        { method: 'card', amountCents: 10_000, reference: 'AUTH123' },
        { method: 'cash', amountCents: 5000 },
      ],
      1,
    );
    expect(split).toEqual({
      ok: true,
      settlement: { dueCents: 13_315, roundingCents: 0, changeDueCents: 1685 },
    });
    expect(checkPayment(1000, [{ method: 'cash', amountCents: 999 }], 1)).toMatchObject({ ok: false });
    expect(checkPayment(1000, [{ method: 'card', amountCents: 1200, reference: 'R' }], 1)).toEqual({
      ok: false,
      problem: 'The card amount is more than is due: only cash can give change.',
    });
    expect(checkPayment(1000, [{ method: 'card', amountCents: 1000, reference: '' }], 1)).toMatchObject({
      ok: false,
    });
    expect(checkPayment(1000, [], 1)).toMatchObject({ ok: false });
  });
});
