import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { Committee } from '../committees/committee.entity';
import { Meeting } from './meeting.entity';
import { ReportKind } from '../committees/committee-rules';

/** État d'avancement (per semester) or bilan (per year) recorded by a steering committee. */
@Entity('committee_reports')
@Unique('uq_committee_reports_period', ['committeeId', 'kind', 'periodKey'])
export class CommitteeReport {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  committeeId: string;

  @ManyToOne(() => Committee, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'committee_id' })
  committee: Committee;

  @Column({ type: 'text' })
  kind: ReportKind;

  @Column({ type: 'text' })
  periodKey: string;

  @Column({ type: 'date' })
  periodStart: string;

  @Column({ type: 'date' })
  periodEnd: string;

  @Column({ type: 'uuid', nullable: true })
  meetingId: string | null;

  @ManyToOne(() => Meeting, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'meeting_id' })
  meeting: Meeting | null;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text' })
  content: string;

  @Column({ type: 'text', nullable: true })
  documentUrl: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  recordedAt: Date;
}
