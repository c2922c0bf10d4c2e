import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { Meeting } from './meeting.entity';
import { Membership } from '../people/membership.entity';
import { Person } from '../people/person.entity';

export const ATTENDANCE_STATUSES = ['present', 'absent', 'excused', 'substituted', 'represented'] as const;
export type AttendanceStatus = (typeof ATTENDANCE_STATUSES)[number];

/**
 * Who was there. A member's row: present, absent, excused, substituted (their substitute came) or
 * represented (proxy to another member). A guest's row has no membership and never counts for quorum.
 */
@Entity('attendance')
@Unique('uq_attendance_meeting_person', ['meetingId', 'personId'])
export class Attendance {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  meetingId: string;

  @ManyToOne(() => Meeting, (meeting) => meeting.attendance, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'meeting_id' })
  meeting: Meeting;

  @Column({ type: 'uuid' })
  personId: string;

  @ManyToOne(() => Person, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'person_id' })
  person: Person;

  @Column({ type: 'uuid', nullable: true })
  membershipId: string | null;

  @ManyToOne(() => Membership, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'membership_id' })
  membership: Membership | null;

  @Column({ type: 'boolean', default: false })
  guest: boolean;

  @Column({ type: 'text' })
  status: AttendanceStatus;

  /** The substitute who came, when status is substituted. */
  @Column({ type: 'uuid', nullable: true })
  substitutePersonId: string | null;

  /** The member holding the proxy, when status is represented. */
  @Column({ type: 'uuid', nullable: true })
  proxyHolderPersonId: string | null;
}
