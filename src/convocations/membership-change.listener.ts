import { EntityManager } from 'typeorm';
import type { DueMessage } from '../queue/outbox-queue';

/**
 * Called by MembershipsService inside the transaction that adds, ends or removes a membership of a
 * committee, then after the commit. The first call convenes those who now hold a seat on the day of
 * a convened meeting still ahead, and withdraws those who no longer do, writing the outbox rows in
 * that transaction; the second hands them to the queue. Provided by the convocations module.
 */
export abstract class MembershipChangeListener {
  abstract onMembershipsChanged(committeeId: string, manager: EntityManager): Promise<DueMessage[]>;

  abstract afterCommit(messages: DueMessage[]): Promise<void>;
}
