import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { Meeting } from '../meetings/meeting.entity';
import { Convocation } from './convocation.entity';

/**
 * convocation: the first invitation (REQUEST); update: a change after it (REQUEST, higher SEQUENCE);
 * cancellation: the meeting is cancelled, or this recipient is withdrawn (CANCEL); reminder: to
 * someone who has not answered; email_changed: to the address a person's email was taken from;
 * sign_in_link: a link asked for at sign-in, to the address the row holds if an account may use it
 * (the link itself is made when sent); request_deadline, minutes_reminder and term_expiring: what a
 * committee's rules call for (rule-reminders.job.ts), to its conveners, the minutes' writer or the
 * secretariat; the others go to the convener.
 */
export const MESSAGE_KINDS = [
  'convocation',
  'update',
  'cancellation',
  'reminder',
  'convocation_withheld',
  'nobody_coming',
  'delivery_failure',
  'committee_at_risk',
  'email_changed',
  'request_deadline',
  'minutes_reminder',
  'term_expiring',
  'sign_in_link',
] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

/** The kinds that carry the meeting's calendar entry (text/calendar and .ics). */
export const CALENDAR_KINDS: readonly MessageKind[] = ['convocation', 'update', 'cancellation'];

/**
 * pending: waits for send_after; sending: claimed by a worker until locked_until; sent: the mail
 * server accepted it; failed: refused for good, or too many temporary failures; obsolete: replaced
 * by a newer message (the meeting changed) or no longer meant to leave; withheld: a convocation the
 * rules no longer allowed to leave when its time came (notice, prerequisites).
 */
export const MESSAGE_STATES = ['pending', 'sending', 'sent', 'failed', 'obsolete', 'withheld'] as const;
export type MessageState = (typeof MESSAGE_STATES)[number];

/**
 * The outbox: every email copil decides to send is a row here, written in the same transaction as
 * the decision. BullMQ only wakes a worker at send_after; the row is the truth.
 */
@Entity('outbound_messages')
@Index('ix_outbound_messages_due', ['state', 'sendAfter'])
@Index('ix_outbound_messages_sign_in_age', ['updatedAt'], { where: "kind = 'sign_in_link'" })
export class OutboundMessage {
  /** Chosen by copil before the insert: the Message-ID is made from it. */
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ type: 'text' })
  kind: MessageKind;

  @Index('ix_outbound_messages_meeting')
  @Column({ type: 'uuid', nullable: true })
  meetingId: string | null;

  @ManyToOne(() => Meeting, { onDelete: 'CASCADE', nullable: true })
  @JoinColumn({ name: 'meeting_id' })
  meeting: Meeting | null;

  @Index('ix_outbound_messages_convocation')
  @Column({ type: 'uuid', nullable: true })
  convocationId: string | null;

  @ManyToOne(() => Convocation, { onDelete: 'CASCADE', nullable: true })
  @JoinColumn({ name: 'convocation_id' })
  convocation: Convocation | null;

  @Column({ type: 'text' })
  recipientEmail: string;

  @Column({ type: 'text' })
  recipientName: string;

  /** The meeting's iCalendar SEQUENCE this message carries (invitations, updates, cancellations). */
  @Column({ type: 'int', nullable: true })
  icalSequence: number | null;

  /** What the message says beyond the meeting as it stands: the change, the alert's facts. */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  payload: Record<string, unknown>;

  @Column({ type: 'timestamptz' })
  sendAfter: Date;

  @Column({ type: 'text', default: 'pending' })
  state: MessageState;

  /** Message-ID header, fixed when the row is written: a resend after a crash carries the same one. */
  @Column({ type: 'text', unique: true })
  messageId: string;

  /** Claims so far: each claim is one attempt at handing the message to the mail server. */
  @Column({ type: 'int', default: 0 })
  attempts: number;

  /** While sending: until when the claim holds; past it the reconciler hands the row out again. */
  @Column({ type: 'timestamptz', nullable: true })
  lockedUntil: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  acceptedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  serverResponse: string | null;

  @Column({ type: 'text', nullable: true })
  lastError: string | null;

  /** Makes "once" hold for alerts and reminders: a second row with the same key is never written. */
  @Column({ type: 'text', nullable: true, unique: true })
  dedupeKey: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
