import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { OutboxQueue } from '../queue/outbox-queue';
import type { DueMessage } from '../queue/outbox-queue';
import { OutboxRepository } from './outbox.repository';

/** What the old address is told (the email-changed template). */
export interface EmailChangedPayload {
  fullName: string;
  oldEmail: string;
  newEmail: string;
  changedBy: string;
  /** The day of the change, in French ("2 décembre 2026"). */
  changedOn: string;
}

/**
 * Tells the address a person's email was taken from that it was replaced, by whom, and where
 * copil now writes: if the change was not theirs, they learn it from their own mailbox. Written to
 * the outbox in the transaction of the change, so the notice leaves if and only if the change holds.
 */
@Injectable()
export class EmailChangeNotice {
  constructor(
    private readonly outbox: OutboxRepository,
    private readonly queue: OutboxQueue,
  ) {}

  write(manager: EntityManager, change: EmailChangedPayload): Promise<DueMessage[]> {
    return this.outbox.write(manager, [
      {
        kind: 'email_changed',
        meetingId: null,
        convocationId: null,
        recipientEmail: change.oldEmail,
        recipientName: change.fullName,
        icalSequence: null,
        payload: { ...change },
        sendAfter: null,
        dedupeKey: null,
      },
    ]);
  }

  afterCommit(messages: DueMessage[]): Promise<void> {
    return this.queue.enqueueAfterCommit(messages);
  }
}
