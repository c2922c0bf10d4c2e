import { SCHOOL_ZONES } from '../../rules/school-holidays.rule';
import type { SchoolZone } from '../../rules/school-holidays.rule';
import { Type } from 'class-transformer';
import {
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Min,
  ValidateNested,
} from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';
import { NOTICE_UNITS } from '../../conventions/convention.entity';
import type { NoticeUnit } from '../../conventions/convention.entity';
import { PARTY_KINDS } from '../../conventions/party.entity';
import type { PartyKind } from '../../conventions/party.entity';
import { SCHOOL_TYPES } from '../../schools/school.entity';
import type { SchoolType } from '../../schools/school.entity';
import { CommitteeDefinitionDto } from './committee-definition.dto';
import { ACADEMIES, DEPARTEMENT_CODE, DEPARTEMENT_MESSAGE } from '../../conventions/territory';
import { IsHolidayCountry, IsSlug } from './definition-validators';
import { IsIanaTimeZone, IsLocalDate, IsUai } from '../../common/validators';

const oneOf = (values: readonly string[]) => ({ message: `$property must be one of ${values.join(', ')}` });
const EMAIL = { message: '$property must be an email address' };

@JSONSchema({ description: 'Territory whose public holidays apply, as date-holidays knows it.' })
export class HolidaysDefinitionDto {
  @JSONSchema({ description: 'date-holidays country code: FR, GF, RE, GP, MQ, YT…' })
  @IsHolidayCountry()
  country: string;

  @JSONSchema({ description: 'date-holidays region (state) code within the country, e.g. "67" for Bas-Rhin.' })
  @IsOptional()
  @IsString()
  region?: string | null;
}

@JSONSchema({ description: 'Préavis de résiliation.' })
export class TerminationNoticeDefinitionDto {
  @IsInt()
  @Min(1)
  amount: number;

  @IsIn(NOTICE_UNITS, oneOf(NOTICE_UNITS))
  unit: NoticeUnit;

  @JSONSchema({ description: 'How notice is given: "lettre recommandée avec accusé de réception".' })
  @IsOptional()
  @IsString()
  form?: string | null;
}

export class RepresentativeDefinitionDto {
  @IsString()
  @IsNotEmpty()
  name: string;

  @IsOptional()
  @IsString()
  title?: string | null;
}

@JSONSchema({ description: 'A signatory of the convention.' })
export class PartyDefinitionDto {
  @JSONSchema({ description: 'Key of the party within the convention, used by seats and conveners: "academie", "commune".' })
  @IsSlug()
  key: string;

  @IsIn(PARTY_KINDS, oneOf(PARTY_KINDS))
  kind: PartyKind;

  @IsString()
  @IsNotEmpty()
  name: string;

  @IsOptional()
  @ValidateNested()
  @Type(() => RepresentativeDefinitionDto)
  representative?: RepresentativeDefinitionDto | null;

  @IsOptional()
  @IsString()
  address?: string | null;

  @JSONSchema({ description: 'Sender address of the convocations this party sends.' })
  @IsOptional()
  @IsEmail({}, EMAIL)
  email?: string | null;
}

@JSONSchema({ description: 'A figure a seat count may follow: « le nombre de classes de l\'école », « le nombre de communes membres ».' })
export class FigureDefinitionDto {
  @JSONSchema({ description: 'Its name, lower-case with hyphens, as seats refer to it: "classes", "communes".' })
  @IsSlug()
  name: string;

  @IsInt()
  @Min(0)
  value: number;

  @IsOptional()
  @IsString()
  text?: string | null;
}

@JSONSchema({ description: 'A school the convention or one of its amendments mentions.' })
export class SchoolDefinitionDto {
  @IsUai()
  uai: string;

  @IsString()
  @IsNotEmpty()
  name: string;

  @IsIn(SCHOOL_TYPES, oneOf(SCHOOL_TYPES))
  type: SchoolType;

  @IsString()
  @IsNotEmpty()
  commune: string;

  @IsOptional()
  @IsString()
  circonscription?: string | null;

  @JSONSchema({ description: 'UAI of the reference collège.' })
  @IsOptional()
  @IsUai()
  referenceCollege?: string | null;

  @IsOptional()
  @IsString()
  address?: string | null;

  @JSONSchema({ description: 'Figures of this school that seat counts follow (« autant de représentants que de classes »).' })
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => FigureDefinitionDto)
  figures?: FigureDefinitionDto[] | null;
}

@JSONSchema({ description: 'Avenant. Amendments apply in the order listed.' })
export class AmendmentDefinitionDto {
  @IsSlug()
  reference: string;

