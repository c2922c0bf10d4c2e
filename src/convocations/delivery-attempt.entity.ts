import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { OutboundMessage } from './outbound-message.entity';

export const ATTEMPT_OUTCOMES = ['accepted', 'temporary_failure', 'permanent_failure'] as const;
export type AttemptOutcome = (typeof ATTEMPT_OUTCOMES)[number];

/** Every attempt to hand a message to the mail server: the proof-of-sending register reads these. */
@Entity('delivery_attempts')
@Index('ix_delivery_attempts_message', ['outboundMessageId', 'attemptedAt'])
export class DeliveryAttempt {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  outboundMessageId: string;

  @ManyToOne(() => OutboundMessage, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'outbound_message_id' })
  outboundMessage: OutboundMessage;

  /** When the mail server answered (or the attempt ended without an answer). */
  @Column({ type: 'timestamptz' })
  attemptedAt: Date;

  @Column({ type: 'text' })
  outcome: AttemptOutcome;

  /** The server's reply code (250, 451, 550…), null when none came (connection refused, timeout). */
  @Column({ type: 'int', nullable: true })
  smtpCode: number | null;

  /** The server's answer, or the error when there was none. */
  @Column({ type: 'text', nullable: true })
  response: string | null;

  @Column({ type: 'text' })
  messageId: string;

  /** For an accepted attempt: the message exactly as the server took it (RFC 5322 bytes). */
  @Column({ type: 'bytea', nullable: true, select: false })
  rawMessage: Buffer | null;

  /** Hex SHA-256 of rawMessage: what the register shows, and anyone can check a copy against. */
  @Column({ type: 'text', nullable: true })
  rawMessageSha256: string | null;
}
