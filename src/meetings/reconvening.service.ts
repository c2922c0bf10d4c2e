import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { DataSource, EntityManager, Not } from 'typeorm';
import { APP_CONFIG } from '../config/config.module';
import { AppConfig } from '../config/app-config';
import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { Committee } from '../committees/committee.entity';
import { LocalDate, addDays, instantAt, localDateOf, startOfLocalDay } from '../rules/local-date';
import { FailedSitting, ReconveningRule, checkReconvening, proposeReconvening, reconvenedQuorum, reconveningNotice } from '../rules/reconvening.rule';
import { holidaysOfConvention } from '../rules/working-days.rule';
import { schoolHolidayCalendars } from '../school-holidays/school-holidays.store';
import { AgendaItem } from './agenda-item.entity';
import { Meeting } from './meeting.entity';
import { MeetingSpan, assertNoticeLeft, assertWithinValidity, readSendTime, readSpan } from './meeting-dates';
import { findCommittee, lockMeeting } from './meeting-lookups';
import { ReconveneDto } from './dto/reconvene.dto';
import { ReconveningResponse, ReconveningRuleResponse } from './dto/reconvening.response';

/**
 * « Si le quorum n'est pas atteint, une nouvelle réunion se tient dans un délai de huit à quinze
 * jours »: for a sitting held without its quorum, what the committee's rules allow (rules/
 * reconvening.rule.ts), the day copil proposes, and the second sitting itself — on the same
 * agenda, convened like any meeting but with its own notice, and judged by its own quorum when it
 * is recorded as held.
 */
