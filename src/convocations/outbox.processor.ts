import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../config/config.module';
import { AppConfig } from '../config/app-config';
import { DomainError } from '../common/domain-error';
import { MailTransport, OutgoingMail, SentMail } from '../mail/mail-transport';
import { SignInLinkMailer } from '../auth/sign-in-link.mailer';
import { Clock } from '../common/clock';
import { MeetingDocumentsService } from '../meetings/meeting-documents.service';
import { localDateOf } from '../rules/local-date';
import { applicableNotice, noticeRespected } from '../rules/notice.rule';
import { holidaysOfConvention } from '../rules/working-days.rule';
import { noticeRuleOf } from '../rules/reconvening.rule';
import { OutboxQueue } from '../queue/outbox-queue';
import { MEETING_CLAIM_BATCH } from '../queue/queues';
import { writeConvenerAlert } from './convener-alerts';
import { CalendarPayload } from './convocation-rows';
import { DeliveryFailure, classifyDeliveryError, oneLine, replyCode, retryDelaySeconds } from './delivery-outcome';
import { MeetingContext } from './meeting-context';
import { DeliveryFailurePayload, MessageComposer, MessageToSend, RecipientContext, WithheldPayload } from './message-composer';
import { CALENDAR_KINDS, MessageKind } from './outbound-message.entity';
import { ClaimedMessage, OutboxRepository, SentEntry } from './outbox.repository';
import { GroupedWrites, SendingSlots } from './sending-slots';

export type ProcessOutcome =
  | { outcome: 'sent'; response: string }
  | { outcome: 'retry'; at: Date }
  | { outcome: 'failed'; reason: string }
  | { outcome: 'obsolete'; reason: string }
  | { outcome: 'withheld'; reason: string }
  | { outcome: 'not_due'; at: Date }
  | { outcome: 'nothing' };

/** The kinds sent to the people convened; a failure to deliver one is reported to the convener. */
const RECIPIENT_KINDS: readonly MessageKind[] = ['convocation', 'update', 'cancellation', 'reminder'];

type Decision = { send: true } | { send: false; state: 'obsolete' | 'withheld'; reason: string; withheld?: WithheldPayload };

/** What one claim's messages share: the verdict of the rules at sending, asked once for the meeting. */
interface ClaimShared {
  rulesAtSending?: Promise<Decision>;
}

/** Acceptances recorded by one statement at most. */
const SENT_GROUP = 100;

/**
 * Sends outbox rows: claims them atomically (one worker only) — one row, or every due row of a
 * meeting at once —, re-reads what they are about, skips what is obsolete, withholds a convocation
 * the rules no longer let leave, otherwise hands each to the mail server and records the answer.
 * See docs/convocations.md for the guarantee.
 */
