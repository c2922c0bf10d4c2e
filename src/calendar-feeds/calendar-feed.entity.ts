import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Account } from '../auth/account.entity';
import { Committee } from '../committees/committee.entity';
import { Convention } from '../conventions/convention.entity';

export const FEED_SCOPES = ['person', 'committee', 'convention'] as const;
export type FeedScope = (typeof FEED_SCOPES)[number];

/**
 * A subscribable calendar behind a secret URL: the meetings of its owner (scope person), of one
 * committee or of one convention. Only a keyed hash of the secret is stored, as for API tokens;
 * rotating replaces it, revoking ends it.
 */
@Entity('calendar_feeds')
export class CalendarFeed {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('ix_calendar_feeds_account')
  @Column({ type: 'uuid' })
  accountId: string;

  @ManyToOne(() => Account, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'account_id' })
  account: Account;

  @Column({ type: 'text' })
  scope: FeedScope;

  @Column({ type: 'uuid', nullable: true })
  committeeId: string | null;

  @ManyToOne(() => Committee, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'committee_id' })
  committee: Committee | null;

  @Column({ type: 'uuid', nullable: true })
  conventionId: string | null;

  @ManyToOne(() => Convention, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'convention_id' })
  convention: Convention | null;

  @Column({ type: 'text', unique: true })
  tokenHash: string;

  @Column({ type: 'timestamptz', nullable: true })
  rotatedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
