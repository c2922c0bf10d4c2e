import { Type } from 'class-transformer';
import {
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Min,
  ValidateNested,
} from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';
import {
  COMMITTEE_KINDS,
  COMMITTEE_SCOPES,
  COUNTED_MEETING_KINDS,
  MAJORITY_BASES,
  NOTICE_DAY_KINDS,
  PERIOD_CALENDARS,
  PERIOD_UNITS,
  QUORUM_KINDS,
  REPORT_KINDS,
} from '../../committees/committee-rules';
import type {
  CommitteeKind,
  CommitteeScope,
  CountedMeetingKinds,
  MajorityBase,
  NoticeDayKind,
  PeriodCalendar,
  PeriodUnit,
  QuorumKind,
  ReportKind,
} from '../../committees/committee-rules';
import { SCHOOL_TYPES } from '../../schools/school.entity';
import { MINUTES_APPROVALS, MINUTES_DAY_KINDS } from '../../rules/minutes.rule';
import { CHAIR_ROTATION_AMONG, CHAIR_ROTATION_EVERY } from '../../rules/chair-rotation.rule';
import type { ChairRotationAmong, ChairRotationEvery } from '../../rules/chair-rotation.rule';
import type { MinutesApproval, MinutesDayKind } from '../../rules/minutes.rule';
import type { SchoolType } from '../../schools/school.entity';
import { IsSlug } from './definition-validators';
import { IsLocalDate } from '../../common/validators';

const oneOf = (values: readonly string[]) => ({ message: `$property must be one of ${values.join(', ')}` });

@JSONSchema({ description: '« Autant de représentants que l\'école compte de classes »: the seat\'s count follows a figure of the school or of the convention.' })
export class SeatCountDefinitionDto {
  @JSONSchema({ description: 'Name of the figure, stated under schools[].figures or the convention\'s figures.' })
  @IsSlug()
  figure: string;

