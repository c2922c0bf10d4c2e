import { ValidationArguments, ValidationOptions, registerDecorator } from 'class-validator';
import { DateTime } from 'luxon';
import { MEETING_TIME_SHAPE } from '../meeting-time';

function register(name: string, test: (value: unknown) => boolean, message: (property: string) => string, options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name,
      target: target.constructor,
      propertyName: String(propertyName),
      options,
      validator: {
        validate: (value: unknown) => test(value),
        defaultMessage: (args?: ValidationArguments) => message(args?.property ?? String(propertyName)),
      },
    });
  };
}

/**
 * A meeting time: the convention's wall-clock time `2025-03-31T09:00`, or an instant with its
 * offset. Whether the wall-clock time exists in the zone is checked once the zone is known.
 */
export function IsMeetingTime(options?: ValidationOptions): PropertyDecorator {
  return register(
    'isMeetingTime',
    (value) => typeof value === 'string' && MEETING_TIME_SHAPE.test(value),
    (property) => `${property} must be a local date and time written YYYY-MM-DDTHH:mm (in the convention's time zone), or with an offset (…+02:00 or …Z)`,
    options,
  );
}

const INSTANT_SHAPE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2})$/;

/** An exact instant: ISO 8601 with `Z` or an offset, never a bare wall-clock time. */
export function isInstant(value: unknown): value is string {
  return typeof value === 'string' && INSTANT_SHAPE.test(value) && DateTime.fromISO(value, { setZone: true }).isValid;
}

export function IsInstant(options?: ValidationOptions): PropertyDecorator {
  return register('isInstant', isInstant, (property) => `${property} must be an instant written ISO 8601 with Z or an offset, e.g. 2025-03-10T08:00:00Z`, options);
}

const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function isLocalDateText(value: unknown): value is string {
  return typeof value === 'string' && LOCAL_DATE.test(value) && DateTime.fromISO(value, { zone: 'utc' }).isValid;
}

/** A day of the calendar, YYYY-MM-DD, read in the convention's zone. */
export function IsLocalDateText(options?: ValidationOptions): PropertyDecorator {
  return register('isLocalDate', isLocalDateText, (property) => `${property} must be an existing date written YYYY-MM-DD`, options);
}

/** Trims strings; leaves anything else for the validators to refuse. */
export function trimmed({ value }: { value: unknown }): unknown {
  return typeof value === 'string' ? value.trim() : value;
}
