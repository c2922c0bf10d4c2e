import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DelayedError, Job, Queue, RepeatOptions, Worker } from 'bullmq';
import { APP_CONFIG } from '../config/config.module';
import { AppConfig } from '../config/app-config';
import { MailTransport } from '../mail/mail-transport';
import { JOBS, MAINTENANCE_JOB_OPTIONS, OutboxJob, QUEUES, SCHEDULERS } from '../queue/queues';
import { SignInPurgeJob } from '../auth/sign-in-purge.job';
import { AnswersWatch } from './answers.watch';
import { CommitteesAtRiskJob } from './committees-at-risk.job';
import { OutboxProcessor } from './outbox.processor';
import { OutboxReconciler } from './outbox.reconciler';
import { ReplyCollector } from './reply-collector';
import { RuleRemindersJob } from './rule-reminders.job';

/**
 * The worker side of the queues: one BullMQ worker sends outbox rows, another runs the recurring
 * jobs. The schedules are upserted at start with fixed ids (one schedule, however many replicas),
 * and checked again every reconcile interval: a Redis emptied or restarted without its data loses
 * them, and the reconciler is what repairs everything else.
 */
@Injectable()
export class ConvocationWorkers implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('ConvocationWorkers');
  private outbox?: Worker<OutboxJob>;
  private maintenance?: Worker;
  private schedules?: Queue;
  private watchdog?: NodeJS.Timeout;

  constructor(
    private readonly processor: OutboxProcessor,
    private readonly reconciler: OutboxReconciler,
    private readonly watch: AnswersWatch,
    private readonly atRisk: CommitteesAtRiskJob,
    private readonly reminders: RuleRemindersJob,
    private readonly replies: ReplyCollector,
    private readonly signInPurge: SignInPurgeJob,
    private readonly transport: MailTransport,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const connection = { url: this.config.redisUrl, maxRetriesPerRequest: null };
    const prefix = this.config.queuePrefix;
    this.schedules = new Queue(QUEUES.maintenance, { connection, prefix });
    this.schedules.on('error', (error) => this.logger.warn(`maintenance queue: ${error.message}`));
    const { workerConcurrency, sendLockSeconds, reconcileEverySeconds } = this.config.convocations;
    this.outbox = new Worker<OutboxJob>(QUEUES.outbox, (job, token) => this.send(job, token), {
      connection,
      prefix,
      concurrency: workerConcurrency,
      // A worker that dies holding a job: BullMQ hands the job out again once its lock has run out
      // and its stalled check has seen it. Both follow the outbox's own claim lock and reconcile
      // interval (30 s each by default, BullMQ's own defaults), so that the dead worker's job comes
      // back about when its rows do.
      lockDuration: sendLockSeconds * 1000,
      stalledInterval: reconcileEverySeconds * 1000,
    });
    this.maintenance = new Worker(QUEUES.maintenance, (job) => this.runMaintenance(job), { connection, prefix, concurrency: 1 });
    for (const worker of [this.outbox, this.maintenance] as Worker[]) {
      worker.on('error', (error) => this.logger.warn(`${worker.name}: ${error.message}`));
      worker.on('failed', (job, error) => this.logger.warn(`${worker.name} job ${job?.name} ${job?.id} failed: ${error.message}`));
    }
    await this.ensureSchedules(true).catch((error: Error) => this.logger.warn(`schedules not set yet (${error.message}); retried every interval`));
    this.watchdog = setInterval(() => {
      this.ensureSchedules(false).catch((error: Error) => this.logger.warn(`schedules not checked: ${error.message}`));
    }, this.config.convocations.reconcileEverySeconds * 1000);
    this.watchdog.unref();
    this.logger.log(
      `Sending convocations to the ${this.transport.destination}, ${this.config.convocations.workerConcurrency} at a time; ` +
        `reconciling every ${this.config.convocations.reconcileEverySeconds} s`,
    );
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.watchdog) clearInterval(this.watchdog);
    await Promise.all([this.outbox?.close(), this.maintenance?.close()]);
    await this.schedules?.close();
  }

  private async send(job: Job<OutboxJob>, token?: string): Promise<string> {
    const outcomes = 'meetingId' in job.data ? await this.processor.processMeeting(job.data.meetingId) : [await this.processor.process(job.data.messageId)];
    const [first] = outcomes;
    if (outcomes.length === 1 && first.outcome === 'not_due' && token) {
      // Woken before the rows' time (clocks differ a little): sleep again until then.
      await job.moveToDelayed(first.at.getTime(), token);
      throw new DelayedError();
    }
    return outcomes.map((result) => result.outcome).join(',');
  }

  private async runMaintenance(job: Job): Promise<unknown> {
    switch (job.name) {
      case JOBS.reconcileOutbox:
        return this.reconciler.run();
      case JOBS.watchAnswers:
        return this.watch.run();
      case JOBS.committeesAtRisk:
        return this.atRisk.run();
      case JOBS.ruleReminders:
        return this.reminders.run();
      case JOBS.collectCalendarReplies:
        return this.replies.run();
      case JOBS.purgeSignIns:
        return this.signInPurge.run();
      default:
        this.logger.warn(`unknown maintenance job ${job.name}`);
        return null;
    }
  }

  /** At start, every schedule is written (a changed interval applies); later, only missing ones. */
  private async ensureSchedules(overwrite: boolean): Promise<void> {
    const queue = this.schedules as Queue;
    const { reconcileEverySeconds, watchEveryMinutes, dailyCheckCron, dailyCheckTimeZone } = this.config.convocations;
    const schedules: { id: string; name: string; repeat: RepeatOptions }[] = [
      { id: SCHEDULERS.reconcileOutbox, name: JOBS.reconcileOutbox, repeat: { every: reconcileEverySeconds * 1000 } },
      { id: SCHEDULERS.watchAnswers, name: JOBS.watchAnswers, repeat: { every: watchEveryMinutes * 60_000 } },
      { id: SCHEDULERS.committeesAtRisk, name: JOBS.committeesAtRisk, repeat: { pattern: dailyCheckCron, tz: dailyCheckTimeZone } },
      { id: SCHEDULERS.ruleReminders, name: JOBS.ruleReminders, repeat: { pattern: dailyCheckCron, tz: dailyCheckTimeZone } },
      // Once a day is enough for a retention counted in days; at the daily check's hour, a quiet one.
      { id: SCHEDULERS.purgeSignIns, name: JOBS.purgeSignIns, repeat: { pattern: dailyCheckCron, tz: dailyCheckTimeZone } },
    ];
    const mailbox = this.config.replyMailbox;
    if (mailbox) {
      schedules.push({ id: SCHEDULERS.collectCalendarReplies, name: JOBS.collectCalendarReplies, repeat: { every: mailbox.pollSeconds * 1000 } });
    } else if (overwrite) {
      // IMAP_URL was unset since the last start: the schedule left in Redis must not keep firing.
      await queue.removeJobScheduler(SCHEDULERS.collectCalendarReplies);
    }
    for (const schedule of schedules) {
      if (!overwrite && (await queue.getJobScheduler(schedule.id))) continue;
      await queue.upsertJobScheduler(schedule.id, schedule.repeat, { name: schedule.name, opts: MAINTENANCE_JOB_OPTIONS });
      if (!overwrite) this.logger.warn(`schedule ${schedule.id} was missing from Redis and is set again`);
    }
  }
}
