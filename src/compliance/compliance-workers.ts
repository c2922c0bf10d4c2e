import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Job, Queue, Worker } from 'bullmq';
import { APP_CONFIG } from '../config/config.module';
import { AppConfig } from '../config/app-config';
import { DAY_STANDINGS_CRON, JOBS, MAINTENANCE_JOB_OPTIONS, QUEUES, SCHEDULERS } from '../queue/queues';
import { DayStandingsJob } from './day-standings.job';

/**
 * The worker side of the compliance queue: one job scheduler (a fixed id, one schedule however
 * many replicas) runs DayStandingsJob every quarter of an hour, one run at a time. As for the
 * convocations' schedules, it is upserted at start and checked again every reconcile interval, a
 * Redis emptied or restarted without its data having lost it.
 */
@Injectable()
export class ComplianceWorkers implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('ComplianceWorkers');
  private worker?: Worker;
  private schedules?: Queue;
  private watchdog?: NodeJS.Timeout;

  constructor(
    private readonly dayStandings: DayStandingsJob,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const connection = { url: this.config.redisUrl, maxRetriesPerRequest: null };
    const prefix = this.config.queuePrefix;
    this.schedules = new Queue(QUEUES.compliance, { connection, prefix });
    this.schedules.on('error', (error) => this.logger.warn(`compliance queue: ${error.message}`));
    this.worker = new Worker(QUEUES.compliance, (job) => this.run(job), { connection, prefix, concurrency: 1 });
    this.worker.on('error', (error) => this.logger.warn(`compliance worker: ${error.message}`));
    this.worker.on('failed', (job, error) => this.logger.warn(`compliance job ${job?.name} ${job?.id} failed: ${error.message}`));
    await this.ensureSchedule(true).catch((error: Error) => this.logger.warn(`schedule not set yet (${error.message}); retried every interval`));
    this.watchdog = setInterval(() => {
      this.ensureSchedule(false).catch((error: Error) => this.logger.warn(`schedule not checked: ${error.message}`));
    }, this.config.convocations.reconcileEverySeconds * 1000);
    this.watchdog.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.watchdog) clearInterval(this.watchdog);
    await this.worker?.close();
    await this.schedules?.close();
  }

  private async run(job: Job): Promise<unknown> {
    if (job.name === JOBS.dayStandings) return this.dayStandings.run();
    this.logger.warn(`unknown compliance job ${job.name}`);
    return null;
  }

  private async ensureSchedule(overwrite: boolean): Promise<void> {
    const queue = this.schedules as Queue;
    if (!overwrite && (await queue.getJobScheduler(SCHEDULERS.dayStandings))) return;
    await queue.upsertJobScheduler(SCHEDULERS.dayStandings, { pattern: DAY_STANDINGS_CRON, tz: 'UTC' }, { name: JOBS.dayStandings, opts: MAINTENANCE_JOB_OPTIONS });
    if (!overwrite) this.logger.warn(`schedule ${SCHEDULERS.dayStandings} was missing from Redis and is set again`);
  }
}
