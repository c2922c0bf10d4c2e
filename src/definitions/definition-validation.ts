import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { parseDocument } from 'yaml';
import { DomainError, FieldError } from '../common/domain-error';
import { flattenValidationErrors, VALIDATION_OPTIONS } from '../common/validation';
import { ConventionDefinitionDto } from './dto/convention-definition.dto';
import { checkDefinition } from './definition-checks';
import { MAX_BODY_DEPTH, yamlNestedDeeperThan } from '../common/request-body';
import { forbiddenCharacterProblem } from '../common/validators';

export const YAML_CONTENT_TYPES = ['application/yaml', 'application/x-yaml', 'text/yaml', 'text/x-yaml'];

/** A file that is not YAML (nor JSON, which YAML reads too): names where reading stopped. */
export function malformedDefinition(line: number, column: number, reason: string): DomainError {
  return new DomainError('invalid', 'malformed_definition', `YAML syntax error at line ${line}, column ${column}: ${reason}`, {
    line,
    column,
    fields: [{ path: `line ${line}, column ${column}`, code: 'syntax', message: reason }],
  });
}

/** More aliases than this in one file is an expansion attack ("billion laughs"), not a definition. */
const MAX_ALIAS_COUNT = 100;

/**
 * Reads a definition file's text, YAML or JSON, into plain data. Duplicate keys are an error.
 * The nesting is bounded before the parser runs: a file nested thousands deep would otherwise cost
 * the parser its stack and its memory.
 */
export function parseDefinitionText(text: string): unknown {
  if (yamlNestedDeeperThan(text, MAX_BODY_DEPTH)) {
    throw new DomainError('invalid', 'malformed_definition', `The definition nests deeper than ${MAX_BODY_DEPTH} levels`, { maxDepth: MAX_BODY_DEPTH });
  }
  const document = parseDocument(text, { uniqueKeys: true, prettyErrors: true });
  const [error] = document.errors;
  if (error) {
    const position = error.linePos?.[0] ?? { line: 1, col: 1 };
    throw malformedDefinition(position.line, position.col, error.message.replace(/ at line \d+, column \d+:?[\s\S]*$/, ''));
  }
  try {
    return document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    // The yaml library refuses an alias expansion beyond maxAliasCount with a ReferenceError.
    if (error instanceof ReferenceError) {
      throw new DomainError('invalid', 'malformed_definition', `The definition's aliases cannot be expanded (at most ${MAX_ALIAS_COUNT}): ${error.message}`, {
        maxAliasCount: MAX_ALIAS_COUNT,
      });
    }
    throw error;
  }
}

/** An HTTP body: text for the YAML content types, already-parsed data for JSON. */
export function definitionFromBody(body: unknown): unknown {
  if (typeof body === 'string') return parseDefinitionText(body);
  if (Buffer.isBuffer(body)) return parseDefinitionText(body.toString('utf8'));
  return body;
}

/** Field errors of a definition: first each field on its own (types, formats, unknown fields), then the rules across fields. */
export function definitionErrors(raw: unknown): { definition: ConventionDefinitionDto | null; errors: FieldError[] } {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return { definition: null, errors: [{ path: '(document)', code: 'not_an_object', message: 'must be a mapping of fields (reference, title, parties…)' }] };
  }
  const characterErrors = forbiddenCharacters(raw, '');
  if (characterErrors.length > 0) return { definition: null, errors: characterErrors };
  const definition = plainToInstance(ConventionDefinitionDto, raw);
  const fieldErrors = onlyTypeWhenMistyped(flattenValidationErrors(validateSync(definition, VALIDATION_OPTIONS)).map(clarify));
  if (fieldErrors.length > 0) return { definition: null, errors: fieldErrors };
  const errors = checkDefinition(definition);
  return { definition: errors.length === 0 ? definition : null, errors };
}

export function validateDefinition(raw: unknown): ConventionDefinitionDto {
  const { definition, errors } = definitionErrors(raw);
  if (!definition) throw DomainError.invalid(errors, 'The convention definition is invalid');
  return definition;
}

/** The fields of a definition that may hold several lines: the others are names, titles and keys. */
const MULTI_LINE_FIELDS = new Set(['description', 'summary', 'text']);

/**
 * Every text of the file checked for the characters no field takes, before the fields' own rules:
 * names and titles reach email headers, subjects and calendar lines, where a line break or a
 * control character would split or corrupt them. CRLF and lone CR become LF first (a file saved on
 * Windows), and only description, summary and text fields keep line breaks.
 */
function forbiddenCharacters(value: unknown, path: string): FieldError[] {
  if (Array.isArray(value)) return value.flatMap((item, index) => forbiddenCharacters(item, `${path}[${index}]`));
  if (value === null || typeof value !== 'object') return [];
  const record = value as Record<string, unknown>;
  return Object.keys(record).flatMap((key) => {
    const here = path === '' ? key : `${path}.${key}`;
    const field = record[key];
    if (typeof field !== 'string') return forbiddenCharacters(field, here);
    const text = field.replace(/\r\n?/g, '\n');
    record[key] = text;
    const problem = forbiddenCharacterProblem(text, MULTI_LINE_FIELDS.has(key));
    return problem === null ? [] : [{ path: here, code: 'forbidden_character', message: problem }];
  });
}

/** class-validator's wording for a nested value of the wrong type reads oddly once its first word is cut. */
function clarify(error: FieldError): FieldError {
  if (/property .* must be either object or array/.test(error.message)) {
    return { path: error.path, code: 'not_an_object', message: error.message.startsWith('value in') ? 'must be a mapping (object)' : 'must be a mapping (object) or a list' };
  }
  return error;
}

const TYPE_MISMATCH = /^must be (?:a string|an integer number|a number|a boolean value|an array)\b/;

/** "durationMonths: "48"" is a type error; that it is also "not less than 1" only adds noise. */
function onlyTypeWhenMistyped(errors: FieldError[]): FieldError[] {
  const mistyped = new Set(errors.filter((e) => TYPE_MISMATCH.test(e.message)).map((e) => e.path));
  return errors.filter((e) => !mistyped.has(e.path) || TYPE_MISMATCH.test(e.message));
}
