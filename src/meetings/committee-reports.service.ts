import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { DomainError } from '../common/domain-error';
import { Committee } from '../committees/committee.entity';
import { ReportKind, ReportObligation } from '../committees/committee-rules';
import { requiredInPeriod } from '../rules/frequency.rule';
import { LocalDate, addDays, earlier, localDateOf } from '../rules/local-date';
import { Period, PeriodScheme, periodContaining, periodSchemeProblem, periodsOverlapping } from '../rules/periods.rule';
import { Validity, checkValidity, conventionValidity, neverInForce } from '../rules/validity.rule';
import { Clock } from '../common/clock';
import { CommitteeReport } from './committee-report.entity';
import { Meeting } from './meeting.entity';
import { findCommittee } from './meeting-lookups';
import { CreateReportDto } from './dto/create-report.dto';
import { ReportListResponse, ReportPeriodResponse, ReportResponse, toReportResponse } from './dto/report.response';

/**
 * The period scheme of a report obligation: its unit (semester for the état d'avancement, year for
 * the bilan) counted in the committee's frequency calendar (civil, school year, from signature).
 */
function schemeOf(obligation: ReportObligation, committee: Committee): PeriodScheme {
  return {
    period: obligation.period,
    calendar: committee.frequency.calendar,
    months: obligation.period === 'months' ? committee.frequency.months : null,
  };
}

