import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError } from '../common/domain-error';
import { Committee } from '../committees/committee.entity';
import { Meeting } from '../meetings/meeting.entity';
import { zonedTime } from '../meetings/meeting-time';
import { applicableNotice, latestSendingDate, noticeRespected } from '../rules/notice.rule';
import { holidaysOfConvention } from '../rules/working-days.rule';
import { noticeRuleOf } from '../rules/reconvening.rule';
import { RecipientRole } from './convocation.entity';
import { AttemptOutcome } from './delivery-attempt.entity';
import { MessageKind, MessageState } from './outbound-message.entity';
import { OutboxRepository } from './outbox.repository';
import { registerCsv } from './register-csv';
import { RegisterResponse } from './dto/register.response';

interface RegisterRow {
  id: string;
  kind: MessageKind;
  ical_sequence: number | null;
  state: MessageState;
  message_id: string;
  send_after: Date;
  accepted_at: Date | null;
  sha256: string | null;
  server_response: string | null;
  attempts: number;
  last_error: string | null;
  uninvite: boolean;
  /** The start the message announced: the meeting may have moved since. */
  announced_start: string | null;
  convocation_id: string;
  full_name: string;
  email: string;
  role: RecipientRole;
}

interface AttemptRow {
  outbound_message_id: string;
  attempted_at: Date;
  outcome: AttemptOutcome;
  smtp_code: number | null;
  response: string | null;
}

export interface RegisterFile {
  filename: string;
  content: string;
}

/**
 * The proof of sending: for each message sent to a person convened, when the mail server accepted
 * it, its Message-ID, the server's answer and every attempt; for invitations and updates, whether
 * they left within the notice before the date they announced. Messages replaced before any attempt
 * are left out: nothing of them ever left.
 */
@Injectable()
export class RegisterService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxRepository,
  ) {}

  async register(meetingId: string): Promise<RegisterResponse> {
    const meeting = await this.dataSource.manager.findOneBy(Meeting, { id: meetingId });
    if (!meeting) throw DomainError.notFound('meeting', `id ${meetingId}`);
    const committee = (await this.dataSource.manager.findOne(Committee, { where: { id: meeting.committeeId }, relations: { convention: true } })) as Committee;
    const zone = committee.convention.timeZone;
    const terms = applicableNotice(noticeRuleOf(committee, meeting), meeting.urgencyReason, holidaysOfConvention(committee.convention));
    const rows: RegisterRow[] = await this.dataSource.query(
      `SELECT m.id, m.kind, m.ical_sequence, m.state, m.message_id, m.send_after, m.accepted_at, m.server_response, m.attempts,
              (SELECT a.raw_message_sha256 FROM delivery_attempts a
                WHERE a.outbound_message_id = m.id AND a.outcome = 'accepted' AND a.raw_message_sha256 IS NOT NULL
                ORDER BY a.attempted_at DESC, a.id DESC LIMIT 1) AS sha256,
              m.last_error, coalesce((m.payload ->> 'uninvite')::boolean, false) AS uninvite, m.payload -> 'snapshot' ->> 'start' AS announced_start,
              c.id AS convocation_id, c.full_name, c.email, c.role
         FROM outbound_messages m JOIN convocations c ON c.id = m.convocation_id
        WHERE m.meeting_id = $1 AND NOT (m.state = 'obsolete' AND m.attempts = 0)
        ORDER BY c.full_name, c.id, m.created_at, m.id`,
      [meetingId],
    );
    const attempts: AttemptRow[] = await this.dataSource.query(
      `SELECT a.outbound_message_id, a.attempted_at, a.outcome, a.smtp_code, a.response
         FROM delivery_attempts a JOIN outbound_messages m ON m.id = a.outbound_message_id
        WHERE m.meeting_id = $1 ORDER BY a.attempted_at, a.id`,
      [meetingId],
    );
    return {
      meetingId,
      committee: committee.name,
      start: zonedTime(meeting.startsAt, zone),
      notice: { days: terms.days, dayKind: terms.dayKind, text: committee.notice.text, latestSendingDate: latestSendingDate(meeting.startsAt, terms, zone) },
      entries: rows.map((row) => ({
        recipient: { convocationId: row.convocation_id, fullName: row.full_name, email: row.email, role: row.role },
        id: row.id,
        kind: row.kind,
        withdrawal: row.uninvite,
        sequence: row.ical_sequence,
        state: row.state,
        messageId: row.message_id,
        sendAfter: zonedTime(row.send_after, zone),
        acceptedAt: row.accepted_at ? zonedTime(row.accepted_at, zone) : null,
        sha256: row.sha256,
        messageUrl: row.sha256 ? `/meetings/${meetingId}/register/messages/${row.id}.eml` : null,
        serverResponse: row.server_response,
        attempts: row.attempts,
        lastError: row.last_error,
        noticeRespected:
          (row.kind === 'convocation' || row.kind === 'update') && row.accepted_at
            ? noticeRespected(row.accepted_at, new Date(row.announced_start ?? meeting.startsAt), terms, zone).respected
            : null,
        attemptLog: attempts
          .filter((attempt) => attempt.outbound_message_id === row.id)
          .map((attempt) => ({ at: zonedTime(attempt.attempted_at, zone), outcome: attempt.outcome, smtpCode: attempt.smtp_code, response: attempt.response })),
      })),
    };
  }

  /** The message exactly as the mail server accepted it, as an .eml file. */
  async acceptedMessage(meetingId: string, messageId: string): Promise<{ filename: string; content: Buffer; sha256: string }> {
    const found = await this.outbox.acceptedMessage(meetingId, messageId);
    if (!found) throw new DomainError('not_found', 'sent_message_not_found', `Meeting ${meetingId} has no message ${messageId} accepted by the mail server`, { messageId });
    return { filename: `message-${messageId}.eml`, content: found.raw, sha256: found.sha256 };
  }

  async registerCsv(meetingId: string): Promise<RegisterFile> {
    const register = await this.register(meetingId);
    const zone = register.start.timeZone;
    const content = registerCsv(
      register.entries.map((entry) => ({
        fullName: entry.recipient.fullName,
        email: entry.recipient.email,
        role: entry.recipient.role,
        kind: entry.kind,
        withdrawal: entry.withdrawal,
        sequence: entry.sequence,
        state: entry.state,
        acceptedAt: entry.acceptedAt ? new Date(entry.acceptedAt.utc) : null,
        messageId: entry.messageId,
        serverResponse: entry.serverResponse,
        attempts: entry.attempts,
        noticeRespected: entry.noticeRespected,
      })),
      zone,
    );
    return { filename: `registre-envois-${register.start.local.slice(0, 10)}-${meetingId.slice(0, 8)}.csv`, content };
  }
}
