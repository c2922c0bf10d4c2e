import { ApiProperty } from '@nestjs/swagger';
import { ACTOR_KINDS, ActorKind, AUDIT_ACTIONS, AuditAction, AuditEntry } from '../audit-entry.entity';

export class AuditActorResponse {
  @ApiProperty({ enum: ACTOR_KINDS })
  kind: ActorKind;

  @ApiProperty({ type: String, nullable: true, format: 'uuid' })
  personId: string | null;

  @ApiProperty({ example: 'Claire Martin <claire.martin@ac-guyane.fr>' })
  label: string;
}

export class AuditEntryResponse {
  @ApiProperty({ description: 'Increasing with the order of writing' })
  id: string;

  @ApiProperty({ format: 'date-time' })
  occurredAt: string;

  @ApiProperty({ type: () => AuditActorResponse })
  actor: AuditActorResponse;

  @ApiProperty({ example: 'Membership' })
  entityType: string;

  @ApiProperty({ type: String, nullable: true })
  entityId: string | null;

  @ApiProperty({ enum: AUDIT_ACTIONS })
  action: AuditAction;

  @ApiProperty({ type: Object, nullable: true, description: 'Values before the change: the whole row for a delete, the changed columns for an update' })
  before: Record<string, unknown> | null;

  @ApiProperty({ type: Object, nullable: true, description: 'Values after the change: the whole row for an insert, the changed columns for an update' })
  after: Record<string, unknown> | null;

  @ApiProperty({ type: String, nullable: true, format: 'uuid' })
  conventionId: string | null;

  @ApiProperty({ type: String, nullable: true, format: 'uuid' })
  committeeId: string | null;

  @ApiProperty({ type: String, nullable: true, format: 'uuid' })
  meetingId: string | null;
}

export class AuditPageResponse {
  @ApiProperty({ type: () => [AuditEntryResponse], description: 'Newest first' })
  items: AuditEntryResponse[];

  @ApiProperty()
  page: number;

  @ApiProperty()
  pageSize: number;

  @ApiProperty({ description: 'Entries over all pages' })
  total: number;
}

export function toAuditEntryResponse(entry: AuditEntry): AuditEntryResponse {
  return {
    id: entry.id,
    occurredAt: entry.occurredAt.toISOString(),
    actor: { kind: entry.actorKind, personId: entry.actorPersonId, label: entry.actorLabel },
    entityType: entry.entityType,
    entityId: entry.entityId,
    action: entry.action,
    before: entry.before,
    after: entry.after,
    conventionId: entry.conventionId,
    committeeId: entry.committeeId,
    meetingId: entry.meetingId,
  };
}
