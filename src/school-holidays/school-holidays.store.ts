import { DataSource, EntityManager, In } from 'typeorm';
import { DomainError } from '../common/domain-error';
import { SchoolHolidayCalendar, SchoolHolidaySpan, SchoolZone, schoolHolidayCalendar } from '../rules/school-holidays.rule';
import shipped from './calendrier-scolaire.json';
import { readDataset } from './school-holiday-dataset';
import { SchoolHoliday } from './school-holiday.entity';

/** The school years shipped with copil (calendrier-scolaire.json), read once. */
let shippedSpans: SchoolHolidaySpan[] | null = null;

export function shippedSchoolHolidays(): SchoolHolidaySpan[] {
  if (shippedSpans === null) {
    const reading = readDataset(JSON.stringify(shipped));
    if (reading.errors.length > 0) {
      throw new Error(`calendrier-scolaire.json: ${reading.errors.map((error) => `${error.path}: ${error.message}`).join('; ')}`);
    }
    shippedSpans = reading.spans;
  }
  return shippedSpans;
}

/**
 * The school holidays of each zone asked for: the school years imported by an administrator,
 * and for the others those shipped. An imported school year replaces the shipped one of its zone
 * entirely, so a correction of the ministry is never mixed with the old dates.
 */
export async function schoolHolidayCalendars(manager: EntityManager, zones: Iterable<SchoolZone | null>): Promise<Map<SchoolZone, SchoolHolidayCalendar>> {
  const wanted = [...new Set([...zones].filter((zone): zone is SchoolZone => zone !== null))];
  const calendars = new Map<SchoolZone, SchoolHolidayCalendar>();
  if (wanted.length === 0) return calendars;
  const imported = await manager.find(SchoolHoliday, { where: { zone: In(wanted) } });
  for (const zone of wanted) {
    const own = imported.filter((row) => row.zone === zone).map((row): SchoolHolidaySpan => ({
      zone,
      schoolYear: row.schoolYear,
      description: row.description,
      firstDay: row.firstDay,
      lastDay: row.lastDay,
    }));
    const importedYears = new Set(own.map((span) => span.schoolYear));
    const fromShipped = shippedSchoolHolidays().filter((span) => span.zone === zone && !importedYears.has(span.schoolYear));
    calendars.set(zone, schoolHolidayCalendar(zone, [...fromShipped, ...own]));
  }
  return calendars;
}

export interface SchoolHolidaysImport {
  /** "A 2025-2026: 6 holidays". */
  schoolYears: string[];
  holidays: number;
  /** Rows of zones copil does not serve, or for teachers only. */
  skipped: number;
}

/**
 * Imports an export of the dataset « Calendrier scolaire » (CSV or JSON): each zone and school year
 * it holds replaces the one stored; the others stay. A file with any faulty row changes nothing.
 */
export async function importSchoolHolidays(dataSource: DataSource, text: string, source: string): Promise<SchoolHolidaysImport> {
  const reading = readDataset(text);
  if (reading.errors.length > 0) throw DomainError.invalid(reading.errors);
  if (reading.spans.length === 0) {
    throw DomainError.invalid([{ path: 'file', code: 'required', message: 'holds no holidays of zones A, B, C, Corse or the overseas académies' }]);
  }
  const groups = new Map<string, SchoolHolidaySpan[]>();
  for (const span of reading.spans) {
    const key = `${span.zone} ${span.schoolYear}`;
    groups.set(key, [...(groups.get(key) ?? []), span]);
  }
  await dataSource.transaction(async (manager) => {
    for (const spans of groups.values()) {
      const { zone, schoolYear } = spans[0];
      // Row by row, so that the audit trail keeps what is replaced.
      await manager.remove(await manager.find(SchoolHoliday, { where: { zone, schoolYear } }));
      await manager.save(
        spans.map((span) => manager.create(SchoolHoliday, { ...span, source })),
      );
    }
  });
  return {
    schoolYears: [...groups.entries()].map(([key, spans]) => `${key}: ${spans.length} holiday${spans.length === 1 ? '' : 's'}`),
    holidays: reading.spans.length,
    skipped: reading.skipped,
  };
}
