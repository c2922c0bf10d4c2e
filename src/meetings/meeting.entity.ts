import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  OneToMany,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';
import { Committee } from '../committees/committee.entity';
import { AgendaItem } from './agenda-item.entity';
import { Attendance } from './attendance.entity';

export const MEETING_KINDS = ['ordinary', 'extraordinary'] as const;
export type MeetingKind = (typeof MEETING_KINDS)[number];

export const MEETING_STATES = ['scheduled', 'held', 'cancelled'] as const;
export type MeetingState = (typeof MEETING_STATES)[number];

export interface MeetingDecision {
  title: string;
  description?: string;
}

/** A sitting of a committee. Instants in UTC; shown in the convention's zone. */
@Entity('meetings')
@Index('ix_meetings_committee_start', ['committeeId', 'startsAt'])
// A held sitting is reconvened at most once (cancelled second sittings aside): a partial unique index
// the migration creates and TypeORM cannot describe.
@Index('uq_meetings_reconvenes', { synchronize: false })
export class Meeting {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  committeeId: string;

  @ManyToOne(() => Committee, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'committee_id' })
  committee: Committee;

  @Column({ type: 'text', default: 'ordinary' })
  kind: MeetingKind;

  @Column({ type: 'text', default: 'scheduled' })
  state: MeetingState;

  /** Why the meeting is urgent, when it is: then the committee's shorter notice for urgency applies. */
  @Column({ type: 'text', nullable: true })
  urgencyReason: string | null;

  /** The sitting held without its quorum that this second sitting reconvenes, on the same agenda. */
  @Column({ type: 'uuid', nullable: true })
  reconvenesMeetingId: string | null;

  @ManyToOne(() => Meeting, { nullable: true })
  @JoinColumn({ name: 'reconvenes_meeting_id', foreignKeyConstraintName: 'meetings_reconvenes_meeting_id_fkey' })
  reconvenes?: Meeting | null;

  /** When the minutes were first written (text or document); the minutes rule's delays run against it. */
  @Column({ type: 'timestamptz', nullable: true })
  minutesWrittenAt: Date | null;

  /** When the minutes were sent to the members for approval. */
  @Column({ type: 'timestamptz', nullable: true })
  minutesSubmittedAt: Date | null;

  /** When the committee approved them explicitly. */
  @Column({ type: 'timestamptz', nullable: true })
  minutesApprovedAt: Date | null;

  /** When a member objected to them (a tacit approval then no longer happens), and why. */
  @Column({ type: 'timestamptz', nullable: true })
  minutesObjectedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  minutesObjection: string | null;

  @Column({ type: 'text', nullable: true })
  title: string | null;

  @Column({ type: 'timestamptz' })
  startsAt: Date;

  @Column({ type: 'timestamptz' })
  endsAt: Date;

  @Column({ type: 'text', nullable: true })
  location: string | null;

  @Column({ type: 'text', nullable: true })
  videoUrl: string | null;

  /** iCalendar UID: set once at creation, never changed, so calendars replace rather than duplicate. */
  @Column({ type: 'text', unique: true })
  icalUid: string;

  /** iCalendar SEQUENCE: raised at each change sent to the recipients. */
  @Column({ type: 'int', default: 0 })
  icalSequence: number;

  /** Set when recorded as held: whether the quorum rule was met, and why. */
  @Column({ type: 'boolean', nullable: true })
  quorumReached: boolean | null;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  quorumReasons: string[];

  @Column({ type: 'timestamptz', nullable: true })
  heldRecordedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  cancelledAt: Date | null;

  @Column({ type: 'text', nullable: true })
  cancellationReason: string | null;

  /** Compte rendu / procès-verbal. */
  @Column({ type: 'text', nullable: true })
  minutes: string | null;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  decisions: MeetingDecision[];

  /** When the convocation was decided (POST /meetings/:id/convene); null until then. */
  @Column({ type: 'timestamptz', nullable: true })
  convenedAt: Date | null;

  /** Who convened, when known (the signed-in person). */
  @Column({ type: 'uuid', nullable: true })
  convenedByPersonId: string | null;

  /** The signatory on whose behalf the convocations are sent: their address is the sender. */
  @Column({ type: 'uuid', nullable: true })
  convenerPartyId: string | null;

  @OneToMany(() => AgendaItem, (item) => item.meeting)
  agenda: AgendaItem[];

  @OneToMany(() => Attendance, (attendance) => attendance.meeting)
  attendance: Attendance[];

  @VersionColumn()
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
