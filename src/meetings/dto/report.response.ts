import { ApiProperty } from '@nestjs/swagger';
import { REPORT_KINDS, ReportKind } from '../../committees/committee-rules';
import { CommitteeReport } from '../committee-report.entity';

export class ReportResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  committeeId: string;

  @ApiProperty({ enum: REPORT_KINDS })
  kind: ReportKind;

  @ApiProperty({ example: '2025-S1' })
  periodKey: string;

  @ApiProperty({ format: 'date' })
  periodStart: string;

  @ApiProperty({ format: 'date' })
  periodEnd: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  meetingId: string | null;

  @ApiProperty()
  title: string;

  @ApiProperty()
  content: string;

  @ApiProperty({ type: String, nullable: true })
  documentUrl: string | null;

  @ApiProperty()
  recordedAt: string;
}

export const REPORT_PERIOD_STATUSES = ['recorded', 'missing', 'in_progress', 'not_due'] as const;
export type ReportPeriodStatus = (typeof REPORT_PERIOD_STATUSES)[number];

export class ReportPeriodResponse {
  @ApiProperty({ enum: REPORT_KINDS })
  kind: ReportKind;

  @ApiProperty({ example: '2025-S1' })
  periodKey: string;

  @ApiProperty({ example: '1er semestre 2025' })
  label: string;

  @ApiProperty({ format: 'date' })
  start: string;

  @ApiProperty({ format: 'date' })
  end: string;

  @ApiProperty({
    enum: REPORT_PERIOD_STATUSES,
    description: 'recorded; missing (period over, no report); in_progress (period not over); not_due (less than half the period in force)',
  })
  status: ReportPeriodStatus;

  @ApiProperty({ type: () => ReportResponse, nullable: true })
  report: ReportResponse | null;
}

export class ReportListResponse {
  @ApiProperty({ format: 'uuid' })
  committeeId: string;

  @ApiProperty({ format: 'date', description: "Today in the convention's zone" })
  today: string;

  @ApiProperty({ type: () => [ReportPeriodResponse] })
  periods: ReportPeriodResponse[];
}

export function toReportResponse(report: CommitteeReport): ReportResponse {
  return {
    id: report.id,
    committeeId: report.committeeId,
    kind: report.kind,
    periodKey: report.periodKey,
    periodStart: report.periodStart,
    periodEnd: report.periodEnd,
    meetingId: report.meetingId,
    title: report.title,
    content: report.content,
    documentUrl: report.documentUrl,
    recordedAt: report.recordedAt.toISOString(),
  };
}
