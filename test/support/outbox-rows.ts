import { TestApp } from './test-app';

/** Outbox rows of a meeting by state, for assertions. */
export async function outboxStates(t: TestApp, meetingId: string): Promise<Record<string, number>> {
  const rows: Array<{ state: string; count: string }> = await t.dataSource.query(
    'SELECT state, count(*) AS count FROM outbound_messages WHERE meeting_id = $1 GROUP BY state',
    [meetingId],
  );
  return Object.fromEntries(rows.map((row) => [row.state, Number(row.count)]));
}
