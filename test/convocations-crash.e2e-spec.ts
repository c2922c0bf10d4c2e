import { Person } from '../src/people/person.entity';
import { createTestApp, TestApp } from './support/test-app';
import { AuthHeaders, asAdmin } from './support/auth-helpers';
import { buildCommittee, buildConvention, buildMember, localTime, scheduleMeeting } from './support/builders';
import { eventually } from './support/eventually';
import { SmtpSink, ReceivedMessage, startSmtpSink } from './support/smtp-sink';
import { deleteQueueKeys } from './support/convocation-redis';
import { WorkerProcess, startWorkerProcess } from './support/convocation-worker-process';

const PARIS = 'Europe/Paris';
const MEMBERS = 50;
const MEETINGS = 20;
const TOTAL = MEMBERS * MEETINGS;

/** The Subject header as sent: it names the meeting's day, so (recipient, subject) names one convocation. */
function subjectOf(message: ReceivedMessage): string {
  const head = message.raw.subarray(0, message.raw.indexOf('\r\n\r\n')).toString('utf8').replace(/\r\n[ \t]+/g, ' ');
  return /^Subject:\s*(.+)$/im.exec(head)?.[1] ?? '';
}

describe('a worker killed in the middle of a batch of 1,000 convocations', () => {
  // A guard against a hang, not a speed bound: on a machine shared by many runs the batch alone takes minutes.
  jest.setTimeout(900_000);
  let t: TestApp;
  let smtp: SmtpSink;
  let admin: AuthHeaders;
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    // A slow "250": a message can be fully received by the server while its sender is killed.
    smtp = await startSmtpSink({ acceptDelayMs: 40 });
    t = await createTestApp({ env: { MAIL_FROM: 'copil <copil@copil.example.fr>' } });
    admin = await asAdmin(t);
  });
  afterAll(async () => {
    for (const worker of workers) await worker.stop('SIGKILL');
    await t.close();
    await smtp.close();
    await deleteQueueKeys(t.config);
  });

  function worker(): WorkerProcess {
    const started = startWorkerProcess({
      NODE_ENV: 'test',
      DATABASE_URL: t.database.url,
      REDIS_URL: t.config.redisUrl,
      QUEUE_PREFIX: t.config.queuePrefix,
      SMTP_URL: smtp.url,
      MAIL_FROM: 'copil <copil@copil.example.fr>',
      RUN_MIGRATIONS: 'false',
      LOG_LEVEL: 'log',
      SMTP_TIMEOUT_MS: '1000',
      CONVOCATION_SEND_LOCK_SECONDS: '8',
      CONVOCATION_RECONCILE_SECONDS: '1',
      CONVOCATION_WORKER_CONCURRENCY: '10',
    });
    workers.push(started);
    return started;
  }

  it('delivers all 1,000 after a restart; a message sent twice was in flight, and keeps its Message-ID', async () => {
    const convention = await buildConvention(t.dataSource, {
      timeZone: PARIS,
      holidayCountry: 'FR',
      signedOn: '2024-01-01',
      durationMonths: 120,
      parties: { academie: 'academie', commune: 'commune' },
    });
    const built = await buildCommittee(t.dataSource, convention, {
      notice: { days: 0 },
      seats: [{ key: 'membre', party: 'academie', count: MEMBERS }],
    });
    const members: Person[] = [];
    for (let index = 0; index < MEMBERS; index += 1) members.push(await buildMember(t.dataSource, built.seats.membre, `Membre ${index + 1}`, { startsOn: '2024-01-01' }));
    for (let day = 0; day < MEETINGS; day += 1) {
      const meetingId = await scheduleMeeting(t, built.id, { start: localTime(PARIS, 20 + day, '09:00'), end: localTime(PARIS, 20 + day, '11:00') }, admin);
      await t.http().post(`/meetings/${meetingId}/convene`).set(admin).send({}).expect(201);
    }
    const [{ count }] = await t.dataSource.query(`SELECT count(*)::int AS count FROM outbound_messages WHERE state = 'pending'`);
    expect(count).toBe(TOTAL);

    const first = worker();
    await first.started;
    await smtp.waitFor(300, 600_000);
    first.child.kill('SIGKILL');
    await first.exited;
    const [{ inFlight }] = await t.dataSource.query(`SELECT count(*)::int AS "inFlight" FROM outbound_messages WHERE state = 'sending'`);
    const receivedAtKill = smtp.received.length;
    expect(receivedAtKill).toBeLessThan(TOTAL);

    const second = worker();
    await second.started;
    await eventually(
      'every convocation received',
      async () => (new Set(smtp.received.map((message) => message.messageId)).size === TOTAL ? true : null),
      600_000,
    );
    await eventually('every row marked sent', async () => {
      const [{ sent }] = await t.dataSource.query(`SELECT count(*)::int AS sent FROM outbound_messages WHERE state = 'sent'`);
      return sent === TOTAL ? true : null;
    }, 120_000);
    await second.stop('SIGTERM');

    const distinct = new Set(smtp.received.map((message) => message.messageId));
    const repeats = smtp.received.length - distinct.size;
    expect(distinct.size).toBe(TOTAL);
    expect(repeats).toBeLessThanOrEqual(inFlight);
    // Every copy of one convocation (one recipient, one meeting) carries the same Message-ID.
    const idsPerConvocation = new Map<string, Set<string | null>>();
    for (const message of smtp.received) {
      const key = `${message.to.join(',')}|${subjectOf(message)}`;
      idsPerConvocation.set(key, (idsPerConvocation.get(key) ?? new Set()).add(message.messageId));
    }
    expect(idsPerConvocation.size).toBe(TOTAL);
    expect([...idsPerConvocation.values()].every((ids) => ids.size === 1)).toBe(true);
    const rows: Array<{ message_id: string }> = await t.dataSource.query('SELECT message_id FROM outbound_messages');
    expect(new Set(rows.map((row) => row.message_id))).toEqual(distinct);
    process.stdout.write(`crash test: ${receivedAtKill} received before the kill, ${inFlight} in flight, ${repeats} sent twice\n`);
  });
});
