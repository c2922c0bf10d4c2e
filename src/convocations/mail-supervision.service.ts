import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AccessPolicy, Subject } from '../auth';
import { DomainError } from '../common/domain-error';
import { OutboxQueue } from '../queue/outbox-queue';
import { Convocation } from './convocation.entity';
import { MessageKind } from './outbound-message.entity';
import { OutboxRepository } from './outbox.repository';

/** retrying: a temporary failure, to be tried again at nextTry. */
export type SupervisedState = 'failed' | 'withheld' | 'retrying';
export const SUPERVISED_STATES: readonly SupervisedState[] = ['failed', 'withheld', 'retrying'];
export const SUPERVISION_PAGE_SIZE = 50;

export interface SupervisedMessage {
  id: string;
  kind: MessageKind;
  state: SupervisedState;
  recipientName: string;
  recipientEmail: string;
  /** The address copil holds for the person today (corrected since, or the same). */
  currentEmail: string | null;
  personId: string | null;
  attempts: number;
  /** Why it failed or was withheld, as recorded (the server's answer for a failure). */
  lastError: string | null;
  /** The mail server's last answer, with its SMTP code, when it answered at all. */
  serverAnswer: { code: number | null; text: string } | null;
  nextTry: Date | null;
  updatedAt: Date;
  meeting: { id: string; startsAt: Date; endsAt: Date; timeZone: string; committeeName: string } | null;
  /** A failure may be sent again by who convenes its meeting. */
  resendable: boolean;
}

export interface SupervisionPage {
  items: SupervisedMessage[];
  total: number;
  page: number;
  pageSize: number;
}

interface Row {
  id: string;
  kind: MessageKind;
  state: 'failed' | 'withheld' | 'pending';
  recipient_name: string;
  recipient_email: string;
  current_email: string | null;
  person_id: string | null;
  attempts: number;
  last_error: string | null;
  answer_code: number | null;
  answer_text: string | null;
  send_after: Date;
  updated_at: Date;
  meeting_id: string | null;
  starts_at: Date | null;
  ends_at: Date | null;
  time_zone: string | null;
  committee_id: string | null;
  committee_name: string | null;
  convention_id: string | null;
  total: string;
}

/**
 * A failure stays on the list until a later message of the same kind leaves for the same
 * convocation; a sign-in link's, until a later link to the same address was sent (the person got in).
 */
const UNRESOLVED = `NOT (m.state = 'failed' AND m.convocation_id IS NOT NULL AND EXISTS (
  SELECT 1 FROM outbound_messages n WHERE n.convocation_id = m.convocation_id AND n.kind = m.kind AND n.created_at > m.created_at))
  AND NOT (m.state = 'failed' AND m.kind = 'sign_in_link' AND EXISTS (
  SELECT 1 FROM outbound_messages n WHERE n.kind = 'sign_in_link' AND n.recipient_email = m.recipient_email AND n.state = 'sent' AND n.created_at > m.created_at))`;

/**
 * Mail supervision: the messages that did not leave (failed for good, withheld by the rules when
 * their time came, or waiting to be tried again after a temporary failure), within the conventions
 * one keeps the secretariat of; and a failure sent again, to the person's address as corrected.
 *
 * Sign-in links are about no convention: only who keeps every convention sees them fail (an
 * account whose mailbox refuses copil cannot sign in, and nobody else would know). They are never
 * sent again from here — a link is made when it leaves, for whoever asked then; the person asks
 * for a new one — and they leave the list with the daily purge of sign-in rows (SignInPurgeJob).
 */
