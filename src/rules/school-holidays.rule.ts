import { LocalDate } from './local-date';

/**
 * School holidays (« vacances scolaires ») of one zone: A, B, C, Corse, or an overseas académie
 * (Guadeloupe, Guyane, Martinique, Mayotte, Réunion). The days are those without school: from the
 * first day of the holidays to the day before classes resume. A committee whose members are school
 * staff and parents does not meet then: planning avoids these days, and the last day a meeting can
 * be held in a period is the last working day outside them.
 */
export const SCHOOL_ZONES = ['A', 'B', 'C', 'Corse', 'Guadeloupe', 'Guyane', 'Martinique', 'Mayotte', 'Réunion'] as const;
export type SchoolZone = (typeof SCHOOL_ZONES)[number];

export interface SchoolHolidaySpan {
  zone: SchoolZone;
  /** "2024-2025". */
  schoolYear: string;
  /** As the ministry words it: « Vacances de la Toussaint ». */
  description: string;
  /** First day without school. */
  firstDay: LocalDate;
  /** Last day without school: the day before classes resume. */
  lastDay: LocalDate;
}

export interface SchoolHolidayCalendar {
  /** The zone, or null when the convention has none. */
  readonly zone: SchoolZone | null;
  /** The holidays a day falls in (« Vacances d'Été 2024-2025 »), or null. */
  holidayOn(date: LocalDate): string | null;
  /** Whether the calendar knows the school year the day belongs to (else holidays are unknown, not absent). */
  covers(date: LocalDate): boolean;
}

class ZoneHolidays implements SchoolHolidayCalendar {
  private readonly spans: SchoolHolidaySpan[];
  /** Each school year known, with the last day known of it. */
  private readonly years = new Map<string, LocalDate>();

  constructor(
    readonly zone: SchoolZone,
    spans: readonly SchoolHolidaySpan[],
  ) {
    this.spans = spans.filter((span) => span.zone === zone).sort((a, b) => (a.firstDay < b.firstDay ? -1 : 1));
    for (const span of this.spans) {
      // A school year whose summer is not published yet (the ministry fixes the day classes resume
      // in September a year later) is known only up to its last holiday shipped: after it, the
      // summer may have begun.
      const summer = endsSchoolYear(span.description) ? '9999-12-31' : span.lastDay;
      const known = this.years.get(span.schoolYear);
      this.years.set(span.schoolYear, known === undefined || known < summer ? summer : known);
    }
  }

  holidayOn(date: LocalDate): string | null {
    const span = this.spans.find((entry) => entry.firstDay <= date && date <= entry.lastDay);
    return span ? `${span.description} ${span.schoolYear}` : null;
  }

  covers(date: LocalDate): boolean {
    const knownUntil = this.years.get(schoolYearOf(date));
    return knownUntil !== undefined && date <= knownUntil;
  }
}

/**
 * Whether a holiday is the one that ends a school year: « Vacances d'Été », or in the southern
 * hemisphere (La Réunion, Mayotte) « Vacances d'Hiver austral » — there « Vacances d'Été austral »
 * fall at Christmas, in the middle of the year.
 */
function endsSchoolYear(description: string): boolean {
  const words = slug(description).split('-');
  return words.includes('austral') ? words.includes('hiver') : words.includes('ete');
}

/** No zone: no school holidays are known. */
export const NO_SCHOOL_HOLIDAYS: SchoolHolidayCalendar = { zone: null, holidayOn: () => null, covers: () => false };

export function schoolHolidayCalendar(zone: SchoolZone | null, spans: readonly SchoolHolidaySpan[]): SchoolHolidayCalendar {
  return zone === null ? NO_SCHOOL_HOLIDAYS : new ZoneHolidays(zone, spans);
}

/** The school year (from 1 September) of a day: "2024-2025" for 2025-03-10. */
export function schoolYearOf(date: LocalDate): string {
  const year = Number(date.slice(0, 4));
  const first = Number(date.slice(5, 7)) >= 9 ? year : year - 1;
  return `${first}-${first + 1}`;
}

export function isSchoolZone(value: string): value is SchoolZone {
  return (SCHOOL_ZONES as readonly string[]).includes(value);
}

// The académies of each zone (arrêté du 16 novembre 2015 and its successors; Caen and Rouen are
// the académie de Normandie).
const ZONE_OF_ACADEMIE: Record<string, SchoolZone> = {
  besancon: 'A', bordeaux: 'A', 'clermont-ferrand': 'A', dijon: 'A', grenoble: 'A', limoges: 'A', lyon: 'A', poitiers: 'A',
  'aix-marseille': 'B', amiens: 'B', caen: 'B', lille: 'B', 'nancy-metz': 'B', nantes: 'B', nice: 'B', normandie: 'B',
  'orleans-tours': 'B', reims: 'B', rennes: 'B', rouen: 'B', strasbourg: 'B',
  creteil: 'C', montpellier: 'C', paris: 'C', toulouse: 'C', versailles: 'C',
  corse: 'Corse', guadeloupe: 'Guadeloupe', guyane: 'Guyane', martinique: 'Martinique', mayotte: 'Mayotte', reunion: 'Réunion', 'la-reunion': 'Réunion',
};

const ZONE_OF_TERRITORY: Record<string, SchoolZone> = { GP: 'Guadeloupe', GF: 'Guyane', MQ: 'Martinique', YT: 'Mayotte', RE: 'Réunion' };

function slug(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z]+/g, '-')
    .replace(/^-|-$/g, '');
}

/**
 * The zone of an académie named as the conventions name it (« Académie de Grenoble », « académie
 * de La Réunion »), else of an overseas territory by its holiday country code; null when neither
 * says.
 */
export function schoolZoneOf(academieNames: readonly string[], holidayCountry: string | null): SchoolZone | null {
  for (const name of academieNames) {
    const words = slug(name).replace(/^(academie|rectorat)-(de-la-|de-l-|de-|d-|du-)?/, '');
    const zone = ZONE_OF_ACADEMIE[words] ?? ZONE_OF_ACADEMIE[words.replace(/^la-/, '')];
    if (zone) return zone;
  }
  return (holidayCountry && ZONE_OF_TERRITORY[holidayCountry]) || null;
}
