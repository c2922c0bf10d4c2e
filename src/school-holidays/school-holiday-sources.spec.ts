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

  it('knows nothing of Corse and the overseas académies from 2026-2027: unknown, not absent', () => {
    const corse = schoolHolidayCalendar('Corse', shippedSchoolHolidays());
    expect(corse.covers('2026-12-21')).toBe(false);
    expect(corse.holidayOn('2026-12-21')).toBeNull();
    expect(schoolHolidayCalendar('Mayotte', shippedSchoolHolidays()).covers('2026-12-21')).toBe(false);
    expect(schoolHolidayCalendar('Guadeloupe', shippedSchoolHolidays()).covers('2026-12-21')).toBe(false);
  });
});

describe('the school years 2024-2025 and 2025-2026 of Corse and overseas shipped (official export of January 2026)', () => {
  const calendar = (zone: 'Corse' | 'Guadeloupe' | 'Guyane' | 'Martinique' | 'Mayotte' | 'Réunion') => schoolHolidayCalendar(zone, shippedSchoolHolidays());

  it('Corse: hiver from Saturday 14 February to Sunday 1 March 2026, a week after zone A; no class on Friday 15 May 2026', () => {
    const corse = calendar('Corse');
    expect(corse.holidayOn('2026-02-13')).toBeNull();
    expect(corse.holidayOn('2026-02-14')).toBe("Vacances d'Hiver 2025-2026");
    expect(corse.holidayOn('2026-03-01')).toBe("Vacances d'Hiver 2025-2026");
    expect(corse.holidayOn('2026-03-02')).toBeNull();
    expect(corse.holidayOn('2026-05-15')).toBe("Pont de l'Ascension 2025-2026");
    // Classes resumed on Tuesday 2 September 2025.
    expect(corse.holidayOn('2025-09-01')).toBe("Vacances d'Été 2024-2025");
    expect(corse.holidayOn('2025-09-02')).toBeNull();
  });

  it('Mayotte: Noël from Saturday 13 December 2025 to Sunday 11 January 2026, and the end of the 2026 summer', () => {
    const mayotte = calendar('Mayotte');
    expect(mayotte.holidayOn('2025-12-12')).toBeNull();
    expect(mayotte.holidayOn('2025-12-13')).toBe('Vacances de Noël 2025-2026');
    expect(mayotte.holidayOn('2026-01-11')).toBe('Vacances de Noël 2025-2026');
    expect(mayotte.holidayOn('2026-01-12')).toBeNull();
    // Classes end on Thursday 30 April 2026, after class.
    expect(mayotte.holidayOn('2026-04-30')).toBeNull();
    expect(mayotte.holidayOn('2026-05-01')).toBe('Vacances de Printemps 2025-2026');
    expect(mayotte.holidayOn('2026-08-23')).toBe("Vacances d'Été 2025-2026");
    expect(mayotte.holidayOn('2026-08-24')).toBeNull();
    expect(mayotte.covers('2026-08-24')).toBe(true);
  });

  it('Guadeloupe: Carnaval from Saturday 22 February to Sunday 9 March 2025, the Mi-carême and the Semaine en mai', () => {
    const guadeloupe = calendar('Guadeloupe');
    expect(guadeloupe.holidayOn('2025-02-21')).toBeNull();
    expect(guadeloupe.holidayOn('2025-02-22')).toBe('Vacances de Carnaval 2024-2025');
    expect(guadeloupe.holidayOn('2025-03-09')).toBe('Vacances de Carnaval 2024-2025');
    expect(guadeloupe.holidayOn('2025-03-10')).toBeNull();
    expect(guadeloupe.holidayOn('2025-03-27')).toBe('Mi-carême 2024-2025');
    expect(guadeloupe.holidayOn('2025-05-26')).toBe('Semaine en mai 2024-2025');
    // Classes end on Thursday 17 April 2025, after class.
    expect(guadeloupe.holidayOn('2025-04-17')).toBeNull();
    expect(guadeloupe.holidayOn('2025-04-18')).toBe('Vacances de Pâques 2024-2025');
  });

  it('Guyane: Pâques 2026 from Thursday 2 to Wednesday 15 April, classes resuming on Thursday 16', () => {
    const guyane = calendar('Guyane');
    expect(guyane.holidayOn('2026-04-01')).toBeNull();
    expect(guyane.holidayOn('2026-04-02')).toBe('Vacances de Pâques 2025-2026');
    expect(guyane.holidayOn('2026-04-15')).toBe('Vacances de Pâques 2025-2026');
    expect(guyane.holidayOn('2026-04-16')).toBeNull();
    expect(guyane.holidayOn('2025-08-31')).toBe("Vacances d'Été 2024-2025");
    expect(guyane.holidayOn('2025-09-01')).toBeNull();
  });

  it('Martinique: Pâques 2025 from Saturday 12 to Sunday 27 April, and the pont of the Ascension', () => {
    const martinique = calendar('Martinique');
    expect(martinique.holidayOn('2025-04-11')).toBeNull();
    expect(martinique.holidayOn('2025-04-12')).toBe('Vacances de Pâques 2024-2025');
    expect(martinique.holidayOn('2025-04-27')).toBe('Vacances de Pâques 2024-2025');
    expect(martinique.holidayOn('2025-04-28')).toBeNull();
    expect(martinique.holidayOn('2025-05-30')).toBe("Pont de l'Ascension 2024-2025");
  });

  it('La Réunion: the austral summer at Christmas, the austral winter ends the year, classes resume in August', () => {
    const reunion = calendar('Réunion');
    expect(reunion.holidayOn('2025-12-19')).toBeNull();
    expect(reunion.holidayOn('2025-12-20')).toBe("Vacances d'Été austral 2025-2026");
    expect(reunion.holidayOn('2026-01-20')).toBe("Vacances d'Été austral 2025-2026");
    expect(reunion.holidayOn('2026-01-21')).toBeNull();
    expect(reunion.holidayOn('2025-08-18')).toBe("Vacances d'Hiver austral 2024-2025");
    // Classes resumed on Tuesday 19 August 2025: a school day, known as such.
    expect(reunion.holidayOn('2025-08-19')).toBeNull();
    expect(reunion.covers('2025-08-19')).toBe(true);
    // The austral winter of 2026 has no end in that export: from the day after the last holiday
    // shipped (17 May 2026) the days are unknown.
    expect(reunion.covers('2026-05-17')).toBe(true);
    expect(reunion.covers('2026-05-18')).toBe(false);
  });
});
