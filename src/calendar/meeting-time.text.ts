import { DateTime } from 'luxon';

const NBSP = '\u00A0';

function frenchDate(local: DateTime): string {
  // French writes the first day of a month as an ordinal: « mardi 1er avril 2025 ».
  const day = local.day === 1 ? '1er' : String(local.day);
  return `${local.toFormat('cccc')} ${day} ${local.toFormat('LLLL yyyy')}`;
}

function frenchTime(local: DateTime): string {
  // French typography: « 9 h », « 14 h 30 », with non-breaking spaces.
  return local.minute === 0 ? `${local.hour}${NBSP}h` : `${local.hour}${NBSP}h${NBSP}${String(local.minute).padStart(2, '0')}`;
}

/**
 * The meeting's date and hours in the convention's time zone, as a French sentence. Calendar
 * clients show the instants in the reader's own zone; this line states the time of the place where
 * the committee meets, named by the zone, e.g.
 * « Séance du lundi 31 mars 2025 de 9 h à 11 h (heure d’été d’Europe centrale). »
 */
export function meetingTimeText(start: Date, end: Date, timeZone: string): string {
  const from = DateTime.fromJSDate(start, { zone: timeZone }).setLocale('fr');
  const to = DateTime.fromJSDate(end, { zone: timeZone }).setLocale('fr');
  const zoneName = from.offsetNameLong ?? timeZone;
  const span = from.hasSame(to, 'day')
    ? `du ${frenchDate(from)} de ${frenchTime(from)} à ${frenchTime(to)}`
    : `du ${frenchDate(from)} à ${frenchTime(from)} au ${frenchDate(to)} à ${frenchTime(to)}`;
  return `Séance ${span} (${zoneName}).`;
}
