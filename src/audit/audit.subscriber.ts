import {
  DataSource,
  EntityManager,
  EntityMetadata,
  EntitySubscriberInterface,
  EntityTarget,
  InsertEvent,
  ObjectLiteral,
  QueryRunner,
  RemoveEvent,
  TransactionCommitEvent,
  TransactionRollbackEvent,
  TransactionStartEvent,
  UpdateEvent,
} from 'typeorm';
import { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { AuditAction, AuditEntry } from './audit-entry.entity';
import { currentActor, currentConventionId } from './audit-context';
import { queryPrepared } from '../database/prepared';

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
 * makes it, with the actor of the current request or job (see audit-context.ts). The entries of a
 * transaction are written together just before it commits (one INSERT, scopes looked up once),
 * not one statement per row changed; a change outside any transaction is written at once.
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
    await writeEntry(event.manager, event.metadata, 'insert', identify(event.metadata, event.entity), null, after);
  }

  async afterUpdate(event: UpdateEvent<ObjectLiteral>): Promise<void> {
    if (!this.records(event.metadata) || !event.entity) return;
    const entity = event.entity as ObjectLiteral;
    if (!event.databaseEntity) {
      // By criteria: only the values set are known.
      const after = snapshot(event.metadata, entity);
      await writeEntry(event.manager, event.metadata, 'update', identify(event.metadata, entity), null, after);
      return;
    }
    const changed = event.updatedColumns.filter(
      (column) => !column.isVersion && !column.isUpdateDate && !column.isCreateDate && !SECRET_COLUMN.test(column.propertyName),
    );
    if (changed.length === 0) return;
    const before = snapshot(event.metadata, event.databaseEntity, changed);
    const after = snapshot(event.metadata, entity, changed);
    const full = { ...snapshot(event.metadata, event.databaseEntity), ...snapshot(event.metadata, entity) };
    await writeEntry(event.manager, event.metadata, 'update', identify(event.metadata, event.databaseEntity), before, after, full);
  }

  async afterRemove(event: RemoveEvent<ObjectLiteral>): Promise<void> {
    if (!this.records(event.metadata)) return;
    const old = event.databaseEntity ?? event.entity;
    const before = old ? snapshot(event.metadata, old) : null;
    let entityId = old ? identify(event.metadata, old) : null;
    if (entityId === null && event.entityId !== undefined && event.entityId !== null) entityId = stringifyId(event.entityId);
    await writeEntry(event.manager, event.metadata, 'delete', entityId, before, null);
  }

  private records(metadata: EntityMetadata | undefined): metadata is EntityMetadata {
    return metadata !== undefined && !UNRECORDED_TABLES.has(metadata.tableName);
  }

  /** The transaction's entries, written in it just before it commits: a failure to write them rolls it back. */
  async beforeTransactionCommit(event: TransactionCommitEvent): Promise<void> {
    await writeDeferred(event.queryRunner);
  }

  /** Before a savepoint, the entries so far are written, so that rolling back to it drops only what came after. */
  async beforeTransactionStart(event: TransactionStartEvent): Promise<void> {
    await writeDeferred(event.queryRunner);
  }

  beforeTransactionRollback(event: TransactionRollbackEvent): void {
    deferred.delete(event.queryRunner);
  }
}

/**
 * Queues the entry in its connection's open group of writes: every row of one save or insert is
 * announced at the same moment (TypeORM calls the subscriber for each before awaiting any), so
 * their entries are written by one INSERT, their scopes looked up once for all.
 */
function writeEntry(
  manager: EntityManager,
  metadata: EntityMetadata,
  action: AuditAction,
  entityId: string | null,
  before: Snapshot | null,
  after: Snapshot | null,
  known: Snapshot = { ...(before ?? {}), ...(after ?? {}) },
): Promise<void> {
  // The actor is read now, in the request's or job's context, not when the entry is written.
  const entry: PendingEntry = { actor: currentActor(), conventionId: currentConventionId(), metadata, action, entityId, before, after, known };
  const runner = manager.queryRunner;
  if (runner?.isTransactionActive) {
    // In a transaction, the entries wait for its commit and go in one INSERT, before COMMIT.
    const entries = deferred.get(runner) ?? [];
    entries.push(entry);
    deferred.set(runner, entries);
    return Promise.resolve();
  }
  return inGroup(manager, entry);
}

