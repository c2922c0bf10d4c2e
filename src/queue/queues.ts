import type { JobsOptions } from 'bullmq';

/**
 * Every queue, job and job option copil uses, in one place. Jobs carry ids only: PostgreSQL holds
 * the truth (the outbox rows), BullMQ is the timer that wakes a worker when a row is due.
 */

export const QUEUES = {
  /**
   * Jobs that wake a worker to send outbox rows: one per meeting and due time (`{ meetingId }`:
   * every due row of the meeting is claimed at once), one per row for messages about no meeting
   * (`{ messageId }`).
   */
  outbox: 'outbox',
  /** Recurring work, each run once across replicas by a job scheduler with a fixed id. */
  maintenance: 'maintenance',
  /** The compliance report's standings computed ahead of the day's first request (compliance-workers.ts). */
  compliance: 'compliance',
} as const;

export const JOBS = {
  sendMessage: 'send-message',
  sendMeeting: 'send-meeting',
  reconcileOutbox: 'reconcile-outbox',
  watchAnswers: 'watch-answers',
  committeesAtRisk: 'committees-at-risk',
  ruleReminders: 'rule-reminders',
  collectCalendarReplies: 'collect-calendar-replies',
  purgeSignIns: 'purge-sign-ins',
  dayStandings: 'day-standings',
} as const;

/** Job scheduler ids: fixed, so every replica upserting them makes one schedule, not one each. */
export const SCHEDULERS = {
  reconcileOutbox: 'reconcile-outbox',
  watchAnswers: 'watch-answers',
  committeesAtRisk: 'committees-at-risk-daily',
  /** Requests for a sitting, minutes and terms of office (rule-reminders.job.ts), at the same hour. */
  ruleReminders: 'rule-reminders-daily',
  /** Only while IMAP_URL is set; removed at start otherwise. */
  collectCalendarReplies: 'collect-calendar-replies',
  purgeSignIns: 'purge-sign-ins-daily',
  /** Every quarter of an hour: each zone's midnight falls on one (day-standings.job.ts). */
  dayStandings: 'day-standings',
} as const;

/** When the day's standings are computed: every quarter of an hour, in UTC, the offsets of every zone copil knows being whole quarters. */
export const DAY_STANDINGS_CRON = '*/15 * * * *';

export interface SendMessageJob {
  /** The outbound_messages row id. */
  messageId: string;
}

export interface SendMeetingJob {
  /** The meeting whose due outbox rows are to be sent. */
  meetingId: string;
}

export type OutboxJob = SendMessageJob | SendMeetingJob;

/**
 * The job id of a meeting's rows due at one instant: the rows a decision writes for a meeting
 * (its convocations, its updates) share their due time, so they make one job, whose worker claims
 * them together. A retry has its own due time and so its own job; a row given back after a worker
 * died keeps its time, whose job was removed when done, so the reconciler can add it again.
 */
export function meetingJobId(meetingId: string, sendAfter: Date): string {
  return `meeting-${meetingId}-${sendAfter.getTime()}`;
}

/** How many due rows of a meeting one claim takes; a job claims again while claims come back full. */
export const MEETING_CLAIM_BATCH = 50;

/**
 * The job id of one attempt at sending one row: the row id and the row's attempts so far. Adding
 * the same job twice (the request after its commit, then the reconciler) makes one job; a retry
 * after a failure, or after a claim ran out, has a new count and so a new job.
 */
export function sendJobId(rowId: string, attempts: number): string {
  return `send-${rowId}-${attempts}`;
}

/**
 * A job only wakes a worker: the row's state says whether there is anything to do, and retries
 * are new rows' times, not BullMQ attempts. Jobs leave Redis once done so their ids can be used
 * again by the reconciler.
 */
export const SEND_JOB_OPTIONS: JobsOptions = {
  attempts: 1,
  removeOnComplete: true,
  removeOnFail: true,
};

export const MAINTENANCE_JOB_OPTIONS: JobsOptions = {
  attempts: 1,
  removeOnComplete: true,
  removeOnFail: { count: 100 },
};

/** At most this many due rows handed to the queue by one reconciler run; the next run takes the rest. */
export const RECONCILE_BATCH = 5000;

/** How long an HTTP request waits for Redis after its commit before leaving the rows to the reconciler. */
export const ENQUEUE_TIMEOUT_MS = 1000;
