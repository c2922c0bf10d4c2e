import { shippedSchoolHolidays } from '../school-holidays/school-holidays.store';
import { lastDayToConvene } from './frequency.rule';
import { PlanningInput, proposePlanning } from './planning.rule';
import { NO_SCHOOL_HOLIDAYS, schoolHolidayCalendar, schoolYearOf, schoolZoneOf } from './school-holidays.rule';
import { conventionValidity } from './validity.rule';
import { holidaysOf } from './working-days.rule';

const metropole = holidaysOf({ country: 'FR' });
const zoneA = schoolHolidayCalendar('A', shippedSchoolHolidays());
const zoneC = schoolHolidayCalendar('C', shippedSchoolHolidays());

/** A Lyon committee (zone A) signed on 3 June 2024 for 60 months, planned on 20 June 2025 with 8 days' notice. */
const lyonPlanning = (overrides: Partial<PlanningInput>): PlanningInput => ({
  rule: { minimum: 1, period: 'year', calendar: 'school', months: null },
  validity: conventionValidity({ signedOn: '2024-06-03', effectiveFrom: null, durationMonths: 60, endsOn: null, tacitRenewal: false, terminatedOn: null }),
  year: { calendar: 'school', year: 2025 },
  notice: { days: 8, dayKind: 'calendar' },
  now: new Date('2025-06-20T10:00:00Z'),
  zone: 'Europe/Paris',
  holidays: metropole,
  schoolHolidays: zoneA,
  ...overrides,
});

describe('school holidays of a zone', () => {
  it('knows the shipped holidays, from the first day without school to the day before classes resume', () => {
    expect(zoneA.holidayOn('2024-10-19')).toBe('Vacances de la Toussaint 2024-2025');
    expect(zoneA.holidayOn('2024-11-03')).toBe('Vacances de la Toussaint 2024-2025');
    expect(zoneA.holidayOn('2024-11-04')).toBeNull();
    // Winter holidays differ by zone: A from 22 February 2025, C from 15 February.
    expect(zoneA.holidayOn('2025-02-17')).toBeNull();
    expect(zoneC.holidayOn('2025-02-17')).toBe("Vacances d'Hiver 2024-2025");
    expect(zoneA.holidayOn('2025-08-31')).toBe("Vacances d'Été 2024-2025");
  });

  it('says which school years it knows', () => {
    expect(zoneA.covers('2025-06-01')).toBe(true);
    expect(zoneA.covers('2027-01-10')).toBe(true);
    expect(zoneA.covers('2028-09-10')).toBe(false);
    expect(schoolYearOf('2025-08-31')).toBe('2024-2025');
    expect(schoolYearOf('2025-09-01')).toBe('2025-2026');
    expect(NO_SCHOOL_HOLIDAYS.holidayOn('2025-08-15')).toBeNull();
  });

  it('finds the zone of an académie as the conventions name it, else of an overseas territory', () => {
    expect(schoolZoneOf(['Académie de Grenoble'], 'FR')).toBe('A');
    expect(schoolZoneOf(["Académie d'Amiens"], 'FR')).toBe('B');
    expect(schoolZoneOf(['Académie de Montpellier'], 'FR')).toBe('C');
    expect(schoolZoneOf(['Académie de La Réunion'], 'RE')).toBe('Réunion');
    expect(schoolZoneOf([], 'GF')).toBe('Guyane');
    expect(schoolZoneOf(['Somme numérique'], 'FR')).toBeNull();
  });
});

describe('school holidays in the rules', () => {
  it('puts the last day to convene of a school year before the summer holidays, not in them', () => {
    const schoolYear = { start: '2024-09-01', end: '2025-08-31' };
    const notice = { days: 15, dayKind: 'calendar' as const };
    expect(lastDayToConvene(schoolYear, notice, metropole)).toBe('2025-08-14');
    // Classes end on Saturday 5 July 2025: the last meeting day is Friday 4 July, 15 days after 19 June.
    expect(lastDayToConvene(schoolYear, notice, metropole, zoneA)).toBe('2025-06-19');
  });

  it('proposes no date in the school holidays, and says why a date moved', () => {
    const plan = proposePlanning(lyonPlanning({ rule: { minimum: 1, period: 'quarter', calendar: 'school', months: null } }));
    const dates = plan.periods.flatMap((period) => period.proposals.map((proposal) => proposal.localDate));
    expect(dates).toHaveLength(3);
    for (const date of dates) expect([date, zoneA.holidayOn(date)]).toEqual([date, null]);
    // The third term runs April–August: its middle, in June, is fine; the first (Sep–Dec) moves off nothing.
    const third = plan.periods[2];
    expect(third.proposals[0].localDate < '2026-07-04').toBe(true);
    const monthly = proposePlanning(lyonPlanning({ rule: { minimum: 1, period: 'months', calendar: 'civil', months: 1 }, year: { calendar: 'civil', year: 2025 } }));
    const july = monthly.periods.find((period) => period.period.key === '2025-P7');
    const august = monthly.periods.find((period) => period.period.key === '2025-P8');
    // Classes end on Saturday 5 July: the middle of July moves back to Friday 4 July.
    expect(july?.proposals.map((proposal) => proposal.localDate)).toEqual(['2025-07-04']);
    expect(july?.reasons).toContain("moved from 2025-07-16 to 2025-07-04: 2025-07-16 falls in the school holidays of zone A (Vacances d'Été 2024-2025)");
    // August is all holidays.
    expect(august?.status).toBe('no_free_day');
  });

  it('warns when the school holidays of the year are not known', () => {
    const plan = proposePlanning(lyonPlanning({ year: { calendar: 'school', year: 2027 } }));
    expect(plan.periods[0].reasons.join(' ')).toMatch(/school holidays of zone A are not known/);
  });
});
