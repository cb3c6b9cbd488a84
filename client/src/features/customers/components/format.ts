import type { Customer } from '../api/list-customers';

/** Stored digits read the way people write them: 10 digits as (312) 555-0100, 11 with a leading 1 as +1 …. */
export function formatPhone(phone: string | null): string {
  if (!phone) {
    return '';
  }
  // Older rows may keep a leading + or spaces; what counts is the digits.
  const digits = phone.replace(/\D/g, '');
  const local = digits.length === 11 && digits.startsWith('1') ? digits.slice(1) : digits;
  if (local.length === 10) {
    const text = `(${local.slice(0, 3)}) ${local.slice(3, 6)}-${local.slice(6)}`;
    return local === digits ? text : `+1 ${text}`;
  }
  return phone;
}

export const SPECIES_LABELS: Record<Customer['pets'][number]['species'], string> = {
  dog: 'Dog',
  cat: 'Cat',
  bird: 'Bird',
  fish: 'Fish',
  small_animal: 'Small animal',
  reptile: 'Reptile',
  other: 'Other',
};

/** Whole years (or months under one) from a birth date to today. */
export function ageOf(birthDate: string | null, today = new Date()): string {
  if (!birthDate) {
    return '';
  }
  const [year, month, day] = birthDate.split('-').map(Number) as [number, number, number];
  let months = (today.getFullYear() - year) * 12 + (today.getMonth() + 1 - month);
  if (today.getDate() < day) {
    months -= 1;
  }
  if (months < 12) {
    return months <= 0 ? 'under a month' : `${months} mo`;
  }
  return `${Math.floor(months / 12)} yr`;
}

const DATE_FORMAT = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' });

/** A business date (YYYY-MM-DD) as a calendar date, not shifted by this browser's zone. */
export function formatBusinessDate(date: string): string {
  return DATE_FORMAT.format(new Date(`${date}T00:00:00Z`));
}
