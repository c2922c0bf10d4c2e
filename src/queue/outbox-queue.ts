import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { APP_CONFIG } from '../config/config.module';
import { AppConfig } from '../config/app-config';
import { createProducerConnection } from './redis-connection';
import { ENQUEUE_TIMEOUT_MS, JOBS, OutboxJob, QUEUES, SEND_JOB_OPTIONS, meetingJobId, sendJobId } from './queues';

/** What the queue needs to know of an outbox row: which one, which attempt, when, about which meeting. */
export interface DueMessage {
  id: string;
  attempts: number;
  sendAfter: Date;
  meetingId: string | null;
}

interface JobToAdd {
  name: string;
  data: OutboxJob;
  jobId: string;
  sendAfter: Date;
}

/** The jobs that wake a worker for these rows: one per meeting and due time, one per row about no meeting. */
function jobsFor(rows: readonly DueMessage[]): JobToAdd[] {
  const jobs = new Map<string, JobToAdd>();
  for (const row of rows) {
    const job: JobToAdd = row.meetingId
      ? { name: JOBS.sendMeeting, data: { meetingId: row.meetingId }, jobId: meetingJobId(row.meetingId, row.sendAfter), sendAfter: row.sendAfter }
      : { name: JOBS.sendMessage, data: { messageId: row.id }, jobId: sendJobId(row.id, row.attempts), sendAfter: row.sendAfter };
    if (!jobs.has(job.jobId)) jobs.set(job.jobId, job);
  }
  return [...jobs.values()];
}

/** How long to wait for Redis at start before going on without it. */
const READY_TIMEOUT_MS = 3000;

/**
 * Hands outbox rows to BullMQ as delayed jobs. Adding is best-effort: a row that never becomes a
 * job is found by the reconciler once due, so a failure here delays a message, never loses it.
 */
@Injectable()
export class OutboxQueue implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('OutboxQueue');
  private readonly connection: Redis;
  readonly queue: Queue<OutboxJob>;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.connection = createProducerConnection(config);
    this.connection.on('error', (error: Error) => this.logger.debug(`Redis: ${error.message}`));
    this.queue = new Queue<OutboxJob>(QUEUES.outbox, { connection: this.connection, prefix: config.queuePrefix });
    this.queue.on('error', (error: Error) => this.logger.debug(`queue: ${error.message}`));
  }

  async onModuleInit(): Promise<void> {
    const ready = await withTimeout(this.queue.waitUntilReady().then(() => true), READY_TIMEOUT_MS).catch(() => false);
    if (!ready) this.logger.warn(`Redis is not reachable yet; due messages will be queued by the reconciler once it is`);
  }

  /** Adds the rows' jobs (one per meeting and due time), each delayed until its time. Throws when Redis refuses. */
  async enqueue(rows: readonly DueMessage[]): Promise<void> {
    await this.add(jobsFor(rows));
  }

  private async add(jobs: readonly JobToAdd[]): Promise<void> {
    if (jobs.length === 0) return;
    const now = Date.now();
    await this.queue.addBulk(
      jobs.map((job) => ({
        name: job.name,
        data: job.data,
        opts: { ...SEND_JOB_OPTIONS, jobId: job.jobId, delay: Math.max(0, job.sendAfter.getTime() - now) },
      })),
    );
  }

  /**
   * Adds only the jobs that are not in Redis (lost, or never added). Asking costs one pipelined
   * EXISTS per job; adding a job that exists would cost a script run and its objects for nothing,
   * thousands of times per run when a backlog is waiting. Returns how many jobs were added.
   */
  async enqueueMissing(rows: readonly DueMessage[]): Promise<number> {
    const jobs = jobsFor(rows);
    if (jobs.length === 0) return 0;
    const answers = (await this.connection.pipeline(jobs.map((job) => ['exists', this.queue.toKey(job.jobId)])).exec()) ?? [];
    const missing = jobs.filter((_, index) => {
      const [error, exists] = answers[index] ?? [new Error('no answer'), 0];
      return error !== null || exists === 0;
    });
    await this.add(missing);
    return missing.length;
  }

  /**
   * After a commit: adds the jobs, waiting at most ENQUEUE_TIMEOUT_MS, and never fails the caller;
   * whatever is not added now is picked up by the reconciler.
   */
  async enqueueAfterCommit(rows: readonly DueMessage[]): Promise<void> {
    if (rows.length === 0) return;
    try {
      await withTimeout(this.enqueue(rows), ENQUEUE_TIMEOUT_MS);
    } catch (error) {
      this.logger.warn(
        `${rows.length} message(s) not handed to the queue now (${error instanceof Error ? error.message : String(error)}); the reconciler will`,
      );
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.queue.close().catch(() => undefined);
    // QUIT is a command: on a connection still connecting (no offline queue) it would only fail.
    if (this.connection.status === 'ready') await this.connection.quit().catch(() => this.connection.disconnect());
    else this.connection.disconnect();
  }
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer from Redis within ${ms} ms`)), ms);
  });
  // The losing promise may still settle later; its rejection must not go unhandled.
  work.catch(() => undefined);
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
