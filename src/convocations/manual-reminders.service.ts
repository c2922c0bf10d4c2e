import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DateTime } from 'luxon';
import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { Committee } from '../committees/committee.entity';
import { lockMeeting, requireState } from '../meetings/meeting-lookups';
import { OutboxQueue } from '../queue/outbox-queue';
import { Convocation } from './convocation.entity';
import { OutboxRepository } from './outbox.repository';

export interface RemindResponse {
  /** The people reminded now: those convened who have not answered (and were not reminded today already). */
  reminded: number;
}

/**
 * The convener's « Relancer »: a reminder now to each person convened who has not answered. At
 * most one per person and local day (the outbox's dedupe key), so a second click the same day
 * sends nothing more; the worker's own reminders (AnswersWatch) keep their own keys.
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
    const messages = await this.dataSource.transaction(async (manager) => {
      const meeting = await lockMeeting(manager, meetingId);
      requireState(meeting, ['scheduled'], 'remind the people convened');
      if (!meeting.convenedAt) throw DomainError.conflict('meeting_not_convened', 'The meeting has not been convened yet: convene it first');
      if (meeting.startsAt.getTime() <= now.getTime()) throw DomainError.conflict('meeting_started', 'The meeting has begun: reminders are for meetings to come');
      const committee = await manager.findOne(Committee, { where: { id: meeting.committeeId }, relations: { convention: true } });
      const day = DateTime.fromJSDate(now, { zone: committee?.convention.timeZone ?? 'UTC' }).toISODate();
      const silent = await manager.find(Convocation, { where: { meetingId, answer: 'needs_action' }, order: { fullName: 'ASC' } });
      return this.outbox.write(
        manager,
        silent
          .filter((convocation) => convocation.withdrawnAt === null)
          .map((convocation) => ({
            kind: 'reminder' as const,
            meetingId,
            convocationId: convocation.id,
            recipientEmail: convocation.email,
            recipientName: convocation.fullName,
            icalSequence: null,
            payload: {},
            sendAfter: null,
            dedupeKey: `reminder:manual:${convocation.id}:${day}`,
          })),
      );
    });
    await this.queue.enqueueAfterCommit(messages);
    return { reminded: messages.length };
  }
}
