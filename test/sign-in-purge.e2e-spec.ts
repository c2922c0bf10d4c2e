import { randomUUID } from 'node:crypto';
import { Queue, QueueEvents } from 'bullmq';
import { ConvocationsWorkerModule } from '../src/convocations/convocations-worker.module';
import { JOBS, MAINTENANCE_JOB_OPTIONS, QUEUES, SCHEDULERS } from '../src/queue/queues';
import { createTestApp, TestApp } from './support/test-app';
import { AuthHeaders, asAdmin, headersFor, tokenFor } from './support/auth-helpers';
import { SmtpSink, startSmtpSink } from './support/smtp-sink';
import { buildConvention } from './support/builders';
import { eventually } from './support/eventually';

const REFUSED = 'boite.pleine@example.fr';
const WELCOME = 'helene.lefevre@example.fr';
const LINK = /\/connexion\/lien\?token=([A-Za-z0-9_-]{43})/;
const NOT_RESENT = 'Un lien de connexion n’est jamais renvoyé d’ici';

/**
 * Issue 12: what signing in leaves behind is forgotten after SIGN_IN_RETENTION_DAYS — links used
 * or expired, and the outbox rows of sign-in emails once sent, failed or dropped — by a daily job
 * of the worker. Until then a failed link shows on « Courriels non partis » to who keeps every
 * convention, never with a button to send it again, and leaves the list once a later link reached
 * the same address.
 */
