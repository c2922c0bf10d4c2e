import Holidays from 'date-holidays';
import { LocalDate, addDays, dayOfWeek, yearOf } from './local-date';

/**
 * Public holidays differ by territory: Guyane keeps 10 June, La Réunion 20 December, Alsace-Moselle
 * 26 December. A territory is a date-holidays country code (FR, GF, RE, GP, MQ, YT…) and, where
 * the country has them, a state code (FR "57", "67", "68").
 */
export interface Territory {
  country: string;
  region?: string | null;
}

/** The public holidays of one territory, read by local date. */
export interface HolidayCalendar {
  readonly territory: string;
  /** The French name of the public holiday falling on that day, or null. */
  holidayOn(date: LocalDate): string | null;
  /** The public holidays of a civil year, in order (for queries that need them as a list). */
  holidaysOfYear?(year: number): LocalDate[];
}

export interface DayFlags {
  weekend: boolean;
  holiday: string | null;
}

const registry = new Holidays();

function territoryKey({ country, region }: Territory): string {
  return region ? `${country}-${region}` : country;
}

/** Whether date-holidays knows this country (and state, when given). */
export function isHolidayTerritory({ country, region }: Territory): boolean {
  if (!Object.prototype.hasOwnProperty.call(registry.getCountries('fr'), country)) {
    return false;
  }
  return !region || Object.prototype.hasOwnProperty.call(registry.getStates(country, 'fr') ?? {}, region);
}

class TerritoryHolidays implements HolidayCalendar {
  private readonly byYear = new Map<number, Map<LocalDate, string>>();

  constructor(
    readonly territory: string,
    private readonly source: Holidays,
  ) {}

  holidayOn(date: LocalDate): string | null {
    return this.daysOf(yearOf(date)).get(date) ?? null;
  }

  holidaysOfYear(year: number): LocalDate[] {
    return [...this.daysOf(year).keys()].sort();
  }

  private daysOf(year: number): Map<LocalDate, string> {
    let days = this.byYear.get(year);
    if (!days) {
      days = new Map();
      // `date` is the holiday's local day ("2025-06-10 00:00:00"), whatever zone the process runs in.
      for (const holiday of this.source.getHolidays(year, 'fr')) {
        if (holiday.type === 'public') {
          days.set(holiday.date.slice(0, 10), holiday.name);
        }
      }
      this.byYear.set(year, days);
    }
    return days;
  }
}

// Building a Holidays instance parses the country's rules: do it once per territory.
const calendars = new Map<string, HolidayCalendar>();

/** The public holidays of a territory; throws for a territory date-holidays does not know. */
export function holidaysOf(territory: Territory): HolidayCalendar {
  const key = territoryKey(territory);
  let calendar = calendars.get(key);
  if (!calendar) {
    if (!isHolidayTerritory(territory)) {
      throw new RangeError(`no public holidays are known for territory ${JSON.stringify(key)}`);
    }
    const source = territory.region
      ? new Holidays(territory.country, territory.region, { languages: ['fr'], types: ['public'] })
      : new Holidays(territory.country, { languages: ['fr'], types: ['public'] });
    calendar = new TerritoryHolidays(key, source);
    calendars.set(key, calendar);
  }
  return calendar;
}

export function dayFlags(date: LocalDate, holidays: HolidayCalendar): DayFlags {
  return { weekend: dayOfWeek(date) >= 6, holiday: holidays.holidayOn(date) };
}

/** Monday to Friday, and not a public holiday of the territory. */
export function isWorkingDay(date: LocalDate, holidays: HolidayCalendar): boolean {
  const flags = dayFlags(date, holidays);
  return !flags.weekend && flags.holiday === null;
}

/** Why a day is not worked, or null for a working day. */
export function nonWorkingReason(date: LocalDate, holidays: HolidayCalendar): string | null {
  const flags = dayFlags(date, holidays);
  if (flags.holiday) {
    return `${date} is a public holiday in ${holidays.territory} (${flags.holiday})`;
  }
  return flags.weekend ? `${date} falls on a weekend` : null;
}

/** The last working day on or before `date`, looking back no further than `notBefore`. */
export function workingDayOnOrBefore(date: LocalDate, holidays: HolidayCalendar, notBefore: LocalDate): LocalDate | null {
  for (let day = date; day >= notBefore; day = addDays(day, -1)) {
    if (isWorkingDay(day, holidays)) {
      return day;
    }
  }
  return null;
}

/** The first working day on or after `date`, looking no further than `notAfter`. */
export function workingDayOnOrAfter(date: LocalDate, holidays: HolidayCalendar, notAfter: LocalDate): LocalDate | null {
  for (let day = date; day <= notAfter; day = addDays(day, 1)) {
    if (isWorkingDay(day, holidays)) {
      return day;
    }
  }
  return null;
}

/** The public holidays of a convention's territory, as its definition names it. */
export function holidaysOfConvention(convention: { holidayCountry: string; holidayRegion: string | null }): HolidayCalendar {
  return holidaysOf({ country: convention.holidayCountry, region: convention.holidayRegion });
}
