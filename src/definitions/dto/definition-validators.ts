import { registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';
import Holidays from 'date-holidays';
import { DateTime } from 'luxon';
import { checkUai } from '../../rules/uai.rule';
import { isIanaTimeZone } from '../../rules/time-zone.rule';

/**
 * Field-level rules of the definition format, as class-validator decorators so that every field
 * error of a file comes out of one validation pass. Messages start with "$property" because the
 * shared flattener drops the first word. Each decorator's name is the key the JSON Schema
 * generator uses to describe it.
 */

export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const LOCAL_DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** True for a calendar date written YYYY-MM-DD that exists (no 30 February). */
export function isLocalDate(value: unknown): value is string {
  return typeof value === 'string' && LOCAL_DATE_PATTERN.test(value) && DateTime.fromISO(value, { zone: 'UTC' }).isValid;
}

let holidayCountries: Record<string, string> | undefined;

/** Country codes date-holidays knows (FR, GF, RE…), read once. */
export function knownHolidayCountries(): Record<string, string> {
  holidayCountries ??= new Holidays().getCountries();
  return holidayCountries;
}

export function knownHolidayRegions(country: string): Record<string, string> {
  return new Holidays().getStates(country) ?? {};
}

function describe(value: unknown): string {
  return typeof value === 'string' ? `"${value}"` : JSON.stringify(value) ?? String(value);
}

function decorator(
  name: string,
  validate: (value: unknown) => boolean,
  message: (args: ValidationArguments) => string,
  options?: ValidationOptions,
): PropertyDecorator {
  return (object: object, propertyName: string | symbol) =>
    registerDecorator({
      name,
      target: object.constructor,
      propertyName: propertyName as string,
      options,
      validator: { validate: (value: unknown) => validate(value), defaultMessage: message },
    });
}

export function IsUai(options?: ValidationOptions): PropertyDecorator {
  return decorator(
    'isUai',
    (value) => typeof value === 'string' && checkUai(value).valid,
    (args) => {
      const values: unknown[] = options?.each && Array.isArray(args.value) ? args.value : [args.value];
      const wrong = values.find((value) => !(typeof value === 'string' && checkUai(value).valid));
      const reason = typeof wrong === 'string' ? (checkUai(wrong) as { message: string }).message : 'must be a UAI written as a string, e.g. 0382460T';
      return options?.each ? `$property contains ${describe(wrong)}, which ${reason}` : `$property ${reason}`;
    },
    options,
  );
}

export function IsIanaTimeZone(options?: ValidationOptions): PropertyDecorator {
  return decorator(
    'isIanaTimeZone',
    (value) => typeof value === 'string' && isIanaTimeZone(value),
    (args) => `$property must be an IANA time zone such as Europe/Paris, America/Cayenne or Indian/Reunion, got ${describe(args.value)}`,
    options,
  );
}

export function IsLocalDate(options?: ValidationOptions): PropertyDecorator {
  return decorator(
    'isLocalDate',
    isLocalDate,
    (args) => `$property must be a real date written YYYY-MM-DD, got ${describe(args.value)}`,
    options,
  );
}

export function IsHolidayCountry(options?: ValidationOptions): PropertyDecorator {
  return decorator(
    'isHolidayCountry',
    (value) => typeof value === 'string' && Object.prototype.hasOwnProperty.call(knownHolidayCountries(), value),
    (args) => `$property must be a country code known to date-holidays (FR, GF, RE, GP, MQ, YT…), got ${describe(args.value)}`,
    options,
  );
}

export function IsSlug(options?: ValidationOptions): PropertyDecorator {
  return decorator(
    'isSlug',
    (value) => typeof value === 'string' && SLUG_PATTERN.test(value),
    (args) => `$property must be lower-case letters, digits and single hyphens (e.g. comite-de-pilotage), got ${describe(args.value)}`,
    options,
  );
}
