import { ApiProperty } from '@nestjs/swagger';
import { COMMITTEE_KINDS, CommitteeKind, NOTICE_DAY_KINDS, NoticeDayKind } from '../../committees/committee-rules';
import { PLAN_STATUSES, PlanStatus } from '../../rules/planning.rule';
import {
  ComplianceFrequencyResponse,
  DayRangeResponse,
  ValidityResponse,
} from '../../compliance/dto/compliance.response';

export class PlanningCommitteeResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  key: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ enum: COMMITTEE_KINDS })
  kind: CommitteeKind;
}

export class PlanningConventionResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  reference: string;

  @ApiProperty({ example: 'America/Cayenne' })
  timeZone: string;

  @ApiProperty({ example: 'GF', description: 'Territory whose public holidays are avoided' })
  holidayTerritory: string;

  @ApiProperty({ type: String, nullable: true, example: 'A', description: 'School-holiday zone whose holidays are avoided; null when unknown' })
  schoolZone: string | null;
}

export class PlanningYearResponse {
  @ApiProperty({ example: '2025-2026' })
  label: string;

  @ApiProperty({ enum: ['civil', 'school'] })
  calendar: 'civil' | 'school';

  @ApiProperty({ type: () => DayRangeResponse })
  range: DayRangeResponse;
}

export class PlanningNoticeResponse {
  @ApiProperty()
  days: number;

  @ApiProperty({ enum: NOTICE_DAY_KINDS })
  dayKind: NoticeDayKind;
}

export class ServedPeriodResponse {
  @ApiProperty({ example: '2025-2026-S1' })
  key: string;

  @ApiProperty({ example: '1er semestre scolaire 2025-2026' })
  label: string;

  @ApiProperty({ format: 'date' })
  start: string;

  @ApiProperty({ format: 'date' })
  end: string;
}

export class ProposalResponse {
  @ApiProperty({ format: 'date', description: 'The day, in the convention\'s zone' })
  localDate: string;

  @ApiProperty({ example: '2025-11-13T14:00:00-03:00', description: 'Local start with the zone\'s offset that day' })
  localStart: string;

  @ApiProperty({ example: '2025-11-13T16:00:00-03:00' })
  localEnd: string;

  @ApiProperty({ example: 'America/Cayenne' })
  timeZone: string;

  @ApiProperty({ format: 'date-time', description: 'UTC' })
  startsAt: string;

  @ApiProperty({ format: 'date-time', description: 'UTC' })
  endsAt: string;

  @ApiProperty({ type: () => ServedPeriodResponse, description: 'The period whose minimum the meeting serves' })
  period: ServedPeriodResponse;

  @ApiProperty({ format: 'date', description: 'The last day the convocation can leave, in the convention\'s zone' })
  convokeBy: string;
}

export class PeriodPlanResponse extends ServedPeriodResponse {
  @ApiProperty()
  required: number;

  @ApiProperty({ description: 'Meetings already held with quorum, or scheduled from today on' })
  alreadyCounted: number;

  @ApiProperty({ description: 'Meetings proposed for this period' })
  proposed: number;

  @ApiProperty({ enum: PLAN_STATUSES })
  status: PlanStatus;

  @ApiProperty({ type: [String] })
  reasons: string[];
}

export class PlanningResponse {
  @ApiProperty({ type: () => PlanningCommitteeResponse })
  committee: PlanningCommitteeResponse;

  @ApiProperty({ type: () => PlanningConventionResponse })
  convention: PlanningConventionResponse;

  @ApiProperty({ type: () => ComplianceFrequencyResponse })
  frequency: ComplianceFrequencyResponse;

  @ApiProperty({ description: 'Whether the committee may meet during the school holidays; if not, planning avoids them' })
  meetsDuringSchoolHolidays: boolean;

  @ApiProperty({ type: () => PlanningNoticeResponse })
  notice: PlanningNoticeResponse;

  @ApiProperty({ type: () => ValidityResponse })
  validity: ValidityResponse;

  @ApiProperty({ type: () => PlanningYearResponse })
  year: PlanningYearResponse;

  @ApiProperty({ format: 'date-time', description: 'The instant the planning was computed from' })
  now: string;

  @ApiProperty({ format: 'date', description: 'The first day a meeting can be held with a convocation leaving now' })
  earliestLawfulDate: string;

  @ApiProperty({ type: () => [PeriodPlanResponse] })
  periods: PeriodPlanResponse[];

  @ApiProperty({ type: () => [ProposalResponse] })
  proposals: ProposalResponse[];
}
