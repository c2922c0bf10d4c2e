import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Meeting } from './meeting.entity';

export interface AttachedDocument {
  title: string;
  url: string;
}

/** One item of the ordre du jour. */
@Entity('agenda_items')
// A meeting's agenda is read by meeting, in order (its page, its emails, the calendar feeds).
@Index('ix_agenda_items_meeting', ['meetingId', 'position'])
export class AgendaItem {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  meetingId: string;

  @ManyToOne(() => Meeting, (meeting) => meeting.agenda, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'meeting_id' })
  meeting: Meeting;

  @Column({ type: 'int' })
  position: number;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column({ type: 'text', nullable: true })
  presenter: string | null;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  documents: AttachedDocument[];
}
