import { Type } from 'class-transformer';
import { ArrayMinSize, IsArray, IsBoolean, IsEmail, IsIn, IsOptional, IsString, Matches, ValidateNested } from 'class-validator';
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
import { IsSlug, OptionalShare } from './definition-validators';
import {
  Count,
  IsLocalDate,
  IsOneOf,
  Nested,
  OptionalCount,
  OptionalFlag,
  OptionalKeyList,
  OptionalNested,
  OptionalNestedList,
  OptionalOneOf,
  OptionalString,
  RequiredString,
} from '../../common/validators';

@JSONSchema({ description: '« Autant de représentants que l\'école compte de classes »: the seat\'s count follows a figure of the school or of the convention.' })
export class SeatCountDefinitionDto {
  @JSONSchema({ description: 'Name of the figure, stated under schools[].figures or the convention\'s figures.' })
  @IsSlug()
  figure: string;

  @JSONSchema({ description: 'One place per this many of the figure, rounded up (« un pour deux classes »: 2); 1 when absent.' })
  @OptionalCount(1)
  per?: number | null;

  @JSONSchema({ description: 'Never fewer places; 1 when absent.' })
  @OptionalCount(0)
  minimum?: number | null;

  @JSONSchema({ description: 'Never more places; no cap when absent.' })
  @OptionalCount(1)
  maximum?: number | null;

  @OptionalString()
  text?: string | null;
}

@JSONSchema({ description: '« Le maire ou l\'un de ses adjoints »: the only people who may represent the holder of a seat that may be represented.' })
export class RepresentedByDefinitionDto {
  @JSONSchema({ description: 'Emails of people listed under people.' })
  @IsArray()
  @IsEmail({}, { each: true, message: '$property must contain email addresses' })
  people: string[];

  @OptionalString()
  text?: string | null;
}

@JSONSchema({ description: 'A place in the committee reserved for a party and a role ("un élu", "deux représentants…").' })
export class SeatDefinitionDto {
  @JSONSchema({ description: 'Key of the seat within the committee, e.g. "elu".' })
  @IsSlug()
  key: string;

  @JSONSchema({ description: 'Key of the party the seat represents; null for seats that represent no signatory (parents d\'élèves, établissements).' })
  @OptionalString()
  party?: string | null;

  @JSONSchema({ description: 'The role as the convention words it.' })
  @RequiredString()
  role: string;

  @JSONSchema({ description: 'How many people hold this role; 1 when absent.' })
  @OptionalCount(1)
  count?: number;

  @JSONSchema({ description: 'Instead of count: the number follows a figure of the school or of the convention.' })
  @OptionalNested(() => SeatCountDefinitionDto)
  countFollows?: SeatCountDefinitionDto | null;

  @JSONSchema({ description: 'Heading under which the convention lists the seat, e.g. "Pour les établissements".' })
  @OptionalString()
  group?: string | null;

  @JSONSchema({ description: '"ou son représentant": the holder may send a representative.' })
  @OptionalFlag()
  mayBeRepresented?: boolean;

  @JSONSchema({ description: 'With mayBeRepresented: only these people may represent the holder (« ou l\'un de ses adjoints »); anyone who does not sit that day when absent.' })
  @OptionalNested(() => RepresentedByDefinitionDto)
  representedBy?: RepresentedByDefinitionDto | null;

  @JSONSchema({ description: '« avec voix consultative »: convened and present, never counted for the quorum. false when absent.' })
  @OptionalFlag()
  consultative?: boolean;
}

@JSONSchema({ description: 'Who sends the convocation: a party, optionally the holder of one of its seats.' })
export class ConvenerDefinitionDto {
  @RequiredString()
  party: string;

  @JSONSchema({ description: 'Key of the seat whose holder convenes; null when any representative of the party may.' })
  @OptionalString()
  seat?: string | null;

  @JSONSchema({ description: 'As the convention says it: "le directeur d\'école".' })
  @RequiredString()
  label: string;
}

