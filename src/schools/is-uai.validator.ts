import { ValidationArguments, ValidationOptions, registerDecorator } from 'class-validator';
import { checkUai } from '../rules/uai.rule';

/** Why a value is not a valid UAI, in the words of the UAI rule; null when it is one. */
export function uaiProblem(value: unknown): string | null {
  if (typeof value !== 'string') return 'must be a string of 7 digits followed by a check letter, e.g. 0382460T';
  const check = checkUai(value);
  return check.valid ? null : check.message;
}

/**
 * A UAI whose check letter matches its seven digits. The message names the letter expected, so
 * that whoever mistyped it sees the fix: "has check letter A but 0382460 requires T (0382460T)".
 * Pair it with a transform that trims and upper-cases if lower case should be accepted.
 */
export function IsUai(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: 'isUai',
      target: target.constructor,
      propertyName: String(propertyName),
      options,
      validator: {
        validate: (value: unknown) => uaiProblem(value) === null,
        // The property leads the message, as in class-validator's own messages.
        defaultMessage: (args?: ValidationArguments) => `${args?.property ?? 'uai'} ${uaiProblem(args?.value)}`,
      },
    });
  };
}

/** Trims and upper-cases a UAI before validation, so "0382460t " is read as 0382460T. */
export function normalizeUai({ value }: { value: unknown }): unknown {
  return typeof value === 'string' ? value.trim().toUpperCase() : value;
}
