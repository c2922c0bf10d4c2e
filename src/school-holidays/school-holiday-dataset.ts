import { parse } from 'csv-parse/sync';
import { DateTime } from 'luxon';
import type { FieldError } from '../common/domain-error';
import { LocalDate, addDays, dayOfWeek, isLocalDate } from '../rules/local-date';
import { SchoolHolidaySpan, SchoolZone, isSchoolZone } from '../rules/school-holidays.rule';

/**
 * Reads the ministry's open dataset « Calendrier scolaire » (data.education.gouv.fr,
 * fr-en-calendrier-scolaire): its CSV export (columns Description, Population, Date de début,
 * Date de fin, Zones, annee_scolaire, location; separated by ";" or ",") or its JSON export (the
 * same fields as description, population, start_date, end_date, zones, annee_scolaire, location).
 *
 * The dataset has one row per académie (location) and holiday; copil keeps one per zone. Rows for
 * teachers only (Population « Enseignants ») are left out: the pupils' holidays are what a
 * committee of parents and teachers avoids. A start is the first day without school, an end the
 * day classes resume: the dataset writes them as instants, the day's midnight in the académie's
 * zone expressed in UTC (2024-10-18T22:00:00+00:00 for 19 October in Paris), so an instant in
 * the afternoon or evening is read as the next day. Overseas, the dataset also writes single days
 * off (start and end the same day), and marks a summer whose end is not fixed yet with a row
 * « Début des Vacances d'Été » (or « d'Hiver austral ») of one day, which is left out.
 */
export interface DatasetRecord {
  description: string;
  population: string;
  startDate: string;
  endDate: string;
  zones: string;
  schoolYear: string;
  location: string;
}

export interface DatasetReading {
  spans: SchoolHolidaySpan[];
  errors: FieldError[];
  /** Rows of other zones (Nouvelle-Calédonie, Polynésie…) or for teachers only. */
  skipped: number;
}

const CSV_COLUMNS: Record<keyof DatasetRecord, string[]> = {
  description: ['Description', 'description'],
  population: ['Population', 'population'],
  startDate: ['Date de début', 'start_date', 'Date de debut'],
  endDate: ['Date de fin', 'end_date'],
  zones: ['Zones', 'zones'],
  schoolYear: ['annee_scolaire', 'Année scolaire', 'annee scolaire'],
  location: ['location', 'Location', 'Académies'],
};

const ZONE_NAMES: Record<string, SchoolZone> = {
  'zone a': 'A',
  'zone b': 'B',
  'zone c': 'C',
  corse: 'Corse',
  guadeloupe: 'Guadeloupe',
  guyane: 'Guyane',
  martinique: 'Martinique',
  mayotte: 'Mayotte',
  reunion: 'Réunion',
  'la reunion': 'Réunion',
};

function plain(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .trim()
    .toLowerCase();
}

export function zoneOfDatasetName(name: string): SchoolZone | null {
  const known = ZONE_NAMES[plain(name)];
  if (known) return known;
  return isSchoolZone(name.trim()) ? (name.trim() as SchoolZone) : null;
}

/** The local day a dataset date names: a plain day as written; an instant after noon, the next day. */
export function datasetDay(value: string): string | null {
  const text = value.trim();
  if (isLocalDate(text)) return text;
  const instant = DateTime.fromISO(text, { setZone: true });
  if (!instant.isValid) return null;
  const day = instant.toISODate() as string;
  return instant.hour >= 12 ? addDays(day, 1) : day;
}

/** Records of a CSV or JSON export, by its first non-blank character. */
export function datasetRecords(text: string): { records: DatasetRecord[]; errors: FieldError[] } {
  const body = text.replace(/^\uFEFF/, '');
  const first = body.trimStart()[0];
  if (first === '[' || first === '{') return jsonRecords(body);
  return csvRecords(body);
}

function jsonRecords(text: string): { records: DatasetRecord[]; errors: FieldError[] } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return { records: [], errors: [{ path: 'file', code: 'wrong_format', message: `is not valid JSON: ${(error as Error).message}` }] };
  }
  // The explore API answers {results: [...]}; the exports are plain arrays; copil's shipped file has {records: [...]}.
  const rows = Array.isArray(data) ? data : ((data as { results?: unknown; records?: unknown }).results ?? (data as { records?: unknown }).records);
  if (!Array.isArray(rows)) return { records: [], errors: [{ path: 'file', code: 'wrong_format', message: 'must be an array of records (the dataset\'s JSON export)' }] };
  const records: DatasetRecord[] = [];
  const errors: FieldError[] = [];
  rows.forEach((row, index) => {
    const fields = (row && typeof row === 'object' && 'fields' in row ? (row as { fields: unknown }).fields : row) as Record<string, unknown>;
    const record = pick(fields, `[${index}]`, errors);
    if (record) records.push(record);
  });
  return { records, errors };
}

