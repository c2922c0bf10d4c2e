import { targetConstructorToSchema } from 'class-validator-jsonschema';
import type { MetadataStorage } from 'class-transformer/types/MetadataStorage';
import { LOCAL_DATE_PATTERN, SLUG_PATTERN } from './dto/definition-validators';
import {
  AmendmentDefinitionDto,
  ConventionDefinitionDto,
  FigureDefinitionDto,
  HolidaysDefinitionDto,
  PartyDefinitionDto,
  PersonDefinitionDto,
  RepresentativeDefinitionDto,
  SchoolDefinitionDto,
  TerminationNoticeDefinitionDto,
} from './dto/convention-definition.dto';
import {
  CommitteeDefinitionDto,
  ConvenerDefinitionDto,
  FrequencyDefinitionDto,
  GuestsDefinitionDto,
  MemberDefinitionDto,
  NoticeDefinitionDto,
  PrerequisiteDefinitionDto,
  QuorumDefinitionDto,
  ReconveningDefinitionDto,
  ReconveningNoticeDefinitionDto,
  MinutesDefinitionDto,
  MinutesWriterDefinitionDto,
  EventDeadlineDefinitionDto,
  OnRequestDefinitionDto,
  TermOfOfficeDefinitionDto,
  ChairRotationDefinitionDto,
  RepresentedByDefinitionDto,
  SeatCountDefinitionDto,
  ReportDefinitionDto,
  SeatDefinitionDto,
} from './dto/committee-definition.dto';

// class-transformer keeps the @Type metadata (which class an array holds) in a storage it does not export from its entry point.
const { defaultMetadataStorage } = require('class-transformer/cjs/storage') as { defaultMetadataStorage: MetadataStorage };

type Schema = Record<string, unknown>;

const NESTED_CLASSES: Function[] = [
  HolidaysDefinitionDto,
  TerminationNoticeDefinitionDto,
  PartyDefinitionDto,
  RepresentativeDefinitionDto,
  SchoolDefinitionDto,
  FigureDefinitionDto,
  AmendmentDefinitionDto,
  PersonDefinitionDto,
  CommitteeDefinitionDto,
  SeatDefinitionDto,
  ConvenerDefinitionDto,
  FrequencyDefinitionDto,
  NoticeDefinitionDto,
  QuorumDefinitionDto,
  ReconveningDefinitionDto,
  ReconveningNoticeDefinitionDto,
  MinutesDefinitionDto,
  MinutesWriterDefinitionDto,
  EventDeadlineDefinitionDto,
  OnRequestDefinitionDto,
  TermOfOfficeDefinitionDto,
  ChairRotationDefinitionDto,
  RepresentedByDefinitionDto,
  SeatCountDefinitionDto,
  GuestsDefinitionDto,
  PrerequisiteDefinitionDto,
  ReportDefinitionDto,
  MemberDefinitionDto,
];

/** "SeatDefinitionDto" → "Seat": the names a reader of the schema sees. */
const shortName = (className: string) => className.replace(/DefinitionDto$/, '');

const CONVERTERS = {
  isUai: { type: 'string', pattern: '^(\\d{7}|2[ABab]\\d{5})[A-HJ-NP-Za-hj-np-z]$', description: 'UAI: 7 characters and a check letter, e.g. 0382460T' },
  isIanaTimeZone: { type: 'string', description: 'IANA time zone, e.g. Europe/Paris', examples: ['Europe/Paris', 'America/Cayenne', 'Indian/Reunion'] },
  isLocalDate: { type: 'string', format: 'date', pattern: LOCAL_DATE_PATTERN.source },
  isHolidayCountry: { type: 'string', pattern: '^[A-Z]{2}$', examples: ['FR', 'GF', 'RE', 'GP', 'MQ', 'YT'] },
  isSlug: { type: 'string', pattern: SLUG_PATTERN.source },
  // The type comes from IsInt or IsNumber beside it.
  min: (meta: { constraints: unknown[] }) => ({ minimum: meta.constraints[0] }),
};

function schemaOf(target: Function): Schema {
  return targetConstructorToSchema(target, {
    classTransformerMetadataStorage: defaultMetadataStorage,
    refPointerPrefix: '#/definitions/',
    additionalConverters: CONVERTERS as never,
  }) as Schema;
}

/**
 * Unknown fields are refused, and an optional field may also be written null — as the validation
 * does. A $ref is wrapped so that the description beside it is not ignored.
 */
function tighten(schema: Schema): Schema {
  const properties = schema.properties as Record<string, Schema>;
  const required = new Set((schema.required as string[] | undefined) ?? []);
  const tightened: Record<string, Schema> = {};
  for (const [name, property] of Object.entries(properties)) {
    tightened[name] = renameRefs(required.has(name) ? wrapRef(property) : nullable(property));
  }
  return { ...schema, properties: tightened, additionalProperties: false };
}

function wrapRef(property: Schema): Schema {
  if (!('$ref' in property)) return property;
  const { $ref, ...rest } = property;
  return { ...rest, allOf: [{ $ref }] };
}

function nullable(property: Schema): Schema {
  if ('$ref' in property) {
    const { $ref, ...rest } = property;
    return { ...rest, anyOf: [{ $ref }, { type: 'null' }] };
  }
  if (typeof property.type === 'string') {
    const result: Schema = { ...property, type: [property.type, 'null'] };
    if (Array.isArray(property.enum)) result.enum = [...property.enum, null];
    return result;
  }
  return property;
}

function renameRefs(value: unknown): any {
  if (Array.isArray(value)) return value.map(renameRefs);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [key, key === '$ref' && typeof inner === 'string' ? inner.replace(/[^/]+$/, shortName) : renameRefs(inner)]),
    );
  }
  return value;
}

let cached: Schema | undefined;

/** The JSON Schema of a convention definition file, generated from the DTO classes that validate it. */
export function conventionDefinitionSchema(): Schema {
  if (cached) return cached;
  const root = tighten(schemaOf(ConventionDefinitionDto));
  const definitions = Object.fromEntries(NESTED_CLASSES.map((target) => [shortName(target.name), tighten(schemaOf(target))]));
  cached = {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://copil.example/schemas/convention-definition.json',
    ...root,
    definitions,
  };
  return cached;
}

/** The committed examples/convention-definition.schema.json is exactly this text. */
export function conventionDefinitionSchemaText(): string {
  return `${JSON.stringify(conventionDefinitionSchema(), null, 2)}\n`;
}
