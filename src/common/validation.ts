import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { DomainError, FieldError } from './domain-error';
import { CONSTRAINT_CODES, FIELD_CODES, FieldCode } from './error-codes';

/**
 * The message of one of our field rules (validators.ts): the property, the field code in brackets,
 * the reason. class-validator keeps one string per constraint, so the code travels inside it and
 * the flattener below takes it out again.
 */
export function ruleMessage(property: string, code: FieldCode, reason: string): string {
  return `${property} [${code}] ${reason}`;
}

const RULE_CODE = /^\[([a-z_]+)\] /;

/** A field error from one class-validator constraint and its message (the property's name first). */
function fieldError(path: string, constraint: string, message: string): FieldError {
  if (constraint === 'whitelistValidation') return { path, code: 'unknown_field', message: 'is not a known field' };
  const reason = message.replace(/^\S+ /, '');
  const tagged = RULE_CODE.exec(reason);
  if (tagged && tagged[1] in FIELD_CODES) return { path, code: tagged[1] as FieldCode, message: reason.slice(tagged[0].length) };
  return { path, code: CONSTRAINT_CODES[constraint] ?? 'wrong_format', message: reason };
}

/** Flattens class-validator's tree into one entry per field at fault: "seats[2].party: must be …". */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  const result: FieldError[] = [];
  for (const error of errors) {
    const segment = /^\d+$/.test(error.property) ? `[${error.property}]` : error.property;
    const path = parent === '' ? segment.replace(/^\[/, '[') : segment.startsWith('[') ? `${parent}${segment}` : `${parent}.${segment}`;
    for (const [constraint, message] of Object.entries(error.constraints ?? {})) {
      result.push(fieldError(path, constraint, message));
    }
    if (error.children?.length) result.push(...flattenValidationErrors(error.children, path));
  }
  return result;
}

export const VALIDATION_OPTIONS = {
  whitelist: true,
  forbidNonWhitelisted: true,
  forbidUnknownValues: true,
  transform: true,
  validationError: { target: false, value: false },
} as const;

/**
 * The global pipe. A body validated against a DTO class must be a JSON object: an array or a bare
 * value would otherwise be reported field by field as if each field were missing.
 */
class CopilValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const dtoBody = metadata.type === 'body' && typeof metadata.metatype === 'function' && metadata.metatype !== Object;
    if (dtoBody && (value === null || typeof value !== 'object' || Array.isArray(value))) {
      throw DomainError.invalid([{ path: 'body', code: 'not_an_object', message: 'must be a JSON object' }]);
    }
    const broken = malformedTextPath(value, '');
    if (broken !== null) {
      // JSON may escape a lone surrogate (\ud800): not text, and validator.js' isEmail throws on it.
      throw DomainError.invalid([{ path: broken || 'body', code: 'forbidden_character', message: 'contains a lone UTF-16 surrogate, which is not text' }]);
    }
    return super.transform(value, metadata);
  }
}

/** A UTF-16 surrogate not paired with its other half. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const wellFormed = (text: string): boolean => !LONE_SURROGATE.test(text);

/** The path of the first string (or key) that is not well-formed Unicode, or null. */
function malformedTextPath(value: unknown, path: string, depth = 0): string | null {
  if (typeof value === 'string') return wellFormed(value) ? null : path;
  if (value === null || typeof value !== 'object' || depth > 64) return null;
  for (const [key, inner] of Object.entries(value)) {
    const at = path ? `${path}.${key}` : key;
    if (!wellFormed(key)) return at;
    const found = malformedTextPath(inner, at, depth + 1);
    if (found !== null) return found;
  }
  return null;
}

export function createValidationPipe(): ValidationPipe {
  return new CopilValidationPipe({
    ...VALIDATION_OPTIONS,
    exceptionFactory: (errors) => DomainError.invalid(flattenValidationErrors(errors)),
  });
}
