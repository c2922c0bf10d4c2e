import { DateTime } from 'luxon';
import { LocalDate, frenchDate } from '../rules/local-date';
import { frenchZoneName } from '../meetings/meeting-time';

/**
 * Dates and hours as the convocations write them, in the convention's zone and with French
 * typography: « lundi 31 mars 2025 », « 9 h », « 14 h 30 » (non-breaking spaces), the zone named
 * as a French reader names it (« heure de Cayenne »).
 */

const NBSP = '\u00A0';

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

export function frenchHour(instant: Date, zone: string): string {
  const local = DateTime.fromJSDate(instant, { zone });
  return local.minute === 0 ? `${local.hour}${NBSP}h` : `${local.hour}${NBSP}h${NBSP}${local.toFormat('mm')}`;
}

export function frenchDay(instant: Date, zone: string): string {
  return remembered(`day|${instant.getTime()}|${zone}`, () => frenchDate(DateTime.fromJSDate(instant, { zone }).toISODate() as LocalDate));
}

/** « lundi 31 mars 2025 à 9 h » */
export function frenchMoment(instant: Date, zone: string): string {
  return `${frenchDay(instant, zone)} à ${frenchHour(instant, zone)}`;
}

/** « lundi 31 mars 2025, de 9 h à 11 h (heure de Paris) », or from one day to another. */
export function frenchSpan(start: Date, end: Date, zone: string): string {
  return remembered(`span|${start.getTime()}|${end.getTime()}|${zone}`, () => writeSpan(start, end, zone));
}

function writeSpan(start: Date, end: Date, zone: string): string {
  const sameDay = DateTime.fromJSDate(start, { zone }).hasSame(DateTime.fromJSDate(end, { zone }), 'day');
  const span = sameDay
    ? `${frenchDay(start, zone)}, de ${frenchHour(start, zone)} à ${frenchHour(end, zone)}`
    : `du ${frenchMoment(start, zone)} au ${frenchMoment(end, zone)}`;
  return `${span} (${frenchZoneName(zone)})`;
}

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
