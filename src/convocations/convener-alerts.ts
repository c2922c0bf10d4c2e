import { EntityManager } from 'typeorm';
import { Committee } from '../committees/committee.entity';
import { LocalDate } from '../rules/local-date';
import type { DueMessage } from '../queue/outbox-queue';
import { MailRecipient, convenersOf } from './conveners';
import type { MessageKind } from './outbound-message.entity';
import type { OutboxRepository } from './outbox.repository';

export interface ConvenerAlert {
  kind: Extract<MessageKind, 'convocation_withheld' | 'nobody_coming' | 'delivery_failure' | 'committee_at_risk'>;
  committee: Pick<Committee, 'id' | 'conventionId' | 'conveners'>;
  meetingId: string | null;
  convenedByPersonId: string | null;
  /** The local day whose convener seat holders are told. */
  day: LocalDate;
  payload: Record<string, unknown>;
  /** One alert per key and recipient, ever: the job that decides it may run again, or on two replicas. */
  dedupeKey: string;
  /** Written to when the committee names no convener: the convening organization's mailbox. */
  fallback: MailRecipient;
}

/** Writes one outbox row per convener for this alert, in the caller's transaction. */
export async function writeConvenerAlert(manager: EntityManager, alert: ConvenerAlert, outbox: OutboxRepository): Promise<DueMessage[]> {
  const named = await convenersOf(manager, alert.committee, alert.day, alert.convenedByPersonId);
  const recipients = named.length > 0 ? named : [alert.fallback];
  return outbox.write(
    manager,
    recipients.map((recipient) => ({
      kind: alert.kind,
      meetingId: alert.meetingId,
      convocationId: null,
      recipientEmail: recipient.email,
      recipientName: recipient.name,
      icalSequence: null,
      payload: alert.payload,
      sendAfter: null,
      dedupeKey: `${alert.dedupeKey}:${recipient.email.toLowerCase()}`,
    })),
  );
}