@JSONSchema({ description: 'At least `minimum` meetings per period; minimum 0 means "as needed".' })
export class FrequencyDefinitionDto {
  @Count(0)
  minimum: number;

  @IsOneOf(PERIOD_UNITS)
  period: PeriodUnit;

  @JSONSchema({ description: 'civil: from 1 January; school: from 1 September; signature: from the convention\'s start. civil when absent.' })
  @OptionalOneOf(PERIOD_CALENDARS)
  calendar?: PeriodCalendar;

  @JSONSchema({ description: 'Length of a period in months, only with period "months".' })
  @OptionalCount(1)
  months?: number | null;

  @JSONSchema({ description: 'Which sittings count: ordinary (the default: « se réunit au moins une fois par an ») or any, extraordinary ones included.' })
  @OptionalOneOf(COUNTED_MEETING_KINDS)
  counts?: CountedMeetingKinds;

  @OptionalString()
  text?: string | null;
}

@JSONSchema({ description: 'The convocation must be sent at least `days` before the meeting.' })
export class NoticeDefinitionDto {
  @Count(0)
  days: number;

  @JSONSchema({ description: 'calendar days, clear days (jours francs), working days (jours ouvrés: Monday to Friday) or jours ouvrables (Monday to Saturday), public holidays of the territory never counted; calendar when absent.' })
  @OptionalOneOf(NOTICE_DAY_KINDS)
  dayKind?: NoticeDayKind;

  @JSONSchema({ description: '« En cas d\'urgence, ce délai peut être ramené à N jours »: the shorter notice, for a meeting marked urgent with its reason; none when absent.' })
  @OptionalCount(0)
  urgentDays?: number | null;

  @OptionalString()
  text?: string | null;
}

@JSONSchema({ description: 'each_party: one representative of each signatory present; share: at least a share of the seats; majority: more than half (« la majorité des membres »); none: at least one member present.' })
export class QuorumDefinitionDto {
  @IsOneOf(QUORUM_KINDS)
  kind: QuorumKind;

  @JSONSchema({ description: 'With kind share: the share of seats, in (0, 1], up to 4 decimals.' })
  @OptionalShare()
  share?: number | null;

  @OptionalFlag()
  countsProxies?: boolean;

  @OptionalFlag()
  proxiesAllowed?: boolean;

  @OptionalCount(1)
  maxProxiesPerMember?: number | null;

  @JSONSchema({ description: 'With kind majority: of the seats (the default) or of the members in office on the day.' })
  @OptionalOneOf(MAJORITY_BASES)
  majorityOf?: MajorityBase | null;

  @JSONSchema({ description: 'Only the seats of these groups (the seats\' `group`) count, e.g. ["Collège des élus"]; every voting seat when absent.' })
  @OptionalKeyList('seat groups')
  overGroups?: string[] | null;

  @OptionalString()
  text?: string | null;
}

@JSONSchema({ description: 'The notice of a second sitting after a failed quorum.' })
export class ReconveningNoticeDefinitionDto {
  @Count(0)
  days: number;

  @JSONSchema({ description: 'As for the committee\'s notice; calendar when absent.' })
  @OptionalOneOf(NOTICE_DAY_KINDS)
  dayKind?: NoticeDayKind;

  @OptionalString()
  text?: string | null;
}

@JSONSchema({
  description:
    '« Si le quorum n\'est pas atteint, une nouvelle réunion se tient dans un délai de huit à quinze jours ; elle délibère quel que soit le nombre des membres présents. » A second sitting on the same agenda after a sitting held without its quorum.',
})
export class ReconveningDefinitionDto {
  @JSONSchema({ description: 'The second sitting is held at least this many calendar days after the first.' })
  @Count(1)
  earliestDays: number;

  @JSONSchema({ description: 'And at most this many (at least earliestDays).' })
  @Count(1)
  latestDays: number;