  @JSONSchema({ description: 'One place per this many of the figure, rounded up (« un pour deux classes »: 2); 1 when absent.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  per?: number | null;

  @JSONSchema({ description: 'Never fewer places; 1 when absent.' })
  @IsOptional()
  @IsInt()
  @Min(0)
  minimum?: number | null;

  @JSONSchema({ description: 'Never more places; no cap when absent.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  maximum?: number | null;

  @IsOptional()
  @IsString()
  text?: string | null;
}

@JSONSchema({ description: 'A place in the committee reserved for a party and a role ("un élu", "deux représentants…").' })
export class SeatDefinitionDto {
  @JSONSchema({ description: 'Key of the seat within the committee, e.g. "elu".' })
  @IsSlug()
  key: string;

  @JSONSchema({ description: 'Key of the party the seat represents; null for seats that represent no signatory (parents d\'élèves, établissements).' })
  @IsOptional()
  @IsString()
  party?: string | null;

  @JSONSchema({ description: 'The role as the convention words it.' })
  @IsString()
  @IsNotEmpty()
  role: string;

  @JSONSchema({ description: 'How many people hold this role; 1 when absent.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  count?: number;

  @JSONSchema({ description: 'Instead of count: the number follows a figure of the school or of the convention.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => SeatCountDefinitionDto)
  countFollows?: SeatCountDefinitionDto | null;

  @JSONSchema({ description: 'Heading under which the convention lists the seat, e.g. "Pour les établissements".' })
  @IsOptional()
  @IsString()
  group?: string | null;

  @JSONSchema({ description: '"ou son représentant": the holder may send a representative.' })
  @IsOptional()
  @IsBoolean()
  mayBeRepresented?: boolean;

  @JSONSchema({ description: '« avec voix consultative »: convened and present, never counted for the quorum. false when absent.' })
  @IsOptional()
  @IsBoolean()
  consultative?: boolean;
}

@JSONSchema({ description: 'Who sends the convocation: a party, optionally the holder of one of its seats.' })
export class ConvenerDefinitionDto {
  @IsString()
  @IsNotEmpty()
  party: string;

  @JSONSchema({ description: 'Key of the seat whose holder convenes; null when any representative of the party may.' })
  @IsOptional()
  @IsString()
  seat?: string | null;

  @JSONSchema({ description: 'As the convention says it: "le directeur d\'école".' })
  @IsString()
  @IsNotEmpty()
  label: string;
}

@JSONSchema({ description: 'At least `minimum` meetings per period; minimum 0 means "as needed".' })
export class FrequencyDefinitionDto {
  @IsInt()
  @Min(0)
  minimum: number;

  @IsIn(PERIOD_UNITS, oneOf(PERIOD_UNITS))
  period: PeriodUnit;

  @JSONSchema({ description: 'civil: from 1 January; school: from 1 September; signature: from the convention\'s start. civil when absent.' })
  @IsOptional()
  @IsIn(PERIOD_CALENDARS, oneOf(PERIOD_CALENDARS))
  calendar?: PeriodCalendar;

  @JSONSchema({ description: 'Length of a period in months, only with period "months".' })
  @IsOptional()
  @IsInt()
  @Min(1)
  months?: number | null;

  @JSONSchema({ description: 'Which sittings count: ordinary (the default: « se réunit au moins une fois par an ») or any, extraordinary ones included.' })
  @IsOptional()
  @IsIn(COUNTED_MEETING_KINDS, oneOf(COUNTED_MEETING_KINDS))
  counts?: CountedMeetingKinds;

  @IsOptional()
  @IsString()
  text?: string | null;
}

@JSONSchema({ description: 'The convocation must be sent at least `days` before the meeting.' })
export class NoticeDefinitionDto {
  @IsInt()
  @Min(0)
  days: number;

  @JSONSchema({ description: 'calendar days, clear days (jours francs), working days (jours ouvrés: Monday to Friday) or jours ouvrables (Monday to Saturday), public holidays of the territory never counted; calendar when absent.' })
  @IsOptional()
  @IsIn(NOTICE_DAY_KINDS, oneOf(NOTICE_DAY_KINDS))
  dayKind?: NoticeDayKind;

  @JSONSchema({ description: '« En cas d\'urgence, ce délai peut être ramené à N jours »: the shorter notice, for a meeting marked urgent with its reason; none when absent.' })
  @IsOptional()
  @IsInt()
  @Min(0)
  urgentDays?: number | null;

  @IsOptional()
  @IsString()
  text?: string | null;
}

@JSONSchema({ description: 'each_party: one representative of each signatory present; share: at least a share of the seats; majority: more than half (« la majorité des membres »); none: at least one member present.' })
export class QuorumDefinitionDto {
  @IsIn(QUORUM_KINDS, oneOf(QUORUM_KINDS))
  kind: QuorumKind;

  @JSONSchema({ description: 'With kind share: the share of seats, in (0, 1], up to 4 decimals.' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 4 })
  share?: number | null;

  @IsOptional()
  @IsBoolean()
  countsProxies?: boolean;

  @IsOptional()
  @IsBoolean()
  proxiesAllowed?: boolean;

  @IsOptional()
  @IsInt()
  @Min(1)
  maxProxiesPerMember?: number | null;

  @JSONSchema({ description: 'With kind majority: of the seats (the default) or of the members in office on the day.' })
  @IsOptional()
  @IsIn(MAJORITY_BASES, oneOf(MAJORITY_BASES))
  majorityOf?: MajorityBase | null;

  @JSONSchema({ description: 'Only the seats of these groups (the seats\' `group`) count, e.g. ["Collège des élus"]; every voting seat when absent.' })
  @IsOptional()
  @IsArray()
  @IsString({ each: true, message: '$property must contain seat groups' })
  overGroups?: string[] | null;

  @IsOptional()
  @IsString()
  text?: string | null;
}

@JSONSchema({ description: 'The notice of a second sitting after a failed quorum.' })
export class ReconveningNoticeDefinitionDto {
  @IsInt()
  @Min(0)
  days: number;

  @JSONSchema({ description: 'As for the committee\'s notice; calendar when absent.' })
  @IsOptional()
  @IsIn(NOTICE_DAY_KINDS, oneOf(NOTICE_DAY_KINDS))
  dayKind?: NoticeDayKind;

  @IsOptional()
  @IsString()
  text?: string | null;
}

@JSONSchema({
  description:
    '« Si le quorum n\'est pas atteint, une nouvelle réunion se tient dans un délai de huit à quinze jours ; elle délibère quel que soit le nombre des membres présents. » A second sitting on the same agenda after a sitting held without its quorum.',
})
export class ReconveningDefinitionDto {
  @JSONSchema({ description: 'The second sitting is held at least this many calendar days after the first.' })
  @IsInt()
  @Min(1)
  earliestDays: number;

  @JSONSchema({ description: 'And at most this many (at least earliestDays).' })
  @IsInt()
  @Min(1)
  latestDays: number;

  @JSONSchema({ description: 'Its own notice; the committee\'s when absent.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => ReconveningNoticeDefinitionDto)
  notice?: ReconveningNoticeDefinitionDto | null;

  @JSONSchema({ description: 'The quorum it is judged by; when absent, whatever the number present (somebody must still be there).' })
  @IsOptional()
  @ValidateNested()
  @Type(() => QuorumDefinitionDto)
  quorum?: QuorumDefinitionDto | null;

  @IsOptional()
  @IsString()
  text?: string | null;
}

@JSONSchema({ description: 'Who writes the minutes: a party, and within it optionally a seat.' })
export class MinutesWriterDefinitionDto {
  @IsOptional()
  @IsString()
  party?: string | null;

  @IsOptional()
  @IsString()
  seat?: string | null;
}

@JSONSchema({
  description:
    '« Le compte rendu est établi dans les quinze jours qui suivent la séance, adressé aux membres dans les trente jours et réputé approuvé sans observation dans les quinze jours de son envoi. »',
})
export class MinutesDefinitionDto {
  @JSONSchema({ description: 'Written within this many days after the sitting.' })
  @IsInt()
  @Min(1)
  dueDays: number;

  @JSONSchema({ description: 'calendar (default), working (jours ouvrés) or workable (jours ouvrables), for every delay of the minutes.' })
  @IsOptional()
  @IsIn(MINUTES_DAY_KINDS, oneOf(MINUTES_DAY_KINDS))
  dayKind?: MinutesDayKind;

  @JSONSchema({ description: 'Who writes them; nobody named when absent.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => MinutesWriterDefinitionDto)
  writtenBy?: MinutesWriterDefinitionDto | null;

  @JSONSchema({ description: '« à tour de rôle »: party keys that write them in turn, sitting after sitting.' })
  @IsOptional()
  @IsArray()
  @IsString({ each: true, message: '$property must contain party keys' })
  rotatesAmong?: string[] | null;

  @JSONSchema({ description: 'Sent to the members for approval within this many days after the sitting.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  submitWithinDays?: number | null;

  @JSONSchema({ description: 'explicit: the committee approves them; tacit: approved when nobody objects within objectionDays of their sending; no approval when absent.' })
  @IsOptional()
  @IsIn(MINUTES_APPROVALS, oneOf(MINUTES_APPROVALS))
  approval?: MinutesApproval | null;

  @JSONSchema({ description: 'With approval tacit: the days members have to object after the sending.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  objectionDays?: number | null;

  @IsOptional()
  @IsString()
  text?: string | null;
}

@JSONSchema({ description: '« Le conseil se réunit dans les quinze jours qui suivent la proclamation des résultats des élections »: a sitting due within a delay after each occurrence of an event.' })
export class EventDeadlineDefinitionDto {
  @JSONSchema({ description: 'The event, lower-case with underscores: election_results, installation…; school_year_start happens every 1 September by itself.' })
  @IsString()
  @Matches(/^[a-z][a-z0-9_]*$/, { message: '$property must be lower-case letters, digits and underscores, starting with a letter' })
  event: string;

  @JSONSchema({ description: 'The sitting is held at the latest this many days after the event.' })
  @IsInt()
  @Min(0)
  withinDays: number;

  @JSONSchema({ description: 'calendar (default), working (jours ouvrés) or workable (jours ouvrables).' })
  @IsOptional()
  @IsIn(MINUTES_DAY_KINDS, oneOf(MINUTES_DAY_KINDS))
  dayKind?: MinutesDayKind;

  @JSONSchema({ description: 'ordinary (default) or any: which sittings count.' })
  @IsOptional()
  @IsIn(COUNTED_MEETING_KINDS, oneOf(COUNTED_MEETING_KINDS))
  counts?: CountedMeetingKinds;

  @IsOptional()
  @IsString()
  text?: string | null;
}

@JSONSchema({ description: '« Le conseil se réunit à la demande du tiers au moins de ses membres ou du DASEN ; il est convoqué dans les quinze jours. »' })
export class OnRequestDefinitionDto {
  @JSONSchema({ description: 'Share of the members in office who together may ask, in (0, 1], up to 4 decimals; members may not when absent.' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 4 })
  share?: number | null;

  @JSONSchema({ description: 'Keys of the seats whose holder may ask alone (« ou du DASEN »).' })
  @IsOptional()
  @IsArray()
  @IsString({ each: true, message: '$property must contain seat keys' })
  seats?: string[] | null;

  @JSONSchema({ description: 'The convocation leaves at the latest this many days after the request.' })
  @IsInt()
  @Min(0)
  conveneWithinDays: number;

  @JSONSchema({ description: 'calendar (default), working (jours ouvrés) or workable (jours ouvrables).' })
  @IsOptional()
  @IsIn(MINUTES_DAY_KINDS, oneOf(MINUTES_DAY_KINDS))
  dayKind?: MinutesDayKind;

  @JSONSchema({ description: 'Warn the convener and the secretariat this many days before the last day; 5 when absent.' })
  @IsOptional()
  @IsInt()
  @Min(0)
  warningDays?: number | null;

  @IsOptional()
  @IsString()
  text?: string | null;
}

@JSONSchema({ description: '« Les membres sont désignés pour une durée de trois ans, renouvelable une fois »: each member\'s term of office, after which the seat is vacant.' })
export class TermOfOfficeDefinitionDto {
  @JSONSchema({ description: 'Length of a term in months, from the day the member takes the seat (36 for three years).' })
  @IsInt()
  @Min(1)
  months: number;

  @JSONSchema({ description: 'How many times in a row a term may be renewed: 0 « non renouvelable », 1 « renouvelable une fois »; no limit when absent.' })
  @IsOptional()
  @IsInt()
  @Min(0)
  renewals?: number | null;

  @JSONSchema({ description: 'Flag terms ending within this many days to the secretariat; 60 when absent.' })
  @IsOptional()
  @IsInt()
  @Min(0)
  warningDays?: number | null;

  @JSONSchema({ description: 'Keys of the seats whose holders have such a term; every seat when absent.' })
  @IsOptional()
  @IsArray()
  @IsString({ each: true, message: '$property must contain seat keys' })
  seats?: string[] | null;

  @IsOptional()
  @IsString()
  text?: string | null;
}

@JSONSchema({ description: '« La présidence est assurée à tour de rôle, pour une année scolaire, par chacun des signataires »: who chairs which sitting.' })
export class ChairRotationDefinitionDto {
  @JSONSchema({ description: 'parties: the signatories take the chair in turn; seats: the holders of these seats do.' })
  @IsIn(CHAIR_ROTATION_AMONG, oneOf(CHAIR_ROTATION_AMONG))
  among: ChairRotationAmong;

  @JSONSchema({ description: 'Keys of the parties or seats, in the order the chair passes between them (at least two).' })
  @IsArray()
  @IsString({ each: true, message: '$property must contain party or seat keys' })
  order: string[];

  @JSONSchema({ description: 'sitting (default): sitting after sitting; year: year after year.' })
  @IsOptional()
  @IsIn(CHAIR_ROTATION_EVERY, oneOf(CHAIR_ROTATION_EVERY))
  every?: ChairRotationEvery;

  @JSONSchema({ description: 'With every: year, whose years: civil (from 1 January), school (from 1 September) or signature (from the convention\'s start); the frequency\'s calendar when absent.' })
  @IsOptional()
  @IsIn(PERIOD_CALENDARS, oneOf(PERIOD_CALENDARS))
  calendar?: PeriodCalendar;

  @IsOptional()
  @IsString()
  text?: string | null;
}

@JSONSchema({ description: 'Whether the convener may invite people who hold no seat.' })
export class GuestsDefinitionDto {
  @IsBoolean()
  allowed: boolean;

  @IsOptional()
  @IsString()
  text?: string | null;
}

@JSONSchema({ description: 'Documents another committee must have sent up before a meeting.' })
export class PrerequisiteDefinitionDto {
  @JSONSchema({ description: 'Key of the committee (in this file) that sends them.' })
  @IsString()
  @IsNotEmpty()
  fromCommittee: string;

  @IsString()
  @IsNotEmpty()
  description: string;
}

@JSONSchema({ description: 'A document the committee must produce each period.' })
export class ReportDefinitionDto {
  @IsIn(REPORT_KINDS, oneOf(REPORT_KINDS))
  kind: ReportKind;

  @IsIn(PERIOD_UNITS, oneOf(PERIOD_UNITS))
  period: PeriodUnit;

  @IsOptional()
  @IsString()
  text?: string | null;
}

@JSONSchema({ description: 'A person holding a seat from a date, with an optional substitute.' })
export class MemberDefinitionDto {
  @IsString()
  @IsNotEmpty()
  seat: string;

  @JSONSchema({ description: 'Email of a person listed under people.' })
  @IsEmail({}, { message: '$property must be an email address' })
  person: string;

  @IsLocalDate()
  startsOn: string;

  @JSONSchema({ description: 'Last day held; null while current.' })
  @IsOptional()
  @IsLocalDate()
  endsOn?: string | null;

  @JSONSchema({ description: 'Email of the substitute (suppléant), listed under people.' })
  @IsOptional()
  @IsEmail({}, { message: '$property must be an email address' })
  substitute?: string | null;

  @JSONSchema({ description: 'For a committee per school, the school\'s UAI; per circonscription, its name.' })
  @IsOptional()
  @IsString()
  instance?: string | null;
}

@JSONSchema({ description: 'A committee the convention sets up.' })
export class CommitteeDefinitionDto {
  @JSONSchema({ description: 'Key of the committee within the convention, e.g. "copil".' })
  @IsSlug()
  key: string;

  @IsIn(COMMITTEE_KINDS, oneOf(COMMITTEE_KINDS))
  kind: CommitteeKind;

  @IsString()
  @IsNotEmpty()
  name: string;

  @JSONSchema({ description: 'Article of the convention, e.g. "3.1".' })
  @IsOptional()
  @IsString()
  article?: string | null;

  @IsOptional()
  @IsString()
  description?: string | null;

  @JSONSchema({ description: 'convention: one committee; circonscription: one per circonscription of the covered schools; school: one per covered school.' })
  @IsIn(COMMITTEE_SCOPES, oneOf(COMMITTEE_SCOPES))
  scope: CommitteeScope;

  @JSONSchema({ description: 'With scope school or circonscription: only schools of these types count.' })
  @IsOptional()
  @IsArray()
  @IsIn(SCHOOL_TYPES, { each: true, message: `$property may only contain ${SCHOOL_TYPES.join(', ')}` })
  schoolTypes?: SchoolType[] | null;

  @IsArray()
  @ArrayMinSize(1, { message: '$property must list at least one seat' })
  @ValidateNested({ each: true })
  @Type(() => SeatDefinitionDto)
  seats: SeatDefinitionDto[];

  @JSONSchema({ description: 'Seat keys of the chair or co-chairs.' })
  @IsOptional()
  @IsArray()
  @IsString({ each: true, message: '$property must contain seat keys' })
  chairs?: string[] | null;

  @JSONSchema({ description: 'The seats under chairs take the chair in turn, sitting after sitting; chairRotation says more.' })
  @IsOptional()
  @IsBoolean()
  chairRotates?: boolean;

  @JSONSchema({ description: 'Rotation of the chair among parties or seats, sitting after sitting or year after year; no rotation when absent.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => ChairRotationDefinitionDto)
  chairRotation?: ChairRotationDefinitionDto | null;

  @IsArray()
  @ArrayMinSize(1, { message: '$property must name at least one convener' })
  @ValidateNested({ each: true })
  @Type(() => ConvenerDefinitionDto)
  conveners: ConvenerDefinitionDto[];

  @ValidateNested()
  @Type(() => FrequencyDefinitionDto)
  frequency: FrequencyDefinitionDto;

  @JSONSchema({ description: 'No minimum notice when absent.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => NoticeDefinitionDto)
  notice?: NoticeDefinitionDto | null;

  @JSONSchema({ description: 'kind none when absent.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => QuorumDefinitionDto)
  quorum?: QuorumDefinitionDto | null;

  @JSONSchema({ description: 'A second sitting after a failed quorum; none when absent.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => ReconveningDefinitionDto)
  reconvening?: ReconveningDefinitionDto | null;

  @JSONSchema({ description: 'The minutes of each sitting: delays, who writes them, approval; no rule when absent.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => MinutesDefinitionDto)
  minutes?: MinutesDefinitionDto | null;

  @JSONSchema({ description: 'Sittings due after events; none when absent.' })
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => EventDeadlineDefinitionDto)
  deadlines?: EventDeadlineDefinitionDto[] | null;

  @JSONSchema({ description: 'Who may ask for a sitting, and within which delay it is convened; no sitting on request when absent.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => OnRequestDefinitionDto)
  onRequest?: OnRequestDefinitionDto | null;

  @JSONSchema({ description: 'Members\' terms of office: length, renewals, warning; members hold their seat until they leave when absent.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => TermOfOfficeDefinitionDto)
  termOfOffice?: TermOfOfficeDefinitionDto | null;

  @JSONSchema({ description: 'Whether the committee may meet during the school holidays of the convention\'s zone; false when absent: planning avoids them and the last day to convene is before them.' })
  @IsOptional()
  @IsBoolean()
  meetsDuringSchoolHolidays?: boolean;

  @JSONSchema({ description: 'No guests when absent.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => GuestsDefinitionDto)
  guests?: GuestsDefinitionDto | null;

  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => PrerequisiteDefinitionDto)
  prerequisites?: PrerequisiteDefinitionDto[] | null;

  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => ReportDefinitionDto)
  reports?: ReportDefinitionDto[] | null;

  @JSONSchema({ description: 'Key of the committee whose members designate this one\'s.' })
  @IsOptional()
  @IsString()
  membersDesignatedBy?: string | null;

  @JSONSchema({ description: 'When present, the complete list of memberships: others are removed. When absent, memberships are left as they are.' })
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => MemberDefinitionDto)
  members?: MemberDefinitionDto[] | null;
}
