import { ImapFlow } from 'imapflow';
import { TestApp } from './support/test-app';
import { buildParisCommittee, localTime, scheduleMeeting } from './support/builders';
import { eventually } from './support/eventually';
import { calendarParts, eventOf } from './support/convocation-mail';
import { ConvocationApp, useConvocationApp } from './support/convocation-app';
import { Dovecot, startDovecot } from './support/dovecot';
import { outlookReply } from './support/calendar-client-mail';

const PARIS = 'Europe/Paris';
const SENDER = 'ce.dsden38@ac-grenoble.example.fr';
/** The shortest interval the configuration accepts. */
const POLL_SECONDS = 5;

describe('the reply collector on its own schedule: the worker reads the organizer’s mailbox (a real Dovecot) every IMAP_POLL_SECONDS', () => {
  let dovecot: Dovecot;
  let t: TestApp;
  let imap: ImapFlow;
  let mailsTo: ConvocationApp['mailsTo'];

  beforeAll(async () => {
    dovecot = await startDovecot();
  });
  useConvocationApp((app) => ({ t, mailsTo } = app), {
    env: () => ({ MAIL_FROM_ACADEMIE: `DSDEN 38 <${SENDER}>`, IMAP_URL: dovecot.url, IMAP_POLL_SECONDS: String(POLL_SECONDS) }),
    mailTimeoutMs: 60_000,
  });
  beforeAll(async () => {
    imap = await dovecot.client();
  });
  afterAll(async () => {
    await imap?.logout().catch(() => undefined);
    await dovecot.stop();
  });

  it('applies an Outlook « Accepter » delivered to the mailbox, without anyone running the collector, and files it', async () => {
    const c = await buildParisCommittee(t);
    const start = localTime(PARIS, 20, '09:00');
    const end = localTime(PARIS, 20, '11:00');
    const meetingId = await scheduleMeeting(t, c.committee.id, { start, end });
    await t.http().post(`/meetings/${meetingId}/convene`).send({}).expect(201);
    const { icalUid } = (await t.http().get(`/meetings/${meetingId}`).expect(200)).body;
    const jean = c.members.elu;
    const [invitation] = await mailsTo(jean.email, 1);
    const replyAddress = String(eventOf(calendarParts(invitation).alternative).event.getFirstPropertyValue('organizer')).replace(/^mailto:/i, '');

    await imap.append(
      'INBOX',
      Buffer.from(
        outlookReply({
          uid: icalUid,
          sequence: 0,
          summary: 'Comité de pilotage',
          start: new Date(start),
          end: new Date(end),
          partstat: 'ACCEPTED',
          attendee: { name: jean.fullName, email: jean.email },
          organizer: { name: 'DSDEN 38', email: replyAddress },
          to: replyAddress,
          at: new Date(),
        }),
        'utf8',
      ),
    );

    // The worker's next scheduled poll (every 5 s) applies it: the test only watches the row.
    const answered = await eventually(`Jean's answer from his calendar`, async () => {
      const [row]: { answer: string; answer_source: string | null }[] = await t.dataSource.query(
        'SELECT answer, answer_source FROM convocations WHERE meeting_id = $1 AND person_id = $2',
        [meetingId, jean.id],
      );
      return row.answer_source === 'calendar' ? row : null;
    }, 120_000);
    expect(answered).toEqual({ answer: 'accepted', answer_source: 'calendar' });
    // Filed by the same run: the inbox empties.
    await eventually('the reply moved out of the inbox', async () => {
      const inbox = await imap.status('INBOX', { messages: true });
      return inbox && inbox.messages === 0 ? true : null;
    }, 60_000);
  });
});
