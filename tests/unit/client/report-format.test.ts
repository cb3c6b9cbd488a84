import { describe, expect, it } from 'vitest';
import { humanize, kilograms, money, plural } from '../../../client/src/features/reports/format';

describe('report formats', () => {
  it('money in the report currency; mixed currencies (null) as plain numbers', () => {
    expect(money(123_456, 'USD')).toBe('$1,234.56');
    expect(money(-505, 'USD')).toBe('-$5.05');
    expect(money(123_456, null)).toBe('1,234.56');
    expect(money(-5, null)).toBe('-0.05');
  });

  it('weights in kilograms, none as a dash; counts with their noun', () => {
    expect(kilograms(108_620)).toBe('108.620 kg');
    expect(kilograms(0)).toBe('—');
    expect(plural(1, 'void')).toBe('1 void');
    expect(plural(0, 'return')).toBe('0 returns');
    expect(plural(1200, 'shift')).toBe('1,200 shifts');
  });

  it('API values as words', () => {
    expect(humanize('no_receipt_return')).toBe('Return without receipt');
    expect(humanize('count_correction')).toBe('Count correction');
  });
});
