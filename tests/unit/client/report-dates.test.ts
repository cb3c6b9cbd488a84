import { describe, expect, it } from 'vitest';
import {
  checkRange,
  chooseTimeZone,
  describeRange,
  isBusinessDate,
  matchPreset,
  presetRange,
  todayIn,
} from '../../../client/src/features/reports/report-dates';

const CHICAGO = 'America/Chicago';
const NEW_YORK = 'America/New_York';

describe('todayIn: the store’s calendar, not this computer’s', () => {
  it('at 04:30 UTC it is still yesterday in New York and Chicago, already today in Tokyo', () => {
    const instant = new Date('2026-11-24T04:30:00Z');
    expect(todayIn(NEW_YORK, instant)).toBe('2026-11-23');
    expect(todayIn(CHICAGO, instant)).toBe('2026-11-23');
    expect(todayIn('Asia/Tokyo', instant)).toBe('2026-11-24');
    expect(todayIn('UTC', instant)).toBe('2026-11-24');
  });

  it('at 05:30 UTC New York has turned the day and Chicago has not', () => {
    const instant = new Date('2026-11-24T05:30:00Z');
    expect(todayIn(NEW_YORK, instant)).toBe('2026-11-24');
    expect(todayIn(CHICAGO, instant)).toBe('2026-11-23');
  });

  it('follows daylight saving: midnight in Chicago is 05:00 UTC in summer and 06:00 UTC in winter', () => {
    // Spring forward (Sunday 2026-03-08): before it Chicago is UTC−6.
    expect(todayIn(CHICAGO, new Date('2026-03-08T05:30:00Z'))).toBe('2026-03-07');
    expect(todayIn(CHICAGO, new Date('2026-03-08T06:30:00Z'))).toBe('2026-03-08');
    // After it, UTC−5: 05:30 UTC is already 00:30 on the 9th.
    expect(todayIn(CHICAGO, new Date('2026-03-09T05:30:00Z'))).toBe('2026-03-09');
    // Fall back (Sunday 2026-11-01): on the 2nd, 05:30 UTC is 23:30 on the 1st (a fixed −5 would say the 2nd).
    expect(todayIn(CHICAGO, new Date('2026-11-01T05:30:00Z'))).toBe('2026-11-01');
    expect(todayIn(CHICAGO, new Date('2026-11-02T05:30:00Z'))).toBe('2026-11-01');
  });
});

describe('presetRange', () => {
  const tuesday = '2026-11-24';

  it('today and yesterday are single days', () => {
    expect(presetRange('today', tuesday)).toEqual({ from: tuesday, to: tuesday });
    expect(presetRange('yesterday', tuesday)).toEqual({ from: '2026-11-23', to: '2026-11-23' });
    expect(presetRange('yesterday', '2026-03-01')).toEqual({ from: '2026-02-28', to: '2026-02-28' });
  });

  it('weeks run Monday to Sunday; this week stops at today', () => {
    expect(presetRange('this-week', tuesday)).toEqual({ from: '2026-11-23', to: tuesday });
    expect(presetRange('last-week', tuesday)).toEqual({ from: '2026-11-16', to: '2026-11-22' });
    // Sunday belongs to the week that began six days before.
    expect(presetRange('this-week', '2026-11-29')).toEqual({ from: '2026-11-23', to: '2026-11-29' });
    expect(presetRange('last-week', '2026-11-29')).toEqual({ from: '2026-11-16', to: '2026-11-22' });
    // Monday: this week is today alone.
    expect(presetRange('this-week', '2026-11-23')).toEqual({ from: '2026-11-23', to: '2026-11-23' });
  });

  it('a week across the spring-forward Sunday still has seven days', () => {
    expect(presetRange('last-week', '2026-03-10')).toEqual({ from: '2026-03-02', to: '2026-03-08' });
    expect(presetRange('last-week', '2026-11-03')).toEqual({ from: '2026-10-26', to: '2026-11-01' });
  });

  it('weeks and months cross the new year', () => {
    const newYearsDay = '2027-01-01'; // a Friday
    expect(presetRange('this-week', newYearsDay)).toEqual({ from: '2026-12-28', to: newYearsDay });
    expect(presetRange('this-month', newYearsDay)).toEqual({ from: newYearsDay, to: newYearsDay });
    expect(presetRange('last-month', newYearsDay)).toEqual({ from: '2026-12-01', to: '2026-12-31' });
  });

  it('last month has its own length, leap February included', () => {
    expect(presetRange('last-month', '2028-03-15')).toEqual({ from: '2028-02-01', to: '2028-02-29' });
    expect(presetRange('last-month', '2027-03-31')).toEqual({ from: '2027-02-01', to: '2027-02-28' });
    expect(presetRange('last-month', tuesday)).toEqual({ from: '2026-10-01', to: '2026-10-31' });
    expect(presetRange('this-month', tuesday)).toEqual({ from: '2026-11-01', to: tuesday });
  });

  it('the same instant gives Chicago and New York different “today”s around midnight', () => {
    const instant = new Date('2026-12-01T05:30:00Z');
    expect(presetRange('this-month', todayIn(NEW_YORK, instant))).toEqual({
      from: '2026-12-01',
      to: '2026-12-01',
    });
    expect(presetRange('this-month', todayIn(CHICAGO, instant))).toEqual({
      from: '2026-11-01',
      to: '2026-11-30',
    });
  });
});

