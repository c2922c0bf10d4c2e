import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import type { DueMessage } from '../queue/outbox-queue';
import type { MessageKind } from './outbound-message.entity';

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

/** Rows per INSERT: well under PostgreSQL's limit of 65,535 parameters. */
const CHUNK = 500;

/**
 * The Message-ID of a row, fixed before it is written: whoever sends the row, however many times,
 * sends this one, so a message sent twice after a crash is recognizably the same message.
 */
export function messageIdFor(rowId: string, domain: string): string {
  return `<${rowId}@${domain}>`;
}

/**
 * Writes outbox rows in the caller's transaction and returns those actually written (a row whose
 * dedupe key exists already is skipped), for the queue once the transaction commits.
 */
export async function writeMessages(manager: EntityManager, messages: readonly NewMessage[], messageIdDomain: string): Promise<DueMessage[]> {
  const written: DueMessage[] = [];
  for (let offset = 0; offset < messages.length; offset += CHUNK) {
    const chunk = messages.slice(offset, offset + CHUNK);
    const parameters: unknown[] = [];
    const tuples = chunk.map((message) => {
      const id = randomUUID();
      const values = [
        id,
        message.kind,
        message.meetingId,
        message.convocationId,
        message.recipientEmail,
        message.recipientName,
        message.icalSequence,
        JSON.stringify(message.payload),
        message.sendAfter,
        messageIdFor(id, messageIdDomain),
        message.dedupeKey ?? null,
      ];
      const placeholders = values.map((_, index) => {
        const n = parameters.length + index + 1;
        if (COLUMNS[index] === 'payload') return `$${n}::jsonb`;
        if (COLUMNS[index] === 'send_after') return `COALESCE($${n}::timestamptz, now())`;
        return `$${n}`;
      });
      parameters.push(...values);
      return `(${placeholders.join(', ')})`;
    });
    const rows: Array<{ id: string; attempts: number; send_after: Date }> = await manager.query(
      `INSERT INTO outbound_messages (${COLUMNS.join(', ')}) VALUES ${tuples.join(', ')}
       ON CONFLICT DO NOTHING RETURNING id, attempts, send_after`,
      parameters,
    );
    written.push(...rows.map((row) => ({ id: row.id, attempts: row.attempts, sendAfter: row.send_after })));
  }
  return written;
}

/** The host part of Message-IDs: the host people reach copil at. */
export function messageIdDomainOf(publicBaseUrl: string): string {
  return new URL(publicBaseUrl).hostname || 'copil';
}
