import { addDays, businessDateAt, dayOfWeek } from '../../../../shared/time';

export const DATE_PRESETS = [
  'today',
  'yesterday',
  'this-week',
  'last-week',
  'this-month',
  'last-month',
] as const;
export type DatePreset = (typeof DATE_PRESETS)[number];

export const DATE_PRESET_LABELS: Record<DatePreset, string> = {
  today: 'Today',
  yesterday: 'Yesterday',
  'this-week': 'This week',
  'last-week': 'Last week',
  'this-month': 'This month',
  'last-month': 'Last month',
};

/** Business dates (YYYY-MM-DD), both inclusive. */
export type DateRange = { from: string; to: string };

/** A real calendar date written YYYY-MM-DD (2026-02-30 is not one). */
export function isBusinessDate(value: string | null | undefined): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    return false;
  }
  return addDays(value, 0) === value;
}

/** The store's calendar date now: "today" is the store's today, not this computer's. */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  return businessDateAt(now, timeZone);
}

/** Weeks start on Monday: "this week" is Monday to today. */
function mondayOf(date: string): string {
  return addDays(date, -((dayOfWeek(date) + 6) % 7));
}

function firstOfMonth(date: string): string {
  return `${date.slice(0, 8)}01`;
}

/** The range a preset covers, counted from `today` (a business date in the chosen store's zone). */
export function presetRange(preset: DatePreset, today: string): DateRange {
  switch (preset) {
    case 'today':
      return { from: today, to: today };
    case 'yesterday': {
      const yesterday = addDays(today, -1);
      return { from: yesterday, to: yesterday };
    }
    case 'this-week':
      return { from: mondayOf(today), to: today };
    case 'last-week': {
      const monday = addDays(mondayOf(today), -7);
      return { from: monday, to: addDays(monday, 6) };
    }
    case 'this-month':
      return { from: firstOfMonth(today), to: today };
    case 'last-month': {
      const lastDay = addDays(firstOfMonth(today), -1);
      return { from: firstOfMonth(lastDay), to: lastDay };
    }
  }
}

/** Which preset a range is today, if any (the first that fits: on a Monday "this week" is also "today"). */
export function matchPreset(range: DateRange, today: string): DatePreset | null {
  return (
    DATE_PRESETS.find((preset) => {
      const candidate = presetRange(preset, today);
      return candidate.from === range.from && candidate.to === range.to;
    }) ?? null
  );
}

const dayFormat = new Intl.DateTimeFormat('en-US', {
  timeZone: 'UTC',
  month: 'short',
  day: 'numeric',
  year: 'numeric',
});

function formatDay(date: string): string {
  return dayFormat.format(new Date(`${date}T00:00:00Z`));
}

/** "Nov 16, 2026 – Nov 22, 2026", or one day alone. */
export function describeRange(range: DateRange): string {
  return range.from === range.to
    ? formatDay(range.from)
    : `${formatDay(range.from)} – ${formatDay(range.to)}`;
}

export type ZoneChoice = {
  timeZone: string;
  /** The stores covered do not all share this zone (the presets follow the first store's). */
  isMixed: boolean;
  /** The store whose zone it is; null for this computer's zone (no store at all). */
  storeName: string | null;
};

type ZonedStore = { id: string; name: string; timezone: string };

/**
 * The time zone the presets count "today" in: the chosen store's; for every store, theirs when they agree,
 * else the first store's (the screen says so); this computer's only when there is no store.
 */
export function chooseTimeZone(
  stores: readonly ZonedStore[],
  storeId: string,
  browserZone: string = Intl.DateTimeFormat().resolvedOptions().timeZone,
): ZoneChoice {
  const chosen = storeId === '' ? undefined : stores.find((store) => store.id === storeId);
  if (chosen) {
    return { timeZone: chosen.timezone, isMixed: false, storeName: chosen.name };
  }
  const first = stores[0];
  if (!first) {
    return { timeZone: browserZone, isMixed: false, storeName: null };
  }
  return {
    timeZone: first.timezone,
    isMixed: stores.some((store) => store.timezone !== first.timezone),
    storeName: first.name,
  };
}

/** Why the API would refuse a range (checked here first so the screen can say it next to the dates). */
export function checkRange(range: DateRange, maxDays: number): string | null {
  if (range.to < range.from) {
    return 'The end date is before the start date.';
  }
  const days = (Date.parse(`${range.to}T00:00:00Z`) - Date.parse(`${range.from}T00:00:00Z`)) / 86_400_000 + 1;
  if (days > maxDays) {
    return `A report covers at most ${maxDays} days; this range has ${days}.`;
  }
  return null;
}
