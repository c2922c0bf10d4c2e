import { ConveningRequestResponse } from '../../meetings/dto/convening-request.response';
import { EventDeadlineResponse } from '../../meetings/dto/event-deadline.response';
import { MinutesStatusResponse } from '../../meetings/dto/minutes-status.response';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  COMMITTEE_KINDS,
  COUNTED_MEETING_KINDS,
  CommitteeKind,
  CountedMeetingKinds,
  NOTICE_DAY_KINDS,
  NoticeDayKind,
  PERIOD_CALENDARS,
  PERIOD_UNITS,
  PeriodCalendar,
  PeriodUnit,
} from '../../committees/committee-rules';
import { COMPLIANCE_STATUSES, ComplianceStatus } from '../../rules/frequency.rule';

export class ComplianceCommitteeResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'copil-local-0382460T' })
  key: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ enum: COMMITTEE_KINDS })
  kind: CommitteeKind;
}

export class ComplianceConventionResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'grenoble-crets-en-belledonne-2016' })
  reference: string;

  @ApiProperty({ example: 'Europe/Paris' })
  timeZone: string;
}

export class ComplianceFrequencyResponse {
  @ApiProperty({ description: 'At least this many meetings held with quorum per period; 0 means "as needed"' })
  minimum: number;

  @ApiProperty({ enum: PERIOD_UNITS })
  period: PeriodUnit;

  @ApiProperty({ enum: PERIOD_CALENDARS })
  calendar: PeriodCalendar;

  @ApiProperty({ type: Number, nullable: true })
  months: number | null;

  @ApiProperty({ enum: COUNTED_MEETING_KINDS, description: 'Which sittings count: ordinary ones, or any' })
  counts: CountedMeetingKinds;

  @ApiProperty({ type: String, nullable: true, example: 'au moins une fois par trimestre' })
  text: string | null;
}

export class ComplianceNoticeResponse {
  @ApiProperty()
  days: number;

  @ApiProperty({ enum: NOTICE_DAY_KINDS })
  dayKind: NoticeDayKind;
}

export class DayRangeResponse {
  @ApiProperty({ format: 'date' })
  start: string;

  @ApiProperty({ format: 'date' })
  end: string;
}

export class ValidityResponse {
  @ApiProperty({ type: String, format: 'date', nullable: true })
  start: string | null;

  @ApiProperty({ type: String, format: 'date', nullable: true, description: 'Null when no end is known (tacit renewal)' })
  end: string | null;

  @ApiProperty({ example: 'from 2015-09-15, tacitly renewed every 36 months' })
  description: string;
}

export class PeriodRefResponse {
  @ApiProperty({ example: '2024-2025-T2' })
  key: string;

  @ApiProperty({ example: '2e trimestre scolaire 2024-2025' })
  label: string;

  @ApiProperty({ format: 'date' })
  start: string;

  @ApiProperty({ format: 'date' })
  end: string;
}

export class PeriodMeetingResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'date-time', description: 'UTC' })
  startsAt: string;

  @ApiProperty({ example: '2025-01-16T14:00:00+01:00', description: 'In the convention\'s zone' })
  localStart: string;

  @ApiProperty({ enum: ['scheduled', 'held'] })
  state: 'scheduled' | 'held';

  @ApiProperty({ type: Boolean, nullable: true })
  quorumReached: boolean | null;

  @ApiProperty({ enum: ['ordinary', 'extraordinary'] })
  kind: 'ordinary' | 'extraordinary';

  @ApiProperty({ description: 'Whether it counts towards the minimum: held with quorum, within the validity, of a kind the rule counts' })
  counts: boolean;

  @ApiProperty({ description: 'Whether it falls within the convention\'s validity' })
  inForce: boolean;
}

export class PeriodComplianceResponse extends PeriodRefResponse {
  @ApiProperty({ type: () => DayRangeResponse, nullable: true, description: 'The days of the period within the validity' })
  inForce: DayRangeResponse | null;

  @ApiProperty({ description: 'Meetings required: the minimum, or 0 when the period is not due' })
  required: number;

  @ApiProperty()
  heldWithQuorum: number;

  @ApiProperty({ description: 'Shown, never counted' })
  heldWithoutQuorum: number;

  @ApiProperty({ description: 'Held with no quorum recorded yet: not counted until it is' })
  heldQuorumUnknown: number;

  @ApiProperty({ description: 'Scheduled meetings of the period, past or to come' })
  scheduled: number;

  @ApiProperty({ enum: COMPLIANCE_STATUSES })
  status: ComplianceStatus;

  @ApiProperty({
    type: String,
    format: 'date',
    nullable: true,
    description: 'The last day a convocation can leave for a meeting on the period\'s last working day in force',
  })
  lastDayToConvene: string | null;

