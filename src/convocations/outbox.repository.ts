import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG } from '../config/config.module';
import { AppConfig } from '../config/app-config';
import type { DueMessage } from '../queue/outbox-queue';
import type { AttemptOutcome } from './delivery-attempt.entity';
import type { Convocation } from './convocation.entity';
import type { MeetingContext } from './meeting-context';
import { Json, contextFromJson, meetingContextSql, recipientFromJson, recipientSql } from './meeting-reader';
import type { MeetingSnapshot } from './meeting-snapshot';
import type { MessageToSend, RecipientContext } from './message-composer';
import type { MessageKind, MessageState } from './outbound-message.entity';
import { queryPrepared } from '../database/prepared';

/** An outbox row to write, in the transaction of the decision it carries out. */
export interface NewMessage {
  kind: MessageKind;
  meetingId: string | null;
  convocationId: string | null;
  recipientEmail: string;
  recipientName: string;
  icalSequence: number | null;
  payload: Record<string, unknown>;
  /** When it may leave; null: now, by the database's clock (the one claims are compared with). */
  sendAfter: Date | null;
  /** Alerts and reminders that must go once: a row with the same key already written wins. */
  dedupeKey?: string | null;
}

/** A convocation convening writes (its id chosen beforehand, so its invitation can name it in the same statement). */
export type NewConvocation = Pick<Convocation, 'id' | 'personId' | 'membershipId' | 'role' | 'standsInForId' | 'email' | 'fullName'>;

/** What the database gave a new convocation. */
export type WrittenConvocation = Pick<Convocation, 'id' | 'answer' | 'createdAt' | 'updatedAt'>;

/** A row a worker holds: the message, and what it is about as the claim read it. */
export interface ClaimedMessage {
  message: MessageToSend;
  context: MeetingContext | null;
  recipient: RecipientContext | null;
}

/** Rows of one meeting a worker holds, and the meeting as the claim read it (once for all). */
export interface ClaimedBatch {
  context: MeetingContext | null;
  messages: ClaimedMessage[];
}

/** An accepted message to record: the row at its attempt, and the server's answer. */
export interface SentEntry {
  message: Pick<MessageToSend, 'id' | 'attempts' | 'messageId'>;
  attempt: Omit<AttemptRecord, 'outcome'> & { raw: Buffer; keepRaw?: boolean };
}

/** What a recipient last received (or may have: a message being sent counts). */
export interface Delivered {
  snapshot: MeetingSnapshot;
  sequence: number;
}

export interface Obsoleted {
  convocationId: string;
  kind: string;
  sendAfter: Date;
  /** The row convened someone who joined after the meeting was convened. */
  lateJoiner: boolean;
}

/** An attempt that reached the mail server (or a file), for the register. */
export interface AttemptRecord {
  at: Date;
  outcome: AttemptOutcome;
  smtpCode: number | null;
  response: string;
}

const COLUMNS = [
  'id',
  'kind',
  'meeting_id',
  'convocation_id',
  'recipient_email',
  'recipient_name',
  'ical_sequence',
  'payload',
  'send_after',
  'message_id',
  'dedupe_key',
] as const;

/**
 * The INSERT of outbox rows given as one array per column, from the parameter `$first` on (without
 * RETURNING): one text whatever the number of rows, so that it is prepared once per connection.
 * A row whose dedupe key exists is skipped; a null send_after is now, by the database's clock.
 */
function insertMessagesSql(first: number): string {
  const types = ['uuid', 'text', 'uuid', 'uuid', 'text', 'text', 'int', 'text', 'timestamptz', 'text', 'text'];
  const arrays = COLUMNS.map((_, index) => `$${first + index}::${types[index]}[]`).join(', ');
  const values = COLUMNS.map((name) => (name === 'payload' ? 'r.payload::jsonb' : name === 'send_after' ? 'coalesce(r.send_after, now())' : `r.${name}`));
  return `INSERT INTO outbound_messages (${COLUMNS.join(', ')})
   SELECT ${values.join(', ')} FROM unnest(${arrays}) AS r(${COLUMNS.join(', ')})
   ON CONFLICT DO NOTHING`;
}

