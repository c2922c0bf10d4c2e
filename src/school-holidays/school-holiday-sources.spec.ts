import snapshot from '../../test/fixtures/vacanza-france-school-2026-2028.json';
import { LocalDate, addDays } from '../rules/local-date';
import { schoolHolidayCalendar } from '../rules/school-holidays.rule';
import { shippedSchoolHolidays } from './school-holidays.store';

type Row = [number, number, number, number, number, number, number];
const BREAKS = ['Vacances de la Toussaint', 'Vacances de Noël', "Vacances d'Hiver", 'Vacances de Printemps', "Pont de l'Ascension", "Vacances d'Été"];

const day = (year: number, month: number, dayOfMonth: number): LocalDate =>
  `${year}-${String(month).padStart(2, '0')}-${String(dayOfMonth).padStart(2, '0')}`;

/** The holiday the cited copy gives each day of a zone, by name. */
function snapshotDays(zone: 'A' | 'B' | 'C'): Map<LocalDate, string> {
  const days = new Map<LocalDate, string>();
  for (const [year, zones] of Object.entries(snapshot.years)) {
    for (const row of zones[zone] as Row[]) {
      const [fromOffset, fromMonth, fromDay, toOffset, toMonth, toDay, kind] = row;
      const last = day(Number(year) + toOffset, toMonth, toDay);
      for (let date = day(Number(year) + fromOffset, fromMonth, fromDay); date <= last; date = addDays(date, 1)) {
        days.set(date, BREAKS[kind]);
      }
    }
  }
  return days;
}

describe('the school years 2026-2027 and 2027-2028 shipped', () => {
  it.each(['A', 'B', 'C'] as const)('agree day by day with the cited copy of the arrêtés in zone %s', (zone) => {
    const shipped = schoolHolidayCalendar(zone, shippedSchoolHolidays());
    const cited = snapshotDays(zone);
    const differences: string[] = [];
    // From the 2026 summer (end of 2025-2026) to the last day the copy knows before the 2028 summer.
    for (let date: LocalDate = '2026-07-01'; date <= '2028-05-28'; date = addDays(date, 1)) {
      const ours = shipped.holidayOn(date)?.replace(/ \d{4}-\d{4}$/, '') ?? null;
      const theirs = cited.get(date) ?? null;
      if (ours !== theirs) differences.push(`${date}: shipped ${ours}, cited ${theirs}`);
    }
    expect(differences).toEqual([]);
  });

  it('knows today (2 December 2026) and the coming Christmas holidays of zone A', () => {
    const zoneA = schoolHolidayCalendar('A', shippedSchoolHolidays());
    expect(zoneA.covers('2026-12-02')).toBe(true);
    expect(zoneA.holidayOn('2026-12-21')).toBe('Vacances de Noël 2026-2027');
    expect(zoneA.holidayOn('2027-09-01')).toBe("Vacances d'Été 2026-2027");
    expect(zoneA.holidayOn('2027-09-02')).toBeNull();
  });

  it('does not claim to know the days after the last holiday shipped of 2027-2028, whose summer is not published', () => {
    const zoneC = schoolHolidayCalendar('C', shippedSchoolHolidays());
    expect(zoneC.covers('2028-05-28')).toBe(true);
    expect(zoneC.covers('2028-05-29')).toBe(false);
    expect(zoneC.covers('2028-07-10')).toBe(false);
  });

  it('knows nothing of Corse and the overseas académies: their holidays are unknown, not absent', () => {
    const corse = schoolHolidayCalendar('Corse', shippedSchoolHolidays());
    expect(corse.covers('2026-12-21')).toBe(false);
    expect(corse.holidayOn('2026-12-21')).toBeNull();
  });
});
