import { OutboxQueue } from '../../src/queue/outbox-queue';
import { TestApp } from './test-app';
import { eventually } from './eventually';

/**
 * What the outbox holds, for assertions on rows and attempts rather than on time: a test waits for
 * a state it can name (rows sent, no job left for them), never sleeps to see that nothing happens.
 */

/** Outbox rows of a meeting by state. */
export async function outboxStates(t: TestApp, meetingId: string): Promise<Record<string, number>> {
  const rows: Array<{ state: string; count: string }> = await t.dataSource.query(
    'SELECT state, count(*) AS count FROM outbound_messages WHERE meeting_id = $1 GROUP BY state',
    [meetingId],
  );
  return Object.fromEntries(rows.map((row) => [row.state, Number(row.count)]));
}

export interface OutboxRow {
  id: string;
  kind: string;
  recipientEmail: string;
  state: string;
  /** The row's count of attempts at sending. */
  attempts: number;
  /** The outcomes of the delivery attempts recorded for it, in order. */
  outcomes: string[];
}

/** The outbox rows of a meeting with the attempts recorded for each, by recipient then kind. */
export async function outboxRows(t: TestApp, meetingId: string): Promise<OutboxRow[]> {
  return t.dataSource.query(
    `SELECT m.id, m.kind, m.recipient_email AS "recipientEmail", m.state, m.attempts,
            COALESCE(array_agg(a.outcome ORDER BY a.attempted_at) FILTER (WHERE a.id IS NOT NULL), '{}') AS outcomes
       FROM outbound_messages m
       LEFT JOIN delivery_attempts a ON a.outbound_message_id = m.id
      WHERE m.meeting_id = $1
      GROUP BY m.id
      ORDER BY m.recipient_email, m.kind, m.created_at`,
    [meetingId],
  );
}

/**
 * Ids of the outbox queue's jobs not yet done (waiting, delayed, active) that may send these rows:
 * a row's own job, or a job of its meeting (which claims every due row of the meeting).
 */
export async function jobsLeftFor(t: TestApp, rowIds: readonly string[]): Promise<string[]> {
  const meetings: Array<{ meeting_id: string }> = await t.dataSource.query(
    'SELECT DISTINCT meeting_id FROM outbound_messages WHERE id = ANY($1::uuid[]) AND meeting_id IS NOT NULL',
    [[...rowIds]],
  );
  const meetingIds = meetings.map((row) => row.meeting_id);
  const jobs = await t.app.get(OutboxQueue).queue.getJobs(['waiting', 'delayed', 'active', 'prioritized']);
  return jobs
    .filter((job) => job && ('messageId' in job.data ? rowIds.includes(job.data.messageId) : meetingIds.includes(job.data.meetingId)))
    .map((job) => job.id as string);
}

/**
 * Waits until every sign-in link asked for has left the outbox's hands (sent, or ended because no
 * account may use the address), and returns those rows by state: after it, what the SMTP sink
 * holds is all there will be.
 */
export async function signInLinksSettled(t: TestApp): Promise<Record<string, number>> {
  return eventually('the sign-in links asked for to be sent or dropped', async () => {
    const rows: Array<{ state: string; count: number }> = await t.dataSource.query(
      `SELECT state, count(*)::int AS count FROM outbound_messages WHERE kind = 'sign_in_link' GROUP BY state`,
    );
    const states = Object.fromEntries(rows.map((row) => [row.state, row.count]));
    return !states.pending && !states.sending && states;
  });
}
