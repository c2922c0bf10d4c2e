import type { FrequencyRule, PeriodCalendar, PeriodUnit } from '../committees/committee-rules';
import { DateRange, LocalDate, addDays, addMonths, intersection, localDate, monthOf, yearOf } from './local-date';

/**
 * Periods of a frequency rule ("au moins une fois par trimestre"). Three calendars:
 * - civil: from 1 January — quarters Jan–Mar…, semesters Jan–Jun and Jul–Dec, the year;
 * - school: from 1 September — terms Sep–Dec, Jan–Mar, Apr–Aug ("une fois par trimestre" as a
 *   school director reads it), semesters Sep–Jan and Feb–Aug, the school year Sep–Aug;
 * - signature: periods of 3, 6, 12 or N months counted from the convention's start date.
 * "months" periods (N months) restart each civil or school year; the year's last one is cut short
 * when N does not divide 12.
 */
export type PeriodScheme = Pick<FrequencyRule, 'period' | 'calendar' | 'months'>;

export interface Period {
  /** Unique within a scheme: "2024-T1", "2024-2025-S2", "2024", "2024-2025", "S3" (signature). */
  key: string;
  /** French, as people call it: "1er trimestre scolaire 2024-2025", "2e semestre 2024". */
  label: string;
  /** First and last day, both inclusive. */
  start: LocalDate;
  end: LocalDate;
}

interface Slice {
  /** Months from the start of the (civil or school) year. */
  offset: number;
  months: number;
}

const SCHOOL_YEAR_FIRST_MONTH = 9;

/** Why a scheme cannot produce periods, or null when it can. For definition-file validation. */
export function periodSchemeProblem(scheme: PeriodScheme): string | null {
  if (scheme.period !== 'months') {
    return null;
  }
  if (scheme.months === null || !Number.isInteger(scheme.months) || scheme.months < 1) {
    return 'a period of "months" needs months, a whole number of at least 1';
  }
  if (scheme.calendar !== 'signature' && scheme.months > 12) {
    return `periods of ${scheme.months} months cannot restart every ${scheme.calendar} year; count them from the signature`;
  }
  return null;
}

function assertUsable(scheme: PeriodScheme): void {
  const problem = periodSchemeProblem(scheme);
  if (problem) {
    throw new RangeError(problem);
  }
}

/** Length of one period in months (before any cut at a year's end). */
export function periodMonths(scheme: PeriodScheme): number {
  assertUsable(scheme);
  const byUnit: Record<Exclude<PeriodUnit, 'months'>, number> = { quarter: 3, semester: 6, year: 12 };
  return scheme.period === 'months' ? (scheme.months as number) : byUnit[scheme.period];
}

function yearSlices(scheme: PeriodScheme): Slice[] {
  if (scheme.calendar === 'school' && scheme.period === 'quarter') {
    return [
      { offset: 0, months: 4 },
      { offset: 4, months: 3 },
      { offset: 7, months: 5 },
    ];
  }
  if (scheme.calendar === 'school' && scheme.period === 'semester') {
    return [
      { offset: 0, months: 5 },
      { offset: 5, months: 7 },
    ];
  }
  const length = periodMonths(scheme);
  const slices: Slice[] = [];
  for (let offset = 0; offset < 12; offset += length) {
    slices.push({ offset, months: Math.min(length, 12 - offset) });
  }
  return slices;
}

function ordinal(rank: number, feminine: boolean): string {
  if (rank === 1) {
    return feminine ? '1re' : '1er';
  }
  return `${rank}e`;
}

function unitWords(scheme: PeriodScheme, rank: number): { code: string; words: string } {
  switch (scheme.period) {
    case 'quarter':
      return { code: 'T', words: `${ordinal(rank, false)} trimestre` };
    case 'semester':
      return { code: 'S', words: `${ordinal(rank, false)} semestre` };
    case 'year':
      return { code: 'A', words: `${ordinal(rank, true)} année` };
    case 'months':
      return { code: 'P', words: `${ordinal(rank, true)} période de ${scheme.months} mois` };
  }
}

