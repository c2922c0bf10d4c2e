import { DateTime } from 'luxon';
import { frenchInstant } from '../common/french-time';
import { wallClock } from '../rules/local-date';

import type { FieldCode } from '../common/error-codes';

export { frenchZoneName, isAmbiguousWallTime } from '../common/french-time';

/**
 * Meeting times as people give and read them: wall-clock times of the convention's zone. The
 * database keeps instants (UTC); this file turns one into the other and back.
 */

/** `2025-03-31T09:00`, seconds optional, then optionally `Z` or an offset `+02:00`. */
export const MEETING_TIME_SHAPE = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2})(?::(\d{2}))?(Z|[+-]\d{2}:\d{2})?$/;

export type MeetingTimeReading =
  | { ok: true; instant: Date; ambiguous: boolean }
  | { ok: false; code: FieldCode; reason: string };

const WALL = "yyyy-LL-dd'T'HH:mm";

function wallOf(millis: number, zone: string): string {
  return DateTime.fromMillis(millis, { zone }).toFormat(WALL);
}

/**
 * Reads a meeting time. With an offset (or Z) the instant is exact. Without one it is a wall-clock
 * time of `zone`:
 * - a time the clocks skip (spring forward: 02:30 on the last Sunday of March in Paris) is refused,
 *   since no meeting can start at an hour that does not exist;
 * - a time the clocks show twice (fall back: 02:30 on the last Sunday of October) is read as its
 *   first occurrence, the summer-time one, as RFC 5545 (3.3.5) reads a local time with TZID and as
 *   calendar applications read a time typed in; an explicit offset picks the other one.
 */
export function readMeetingTime(text: string, zone: string): MeetingTimeReading {
  const match = MEETING_TIME_SHAPE.exec(text);
  if (!match) return { ok: false, code: 'not_a_meeting_time', reason: 'must be a date and time written YYYY-MM-DDTHH:mm, optionally followed by Z or an offset such as +02:00' };
  const [, wall, seconds, offset] = match;
  if (seconds !== undefined && seconds !== '00') return { ok: false, code: 'wrong_format', reason: 'must be a whole minute (seconds 00)' };

  if (offset !== undefined) {
    const exact = DateTime.fromISO(`${wall}${offset}`, { setZone: true });
    if (!exact.isValid || exact.toFormat(WALL) !== wall) return { ok: false, code: 'not_a_date_time', reason: `${text} is not a date and time of the calendar` };
    return { ok: true, instant: exact.toJSDate(), ambiguous: false };
  }

  const naive = DateTime.fromISO(wall, { zone: 'utc' });
  if (!naive.isValid || naive.toFormat(WALL) !== wall) return { ok: false, code: 'not_a_date_time', reason: `${text} is not a date and time of the calendar` };
  // A zone changes its offset at most once within two days: the offsets in force a day before and a
  // day after give every instant whose wall-clock reading could be this one.
  const offsets = new Set(
    [-1, 0, 1].map((days) => DateTime.fromMillis(naive.toMillis() + days * 86_400_000, { zone }).offset),
  );
  const candidates = [...offsets]
    .map((minutes) => naive.toMillis() - minutes * 60_000)
    .filter((millis) => wallOf(millis, zone) === wall)
    .sort((a, b) => a - b);
  if (candidates.length === 0) {
    return {
      ok: false,
      code: 'nonexistent_local_time',
      reason: `${wall} does not exist in ${zone}: the clocks skip that time when they go forward; choose a time outside the gap`,
    };
  }
  return { ok: true, instant: new Date(candidates[0]), ambiguous: candidates.length > 1 };
}

export interface ZonedTime {
  /** The instant, ISO 8601 in UTC. */
  utc: string;
  /** The wall-clock time in the convention's zone, without offset: `2025-03-31T09:00`. */
  local: string;
  timeZone: string;
  /** The zone's offset at that instant: `+02:00`. */
  offset: string;
  /** « lundi 31 mars 2025 à 9 h (heure de Paris) », written as emails and pages write it. */
  label: string;
}

/**
 * Every meeting a list shows is written this way (twice), so the wall time and the offset come
 * from the zone's offset at the instant (`wallClock`), not from two luxon formats. A zone luxon does
 * not know is written by luxon.
 */
export function zonedTime(instant: Date, zone: string): ZonedTime {
  const wall = wallClock(instant, zone);
  if (!wall) {
    const local = DateTime.fromJSDate(instant, { zone });
    return { utc: instant.toISOString(), local: local.toFormat(WALL), timeZone: zone, offset: local.toFormat('ZZ'), label: frenchInstant(instant, zone) };
  }
  return {
    utc: instant.toISOString(),
    local: wall.toISOString().slice(0, 16),
    timeZone: zone,
    offset: offsetText(Math.trunc((wall.getTime() - instant.getTime()) / 60_000)),
    label: frenchInstant(instant, zone),
  };
}

/** +02:00, -03:30, +00:00: as luxon's « ZZ ». */
function offsetText(minutes: number): string {
  const size = Math.abs(minutes);
  return `${minutes < 0 ? '-' : '+'}${String(Math.floor(size / 60)).padStart(2, '0')}:${String(size % 60).padStart(2, '0')}`;
}
