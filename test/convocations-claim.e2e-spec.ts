import { ConvocationsWorkerModule } from '../src/convocations/convocations-worker.module';
import { createTestApp, TestApp } from './support/test-app';
import { SmtpSink, startSmtpSink } from './support/smtp-sink';
import { buildConvenedCommittee, localTime, scheduleMeeting } from './support/builders';
import { eventually } from './support/eventually';
import { deleteQueueKeys } from './support/convocation-redis';

const PARIS = 'Europe/Paris';

/**
 * A worker's claim is short (3 s here) and the reconciler runs every second, so a dead worker's
 * messages leave again soon; a live worker waiting on a slow mail server extends its claim, so its
 * message is never handed to a second worker.
 */
describe('the claim of a live worker', () => {
  let t: TestApp;
  let smtp: SmtpSink;

  beforeAll(async () => {
    smtp = await startSmtpSink({ acceptDelayMs: 8000 });
    t = await createTestApp({
      env: {
        SMTP_URL: smtp.url,
        SMTP_TIMEOUT_MS: '20000',
        CONVOCATION_SEND_LOCK_SECONDS: '3',
        CONVOCATION_RECONCILE_SECONDS: '1',
        MAIL_FROM: 'copil <copil@copil.example.fr>',
      },
      imports: [ConvocationsWorkerModule],
    });
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
    await deleteQueueKeys(t.config);
  });

  it('is extended while the mail server takes longer than the lock to answer: one attempt, one copy', async () => {
    const c = await buildConvenedCommittee(t, { timeZone: PARIS, holidayCountry: 'FR', members: [{ seat: 'elu', party: 'commune', name: 'Marc Lefèvre' }] });
    const meetingId = await scheduleMeeting(t, c.committee.id, { start: localTime(PARIS, 20, '09:00'), end: localTime(PARIS, 20, '11:00') });
    await t.http().post(`/meetings/${meetingId}/convene`).send({}).expect(201);

    const claimed = await eventually('the convocation claimed', async () => {
      const [row] = await t.dataSource.query(`SELECT id, locked_until FROM outbound_messages WHERE meeting_id = $1 AND state = 'sending'`, [meetingId]);
      return row as { id: string; locked_until: Date } | undefined;
    });
    // Past the first lock, the row is still this worker's, held further than the claim first said.
    await eventually('the claim extended', async () => {
      const [row] = await t.dataSource.query(`SELECT state, attempts, locked_until FROM outbound_messages WHERE id = $1`, [claimed.id]);
      return row.state === 'sending' && row.attempts === 1 && row.locked_until.getTime() > claimed.locked_until.getTime() + 2000;
    });
    const sent = await eventually(
      'the convocation accepted',
      async () => {
        const [row] = await t.dataSource.query(`SELECT state, attempts FROM outbound_messages WHERE id = $1`, [claimed.id]);
        return row.state === 'sent' ? row : null;
      },
      20_000,
    );
    expect(sent.attempts).toBe(1);
    const attempts = await t.dataSource.query(`SELECT outcome FROM delivery_attempts WHERE outbound_message_id = $1`, [claimed.id]);
    expect(attempts).toEqual([{ outcome: 'accepted' }]);
    expect(smtp.received).toHaveLength(1);
  });
});