function calendarYearPeriod(scheme: PeriodScheme, year: number, index: number): Period {
  const slices = yearSlices(scheme);
  const slice = slices[index];
  const school = scheme.calendar === 'school';
  const yearStart = localDate(year, school ? SCHOOL_YEAR_FIRST_MONTH : 1, 1);
  const start = addMonths(yearStart, slice.offset);
  const end = addDays(addMonths(yearStart, slice.offset + slice.months), -1);
  const yearKey = school ? `${year}-${year + 1}` : `${year}`;
  if (scheme.period === 'year') {
    return { key: yearKey, label: school ? `année scolaire ${yearKey}` : `année ${yearKey}`, start, end };
  }
  const rank = index + 1;
  const { code, words } = unitWords(scheme, rank);
  const label =
    scheme.period === 'months'
      ? `${words} de l’année ${school ? 'scolaire ' : ''}${yearKey}`
      : `${words} ${school ? 'scolaire ' : ''}${yearKey}`;
  return { key: `${yearKey}-${code}${rank}`, label, start, end };
}

function calendarYearOf(date: LocalDate, calendar: PeriodCalendar): number {
  const year = yearOf(date);
  return calendar === 'school' && monthOf(date) < SCHOOL_YEAR_FIRST_MONTH ? year - 1 : year;
}

function signaturePeriod(scheme: PeriodScheme, signatureStart: LocalDate, index: number): Period {
  const length = periodMonths(scheme);
  // Each boundary is counted from the start itself, never from the previous boundary, so a start
  // on 31 January keeps returning to the month's last day instead of drifting to the 28th.
  const start = addMonths(signatureStart, index * length);
  const end = addDays(addMonths(signatureStart, (index + 1) * length), -1);
  const rank = index + 1;
  const { code, words } = unitWords(scheme, rank);
  return { key: `${code}${rank}`, label: `${words} de la convention`, start, end };
}

function signatureIndexOf(date: LocalDate, scheme: PeriodScheme, signatureStart: LocalDate): number {
  const length = periodMonths(scheme);
  const monthsApart = (yearOf(date) - yearOf(signatureStart)) * 12 + monthOf(date) - monthOf(signatureStart);
  let index = Math.max(0, Math.floor(monthsApart / length) - 1);
  while (signaturePeriod(scheme, signatureStart, index).end < date) {
    index += 1;
  }
  return index;
}

function requireSignatureStart(signatureStart: LocalDate | null | undefined): LocalDate {
  if (!signatureStart) {
    throw new RangeError('periods counted from the signature need the convention’s start date');
  }
  return signatureStart;
}

/**
 * The period a day belongs to. For the signature calendar, null before the convention's start
 * date: no period exists then.
 */
export function periodContaining(date: LocalDate, scheme: PeriodScheme, signatureStart?: LocalDate | null): Period | null {
  assertUsable(scheme);
  if (scheme.calendar === 'signature') {
    const anchor = requireSignatureStart(signatureStart);
    return date < anchor ? null : signaturePeriod(scheme, anchor, signatureIndexOf(date, scheme, anchor));
  }
  const year = calendarYearOf(date, scheme.calendar);
  const slices = yearSlices(scheme);
  for (let index = 0; index < slices.length; index += 1) {
    const period = calendarYearPeriod(scheme, year, index);
    if (period.start <= date && date <= period.end) {
      return period;
    }
  }
  throw new Error(`no ${scheme.calendar} ${scheme.period} period contains ${date}`);
}

/** Every period sharing at least one day with the range, in order. */
export function periodsOverlapping(range: DateRange, scheme: PeriodScheme, signatureStart?: LocalDate | null): Period[] {
  assertUsable(scheme);
  if (range.end < range.start) {
    return [];
  }
  const periods: Period[] = [];
  if (scheme.calendar === 'signature') {
    const anchor = requireSignatureStart(signatureStart);
    if (range.end < anchor) {
      return [];
    }
    const first = range.start < anchor ? 0 : signatureIndexOf(range.start, scheme, anchor);
    for (let index = first; ; index += 1) {
      const period = signaturePeriod(scheme, anchor, index);
      if (period.start > range.end) {
        break;
      }
      periods.push(period);
    }
    return periods;
  }
  const slices = yearSlices(scheme);
  for (let year = calendarYearOf(range.start, scheme.calendar); year <= calendarYearOf(range.end, scheme.calendar); year += 1) {
    for (let index = 0; index < slices.length; index += 1) {
      const period = calendarYearPeriod(scheme, year, index);
      if (intersection(period, range)) {
        periods.push(period);
      }
    }
  }
  return periods;
}
