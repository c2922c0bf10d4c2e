import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsArray, IsBoolean, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, IsUUID, Min, registerDecorator, ValidateNested, ValidationArguments, ValidationOptions } from 'class-validator';
import { checkUai } from '../rules/uai.rule';
import { isIanaTimeZone } from '../rules/time-zone.rule';
import { isLocalDate as isCalendarDate } from '../rules/local-date';
import type { FieldCode } from './error-codes';
import { ruleMessage } from './validation';

/**
 * Field rules shared by every request and by the definition format, as class-validator
 * decorators. Each carries a field code (FIELD_CODES), so that a field error reads
 * `{ path: 'startsOn', code: 'not_a_date', message: 'must be an existing date written YYYY-MM-DD' }`.
 */

/** Why a value is refused: a field code and English words. */
export interface FieldProblem {
  code: FieldCode;
  message: string;
}

/**
 * Registers a decorator from a test, a field code and a reason; the decorator's name is what the
 * JSON Schema generator keys on. The code may depend on the value (a text too long, or not a string).
 */
export function fieldRule(
  name: string,
  code: FieldCode | ((value: unknown) => FieldCode),
  test: (value: unknown) => boolean,
  reason: (value: unknown) => string,
  options?: ValidationOptions,
): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name,
      target: target.constructor,
      propertyName: String(propertyName),
      options,
      validator: {
        validate: (value: unknown) => test(value),
        defaultMessage: (args?: ValidationArguments) =>
          ruleMessage(args?.property ?? String(propertyName), typeof code === 'function' ? code(args?.value) : code, reason(args?.value)),
      },
    });
}

export function quoted(value: unknown): string {
  return typeof value === 'string' ? `"${value}"` : (JSON.stringify(value) ?? String(value));
}

/** A calendar day as PostgreSQL's `date` stores it: YYYY-MM-DD, a day that exists, no year 0. */
export function isLocalDate(value: unknown): value is string {
  return typeof value === 'string' && !value.startsWith('0000') && isCalendarDate(value);
}

export function IsLocalDate(options?: ValidationOptions): PropertyDecorator {
  return fieldRule('isLocalDate', 'not_a_date', isLocalDate, (value) => `must be an existing date written YYYY-MM-DD, got ${quoted(value)}`, options);
}

/** Why a value is not a valid UAI, in the words of the UAI rule; null when it is one. */
export function uaiProblem(value: unknown): string | null {
  if (typeof value !== 'string') return 'must be a string of 7 digits followed by a check letter, e.g. 0382460T';
  const check = checkUai(value);
  return check.valid ? null : check.message;
}

/**
 * A UAI whose check letter matches its seven digits. The reason names the letter expected, so
 * that whoever mistyped it sees the fix: "has check letter A but 0382460 requires T (0382460T)".
 * With `each`, the reason names the wrong element.
 */
export function IsUai(options?: ValidationOptions): PropertyDecorator {
  return fieldRule(
    'isUai',
    'not_a_uai',
    (value) => uaiProblem(value) === null,
    (value) => {
      if (!options?.each || !Array.isArray(value)) return uaiProblem(value) ?? '';
      const wrong = value.find((element) => uaiProblem(element) !== null);
      return `contains ${quoted(wrong)}, which ${uaiProblem(wrong)}`;
    },
    options,
  );
}

/** Trims and upper-cases a UAI before validation, so "0382460t " is read as 0382460T. */
export function normalizeUai({ value }: { value: unknown }): unknown {
  return typeof value === 'string' ? value.trim().toUpperCase() : value;
}

export function IsIanaTimeZone(options?: ValidationOptions): PropertyDecorator {
  return fieldRule(
    'isIanaTimeZone',
    'not_a_time_zone',
    (value) => typeof value === 'string' && isIanaTimeZone(value),
    (value) => `must be an IANA time zone such as Europe/Paris, America/Cayenne or Indian/Reunion, got ${quoted(value)}`,
    options,
  );
}

export interface TextOptions {
  /** Longest value accepted, in characters. */
  max: number;
}

/** Why a value is not acceptable free text, or null. One reason per field, the first that applies. */
export function textProblem(value: unknown, options: TextOptions): FieldProblem | null {
  if (typeof value !== 'string') return { code: 'not_a_string', message: 'must be a string' };
  // PostgreSQL text cannot hold NUL: refused here rather than failing in the database.
  if (value.includes('\u0000')) return { code: 'forbidden_character', message: 'must not contain the NUL character' };
  const control = forbiddenCharacterProblem(value, false);
  if (control !== null) return { code: 'forbidden_character', message: control };
  if (value.trim() === '') return { code: 'required', message: 'should not be empty' };
  if (value.length > options.max) return { code: 'too_long', message: `must be at most ${options.max} characters long` };
  return null;
}

/** A single-line string fit for a text column: no NUL nor control character, not blank, at most `max` characters. */
export function IsText(textOptions: TextOptions, options?: ValidationOptions): PropertyDecorator {
  return fieldRule(
    'isText',
    (value) => textProblem(value, textOptions)?.code ?? 'wrong_format',
    (value) => textProblem(value, textOptions) === null,
    (value) => textProblem(value, textOptions)?.message ?? '',
    options,
  );
}

