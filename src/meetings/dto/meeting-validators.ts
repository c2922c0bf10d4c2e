import { ValidationOptions } from 'class-validator';
import { DateTime } from 'luxon';
import { fieldRule } from '../../common/validators';
import { MEETING_TIME_SHAPE } from '../meeting-time';

/**
 * A meeting time: the convention's wall-clock time `2025-03-31T09:00`, or an instant with its
 * offset. Whether the wall-clock time exists in the zone is checked once the zone is known.
 */
export function IsMeetingTime(options?: ValidationOptions): PropertyDecorator {
  return fieldRule(
    'isMeetingTime',
    'not_a_meeting_time',
    (value) => typeof value === 'string' && MEETING_TIME_SHAPE.test(value),
    () => `must be a local date and time written YYYY-MM-DDTHH:mm (in the convention's time zone), or with an offset (…+02:00 or …Z)`,
    options,
  );
}

const INSTANT_SHAPE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2})$/;

/** An exact instant: ISO 8601 with `Z` or an offset, never a bare wall-clock time. */
export function isInstant(value: unknown): value is string {
  return typeof value === 'string' && INSTANT_SHAPE.test(value) && DateTime.fromISO(value, { setZone: true }).isValid;
}

/** When a convocation leaves: a wall-clock time of the convention's zone (`2025-03-14T08:00`), or an instant with its offset. */
export function IsSendTime(options?: ValidationOptions): PropertyDecorator {
  return fieldRule(
    'isSendTime',
    'not_a_meeting_time',
    (value) => isInstant(value) || (typeof value === 'string' && MEETING_TIME_SHAPE.test(value)),
    () => "must be a local date and time written YYYY-MM-DDTHH:mm (in the convention's time zone), or an instant with Z or an offset",
    options,
  );
}
