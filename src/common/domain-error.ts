/**
 * A refusal by copil's own rules. The code is machine-readable, the message is English and says
 * what was refused and what would satisfy the rule; `details` carries the facts (fields, dates).
 * The exception filter maps `kind` to an HTTP status.
 */
export type DomainErrorKind = 'invalid' | 'not_found' | 'conflict' | 'rule' | 'forbidden' | 'unauthorized' | 'too_many';

export interface FieldError {
  path: string;
  reason: string;
}

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }

  static invalid(fields: FieldError[], message = 'The request has invalid fields'): DomainError {
    return new DomainError('invalid', 'validation_failed', message, { fields });
  }

  static notFound(entity: string, key: string): DomainError {
    return new DomainError('not_found', `${entity}_not_found`, `No ${entity.replace(/_/g, ' ')} with ${key}`);
  }

  static conflict(code: string, message: string, details: Record<string, unknown> = {}): DomainError {
    return new DomainError('conflict', code, message, details);
  }
}