const INSERT_MESSAGES_SQL = `${insertMessagesSql(1)} RETURNING id, attempts, send_after, meeting_id`;

/** Convening's statement (see `writeConvening`): $1–$4 the meeting, $5–$11 the convocations, from $12 the invitations. */
const WRITE_CONVENING_SQL = `WITH meeting AS (
   UPDATE meetings SET convened_at = $2, convened_by_person_id = $3, convener_party_id = $4, version = version + 1, updated_at = now()
    WHERE id = $1 RETURNING id
 ), convocation AS (
   INSERT INTO convocations (id, meeting_id, person_id, membership_id, role, stands_in_for_id, email, full_name)
   SELECT c.id, $1, c.person_id, c.membership_id, c.role, c.stands_in_for_id, c.email, c.full_name
     FROM unnest($5::uuid[], $6::uuid[], $7::uuid[], $8::text[], $9::uuid[], $10::text[], $11::text[])
       AS c(id, person_id, membership_id, role, stands_in_for_id, email, full_name)
   RETURNING id, answer, created_at, updated_at
 ), message AS (
   ${insertMessagesSql(12)}
   RETURNING id, attempts, send_after, meeting_id
 )
 SELECT (SELECT coalesce(jsonb_agg(to_jsonb(convocation)), '[]') FROM convocation) AS convocations,
        (SELECT coalesce(jsonb_agg(to_jsonb(message)), '[]') FROM message) AS messages,
        (SELECT count(*) FROM meeting) AS meetings`;

/**
 * The SQL of the outbox, in one place: writing rows with the decision, claiming one (one worker
 * only), holding the claim while sending, recording the mail server's answer, giving a row back
 * to wait, and what the reconciler and the change logic read. Every method that belongs to a
 * decision takes the caller's transaction; the sending side runs on its own.
 * See docs/convocations.md ("The guarantee") for why each statement is written as it is.
 */
