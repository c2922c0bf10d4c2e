import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { Meeting } from './meeting.entity';
import { Person } from '../people/person.entity';

/** Someone the convener invites who holds no seat: convened, never counted for quorum. */
@Entity('meeting_guests')
@Unique('uq_meeting_guests_meeting_person', ['meetingId', 'personId'])
export class MeetingGuest {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  meetingId: string;

  @ManyToOne(() => Meeting, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'meeting_id' })
  meeting: Meeting;

  @Column({ type: 'uuid' })
  personId: string;

  @ManyToOne(() => Person, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'person_id' })
  person: Person;

  /** Why they are invited, as the convener puts it. */
  @Column({ type: 'text', nullable: true })
  reason: string | null;
}
