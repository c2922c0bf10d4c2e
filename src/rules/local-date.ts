import { DateTime, IANAZone } from 'luxon';

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

// Day arithmetic counts days from 1970-01-01 in the proleptic Gregorian calendar, where every day
// lasts a day; zones only matter at the edges. Plain integers, not luxon objects: the compliance
// report does this arithmetic a few hundred thousand times, and luxon's parsing and normalizing
// took most of its time. The results are luxon's (local-date.spec.ts compares them day by day).
interface CivilDay {
  year: number;
  month: number;
  day: number;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function civil(date: LocalDate): CivilDay {
  if (LOCAL_DATE_SHAPE.test(date)) {
    const year = Number(date.slice(0, 4));
    const month = Number(date.slice(5, 7));
    const dayOfMonth = Number(date.slice(8, 10));
    if (month >= 1 && month <= 12 && dayOfMonth >= 1 && dayOfMonth <= daysInMonth(year, month)) return { year, month, day: dayOfMonth };
  }
  throw new RangeError(`${JSON.stringify(date)} is not a local date (YYYY-MM-DD)`);
}

/** Days from 1970-01-01 (H. Hinnant's days_from_civil). */
function epochDay({ year, month, day: dayOfMonth }: CivilDay): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + dayOfMonth - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

/** The day `days` after 1970-01-01 (H. Hinnant's civil_from_days). */
function civilOf(days: number): CivilDay {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shiftedMonth = Math.floor((5 * dayOfYear + 2) / 153);
  const month = shiftedMonth + (shiftedMonth < 10 ? 3 : -9);
  return { year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day: dayOfYear - Math.floor((153 * shiftedMonth + 2) / 5) + 1 };
}

function text({ year, month, day: dayOfMonth }: CivilDay): LocalDate {
  // Beyond four digits, ISO 8601 writes a sign and six: luxon's way.
  if (year < 0 || year > 9999) return DateTime.utc(year, month, dayOfMonth).toISODate() as LocalDate;
  return `${String(year).padStart(4, '0')}-${month < 10 ? '0' : ''}${month}-${dayOfMonth < 10 ? '0' : ''}${dayOfMonth}`;
}

/** Instants whose ISO text has a four-digit year in every zone: from the year 1000 to the year 9000. */
const PLAIN_FROM = Date.UTC(1000, 0, 2);
const PLAIN_UNTIL = Date.UTC(9000, 0, 1);

/**
 * The wall-clock reading of an instant in a zone, as the UTC fields of the returned date: the
 * instant shifted by the zone's offset at that instant. One offset lookup (luxon keeps a formatter
 * per zone) instead of a luxon DateTime: convening, sending and every list of meetings read days and
 * hours this way many times. The offset is luxon's own, so the reading is luxon's. Null for a zone
 * luxon does not know, or an instant outside the years 1000 to 9000: luxon writes those.
 */
export function wallClock(instant: Date, zone: string): Date | null {
  const millis = instant.getTime();
  if (!(millis >= PLAIN_FROM && millis < PLAIN_UNTIL)) return null;
  const offsets = IANAZone.create(zone);
  if (!offsets.isValid) return null;
  return new Date(millis + offsets.offset(millis) * 60_000);
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
  const wall = wallClock(instant, zone);
  if (wall) return text({ year: wall.getUTCFullYear(), month: wall.getUTCMonth() + 1, day: wall.getUTCDate() });
  return zoned(instant, zone).toISODate() as LocalDate;
}

export function addDays(date: LocalDate, days: number): LocalDate {
  return text(civilOf(epochDay(civil(date)) + wholeNumber(days, 'days')));
}

/** A count of days or months, refused when it is not a whole number (where luxon threw, not a day like « NaN-NaN-NaN »). */
function wholeNumber(count: number, what: string): number {
  if (!Number.isInteger(count)) throw new RangeError(`${what} must be a whole number, not ${count}`);
  return count;
}

/**
 * Adds calendar months the way a "de date à date" term is counted: the same day number, or the
 * last day of the month when it has no such day (31 January + 1 month = 28 or 29 February).
 */
export function addMonths(date: LocalDate, months: number): LocalDate {
  const { year, month, day: dayOfMonth } = civil(date);
  const monthIndex = year * 12 + month - 1 + wholeNumber(months, 'months');
  const toYear = Math.floor(monthIndex / 12);
  const toMonth = monthIndex - toYear * 12 + 1;
  return text({ year: toYear, month: toMonth, day: Math.min(dayOfMonth, daysInMonth(toYear, toMonth)) });
}

/** `to − from` in days: 0 for the same day, negative when `to` comes first. */
export function daysBetween(from: LocalDate, to: LocalDate): number {
  return epochDay(civil(to)) - epochDay(civil(from));
}

/** Number of days of an inclusive range; 0 when it is empty (end before start). */
export function daysIn(range: DateRange): number {
  return Math.max(0, daysBetween(range.start, range.end) + 1);
}

/** ISO day of the week: 1 Monday … 7 Sunday. */
export function dayOfWeek(date: LocalDate): number {
  const days = epochDay(civil(date));
  return ((((days + 3) % 7) + 7) % 7) + 1;
}

export function yearOf(date: LocalDate): number {
  return civil(date).year;
}

export function monthOf(date: LocalDate): number {
  return civil(date).month;
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
  const { year, month, day: dayOfMonth } = civil(date);
  const value = DateTime.utc(year, month, dayOfMonth).setZone(zone, { keepLocalTime: true }).set({ hour: Number(match[1]), minute: Number(match[2]) });
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
  const day = civil(date);
  const { year, month, day: dayOfMonth } = day;
  if (year < 1000 || year > 9999) return DateTime.utc(year, month, dayOfMonth).setLocale('fr').toFormat('cccc d LLLL yyyy').replace(/^(\S+) 1 /, '$1 1er ');
  // 1970-01-01 was a Thursday.
  const weekday = FRENCH_WEEKDAYS[(((epochDay(day) + 3) % 7) + 7) % 7];
  return `${weekday} ${dayOfMonth === 1 ? '1er' : dayOfMonth} ${FRENCH_MONTHS[month - 1]} ${year}`;
}

/** As luxon writes them in French (local-date.spec.ts compares): Monday first. */
const FRENCH_WEEKDAYS = ['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche'];
const FRENCH_MONTHS = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];
