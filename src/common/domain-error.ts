import type { ErrorCode, FieldCode } from './error-codes';

/**
 * A refusal by copil's own rules. The code is machine-readable, the message is English and says
 * what was refused and what would satisfy the rule; `details` carries the facts (fields, dates).
 * Every code is listed in error-codes.ts.
 * The exception filter maps `kind` to an HTTP status.
 */
export type DomainErrorKind = 'invalid' | 'not_found' | 'conflict' | 'rule' | 'forbidden' | 'unauthorized' | 'too_many';

/** One field at fault: where, why as a code (FIELD_CODES), and why in English words. */
export interface FieldError {
  path: string;
  code: FieldCode;
  message: string;
}

/** The entities whose absence is answered `<entity>_not_found`. */
type NotFoundEntity = ErrorCode extends infer C ? (C extends `${infer E}_not_found` ? E : never) : never;

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    readonly code: ErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }

  static invalid(fields: FieldError[], message = 'The request has invalid fields'): DomainError {
    return new DomainError('invalid', 'validation_failed', message, { fields });
  }

  static notFound(entity: NotFoundEntity, key: string): DomainError {
    return new DomainError('not_found', `${entity}_not_found` as ErrorCode, `No ${entity.replace(/_/g, ' ')} with ${key}`);
  }

  static conflict(code: ErrorCode, message: string, details: Record<string, unknown> = {}): DomainError {
    return new DomainError('conflict', code, message, details);
  }
}
