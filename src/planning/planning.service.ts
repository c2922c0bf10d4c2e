import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError } from '../common/domain-error';
import { Committee } from '../committees/committee.entity';
import { conventionContext, validityView } from '../compliance/convention-context';
import { Clock } from '../common/clock';
import type { MeetingKind, MeetingRecord, MeetingState } from '../rules/frequency.rule';
import { schoolHolidayCalendars } from '../school-holidays/school-holidays.store';
import { LocalDate, addDays, localDateOf, startOfLocalDay } from '../rules/local-date';
import { latestSendingDay } from '../rules/notice.rule';
import { periodSchemeProblem, periodsOverlapping } from '../rules/periods.rule';
import { BusyTime, PlanningYear, planningRange, proposePlanning } from '../rules/planning.rule';
import { PlanningResponse, ProposalResponse } from './dto/planning.response';

const FIRST_YEAR = 1900;
const LAST_YEAR = 2200;

interface OwnMeetingRow {
  startsAt: Date;
  state: MeetingState;
  quorumReached: boolean | null;
  kind: MeetingKind;
  convened: boolean;
}

interface BusyRow {
  startsAt: Date;
  endsAt: Date;
}

/** Reads "2025" as the civil year 2025 and "2025-2026" as the school year from 1 September 2025. */
export function parsePlanningYear(text: string): PlanningYear {
  const match = /^(\d{4})(?:-(\d{4}))?$/.exec(text);
  const first = match ? Number(match[1]) : NaN;
  if (!match || first < FIRST_YEAR || first > LAST_YEAR) {
    throw DomainError.invalid([{ path: 'year', code: 'wrong_format', message: `must be a civil year (2025) or a school year (2025-2026) between ${FIRST_YEAR} and ${LAST_YEAR}` }]);
  }
  if (match[2] === undefined) return { calendar: 'civil', year: first };
  if (Number(match[2]) !== first + 1) {
    throw DomainError.invalid([{ path: 'year', code: 'inconsistent', message: `a school year runs over two following years: ${first}-${first + 1}` }]);
  }
  return { calendar: 'school', year: first };
}

/**
 * Dates proposed for a committee's year (rules/planning.rule.ts): enough meetings in each period
 * for its minimum, counting those already held with quorum or scheduled, on working days of the
 * territory, within the validity, late enough for the notice from now, and clear of the meetings
 * that its members hold on other committees.
 */
@Injectable()
export class PlanningService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async plan(committeeId: string, yearText: string): Promise<PlanningResponse> {
    const year = parsePlanningYear(yearText);
    const committee = await this.dataSource.getRepository(Committee).findOne({
      where: { id: committeeId },
      relations: { convention: true },
    });
    if (!committee) throw DomainError.notFound('committee', `id ${committeeId}`);
    const rule = {
      minimum: committee.frequency.minimum,
      period: committee.frequency.period,
      calendar: committee.frequency.calendar,
      months: committee.frequency.months,
      counts: committee.frequency.counts,
    };
    const problem = periodSchemeProblem(rule);
    if (problem) {
      throw new DomainError('rule', 'frequency_rule_unusable', `The committee's frequency rule cannot be planned: ${problem}`, {
        committeeId,
      });
    }
    const now = this.clock.now();
    const zones = await schoolHolidayCalendars(this.dataSource.manager, [committee.convention.schoolZone]);
    const context = conventionContext(committee.convention, now, undefined, zones);
    const zone = committee.convention.timeZone;
    const notice = { days: committee.notice.days, dayKind: committee.notice.dayKind, holidays: context.holidays };
    const range = planningRange(year);

    // The periods a year touches may reach beyond it (a civil semester in a school year): the
    // committee's own meetings are read over all of them, other people's over the year's days.
    const periods =
      rule.calendar === 'signature' && context.validity.start === null ? [] : periodsOverlapping(range, rule, context.validity.start);
    const spanStart = periods.length > 0 && periods[0].start < range.start ? periods[0].start : range.start;
    const spanEnd = periods.length > 0 && periods[periods.length - 1].end > range.end ? periods[periods.length - 1].end : range.end;
    const own: OwnMeetingRow[] = await this.dataSource.query(
      `SELECT starts_at AS "startsAt", state, quorum_reached AS "quorumReached", kind, convened_at IS NOT NULL AS convened
         FROM meetings
        WHERE committee_id = $1 AND state IN ('scheduled', 'held') AND starts_at >= $2 AND starts_at < $3`,
      [committee.id, startOfLocalDay(spanStart, zone), startOfLocalDay(addDays(spanEnd, 1), zone)],
    );
    const busy = await this.busyTimes(committee.id, spanStart, spanEnd, zone);