@Injectable()
export class MailSupervisionService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly policy: AccessPolicy,
    private readonly outbox: OutboxRepository,
    private readonly queue: OutboxQueue,
  ) {}

  async list(subject: Subject, state: SupervisedState | null, page: number, pageSize = SUPERVISION_PAGE_SIZE): Promise<SupervisionPage> {
    const managed = this.policy.managedConventions(subject);
    const rows: Row[] = await this.dataSource.query(
      `SELECT m.id, m.kind, m.state, m.recipient_name, m.recipient_email, p.email AS current_email, c.person_id, m.attempts, m.last_error,
              a.smtp_code AS answer_code, a.response AS answer_text, m.send_after, m.updated_at,
              mt.id AS meeting_id, mt.starts_at, mt.ends_at, conv.time_zone, k.id AS committee_id, k.name AS committee_name, k.convention_id,
              count(*) OVER () AS total
         FROM outbound_messages m
         LEFT JOIN convocations c ON c.id = m.convocation_id
         LEFT JOIN people p ON p.id = c.person_id
         LEFT JOIN meetings mt ON mt.id = m.meeting_id
         LEFT JOIN committees k ON k.id = mt.committee_id
         LEFT JOIN conventions conv ON conv.id = k.convention_id
         LEFT JOIN LATERAL (SELECT smtp_code, response FROM delivery_attempts d WHERE d.outbound_message_id = m.id ORDER BY d.attempted_at DESC, d.id DESC LIMIT 1) a ON true
        WHERE (m.state IN ('failed', 'withheld') OR (m.state = 'pending' AND m.attempts > 0))
          AND (${this.scopeSql(managed)})
          AND ($2::text IS NULL OR ($2 = 'retrying' AND m.state = 'pending') OR m.state = $2)
          AND ${UNRESOLVED}
        ORDER BY m.updated_at DESC, m.id
        LIMIT $3 OFFSET $4`,
      [managed === 'all' ? [] : managed, state, pageSize, (page - 1) * pageSize],
    );
    return { items: rows.map((row) => this.toMessage(subject, row)), total: rows.length ? Number(rows[0].total) : 0, page, pageSize };
  }

  /**
   * Sends a failed message again, as a new row of the outbox: to the address the person has now
   * (their convocation takes it too, so that their calendar's answer matches). The failure stays in
   * the register as it happened.
   */
  async resend(subject: Subject, messageId: string): Promise<{ to: string }> {
    const written = await this.dataSource.transaction(async (manager) => {
      const [row]: Array<Row & { convocation_id: string | null; ical_sequence: number | null; payload: Record<string, unknown>; resent: boolean }> = await manager.query(
        `SELECT m.*, p.email AS current_email, c.person_id, mt.id AS meeting_id, k.id AS committee_id, k.convention_id, NOT ${UNRESOLVED} AS resent
           FROM outbound_messages m
           LEFT JOIN convocations c ON c.id = m.convocation_id
           LEFT JOIN people p ON p.id = c.person_id
           LEFT JOIN meetings mt ON mt.id = m.meeting_id
           LEFT JOIN committees k ON k.id = mt.committee_id
          WHERE m.id = $1 AND (${this.scopeSql(this.policy.managedConventions(subject), '$2')})
          FOR UPDATE OF m`,
        [messageId, this.scopeIds(subject)],
      );
      if (!row) throw DomainError.notFound('outbound_message', `id ${messageId}`);
      if (row.kind === 'sign_in_link') {
        throw DomainError.conflict('message_not_resendable', `Message ${messageId} is a sign-in link: the person asks for a new one at sign-in`);
      }
      if (!this.mayResend(subject, row)) throw new DomainError('forbidden', 'resend_not_allowed', 'Only who convenes the meeting may send its messages again');
      if (row.state !== 'failed' || row.resent) {
        throw DomainError.conflict('message_not_failed', `Message ${messageId} is ${row.state}${row.resent ? ' and was sent again already' : ''}: only a failure is sent again`);
      }
      const to = row.current_email ?? row.recipient_email;
      if (row.convocation_id && row.current_email) await manager.update(Convocation, { id: row.convocation_id }, { email: to });
      const due = await this.outbox.write(manager, [
        {
          kind: row.kind,
          meetingId: row.meeting_id,
          convocationId: row.convocation_id,
          recipientEmail: to,
          recipientName: row.recipient_name,
          icalSequence: row.ical_sequence,
          payload: row.payload,
          sendAfter: null,
        },
      ]);
      return { due, to };
    });
    await this.queue.enqueueAfterCommit(written.due);
    return { to: written.to };
  }

  private scopeIds(subject: Subject): string[] {
    const managed = this.policy.managedConventions(subject);
    return managed === 'all' ? [] : managed;
  }

  /** Who keeps every convention sees every message, those about no meeting too; a secretariat, its conventions'. */
  private scopeSql(managed: 'all' | readonly string[], parameter = '$1'): string {
    // The ids are sent either way: a parameter the text never names has no type, and PostgreSQL refuses the query.
    return managed === 'all' ? `${parameter}::uuid[] IS NOT NULL` : `k.convention_id = ANY(${parameter}::uuid[])`;
  }

  private mayResend(subject: Subject, row: Pick<Row, 'convention_id' | 'committee_id' | 'meeting_id'>): boolean {
    if (!row.meeting_id) return this.policy.managedConventions(subject) === 'all';
    return this.policy.decide(subject, 'meeting.convene', { conventionId: row.convention_id, committeeId: row.committee_id, meetingId: row.meeting_id }).allowed;
  }

  private toMessage(subject: Subject, row: Row): SupervisedMessage {
    const state: SupervisedState = row.state === 'pending' ? 'retrying' : row.state;
    return {
      id: row.id,
      kind: row.kind,
      state,
      recipientName: row.recipient_name,
      recipientEmail: row.recipient_email,
      currentEmail: row.current_email,
      personId: row.person_id,
      attempts: row.attempts,
      lastError: row.last_error,
      serverAnswer: row.answer_text ? { code: row.answer_code, text: row.answer_text } : null,
      nextTry: state === 'retrying' ? row.send_after : null,
      updatedAt: row.updated_at,
      meeting:
        row.meeting_id && row.starts_at && row.ends_at && row.time_zone && row.committee_name
          ? { id: row.meeting_id, startsAt: row.starts_at, endsAt: row.ends_at, timeZone: row.time_zone, committeeName: row.committee_name }
          : null,
      resendable: state === 'failed' && row.kind !== 'sign_in_link' && this.mayResend(subject, row),
    };
  }
}