describe('sign-in rows: failures shown to administrators, then purged after the retention', () => {
  let t: TestApp;
  let smtp: SmtpSink;
  let admin: AuthHeaders;
  let maintenance: Queue;
  let events: QueueEvents;
  let refusing = true;

  beforeAll(async () => {
    smtp = await startSmtpSink({ rcpt: (address) => (refusing && address === REFUSED ? { code: 550, message: '5.2.2 Mailbox full' } : null) });
    t = await createTestApp({
      env: { SMTP_URL: smtp.url, CONVOCATION_RECONCILE_SECONDS: '1', PUBLIC_BASE_URL: 'https://copil.example.fr', SIGN_IN_RETENTION_DAYS: '30' },
      imports: [ConvocationsWorkerModule],
    });
    admin = await asAdmin(t);
    const connection = { url: t.config.redisUrl };
    maintenance = new Queue(QUEUES.maintenance, { connection, prefix: t.config.queuePrefix });
    events = new QueueEvents(QUEUES.maintenance, { connection, prefix: t.config.queuePrefix });
    await events.waitUntilReady();
  });
  afterEach(() => t.clock.reset());
  afterAll(async () => {
    await events.close();
    await maintenance.close();
    await t.close();
    await smtp.close();
  });

  /** Rows of sign-in emails to `email` by state. */
  async function signInRows(email: string): Promise<string[]> {
    const rows: Array<{ state: string }> = await t.dataSource.query(
      `SELECT state FROM outbound_messages WHERE kind = 'sign_in_link' AND recipient_email = $1 ORDER BY created_at, id`,
      [email],
    );
    return rows.map((row) => row.state);
  }

  async function askForLink(email: string, settledAs: string[]): Promise<void> {
    await t.http().post('/auth/sign-in').send({ email }).expect(202);
    await eventually(`the sign-in rows of ${email} to be ${settledAs.join(', ')}`, async () => {
      const states = await signInRows(email);
      return states.length === settledAs.length && states.every((state, index) => state === settledAs[index]);
    });
  }

  async function supervisionPage(headers: AuthHeaders): Promise<string> {
    return (await t.http().get('/suivi/courriels').set(headers).expect(200)).text;
  }

  /** Runs the purge as the schedule does: a job on the maintenance queue, done by the worker. */
  async function purge(): Promise<{ links: number; messages: number }> {
    const job = await maintenance.add(JOBS.purgeSignIns, {}, MAINTENANCE_JOB_OPTIONS);
    return (await job.waitUntilFinished(events)) as { links: number; messages: number };
  }

  async function counts(): Promise<Record<string, number>> {
    const [row] = await t.dataSource.query(
      `SELECT (SELECT count(*)::int FROM sign_in_links) AS links,
              (SELECT count(*)::int FROM outbound_messages WHERE kind = 'sign_in_link') AS "signInRows",
              (SELECT count(*)::int FROM delivery_attempts a JOIN outbound_messages m ON m.id = a.outbound_message_id WHERE m.kind = 'sign_in_link') AS "signInAttempts",
              (SELECT count(*)::int FROM outbound_messages WHERE kind <> 'sign_in_link') AS "otherRows"`,
    );
    return row;
  }

  it('schedules the purge once a day in the worker, at the daily check’s time', async () => {
    const schedule = await eventually('the purge schedule', async () => maintenance.getJobScheduler(SCHEDULERS.purgeSignIns));
    expect(schedule).toMatchObject({ name: JOBS.purgeSignIns, pattern: t.config.convocations.dailyCheckCron });
  });

  it('lists a failed sign-in link to administrators only, offers no second sending, and drops it once a later link left', async () => {
    await tokenFor(t, REFUSED, [], { fullName: 'Boîte Pleine' });
    await askForLink(REFUSED, ['failed']);

    const page = await supervisionPage(admin);
    expect(page).toContain(`Lien de connexion à ${REFUSED}`);
    expect(page).toContain('5.2.2 Mailbox full');
    expect(page).toContain(NOT_RESENT);
    expect(page).not.toContain('Renvoyer à');
    // A convention's secretariat sees the messages of its conventions, and a sign-in link is about none.
    const convention = await buildConvention(t.dataSource);
    const secretariat = await headersFor(t, 'secretariat.convention@example.fr', [{ role: 'secretariat', conventionId: convention.id }]);
    expect(await supervisionPage(secretariat)).not.toContain(REFUSED);

    // Posted anyway (no button offers it): refused, with why, and nothing written.
    const [failure] = await t.dataSource.query(`SELECT id FROM outbound_messages WHERE kind = 'sign_in_link' AND recipient_email = $1`, [REFUSED]);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page)?.[1] as string;
    const refused = await t.http().post(`/suivi/courriels/${failure.id}/renvoi`).set(admin).type('form').send({ _csrf: csrf }).expect(409);
    expect(refused.text).toContain('Un lien de connexion n’est jamais renvoyé');
    // The error summary leads to the entry itself, there being no form to send it again.
    expect(refused.text).toContain(`href="#message-${failure.id}"`);
    expect(refused.text).toContain(`id="message-${failure.id}"`);
    expect(await signInRows(REFUSED)).toEqual(['failed']);

    // The mailbox has room again: the person asks anew, gets in, and the failure leaves the list.
    refusing = false;
    await askForLink(REFUSED, ['failed', 'sent']);
    expect(await supervisionPage(admin)).not.toContain(REFUSED);
  });

  it('deletes used and expired links and settled sign-in rows once older than the retention, and nothing else', async () => {
    // A link sent and used, an address nobody may sign in with, a link still waiting for its retry, another kind of message.
    await tokenFor(t, WELCOME, [], { fullName: 'Hélène Lefèvre' });
    await askForLink(WELCOME, ['sent']);
    const [mail] = await smtp.to(WELCOME);
    await t.http().post('/auth/session').send({ token: LINK.exec(mail.text ?? '')?.[1] }).expect(201);
    await askForLink('personne.inconnue@example.fr', ['obsolete']);
    const waiting = randomUUID();
    await t.dataSource.query(
      `INSERT INTO outbound_messages (id, kind, recipient_email, recipient_name, send_after, state, message_id, attempts, updated_at)
       VALUES ($1, 'sign_in_link', 'en.attente@example.fr', '', now() + interval '400 days', 'pending', $2, 1, now() - interval '400 days'),
              ($3, 'email_changed', 'ancienne.adresse@example.fr', 'Ancienne Adresse', now(), 'sent', $4, 1, now() - interval '400 days')`,
      [waiting, `<${waiting}@copil.test>`, randomUUID(), `<${randomUUID()}@copil.test>`],
    );
    const before = await counts();
    expect(before.links).toBeGreaterThanOrEqual(1);
    expect(before.signInRows).toBeGreaterThanOrEqual(3);
    expect(before.signInAttempts).toBeGreaterThanOrEqual(1);

    // 29 days on, everything is still within the retention (the waiting row never counts).
    t.clock.advance({ days: 29 });
    expect(await purge()).toEqual({ links: 0, messages: 0 });
    expect(await counts()).toEqual(before);

    // 31 days on: every link and every settled row goes, their delivery attempts with them; the waiting row stays.
    t.clock.advance({ days: 2 });
    expect(await purge()).toEqual({ links: before.links, messages: before.signInRows - 1 });
    expect(await counts()).toEqual({ links: 0, signInRows: 1, signInAttempts: 0, otherRows: before.otherRows });
    expect(await t.dataSource.query(`SELECT id, state FROM outbound_messages WHERE kind = 'sign_in_link'`)).toEqual([{ id: waiting, state: 'pending' }]);
  });
});
