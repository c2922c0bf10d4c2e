import { AsyncLocalStorage } from 'node:async_hooks';
import { ActorKind } from './audit-entry.entity';

/** Who is making the changes of the current request, job or command. */
export interface Actor {
  kind: ActorKind;
  personId: string | null;
  label: string;
}

export const SYSTEM_ACTOR: Actor = { kind: 'system', personId: null, label: 'system' };
export const IMPORT_CLI_ACTOR: Actor = { kind: 'cli', personId: null, label: 'import cli' };

export function personActor(person: { id: string; fullName: string; email: string }): Actor {
  return { kind: 'person', personId: person.id, label: `${person.fullName} <${person.email}>` };
}

/*
 * One store for the process: the request interceptor, the worker's processors and the CLI all
 * set it, the audit subscriber reads it. Code running outside any of them acts as "system".
 */
const storage = new AsyncLocalStorage<Actor>();

/** Runs `work` with `actor` as the author of every change it makes, across awaits. */
export function runAsActor<T>(actor: Actor, work: () => T): T {
  return storage.run(actor, work);
}

export function currentActor(): Actor {
  return storage.getStore() ?? SYSTEM_ACTOR;
}

/*
 * The convention a piece of work acts for, when the rows it changes do not say it themselves:
 * a definition import changes people and schools, which belong to no convention, on behalf of
 * the convention it imports. The audit subscriber files such changes under it.
 */
const conventionStorage = new AsyncLocalStorage<string>();

/** Runs `work` with `conventionId` as the convention of every change that names none. */
export function runForConvention<T>(conventionId: string, work: () => T): T {
  return conventionStorage.run(conventionId, work);
}

export function currentConventionId(): string | null {
  return conventionStorage.getStore() ?? null;
}
