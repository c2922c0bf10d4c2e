import type { FindOptionsSelect } from 'typeorm';
import type { Convention } from '../conventions/convention.entity';
import { LocalDate, localDateOf } from '../rules/local-date';
import { Validity, conventionValidity, describeValidity } from '../rules/validity.rule';
import { HolidayCalendar, holidaysOf } from '../rules/working-days.rule';

/** The columns of a convention that compliance and planning read. */
export type ConventionFacts = Pick<
  Convention,
  | 'id'
  | 'reference'
  | 'timeZone'
  | 'holidayCountry'
  | 'holidayRegion'
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

/** Validity, holidays and today of a convention; `on` replaces today when given. */
export function conventionContext(facts: ConventionFacts, now: Date, on?: LocalDate): ConventionContext {
  return {
    facts,
    validity: conventionValidity(facts),
    holidays: territoryHolidays(facts),
    today: on ?? localDateOf(now, facts.timeZone),
  };
}

export function validityView(validity: Validity): { start: LocalDate | null; end: LocalDate | null; description: string } {
  return { start: validity.start, end: validity.end, description: describeValidity(validity) };
}
