import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { simpleParser } from 'mailparser';
import { ConvocationsWorkerModule } from '../src/convocations/convocations-worker.module';
import { OutboxQueue } from '../src/queue/outbox-queue';
import { RATE_LIMIT_REDIS } from '../src/auth/rate-limit';
import type { Redis } from 'ioredis';
import { createTestApp, TestApp } from './support/test-app';
import { AuthHeaders, asAdmin, headersFor } from './support/auth-helpers';
import { SmtpSink } from './support/smtp-sink';
import { ConvenedCommittee, buildConvenedCommittee, localTime, scheduleMeeting } from './support/builders';
import { eventually } from './support/eventually';
import { jobsLeftFor, outboxRows, outboxStates } from './support/outbox-rows';
import { calendarParts, eventOf } from './support/convocation-mail';
import { deleteQueueKeys } from './support/convocation-redis';
import { useConvocationApp } from './support/convocation-app';

const PARIS = 'Europe/Paris';

describe('delivery of convocations: retries, refusals, a lost queue, a meeting moved before sending', () => {
  let t: TestApp;
  let smtp: SmtpSink;
  let admin: AuthHeaders;
  useConvocationApp((app) => ({ t, smtp, admin } = app), {
    env: { SMTP_RETRY_BASE_SECONDS: '1', SMTP_RETRY_MAX_SECONDS: '2', SMTP_MAX_ATTEMPTS: '5' },
  });
  afterEach(() => {
    smtp.behaviour.rcpt = undefined;
  });

  function committee(): Promise<ConvenedCommittee> {
    return buildConvenedCommittee(t, {
      timeZone: PARIS,
      holidayCountry: 'FR',
      members: [
        { seat: 'ien', party: 'academie', name: 'Hélène Roux' },
        { seat: 'elu', party: 'commune', name: 'Marc Lefèvre' },
        { seat: 'dsi', party: 'commune', name: 'Nadia Benali' },
      ],
    });
  }

  async function meetingOf(c: ConvenedCommittee): Promise<string> {
    return scheduleMeeting(t, c.committee.id, { start: localTime(PARIS, 20, '09:00'), end: localTime(PARIS, 20, '11:00') });
  }

  it('retries a message the server answered 4xx, with a growing wait, and delivers it once', async () => {
    const c = await committee();
    const target = c.members.elu.email.toLowerCase();
    smtp.behaviour.rcpt = (address, previous) => (address === target && previous < 2 ? { code: 451, message: '4.3.0 Mailbox busy, try again later' } : null);
    const meetingId = await meetingOf(c);
    await t.http().post(`/meetings/${meetingId}/convene`).set(admin).send({}).expect(201);

    await eventually('the convocation after two refusals', async () => ((await smtp.to(target)).length === 1 ? true : null), 20_000);
    await eventually('all three sent', async () => ((await outboxStates(t, meetingId)).sent === 3 ? true : null));
    const attempts: Array<{ outcome: string; smtp_code: number; response: string; attempted_at: Date }> = await t.dataSource.query(
      `SELECT a.outcome, a.smtp_code, a.response, a.attempted_at FROM delivery_attempts a JOIN outbound_messages m ON m.id = a.outbound_message_id
        WHERE m.recipient_email = $1 ORDER BY a.attempted_at`,
      [target],
    );
    expect(attempts.map((attempt) => [attempt.outcome, attempt.smtp_code])).toEqual([
      ['temporary_failure', 451],
      ['temporary_failure', 451],
      ['accepted', 250],
    ]);
    expect(attempts[0].response).toContain('Mailbox busy');
    // Exponential: no retry before its time, 1 s after the first refusal, 2 s (the cap) after the second.
    // Lower bounds only: a retry comes when its row is due, never sooner, however busy the machine.
    const waits = [1, 2].map((index) => attempts[index].attempted_at.getTime() - attempts[index - 1].attempted_at.getTime());
    expect(waits[0]).toBeGreaterThanOrEqual(900);
    expect(waits[1]).toBeGreaterThanOrEqual(1900);
    expect(smtp.offers.filter((offer) => offer === target)).toHaveLength(3);

    const register = (await t.http().get(`/meetings/${meetingId}/register`).set(admin).expect(200)).body;
    const entry = register.entries.find((item: { recipient: { email: string } }) => item.recipient.email === c.members.elu.email);
    expect(entry).toMatchObject({ state: 'sent', attempts: 3 });
    expect(entry.attemptLog.map((attempt: { outcome: string }) => attempt.outcome)).toEqual(['temporary_failure', 'temporary_failure', 'accepted']);
  });

  it('marks failed a message the server refuses with 5xx, never retries it, and tells the convener', async () => {
    const c = await committee();
    const target = c.members.dsi.email.toLowerCase();
    smtp.behaviour.rcpt = (address) => (address === target ? { code: 550, message: '5.1.1 No such user here' } : null);
    const convener = await headersFor(t, 'secretariat.dasen@ac-grenoble.example.fr', [{ role: 'convener', committeeId: c.committee.id }], {
      fullName: 'Secrétariat du DASEN',
    });
    const meetingId = await meetingOf(c);
    await t.http().post(`/meetings/${meetingId}/convene`).set(convener).send({}).expect(201);

    const [alert] = await eventually('the convener told', async () => {
      const mails = await smtp.to('secretariat.dasen@ac-grenoble.example.fr');
      return mails.length > 0 ? mails : null;
    });
    expect(alert.subject).toBe('Message non remis\u00A0: Nadia Benali – Comité de pilotage');
    expect(alert.text).toContain(`adressé à Nadia Benali <${c.members.dsi.email}>`);
    expect(alert.text).toContain('550 5.1.1 No such user here');
    expect(alert.text).toContain('vérifiez l’adresse de cette personne');
    const [row] = await t.dataSource.query(`SELECT state, attempts, last_error FROM outbound_messages WHERE recipient_email = $1 AND kind = 'convocation'`, [target]);
    expect(row).toMatchObject({ state: 'failed', attempts: 1 });
    expect(row.last_error).toContain('550');
    // Failed is final: no job is left to wake a worker for the row, and one attempt is all it had.
    const rows = await outboxRows(t, meetingId);
    const refused = rows.find((candidate) => candidate.recipientEmail === target && candidate.kind === 'convocation')!;
    await eventually('no job left for the refused row', async () => (await jobsLeftFor(t, [refused.id])).length === 0);
    expect((await outboxRows(t, meetingId)).find((candidate) => candidate.id === refused.id)).toMatchObject({
      state: 'failed',
      attempts: 1,
      outcomes: ['permanent_failure'],
    });
    expect(smtp.offers.filter((offer) => offer === target)).toHaveLength(1);
    expect(await smtp.to('secretariat.dasen@ac-grenoble.example.fr')).toHaveLength(1);
    const register = (await t.http().get(`/meetings/${meetingId}/register`).set(admin).expect(200)).body;
    expect(register.entries.find((item: { recipient: { email: string } }) => item.recipient.email === c.members.dsi.email).attemptLog).toEqual([
      expect.objectContaining({ outcome: 'permanent_failure', smtpCode: 550 }),
    ]);
  });

  it('delivers convocations waiting in the queue even when Redis is emptied under them', async () => {
    const c = await committee();
    const meetingId = await meetingOf(c);
    const sendAt = DateTime.now().plus({ seconds: 3 }).toUTC().toISO() as string;
    await t.http().post(`/meetings/${meetingId}/convene`).set(admin).send({ sendAt }).expect(201);
    // One delayed job wakes a worker for the meeting's three convocations, due at the same time.
    expect(await t.app.get(OutboxQueue).queue.getDelayedCount()).toBeGreaterThanOrEqual(1);

    expect(await deleteQueueKeys(t.config)).toBeGreaterThan(0);
    expect(await t.app.get(OutboxQueue).queue.getDelayedCount()).toBe(0);

    for (const member of Object.values(c.members)) {
      await eventually(`the convocation of ${member.fullName}`, async () => ((await smtp.to(member.email)).length > 0 ? true : null), 20_000);
    }
    await eventually('all three recorded as sent', async () => (await outboxStates(t, meetingId)).sent === 3);
    const accepted: Array<{ accepted_at: Date }> = await t.dataSource.query(`SELECT accepted_at FROM outbound_messages WHERE meeting_id = $1`, [meetingId]);
    expect(accepted.every((row) => row.accepted_at.getTime() >= new Date(sendAt).getTime())).toBe(true);
    // The reconciler queued the rows again; once no job is left for them, each was tried once.
    const rows = await outboxRows(t, meetingId);
    await eventually('no job left for the rows', async () => (await jobsLeftFor(t, rows.map((row) => row.id))).length === 0);
    expect((await outboxRows(t, meetingId)).map((row) => [row.state, row.attempts, row.outcomes])).toEqual(Array(3).fill(['sent', 1, ['accepted']]));
    for (const member of Object.values(c.members)) expect(await smtp.to(member.email)).toHaveLength(1);
  });

  it('convenes while Redis is down: the request succeeds at once, and the reconciler sends the convocations later', async () => {
    // A second API on the same database whose Redis cannot be reached; this file's worker has Redis.
    const offline = await createTestApp({ env: { DATABASE_URL: t.database.url, REDIS_URL: 'redis://127.0.0.1:9', MAIL_FROM: 'copil <copil@copil.example.fr>' } });
    try {
      const c = await committee();
      const meetingId = await meetingOf(c);
      await offline.http().post(`/meetings/${meetingId}/convene`).set(admin).send({}).expect(201);
      // Answered without Redis: the rows are written, whatever the worker has done with them since.
      expect(Object.values(await outboxStates(t, meetingId)).reduce((sum, count) => sum + count, 0)).toBe(3);
      for (const member of Object.values(c.members)) {
        await eventually(`the convocation of ${member.fullName}`, async () => ((await smtp.to(member.email)).length === 1 ? true : null), 20_000);
      }
      // The server records a message before its 250 reaches the worker: the row follows.
      await eventually('all three recorded as sent', async () => ((await outboxStates(t, meetingId)).sent === 3 ? true : null));
      expect(await outboxStates(t, meetingId)).toEqual({ sent: 3 });
    } finally {
      // The rate limiter's client would wait for Redis forever on close: cut it, then close the app.
      offline.app.get<Redis>(RATE_LIMIT_REDIS, { strict: false }).disconnect();
      await offline.close();
    }
  });

  it('sends only the new time when a meeting moves before its convocations leave', async () => {
    const c = await committee();
    const meetingId = await meetingOf(c);
    const sendAt = DateTime.now().plus({ seconds: 3 }).toUTC().toISO() as string;
    await t.http().post(`/meetings/${meetingId}/convene`).set(admin).send({ sendAt }).expect(201);
    const newStart = localTime(PARIS, 25, '14:00');
    await t.http().post(`/meetings/${meetingId}/reschedule`).set(admin).send({ start: newStart, end: localTime(PARIS, 25, '16:00') }).expect(200);
    expect(await outboxStates(t, meetingId)).toEqual({ obsolete: 3, pending: 3 });

    for (const member of Object.values(c.members)) {
      await eventually(`the convocation of ${member.fullName}`, async () => ((await smtp.to(member.email)).length > 0 ? true : null), 20_000);
    }
    // The delayed jobs of the first invitations fire too, and find nothing to do: once no job is
    // left for any row, the obsolete ones were never tried and the new ones tried once.
    const rows = await outboxRows(t, meetingId);
    await eventually('no job left for the rows', async () => (await jobsLeftFor(t, rows.map((row) => row.id))).length === 0, 20_000);
    const tried = (await outboxRows(t, meetingId)).map((row) => [row.state, row.attempts, row.outcomes]);
    expect(tried.filter(([state]) => state === 'obsolete')).toEqual(Array(3).fill(['obsolete', 0, []]));
    expect(tried.filter(([state]) => state === 'sent')).toEqual(Array(3).fill(['sent', 1, ['accepted']]));
    for (const member of Object.values(c.members)) {
      const mails = await smtp.to(member.email);
      expect(mails).toHaveLength(1);
      expect(mails[0].subject).toMatch(/^Convocation\u00A0:/);
      const { event } = eventOf(calendarParts(mails[0]).alternative);
      expect(event.getFirstPropertyValue('sequence')).toBe(1);
      expect((event.getFirstPropertyValue('dtstart') as { toJSDate: () => Date }).toJSDate().toISOString()).toBe(
        DateTime.fromISO(newStart, { zone: PARIS }).toUTC().toISO(),
      );
    }
    expect(await outboxStates(t, meetingId)).toEqual({ obsolete: 3, sent: 3 });
  });
  it('writes the convocations as .eml files in the outbox folder when no SMTP server is configured', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'copil-outbox-'));
    const local = await createTestApp({
      env: { MAIL_OUTBOX_DIR: folder, CONVOCATION_RECONCILE_SECONDS: '1', MAIL_FROM: 'copil <copil@copil.example.fr>' },
      imports: [ConvocationsWorkerModule],
    });
    try {
      const c = await buildConvenedCommittee(local, {
        timeZone: PARIS,
        holidayCountry: 'FR',
        members: [{ seat: 'ien', party: 'academie', name: 'Hugo Horsligne' }],
      });
      const meetingId = await scheduleMeeting(local, c.committee.id, { start: localTime(PARIS, 20, '09:00'), end: localTime(PARIS, 20, '11:00') });
      await local.http().post(`/meetings/${meetingId}/convene`).set(await asAdmin(local)).send({}).expect(201);
      // The file is written before the row is marked sent: once the row is sent, the file is whole.
      const register = await eventually('the convocation marked sent', async () => {
        const body = (await local.http().get(`/meetings/${meetingId}/register`).set(await asAdmin(local)).expect(200)).body;
        return body.entries[0]?.state === 'sent' ? body : null;
      });
      const [file] = (await readdir(folder)).filter((name) => name.endsWith('.eml'));
      const mail = await simpleParser(await readFile(join(folder, file)));
      expect(mail.to).toMatchObject({ value: [{ address: c.members.ien.email }] });
      expect(eventOf(calendarParts(mail).alternative).method).toBe('REQUEST');
      expect(register.entries[0]).toMatchObject({ state: 'sent', messageId: mail.messageId });
      expect(register.entries[0].serverResponse).toContain(`written to ${join(folder, file)}`);
      // The register people download says where the message went in French, and not the server's folder.
      const csv = (await local.http().get(`/meetings/${meetingId}/register.csv`).set(await asAdmin(local)).buffer(true).expect(200)).text;
      const row = csv.split('\r\n').find((line) => line.startsWith('Hugo Horsligne;')) as string;
      expect(row.split(';')[9]).toBe('enregistré dans le dossier de développement (aucun envoi réel)');
      expect(csv).not.toContain(folder);
      expect(csv).not.toContain('written to');
    } finally {
      await local.close();
      await deleteQueueKeys(local.config);
      await rm(folder, { recursive: true, force: true });
    }
  });
});