  @JSONSchema({ description: 'Its own notice; the committee\'s when absent.' })
  @OptionalNested(() => ReconveningNoticeDefinitionDto)
  notice?: ReconveningNoticeDefinitionDto | null;

  @JSONSchema({ description: 'The quorum it is judged by; when absent, whatever the number present (somebody must still be there).' })
  @OptionalNested(() => QuorumDefinitionDto)
  quorum?: QuorumDefinitionDto | null;

  @OptionalString()
  text?: string | null;
}

@JSONSchema({ description: 'Who writes the minutes: a party, and within it optionally a seat.' })
export class MinutesWriterDefinitionDto {
  @OptionalString()
  party?: string | null;

  @OptionalString()
  seat?: string | null;
}

@JSONSchema({
  description:
    '« Le compte rendu est établi dans les quinze jours qui suivent la séance, adressé aux membres dans les trente jours et réputé approuvé sans observation dans les quinze jours de son envoi. »',
})
export class MinutesDefinitionDto {
  @JSONSchema({ description: 'Written within this many days after the sitting.' })
  @Count(1)
  dueDays: number;

  @JSONSchema({ description: 'calendar (default), working (jours ouvrés) or workable (jours ouvrables), for every delay of the minutes.' })
  @OptionalOneOf(MINUTES_DAY_KINDS)
  dayKind?: MinutesDayKind;

  @JSONSchema({ description: 'Who writes them; nobody named when absent.' })
  @OptionalNested(() => MinutesWriterDefinitionDto)
  writtenBy?: MinutesWriterDefinitionDto | null;

  @JSONSchema({ description: '« à tour de rôle »: party keys that write them in turn, sitting after sitting.' })
  @OptionalKeyList('party keys')
  rotatesAmong?: string[] | null;

  @JSONSchema({ description: 'Sent to the members for approval within this many days after the sitting.' })
  @OptionalCount(1)
  submitWithinDays?: number | null;

  @JSONSchema({ description: 'explicit: the committee approves them; tacit: approved when nobody objects within objectionDays of their sending; no approval when absent.' })
  @OptionalOneOf(MINUTES_APPROVALS)
  approval?: MinutesApproval | null;

  @JSONSchema({ description: 'With approval tacit: the days members have to object after the sending.' })
  @OptionalCount(1)
  objectionDays?: number | null;

  @OptionalString()
  text?: string | null;
}

@JSONSchema({ description: '« Le conseil se réunit dans les quinze jours qui suivent la proclamation des résultats des élections »: a sitting due within a delay after each occurrence of an event.' })
export class EventDeadlineDefinitionDto {
  @JSONSchema({ description: 'The event, lower-case with underscores: election_results, installation…; school_year_start happens every 1 September by itself.' })
  @IsString()
  @Matches(/^[a-z][a-z0-9_]*$/, { message: '$property must be lower-case letters, digits and underscores, starting with a letter' })
  event: string;

  @JSONSchema({ description: 'The sitting is held at the latest this many days after the event.' })
  @Count(0)
  withinDays: number;

  @JSONSchema({ description: 'calendar (default), working (jours ouvrés) or workable (jours ouvrables).' })
  @OptionalOneOf(MINUTES_DAY_KINDS)
  dayKind?: MinutesDayKind;

  @JSONSchema({ description: 'ordinary (default) or any: which sittings count.' })
  @OptionalOneOf(COUNTED_MEETING_KINDS)
  counts?: CountedMeetingKinds;

  @OptionalString()
  text?: string | null;
}

@JSONSchema({ description: '« Le conseil se réunit à la demande du tiers au moins de ses membres ou du DASEN ; il est convoqué dans les quinze jours. »' })
export class OnRequestDefinitionDto {
  @JSONSchema({ description: 'Share of the members in office who together may ask, in (0, 1], up to 4 decimals; members may not when absent.' })
  @OptionalShare()
  share?: number | null;

  @JSONSchema({ description: 'Keys of the seats whose holder may ask alone (« ou du DASEN »).' })
  @OptionalKeyList('seat keys')
  seats?: string[] | null;

