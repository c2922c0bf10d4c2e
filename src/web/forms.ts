import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { DomainError } from '../common/domain-error';
import { VALIDATION_OPTIONS, flattenValidationErrors } from '../common/validation';
import { CSRF_FIELD } from './csrf';

/** A form's fields as the browser sent them (urlencoded: strings, and objects for a[0][b] names). */
export type FormBody = Record<string, unknown>;

/**
 * Validates what a form sent against the API's own DTO, with the API's rules and error shape, so
 * that a page refuses exactly what the API refuses. Empty fields count as absent.
 */
export async function readForm<T extends object>(dto: new () => T, body: FormBody | undefined): Promise<T> {
  const fields = withoutEmpty({ ...(body ?? {}) });
  delete fields[CSRF_FIELD];
  const instance = plainToInstance(dto, fields);
  const errors = await validate(instance, { ...VALIDATION_OPTIONS });
  if (errors.length > 0) throw DomainError.invalid(flattenValidationErrors(errors));
  return instance;
}

function withoutEmpty(value: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, entry] of Object.entries(value)) {
    if (typeof entry === 'string' && entry.trim() === '') continue;
    result[key] = entry;
  }
  return result;
}

/** The text a form sent in one field ('' when absent), to show it again after a refusal. */
export function textOf(body: FormBody | undefined, name: string): string {
  const value = body?.[name];
  return typeof value === 'string' ? value : '';
}
