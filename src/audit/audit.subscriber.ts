import {
  DataSource,
  EntityManager,
  EntityMetadata,
  EntitySubscriberInterface,
  InsertEvent,
  ObjectLiteral,
  RemoveEvent,
  UpdateEvent,
} from 'typeorm';
import { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { AuditAction, AuditEntry } from './audit-entry.entity';
import { currentActor, currentConventionId } from './audit-context';

/** Credentials in flight: the session a link opens is recorded, the link itself is not. */
const UNRECORDED_TABLES = new Set(['audit_entries', 'sign_in_links']);

/** Never copied into the trail, whatever the entity. */
const SECRET_COLUMN = /hash|secret|password/i;

interface Scope {
  conventionId: string | null;
  committeeId: string | null;
  meetingId: string | null;
}

type Snapshot = Record<string, unknown>;

/**
 * Records every insert, update and delete that goes through TypeORM, in the transaction that
 * makes it, with the actor of the current request or job (see audit-context.ts).
 *
 * TypeORM tells a subscriber which row changed and what it held only for changes made on
 * entities (save, remove, insert). Changes by criteria (manager.update(Entity, {id}, …),
 * manager.delete(Entity, {id})) reach it without ids nor old values: they are recorded with what
 * is known, entity id and scope missing. Services should load and save/remove entities.
 * Rows removed by ON DELETE CASCADE are not seen at all; the removal that caused them is.
 */
export class AuditSubscriber implements EntitySubscriberInterface {
  async afterInsert(event: InsertEvent<ObjectLiteral>): Promise<void> {
    if (!this.records(event.metadata) || !event.entity) return;
    const after = snapshot(event.metadata, event.entity);
    await this.write(event.manager, event.metadata, 'insert', identify(event.metadata, event.entity), null, after);
  }

  async afterUpdate(event: UpdateEvent<ObjectLiteral>): Promise<void> {
    if (!this.records(event.metadata) || !event.entity) return;
    const entity = event.entity as ObjectLiteral;
    if (!event.databaseEntity) {
      // By criteria: only the values set are known.
      const after = snapshot(event.metadata, entity);
      await this.write(event.manager, event.metadata, 'update', identify(event.metadata, entity), null, after);
      return;
    }
    const changed = event.updatedColumns.filter(
      (column) => !column.isVersion && !column.isUpdateDate && !column.isCreateDate && !SECRET_COLUMN.test(column.propertyName),
    );
    if (changed.length === 0) return;
    const before = snapshot(event.metadata, event.databaseEntity, changed);
    const after = snapshot(event.metadata, entity, changed);
    const full = { ...snapshot(event.metadata, event.databaseEntity), ...snapshot(event.metadata, entity) };
    await this.write(event.manager, event.metadata, 'update', identify(event.metadata, event.databaseEntity), before, after, full);
  }

  async afterRemove(event: RemoveEvent<ObjectLiteral>): Promise<void> {
    if (!this.records(event.metadata)) return;
    const old = event.databaseEntity ?? event.entity;
    const before = old ? snapshot(event.metadata, old) : null;
    let entityId = old ? identify(event.metadata, old) : null;
    if (entityId === null && event.entityId !== undefined && event.entityId !== null) entityId = stringifyId(event.entityId);
    await this.write(event.manager, event.metadata, 'delete', entityId, before, null);
  }

  private records(metadata: EntityMetadata | undefined): metadata is EntityMetadata {
    return metadata !== undefined && !UNRECORDED_TABLES.has(metadata.tableName);
  }

  private async write(
    manager: EntityManager,
    metadata: EntityMetadata,
    action: AuditAction,
    entityId: string | null,
    before: Snapshot | null,
    after: Snapshot | null,
    known: Snapshot = { ...(before ?? {}), ...(after ?? {}) },
  ): Promise<void> {
    return oneAtATime(manager, () => this.writeNow(manager, metadata, action, entityId, before, after, known));
  }

  private async writeNow(
    manager: EntityManager,
    metadata: EntityMetadata,
    action: AuditAction,
    entityId: string | null,
    before: Snapshot | null,
    after: Snapshot | null,
    known: Snapshot,
  ): Promise<void> {
    const actor = currentActor();
    const scope = await resolveScope(manager, metadata, entityId, known);
    const entry: Omit<AuditEntry, 'id' | 'occurredAt'> = {
      actorKind: actor.kind,
      actorPersonId: actor.personId,
      actorLabel: actor.label,
      entityType: metadata.name,
      entityId,
      action,
      before,
      after,
      ...scope,
    };
    await manager
      .createQueryBuilder()
      .insert()
      .into(AuditEntry)
      .values(entry as QueryDeepPartialEntity<AuditEntry>)
      .callListeners(false)
      .updateEntity(false)
      .execute();
  }
}

/**
 * The writes in progress on each connection. TypeORM calls afterInsert/afterUpdate/afterRemove for
 * every row of one save or insert at the same time and waits for them all (BroadcasterResult's
 * Promise.all); inside a transaction they share one connection, which runs one query at a time.
 * pg queues the extra queries with a deprecation warning, and pg 9 refuses them: each connection's
 * audit writes are chained instead, one after the other.
 */
const writesInProgress = new WeakMap<object, Promise<void>>();

function oneAtATime(manager: EntityManager, write: () => Promise<void>): Promise<void> {
  const connection: object = manager.queryRunner ?? manager;
  const next = (writesInProgress.get(connection) ?? Promise.resolve()).catch(() => undefined).then(write);
  writesInProgress.set(connection, next);
  return next;
}

/** Adds the subscriber once to a data source: the API's, the worker's or the CLI's. */
export function registerAuditSubscriber(dataSource: DataSource): void {
  if (!dataSource.subscribers.some((subscriber) => subscriber instanceof AuditSubscriber)) {
    dataSource.subscribers.push(new AuditSubscriber());
  }
}

/** Column values by property path ("frequency.minimum"), secrets left out, dates as ISO strings. */
function snapshot(metadata: EntityMetadata, entity: ObjectLiteral, only?: ColumnMetadata[]): Snapshot {
  const result: Snapshot = {};
  for (const column of only ?? metadata.columns) {
    if (SECRET_COLUMN.test(column.propertyName)) continue;
    const value: unknown = column.getEntityValue(entity);
    if (value === undefined || typeof value === 'function') continue;
    result[column.propertyPath] = value instanceof Date ? value.toISOString() : value;
  }
  return result;
}

function identify(metadata: EntityMetadata, entity: ObjectLiteral): string | null {
  const ids = metadata.getEntityIdMap(entity);
  if (!ids) return null;
  const values = metadata.primaryColumns.map((column) => column.getEntityValue(ids));
  if (values.some((value) => value === undefined || value === null)) return null;
  return values.length === 1 ? String(values[0]) : stringifyId(ids);
}

function stringifyId(id: unknown): string {
  return typeof id === 'object' && id !== null ? JSON.stringify(id) : String(id);
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

/**
 * The convention, committee and meeting a change belongs to: the entity itself when it is one of
 * them, else its conventionId / committeeId / meetingId / seatId, completed upwards from the
 * database in the same transaction.
 */
async function resolveScope(manager: EntityManager, metadata: EntityMetadata, entityId: string | null, values: Snapshot): Promise<Scope> {
  const scope: Scope = { conventionId: text(values.conventionId), committeeId: text(values.committeeId), meetingId: text(values.meetingId) };
  if (metadata.tableName === 'conventions') scope.conventionId = entityId;
  if (metadata.tableName === 'committees') scope.committeeId = entityId;
  if (metadata.tableName === 'meetings') scope.meetingId = entityId;
  const seatId = text(values.seatId);

  if (!scope.committeeId && scope.meetingId) {
    scope.committeeId = await lookup(manager, 'SELECT committee_id AS id FROM meetings WHERE id = $1', scope.meetingId);
  }
  if (!scope.committeeId && seatId) {
    scope.committeeId = await lookup(manager, 'SELECT committee_id AS id FROM seats WHERE id = $1', seatId);
  }
  if (!scope.conventionId && scope.committeeId) {
    scope.conventionId = await lookup(manager, 'SELECT convention_id AS id FROM committees WHERE id = $1', scope.committeeId);
  }
  // Rows of no convention (people, schools) changed on a convention's behalf: filed under it.
  scope.conventionId ??= currentConventionId();
  return scope;
}

async function lookup(manager: EntityManager, sql: string, id: string): Promise<string | null> {
  const rows: Array<{ id: string }> = await manager.query(sql, [id]);
  return rows[0]?.id ?? null;
}
