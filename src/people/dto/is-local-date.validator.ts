import { ValidationArguments, ValidationOptions, registerDecorator } from 'class-validator';
import { DateTime } from 'luxon';

const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A calendar date as PostgreSQL's `date` stores it: YYYY-MM-DD, and a day that exists (no year 0). */
export function isLocalDate(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    LOCAL_DATE.test(value) &&
    !value.startsWith('0000') &&
    DateTime.fromISO(value, { zone: 'utc' }).isValid
  );
}

export function IsLocalDate(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: 'isLocalDate',
      target: target.constructor,
      propertyName: String(propertyName),
      options,
      validator: {
        validate: (value: unknown) => isLocalDate(value),
        defaultMessage: (args?: ValidationArguments) => `${args?.property ?? 'date'} must be an existing date written YYYY-MM-DD`,
      },
    });
  };
}
