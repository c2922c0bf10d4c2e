import { IsNumber, IsOptional, ValidationOptions } from 'class-validator';
import Holidays from 'date-holidays';
import { fieldRule, quoted } from '../../common/validators';

/**
 * Field rules of the definition format that only it needs; the shared ones (IsUai, IsLocalDate,
 * IsIanaTimeZone) are in src/common/validators.ts. Each decorator's name is the key the JSON
 * Schema generator uses to describe it.
 */

export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const LOCAL_DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

let holidayCountries: Record<string, string> | undefined;

/** Country codes date-holidays knows (FR, GF, RE…), read once. */
export function knownHolidayCountries(): Record<string, string> {
  holidayCountries ??= new Holidays().getCountries();
  return holidayCountries;
}

export function knownHolidayRegions(country: string): Record<string, string> {
  return new Holidays().getStates(country) ?? {};
}

export function IsHolidayCountry(options?: ValidationOptions): PropertyDecorator {
  return fieldRule(
    'isHolidayCountry',
    'not_a_holiday_country',
    (value) => typeof value === 'string' && Object.prototype.hasOwnProperty.call(knownHolidayCountries(), value),
    (value) => `must be a country code known to date-holidays (FR, GF, RE, GP, MQ, YT…), got ${quoted(value)}`,
    options,
  );
}

export function IsSlug(options?: ValidationOptions): PropertyDecorator {
  return fieldRule(
    'isSlug',
    'not_a_slug',
    (value) => typeof value === 'string' && SLUG_PATTERN.test(value),
    (value) => `must be lower-case letters, digits and single hyphens (e.g. comite-de-pilotage), got ${quoted(value)}`,
    options,
  );
}

/** A share of members or places, « le tiers », « la moitié »: a number written with at most 4 decimals (0.3333); the range is checked with the rule. */
export function OptionalShare(): PropertyDecorator {
  const number = IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 4 });
  const optional = IsOptional();
  return (target: object, propertyName: string | symbol) => {
    number(target, propertyName);
    optional(target, propertyName);
  };
}

