import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Account } from './account.entity';

export const ACCESS_TOKEN_KINDS = ['session', 'api_token'] as const;
export type AccessTokenKind = (typeof ACCESS_TOKEN_KINDS)[number];

/**
 * A bearer credential: a session opened by a sign-in link, or an API token made for an
 * integration. Only a keyed hash of the secret is stored; the secret is shown once.
 */
@Entity('access_tokens')
export class AccessToken {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('ix_access_tokens_account')
  @Column({ type: 'uuid' })
  accountId: string;

  @ManyToOne(() => Account, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'account_id' })
  account: Account;

  @Column({ type: 'text' })
  kind: AccessTokenKind;

  /** Given by the person for API tokens ("export tableau de bord"); null for sessions. */
  @Column({ type: 'text', nullable: true })
  name: string | null;

  @Column({ type: 'text', unique: true })
  tokenHash: string;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  lastUsedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