  @ApiProperty({ type: [String] })
  reasons: string[];

  @ApiPropertyOptional({ type: () => [PeriodMeetingResponse], description: 'Only on one committee\'s compliance' })
  meetings?: PeriodMeetingResponse[];
}

export class StandingResponse {
  @ApiProperty({ enum: COMPLIANCE_STATUSES, description: 'The worse of the current period and the last due period ended' })
  status: ComplianceStatus;

  @ApiProperty({ description: 'at_risk or missed' })
  behind: boolean;

  @ApiProperty({ type: () => PeriodRefResponse, nullable: true, description: 'The period that decided the standing' })
  period: PeriodRefResponse | null;

  @ApiProperty({ type: [String] })
  reasons: string[];
}

export class CommitteeComplianceResponse {
  @ApiProperty({ type: () => ComplianceCommitteeResponse })
  committee: ComplianceCommitteeResponse;

  @ApiProperty({ type: () => ComplianceConventionResponse })
  convention: ComplianceConventionResponse;

  @ApiProperty({ type: () => ComplianceFrequencyResponse })
  frequency: ComplianceFrequencyResponse;

  @ApiProperty({ type: () => ComplianceNoticeResponse })
  notice: ComplianceNoticeResponse;

  @ApiProperty({ type: () => ValidityResponse })
  validity: ValidityResponse;

  @ApiProperty({ format: 'date', description: 'Today in the convention\'s zone' })
  today: string;

  @ApiProperty({ type: () => DayRangeResponse, nullable: true, description: 'The days whose periods are shown' })
  range: DayRangeResponse | null;

  @ApiProperty({ type: () => StandingResponse })
  standing: StandingResponse;

  @ApiProperty({ type: () => [PeriodComplianceResponse] })
  periods: PeriodComplianceResponse[];

  @ApiProperty({
    type: () => [MinutesStatusResponse],
    description: "The minutes of the sittings held in the range under the committee's minutes rule (status, late ones flagged); empty without a rule",
  })
  minutes: MinutesStatusResponse[];

  @ApiProperty({ type: () => [EventDeadlineResponse], description: 'The sittings due after events whose day falls in the range; empty when the rules name no event' })
  deadlines: EventDeadlineResponse[];

  @ApiProperty({ type: () => [ConveningRequestResponse], description: 'The requests for a sitting received in the range, with their last day to convene and warning' })
  requests: ConveningRequestResponse[];
}

export class ConventionCommitteeComplianceResponse {
  @ApiProperty({ type: () => ComplianceCommitteeResponse })
  committee: ComplianceCommitteeResponse;

  @ApiProperty({ type: () => ComplianceFrequencyResponse })
  frequency: ComplianceFrequencyResponse;

  @ApiProperty({ type: () => StandingResponse })
  standing: StandingResponse;

  @ApiProperty({ type: () => [PeriodComplianceResponse] })
  periods: PeriodComplianceResponse[];
}

export class ConventionComplianceResponse {
  @ApiProperty({ type: () => ComplianceConventionResponse })
  convention: ComplianceConventionResponse;

  @ApiProperty({ type: () => ValidityResponse })
  validity: ValidityResponse;

  @ApiProperty({ format: 'date' })
  today: string;

  @ApiProperty({ type: () => DayRangeResponse, nullable: true })
  range: DayRangeResponse | null;

  @ApiProperty({ type: () => [ConventionCommitteeComplianceResponse] })
  committees: ConventionCommitteeComplianceResponse[];
}

/** One committee in the cross-convention view: its standing and the period that decided it. */
export class ComplianceRowResponse {
  @ApiProperty({ type: () => ComplianceCommitteeResponse })
  committee: ComplianceCommitteeResponse;

  @ApiProperty({ type: () => ComplianceConventionResponse })
  convention: ComplianceConventionResponse;

  @ApiProperty({ enum: COMPLIANCE_STATUSES })
  status: ComplianceStatus;

  @ApiProperty()
  behind: boolean;

  @ApiProperty({ type: () => PeriodComplianceResponse, nullable: true, description: 'The period that decided the standing' })
  period: PeriodComplianceResponse | null;

  @ApiProperty({
    type: () => PeriodComplianceResponse,
    nullable: true,
    description: 'The period containing the day, whatever the standing: a committee that missed the last one may be at risk in this one too',
  })
  currentPeriod: PeriodComplianceResponse | null;

  @ApiProperty({ type: [String] })
  reasons: string[];
}

export class ComplianceListResponse {
  @ApiProperty({ type: () => [ComplianceRowResponse] })
  items: ComplianceRowResponse[];

  @ApiProperty()
  page: number;

  @ApiProperty()
  pageSize: number;

  @ApiProperty({ description: 'Committees matching the filters, over all pages' })
  total: number;
}
