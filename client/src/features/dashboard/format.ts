import { formatMoney } from '../../../../shared/format-money';

/** Money in the stores' currency; with mixed currencies the plain amount (the screen says they are mixed). */
export function money(cents: number, currency: string | null): string {
  if (currency === null) {
    return (cents / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  }
  return formatMoney(cents, currency);
}

export type Delta = { label: string; direction: 'up' | 'down' | 'flat' };

/** Today against last week as "+12 %" / "−5 %" (a real minus sign); "new" when last week had nothing. */
export function delta(today: number, lastWeek: number): Delta {
  if (lastWeek === 0) {
    return today === 0
      ? { label: '±0 %', direction: 'flat' }
      : { label: 'new', direction: today > 0 ? 'up' : 'down' };
  }
  const percent = Math.round(((today - lastWeek) / Math.abs(lastWeek)) * 100);
  if (percent === 0) {
    return { label: '±0 %', direction: 'flat' };
  }
  return percent > 0
    ? { label: `+${percent} %`, direction: 'up' }
    : { label: `−${-percent} %`, direction: 'down' };
}

/** An instant on a store's wall clock, e.g. "9:05 AM". */
export function clockTime(iso: string, timeZone: string | undefined): string {
  return new Intl.DateTimeFormat('en-US', { timeZone, hour: 'numeric', minute: '2-digit' }).format(
    new Date(iso),
  );
}

/** A business date as "Tuesday, Nov 24". */
export function longDate(date: string): string {
  return new Intl.DateTimeFormat('en-US', {
    timeZone: 'UTC',
    weekday: 'long',
    month: 'short',
    day: 'numeric',
  }).format(new Date(`${date}T00:00:00Z`));
}

export function hourLabel(hour: number): string {
  const suffix = hour < 12 ? 'am' : 'pm';
  return `${hour % 12 === 0 ? 12 : hour % 12}${suffix}`;
}

/** Pieces as a count; a weighed product's grams as kilograms ("0.75 kg"), never as 750 "items". */
export function soldQuantity(unit: 'each' | 'weight', quantity: number): string {
  if (unit === 'each') {
    return String(quantity);
  }
  return `${(quantity / 1000).toLocaleString('en-US', { maximumFractionDigits: 3 })} kg`;
}
