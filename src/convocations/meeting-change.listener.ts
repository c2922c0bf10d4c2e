import { EntityManager } from 'typeorm';
import type { DueMessage } from '../queue/outbox-queue';

/** What happened to a meeting, as the meetings service tells it. */
export type MeetingChange =
  | { kind: 'rescheduled' }
  | { kind: 'updated' }
  | { kind: 'cancelled'; reason: string };

/** The messages a change decided, to hand to the queue once the transaction has committed. */
export interface MeetingChangeEffects {
  messages: DueMessage[];
}

export const NO_EFFECTS: MeetingChangeEffects = { messages: [] };

/**
 * Called by MeetingsService inside the transaction that changed a meeting (the meeting row is
 * locked), then after the commit. The first call writes the outbox rows the change needs (updates,
 * cancellations, replaced invitations) in that same transaction; the second hands them to the
 * queue. Provided by the convocations module; absent in a process without it.
 */
export abstract class MeetingChangeListener {
  abstract onMeetingChanged(meetingId: string, change: MeetingChange, manager: EntityManager): Promise<MeetingChangeEffects>;

  abstract afterCommit(effects: MeetingChangeEffects): Promise<void>;
}
