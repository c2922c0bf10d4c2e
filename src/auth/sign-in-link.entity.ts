import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Account } from './account.entity';

/** A one-time sign-in link sent by email; only the hash of its token is kept. */
@Entity('sign_in_links')
export class SignInLink {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('ix_sign_in_links_account')
  @Column({ type: 'uuid' })
  accountId: string;

  @ManyToOne(() => Account, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'account_id' })
  account: Account;

  @Column({ type: 'text', unique: true })
  tokenHash: string;

  @Index('ix_sign_in_links_expires')
  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  usedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