function csvRecords(text: string): { records: DatasetRecord[]; errors: FieldError[] } {
  const header = text.split(/\r?\n/, 1)[0] ?? '';
  const delimiter = header.split(';').length >= header.split(',').length ? ';' : ',';
  let rows: Record<string, string>[];
  try {
    rows = parse(text, { delimiter, columns: true, skip_empty_lines: true, trim: true, relax_column_count: false });
  } catch (error) {
    return { records: [], errors: [{ path: 'file', code: 'wrong_format', message: `is not a readable CSV file: ${(error as Error).message}` }] };
  }
  const missing = (Object.keys(CSV_COLUMNS) as (keyof DatasetRecord)[]).filter((field) => !CSV_COLUMNS[field].some((name) => header.includes(name)));
  if (missing.length > 0) {
    return {
      records: [],
      errors: [{ path: 'file', code: 'required', message: `lacks the columns ${missing.map((field) => CSV_COLUMNS[field][0]).join(', ')} of the dataset « Calendrier scolaire »` }],
    };
  }
  const records: DatasetRecord[] = [];
  const errors: FieldError[] = [];
  rows.forEach((row, index) => {
    const record = pick(row, `line ${index + 2}`, errors);
    if (record) records.push(record);
  });
  return { records, errors };
}

function pick(row: Record<string, unknown>, at: string, errors: FieldError[]): DatasetRecord | null {
  const record: Partial<DatasetRecord> = {};
  for (const field of Object.keys(CSV_COLUMNS) as (keyof DatasetRecord)[]) {
    const name = CSV_COLUMNS[field].find((candidate) => row[candidate] !== undefined && row[candidate] !== null);
    const value = name === undefined ? '' : String(row[name]);
    if (value === '' && field !== 'population' && field !== 'location') {
      errors.push({ path: `${at}.${CSV_COLUMNS[field][0]}`, code: 'required', message: 'is missing' });
      return null;
    }
    record[field] = value;
  }
  return record as DatasetRecord;
}

/**
 * The first day without school of a row. The dataset writes the day classes end (« le départ en
 * vacances a lieu après la classe des jours indiqués »). The holidays of zones A, B and C end on a
 * Saturday, where few pupils have class and only in the morning: that Saturday is taken as the
 * first day off, as the ministry's tables show it. Overseas, holidays may end on a weekday
 * (« du vendredi 19 décembre » in La Réunion): pupils have class that day, and the holidays begin
 * the next. A bridge (« Pont de l'Ascension ») or a single day off is written with its own days.
 */
function firstDayOff(description: string, classesEnd: LocalDate, resumes: LocalDate): LocalDate {
  const holidays = plain(description).startsWith('vacances');
  return holidays && resumes !== classesEnd && dayOfWeek(classesEnd) <= 5 ? addDays(classesEnd, 1) : classesEnd;
}

/**
 * Rows of the académie de Guadeloupe for Saint-Martin or Saint-Barthélemy only (« Saint-Martin »,
 * « Saint Martin », « Saint-Barthélémy »): the zone Guadeloupe is the island's calendar, and rows
 * naming it (« Guadeloupe & Saint-Martin », « Guadeloupe sauf Saint-Martin ») are kept.
 */
function onlyNorthernIslands(population: string): boolean {
  const words = plain(population);
  return /saint[- ](martin|barthelemy)/.test(words) && !words.includes('guadeloupe');
}

/** The holidays of the zones copil knows, one span per zone, school year and first day. */
export function readDataset(text: string): DatasetReading {
  const { records, errors } = datasetRecords(text);
  const spans = new Map<string, SchoolHolidaySpan>();
  let skipped = 0;
  records.forEach((record, index) => {
    const at = `[${index}]`;
    const zone = zoneOfDatasetName(record.zones);
    if (zone === null || plain(record.population) === 'enseignants' || onlyNorthernIslands(record.population)) {
      skipped += 1;
      return;
    }
    const firstDay = datasetDay(record.startDate);
    const resumes = datasetDay(record.endDate);
    if (firstDay === null) return errors.push({ path: `${at}.Date de début`, code: 'not_a_date', message: `"${record.startDate}" is not a date` });
    if (resumes === null) return errors.push({ path: `${at}.Date de fin`, code: 'not_a_date', message: `"${record.endDate}" is not a date` });
    if (!/^\d{4}-\d{4}$/.test(record.schoolYear.trim())) {
      return errors.push({ path: `${at}.annee_scolaire`, code: 'wrong_format', message: `"${record.schoolYear}" is not a school year written 2025-2026` });
    }
    if (resumes === firstDay && plain(record.description).startsWith('debut ')) {
      // « Début des Vacances d'Été »: the summer of a year whose next one is not fixed yet. Its end
      // is unknown, so the days from it stay unknown rather than counted as holidays or school days.
      skipped += 1;
      return;
    }
    // A single day off (« Mi-carême », « Abolition de l'esclavage » overseas) is written with the
    // same day as start and end; a holiday's end is otherwise the day classes resume.
    const lastDay = resumes === firstDay ? firstDay : addDays(resumes, -1);
    const span: SchoolHolidaySpan = {
      zone,
      schoolYear: record.schoolYear.trim(),
      description: record.description.trim(),
      firstDay: firstDayOff(record.description, firstDay, resumes),
      lastDay,
    };
    if (lastDay < span.firstDay) {
      return errors.push({ path: `${at}.Date de fin`, code: 'inconsistent', message: `classes resume on ${resumes}, not after the holidays begin on ${span.firstDay}` });
    }
    spans.set(`${zone}|${span.schoolYear}|${span.firstDay}`, span);
  });
  const sorted = [...spans.values()].sort((a, b) => (a.zone + a.firstDay < b.zone + b.firstDay ? -1 : 1));
  return { spans: sorted, errors, skipped };
}