describe('matchPreset', () => {
  it('names the preset a range is, the first that fits, or null for a custom range', () => {
    expect(matchPreset({ from: '2026-11-16', to: '2026-11-22' }, '2026-11-24')).toBe('last-week');
    expect(matchPreset({ from: '2026-11-01', to: '2026-11-24' }, '2026-11-24')).toBe('this-month');
    // On a Monday, this week is also today: today wins.
    expect(matchPreset({ from: '2026-11-23', to: '2026-11-23' }, '2026-11-23')).toBe('today');
    expect(matchPreset({ from: '2026-11-02', to: '2026-11-09' }, '2026-11-24')).toBeNull();
  });
});

describe('isBusinessDate and checkRange', () => {
  it('accepts real YYYY-MM-DD dates only', () => {
    expect(isBusinessDate('2028-02-29')).toBe(true);
    expect(isBusinessDate('2026-02-29')).toBe(false);
    expect(isBusinessDate('2026-02-30')).toBe(false);
    expect(isBusinessDate('2026-2-3')).toBe(false);
    expect(isBusinessDate('')).toBe(false);
    expect(isBusinessDate(null)).toBe(false);
  });

  it('refuses an end before the start and more days than the API allows', () => {
    expect(checkRange({ from: '2026-11-24', to: '2026-11-24' }, 366)).toBeNull();
    expect(checkRange({ from: '2026-11-24', to: '2026-11-23' }, 366)).toMatch(/before the start/);
    expect(checkRange({ from: '2028-01-01', to: '2028-12-31' }, 366)).toBeNull();
    expect(checkRange({ from: '2026-01-01', to: '2027-01-02' }, 366)).toMatch(
      /at most 366 days; this range has 367/,
    );
  });

  it('describes one day or a range', () => {
    expect(describeRange({ from: '2026-11-24', to: '2026-11-24' })).toBe('Nov 24, 2026');
    expect(describeRange({ from: '2026-11-16', to: '2026-11-22' })).toBe('Nov 16, 2026 – Nov 22, 2026');
  });
});

describe('chooseTimeZone', () => {
  const riverside = { id: 'a', name: 'Riverside', timezone: CHICAGO };
  const harbor = { id: 'b', name: 'Harbor', timezone: NEW_YORK };
  const lakeside = { id: 'c', name: 'Lakeside', timezone: CHICAGO };

  it('uses the chosen store’s zone', () => {
    expect(chooseTimeZone([riverside, harbor], 'b', 'Europe/Paris')).toEqual({
      timeZone: NEW_YORK,
      isMixed: false,
      storeName: 'Harbor',
    });
  });

  it('for every store: the first store’s zone, flagged mixed when the zones differ', () => {
    expect(chooseTimeZone([riverside, harbor], '', 'Europe/Paris')).toEqual({
      timeZone: CHICAGO,
      isMixed: true,
      storeName: 'Riverside',
    });
    expect(chooseTimeZone([riverside, lakeside], '', 'Europe/Paris').isMixed).toBe(false);
  });

  it('falls back to this computer’s zone without stores (or with an unknown store and none listed)', () => {
    expect(chooseTimeZone([], '', 'Europe/Paris')).toEqual({
      timeZone: 'Europe/Paris',
      isMixed: false,
      storeName: null,
    });
    expect(chooseTimeZone([], 'zzz', 'Europe/Paris').timeZone).toBe('Europe/Paris');
  });
});
