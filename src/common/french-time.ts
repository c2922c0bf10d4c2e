import { DateTime, IANAZone } from 'luxon';
import { LocalDate, frenchDate, localDateOf, wallClock } from '../rules/local-date';

/**
 * The one writer of dates, hours and zones that people read — in emails, pages and calendar
 * entries alike — in the convention's zone and with French typography: « lundi 31 mars 2025 »,
 * « 9 h », « 14 h 30 » (non-breaking spaces), and the zone named after its place, always in the same
 * words (« heure de Paris », « heure de Cayenne », « heure de La Réunion »; see docs/templates.md).
 */

const NBSP = '\u00A0';
const HOUR = 3_600_000;

const ZONE_NAMES: Record<string, string> = {
  'Europe/Paris': 'heure de Paris',
  'America/Cayenne': 'heure de Cayenne',
  'Indian/Reunion': 'heure de La Réunion',
  'America/Guadeloupe': 'heure de la Guadeloupe',
  'America/Martinique': 'heure de la Martinique',
  'Indian/Mayotte': 'heure de Mayotte',
  'America/Miquelon': 'heure de Saint-Pierre-et-Miquelon',
  'Pacific/Noumea': 'heure de Nouméa',
  'Pacific/Tahiti': 'heure de Tahiti',
  'Pacific/Wallis': 'heure de Wallis-et-Futuna',
  'America/St_Barthelemy': 'heure de Saint-Barthélemy',
  'America/Marigot': 'heure de Saint-Martin',
};

/** How a French reader names the zone: « heure de Paris », « heure de La Réunion ». */
export function frenchZoneName(zone: string): string {
  const known = ZONE_NAMES[zone];
  if (known) return known;
  const city = zone.split('/').pop()?.replace(/_/g, ' ');
  return city ? `heure de ${city}` : `heure locale (${zone})`;
}

/**
 * Every message about a meeting writes its day and span: a batch of convocations writes the same
 * few many times over. Zone arithmetic costs far more than a lookup, and the text is fixed by its
 * inputs, so the last few thousand are kept.
 */
const texts = new Map<string, string>();
const REMEMBERED = 5000;

function remembered(key: string, write: () => string): string {
  let text = texts.get(key);
  if (text === undefined) {
    text = write();
    if (texts.size >= REMEMBERED) texts.delete(texts.keys().next().value as string);
    texts.set(key, text);
  }
  return text;
}

function wallOf(millis: number, zone: string): string {
  return DateTime.fromMillis(millis, { zone }).toFormat("yyyy-LL-dd'T'HH:mm");
}

/** Whether the wall-clock time of this instant is also shown at another instant (the hour the clocks go back). */
export function isAmbiguousWallTime(instant: Date, zone: string): boolean {
  // Clocks go back by an hour at most, and never twice within two hours: with the same offset an
  // hour before and an hour after, no wall time near this one repeats (two offsets, not five formats).
  const offsets = IANAZone.create(zone);
  if (offsets.isValid && offsets.offset(instant.getTime() - HOUR) === offsets.offset(instant.getTime() + HOUR)) return false;
  const wall = wallOf(instant.getTime(), zone);
  return [-60, -30, 30, 60].some((minutes) => wallOf(instant.getTime() + minutes * 60_000, zone) === wall);
}

function season(local: DateTime): string {
  return local.isInDST ? 'heure d’été' : 'heure d’hiver';
}

/**
 * « 9 h », « 14 h 30 ». The night the clocks go back, 2 h 30 happens twice: the hour then says
 * which one, « 2 h 30, heure d’été » or « 2 h 30, heure d’hiver ».
 */
