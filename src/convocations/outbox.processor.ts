import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../config/config.module';
import { AppConfig } from '../config/app-config';
import { DomainError } from '../common/domain-error';
import { MailTransport, SentMail } from '../mail/mail-transport';
import { Clock } from '../common/clock';
import { MeetingDocumentsService } from '../meetings/meeting-documents.service';
import { localDateOf } from '../rules/local-date';
import { applicableNotice, noticeRespected } from '../rules/notice.rule';
import { OutboxQueue } from '../queue/outbox-queue';
import { writeConvenerAlert } from './convener-alerts';
import { CalendarPayload } from './convocation-rows';
import { DeliveryFailure, classifyDeliveryError, oneLine, replyCode, retryDelaySeconds } from './delivery-outcome';
import { ContextAgendaItem, ContextCommittee, ContextDocument, ContextMeeting, ContextParty, MeetingContext, meetingContext } from './meeting-context';
import { DeliveryFailurePayload, MessageComposer, MessageToSend, RecipientContext, WithheldPayload } from './message-composer';
import { CALENDAR_KINDS, MessageKind } from './outbound-message.entity';
import { Answer, RecipientRole } from './convocation.entity';
import { MeetingKind, MeetingState } from '../meetings/meeting.entity';
import { messageIdDomainOf } from './outbox-writer';
import { rowsOf } from './sql-rows';

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

interface Claimed {
  message: MessageToSend;
  context: MeetingContext | null;
  recipient: RecipientContext | null;
}

type Decision = { send: true } | { send: false; state: 'obsolete' | 'withheld'; reason: string; withheld?: WithheldPayload };

/**
 * Sends one outbox row: claims it atomically (one worker only), re-reads what it is about, skips it
 * if obsolete, withholds a convocation the rules no longer let leave, otherwise hands it to the
 * mail server and records the answer. See docs/convocations.md for the guarantee.
 */
