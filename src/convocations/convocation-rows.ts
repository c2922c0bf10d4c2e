import { EntityManager } from 'typeorm';
import { Meeting } from '../meetings/meeting.entity';
import { Convocation } from './convocation.entity';
import { MeetingDifference, MeetingSnapshot } from './meeting-snapshot';
import { NewMessage } from './outbox-writer';
import { rowsOf } from './sql-rows';

/**
 * The outbox rows a convocation's recipient gets, and what they last received. Shared by convening,
 * meeting changes and answers (a substitute convened, a substitute withdrawn), inside the caller's
 * transaction.
 */

/** Payload of a calendar message: what it told (snapshot), and for an update what changed. */
export interface CalendarPayload {
  snapshot: MeetingSnapshot;
  changes?: MeetingDifference[];
  reason?: string | null;
  /** A CANCEL to this recipient only: they are withdrawn from a meeting that goes on. */
  uninvite?: boolean;
}

export function invitation(meeting: Meeting, convocation: Convocation, snapshot: MeetingSnapshot, sendAfter: Date | null): NewMessage {
  return calendarMessage('convocation', meeting, convocation, { snapshot }, sendAfter);
}

export function update(meeting: Meeting, convocation: Convocation, snapshot: MeetingSnapshot, changes: MeetingDifference[]): NewMessage {
  return calendarMessage('update', meeting, convocation, { snapshot, changes }, null);
}

export function cancellation(meeting: Meeting, convocation: Convocation, snapshot: MeetingSnapshot, reason: string | null): NewMessage {
  return calendarMessage('cancellation', meeting, convocation, { snapshot, reason }, null);
}

export function withdrawal(meeting: Meeting, convocation: Convocation, snapshot: MeetingSnapshot): NewMessage {
  return calendarMessage('cancellation', meeting, convocation, { snapshot, uninvite: true }, null);
}

function calendarMessage(
  kind: 'convocation' | 'update' | 'cancellation',
  meeting: Meeting,
  convocation: Convocation,
  payload: CalendarPayload,
  sendAfter: Date | null,
): NewMessage {
  return {
    kind,
    meetingId: meeting.id,
    convocationId: convocation.id,
    recipientEmail: convocation.email,
    recipientName: convocation.fullName,
    icalSequence: meeting.icalSequence,
    payload: payload as unknown as Record<string, unknown>,
    sendAfter,
  };
}

export interface Delivered {
  snapshot: MeetingSnapshot;
  sequence: number;
}

/**
 * Per convocation, the last invitation or update that reached the mail server, or may have: a
 * message being sent counts, since it may be accepted while this transaction runs.
 */
export async function deliveredInvitations(manager: EntityManager, meetingId: string): Promise<Map<string, Delivered>> {
  const rows: Array<{ convocation_id: string; snapshot: MeetingSnapshot; ical_sequence: number }> = await manager.query(
    `SELECT DISTINCT ON (convocation_id) convocation_id, payload -> 'snapshot' AS snapshot, ical_sequence
       FROM outbound_messages
      WHERE meeting_id = $1 AND convocation_id IS NOT NULL AND kind IN ('convocation', 'update') AND state IN ('sent', 'sending')
      ORDER BY convocation_id, ical_sequence DESC, created_at DESC`,
    [meetingId],
  );
  return new Map(rows.map((row) => [row.convocation_id, { snapshot: row.snapshot, sequence: row.ical_sequence }]));
}

export interface Obsoleted {
  convocationId: string;
  kind: string;
  sendAfter: Date;
}

/**
 * Marks obsolete the messages of these kinds that have not left (pending, or withheld by the
 * rules); a worker that claimed one already keeps it, and it counts as delivered.
 */
export async function obsoletePending(
  manager: EntityManager,
  where: { meetingId: string; convocationIds?: string[] },
  kinds: readonly string[],
  reason: string,
): Promise<Obsoleted[]> {
  const parameters: unknown[] = [where.meetingId, [...kinds], reason];
  let byConvocation = '';
  if (where.convocationIds) {
    parameters.push(where.convocationIds);
    byConvocation = 'AND convocation_id = ANY($4::uuid[])';
  }
  const rows = rowsOf<{ convocation_id: string | null; kind: string; send_after: Date }>(
    await manager.query(
    `UPDATE outbound_messages
        SET state = 'obsolete', last_error = $3, locked_until = NULL, updated_at = now()
      WHERE meeting_id = $1 AND state IN ('pending', 'withheld') AND kind = ANY($2::text[]) ${byConvocation}
      RETURNING convocation_id, kind, send_after`,
      parameters,
    ),
  );
  return rows.filter((row) => row.convocation_id !== null).map((row) => ({ convocationId: row.convocation_id as string, kind: row.kind, sendAfter: row.send_after }));
}

/** The SEQUENCE copil last sent (or is sending) to this recipient, for judging their calendar's replies. */
export async function lastSequenceSent(manager: EntityManager, convocationId: string): Promise<number | null> {
  const [row]: Array<{ sequence: number | null }> = await manager.query(
    `SELECT max(ical_sequence) AS sequence FROM outbound_messages
      WHERE convocation_id = $1 AND kind IN ('convocation', 'update', 'cancellation') AND state IN ('sent', 'sending')`,
    [convocationId],
  );
  return row?.sequence ?? null;
}
