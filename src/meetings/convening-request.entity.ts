import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Committee } from '../committees/committee.entity';

/** « … à la demande du tiers au moins de ses membres »: a request for a sitting, by whom and on which local day. */
@Entity('convening_requests')
@Index('idx_convening_requests_committee', ['committeeId', 'requestedOn'])
export class ConveningRequest {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  committeeId: string;

  @ManyToOne(() => Committee, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'committee_id', foreignKeyConstraintName: 'convening_requests_committee_id_fkey' })
  committee: Committee;

  @Column({ type: 'date' })
  requestedOn: string;

  @Column({ type: 'uuid', array: true })
  requesterPersonIds: string[];

  @Column({ type: 'text' })
  reason: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