@Injectable()
export class ReconveningService {
  private readonly uidDomain: string;

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.uidDomain = new URL(config.publicBaseUrl).hostname || 'copil';
  }

  async of(meetingId: string): Promise<ReconveningResponse> {
    const manager = this.dataSource.manager;
    const first = await manager.findOneBy(Meeting, { id: meetingId });
    if (!first) throw DomainError.notFound('meeting', `id ${meetingId}`);
    return this.view(manager, first, await findCommittee(manager, first.committeeId));
  }

  async reconvene(meetingId: string, dto: ReconveneDto): Promise<ReconveningResponse> {
    return this.dataSource.transaction(async (manager) => {
      const first = await lockMeeting(manager, meetingId);
      const committee = await findCommittee(manager, first.committeeId);
      const zone = committee.convention.timeZone;
      const existing = await secondSittingOf(manager, first.id);
      if (existing) {
        throw DomainError.conflict('already_reconvened', `The sitting of ${localDateOf(first.startsAt, zone)} already has a second sitting (${existing.id})`, {
          secondSittingId: existing.id,
        });
      }
      const view = await this.view(manager, first, committee);
      if (!view.allowed || !committee.reconvening) {
        throw new DomainError('rule', 'reconvening_not_allowed', view.reasons.join(' '), { reasons: view.reasons });
      }
      const span = this.spanOf(dto, first, view.proposedOn, zone);
      const day = localDateOf(span.start, zone);
      const check = checkReconvening(sittingOf(first, zone), committee.reconvening, day);
      if (!check.allowed) {
        throw new DomainError('rule', 'outside_reconvening_window', check.reasons.join(' '), { window: check.window, proposedOn: view.proposedOn });
      }
      assertWithinValidity(span, committee.convention);
      const notice = reconveningNotice(committee.reconvening, committee.notice);
      const leaving = dto.convocationAt !== undefined ? readSendTime(dto.convocationAt, zone, 'convocationAt') : this.clock.now();
      assertNoticeLeft(span, { notice, convention: committee.convention }, zone, leaving);

      const second = await manager.save(
        manager.create(Meeting, {
          committeeId: committee.id,
          kind: first.kind,
          state: 'scheduled',
          urgencyReason: null,
          reconvenesMeetingId: first.id,
          title: first.title,
          startsAt: span.start,
          endsAt: span.end,
          location: first.location,
          videoUrl: first.videoUrl,
          icalUid: `${randomUUID()}@${this.uidDomain}`,
          icalSequence: 0,
          quorumReached: null,
          quorumReasons: [],
          minutes: null,
          decisions: [],
        }),
      );
      // « … sur le même ordre du jour »: the agenda of the sitting that could not deliberate.
      const agenda = await manager.find(AgendaItem, { where: { meetingId: first.id }, order: { position: 'ASC' } });
      if (agenda.length > 0) {
        await manager.insert(
          AgendaItem,
          agenda.map(({ position, title, description, presenter, documents }) => ({ meetingId: second.id, position, title, description, presenter, documents })),
        );
      }
      return this.view(manager, first, committee);
    });
  }

  private spanOf(dto: ReconveneDto, first: Meeting, proposedOn: LocalDate | null, zone: string): MeetingSpan {
    if (dto.start !== undefined || dto.end !== undefined) {
      if (dto.start === undefined || dto.end === undefined) {
        const path = dto.start === undefined ? 'start' : 'end';
        throw DomainError.invalid([{ path, code: 'required', message: 'give both start and end, or neither to take the proposed day' }]);
      }
      return readSpan({ start: dto.start, end: dto.end }, zone);
    }
    if (proposedOn === null) {
      throw new DomainError('rule', 'outside_reconvening_window', 'No day is left in the window for the second sitting; give start and end to choose one', {});
    }
    const start = instantAt(proposedOn, DateTime.fromJSDate(first.startsAt, { zone }).toFormat('HH:mm'), zone);
    return { start, end: new Date(start.getTime() + (first.endsAt.getTime() - first.startsAt.getTime())) };
  }

  private async view(manager: EntityManager, first: Meeting, committee: Committee): Promise<ReconveningResponse> {
    const zone = committee.convention.timeZone;
    const rule = committee.reconvening;
    const sitting = sittingOf(first, zone);
    const second = await secondSittingOf(manager, first.id);
    const base = {
      meetingId: first.id,
      heldOn: sitting.localDate,
      rule: rule ? ruleView(rule, committee) : null,
      secondSitting: second
        ? { id: second.id, localDate: localDateOf(second.startsAt, zone), state: second.state, quorumReached: second.quorumReached }
        : null,
    };
    if (!rule) {
      const check = checkReconvening(sitting, null);
      return { ...base, allowed: false, window: null, proposedOn: null, reasons: check.reasons };
    }
    if (second) {
      const check = checkReconvening(sitting, rule);
      return { ...base, allowed: false, window: check.window, proposedOn: null, reasons: [...check.reasons, `The second sitting is on ${base.secondSitting?.localDate}.`] };
    }
    const holidays = holidaysOfConvention(committee.convention);
    const zones = committee.meetsDuringSchoolHolidays ? undefined : await schoolHolidayCalendars(manager, [committee.convention.schoolZone]);
    const schoolHolidays = committee.convention.schoolZone ? zones?.get(committee.convention.schoolZone) : undefined;
    const window = checkReconvening(sitting, rule).window;
    const busyDays = window ? await this.busyDays(manager, committee.id, window.start, window.end, zone) : new Set<LocalDate>();
    const proposal = proposeReconvening({
      first: sitting,
      rule,
      notice: { ...reconveningNotice(rule, committee.notice), holidays },
      today: localDateOf(this.clock.now(), zone),
      holidays,
      schoolHolidays,
      busyDays,
    });
    return { ...base, allowed: window !== null, window: proposal.window, proposedOn: proposal.proposedOn, reasons: proposal.reasons };
  }

  private async busyDays(manager: EntityManager, committeeId: string, from: LocalDate, to: LocalDate, zone: string): Promise<Set<LocalDate>> {
    const rows: Array<{ starts_at: Date }> = await manager.query(
      `SELECT starts_at FROM meetings WHERE committee_id = $1 AND state <> 'cancelled' AND starts_at >= $2 AND starts_at < $3`,
      [committeeId, startOfLocalDay(from, zone), startOfLocalDay(addDays(to, 1), zone)],
    );
    return new Set(rows.map((row) => localDateOf(new Date(row.starts_at), zone)));
  }
}

function sittingOf(meeting: Meeting, zone: string): FailedSitting {
  return { localDate: localDateOf(meeting.startsAt, zone), state: meeting.state, quorumReached: meeting.quorumReached, reconvened: meeting.reconvenesMeetingId !== null };
}

async function secondSittingOf(manager: EntityManager, meetingId: string): Promise<Meeting | null> {
  return manager.findOneBy(Meeting, { reconvenesMeetingId: meetingId, state: Not('cancelled') });
}

function ruleView(rule: ReconveningRule, committee: Committee): ReconveningRuleResponse {
  const notice = reconveningNotice(rule, committee.notice);
  const quorum = reconvenedQuorum(rule);
  return {
    earliestDays: rule.earliestDays,
    latestDays: rule.latestDays,
    notice: { days: notice.days, dayKind: notice.dayKind, text: notice.text ?? null },
    quorum: { kind: quorum.kind, share: quorum.share, majorityOf: quorum.majorityOf ?? null, text: quorum.text ?? null },
    text: rule.text,
  };
}