/**
 * Rows a set-based statement inserted (SQL, not entities, so TypeORM does not announce them),
 * recorded exactly as the subscriber records an insert of these entities: each entity's columns,
 * the actor of the current request or job, written with the transaction's other entries.
 */
export async function recordInserted(
  manager: EntityManager,
  target: EntityTarget<ObjectLiteral>,
  entities: readonly ObjectLiteral[],
  parents: KnownParents = {},
): Promise<void> {
  const metadata = manager.connection.getMetadata(target);
  if (!auditing(manager) || UNRECORDED_TABLES.has(metadata.tableName)) return;
  await Promise.all(
    entities.map((entity) => {
      const after = snapshot(metadata, entity);
      return writeEntry(manager, metadata, 'insert', identify(metadata, entity), null, after, { ...after, ...parents });
    }),
  );
}

/**
 * The committee and convention of rows recorded by `recordInserted` or `recordUpdated`, when the
 * caller has them at hand: the entries are then filed without asking the database.
 */
export interface KnownParents {
  committeeId?: string;
  conventionId?: string;
}

/** A row a set-based statement updated, recorded as the subscriber records an update of a loaded entity: the columns changed, before and after. */
export async function recordUpdated(
  manager: EntityManager,
  target: EntityTarget<ObjectLiteral>,
  entityId: string,
  before: ObjectLiteral,
  after: ObjectLiteral,
  parents: KnownParents = {},
): Promise<void> {
  const metadata = manager.connection.getMetadata(target);
  if (!auditing(manager) || UNRECORDED_TABLES.has(metadata.tableName)) return;
  const changed = metadata.columns.filter((column) => column.getEntityValue(after) !== undefined && !SECRET_COLUMN.test(column.propertyName));
  const [was, is] = [snapshot(metadata, before, changed), snapshot(metadata, after, changed)];
  await writeEntry(manager, metadata, 'update', entityId, was, is, { ...was, ...is, ...parents });
}

/** Whether the data source records its changes (the subscriber is registered), as it does for entities. */
function auditing(manager: EntityManager): boolean {
  return manager.connection.subscribers.some((subscriber) => subscriber instanceof AuditSubscriber);
}

/** Entries of each open transaction (by its query runner), not yet written. */
const deferred = new WeakMap<QueryRunner, PendingEntry[]>();

async function writeDeferred(runner: QueryRunner): Promise<void> {
  const entries = deferred.get(runner);
  if (!entries || entries.length === 0) return;
  deferred.delete(runner);
  await writeGroup(runner.manager, entries);
}

interface PendingEntry {
  actor: ReturnType<typeof currentActor>;
  conventionId: string | null;
  metadata: EntityMetadata;
  action: AuditAction;
  entityId: string | null;
  before: Snapshot | null;
  after: Snapshot | null;
  known: Snapshot;
}

/**
 * The writes of each connection. Inside a transaction the subscriber's calls share one connection,
 * which runs one query at a time (pg queues the extra ones with a deprecation warning, and pg 9
 * refuses them): each connection's groups are chained, one after the other. A group stays open to
 * new entries until its turn comes, which is after the current synchronous run at the earliest.
 */
const groups = new WeakMap<object, { last: Promise<void>; open: PendingEntry[] | null }>();

function inGroup(manager: EntityManager, entry: PendingEntry): Promise<void> {
  const connection: object = manager.queryRunner ?? manager;
  let state = groups.get(connection);
  if (!state) {
    state = { last: Promise.resolve(), open: null };
    groups.set(connection, state);
  }
  if (state.open) {
    state.open.push(entry);
    return state.last;
  }
  const group: PendingEntry[] = [entry];
  const current = state;
  current.open = group;
  current.last = current.last
    .catch(() => undefined)
    .then(() => {
      if (current.open === group) current.open = null;
      return writeGroup(manager, group);
    });
  return current.last;
}

/**
 * Parents found: a meeting's committee, a seat's committee, a committee's convention never change
 * once written, so each is looked up once per process (ids are never reused; a row whose
 * transaction rolled back leaves an entry nobody asks for again).
 */
const PARENTS_KEPT = 20_000;
const parents = new Map<string, string>();

