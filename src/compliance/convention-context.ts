import type { FindOptionsSelect } from 'typeorm';
import type { Convention } from '../conventions/convention.entity';
import { LocalDate, localDateOf } from '../rules/local-date';
import { Validity, conventionValidity, describeValidity } from '../rules/validity.rule';
import { HolidayCalendar, holidaysOf } from '../rules/working-days.rule';
import { NO_SCHOOL_HOLIDAYS, SchoolHolidayCalendar, SchoolZone } from '../rules/school-holidays.rule';

/** The columns of a convention that compliance and planning read. */
export type ConventionFacts = Pick<
  Convention,
  | 'id'
  | 'reference'
  | 'timeZone'
  | 'holidayCountry'
  | 'holidayRegion'
  | 'schoolZone'
  | 'signedOn'
  | 'effectiveFrom'
  | 'durationMonths'
  | 'endsOn'
  | 'tacitRenewal'
  | 'terminatedOn'
>;

export const CONVENTION_FACT_COLUMNS: FindOptionsSelect<Convention> = {
  id: true,
  reference: true,
  timeZone: true,
  holidayCountry: true,
  holidayRegion: true,
  schoolZone: true,
  signedOn: true,
  effectiveFrom: true,
  durationMonths: true,
  endsOn: true,
  tacitRenewal: true,
  terminatedOn: true,
};

export interface ConventionContext {
  facts: ConventionFacts;
  validity: Validity;
  holidays: HolidayCalendar;
  /** The school holidays of the convention's zone (none known without a zone). */
  schoolHolidays: SchoolHolidayCalendar;
  today: LocalDate;
}

/** A territory date-holidays does not know has, for copil, no public holidays, rather than an error. */
class NoHolidays implements HolidayCalendar {
  constructor(readonly territory: string) {}

  holidayOn(): string | null {
    return null;
  }
}

export function territoryHolidays(facts: Pick<ConventionFacts, 'holidayCountry' | 'holidayRegion'>): HolidayCalendar {
  try {
    return holidaysOf({ country: facts.holidayCountry, region: facts.holidayRegion });
  } catch {
    return new NoHolidays(facts.holidayRegion ? `${facts.holidayCountry}-${facts.holidayRegion}` : facts.holidayCountry);
  }
}

/**
 * Validity, holidays and today of a convention; `on` replaces today when given. `schoolHolidays`
 * holds the calendars of the zones (school-holidays.store.ts), read by the caller once for all
 * its conventions.
 */
export function conventionContext(
  facts: ConventionFacts,
  now: Date,
  on?: LocalDate,
  schoolHolidays?: ReadonlyMap<SchoolZone, SchoolHolidayCalendar>,
): ConventionContext {
  return {
    facts,
    validity: conventionValidity(facts),
    holidays: territoryHolidays(facts),
    schoolHolidays: (facts.schoolZone && schoolHolidays?.get(facts.schoolZone)) || NO_SCHOOL_HOLIDAYS,
    today: on ?? localDateOf(now, facts.timeZone),
  };
}

export function validityView(validity: Validity): { start: LocalDate | null; end: LocalDate | null; description: string } {
  return { start: validity.start, end: validity.end, description: describeValidity(validity) };
}
