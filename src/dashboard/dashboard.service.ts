import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../config/config.module';
import { AppConfig } from '../config/app-config';
import { AccessPolicy, Subject } from '../auth';
import { Clock } from '../common/clock';
import { CommitteeStandingView } from '../compliance/compliance.service';
import { KeptCompliance } from '../compliance/kept-compliance';
import { SecretariatOverviewService } from './secretariat-overview.service';
import { ComplianceStatus } from '../rules/frequency.rule';
import { LocalDate, localDateOf } from '../rules/local-date';
import { latestSendingDate } from '../rules/notice.rule';
import { holidaysOf } from '../rules/working-days.rule';
import type { NoticeDayKind } from '../committees/committee-rules';
import { answersOverview } from '../convocations/answers-view';
import { signAnswerToken } from '../convocations/answer-link';
import { Answer } from '../convocations/convocation.entity';

/** More would not be read on one page: a person with a wider role uses the overview of their conventions. */
const MAX_COMMITTEES = 100;
/** Minutes still missing this long after a meeting are no longer asked for on the home page. */
const MINUTES_LOOKBACK_DAYS = 120;

export interface MyCommittee {
  id: string;
  name: string;
  conventionId: string;
  conventionTitle: string;
  timeZone: string;
  /** Whether the person may schedule and convene its meetings (the access policy's answer). */
  convenes: boolean;
  /** Whether the person holds or substitutes a current seat in it. */
  sits: boolean;
  standing: ComplianceStatus;
  /** The period running today, with its last day to convene; null when none runs (outside validity). */
  currentPeriod: { label: string; status: ComplianceStatus; lastDayToConvene: LocalDate | null } | null;
  nextMeeting: { id: string; startsAt: Date; endsAt: Date; convened: boolean } | null;
}

/** Something waiting for the person, most urgent first. */
export type Need =
  | { kind: 'convene_by'; committeeId: string; committeeName: string; date: LocalDate | null; periodLabel: string }
  | { kind: 'meeting_not_convened'; committeeId: string; committeeName: string; meetingId: string; startsAt: Date; timeZone: string; latestSendingDate: LocalDate }
  | { kind: 'answers_missing'; committeeName: string; meetingId: string; startsAt: Date; timeZone: string; unanswered: number }
  | { kind: 'quorum_at_risk'; committeeName: string; meetingId: string; startsAt: Date; timeZone: string; missingParties: string[] }
  | { kind: 'minutes_missing'; committeeName: string; meetingId: string; startsAt: Date; timeZone: string }
  | { kind: 'answer_invitation'; committeeName: string; meetingId: string; startsAt: Date; timeZone: string; answerToken: string }
  | { kind: 'committees_behind'; atRisk: number; missed: number };

/** A meeting the person was convened to, with their answer. */
export interface MyMeeting {
  meetingId: string;
  committeeName: string;
  startsAt: Date;
  endsAt: Date;
  timeZone: string;
  state: 'scheduled' | 'held' | 'cancelled';
  answer: Answer;
  /** The token of the answer link their convocation carries: the same answer pages. */
  answerToken: string;
  /**
   * Whether an answer can be given here: the meeting is to come, the convocation stands, and it has
   * reached the person (the mail server accepted it): nobody is asked to answer a convocation they
   * have not received.
   */
  open: boolean;
  /** Whether the convocation (or an update of it) reached the mail server. */
  sent: boolean;
  /** When it is planned to leave, while it waits; null once sent, or when withheld or refused. */
  plannedAt: Date | null;
}

export interface Dashboard {
  committees: MyCommittee[];
  needs: Need[];
}

interface CommitteeRow {
  id: string;
  name: string;
  convention_id: string;
  convention_title: string;
  time_zone: string;
  notice_days: number;
  notice_day_kind: NoticeDayKind;
  holiday_country: string;
  holiday_region: string | null;
  /** Its next meeting still to end, if any. */
  next_id: string | null;
  next_starts_at: Date | null;
  next_ends_at: Date | null;
  next_convened_at: Date | null;
}

/**
 * A person's home page: the committees they convene or sit on, how each stands for its period,
 * and what waits for them. Who convenes what is the access policy's decision, not this service's.
 */