@Injectable()
export class OutboxProcessor {
  private readonly logger = new Logger('OutboxProcessor');
  private readonly slots: SendingSlots;
  private readonly sentRecords: GroupedWrites<SentEntry>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxRepository,
    private readonly clock: Clock,
    private readonly composer: MessageComposer,
    private readonly transport: MailTransport,
    private readonly documents: MeetingDocumentsService,
    private readonly queue: OutboxQueue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly signInLinks: SignInLinkMailer,
  ) {
    this.slots = new SendingSlots(config.convocations.workerConcurrency);
    this.sentRecords = new GroupedWrites((entries) => this.outbox.markSentMany(entries), SENT_GROUP);
  }

  async process(rowId: string): Promise<ProcessOutcome> {
    const lockSeconds = this.config.convocations.sendLockSeconds;
    const claimed = await this.outbox.claim(rowId, lockSeconds);
    if (!claimed) return this.whyNotClaimed(rowId);
    const heartbeat = this.holdClaim(claimed.message, lockSeconds);
    try {
      return await this.processClaimed(claimed);
    } finally {
      clearInterval(heartbeat);
    }
  }

  /**
   * Sends every due row of a meeting: claims them together (MEETING_CLAIM_BATCH at a time, again
   * while claims come back full), reads the meeting once for all, asks the rules at sending once,
   * and sends the messages as sending slots free up. The outcome of each row is its own, as when
   * it is sent alone. Nothing claimed: `not_due` when a row of the meeting waits for its time.
   */
  async processMeeting(meetingId: string): Promise<ProcessOutcome[]> {
    const lockSeconds = this.config.convocations.sendLockSeconds;
    const outcomes: ProcessOutcome[] = [];
    for (;;) {
      const batch = await this.outbox.claimMeeting(meetingId, lockSeconds, MEETING_CLAIM_BATCH);
      if (batch.messages.length === 0) break;
      const holding = new Map(batch.messages.map((claimed) => [claimed.message.id, claimed.message]));
      const heartbeat = this.holdClaims(holding, lockSeconds);
      const shared: ClaimShared = {};
      try {
        outcomes.push(
          ...(await Promise.all(
            batch.messages.map((claimed) => this.processClaimed(claimed, shared).finally(() => holding.delete(claimed.message.id))),
          )),
        );
      } finally {
        clearInterval(heartbeat);
      }
      if (batch.messages.length < MEETING_CLAIM_BATCH) break;
    }
    if (outcomes.length > 0) return outcomes;
    const at = await this.outbox.nextDue(meetingId);
    return [at ? { outcome: 'not_due', at } : { outcome: 'nothing' }];
  }

  /** The heartbeat of a claim of several rows: the rows still being worked on, in one statement. */
  private holdClaims(holding: Map<string, MessageToSend>, lockSeconds: number): NodeJS.Timeout {
    const timer = setInterval(() => {
      this.outbox.extendClaims([...holding.values()], lockSeconds).then(
        (lost) => {
          for (const id of lost) {
            if (holding.has(id)) this.logger.warn(`Message ${id}: the claim was lost while sending (another worker may send it)`);
          }
        },
        (error: Error) => this.logger.warn(`Messages of a meeting: claims not extended (${error.message})`),
      );
    }, (lockSeconds * 1000) / 3);
    timer.unref();
    return timer;
  }

  /**
   * While this worker works on the row, its claim is pushed forward every third of the lock, so the
   * lock can be short: a worker that dies stops beating and its row is handed out again by the
   * reconciler within a lock and an interval, while a slow mail server never makes a live worker's
   * row go to a second one.
   */
  private holdClaim(message: MessageToSend, lockSeconds: number): NodeJS.Timeout {
    const timer = setInterval(() => {
      this.outbox.extendClaim(message, lockSeconds).then(
        (held) => {
          if (!held) this.logger.warn(`Message ${message.id}: the claim was lost while sending (another worker may send it)`);
        },
        (error: Error) => this.logger.warn(`Message ${message.id}: claim not extended (${error.message})`),
      );
    }, (lockSeconds * 1000) / 3);
    timer.unref();
    return timer;
  }

  private async processClaimed({ message, context, recipient }: ClaimedMessage, shared: ClaimShared = {}): Promise<ProcessOutcome> {
    let signInMail: OutgoingMail | null = null;
    try {
      const decision = await this.decide(message, context, recipient, shared);
      if (!decision.send) return await this.settle(message, decision, context);
      if (message.kind === 'sign_in_link') {
        signInMail = await this.signInLinks.compose(message);
        if (!signInMail) return await this.settle(message, { send: false, state: 'obsolete', reason: 'no account may sign in with this address' }, context);
      }
    } catch (error) {
      // The database or a bug, not the mail server: the row goes back to wait, as after a temporary failure.
      return this.retryLater(message, { kind: 'temporary', smtpCode: null, response: `not sent: ${oneLine(String(error instanceof Error ? error.message : error))}` }, false, context);
    }

    // Composed just before it leaves, so a worker holds at most its sending slots' messages built.
    const result = await this.slots.run(async (): Promise<{ sent: SentMail } | { notComposed: unknown } | { notSent: unknown }> => {
      let mail: OutgoingMail;
      try {
        mail = signInMail ?? this.composer.compose(message, context, recipient, this.clock.now());
      } catch (error) {
        return { notComposed: error };
      }
      try {
        return { sent: await this.transport.send(mail) };
      } catch (error) {
        return { notSent: error };
      }
    });
    if ('notComposed' in result) {
      // Input the calendar or the templates refuse (an address an iCalendar reader cannot take):
      // the same row would be refused again.
      const error = result.notComposed;
      const reason = error instanceof DomainError ? `${error.message}: ${JSON.stringify(error.details)}` : String(error instanceof Error ? error.message : error);
      return this.fail(message, { kind: 'permanent', smtpCode: null, response: `not composed: ${oneLine(reason)}` }, false, context);
    }
    if ('notSent' in result) {
      const failure = classifyDeliveryError(result.notSent);
      return failure.kind === 'permanent' ? this.fail(message, failure, true, context) : this.retryLater(message, failure, true, context);
    }
    await this.markSent(message, result.sent);
    return { outcome: 'sent', response: result.sent.response };
  }

  private async whyNotClaimed(rowId: string): Promise<ProcessOutcome> {
    const row = await this.outbox.stateOf(rowId);
    if (row && row.state === 'pending' && !row.due) return { outcome: 'not_due', at: row.sendAfter };
    return { outcome: 'nothing' };
  }

  /** Whether the row still means something, read from the meeting as it stands now. */
  private async decide(message: MessageToSend, context: MeetingContext | null, recipient: RecipientContext | null, shared: ClaimShared): Promise<Decision> {
    if (message.meetingId && !context) return { send: false, state: 'obsolete', reason: 'the meeting no longer exists' };
    if (!RECIPIENT_KINDS.includes(message.kind)) return { send: true };
    const meeting = (context as MeetingContext).meeting;
    if (!recipient) return { send: false, state: 'obsolete', reason: 'the convocation no longer exists' };
    const payload = message.payload as unknown as CalendarPayload;
    const uninvite = message.kind === 'cancellation' && payload.uninvite === true;
    if (recipient.convocation.withdrawnAt && !uninvite) return { send: false, state: 'obsolete', reason: 'the recipient was withdrawn' };

    if (message.kind === 'reminder') {
      if (meeting.state !== 'scheduled') return { send: false, state: 'obsolete', reason: `the meeting is ${meeting.state}` };
      if (recipient.convocation.answer !== 'needs_action') return { send: false, state: 'obsolete', reason: 'the recipient has answered' };
      if (meeting.startsAt.getTime() <= this.clock.now().getTime()) return { send: false, state: 'obsolete', reason: 'the meeting has begun' };
      return { send: true };
    }
    if (message.kind !== 'cancellation' && meeting.state === 'cancelled') return { send: false, state: 'obsolete', reason: 'the meeting was cancelled' };
    // A message may carry a SEQUENCE above the meeting's (one recipient invited again after a
    // withdrawal); one below it was written before the meeting last changed.
    if (!uninvite && CALENDAR_KINDS.includes(message.kind) && (message.icalSequence ?? -1) < meeting.icalSequence) {
      return { send: false, state: 'obsolete', reason: `superseded: the meeting is at sequence ${meeting.icalSequence}, this message carries ${message.icalSequence}` };
    }
    // A substitute is convened at the member's request, after the notice the members were given; a
    // member who took a seat after the convocations left is convened however late (docs/convocations.md).
    if (message.kind === 'convocation' && recipient.convocation.role !== 'substitute' && !payload.lateJoiner) {
      shared.rulesAtSending ??= this.rulesAtSending(context as MeetingContext);
      return shared.rulesAtSending;
    }
    return { send: true };
  }

  /** The notice and the prerequisites, checked again as the convocation leaves. */
  private async rulesAtSending(context: MeetingContext): Promise<Decision> {
    const { meeting, committee, zone } = context;
    const terms = applicableNotice(noticeRuleOf(committee, meeting), meeting.urgencyReason, holidaysOfConvention(committee.convention));
    const notice = noticeRespected(this.clock.now(), meeting.startsAt, terms, zone);
    if (!notice.respected) {
      return {
        send: false,
        state: 'withheld',
        reason: notice.reason,
        withheld: { reason: 'notice', noticeDays: terms.days, dayKind: terms.dayKind, latestSendingDate: notice.latestSendingDate },
      };
    }
    if (committee.prerequisites.length === 0) return { send: true };
    const prerequisites = await this.documents.checkPrerequisites(meeting.id);
    if (!prerequisites.satisfied) {
      return {
        send: false,
        state: 'withheld',
        reason: `prerequisite documents missing from ${prerequisites.missing.map((item) => item.fromCommittee).join(', ')}`,
        withheld: { reason: 'prerequisites', missing: prerequisites.missing },
      };
    }
    return { send: true };
  }

  /** Obsolete or withheld: the row ends there; a withheld convocation is reported to the convener, once per version. */
  private async settle(message: MessageToSend, decision: Extract<Decision, { send: false }>, context: MeetingContext | null): Promise<ProcessOutcome> {
    const alerts = await this.dataSource.transaction(async (manager) => {
      await this.outbox.finish(manager, message, decision.state, decision.reason);
      if (decision.state !== 'withheld' || !context) return [];
      return writeConvenerAlert(
        manager,
        {
          kind: 'convocation_withheld',
          committee: context.committee,
          meetingId: context.meeting.id,
          convenedByPersonId: context.meeting.convenedByPersonId,
          day: localDateOf(this.clock.now(), context.zone),
          payload: { ...decision.withheld },
          dedupeKey: `withheld:${context.meeting.id}:${message.icalSequence}`,
          fallback: { email: context.sender.email, name: context.sender.name },
        },
        this.outbox,
      );
    });
    await this.queue.enqueueAfterCommit(alerts);
    if (decision.state === 'withheld') this.logger.warn(`Convocation ${message.id} withheld: ${decision.reason}`);
    return { outcome: decision.state, reason: decision.reason };
  }

  private async markSent(message: MessageToSend, sent: SentMail): Promise<void> {
    const response = oneLine(sent.response);
    // One statement: the answer and its attempt are recorded together or not at all.
    // Also from 'pending': the claim ran out while the server was answering and the reconciler put
    // the row back, but nobody has taken it yet; marking it now saves a second copy.
    // A sign-in link is a live credential: its digest is kept, not its bytes.
    // Answers that arrive while another is being recorded are recorded together (GroupedWrites).
    await this.sentRecords.record({ message, attempt: { at: this.clock.now(), smtpCode: replyCode(response), response, raw: sent.raw, keepRaw: message.kind !== 'sign_in_link' } });
  }

  private async retryLater(message: MessageToSend, failure: DeliveryFailure, attempted: boolean, context: MeetingContext | null): Promise<ProcessOutcome> {
    const { maxAttempts, retryBaseSeconds, retryMaxSeconds } = this.config.convocations;
    if (message.attempts >= maxAttempts) return this.fail(message, failure, attempted, context);
    const delay = retryDelaySeconds(message.attempts, retryBaseSeconds, retryMaxSeconds);
    const at = this.clock.now();
    const due = await this.dataSource.transaction(async (manager) => {
      const givenBack = await this.outbox.giveBack(manager, message, delay, failure.response);
      if (attempted) await this.outbox.recordAttempt(manager, message, { at, outcome: 'temporary_failure', smtpCode: failure.smtpCode, response: failure.response });
      return givenBack;
    });
    await this.queue.enqueueAfterCommit(due ? [due] : []);
    this.logger.warn(`Message ${message.id} (${message.kind}) not sent, retried in ${delay} s: ${failure.response}`);
    return { outcome: 'retry', at: due?.sendAfter ?? new Date(at.getTime() + delay * 1000) };
  }

  /** Failed for good: refused by the server, or too many temporary failures. The convener is told. */
  private async fail(message: MessageToSend, failure: DeliveryFailure, attempted: boolean, context: MeetingContext | null): Promise<ProcessOutcome> {
    const at = this.clock.now();
    const alerts = await this.dataSource.transaction(async (manager) => {
      await this.outbox.finish(manager, message, 'failed', failure.response);
      if (attempted) {
        const outcome = failure.kind === 'permanent' ? 'permanent_failure' : 'temporary_failure';
        await this.outbox.recordAttempt(manager, message, { at, outcome, smtpCode: failure.smtpCode, response: failure.response });
      }
      if (!RECIPIENT_KINDS.includes(message.kind) || !context) return [];
      const payload: DeliveryFailurePayload = {
        failedMessageId: message.id,
        failedKind: message.kind,
        recipientName: message.recipientName,
        recipientEmail: message.recipientEmail,
        response: failure.response,
        attempts: message.attempts,
        permanent: failure.kind === 'permanent',
      };
      return writeConvenerAlert(
        manager,
        {
          kind: 'delivery_failure',
          committee: context.committee,
          meetingId: context.meeting.id,
          convenedByPersonId: context.meeting.convenedByPersonId,
          day: localDateOf(at, context.zone),
          payload: { ...payload },
          dedupeKey: `failure:${message.id}`,
          fallback: { email: context.sender.email, name: context.sender.name },
        },
        this.outbox,
      );
    });
    await this.queue.enqueueAfterCommit(alerts);
    this.logger.warn(`Message ${message.id} (${message.kind}) to ${message.recipientEmail} failed: ${failure.response}`);
    return { outcome: 'failed', reason: failure.response };
  }
}
