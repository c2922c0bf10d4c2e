import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module';
import { AppConfig } from '../config/app-config';
import { OutboxQueue } from '../queue/outbox-queue';
import { RECONCILE_BATCH } from '../queue/queues';
import { OutboxRepository } from './outbox.repository';

export interface ReconcileReport {
  /** Rows claimed by a worker that stopped before finishing: handed out again. */
  released: number;
  /** Due rows still waiting to be sent. */
  due: number;
  /** Jobs (one per meeting and due time, or per row about no meeting) missing from Redis for due rows, added again. */
  queued: number;
}

/**
 * What makes PostgreSQL the truth and BullMQ only the timer. Run by a job scheduler (one run per
 * interval across replicas): it gives back the rows whose claim ran out (a worker killed while
 * sending) and hands every due pending row to the queue. Whatever Redis lost — flushed, restarted
 * without its data, a delayed job never added because Redis was down at commit time — is queued
 * again here, at most one interval after it fell due.
 */
@Injectable()
export class OutboxReconciler {
  private readonly logger = new Logger('OutboxReconciler');

  constructor(
    private readonly outbox: OutboxRepository,
    private readonly queue: OutboxQueue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async run(): Promise<ReconcileReport> {
    const released = await this.outbox.releaseExpiredClaims();
    const due = await this.outbox.due(RECONCILE_BATCH);
    const queued = await this.queue.enqueueMissing(due);
    if (released.length > 0) {
      this.logger.warn(`${released.length} message(s) whose worker stopped while sending handed out again (lock of ${this.config.convocations.sendLockSeconds} s ran out)`);
    }
    if (queued > 0) this.logger.warn(`${queued} job(s) for due messages were missing from Redis and were added again`);
    return { released: released.length, due: due.length, queued };
  }
}