export function frenchHour(instant: Date, zone: string): string {
  const wall = wallClock(instant, zone);
  const local = wall ? null : DateTime.fromJSDate(instant, { zone });
  const [hours, minutes] = wall ? [wall.getUTCHours(), wall.getUTCMinutes()] : [local?.hour ?? 0, local?.minute ?? 0];
  const hour = minutes === 0 ? `${hours}${NBSP}h` : `${hours}${NBSP}h${NBSP}${String(minutes).padStart(2, '0')}`;
  return isAmbiguousWallTime(instant, zone) ? `${hour}, ${season(local ?? DateTime.fromJSDate(instant, { zone }))}` : hour;
}

/** « lundi 31 mars 2025 », the day of the instant in the zone. */
export function frenchDay(instant: Date, zone: string): string {
  return remembered(`day|${instant.getTime()}|${zone}`, () => frenchDate(localDateOf(instant, zone)));
}

/** « lundi 31 mars 2025 à 9 h » */
export function frenchMoment(instant: Date, zone: string): string {
  return `${frenchDay(instant, zone)} à ${frenchHour(instant, zone)}`;
}

/** « lundi 31 mars 2025 à 9 h (heure de Paris) »: one instant, the zone named. */
export function frenchInstant(instant: Date, zone: string): string {
  return remembered(`instant|${instant.getTime()}|${zone}`, () => `${frenchMoment(instant, zone)} (${frenchZoneName(zone)})`);
}

/**
 * « lundi 31 mars 2025, de 9 h à 11 h (heure de Paris) », or from one day to another. A meeting
 * during which the clocks change says so, since its hours then do not give its length.
 */
export function frenchSpan(start: Date, end: Date, zone: string): string {
  return remembered(`span|${start.getTime()}|${end.getTime()}|${zone}`, () => writeSpan(start, end, zone));
}

function writeSpan(start: Date, end: Date, zone: string): string {
  const from = DateTime.fromJSDate(start, { zone });
  const to = DateTime.fromJSDate(end, { zone });
  // An hour that names its season ends with a comma before what follows: « de 2 h 30, heure d’été, à 3 h ».
  const startHour = frenchHour(start, zone) + (isAmbiguousWallTime(start, zone) ? ',' : '');
  const span = from.hasSame(to, 'day')
    ? `${frenchDay(start, zone)}, de ${startHour} à ${frenchHour(end, zone)}`
    : `du ${frenchDay(start, zone)} à ${startHour} au ${frenchMoment(end, zone)}`;
  const change = from.offset === to.offset ? '' : `, passage à l’${season(to)} pendant la séance`;
  return `${span} (${frenchZoneName(zone)}${change})`;
}

/** The calendar entry's line: « Séance du lundi 31 mars 2025, de 9 h à 11 h (heure de Paris). » */
export function meetingTimeSentence(start: Date, end: Date, zone: string): string {
  const key = `${start.getTime()}|${end.getTime()}|${zone}`;
  let sentence = timeSentences.get(key);
  if (sentence === undefined) {
    const span = frenchSpan(start, end, zone);
    sentence = span.startsWith('du ') ? `Séance ${span}.` : `Séance du ${span}.`;
    if (timeSentences.size >= TIME_SENTENCES_KEPT) timeSentences.clear();
    timeSentences.set(key, sentence);
  }
  return sentence;
}

/** Every invitation of a meeting states its time: luxon's zone work once per meeting, not per recipient. */
const timeSentences = new Map<string, string>();
/** Enough for the meetings a worker sends at once; the map starts over beyond it. */
const TIME_SENTENCES_KEPT = 2000;

/** « lundi 31 mars 2025 » from a local date. */
export function frenchLocalDate(date: LocalDate): string {
  return frenchDate(date);
}

/** For registers: `2025-03-10 09:15:02`, in the zone given. */
export function registerLocalTime(instant: Date, zone: string): string {
  return DateTime.fromJSDate(instant, { zone }).toFormat('yyyy-LL-dd HH:mm:ss');
}

/** For registers: `2025-03-10 08:15:02`, in UTC. */
export function registerUtcTime(instant: Date): string {
  return registerLocalTime(instant, 'utc');
}
