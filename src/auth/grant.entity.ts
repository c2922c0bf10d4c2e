import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Account } from './account.entity';
import { Convention } from '../conventions/convention.entity';
import { Committee } from '../committees/committee.entity';
import { GrantedRole } from './permissions';

/**
 * A role held within a scope: admin (no scope), secretariat (a convention, or none for every
 * convention), convener (exactly one of a committee or a convention's committees).
 */
@Entity('grants')
@Check(
  'ck_grants_scope',
  `("role" = 'admin' AND "convention_id" IS NULL AND "committee_id" IS NULL)` +
    ` OR ("role" = 'secretariat' AND "committee_id" IS NULL)` +
    ` OR ("role" = 'convener' AND ("convention_id" IS NULL) <> ("committee_id" IS NULL))`,
)
/** Unique with NULLS NOT DISTINCT, which the decorator cannot say: created by the migration. */
@Index('uq_grants_account_role_scope', { synchronize: false })
export class Grant {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('ix_grants_account')
  @Column({ type: 'uuid' })
  accountId: string;

  @ManyToOne(() => Account, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'account_id' })
  account: Account;

  @Column({ type: 'text' })
  role: GrantedRole;

  @Column({ type: 'uuid', nullable: true })
  conventionId: string | null;

  @ManyToOne(() => Convention, { onDelete: 'CASCADE', nullable: true })
  @JoinColumn({ name: 'convention_id' })
  convention: Convention | null;

  @Column({ type: 'uuid', nullable: true })
  committeeId: string | null;

  @ManyToOne(() => Committee, { onDelete: 'CASCADE', nullable: true })
  @JoinColumn({ name: 'committee_id' })
  committee: Committee | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