async function writeGroup(manager: EntityManager, group: PendingEntry[]): Promise<void> {
  const lookups = new Map<string, Promise<string | null>>();
  const remembered = (sql: string, id: string): Promise<string | null> => {
    const key = `${sql}|${id}`;
    const known = parents.get(key);
    if (known !== undefined) return Promise.resolve(known);
    let found = lookups.get(key);
    if (!found) {
      found = lookup(manager, sql, id).then((parent) => {
        if (parent !== null) {
          if (parents.size >= PARENTS_KEPT) parents.clear();
          parents.set(key, parent);
        }
        return parent;
      });
      lookups.set(key, found);
    }
    return found;
  };
  const entries: Array<Omit<AuditEntry, 'id' | 'occurredAt'>> = [];
  for (const pending of group) {
    const scope = await resolveScope(remembered, pending.metadata, pending.entityId, pending.known);
    scope.conventionId ??= pending.conventionId;
    entries.push({
      actorKind: pending.actor.kind,
      actorPersonId: pending.actor.personId,
      actorLabel: pending.actor.label,
      entityType: pending.metadata.name,
      entityId: pending.entityId,
      action: pending.action,
      before: pending.before,
      after: pending.after,
      ...scope,
    });
  }
  const json = (value: Snapshot | null): string | null => (value === null ? null : JSON.stringify(value));
  await queryPrepared(manager, INSERT_ENTRIES_SQL, [
    entries.map((entry) => entry.actorKind),
    entries.map((entry) => entry.actorPersonId),
    entries.map((entry) => entry.actorLabel),
    entries.map((entry) => entry.entityType),
    entries.map((entry) => entry.entityId),
    entries.map((entry) => entry.action),
    entries.map((entry) => json(entry.before)),
    entries.map((entry) => json(entry.after)),
    entries.map((entry) => entry.conventionId),
    entries.map((entry) => entry.committeeId),
    entries.map((entry) => entry.meetingId),
  ]);
}

/**
 * A group's entries in one statement, one array per column: the same text whatever their number,
 * prepared once per connection (every audited write runs it). Rows are numbered in array order.
 */
const INSERT_ENTRIES_SQL = `INSERT INTO audit_entries (actor_kind, actor_person_id, actor_label, entity_type, entity_id, action, before, after, convention_id, committee_id, meeting_id)
  SELECT e.actor_kind, e.actor_person_id, e.actor_label, e.entity_type, e.entity_id, e.action, e.before::jsonb, e.after::jsonb, e.convention_id, e.committee_id, e.meeting_id
    FROM unnest($1::text[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::uuid[], $10::uuid[], $11::uuid[])
      AS e(actor_kind, actor_person_id, actor_label, entity_type, entity_id, action, before, after, convention_id, committee_id, meeting_id)`;

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
async function resolveScope(
  lookup: (sql: string, id: string) => Promise<string | null>,
  metadata: EntityMetadata,
  entityId: string | null,
  values: Snapshot,
): Promise<Scope> {
  const scope: Scope = { conventionId: text(values.conventionId), committeeId: text(values.committeeId), meetingId: text(values.meetingId) };
  if (metadata.tableName === 'conventions') scope.conventionId = entityId;
  if (metadata.tableName === 'committees') scope.committeeId = entityId;
  if (metadata.tableName === 'meetings') scope.meetingId = entityId;
  const seatId = text(values.seatId);

  if (!scope.committeeId && scope.meetingId) {
    scope.committeeId = await lookup('SELECT committee_id AS id FROM meetings WHERE id = $1', scope.meetingId);
  }
  if (!scope.committeeId && seatId) {
    scope.committeeId = await lookup('SELECT committee_id AS id FROM seats WHERE id = $1', seatId);
  }
  if (!scope.conventionId && scope.committeeId) {
    scope.conventionId = await lookup('SELECT convention_id AS id FROM committees WHERE id = $1', scope.committeeId);
  }
  // Rows of no convention (people, schools) changed on a convention's behalf are filed under it (writeGroup).
  return scope;
}

async function lookup(manager: EntityManager, sql: string, id: string): Promise<string | null> {
  const rows: Array<{ id: string }> = await manager.query(sql, [id]);
  return rows[0]?.id ?? null;
}
