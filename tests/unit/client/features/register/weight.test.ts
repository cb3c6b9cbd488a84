import { describe, expect, it } from 'vitest';
import { formatKilograms, parseWeightInput } from '../../../../../client/src/features/register/weight';

describe('parseWeightInput', () => {
  it('reads whole numbers as grams and numbers with decimals as kilograms', () => {
    expect(parseWeightInput('750')).toBe(750);
    expect(parseWeightInput(' 750 g ')).toBe(750);
    expect(parseWeightInput('750G')).toBe(750);
    expect(parseWeightInput('0.75 kg')).toBe(750);
    expect(parseWeightInput('0.75')).toBe(750);
    expect(parseWeightInput('0,75')).toBe(750);
    expect(parseWeightInput('1.5')).toBe(1500);
    expect(parseWeightInput('2kg')).toBe(2000);
    expect(parseWeightInput('0.001 kg')).toBe(1);
    expect(parseWeightInput('1000 kg')).toBe(1_000_000);
  });

  it('refuses what is not a weight from 1 g to 1000 kg, or finer than a gram', () => {
    for (const text of [
      '',
      'kg',
      'abc',
      '-5',
      '0',
      '0 g',
      '0.0004',
      '0.7505 kg',
      '1.5 g',
      '1000.001 kg',
      '1e3',
      '1 000',
    ]) {
      expect(parseWeightInput(text), text).toBeNull();
    }
  });
});

describe('formatKilograms', () => {
  it('shows grams as kilograms with three decimals', () => {
    expect(formatKilograms(750)).toBe('0.750 kg');
    expect(formatKilograms(12345)).toBe('12.345 kg');
  });
});
