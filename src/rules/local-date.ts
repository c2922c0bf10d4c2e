import { DateTime } from 'luxon';

/**
 * A day as people of a territory name it, `YYYY-MM-DD`, with no time and no zone. Conventions speak
 * in such days ("15 jours avant", "par trimestre"); instants only meet them through a zone.
 */
export type LocalDate = string;

/** Both ends inclusive, as in "du 1er septembre au 31 décembre". */
export interface DateRange {
  start: LocalDate;
  end: LocalDate;
}

const LOCAL_DATE_SHAPE = /^\d{4}-\d{2}-\d{2}$/;

// Day arithmetic runs in UTC, where every day lasts 24 hours; zones only matter at the edges.
function day(date: LocalDate): DateTime {
  const parsed = LOCAL_DATE_SHAPE.test(date) ? DateTime.fromISO(date, { zone: 'utc' }) : null;
  if (!parsed?.isValid) {
    throw new RangeError(`${JSON.stringify(date)} is not a local date (YYYY-MM-DD)`);
  }
  return parsed;
}

function zoned(instant: Date, zone: string): DateTime {
  const value = DateTime.fromJSDate(instant, { zone });
  if (!value.isValid) {
    throw new RangeError(`cannot read ${String(instant)} in zone ${JSON.stringify(zone)}: ${value.invalidExplanation ?? value.invalidReason}`);
  }
  return value;
}

export function isLocalDate(value: string): boolean {
  return LOCAL_DATE_SHAPE.test(value) && DateTime.fromISO(value, { zone: 'utc' }).isValid;
}

/** The day an instant falls on for people living in `zone`. */
export function localDateOf(instant: Date, zone: string): LocalDate {
  return zoned(instant, zone).toISODate() as LocalDate;
}

export function addDays(date: LocalDate, days: number): LocalDate {
  return day(date).plus({ days }).toISODate() as LocalDate;
}

/**
 * Adds calendar months the way a "de date à date" term is counted: the same day number, or the
 * last day of the month when it has no such day (31 January + 1 month = 28 or 29 February).
 */
export function addMonths(date: LocalDate, months: number): LocalDate {
  return day(date).plus({ months }).toISODate() as LocalDate;
}

/** `to − from` in days: 0 for the same day, negative when `to` comes first. */
export function daysBetween(from: LocalDate, to: LocalDate): number {
  return Math.round(day(to).diff(day(from), 'days').days);
}

/** Number of days of an inclusive range; 0 when it is empty (end before start). */
export function daysIn(range: DateRange): number {
  return Math.max(0, daysBetween(range.start, range.end) + 1);
}

/** ISO day of the week: 1 Monday … 7 Sunday. */
export function dayOfWeek(date: LocalDate): number {
  return day(date).weekday;
}

export function yearOf(date: LocalDate): number {
  return day(date).year;
}

export function monthOf(date: LocalDate): number {
  return day(date).month;
}

export function localDate(year: number, month: number, dayOfMonth: number): LocalDate {
  const value = DateTime.utc(year, month, dayOfMonth);
  if (!value.isValid || value.month !== month || value.day !== dayOfMonth) {
    throw new RangeError(`${year}-${month}-${dayOfMonth} is not a day of the calendar`);
  }
  return value.toISODate() as LocalDate;
}

export function lastDayOfMonth(year: number, month: number): LocalDate {
  return DateTime.utc(year, month, 1).endOf('month').toISODate() as LocalDate;
}

export function earlier(a: LocalDate, b: LocalDate): LocalDate {
  return a <= b ? a : b;
}

export function later(a: LocalDate, b: LocalDate): LocalDate {
  return a >= b ? a : b;
}

export function isWithin(date: LocalDate, range: DateRange): boolean {
  return range.start <= date && date <= range.end;
}

/** The days both ranges share, or null when they share none. */
export function intersection(a: DateRange, b: DateRange): DateRange | null {
  const start = later(a.start, b.start);
  const end = earlier(a.end, b.end);
  return start <= end ? { start, end } : null;
}

export function eachDay(range: DateRange): LocalDate[] {
  const days: LocalDate[] = [];
  for (let date = range.start; date <= range.end; date = addDays(date, 1)) {
    days.push(date);
  }
  return days;
}

/**
 * The instant a wall-clock time of a local day happens in `zone`. A time that does not exist (the
 * hour skipped when clocks go forward) moves forward by the gap, as clocks do.
 */
export function instantAt(date: LocalDate, time: string, zone: string): Date {
  const match = /^(\d{2}):(\d{2})$/.exec(time);
  if (!match) {
    throw new RangeError(`${JSON.stringify(time)} is not a wall-clock time (HH:mm)`);
  }
  const value = day(date).setZone(zone, { keepLocalTime: true }).set({ hour: Number(match[1]), minute: Number(match[2]) });
  if (!value.isValid) {
    throw new RangeError(`cannot place ${date} ${time} in zone ${JSON.stringify(zone)}`);
  }
  return value.toJSDate();
}

/** The instant a local day begins in `zone` (midnight, or the first hour that exists). */
export function startOfLocalDay(date: LocalDate, zone: string): Date {
  return instantAt(date, '00:00', zone);
}

/** ISO 8601 with the zone's offset of that moment: `2025-03-31T14:00:00+02:00`. */
export function localDateTimeText(instant: Date, zone: string): string {
  return zoned(instant, zone).toISO({ suppressMilliseconds: true }) as string;
}

/** "lundi 31 mars 2025", for texts read by people. */
export function frenchDate(date: LocalDate): string {
  return day(date).setLocale('fr').toFormat('cccc d LLLL yyyy').replace(/^(\S+) 1 /, '$1 1er ');
}
