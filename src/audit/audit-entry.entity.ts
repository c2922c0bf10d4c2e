import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const AUDIT_ACTIONS = ['insert', 'update', 'delete'] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const ACTOR_KINDS = ['person', 'system', 'cli'] as const;
export type ActorKind = (typeof ACTOR_KINDS)[number];

/**
 * One change, written in the transaction that made it. Append-only: a trigger refuses UPDATE,
 * DELETE and TRUNCATE. No foreign keys, so that the trail outlives what it describes.
 */
@Entity('audit_entries')
@Index('ix_audit_entries_convention', ['conventionId', 'id'])
@Index('ix_audit_entries_committee', ['committeeId', 'id'])
@Index('ix_audit_entries_meeting', ['meetingId', 'id'])
@Index('ix_audit_entries_entity', ['entityType', 'entityId', 'id'])
export class AuditEntry {
  /** Increasing: the order of writing, newest first when read backwards. */
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @CreateDateColumn({ type: 'timestamptz' })
  occurredAt: Date;

  @Column({ type: 'text' })
  actorKind: ActorKind;

  @Column({ type: 'uuid', nullable: true })
  actorPersonId: string | null;

  /** "Prénom Nom <adresse>" at the time of the change, or "system", "import cli". */
  @Column({ type: 'text' })
  actorLabel: string;

  /** The entity class: Convention, Committee, Membership… */
  @Column({ type: 'text' })
  entityType: string;

  /** Null only for bulk changes made by criteria, where TypeORM does not tell which rows. */
  @Column({ type: 'text', nullable: true })
  entityId: string | null;

  @Column({ type: 'text' })
  action: AuditAction;

  @Column({ type: 'jsonb', nullable: true })
  before: Record<string, unknown> | null;

  @Column({ type: 'jsonb', nullable: true })
  after: Record<string, unknown> | null;

  @Column({ type: 'uuid', nullable: true })
  conventionId: string | null;

  @Column({ type: 'uuid', nullable: true })
  committeeId: string | null;

  @Column({ type: 'uuid', nullable: true })
  meetingId: string | null;
}