/**
 * Characters no text field takes: C0 controls but TAB, DEL, C1 controls (NEL among them), and the
 * Unicode line and paragraph separators. A bare CR in a meeting's title would reach an email body,
 * where RFC 5322 forbids it; a line break in a single-line field would split an email or a
 * calendar line. Multi-line fields take LF, and only LF.
 */
const SINGLE_LINE_FORBIDDEN = /[\u0000-\u0008\u000A-\u001F\u007F-\u009F\u2028\u2029]/;
const MULTI_LINE_FORBIDDEN = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u2028\u2029]/;

export function forbiddenCharacterProblem(value: unknown, multiLine: boolean): string | null {
  if (typeof value !== 'string') return null;
  const found = (multiLine ? MULTI_LINE_FORBIDDEN : SINGLE_LINE_FORBIDDEN).exec(value);
  if (!found) return null;
  const code = `U+${found[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
  return multiLine
    ? `must not contain the control character ${code} (line breaks are LF)`
    : `must be a single line without control characters, found ${code}`;
}

/** A single-line text: no line break of any kind, no control character (TAB aside). Non-strings are left to @IsString. */
export function IsSingleLine(options?: ValidationOptions): PropertyDecorator {
  return fieldRule('isSingleLine', 'forbidden_character', (value) => forbiddenCharacterProblem(value, false) === null, (value) => forbiddenCharacterProblem(value, false) ?? '', options);
}

/** For @Transform on multi-line texts: CRLF and lone CR become LF, as emails and pages write them. */
export function normalizedLineBreaks({ value }: { value: unknown }): unknown {
  return typeof value === 'string' ? value.replace(/\r\n?/g, '\n') : value;
}

/** A multi-line text: lines end with LF (after normalizedLineBreaks); no other control character. */
export function IsMultiLine(options?: ValidationOptions): PropertyDecorator {
  return fieldRule('isMultiLine', 'forbidden_character', (value) => forbiddenCharacterProblem(value, true) === null, (value) => forbiddenCharacterProblem(value, true) ?? '', options);
}

/** For @Transform: surrounding spaces never matter. */
export function trimmed({ value }: { value: unknown }): unknown {
  return typeof value === 'string' ? value.trim() : value;
}

/** For optional fields: a blank value means "none". */
export function trimmedOrNull({ value }: { value: unknown }): unknown {
  if (typeof value !== 'string') return value;
  const text = value.trim();
  return text === '' ? null : text;
}

/**
 * The highest page number a paginated list takes. Far beyond any list copil holds, and low enough
 * that (page - 1) × pageSize stays an exact integer that PostgreSQL's OFFSET takes.
 */
export const MAX_PAGE = 1_000_000;

/** A uuid path parameter, refused with 400 naming `id` before it reaches PostgreSQL. */
export class IdParams {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('loose')
  id: string;
}

/*
 * Stacks of class-validator decorators that the definition format and the requests repeat, each
 * under one name. `stacked` applies them as if written one above the other (the last first), so a
 * field keeps the same constraints in the same order: the same error messages, the same JSON Schema.
 */
function stacked(...decorators: PropertyDecorator[]): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    for (const decorator of [...decorators].reverse()) decorator(target, propertyName);
  };
}

/** One of `values`, the error naming them: "period must be one of quarter, semester, year, months". */
export function IsOneOf(values: readonly string[]): PropertyDecorator {
  return IsIn(values as string[], { message: `$property must be one of ${values.join(', ')}` });
}

export function OptionalOneOf(values: readonly string[]): PropertyDecorator {
  return stacked(IsOptional(), IsOneOf(values));
}

/** A whole number of at least `minimum` (days, places, meetings). */
export function Count(minimum: number): PropertyDecorator {
  return stacked(IsInt(), Min(minimum));
}

export function OptionalCount(minimum: number): PropertyDecorator {
  return stacked(IsOptional(), IsInt(), Min(minimum));
}

/** A string that must be there and not be empty. */
export function RequiredString(): PropertyDecorator {
  return stacked(IsString(), IsNotEmpty());
}

export function OptionalString(): PropertyDecorator {
  return stacked(IsOptional(), IsString());
}

export function OptionalFlag(): PropertyDecorator {
  return stacked(IsOptional(), IsBoolean());
}

/** A list of keys (seat keys, party keys, seat groups), the error saying which: "$property must contain seat keys". */
export function OptionalKeyList(what: string): PropertyDecorator {
  return stacked(IsOptional(), IsArray(), IsString({ each: true, message: `$property must contain ${what}` }));
}

/** An object of class `type`, validated field by field. */
export function Nested(type: () => Function): PropertyDecorator {
  return stacked(ValidateNested(), Type(type));
}

export function OptionalNested(type: () => Function): PropertyDecorator {
  return stacked(IsOptional(), ValidateNested(), Type(type));
}

/** A list of objects of class `type`, each validated field by field. */
export function NestedList(type: () => Function): PropertyDecorator {
  return stacked(IsArray(), ValidateNested({ each: true }), Type(type));
}

export function OptionalNestedList(type: () => Function): PropertyDecorator {
  return stacked(IsOptional(), IsArray(), ValidateNested({ each: true }), Type(type));
}

