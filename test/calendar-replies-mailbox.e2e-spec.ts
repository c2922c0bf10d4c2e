import { Queue } from 'bullmq';
import { ImapFlow } from 'imapflow';
import { LEFT_KEYWORD, ReplyCollector } from '../src/convocations/reply-collector';
import { QUEUES, SCHEDULERS } from '../src/queue/queues';
import { TestApp } from './support/test-app';
import { ConvenedCommittee, buildParisCommittee, localTime, scheduleMeeting } from './support/builders';
import { eventually } from './support/eventually';
import { calendarParts, eventOf } from './support/convocation-mail';
import { ConvocationApp, useConvocationApp } from './support/convocation-app';
import { Dovecot, startDovecot } from './support/dovecot';
import { ClientReply, appleReply, gmailReply, ordinaryMail, outlookReply, thunderbirdReply } from './support/calendar-client-mail';

const PARIS = 'Europe/Paris';
const SENDER = 'ce.dsden38@ac-grenoble.example.fr';

describe('the reply collector: calendar REPLYs delivered to the organizer’s IMAP mailbox (a real Dovecot)', () => {
  let dovecot: Dovecot;
  let t: TestApp;
  let imap: ImapFlow;
  let mailsTo: ConvocationApp['mailsTo'];

  beforeAll(async () => {
    dovecot = await startDovecot();
  });
  useConvocationApp((app) => ({ t, mailsTo } = app), {
    // The test runs each poll itself.
    env: () => ({ MAIL_FROM_ACADEMIE: `DSDEN 38 <${SENDER}>`, IMAP_URL: dovecot.url, IMAP_POLL_SECONDS: '86400' }),
    mailTimeoutMs: 60_000,
  });
  beforeAll(async () => {
    imap = await dovecot.client();
    // The worker polls once as it starts; let that poll end, so that each poll below is the test's own.
    const schedules = new Queue(QUEUES.maintenance, { connection: { url: t.config.redisUrl }, prefix: t.config.queuePrefix });
    await eventually('the first scheduled poll', async () => ((await schedules.getJobScheduler(SCHEDULERS.collectCalendarReplies))?.next ?? 0) > Date.now() + 3_600_000, 60_000);
    await schedules.close();
    await t.app.get(ReplyCollector).run();
  });
  afterAll(async () => {
    await dovecot.stop();
  });

  function committee(): Promise<ConvenedCommittee> {
    return buildParisCommittee(t, {
      members: [
        { seat: 'dasen', party: 'academie', name: 'Claire Martin' },
        { seat: 'elu', party: 'commune', name: 'Jean Dupont', substitute: 'Paul Durand' },
        { seat: 'ien', party: 'academie', name: 'Hélène Lefèvre' },
        { seat: 'parent', party: 'commune', name: 'Marc Petit' },
      ],
    });
  }

  /** The ORGANIZER of the invitation a person received: where their calendar sends its REPLY. */
  async function replyAddressOf(email: string): Promise<string> {
    const [mail] = await mailsTo(email, 1);
    return String(eventOf(calendarParts(mail).alternative).event.getFirstPropertyValue('organizer')).replace(/^mailto:/i, '');
  }

  async function answers(meetingId: string): Promise<Record<string, { answer: string; source: string | null }>> {
    const rows: { email: string; answer: string; answer_source: string | null }[] = await t.dataSource.query(
      'SELECT email, answer, answer_source FROM convocations WHERE meeting_id = $1 AND withdrawn_at IS NULL',
      [meetingId],
    );
    return Object.fromEntries(rows.map((row) => [row.email, { answer: row.answer, source: row.answer_source }]));
  }

  async function deliver(raw: string): Promise<void> {
    await imap.append('INBOX', Buffer.from(raw, 'utf8'));
  }

  async function subjectsIn(path: string): Promise<{ subject: string; flags: string[] }[]> {
    const lock = await imap.getMailboxLock(path);
    try {
      const found: { subject: string; flags: string[] }[] = [];
      const status = await imap.status(path, { messages: true });
      if (!status || !status.messages) return found;
      for await (const message of imap.fetch('1:*', { envelope: true, flags: true })) {
        found.push({ subject: message.envelope?.subject ?? '', flags: [...(message.flags ?? [])] });
      }
      return found;
    } finally {
      lock.release();
    }
  }

  async function doneFolder(): Promise<string> {
    const folders = await imap.list();
    const done = folders.find((folder) => folder.path.split(folder.delimiter).join('/') === 'copil/traitées');
    if (!done) throw new Error(`no copil/traitées folder among ${folders.map((folder) => folder.path).join(', ')}`);
    return done.path;
  }

  it('applies the REPLYs of Outlook, Thunderbird, Gmail and Apple, files them, and leaves forged ones and other mail in the inbox', async () => {
    const c = await committee();
    const start = localTime(PARIS, 20, '09:00');
    const meetingId = await scheduleMeeting(t, c.committee.id, { start, end: localTime(PARIS, 20, '11:00') });
    await t.http().post(`/meetings/${meetingId}/convene`).send({}).expect(201);
    const { icalUid } = (await t.http().get(`/meetings/${meetingId}`).expect(200)).body;
    const [claire, jean, helene, marc] = [c.members.dasen, c.members.elu, c.members.ien, c.members.parent];
    const address = {
      claire: await replyAddressOf(claire.email),
      jean: await replyAddressOf(jean.email),
      helene: await replyAddressOf(helene.email),
      marc: await replyAddressOf(marc.email),
    };
    const meeting = { uid: icalUid, sequence: 0, summary: 'Comité de pilotage', start: new Date(start), end: new Date(localTime(PARIS, 20, '11:00')) };
    const organizer = (email: string) => ({ name: 'DSDEN 38', email });
    const person = (p: { fullName: string; email: string }) => ({ name: p.fullName, email: p.email });
    const at = (minutes: number) => new Date(Date.UTC(2026, 0, 5, 9, minutes));
    const reply = (fields: Omit<ClientReply, 'summary' | 'start' | 'end' | 'uid' | 'sequence'> & { sequence?: number }): ClientReply => ({ ...meeting, ...fields });

    // An Exchange server that resolved the ORGANIZER to the plain address: the proof is where the mail was sent.
    await deliver(outlookReply(reply({ partstat: 'ACCEPTED', attendee: person(helene), organizer: organizer(SENDER), to: address.helene, at: at(1) })));
    await deliver(thunderbirdReply(reply({ partstat: 'TENTATIVE', attendee: person(marc), organizer: organizer(address.marc), to: address.marc, at: at(2) })));
    await deliver(gmailReply(reply({ partstat: 'DECLINED', attendee: person(claire), organizer: organizer(address.claire), to: address.claire, at: at(3) })));
    await deliver(appleReply(reply({ partstat: 'DELEGATED', delegatedTo: c.substitutes.elu.email, attendee: person(jean), organizer: organizer(address.jean), to: address.jean, at: at(4) })));
    await deliver(ordinaryMail(SENDER, at(5)));
    // Forged, later than the true answers: Claire's reply address answering for Hélène; Marc's with its secret altered.
    await deliver(gmailReply(reply({ partstat: 'DECLINED', attendee: person(helene), organizer: organizer(address.claire), to: address.claire, at: at(6) })));
    const altered = address.marc.replace(/\+([a-z2-7])/, (_, first: string) => `+${first === 'a' ? 'b' : 'a'}`);
    await deliver(thunderbirdReply(reply({ partstat: 'DECLINED', attendee: person(marc), organizer: organizer(altered), to: altered, at: at(7) })));

    const report = await t.app.get(ReplyCollector).run();

    expect(report).toEqual({ applied: 4, ignored: 0, left: 2 });
    expect(await answers(meetingId)).toMatchObject({
      [helene.email]: { answer: 'accepted', source: 'calendar' },
      [marc.email]: { answer: 'tentative', source: 'calendar' },
      [claire.email]: { answer: 'declined', source: 'calendar' },
      [jean.email]: { answer: 'substitute', source: 'calendar' },
      [c.substitutes.elu.email]: { answer: 'needs_action', source: null },
    });
    const [substituteInvitation] = await mailsTo(c.substitutes.elu.email, 1);
    expect(eventOf(calendarParts(substituteInvitation).alternative).method).toBe('REQUEST');

    const inbox = await subjectsIn('INBOX');
    expect(inbox.map((message) => message.subject).sort()).toEqual(
      ['Ordre du jour : une question à ajouter', 'Refusé : Comité de pilotage @ lun. 14 déc. 2026 09:00 - 11:00 (UTC+1) (' + address.claire + ')', 'Refusé : Comité de pilotage'].sort(),
    );
    const plain = inbox.find((message) => message.subject.startsWith('Ordre du jour'));
    expect(plain?.flags).not.toContain('\\Seen');
    expect(plain?.flags).not.toContain(LEFT_KEYWORD);
    expect(inbox.filter((message) => message.flags.includes(LEFT_KEYWORD))).toHaveLength(2);
    expect((await subjectsIn(await doneFolder())).map((message) => message.subject).sort()).toEqual(
      [
        'Accepted: Comité de pilotage',
        'Accepté provisoirement : Comité de pilotage',
        'Refusé : Comité de pilotage @ lun. 14 déc. 2026 09:00 - 11:00 (UTC+1) (' + address.claire + ')',
        'Invitation déléguée : Comité de pilotage',
      ].sort(),
    );

    // The next poll reads nothing again.
    expect(await t.app.get(ReplyCollector).run()).toEqual({ applied: 0, ignored: 0, left: 0 });

    // The meeting moves (SEQUENCE 1): Marc's calendar answering the first version is filed, unapplied; his answer to the new one counts.
    await t.http().post(`/meetings/${meetingId}/reschedule`).send({ start: localTime(PARIS, 21, '09:00'), end: localTime(PARIS, 21, '11:00') }).expect(200);
    await mailsTo(marc.email, 2);
    await deliver(thunderbirdReply(reply({ sequence: 0, partstat: 'DECLINED', attendee: person(marc), organizer: organizer(address.marc), to: address.marc, at: at(8) })));
    expect(await t.app.get(ReplyCollector).run()).toEqual({ applied: 0, ignored: 1, left: 0 });
    // The move asked everyone again (docs/meetings.md): his answer to the former time is history only.
    expect((await answers(meetingId))[marc.email]).toEqual({ answer: 'needs_action', source: null });
    await deliver(thunderbirdReply(reply({ sequence: 1, partstat: 'DECLINED', attendee: person(marc), organizer: organizer(address.marc), to: address.marc, at: at(9) })));
    expect(await t.app.get(ReplyCollector).run()).toEqual({ applied: 1, ignored: 0, left: 0 });
    expect((await answers(meetingId))[marc.email]).toEqual({ answer: 'declined', source: 'calendar' });
    expect(await subjectsIn('INBOX')).toHaveLength(3);
  });
});
