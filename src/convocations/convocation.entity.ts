import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
} from 'typeorm';
import { Meeting } from '../meetings/meeting.entity';
import { Person } from '../people/person.entity';
import { Membership } from '../people/membership.entity';

/** member: holds a seat; substitute: stands in for a member who said so; guest: invited, holds no seat. */
export const RECIPIENT_ROLES = ['member', 'substitute', 'guest'] as const;
export type RecipientRole = (typeof RECIPIENT_ROLES)[number];

export const ANSWERS = ['needs_action', 'accepted', 'declined', 'tentative', 'substitute'] as const;
export type Answer = (typeof ANSWERS)[number];

export const ANSWER_SOURCES = ['link', 'calendar'] as const;
export type AnswerSource = (typeof ANSWER_SOURCES)[number];

/**
 * One person convened to one meeting, and their answer. The answer comes from the signed link in
 * the email or from an iCalendar REPLY; an older reply (lower SEQUENCE, or older DTSTAMP at the same
 * SEQUENCE) is ignored.
 */
@Entity('convocations')
@Unique('uq_convocations_meeting_person', ['meetingId', 'personId'])
export class Convocation {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  meetingId: string;

  @ManyToOne(() => Meeting, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'meeting_id' })
  meeting: Meeting;

  @Index('ix_convocations_person')
  @Column({ type: 'uuid' })
  personId: string;

  @ManyToOne(() => Person, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'person_id' })
  person: Person;

  /** The membership the person is convened for (a substitute: the member's); null for guests. */
  @Column({ type: 'uuid', nullable: true })
  membershipId: string | null;

  @ManyToOne(() => Membership, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'membership_id' })
  membership: Membership | null;

  @Column({ type: 'text' })
  role: RecipientRole;

  /** A substitute's convocation: the member's convocation they stand in for. */
  @Column({ type: 'uuid', nullable: true })
  standsInForId: string | null;

  @ManyToOne(() => Convocation, { onDelete: 'CASCADE', nullable: true })
  @JoinColumn({ name: 'stands_in_for_id' })
  standsInFor: Convocation | null;

  /** Address and name as they were when convened: the proof register shows what was sent. */
  @Column({ type: 'text' })
  email: string;

  @Column({ type: 'text' })
  fullName: string;

  @Column({ type: 'text', default: 'needs_action' })
  answer: Answer;

  @Column({ type: 'timestamptz', nullable: true })
  answeredAt: Date | null;

  @Column({ type: 'text', nullable: true })
  answerSource: AnswerSource | null;

  /** For an answer from a calendar: the SEQUENCE and DTSTAMP of the REPLY applied last. */
  @Column({ type: 'int', nullable: true })
  answerSequence: number | null;

  @Column({ type: 'timestamptz', nullable: true })
  answerStampedAt: Date | null;

  /** The note typed with a calendar answer, if any. */
  @Column({ type: 'text', nullable: true })
  answerComment: string | null;

  /** No longer convened (a guest removed, a substitute no longer needed): they got the withdrawal. */
  @Column({ type: 'timestamptz', nullable: true })
  withdrawnAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