/** The états d'avancement and bilans of a committee, one per period of its obligation. */
@Injectable()
export class CommitteeReportsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async create(committeeId: string, dto: CreateReportDto): Promise<ReportResponse> {
    return this.dataSource.transaction(async (manager) => {
      const committee = await findCommittee(manager, committeeId);
      const convention = committee.convention;
      const obligation = this.obligation(committee, dto.kind);
      const scheme = schemeOf(obligation, committee);
      const validity = conventionValidity(convention);
      if (neverInForce(validity)) {
        throw new DomainError('rule', 'convention_not_in_force', `Convention ${convention.reference} is not in force; no report period exists`);
      }
      const today = localDateOf(this.clock.now(), convention.timeZone);

      let meeting: Meeting | null = null;
      if (dto.meetingId !== undefined) {
        meeting = await manager.findOneBy(Meeting, { id: dto.meetingId });
        if (!meeting) {
          throw new DomainError('not_found', 'meeting_not_found', `No meeting with id ${dto.meetingId}`, { field: 'meetingId' });
        }
        if (meeting.committeeId !== committee.id) {
          throw new DomainError('rule', 'meeting_of_another_committee', `Meeting ${meeting.id} belongs to another committee`, { field: 'meetingId' });
        }
      }

      const period = this.periodFor(dto, scheme, validity, meeting ? localDateOf(meeting.startsAt, convention.timeZone) : today, today);
      if (period.start > today) {
        throw new DomainError('rule', 'period_not_started', `Period ${period.key} (${period.label}) starts on ${period.start}; it cannot be reported on yet`, {
          period: { key: period.key, start: period.start, end: period.end },
        });
      }
      const existing = await manager.findOneBy(CommitteeReport, { committeeId, kind: dto.kind, periodKey: period.key });
      if (existing) {
        throw DomainError.conflict('report_already_recorded', `A ${dto.kind} is already recorded for ${period.label} (${period.key})`, {
          reportId: existing.id,
          periodKey: period.key,
        });
      }
      const report = await manager.save(
        manager.create(CommitteeReport, {
          committeeId,
          kind: dto.kind,
          periodKey: period.key,
          periodStart: period.start,
          periodEnd: period.end,
          meetingId: meeting?.id ?? null,
          title: dto.title,
          content: dto.content,
          documentUrl: dto.documentUrl ?? null,
        }),
      );
      return toReportResponse(report);
    });
  }

  /**
   * Every period of each obligation from the convention's start to today's period, with its report
   * or what stands in for one: missing once the period is over, in progress before.
   */
  async list(committeeId: string, kind?: ReportKind): Promise<ReportListResponse> {
    const manager = this.dataSource.manager;
    const committee = await findCommittee(manager, committeeId);
    const convention = committee.convention;
    const today = localDateOf(this.clock.now(), convention.timeZone);
    const validity = conventionValidity(convention);
    const kinds = kind === undefined ? committee.reports.map((obligation) => obligation.kind) : [kind];
    const reports = kinds.length === 0 ? [] : await manager.find(CommitteeReport, { where: { committeeId, kind: In(kinds) } });
    const byKey = new Map(reports.map((report) => [`${report.kind}/${report.periodKey}`, report]));
    const rows: ReportPeriodResponse[] = [];

    for (const obligation of committee.reports.filter((candidate) => kinds.includes(candidate.kind))) {
      const scheme = schemeOf(obligation, committee);
      if (periodSchemeProblem(scheme) || neverInForce(validity)) continue;
      const last = validity.end === null ? today : earlier(validity.end, today);
      for (const period of periodsOverlapping({ start: validity.start as LocalDate, end: last }, scheme, validity.start)) {
        const report = byKey.get(`${obligation.kind}/${period.key}`) ?? null;
        byKey.delete(`${obligation.kind}/${period.key}`);
        rows.push({
          kind: obligation.kind,
          periodKey: period.key,
          label: period.label,
          start: period.start,
          end: period.end,
          status: report
            ? 'recorded'
            : requiredInPeriod(period, validity, 1).required === 0
              ? 'not_due'
              : period.end < today
                ? 'missing'
                : 'in_progress',
          report: report ? toReportResponse(report) : null,
        });
      }
    }
    // Reports left over belong to periods no longer listed (an obligation changed since): still shown.
    for (const report of byKey.values()) {
      rows.push({
        kind: report.kind,
        periodKey: report.periodKey,
        label: report.periodKey,
        start: report.periodStart,
        end: report.periodEnd,
        status: 'recorded',
        report: toReportResponse(report),
      });
    }
    rows.sort((a, b) => a.start.localeCompare(b.start) || a.kind.localeCompare(b.kind));
    return { committeeId, today, periods: rows };
  }

  private obligation(committee: Committee, kind: ReportKind): ReportObligation {
    const obligation = committee.reports.find((candidate) => candidate.kind === kind);
    if (!obligation) {
      const kinds = committee.reports.map((candidate) => candidate.kind);
      throw new DomainError(
        'rule',
        'no_report_obligation',
        `Committee ${committee.key} has no ${kind} to produce${kinds.length > 0 ? `; it produces: ${kinds.join(', ')}` : ''}`,
        { field: 'kind', expected: kinds },
      );
    }
    const problem = periodSchemeProblem(schemeOf(obligation, committee));
    if (problem) {
      throw new DomainError('rule', 'report_period_unusable', `The ${kind} periods of committee ${committee.key} cannot be counted: ${problem}`);
    }
    return obligation;
  }

  /** The period named by periodKey, else the one containing date, else the one containing `fallback`. */
  private periodFor(dto: CreateReportDto, scheme: PeriodScheme, validity: Validity, fallback: LocalDate, today: LocalDate): Period {
    const start = validity.start as LocalDate;
    let byDate: Period | null = null;
    const day = dto.date ?? (dto.periodKey === undefined ? fallback : undefined);
    if (day !== undefined) {
      const check = checkValidity(day, validity);
      if (!check.within) {
        throw new DomainError('rule', 'outside_validity', check.reason, {
          field: dto.date !== undefined ? 'date' : 'meetingId',
          validity: { from: check.validFrom, until: check.validUntil },
        });
      }
      byDate = periodContaining(day, scheme, start);
    }
    if (dto.periodKey === undefined) {
      if (!byDate) throw new DomainError('rule', 'no_period', `No report period contains ${day}`, { field: 'date' });
      return byDate;
    }
    // Periods run up to the validity's end, or a little beyond today while no end is known.
    const horizon = validity.end ?? addDays(today, 400);
    const named = periodsOverlapping({ start, end: horizon }, scheme, start).find((period) => period.key === dto.periodKey);
    if (!named) {
      throw DomainError.invalid([{ path: 'periodKey', code: 'unknown_reference', message: `is not a ${scheme.period} period of this committee within the convention's validity` }]);
    }
    if (byDate && byDate.key !== named.key) {
      throw DomainError.invalid([{ path: 'date', code: 'inconsistent', message: `falls in period ${byDate.key}, not in ${named.key}` }]);
    }
    return named;
  }
}
