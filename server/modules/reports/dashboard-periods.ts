import { addDays, businessDateAt, zonedTimeToInstant } from '../../../shared/time';

export type DashboardStorePeriods = {
  /** The store's business date shown as "today". */
  date: string;
  /** The same weekday a week before. */
  lastWeekDate: string;
  /** Last week stops at the same wall-clock time of day; null: the whole day. */
  lastWeekUntil: Date | null;
};

const wallClocks = new Map<string, Intl.DateTimeFormat>();

/** Seconds since the store's local midnight shown on its wall clock at `instant` (milliseconds kept). */
export function wallSecondsOfDay(instant: Date, timeZone: string): number {
  let format = wallClocks.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    wallClocks.set(timeZone, format);
  }
  const parts = Object.fromEntries(
    format.formatToParts(instant).map((part) => [part.type, Number(part.value)]),
  );
  const millis = ((instant.getTime() % 1000) + 1000) % 1000;
  return (parts.hour ?? 0) * 3600 + (parts.minute ?? 0) * 60 + (parts.second ?? 0) + millis / 1000;
}

/**
 * What "today so far against the same weekday last week" means for one store at `now`. When the date is the
 * store's today, last week stops at the current local time of day (the same wall-clock time seven days
 * earlier, DST-aware; today has nothing later yet); any other date compares whole days.
 */
export function dashboardPeriods(now: Date, timeZone: string, date?: string): DashboardStorePeriods {
  const today = businessDateAt(now, timeZone);
  const shown = date ?? today;
  const lastWeekDate = addDays(shown, -7);
  if (shown !== today) {
    return { date: shown, lastWeekDate, lastWeekUntil: null };
  }
  return {
    date: shown,
    lastWeekDate,
    lastWeekUntil: zonedTimeToInstant(lastWeekDate, wallSecondsOfDay(now, timeZone), timeZone),
  };
}