    const planning = proposePlanning({
      rule,
      validity: context.validity,
      year,
      notice,
      now,
      zone,
      holidays: context.holidays,
      schoolHolidays: committee.meetsDuringSchoolHolidays ? undefined : context.schoolHolidays,
      meetings: own.map(
        (row): MeetingRecord => ({
          localDate: localDateOf(new Date(row.startsAt), zone),
          state: row.state,
          quorumReached: row.quorumReached,
          kind: row.kind,
          convened: row.convened,
        }),
      ),
      busy,
    });

    const proposals: ProposalResponse[] = planning.periods.flatMap((plan) =>
      plan.proposals.map((proposal) => ({
        localDate: proposal.localDate,
        localStart: proposal.localStart,
        localEnd: proposal.localEnd,
        timeZone: zone,
        startsAt: proposal.start.toISOString(),
        endsAt: proposal.end.toISOString(),
        period: { key: plan.period.key, label: plan.period.label, start: plan.period.start, end: plan.period.end },
        convokeBy: latestSendingDay(proposal.localDate, notice),
      })),
    );
    return {
      committee: { id: committee.id, key: committee.key, name: committee.name, kind: committee.kind },
      convention: {
        id: committee.convention.id,
        reference: committee.convention.reference,
        timeZone: zone,
        holidayTerritory: context.holidays.territory,
        schoolZone: committee.convention.schoolZone,
      },
      meetsDuringSchoolHolidays: committee.meetsDuringSchoolHolidays,
      frequency: { ...rule, text: committee.frequency.text },
      notice: { days: notice.days, dayKind: notice.dayKind },
      validity: validityView(context.validity),
      year: { label: yearText, calendar: year.calendar, range: planning.range },
      now: now.toISOString(),
      earliestLawfulDate: planning.earliestLawfulDate,
      periods: planning.periods.map((plan) => ({
        key: plan.period.key,
        label: plan.period.label,
        start: plan.period.start,
        end: plan.period.end,
        required: plan.required,
        alreadyCounted: plan.alreadyCounted,
        proposed: plan.proposals.length,
        status: plan.status,
        reasons: plan.reasons,
      })),
      proposals,
    };
  }

  /**
   * Meetings, scheduled or held, of the other committees on which this committee's members sit,
   * while both memberships are held. Substitutes are left out: they stand in, they do not make a
   * member unavailable.
   */
  private async busyTimes(committeeId: string, from: LocalDate, to: LocalDate, zone: string): Promise<BusyTime[]> {
    const rows: BusyRow[] = await this.dataSource.query(
      `SELECT DISTINCT m.id, m.starts_at AS "startsAt", m.ends_at AS "endsAt"
         FROM memberships mine
         JOIN seats my_seat ON my_seat.id = mine.seat_id AND my_seat.committee_id = $1
         JOIN memberships theirs ON theirs.person_id = mine.person_id
         JOIN seats their_seat ON their_seat.id = theirs.seat_id AND their_seat.committee_id <> $1
         JOIN meetings m ON m.committee_id = their_seat.committee_id
         JOIN committees other ON other.id = m.committee_id
         JOIN conventions cv ON cv.id = other.convention_id
        WHERE m.state IN ('scheduled', 'held')
          AND m.starts_at < $3 AND m.ends_at > $2
          AND mine.starts_on <= $5 AND (mine.ends_on IS NULL OR mine.ends_on >= $4)
          AND theirs.starts_on <= (m.starts_at AT TIME ZONE cv.time_zone)::date
          AND (theirs.ends_on IS NULL OR theirs.ends_on >= (m.starts_at AT TIME ZONE cv.time_zone)::date)`,
      [committeeId, startOfLocalDay(from, zone), startOfLocalDay(addDays(to, 1), zone), from, to],
    );
    return rows.map((row) => ({ start: new Date(row.startsAt), end: new Date(row.endsAt) }));
  }
}