  @IsString()
  @IsNotEmpty()
  title: string;

  @IsLocalDate()
  signedOn: string;

  @IsOptional()
  @IsLocalDate()
  effectiveOn?: string | null;

  @IsOptional()
  @IsString()
  summary?: string | null;

  @JSONSchema({ description: 'UAIs of schools (listed under schools) the amendment brings under the convention.' })
  @IsOptional()
  @IsArray()
  @IsUai({ each: true })
  addSchools?: string[] | null;

  @JSONSchema({ description: 'UAIs of covered schools the amendment takes out.' })
  @IsOptional()
  @IsArray()
  @IsUai({ each: true })
  removeSchools?: string[] | null;
}

@JSONSchema({ description: 'A person who may hold seats; people are shared between conventions, keyed by email.' })
export class PersonDefinitionDto {
  @IsEmail({}, EMAIL)
  email: string;

  @IsString()
  @IsNotEmpty()
  fullName: string;

  @JSONSchema({ description: 'Fonction: "IEN de la circonscription de Kourou".' })
  @IsOptional()
  @IsString()
  title?: string | null;

  @IsOptional()
  @IsString()
  organization?: string | null;

  @IsOptional()
  @IsString()
  phone?: string | null;
}

@JSONSchema({
  title: 'copil convention definition',
  description: 'A partnership convention, its parties, schools, amendments and committees, as one file (YAML or JSON).',
})
export class ConventionDefinitionDto {
  @JSONSchema({ description: 'Stable key of the convention, e.g. "guyane-remire-montjoly-2015".' })
  @IsSlug()
  reference: string;

  @IsString()
  @IsNotEmpty()
  title: string;

  @IsOptional()
  @IsString()
  description?: string | null;

  @JSONSchema({ description: 'IANA time zone in which every local date of the convention is read.' })
  @IsIanaTimeZone()
  timeZone: string;

  @ValidateNested()
  @Type(() => HolidaysDefinitionDto)
  holidays: HolidaysDefinitionDto;

  @JSONSchema({ description: 'School-holiday zone: A, B, C, Corse, Guadeloupe, Guyane, Martinique, Mayotte, Réunion. When absent, the zone of the académie among the parties (« Académie de Grenoble »: A), else of the overseas territory.' })
  @IsOptional()
  @IsIn(SCHOOL_ZONES, { message: `$property must be one of ${SCHOOL_ZONES.join(', ')}` })
  schoolZone?: SchoolZone | null;

  @JSONSchema({ description: 'Académie the convention belongs to, by its usual name: "Grenoble", "La Réunion". Roles may be granted over it.' })
  @IsOptional()
  @IsIn(ACADEMIES, oneOf(ACADEMIES))
  academie?: string | null;

  @JSONSchema({ description: 'INSEE code of the convention\'s département: "38", "2A", "973". Roles may be granted over it.' })
  @IsOptional()
  @IsString()
  @Matches(DEPARTEMENT_CODE, { message: DEPARTEMENT_MESSAGE })
  departement?: string | null;

  @IsLocalDate()
  signedOn: string;

  @JSONSchema({ description: 'The signature date when absent.' })
  @IsOptional()
  @IsLocalDate()
  effectiveFrom?: string | null;

  @JSONSchema({ description: 'Give durationMonths or endsOn, not both.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  durationMonths?: number | null;

  @IsOptional()
  @IsLocalDate()
  endsOn?: string | null;

  @IsOptional()
  @IsBoolean()
  tacitRenewal?: boolean;

  @IsOptional()
  @ValidateNested()
  @Type(() => TerminationNoticeDefinitionDto)
  terminationNotice?: TerminationNoticeDefinitionDto | null;

  @IsArray()
  @ArrayMinSize(2, { message: '$property must list the signatories, at least two' })
  @ValidateNested({ each: true })
  @Type(() => PartyDefinitionDto)
  parties: PartyDefinitionDto[];

  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => SchoolDefinitionDto)
  schools?: SchoolDefinitionDto[] | null;

  @JSONSchema({ description: 'Figures for the whole convention that seat counts follow, when no school states them (« autant de représentants que de communes membres »).' })
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => FigureDefinitionDto)
  figures?: FigureDefinitionDto[] | null;

  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => AmendmentDefinitionDto)
  amendments?: AmendmentDefinitionDto[] | null;

  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => PersonDefinitionDto)
  people?: PersonDefinitionDto[] | null;

  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => CommitteeDefinitionDto)
  committees?: CommitteeDefinitionDto[] | null;
}

