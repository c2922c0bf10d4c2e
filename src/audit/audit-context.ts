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