@Injectable()
export class OutboxProcessor {
  private readonly logger = new Logger('OutboxProcessor');
  private readonly messageIdDomain: string;

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly composer: MessageComposer,
    private readonly transport: MailTransport,
    private readonly documents: MeetingDocumentsService,
    private readonly queue: OutboxQueue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.messageIdDomain = messageIdDomainOf(config.publicBaseUrl);
  }

  async process(rowId: string): Promise<ProcessOutcome> {
    const claimed = await this.claim(rowId);
    if (!claimed) return this.whyNotClaimed(rowId);
    const { message, context, recipient } = claimed;
    try {
      const decision = await this.decide(message, context, recipient);
      if (!decision.send) return await this.settle(message, decision, context);
    } catch (error) {
      // The database or a bug, not the mail server: the row goes back to wait, as after a temporary failure.
      return this.retryLater(message, { kind: 'temporary', smtpCode: null, response: `not sent: ${oneLine(String(error instanceof Error ? error.message : error))}` }, false, context);
    }

    let mail;
    try {
      mail = this.composer.compose(message, context, recipient, this.clock.now());
    } catch (error) {
      // Input the calendar or the templates refuse (an address an iCalendar reader cannot take):
      // the same row would be refused again.
      const reason = error instanceof DomainError ? `${error.message}: ${JSON.stringify(error.details)}` : String(error instanceof Error ? error.message : error);
      return this.fail(message, { kind: 'permanent', smtpCode: null, response: `not composed: ${oneLine(reason)}` }, false, context);
    }

    let sent: SentMail;
    try {
      sent = await this.transport.send(mail);
    } catch (error) {
      const failure = classifyDeliveryError(error);
      return failure.kind === 'permanent' ? this.fail(message, failure, true, context) : this.retryLater(message, failure, true, context);
    }
    await this.markSent(message, sent);
    return { outcome: 'sent', response: sent.response };
  }

  /**
   * Takes the row if it is due and nobody holds it (each claim counts as one attempt), and reads in
   * the same statement everything the message says: the meeting as it stands, its committee,
   * convention, signatories, agenda and documents, the recipient's convocation. One round trip per
   * message: the outbox is sent at the pace of the mail server, not of the database.
   */
  private async claim(rowId: string): Promise<Claimed | null> {
    const [row]: ClaimRow[] = await this.dataSource.query(CLAIM_SQL, [rowId, this.config.convocations.sendLockSeconds]);
    if (!row) return null;
    const message: MessageToSend = {
      id: row.id,
      kind: row.kind,
      meetingId: row.meeting_id,
      convocationId: row.convocation_id,
      recipientEmail: row.recipient_email,
      recipientName: row.recipient_name,
      icalSequence: row.ical_sequence,
      payload: row.payload,
      messageId: row.message_id,
      attempts: row.attempts,
    };
    return { message, context: contextOf(row, this.config), recipient: recipientOf(row) };
  }

  private async whyNotClaimed(rowId: string): Promise<ProcessOutcome> {
    const [row]: Array<{ state: string; send_after: Date; due: boolean }> = await this.dataSource.query(
      `SELECT state, send_after, send_after <= now() AS due FROM outbound_messages WHERE id = $1`,
      [rowId],
    );
    if (row && row.state === 'pending' && !row.due) return { outcome: 'not_due', at: row.send_after };
    return { outcome: 'nothing' };
  }

  /** Whether the row still means something, read from the meeting as it stands now. */
  private async decide(message: MessageToSend, context: MeetingContext | null, recipient: RecipientContext | null): Promise<Decision> {
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
    if (!uninvite && CALENDAR_KINDS.includes(message.kind) && message.icalSequence !== meeting.icalSequence) {
      return { send: false, state: 'obsolete', reason: `superseded: the meeting is at sequence ${meeting.icalSequence}, this message carries ${message.icalSequence}` };
    }
    // A substitute is convened at the member's request, after the notice the members were given.
    if (message.kind === 'convocation' && recipient.convocation.role !== 'substitute') return this.rulesAtSending(context as MeetingContext);
    return { send: true };
  }

  /** The notice and the prerequisites, checked again as the convocation leaves. */
  private async rulesAtSending(context: MeetingContext): Promise<Decision> {
    const { meeting, committee, zone } = context;
    const terms = applicableNotice(committee.notice, meeting.urgencyReason);
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
      await manager.query(
        `UPDATE outbound_messages SET state = $2, last_error = $3, locked_until = NULL, updated_at = now() WHERE id = $1 AND attempts = $4 AND state = 'sending'`,
        [message.id, decision.state, decision.reason, message.attempts],
      );
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
        this.messageIdDomain,
      );
    });
    await this.queue.enqueueAfterCommit(alerts);
    if (decision.state === 'withheld') this.logger.warn(`Convocation ${message.id} withheld: ${decision.reason}`);
    return { outcome: decision.state, reason: decision.reason };
  }

  private async markSent(message: MessageToSend, sent: SentMail): Promise<void> {
    const response = oneLine(sent.response);
    // One statement, so one round trip: the answer and its attempt are recorded together or not at all.
    // Also from 'pending': the claim ran out while the server was answering and the reconciler put
    // the row back, but nobody has taken it yet; marking it now saves a second copy.
    await this.dataSource.query(
      `WITH marked AS (
         UPDATE outbound_messages
            SET state = 'sent', accepted_at = $2, server_response = $3, locked_until = NULL, last_error = NULL, updated_at = now()
          WHERE id = $1 AND attempts = $4 AND state IN ('sending', 'pending'))
       INSERT INTO delivery_attempts (outbound_message_id, attempted_at, outcome, smtp_code, response, message_id)
       VALUES ($1, $2, 'accepted', $5, $3, $6)`,
      [message.id, this.clock.now(), response, message.attempts, replyCode(response), message.messageId],
    );
  }

  private async retryLater(message: MessageToSend, failure: DeliveryFailure, attempted: boolean, context: MeetingContext | null): Promise<ProcessOutcome> {
    const { maxAttempts, retryBaseSeconds, retryMaxSeconds } = this.config.convocations;
    if (message.attempts >= maxAttempts) return this.fail(message, failure, attempted, context);
    const delay = retryDelaySeconds(message.attempts, retryBaseSeconds, retryMaxSeconds);
    const at = this.clock.now();
    const rows = await this.dataSource.transaction(async (manager) => {
      const updated: Array<{ id: string; attempts: number; send_after: Date }> = rowsOf(
        await manager.query(
          `UPDATE outbound_messages
              SET state = 'pending', send_after = now() + make_interval(secs => $2), locked_until = NULL, last_error = $3, updated_at = now()
            WHERE id = $1 AND attempts = $4 AND state = 'sending'
            RETURNING id, attempts, send_after`,
          [message.id, delay, failure.response, message.attempts],
        ),
      );
      if (attempted) await this.recordAttempt(manager, message, at, 'temporary_failure', failure.smtpCode, failure.response);
      return updated;
    });
    await this.queue.enqueueAfterCommit(rows.map((row) => ({ id: row.id, attempts: row.attempts, sendAfter: row.send_after })));
    this.logger.warn(`Message ${message.id} (${message.kind}) not sent, retried in ${delay} s: ${failure.response}`);
    return { outcome: 'retry', at: rows[0]?.send_after ?? new Date(this.clock.now().getTime() + delay * 1000) };
  }

  /** Failed for good: refused by the server, or too many temporary failures. The convener is told. */
  private async fail(message: MessageToSend, failure: DeliveryFailure, attempted: boolean, context: MeetingContext | null): Promise<ProcessOutcome> {
    const at = this.clock.now();
    const alerts = await this.dataSource.transaction(async (manager) => {
      await manager.query(
        `UPDATE outbound_messages SET state = 'failed', locked_until = NULL, last_error = $2, updated_at = now()
          WHERE id = $1 AND attempts = $3 AND state = 'sending'`,
        [message.id, failure.response, message.attempts],
      );
      if (attempted) {
        await this.recordAttempt(manager, message, at, failure.kind === 'permanent' ? 'permanent_failure' : 'temporary_failure', failure.smtpCode, failure.response);
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
        this.messageIdDomain,
      );
    });
    await this.queue.enqueueAfterCommit(alerts);
    this.logger.warn(`Message ${message.id} (${message.kind}) to ${message.recipientEmail} failed: ${failure.response}`);
    return { outcome: 'failed', reason: failure.response };
  }

  private async recordAttempt(
    manager: DataSource['manager'],
    message: MessageToSend,
    at: Date,
    outcome: 'accepted' | 'temporary_failure' | 'permanent_failure',
    smtpCode: number | null,
    response: string,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO delivery_attempts (outbound_message_id, attempted_at, outcome, smtp_code, response, message_id) VALUES ($1, $2, $3, $4, $5, $6)`,
      [message.id, at, outcome, smtpCode, response, message.messageId],
    );
  }
}

const CLAIM_SQL = `
WITH claimed AS (
  UPDATE outbound_messages
     SET state = 'sending', attempts = attempts + 1, locked_until = now() + make_interval(secs => $2), updated_at = now()
   WHERE id = $1 AND state = 'pending' AND send_after <= now()
  RETURNING id, kind, meeting_id, convocation_id, recipient_email, recipient_name, ical_sequence, payload, message_id, attempts
)
SELECT claimed.*,
       to_jsonb(m) AS meeting,
       jsonb_build_object('id', c.id, 'convention_id', c.convention_id, 'key', c.key, 'name', c.name, 'notice_days', c.notice_days,
                          'notice_day_kind', c.notice_day_kind, 'notice_text', c.notice_text, 'notice_urgent_days', c.notice_urgent_days, 'conveners', c.conveners,
                          'prerequisites', c.prerequisites, 'convention_title', v.title, 'time_zone', v.time_zone) AS committee,
       (SELECT coalesce(jsonb_agg(jsonb_build_object('id', p.id, 'key', p.key, 'kind', p.kind, 'name', p.name, 'email', p.email) ORDER BY p.position), '[]')
          FROM parties p WHERE p.convention_id = c.convention_id) AS parties,
       (SELECT coalesce(jsonb_agg(jsonb_build_object('title', a.title, 'description', a.description, 'presenter', a.presenter, 'documents', a.documents)
                                  ORDER BY a.position), '[]')
          FROM agenda_items a WHERE a.meeting_id = m.id) AS agenda,
       (SELECT coalesce(jsonb_agg(jsonb_build_object('kind', d.kind, 'from_committee', d.from_committee, 'title', d.title, 'url', d.url)
                                  ORDER BY d.attached_at, d.id), '[]')
          FROM meeting_documents d WHERE d.meeting_id = m.id AND d.kind IN ('prerequisite', 'other')) AS documents,
       CASE WHEN cv.id IS NULL THEN NULL ELSE
         jsonb_build_object('id', cv.id, 'role', cv.role, 'full_name', cv.full_name, 'email', cv.email, 'answer', cv.answer, 'withdrawn_at', cv.withdrawn_at)
       END AS convocation,
       substitute.full_name AS substitute_name,
       member.full_name AS stands_in_for_name
  FROM claimed
  LEFT JOIN meetings m ON m.id = claimed.meeting_id
  LEFT JOIN committees c ON c.id = m.committee_id
  LEFT JOIN conventions v ON v.id = c.convention_id
  LEFT JOIN convocations cv ON cv.id = claimed.convocation_id
  LEFT JOIN memberships membership ON membership.id = cv.membership_id AND cv.role = 'member'
  LEFT JOIN people substitute ON substitute.id = membership.substitute_id
  LEFT JOIN convocations member ON member.id = cv.stands_in_for_id`;

type Json = Record<string, unknown>;

interface ClaimRow {
  id: string;
  kind: MessageKind;
  meeting_id: string | null;
  convocation_id: string | null;
  recipient_email: string;
  recipient_name: string;
  ical_sequence: number | null;
  payload: Record<string, unknown>;
  message_id: string;
  attempts: number;
  meeting: Json | null;
  committee: Json | null;
  parties: Json[] | null;
  agenda: Json[] | null;
  documents: Json[] | null;
  convocation: Json | null;
  substitute_name: string | null;
  stands_in_for_name: string | null;
}

const date = (value: unknown): Date => new Date(value as string);
const dateOrNull = (value: unknown): Date | null => (value === null || value === undefined ? null : date(value));

/** The meeting as the claim read it (jsonb of the rows, snake_case), or null for a message about no meeting. */
function contextOf(row: ClaimRow, config: AppConfig): MeetingContext | null {
  if (!row.meeting || !row.committee) return null;
  const m = row.meeting;
  const c = row.committee;
  const meeting: ContextMeeting = {
    id: m.id as string,
    committeeId: m.committee_id as string,
    kind: m.kind as MeetingKind,
    state: m.state as MeetingState,
    title: m.title as string | null,
    startsAt: date(m.starts_at),
    endsAt: date(m.ends_at),
    location: m.location as string | null,
    videoUrl: m.video_url as string | null,
    icalUid: m.ical_uid as string,
    icalSequence: m.ical_sequence as number,
    cancellationReason: m.cancellation_reason as string | null,
    convenedByPersonId: m.convened_by_person_id as string | null,
    convenerPartyId: m.convener_party_id as string | null,
    urgencyReason: (m.urgency_reason ?? null) as string | null,
  };
  const committee: ContextCommittee = {
    id: c.id as string,
    conventionId: c.convention_id as string,
    key: c.key as string,
    name: c.name as string,
    notice: {
      days: c.notice_days as number,
      dayKind: c.notice_day_kind as ContextCommittee['notice']['dayKind'],
      urgentDays: c.notice_urgent_days as number | null,
      text: c.notice_text as string | null,
    },
    conveners: c.conveners as ContextCommittee['conveners'],
    prerequisites: c.prerequisites as ContextCommittee['prerequisites'],
    convention: { title: c.convention_title as string, timeZone: c.time_zone as string },
  };
  const parties = (row.parties ?? []).map((p): ContextParty => ({ id: p.id as string, key: p.key as string, kind: p.kind as ContextParty['kind'], name: p.name as string, email: p.email as string | null }));
  const agenda = (row.agenda ?? []) as unknown as ContextAgendaItem[];
  const documents = (row.documents ?? []).map((d): ContextDocument => ({
    kind: d.kind as ContextDocument['kind'],
    fromCommittee: d.from_committee as string | null,
    title: d.title as string,
    url: d.url as string,
  }));
  return meetingContext({ meeting, committee, parties, agenda, documents }, config);
}

function recipientOf(row: ClaimRow): RecipientContext | null {
  const c = row.convocation;
  if (!c) return null;
  return {
    convocation: {
      id: c.id as string,
      role: c.role as RecipientRole,
      fullName: c.full_name as string,
      email: c.email as string,
      answer: c.answer as Answer,
      withdrawnAt: dateOrNull(c.withdrawn_at),
    },
    substituteName: row.substitute_name,
    standsInForName: row.stands_in_for_name,
  };
}
