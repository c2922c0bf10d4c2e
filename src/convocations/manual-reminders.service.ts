import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DateTime } from 'luxon';
import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { Committee } from '../committees/committee.entity';
import { lockMeeting, requireState } from '../meetings/meeting-lookups';
import { zonedTime } from '../meetings/meeting-time';
import { OutboxQueue } from '../queue/outbox-queue';
import { OutboxRepository } from './outbox.repository';

export interface RemindResponse {
  /** The people reminded now: those convened who have not answered, received their convocation, and were not reminded today already. */
  reminded: number;
  /** Those who have not answered and are not reminded because their convocation has not reached the mail server (planned, withheld or refused). */
  notYetSent: number;
}

/**
 * The convener's « Relancer »: a reminder now to each person convened who has not answered and
 * whose convocation (or an update of it) the mail server accepted — never ahead of the convocation,
 * as the automatic reminder (AnswersWatch) never is either. At most one per person and local day
 * (the outbox's dedupe key), so a second click the same day sends nothing more; the worker's own
 * reminders keep their own keys. When nobody who has not answered has received a convocation yet,
 * the reminder is refused with the time the next convocation leaves.
 */
@Injectable()
export class ManualRemindersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly outbox: OutboxRepository,
    private readonly queue: OutboxQueue,
  ) {}

  async remindNow(meetingId: string): Promise<RemindResponse> {
    const now = this.clock.now();
    const { messages, notYetSent } = await this.dataSource.transaction(async (manager) => {
      const meeting = await lockMeeting(manager, meetingId);
      requireState(meeting, ['scheduled'], 'remind the people convened');
      if (!meeting.convenedAt) throw DomainError.conflict('meeting_not_convened', 'The meeting has not been convened yet: convene it first');
      if (meeting.startsAt.getTime() <= now.getTime()) throw DomainError.conflict('meeting_started', 'The meeting has begun: reminders are for meetings to come');
      const committee = await manager.findOne(Committee, { where: { id: meeting.committeeId }, relations: { convention: true } });
      const zone = committee?.convention.timeZone ?? 'UTC';
      const day = DateTime.fromJSDate(now, { zone }).toISODate();
      const silent: Array<{ id: string; email: string; full_name: string; received: boolean; planned_at: Date | null }> = await manager.query(
        `SELECT c.id, c.email, c.full_name,
                EXISTS (SELECT 1 FROM outbound_messages m
                         WHERE m.convocation_id = c.id AND m.kind IN ('convocation', 'update') AND m.state = 'sent') AS received,
                (SELECT min(m.send_after) FROM outbound_messages m
                  WHERE m.convocation_id = c.id AND m.kind IN ('convocation', 'update') AND m.state IN ('pending', 'sending')) AS planned_at
           FROM convocations c
          WHERE c.meeting_id = $1 AND c.answer = 'needs_action' AND c.withdrawn_at IS NULL
          ORDER BY c.full_name, c.id`,
        [meetingId],
      );
      const received = silent.filter((convocation) => convocation.received);
      const waiting = silent.filter((convocation) => !convocation.received);
      if (silent.length > 0 && received.length === 0) {
        const planned = waiting.map((convocation) => convocation.planned_at).filter((at): at is Date => at !== null);
        const next = planned.length > 0 ? new Date(Math.min(...planned.map((at) => at.getTime()))) : null;
        throw DomainError.conflict(
          'convocation_not_sent',
          next
            ? `No convocation has reached the mail server yet: the next leaves at ${next.toISOString()}; remind once it has been received`
            : 'No convocation has reached the mail server (withheld or refused): nobody has received one to be reminded of',
          { plannedAt: next ? zonedTime(next, zone) : null, notYetSent: waiting.length },
        );
      }
      const messages = await this.outbox.write(
        manager,
        received.map((convocation) => ({
          kind: 'reminder' as const,
          meetingId,
          convocationId: convocation.id,
          recipientEmail: convocation.email,
          recipientName: convocation.full_name,
          icalSequence: null,
          payload: {},
          sendAfter: null,
          dedupeKey: `reminder:manual:${convocation.id}:${day}`,
        })),
      );
      return { messages, notYetSent: waiting.length };
    });
    await this.queue.enqueueAfterCommit(messages);
    return { reminded: messages.length, notYetSent };
  }
}