  @JSONSchema({ description: 'The convocation leaves at the latest this many days after the request.' })
  @Count(0)
  conveneWithinDays: number;

  @JSONSchema({ description: 'calendar (default), working (jours ouvrés) or workable (jours ouvrables).' })
  @OptionalOneOf(MINUTES_DAY_KINDS)
  dayKind?: MinutesDayKind;

  @JSONSchema({ description: 'Warn the convener and the secretariat this many days before the last day; 5 when absent.' })
  @OptionalCount(0)
  warningDays?: number | null;

  @OptionalString()
  text?: string | null;
}

@JSONSchema({ description: '« Les membres sont désignés pour une durée de trois ans, renouvelable une fois »: each member\'s term of office, after which the seat is vacant.' })
export class TermOfOfficeDefinitionDto {
  @JSONSchema({ description: 'Length of a term in months, from the day the member takes the seat (36 for three years).' })
  @Count(1)
  months: number;

  @JSONSchema({ description: 'How many times in a row a term may be renewed: 0 « non renouvelable », 1 « renouvelable une fois »; no limit when absent.' })
  @OptionalCount(0)
  renewals?: number | null;

  @JSONSchema({ description: 'Flag terms ending within this many days to the secretariat; 60 when absent.' })
  @OptionalCount(0)
  warningDays?: number | null;

  @JSONSchema({ description: 'Keys of the seats whose holders have such a term; every seat when absent.' })
  @OptionalKeyList('seat keys')
  seats?: string[] | null;

  @OptionalString()
  text?: string | null;
}

@JSONSchema({ description: '« La présidence est assurée à tour de rôle, pour une année scolaire, par chacun des signataires »: who chairs which sitting.' })
export class ChairRotationDefinitionDto {
  @JSONSchema({ description: 'parties: the signatories take the chair in turn; seats: the holders of these seats do.' })
  @IsOneOf(CHAIR_ROTATION_AMONG)
  among: ChairRotationAmong;

  @JSONSchema({ description: 'Keys of the parties or seats, in the order the chair passes between them (at least two).' })
  @IsArray()
  @IsString({ each: true, message: '$property must contain party or seat keys' })
  order: string[];

  @JSONSchema({ description: 'sitting (default): sitting after sitting; year: year after year.' })
  @OptionalOneOf(CHAIR_ROTATION_EVERY)
  every?: ChairRotationEvery;

  @JSONSchema({ description: 'With every: year, whose years: civil (from 1 January), school (from 1 September) or signature (from the convention\'s start); the frequency\'s calendar when absent.' })
  @OptionalOneOf(PERIOD_CALENDARS)
  calendar?: PeriodCalendar;

  @OptionalString()
  text?: string | null;
}

@JSONSchema({ description: 'Whether the convener may invite people who hold no seat.' })
export class GuestsDefinitionDto {
  @IsBoolean()
  allowed: boolean;

  @OptionalString()
  text?: string | null;
}

@JSONSchema({ description: 'Documents another committee must have sent up before a meeting.' })
export class PrerequisiteDefinitionDto {
  @JSONSchema({ description: 'Key of the committee (in this file) that sends them.' })
  @RequiredString()
  fromCommittee: string;

  @RequiredString()
  description: string;
}

@JSONSchema({ description: 'A document the committee must produce each period.' })
export class ReportDefinitionDto {
  @IsOneOf(REPORT_KINDS)
  kind: ReportKind;

  @IsOneOf(PERIOD_UNITS)
  period: PeriodUnit;

  @OptionalString()
  text?: string | null;
}

@JSONSchema({ description: 'A person holding a seat from a date, with an optional substitute.' })
export class MemberDefinitionDto {
  @RequiredString()
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
  @OptionalString()
  instance?: string | null;
}

@JSONSchema({ description: 'A committee the convention sets up.' })
export class CommitteeDefinitionDto {
  @JSONSchema({ description: 'Key of the committee within the convention, e.g. "copil".' })
  @IsSlug()
  key: string;

