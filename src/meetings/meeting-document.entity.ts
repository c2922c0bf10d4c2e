import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Meeting } from './meeting.entity';

export const DOCUMENT_KINDS = ['prerequisite', 'minutes', 'other'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

/**
 * A document attached to a meeting. Prerequisites name the committee (definition key) that sent
 * them up: the Guyane steering committee needs its technical committee's documents first.
 */
@Entity('meeting_documents')
export class MeetingDocument {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  meetingId: string;

  @ManyToOne(() => Meeting, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'meeting_id' })
  meeting: Meeting;

  @Column({ type: 'text' })
  kind: DocumentKind;

  @Column({ type: 'text', nullable: true })
  fromCommittee: string | null;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text' })
  url: string;

  @CreateDateColumn({ type: 'timestamptz' })
  attachedAt: Date;
}
