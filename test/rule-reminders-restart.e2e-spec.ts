import { readFileSync } from 'node:fs';
import { getPriority } from 'node:os';
import { join } from 'node:path';
import { Queue, QueueEvents } from 'bullmq';
import { DateTime } from 'luxon';
import { JOBS, MAINTENANCE_JOB_OPTIONS, QUEUES } from '../src/queue/queues';
import { createTestApp, TestApp } from './support/test-app';
import { SmtpSink, startSmtpSink } from './support/smtp-sink';
import { WorkerProcess, startWorkerProcess } from './support/convocation-worker-process';
import { deleteQueueKeys } from './support/convocation-redis';

const FIXTURE = readFileSync(join(__dirname, 'fixtures', 'rhone-conseil-ecoles-2025.yaml'), 'utf8');
const PARIS = 'Europe/Paris';

/*
 * The daily reminders run by the worker as a process, through its maintenance queue, then by
 * another worker after the first was killed: the warning about a request for a sitting leaves
 * once, since the outbox row it wrote is keyed by the request, its stage and the recipient.
 */
describe('reminders the rules call for, across a restart of the worker', () => {
  // A guard against a hang: the worker process starts through ts-node, slowly on a loaded machine.
  jest.setTimeout(240_000);
  let t: TestApp;
  let smtp: SmtpSink;
  let queue: Queue;
  let events: QueueEvents;
  let worker: WorkerProcess | null = null;

  beforeAll(async () => {
    smtp = await startSmtpSink();
    t = await createTestApp({ env: { SMTP_URL: smtp.url, PUBLIC_BASE_URL: 'https://copil.example.fr' } });
    const connection = { url: t.config.redisUrl, maxRetriesPerRequest: null };
    queue = new Queue(QUEUES.maintenance, { connection, prefix: t.config.queuePrefix });
    events = new QueueEvents(QUEUES.maintenance, { connection, prefix: t.config.queuePrefix });
    await events.waitUntilReady();
  });
  afterAll(async () => {
    await worker?.stop('SIGKILL');
    await events.close();
    await queue.close();
    await t.close();
    await smtp.close();
    await deleteQueueKeys(t.config);
  });

  function startWorker(env: Record<string, string> = {}): WorkerProcess {
    return startWorkerProcess({
      ...env,
      NODE_ENV: 'test',
      DATABASE_URL: t.database.url,
      REDIS_URL: t.config.redisUrl,
      QUEUE_PREFIX: t.config.queuePrefix,
      SMTP_URL: smtp.url,
      PUBLIC_BASE_URL: 'https://copil.example.fr',
      COPIL_SECRET: t.config.auth.secret,
      RUN_MIGRATIONS: 'false',
      LOG_LEVEL: 'warn',
      CONVOCATION_RECONCILE_SECONDS: '1',
    });
  }

  /** Runs the daily job now, as its schedule would, and waits for its result. */
  async function runDailyReminders(): Promise<{ committees: number; emails: number }> {
    const job = await queue.add(JOBS.ruleReminders, {}, MAINTENANCE_JOB_OPTIONS);
    return (await job.waitUntilFinished(events, 150_000)) as { committees: number; emails: number };
  }

  it('warns the convener once of a request whose fifteen days run out, however often and by whichever worker the job runs', async () => {
    // The worker reads the real clock: the convention was signed a year ago, whatever the day.
    const signedOn = DateTime.now().setZone(PARIS).minus({ years: 1 }).toISODate() as string;
    await t.http().post('/conventions/import').set('Content-Type', 'application/yaml').send(FIXTURE.replaceAll('2025-01-06', signedOn)).expect(201);
    const [conseil] = (await t.http().get('/conventions/rhone-conseil-ecoles-2025/committees').expect(200)).body.filter(
      (c: { definitionKey: string }) => c.definitionKey === 'conseil-ecoles',
    );
    const people = new Map(((await t.dataSource.query(`SELECT id, email FROM people`)) as Array<{ id: string; email: string }>).map((row) => [row.email.split('@')[0], row.id]));
    // Asked twelve days ago: the fifteen days end in three, within the five days of warning.
    const requestedOn = DateTime.now().setZone(PARIS).minus({ days: 12 }).toISODate() as string;
    const request = (
      await t.http().post(`/committees/${conseil.id}/requests`).send({ requestedOn, requesters: [people.get('karim.saidi'), people.get('helene.petit')], reason: 'Charte numérique' }).expect(201)
    ).body;
    expect(request).toMatchObject({ status: 'due_soon', warning: true });

    worker = startWorker({ WORKER_NICENESS: '10' });
    expect(await runDailyReminders()).toMatchObject({ emails: 1 });
    // Alone in its process, the worker yields the processor to the API (before its first job), unless started nicer.
    expect(getPriority(worker.child.pid)).toBe(Math.max(10, getPriority()));
    const [received] = await smtp.waitFor(1, 150_000);
    expect(received.to).toEqual(['julie.marchand@ac-lyon.example.fr']);
    expect((await smtp.parsed(received)).subject).toMatch(/^Réunion demandée\u00A0: Conseil des écoles numériques – convoquer au plus tard le /);

    // Killed, then another worker: the job runs again and writes nothing.
    await worker.stop('SIGKILL');
    worker = startWorker({ WORKER_NICENESS: '15' });
    expect(await runDailyReminders()).toMatchObject({ emails: 0 });
    expect(getPriority(worker.child.pid)).toBe(Math.max(15, getPriority()));
    expect(await runDailyReminders()).toMatchObject({ emails: 0 });
    const rows = await t.dataSource.query(`SELECT state FROM outbound_messages WHERE kind = 'request_deadline'`);
    expect(rows).toEqual([{ state: 'sent' }]);
    expect(smtp.received).toHaveLength(1);
  });
});
