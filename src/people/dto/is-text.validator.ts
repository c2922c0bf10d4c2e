import { ValidationArguments, ValidationOptions, registerDecorator } from 'class-validator';

export interface TextOptions {
  /** Longest value accepted, in characters. */
  max: number;
}

/** Why a value is not acceptable free text, or null. One reason per field, the first that applies. */
export function textProblem(value: unknown, options: TextOptions): string | null {
  if (typeof value !== 'string') return 'must be a string';
  // PostgreSQL text cannot hold NUL: refused here rather than failing in the database.
  if (value.includes('\u0000')) return 'must not contain the NUL character';
  if (value.trim() === '') return 'should not be empty';
  if (value.length > options.max) return `must be at most ${options.max} characters long`;
  return null;
}

/** A string fit for a text column: no NUL, not blank, at most `max` characters. */
export function IsText(textOptions: TextOptions, options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: 'isText',
      target: target.constructor,
      propertyName: String(propertyName),
      options,
      validator: {
        validate: (value: unknown) => textProblem(value, textOptions) === null,
        defaultMessage: (args?: ValidationArguments) => `${args?.property ?? 'value'} ${textProblem(args?.value, textOptions)}`,
      },
    });
  };
}

/** Transforms for @Transform: surrounding spaces never matter. */
export function trimmed({ value }: { value: unknown }): unknown {
  return typeof value === 'string' ? value.trim() : value;
}

/** For optional fields: a blank value means "none". */
export function trimmedOrNull({ value }: { value: unknown }): unknown {
  if (typeof value !== 'string') return value;
  const text = value.trim();
  return text === '' ? null : text;
}
