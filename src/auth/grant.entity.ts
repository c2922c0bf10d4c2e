import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Account } from './account.entity';
import { Convention } from '../conventions/convention.entity';
import { Committee } from '../committees/committee.entity';
import { GrantedRole } from './permissions';

/**
 * A role held within a scope: admin (no scope), secretariat (a convention, an académie, a
 * département, or none for every convention), convener (exactly one of a committee, a convention,
 * an académie or a département: the committees of that scope).
 */
@Entity('grants')
@Check(
  'ck_grants_scope',
  `("role" = 'admin' AND num_nonnulls("convention_id", "committee_id", "academie", "departement") = 0)` +
    ` OR ("role" = 'secretariat' AND "committee_id" IS NULL AND num_nonnulls("convention_id", "academie", "departement") <= 1)` +
    ` OR ("role" = 'convener' AND num_nonnulls("convention_id", "committee_id", "academie", "departement") = 1)`,
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

  /** An académie's name (territory.ts): the role covers every convention of that académie. */
  @Column({ type: 'text', nullable: true })
  academie: string | null;

  /** A département's INSEE code: the role covers every convention of that département. */
  @Column({ type: 'text', nullable: true })
  departement: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