@Injectable()
export class OutboxRepository {
  /** The host part of Message-IDs. */
  readonly messageIdDomain: string;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.messageIdDomain = messageIdDomainOf(config.publicBaseUrl);
  }

  // Writing, in the decision's transaction.

  /** Writes the rows and returns those actually written (a row whose dedupe key exists is skipped), for the queue after the commit. */
  async write(manager: EntityManager, messages: readonly NewMessage[]): Promise<DueMessage[]> {
    if (messages.length === 0) return [];
    const rows = await queryPrepared<DueRow>(manager, INSERT_MESSAGES_SQL, this.messageColumns(messages));
    return rows.map(dueOf);
  }

  /**
   * What convening writes, in one statement: the new convocations, the meeting marked convened
   * (its version raised, as any change of it), and the invitations. Returns the convocations as
   * written (with their defaults, for the audit trail) and the rows for the queue.
   */
  async writeConvening(
    manager: EntityManager,
    convened: { meetingId: string; convenedAt: Date; convenedByPersonId: string | null; convenerPartyId: string | null },
    convocations: readonly NewConvocation[],
    messages: readonly NewMessage[],
  ): Promise<{ convocations: WrittenConvocation[]; messages: DueMessage[] }> {
    const column = <T>(pick: (convocation: NewConvocation) => T): T[] => convocations.map(pick);
    const [row] = await queryPrepared<{ convocations: Json[]; messages: Json[] }>(manager, WRITE_CONVENING_SQL, [
      convened.meetingId,
      convened.convenedAt,
      convened.convenedByPersonId,
      convened.convenerPartyId,
      column((convocation) => convocation.id),
      column((convocation) => convocation.personId),
      column((convocation) => convocation.membershipId),
      column((convocation) => convocation.role),
      column((convocation) => convocation.standsInForId),
      column((convocation) => convocation.email),
      column((convocation) => convocation.fullName),
      ...this.messageColumns(messages),
    ]);
    return {
      convocations: row.convocations.map((json) => ({
        id: json.id as string,
        answer: json.answer as WrittenConvocation['answer'],
        createdAt: new Date(json.created_at as string),
        updatedAt: new Date(json.updated_at as string),
      })),
      messages: row.messages.map((json) => dueOf({ ...(json as unknown as DueRow), send_after: new Date(json.send_after as string) })),
    };
  }

  /** The rows as one array per column of `insertMessagesSql`, each row with a new id and the Message-ID made of it. */
  private messageColumns(messages: readonly NewMessage[]): unknown[][] {
    const ids = messages.map(() => randomUUID());
    return [
      ids,
      messages.map((message) => message.kind),
      messages.map((message) => message.meetingId),
      messages.map((message) => message.convocationId),
      messages.map((message) => message.recipientEmail),
      messages.map((message) => message.recipientName),
      messages.map((message) => message.icalSequence),
      messages.map((message) => JSON.stringify(message.payload)),
      messages.map((message) => message.sendAfter),
      ids.map((id) => messageIdFor(id, this.messageIdDomain)),
      messages.map((message) => message.dedupeKey ?? null),
    ];
  }

  /**
   * Marks obsolete the messages of these kinds that have not left (pending, or withheld by the
   * rules); a worker that claimed one already keeps it, and it counts as delivered.
   */
  async obsoletePending(
    manager: EntityManager,
    where: { meetingId: string; convocationIds?: string[] },
    kinds: readonly MessageKind[],
    reason: string,
  ): Promise<Obsoleted[]> {
    const parameters: unknown[] = [where.meetingId, [...kinds], reason];
    let byConvocation = '';
    if (where.convocationIds) {
      parameters.push(where.convocationIds);
      byConvocation = 'AND convocation_id = ANY($4::uuid[])';
    }
    const rows = rowsOf<{ convocation_id: string | null; kind: string; send_after: Date; late_joiner: boolean }>(
      await manager.query(
        `UPDATE outbound_messages
            SET state = 'obsolete', last_error = $3, locked_until = NULL, updated_at = now()
          WHERE meeting_id = $1 AND state IN ('pending', 'withheld') AND kind = ANY($2::text[]) ${byConvocation}
          RETURNING convocation_id, kind, send_after, (payload ? 'lateJoiner') AS late_joiner`,
        parameters,
      ),
    );
    return rows
      .filter((row) => row.convocation_id !== null)
      .map((row) => ({ convocationId: row.convocation_id as string, kind: row.kind, sendAfter: row.send_after, lateJoiner: row.late_joiner === true }));
  }

  /** Per convocation, the last invitation or update that reached the mail server, or may have (being sent). */
  async deliveredInvitations(manager: EntityManager, meetingId: string): Promise<Map<string, Delivered>> {
    const rows: Array<{ convocation_id: string; snapshot: MeetingSnapshot; ical_sequence: number }> = await manager.query(
      `SELECT DISTINCT ON (convocation_id) convocation_id, payload -> 'snapshot' AS snapshot, ical_sequence
         FROM outbound_messages
        WHERE meeting_id = $1 AND convocation_id IS NOT NULL AND kind IN ('convocation', 'update') AND state IN ('sent', 'sending')
        ORDER BY convocation_id, ical_sequence DESC, created_at DESC`,
      [meetingId],
    );
    return new Map(rows.map((row) => [row.convocation_id, { snapshot: row.snapshot, sequence: row.ical_sequence }]));
  }

  /** The SEQUENCE copil last sent (or is sending) to this recipient, for judging their calendar's replies. */
  async lastSequenceSent(manager: EntityManager, convocationId: string): Promise<number | null> {
    const [row]: Array<{ sequence: number | null }> = await manager.query(
      `SELECT max(ical_sequence) AS sequence FROM outbound_messages
        WHERE convocation_id = $1 AND kind IN ('convocation', 'update', 'cancellation') AND state IN ('sent', 'sending')`,
      [convocationId],
    );
    return row?.sequence ?? null;
  }

  /**
   * Per convocation, the highest SEQUENCE of a calendar message written to it and not abandoned
   * (waiting, being sent or sent): a message to them must go above it to be applied.
   */
  async highestSequences(manager: EntityManager, convocationIds: readonly string[]): Promise<Map<string, number>> {
    if (convocationIds.length === 0) return new Map();
    const rows: Array<{ convocation_id: string; sequence: number }> = await manager.query(
      `SELECT convocation_id, max(ical_sequence) AS sequence FROM outbound_messages
        WHERE convocation_id = ANY($1::uuid[]) AND kind IN ('convocation', 'update', 'cancellation') AND state IN ('pending', 'sending', 'sent')
        GROUP BY convocation_id`,
      [[...convocationIds]],
    );
    return new Map(rows.map((row) => [row.convocation_id, row.sequence]));
  }

  /** Whether an invitation of this meeting is waiting, being sent or sent: then it is convened for good. */
  async invitationsLive(manager: EntityManager, meetingId: string): Promise<boolean> {
    const [row]: Array<{ live: boolean }> = await manager.query(
      `SELECT EXISTS (SELECT 1 FROM outbound_messages WHERE meeting_id = $1 AND kind IN ('convocation', 'update') AND state IN ('pending', 'sending', 'sent')) AS live`,
      [meetingId],
    );
    return row.live;
  }

  // Sending, one row at a time, outside any decision's transaction.

  /**
   * Takes the row if it is due and nobody holds it (each claim counts as one attempt), and reads in
   * the same statement what the message says: the meeting as it stands (MeetingReader's query) and
   * the recipient's convocation. PostgreSQL re-checks the WHERE clause on the row's latest version
   * under its row lock, so of two workers exactly one gets the row.
   */
  async claim(rowId: string, lockSeconds: number): Promise<ClaimedMessage | null> {
    const [row] = await queryPrepared<ClaimRow>(
      this.dataSource.manager,
      `WITH claimed AS (
         UPDATE outbound_messages
            SET state = 'sending', attempts = attempts + 1, locked_until = now() + make_interval(secs => $2), updated_at = now()
          WHERE id = $1 AND state = 'pending' AND send_after <= now()
         RETURNING id, kind, meeting_id, convocation_id, recipient_email, recipient_name, ical_sequence, payload, message_id, attempts
       )
       SELECT claimed.*, ${meetingContextSql('claimed.meeting_id')} AS context, ${recipientSql('claimed.convocation_id')} AS recipient
         FROM claimed`,
      [rowId, lockSeconds],
    );
    if (!row) return null;
    return {
      message: messageOf(row),
      context: contextFromJson(row.context, this.config),
      recipient: recipientFromJson(row.recipient),
    };
  }

  /**
   * Takes at most `limit` due rows of one meeting that nobody holds, each exactly as `claim` takes
   * one (state, attempt, lock), and reads in the same statement the meeting once and each row's
   * recipient. The rows are locked in a fixed order and PostgreSQL re-checks the WHERE clause on
   * each row's latest version, so two workers claiming the same meeting share its rows without
   * overlap, and a row `claim` took meanwhile is not taken again.
   */
  async claimMeeting(meetingId: string, lockSeconds: number, limit: number): Promise<ClaimedBatch> {
    const [row] = await queryPrepared<{ context: Json | null; messages: Json[] }>(
      this.dataSource.manager,
      `WITH due AS (
         SELECT id FROM outbound_messages
          WHERE meeting_id = $1 AND state = 'pending' AND send_after <= now()
          ORDER BY send_after, id
          LIMIT $3
          FOR UPDATE
       ), claimed AS (
         UPDATE outbound_messages o
            SET state = 'sending', attempts = o.attempts + 1, locked_until = now() + make_interval(secs => $2), updated_at = now()
           FROM due
          WHERE o.id = due.id AND o.state = 'pending' AND o.send_after <= now()
         RETURNING o.id, o.kind, o.meeting_id, o.convocation_id, o.recipient_email, o.recipient_name, o.ical_sequence, o.payload, o.message_id, o.attempts
       )
       SELECT CASE WHEN EXISTS (SELECT 1 FROM claimed) THEN ${meetingContextSql('$1::uuid')} END AS context,
              (SELECT coalesce(jsonb_agg(jsonb_build_object('row', to_jsonb(claimed), 'recipient', ${recipientSql('claimed.convocation_id')}) ORDER BY claimed.id), '[]')
                 FROM claimed) AS messages`,
      [meetingId, lockSeconds, limit],
    );
    const context = contextFromJson(row.context, this.config);
    return {
      context,
      messages: row.messages.map((entry) => ({
        message: messageOf(entry.row as unknown as ClaimRow),
        context,
        recipient: recipientFromJson(entry.recipient as Json | null),
      })),
    };
  }

  /**
   * When the earliest row of the meeting still waiting falls due, if that is within a minute (a job
   * woken a little early, clocks differing); null otherwise: a row due later has its own job.
   */
  async nextDue(meetingId: string): Promise<Date | null> {
    const [row]: Array<{ at: Date | null }> = await this.dataSource.query(
      `SELECT min(send_after) AS at FROM outbound_messages WHERE meeting_id = $1 AND state = 'pending'
       HAVING min(send_after) > now() AND min(send_after) <= now() + interval '1 minute'`,
      [meetingId],
    );
    return row?.at ?? null;
  }

  /** The heartbeat of a worker holding several rows: one statement for all; returns the ids whose claim was lost. */
  async extendClaims(messages: readonly Pick<MessageToSend, 'id' | 'attempts'>[], lockSeconds: number): Promise<string[]> {
    if (messages.length === 0) return [];
    const held = rowsOf<{ id: string }>(
      await this.dataSource.query(
        `UPDATE outbound_messages o SET locked_until = now() + make_interval(secs => $3)
           FROM unnest($1::uuid[], $2::int[]) AS h(id, attempts)
          WHERE o.id = h.id AND o.attempts = h.attempts AND o.state = 'sending'
          RETURNING o.id`,
        [messages.map((message) => message.id), messages.map((message) => message.attempts), lockSeconds],
      ),
    );
    const kept = new Set(held.map((entry) => entry.id));
    return messages.filter((message) => !kept.has(message.id)).map((message) => message.id);
  }

  /**
   * The heartbeat of a live worker: pushes its claim `lockSeconds` further while it still holds it
   * (same attempt, still sending). False when the claim was lost: the row was handed out again.
   */
  async extendClaim(message: Pick<MessageToSend, 'id' | 'attempts'>, lockSeconds: number): Promise<boolean> {
    const rows = rowsOf<{ id: string }>(
      await this.dataSource.query(
        `UPDATE outbound_messages SET locked_until = now() + make_interval(secs => $3)
          WHERE id = $1 AND attempts = $2 AND state = 'sending'
          RETURNING id`,
        [message.id, message.attempts, lockSeconds],
      ),
    );
    return rows.length === 1;
  }

  /** The row's state, when a claim got nothing: still waiting for its time, or nothing to do. */
  async stateOf(rowId: string): Promise<{ state: MessageState; sendAfter: Date; due: boolean } | null> {
    const [row]: Array<{ state: MessageState; send_after: Date; due: boolean }> = await this.dataSource.query(
      `SELECT state, send_after, send_after <= now() AS due FROM outbound_messages WHERE id = $1`,
      [rowId],
    );
    return row ? { state: row.state, sendAfter: row.send_after, due: row.due } : null;
  }

  /**
   * Accepted by the mail server: the row and its attempt in one statement. Also from 'pending': the
   * claim ran out while the server was answering and the reconciler put the row back, but nobody
   * has taken it yet; marking it now saves a second copy.
   */
  async markSent(message: SentEntry['message'], attempt: SentEntry['attempt']): Promise<void> {
    await this.dataSource.query(
      `WITH marked AS (
         UPDATE outbound_messages
            SET state = 'sent', accepted_at = $2, server_response = $3, locked_until = NULL, last_error = NULL, updated_at = now()
          WHERE id = $1 AND attempts = $4 AND state IN ('sending', 'pending'))
       INSERT INTO delivery_attempts (outbound_message_id, attempted_at, outcome, smtp_code, response, message_id, raw_message, raw_message_sha256)
       VALUES ($1, $2, 'accepted', $5, $3, $6, $7, $8)`,
      [message.id, attempt.at, attempt.response, message.attempts, attempt.smtpCode, message.messageId, attempt.keepRaw === false ? null : attempt.raw, sha256Hex(attempt.raw)],
    );
  }

  /**
   * `markSent` for several rows in one statement: the answers a worker received while it was
   * recording the previous ones (see SentRecords). Each row is marked only at its own attempt.
   */
  async markSentMany(entries: readonly SentEntry[]): Promise<void> {
    if (entries.length === 0) return;
    // One tuple of parameters per answer rather than one array per column: the driver sends a
    // message's bytes as a binary parameter, where inside an array it would write them as hex text
    // (twice the bytes, for the worker to write and PostgreSQL to read back).
    const parameters: unknown[] = [];
    const tuples = entries.map((entry) => {
      const values = [
        entry.message.id,
        entry.message.attempts,
        entry.attempt.at,
        entry.attempt.response,
        entry.attempt.smtpCode,
        entry.message.messageId,
        entry.attempt.keepRaw === false ? null : entry.attempt.raw,
        sha256Hex(entry.attempt.raw),
      ];
      const first = parameters.length + 1;
      parameters.push(...values);
      return `($${first}::uuid, $${first + 1}::int, $${first + 2}::timestamptz, $${first + 3}::text, $${first + 4}::int, $${first + 5}::text, $${first + 6}::bytea, $${first + 7}::text)`;
    });
    await this.dataSource.query(
      `WITH accepted (id, attempts, at, response, smtp_code, message_id, raw, sha256) AS (VALUES ${tuples.join(', ')}),
       marked AS (
         UPDATE outbound_messages o
            SET state = 'sent', accepted_at = a.at, server_response = a.response, locked_until = NULL, last_error = NULL, updated_at = now()
           FROM accepted a
          WHERE o.id = a.id AND o.attempts = a.attempts AND o.state IN ('sending', 'pending'))
       INSERT INTO delivery_attempts (outbound_message_id, attempted_at, outcome, smtp_code, response, message_id, raw_message, raw_message_sha256)
       SELECT id, at, 'accepted', smtp_code, response, message_id, raw, sha256 FROM accepted`,
      parameters,
    );
  }

  /** The message as the mail server accepted it (the last accepted attempt), for the register; null if none was. */
  async acceptedMessage(meetingId: string, rowId: string): Promise<{ raw: Buffer; sha256: string } | null> {
    const [row]: Array<{ raw_message: Buffer; raw_message_sha256: string }> = await this.dataSource.query(
      `SELECT a.raw_message, a.raw_message_sha256
         FROM delivery_attempts a JOIN outbound_messages m ON m.id = a.outbound_message_id
        WHERE m.meeting_id = $1 AND m.id = $2 AND a.outcome = 'accepted' AND a.raw_message IS NOT NULL
        ORDER BY a.attempted_at DESC, a.id DESC LIMIT 1`,
      [meetingId, rowId],
    );
    return row ? { raw: row.raw_message, sha256: row.raw_message_sha256 } : null;
  }

  /** Back to `pending` after a temporary failure, due again in `delaySeconds` (by the database's clock). Null if the claim was lost. */
  async giveBack(manager: EntityManager, message: Pick<MessageToSend, 'id' | 'attempts'>, delaySeconds: number, error: string): Promise<DueMessage | null> {
    const [row] = rowsOf<DueRow>(
      await manager.query(
        `UPDATE outbound_messages
            SET state = 'pending', send_after = now() + make_interval(secs => $2), locked_until = NULL, last_error = $3, updated_at = now()
          WHERE id = $1 AND attempts = $4 AND state = 'sending'
          RETURNING id, attempts, send_after, meeting_id`,
        [message.id, delaySeconds, error, message.attempts],
      ),
    );
    return row ? dueOf(row) : null;
  }

  /** Ends a claimed row: `failed`, `obsolete` or `withheld`, with why. A row whose claim was lost is left alone. */
  async finish(manager: EntityManager, message: Pick<MessageToSend, 'id' | 'attempts'>, state: Extract<MessageState, 'failed' | 'obsolete' | 'withheld'>, reason: string): Promise<void> {
    await manager.query(
      `UPDATE outbound_messages SET state = $2, last_error = $3, locked_until = NULL, updated_at = now()
        WHERE id = $1 AND attempts = $4 AND state = 'sending'`,
      [message.id, state, reason, message.attempts],
    );
  }

  async recordAttempt(manager: EntityManager, message: Pick<MessageToSend, 'id' | 'messageId'>, attempt: AttemptRecord): Promise<void> {
    await manager.query(
      `INSERT INTO delivery_attempts (outbound_message_id, attempted_at, outcome, smtp_code, response, message_id) VALUES ($1, $2, $3, $4, $5, $6)`,
      [message.id, attempt.at, attempt.outcome, attempt.smtpCode, attempt.response, message.messageId],
    );
  }

  // The reconciler.

  /** Puts back to `pending` the rows whose claim ran out (their worker stopped); returns their ids. */
  async releaseExpiredClaims(): Promise<string[]> {
    const rows = rowsOf<{ id: string }>(
      await this.dataSource.query(
        `UPDATE outbound_messages
            SET state = 'pending', locked_until = NULL, updated_at = now(),
                last_error = 'claim ran out: the worker sending it stopped before recording the answer'
          WHERE state = 'sending' AND locked_until < now()
          RETURNING id`,
      ),
    );
    return rows.map((row) => row.id);
  }

  /** The due pending rows, oldest first, at most `limit`. */
  async due(limit: number): Promise<DueMessage[]> {
    const rows: DueRow[] = await this.dataSource.query(
      `SELECT id, attempts, send_after, meeting_id FROM outbound_messages WHERE state = 'pending' AND send_after <= now() ORDER BY send_after, id LIMIT $1`,
      [limit],
    );
    return rows.map(dueOf);
  }
}

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
  context: Json | null;
  recipient: Json | null;
}

function messageOf(row: Omit<ClaimRow, 'context' | 'recipient'>): MessageToSend {
  return {
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
}

export function sha256Hex(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

interface DueRow {
  id: string;
  attempts: number;
  send_after: Date;
  meeting_id: string | null;
}

function dueOf(row: DueRow): DueMessage {
  return { id: row.id, attempts: row.attempts, sendAfter: row.send_after, meetingId: row.meeting_id };
}

/**
 * The Message-ID of a row, fixed before it is written: whoever sends the row, however many times,
 * sends this one, so a message sent twice after a crash is recognizably the same message.
 */
export function messageIdFor(rowId: string, domain: string): string {
  return `<${rowId}@${domain}>`;
}

/** The host part of Message-IDs: the host people reach copil at. */
export function messageIdDomainOf(publicBaseUrl: string): string {
  return new URL(publicBaseUrl).hostname || 'copil';
}

/**
 * The rows of a raw query through TypeORM: an UPDATE or DELETE … RETURNING comes back from the
 * PostgreSQL driver as [rows, affected count], anything else as the rows.
 */
function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') return result[0] as T[];
  return result as T[];
}