@Injectable()
export class DashboardService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly kept: KeptCompliance,
    private readonly policy: AccessPolicy,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly followUp: SecretariatOverviewService,
  ) {}

  /**
   * Four statements whatever the number of committees (theirs with their next meeting, their
   * standings' data version, minutes missing, invitations), plus the answers of each convened
   * next meeting: the standings are kept while the data is unchanged (KeptCompliance).
   */
  async of(subject: Subject): Promise<Dashboard> {
    const now = this.clock.now();
    const rows = await this.committeesOf(subject, now);
    const seated = new Set(subject.memberOf.map((ref) => ref.committeeId));
    const convening = new Set(
      rows
        .filter((row) => this.policy.decide(subject, 'meeting.convene', { conventionId: row.convention_id, committeeId: row.id }).allowed)
        .map((row) => row.id),
    );
    const convenedNext = rows.filter((row) => convening.has(row.id) && row.next_id !== null && row.next_convened_at !== null);
    const [standings, minutes, invitations, answers, behind] = await Promise.all([
      this.kept.standings(rows.map((row) => ({ id: row.id, conventionId: row.convention_id, timeZone: row.time_zone }))),
      this.minutesMissing(rows.filter((row) => convening.has(row.id)), now),
      this.invitations(subject.personId, now),
      Promise.all(convenedNext.map(async (row) => [row.next_id as string, await answersOverview(this.dataSource.manager, row.next_id as string)] as const)),
      // A secretariat or the académie is told first how many of the committees it follows are behind.
      this.followUp.behind(subject),
    ]);
    const answersOf = new Map(answers);

    const committees: MyCommittee[] = [];
    const needs: Need[] = [];
    if (behind && behind.atRisk + behind.missed > 0) needs.push({ kind: 'committees_behind', ...behind });
    for (const row of rows) {
      const convenes = convening.has(row.id);
      const compliance = standings.get(row.id) as CommitteeStandingView;
      const current = compliance.currentPeriod;
      const next = row.next_id !== null ? { id: row.next_id, starts_at: row.next_starts_at as Date, ends_at: row.next_ends_at as Date, convened_at: row.next_convened_at } : null;
      committees.push({
        id: row.id,
        name: row.name,
        conventionId: row.convention_id,
        conventionTitle: row.convention_title,
        timeZone: row.time_zone,
        convenes,
        sits: seated.has(row.id),
        standing: compliance.standing.status,
        currentPeriod: current ? { label: current.label, status: current.status, lastDayToConvene: current.lastDayToConvene } : null,
        nextMeeting: next ? { id: next.id, startsAt: next.starts_at, endsAt: next.ends_at, convened: next.convened_at !== null } : null,
      });
      if (!convenes) continue;
      // A next meeting in a later period does not hold the current one: the director would believe she is done.
      const nextHoldsCurrent = next !== null && current !== null && localDateOf(next.starts_at, row.time_zone) <= current.end;
      if (current && current.status === 'at_risk' && !nextHoldsCurrent) {
        needs.push({ kind: 'convene_by', committeeId: row.id, committeeName: row.name, date: current.lastDayToConvene, periodLabel: current.label });
      }
      if (next && next.convened_at === null) {
        needs.push({
          kind: 'meeting_not_convened',
          committeeId: row.id,
          committeeName: row.name,
          meetingId: next.id,
          startsAt: next.starts_at,
          timeZone: row.time_zone,
          latestSendingDate: latestSendingDate(
            next.starts_at,
            { days: row.notice_days, dayKind: row.notice_day_kind, holidays: holidaysOf({ country: row.holiday_country, region: row.holiday_region }) },
            row.time_zone,
          ),
        });
      }
      const answered = next ? answersOf.get(next.id) : undefined;
      if (next && answered) {
        const base = { committeeName: row.name, meetingId: next.id, startsAt: next.starts_at, timeZone: row.time_zone };
        if (answered.quorum.outlook === 'out_of_reach') needs.push({ kind: 'quorum_at_risk', ...base, missingParties: answered.quorum.expected.missingParties });
        if (answered.summary.needsAction > 0) needs.push({ kind: 'answers_missing', ...base, unanswered: answered.summary.needsAction });
      }
    }
    needs.push(...minutes, ...invitations);
    return { committees, needs };
  }

  /** « Mes réunions »: every meeting the person was convened to, coming first, then past (latest first). */
  async meetingsOf(personId: string): Promise<{ coming: MyMeeting[]; past: MyMeeting[] }> {
    const now = this.clock.now();
    const rows: Array<{
      convocation_id: string; meeting_id: string; committee_name: string; starts_at: Date; ends_at: Date; time_zone: string;
      state: MyMeeting['state']; answer: Answer; withdrawn_at: Date | null; sent: boolean; planned_at: Date | null;
    }> = await this.dataSource.query(
      `SELECT k.id AS convocation_id, m.id AS meeting_id, c.name AS committee_name, m.starts_at, m.ends_at, v.time_zone,
              m.state, k.answer, k.withdrawn_at,
              EXISTS (SELECT 1 FROM outbound_messages o
                       WHERE o.convocation_id = k.id AND o.kind IN ('convocation', 'update') AND o.state = 'sent') AS sent,
              (SELECT min(o.send_after) FROM outbound_messages o
                WHERE o.convocation_id = k.id AND o.kind IN ('convocation', 'update') AND o.state IN ('pending', 'sending')) AS planned_at
         FROM convocations k
         JOIN meetings m ON m.id = k.meeting_id
         JOIN committees c ON c.id = m.committee_id
         JOIN conventions v ON v.id = c.convention_id
        WHERE k.person_id = $1
        ORDER BY m.starts_at, m.id`,
      [personId],
    );
    const meetings = rows.map((row): MyMeeting => ({
      meetingId: row.meeting_id,
      committeeName: row.committee_name,
      startsAt: row.starts_at,
      endsAt: row.ends_at,
      timeZone: row.time_zone,
      state: row.state,
      answer: row.answer,
      answerToken: signAnswerToken(row.convocation_id, this.config.auth.secret),
      open: row.state === 'scheduled' && row.withdrawn_at === null && row.ends_at >= now && row.sent,
      sent: row.sent,
      plannedAt: row.sent ? null : row.planned_at,
    }));
    return {
      coming: meetings.filter((meeting) => meeting.endsAt >= now),
      past: meetings.filter((meeting) => meeting.endsAt < now).reverse(),
    };
  }

  /**
   * Committees where the person sits, convenes by seat, or holds a grant (directly or through the
   * convention), each with its next meeting still to end (scheduled, earliest first).
   */
  private async committeesOf(subject: Subject, now: Date): Promise<CommitteeRow[]> {
    const committeeIds = [
      ...subject.memberOf.map((ref) => ref.committeeId),
      ...subject.convenerBySeat.map((ref) => ref.committeeId),
      ...subject.grants.flatMap((grant) => (grant.committeeId ? [grant.committeeId] : [])),
    ];
    const conventionIds = subject.grants.flatMap((grant) => (grant.conventionId && !grant.committeeId ? [grant.conventionId] : []));
    if (committeeIds.length === 0 && conventionIds.length === 0) return [];
    return this.dataSource.query(
      `SELECT c.id, c.name, v.id AS convention_id, v.title AS convention_title, v.time_zone,
              c.notice_days, c.notice_day_kind, v.holiday_country, v.holiday_region,
              m.id AS next_id, m.starts_at AS next_starts_at, m.ends_at AS next_ends_at, m.convened_at AS next_convened_at
         FROM committees c JOIN conventions v ON v.id = c.convention_id
         LEFT JOIN LATERAL (
           SELECT id, starts_at, ends_at, convened_at FROM meetings
            WHERE committee_id = c.id AND state = 'scheduled' AND ends_at >= $3
            ORDER BY starts_at, id LIMIT 1
         ) m ON true
        WHERE c.id = ANY($1::uuid[]) OR c.convention_id = ANY($2::uuid[])
        ORDER BY v.title, c.name, c.id
        LIMIT ${MAX_COMMITTEES}`,
      [committeeIds, conventionIds, now],
    );
  }

  private async minutesMissing(committees: CommitteeRow[], now: Date): Promise<Need[]> {
    if (committees.length === 0) return [];
    const rows: Array<{ id: string; committee_id: string; starts_at: Date }> = await this.dataSource.query(
      `SELECT id, committee_id, starts_at FROM meetings
        WHERE committee_id = ANY($1) AND state = 'held' AND minutes IS NULL
          AND NOT EXISTS (SELECT 1 FROM meeting_documents d WHERE d.meeting_id = meetings.id AND d.kind = 'minutes')
          AND starts_at >= $2::timestamptz - make_interval(days => ${MINUTES_LOOKBACK_DAYS})
        ORDER BY starts_at`,
      [committees.map((committee) => committee.id), now],
    );
    const byId = new Map(committees.map((committee) => [committee.id, committee]));
    return rows.map((row) => {
      const committee = byId.get(row.committee_id) as CommitteeRow;
      return { kind: 'minutes_missing', committeeName: committee.name, meetingId: row.id, startsAt: row.starts_at, timeZone: committee.time_zone };
    });
  }

  /** Convocations sent to the person (accepted by the mail server: one planned for later is not asked about yet) that wait for an answer. */
  private async invitations(personId: string, now: Date): Promise<Need[]> {
    const rows: Array<{ convocation_id: string; meeting_id: string; starts_at: Date; committee_name: string; time_zone: string }> =
      await this.dataSource.query(
        `SELECT k.id AS convocation_id, m.id AS meeting_id, m.starts_at, c.name AS committee_name, v.time_zone
           FROM convocations k
           JOIN meetings m ON m.id = k.meeting_id
           JOIN committees c ON c.id = m.committee_id
           JOIN conventions v ON v.id = c.convention_id
          WHERE k.person_id = $1 AND k.answer = 'needs_action' AND k.withdrawn_at IS NULL
            AND m.state = 'scheduled' AND m.convened_at IS NOT NULL AND m.ends_at >= $2
            AND EXISTS (SELECT 1 FROM outbound_messages o
                         WHERE o.convocation_id = k.id AND o.kind IN ('convocation', 'update') AND o.state = 'sent')
          ORDER BY m.starts_at`,
        [personId, now],
      );
    return rows.map((row) => ({
      kind: 'answer_invitation',
      committeeName: row.committee_name,
      meetingId: row.meeting_id,
      startsAt: row.starts_at,
      timeZone: row.time_zone,
      answerToken: signAnswerToken(row.convocation_id, this.config.auth.secret),
    }));
  }
}
