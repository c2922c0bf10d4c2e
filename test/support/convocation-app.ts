import { ParsedMail } from 'mailparser';
import type { Test } from 'supertest';
import { ConvocationsWorkerModule } from '../../src/convocations/convocations-worker.module';
import { AuthHeaders, asAdmin } from './auth-helpers';
import { invitationFacts } from './convocation-mail';
import { eventually } from './eventually';
import { SmtpSink, startSmtpSink } from './smtp-sink';
import { createTestApp, TestApp } from './test-app';

/**
 * What the specs of convening, changes, late joiners and calendar replies share: the API and the
 * worker in one app on a fresh database, sending through a real SMTP server (the sink), the
 * reconciler every second, the académie's convocations from the DSDEN 38's address.
 */
export const CONVOCATION_APP_ENV: Readonly<Record<string, string>> = {
  SMTP_TIMEOUT_MS: '2000',
  CONVOCATION_RECONCILE_SECONDS: '1',
  MAIL_FROM: 'copil <copil@copil.example.fr>',
  MAIL_FROM_ACADEMIE: 'DSDEN 38 <ce.dsden38@ac-grenoble.example.fr>',
  PUBLIC_BASE_URL: 'https://copil.example.fr',
};

export interface ConvocationApp {
  t: TestApp;
  smtp: SmtpSink;
  admin: AuthHeaders;
  /** The messages to `email`, once there are `count`. */
  mailsTo: (email: string, count: number) => Promise<ParsedMail[]>;
  /** The messages to `email` whose invitation has this UID, once there are `count`. */
  mailsAbout: (uid: string, email: string, count: number) => Promise<ParsedMail[]>;
  /** The UID of a meeting's calendar entry. */
  uidOf: (meetingId: string) => Promise<string>;
  /** Posts a calendar's REPLY to /calendar/replies, as a client that cannot mail it would. */
  postCalendarReply: (text: string) => Test;
}

export interface ConvocationAppOptions {
  /** More settings, or other values; a function when they are known only once earlier hooks ran (a mailbox's URL). */
  env?: Record<string, string> | (() => Record<string, string>);
  /** How long a wait for mail may last before the test fails rather than hangs (60 s on a busy machine with Dovecot). */
  mailTimeoutMs?: number;
}

/**
 * Registers the hooks of a spec file around one such app: started before all its tests (after the
 * hooks registered earlier), its clock back to real time after each test, closed after all. The
 * app reaches the spec through `receive`, e.g. `useConvocationApp((app) => ({ t, smtp, admin } = app))`.
 */
export function useConvocationApp(receive: (app: ConvocationApp) => void, options: ConvocationAppOptions = {}): void {
  let app: ConvocationApp | null = null;
  let smtp: SmtpSink | null = null;

  beforeAll(async () => {
    smtp = await startSmtpSink();
    const sink = smtp;
    const extra = typeof options.env === 'function' ? options.env() : (options.env ?? {});
    const t = await createTestApp({ env: { ...CONVOCATION_APP_ENV, SMTP_URL: sink.url, ...extra }, imports: [ConvocationsWorkerModule] });
    const admin = await asAdmin(t);
    const waitFor = (what: string, select: (mails: ParsedMail[]) => ParsedMail[], email: string, count: number) =>
      eventually(
        what,
        async () => {
          const mails = select(await sink.to(email));
          return mails.length >= count ? mails : null;
        },
        options.mailTimeoutMs,
      );
    app = {
      t,
      smtp: sink,
      admin,
      mailsTo: (email, count) => waitFor(`${count} message(s) to ${email}`, (mails) => mails, email, count),
      mailsAbout: (uid, email, count) => waitFor(`${count} message(s) to ${email} about ${uid}`, (mails) => mails.filter((mail) => invitationFacts(mail).uid === uid), email, count),
      postCalendarReply: (text) => t.http().post('/calendar/replies').set('Content-Type', 'text/calendar; charset=utf-8').send(text),
      uidOf: async (meetingId) => (await t.http().get(`/meetings/${meetingId}`).set(admin).expect(200)).body.icalUid as string,
    };
    receive(app);
  });
  afterEach(() => {
    app?.t.clock.reset();
  });
  afterAll(async () => {
    // Closing the app also empties its queues' keys in Redis.
    await app?.t.close();
    await smtp?.close();
  });
}
