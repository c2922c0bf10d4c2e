import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Committee } from '../committees/committee.entity';

/**
 * An event a committee's text counts a sitting from (« la proclamation des résultats des
 * élections »), on the local day it happened; rules/event-deadlines.rule.ts.
 */
@Entity('committee_events')
@Index('idx_committee_events_committee', ['committeeId', 'event', 'occurredOn'])
export class CommitteeEvent {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  committeeId: string;

  @ManyToOne(() => Committee, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'committee_id', foreignKeyConstraintName: 'committee_events_committee_id_fkey' })
  committee: Committee;

  @Column({ type: 'text' })
  event: string;

  @Column({ type: 'date' })
  occurredOn: string;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
