import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { DomainError, FieldError } from './domain-error';

/** Flattens class-validator's tree into one entry per field at fault: "seats[2].party: must be …". */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  const result: FieldError[] = [];
  for (const error of errors) {
    const segment = /^\d+$/.test(error.property) ? `[${error.property}]` : error.property;
    const path = parent === '' ? segment.replace(/^\[/, '[') : segment.startsWith('[') ? `${parent}${segment}` : `${parent}.${segment}`;
    for (const [constraint, message] of Object.entries(error.constraints ?? {})) {
      result.push({ path, reason: constraint === 'whitelistValidation' ? 'is not a known field' : message.replace(/^\S+ /, '') });
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
      throw DomainError.invalid([{ path: 'body', reason: 'must be a JSON object' }]);
    }
    return super.transform(value, metadata);
  }
}

export function createValidationPipe(): ValidationPipe {
  return new CopilValidationPipe({
    ...VALIDATION_OPTIONS,
    exceptionFactory: (errors) => DomainError.invalid(flattenValidationErrors(errors)),
  });
}