  @IsOneOf(COMMITTEE_KINDS)
  kind: CommitteeKind;

  @RequiredString()
  name: string;

  @JSONSchema({ description: 'Article of the convention, e.g. "3.1".' })
  @OptionalString()
  article?: string | null;

  @OptionalString()
  description?: string | null;

  @JSONSchema({ description: 'convention: one committee; circonscription: one per circonscription of the covered schools; school: one per covered school.' })
  @IsOneOf(COMMITTEE_SCOPES)
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
  @OptionalKeyList('seat keys')
  chairs?: string[] | null;

  @JSONSchema({ description: 'The seats under chairs take the chair in turn, sitting after sitting; chairRotation says more.' })
  @OptionalFlag()
  chairRotates?: boolean;

  @JSONSchema({ description: 'Rotation of the chair among parties or seats, sitting after sitting or year after year; no rotation when absent.' })
  @OptionalNested(() => ChairRotationDefinitionDto)
  chairRotation?: ChairRotationDefinitionDto | null;

  @IsArray()
  @ArrayMinSize(1, { message: '$property must name at least one convener' })
  @ValidateNested({ each: true })
  @Type(() => ConvenerDefinitionDto)
  conveners: ConvenerDefinitionDto[];

  @Nested(() => FrequencyDefinitionDto)
  frequency: FrequencyDefinitionDto;

  @JSONSchema({ description: 'No minimum notice when absent.' })
  @OptionalNested(() => NoticeDefinitionDto)
  notice?: NoticeDefinitionDto | null;

  @JSONSchema({ description: 'kind none when absent.' })
  @OptionalNested(() => QuorumDefinitionDto)
  quorum?: QuorumDefinitionDto | null;

  @JSONSchema({ description: 'A second sitting after a failed quorum; none when absent.' })
  @OptionalNested(() => ReconveningDefinitionDto)
  reconvening?: ReconveningDefinitionDto | null;

  @JSONSchema({ description: 'The minutes of each sitting: delays, who writes them, approval; no rule when absent.' })
  @OptionalNested(() => MinutesDefinitionDto)
  minutes?: MinutesDefinitionDto | null;

  @JSONSchema({ description: 'Sittings due after events; none when absent.' })
  @OptionalNestedList(() => EventDeadlineDefinitionDto)
  deadlines?: EventDeadlineDefinitionDto[] | null;

  @JSONSchema({ description: 'Who may ask for a sitting, and within which delay it is convened; no sitting on request when absent.' })
  @OptionalNested(() => OnRequestDefinitionDto)
  onRequest?: OnRequestDefinitionDto | null;

  @JSONSchema({ description: 'Members\' terms of office: length, renewals, warning; members hold their seat until they leave when absent.' })
  @OptionalNested(() => TermOfOfficeDefinitionDto)
  termOfOffice?: TermOfOfficeDefinitionDto | null;

  @JSONSchema({ description: 'Whether the committee may meet during the school holidays of the convention\'s zone; false when absent: planning avoids them and the last day to convene is before them.' })
  @OptionalFlag()
  meetsDuringSchoolHolidays?: boolean;

  @JSONSchema({ description: 'No guests when absent.' })
  @OptionalNested(() => GuestsDefinitionDto)
  guests?: GuestsDefinitionDto | null;

  @OptionalNestedList(() => PrerequisiteDefinitionDto)
  prerequisites?: PrerequisiteDefinitionDto[] | null;

  @OptionalNestedList(() => ReportDefinitionDto)
  reports?: ReportDefinitionDto[] | null;

  @JSONSchema({ description: 'Key of the committee whose members designate this one\'s.' })
  @OptionalString()
  membersDesignatedBy?: string | null;

  @JSONSchema({ description: 'When present, the complete list of memberships: others are removed. When absent, memberships are left as they are.' })
  @OptionalNestedList(() => MemberDefinitionDto)
  members?: MemberDefinitionDto[] | null;
}
