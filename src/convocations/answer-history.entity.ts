import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Answer, Convocation } from './convocation.entity';

/**
 * `link` and `calendar`: the recipient answered that way. `meeting_moved`: the meeting's time
 * changed, so every answer was set back to needs_action and asked again (docs/meetings.md).
 */
export const ANSWER_EVENTS = ['link', 'calendar', 'meeting_moved'] as const;
export type AnswerEvent = (typeof ANSWER_EVENTS)[number];

/**
 * Every answer a convocation received, and every reset, in order: the convocation holds only the
 * current answer, this keeps who answered what and when, including what was answered for a time
 * the meeting no longer has. Rows are only ever added.
 */
@Entity('answer_history')
@Check('ck_answer_history_event', `"event" IN ('link', 'calendar', 'meeting_moved')`)
export class AnswerHistoryEntry {
  /** Increasing: the order in which entries were written, even when the clock gives them one instant. */
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @Index('ix_answer_history_convocation')
  @Column({ type: 'uuid' })
  convocationId: string;

  @ManyToOne(() => Convocation, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'convocation_id' })
  convocation: Convocation;

  /** The answer from then on. */
  @Column({ type: 'text' })
  answer: Answer;

  @Column({ type: 'text' })
  event: AnswerEvent;

  /** When copil recorded it (the application's clock). */
  @Column({ type: 'timestamptz' })
  recordedAt: Date;

  /** The SEQUENCE answered (a calendar reply's, else the last sent); for a reset, the meeting's new one. */
  @Column({ type: 'int', nullable: true })
  icalSequence: number | null;

  /** The note typed with a calendar answer; for a reset, the time the answers were given for. */
  @Column({ type: 'text', nullable: true })
  comment: string | null;
}
