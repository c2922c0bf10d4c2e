import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { AccessPolicy, Subject } from '../auth';
import { Clock } from '../common/clock';
import { CommitteesService } from '../committees/committees.service';
import { CommitteeDetailResponse } from '../committees/dto/committee-detail.response';
import { ComplianceService } from '../compliance/compliance.service';
import { CommitteePeriods, KeptCompliance } from '../compliance/kept-compliance';
import { MeetingsService } from '../meetings/meetings.service';
import { AnswersService } from '../convocations/answers.service';
import { MeetingResponse } from '../meetings/dto/meeting.response';
import { PlanningService } from '../planning/planning.service';
import { PlanningResponse } from '../planning/dto/planning.response';
import { LocalDate } from '../rules/local-date';
import { earliestLawfulMeetingDate } from '../rules/notice.rule';
import { HolidayCalendar, holidaysOfConvention } from '../rules/working-days.rule';
import { Convention } from '../conventions/convention.entity';
import { DataSource } from 'typeorm';

export interface CommitteeOverview {
  committee: CommitteeDetailResponse;
  compliance: CommitteePeriods;
  /** Scheduled meetings not ended yet, the soonest first. */
  coming: MeetingResponse[];
  /** Meetings ended, the latest first. */
  past: MeetingResponse[];
  /** Cancelled meetings, the latest first: apart, so that none reads as still to take place. */
  cancelled: MeetingResponse[];
  /** The coming meetings convened for a later sending that has reached nobody yet, with when it leaves. */
  plannedSendings: Map<string, Date>;
  /** What the person may do here, as the access policy decides it. */
  convenes: boolean;
}

export interface ProposedDates {
  committee: CommitteeDetailResponse;
  planning: PlanningResponse;
}

/** What the form that schedules a meeting shows beside its fields. */
export interface SchedulingContext {
  committee: CommitteeDetailResponse;
  /** The first day a meeting can be held with a convocation leaving today. */
  earliestLawfulDate: LocalDate;
  /** The period running today and the last day a convocation can leave for it. */
  currentPeriod: { label: string; lastDayToConvene: LocalDate | null } | null;
  /** When the convention is in force, as the scheduling form tells it: ended, or not yet begun. */
  inForce: InForce;
}

/** A convention's days in force seen from today: `ended` when its last day is past, `notYet` before its first. */
export interface InForce {
  from: LocalDate | null;
  /** Its last day; null while it is renewed by tacit agreement. */
  until: LocalDate | null;
  ended: boolean;
  notYet: boolean;
}

export function inForceOn(validity: { start: LocalDate | null; end: LocalDate | null }, today: LocalDate): InForce {
  return { from: validity.start, until: validity.end, ended: validity.end !== null && validity.end < today, notYet: validity.start === null || validity.start > today };
}

/**
 * A committee's page: its makeup and rules, its meetings, its periods and their standing, and for
 * its conveners the dates proposed for the year — each from the service that owns it.
 */
@Injectable()
export class CommitteeOverviewService {
  constructor(
    private readonly committees: CommitteesService,
    private readonly compliance: ComplianceService,
    private readonly kept: KeptCompliance,
    private readonly meetings: MeetingsService,
    private readonly answers: AnswersService,
    private readonly planning: PlanningService,
    private readonly policy: AccessPolicy,
    private readonly clock: Clock,
    private readonly dataSource: DataSource,
  ) {}

  /** The public holidays of the convention's territory, which a notice in working days skips. */
  private async holidaysOf(conventionId: string): Promise<HolidayCalendar> {
    const convention = await this.dataSource.getRepository(Convention).findOneOrFail({
      select: { id: true, holidayCountry: true, holidayRegion: true },
      where: { id: conventionId },
    });
    return holidaysOfConvention(convention);
  }

  async of(committeeId: string, subject: Subject): Promise<CommitteeOverview> {
    const committee = await this.committees.detail(committeeId);
    const target = { conventionId: committee.convention.id, committeeId };
    const convenes = this.policy.decide(subject, 'meeting.schedule', target).allowed;
    // Its periods are kept while the data is unchanged: computing them was most of the page's statements.
    const [compliance, meetings] = await Promise.all([this.kept.periods(committeeId, committee.convention.id, committee.convention.timeZone), this.meetings.list(committeeId, {})]);
    const now = this.clock.now().toISOString();
    const cancelled = meetings.filter((meeting) => meeting.state === 'cancelled').reverse();
    const coming = meetings.filter((meeting) => meeting.end.utc >= now && meeting.state === 'scheduled');
    const past = meetings.filter((meeting) => meeting.state !== 'cancelled' && !coming.includes(meeting)).reverse();
    const plannedSendings = await this.answers.plannedSendingsOf(coming.filter((meeting) => meeting.convenedAt !== null).map((meeting) => meeting.id));
    return { committee, compliance, coming, past, cancelled, plannedSendings, convenes };
  }

  /** The dates proposed for the year the committee's periods run in today (planning is costly: its own page). */
  async proposedDates(committeeId: string): Promise<ProposedDates> {
    const committee = await this.committees.detail(committeeId);
    return { committee, planning: await this.planning.plan(committeeId, runningYear(committee.rules.frequency.calendar, this.clock.now(), committee.convention.timeZone)) };
  }

  async schedulingContext(committeeId: string): Promise<SchedulingContext> {
    const committee = await this.committees.detail(committeeId);
    const compliance = await this.compliance.committeeCompliance(committeeId, {});
    const current = compliance.periods.find((period) => period.start <= compliance.today && compliance.today <= period.end) ?? null;
    const notice = committee.rules.notice;
    return {
      committee,
      earliestLawfulDate: earliestLawfulMeetingDate(
        this.clock.now(),
        { days: notice.days, dayKind: notice.dayKind, holidays: await this.holidaysOf(committee.convention.id) },
        committee.convention.timeZone,
      ),
      currentPeriod: current ? { label: current.label, lastDayToConvene: current.lastDayToConvene } : null,
      inForce: inForceOn(compliance.validity, compliance.today),
    };
  }

}

/** The year the committee's periods run in on `now`: a school year from 1 September, or the civil year. */
function runningYear(calendar: string, now: Date, zone: string): string {
  const today = DateTime.fromJSDate(now, { zone });
  if (calendar !== 'school') return String(today.year);
  const first = today.month >= 9 ? today.year : today.year - 1;
  return `${first}-${first + 1}`;
}
