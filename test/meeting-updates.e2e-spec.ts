import { DateTime } from 'luxon';
import { TestApp } from './support/test-app';
import { AuthHeaders } from './support/auth-helpers';
import { ConvenedCommittee, buildParisCommittee, localTime, scheduleMeeting } from './support/builders';
import { SimulatedCalendar, answerToken, bareReply, calendarParts, invitationFacts as invitationOf } from './support/convocation-mail';
import { ConvocationApp, useConvocationApp } from './support/convocation-app';

const PARIS = 'Europe/Paris';
const NBSP = '\u00A0';

/**
 * Issue 12, item 14: a change of agenda or place keeps the answers and asks nothing again (same
 * SEQUENCE, later DTSTAMP, the answer as PARTSTAT, no RSVP); a change of time raises the SEQUENCE,
 * asks everyone again (PARTSTAT=NEEDS-ACTION, RSVP=TRUE, said in French) and the answer history
 * keeps what was answered before. Real SMTP, the invitations read back with ical.js, answers
 * through the answer pages and the calendar-reply route.
 */
describe('meeting updates: which changes keep the answers, which ask again', () => {
  let t: TestApp;
  let admin: AuthHeaders;
  let mailsTo: ConvocationApp['mailsTo'];
  let postReply: ConvocationApp['postCalendarReply'];
  useConvocationApp((app) => ({ t, admin, mailsTo, postCalendarReply: postReply } = app));

  function parisCommittee(): Promise<ConvenedCommittee> {
    return buildParisCommittee(t);
  }

  /** A REPLY as Thunderbird writes it, sent to the recipient's own reply address. */
  function calendarReply(fields: { uid: string; sequence: number; partstat: string; stamp: string; attendee: string; organizer: string }): string {
    return bareReply({ ...fields, prodId: '-//Mozilla.org/NONSGML Mozilla Calendar V1.1//EN', attendee: { name: 'Jean Dupont', email: fields.attendee } });
  }

  async function answers(meetingId: string) {
    const body = (await t.http().get(`/meetings/${meetingId}/answers`).set(admin).expect(200)).body;
    const of = (email: string) => body.recipients.find((recipient: { person: { email: string } }) => recipient.person.email === email);
    return { body, of };
  }

  /** Convened; Claire accepts on her answer page, Jean declines from his calendar. */
  async function convenedAndAnswered() {
    const c = await parisCommittee();
    const meetingId = await scheduleMeeting(t, c.committee.id, { start: localTime(PARIS, 20, '09:00'), end: localTime(PARIS, 20, '11:00') });
    await t.http().post(`/meetings/${meetingId}/convene`).set(admin).send({}).expect(201);
    const claire = c.members.dasen.email;
    const jean = c.members.elu.email;
    const [claireFirst] = await mailsTo(claire, 1);
    const first = invitationOf((await mailsTo(jean, 1))[0]);
    expect(first).toMatchObject({ method: 'REQUEST', sequence: 0, partstat: 'NEEDS-ACTION', rsvp: 'TRUE' });

    await t.http().post(`/answers/${answerToken(claireFirst)}`).set('Accept', 'text/html').type('form').send({ answer: 'accepted' }).expect(200);
    const declined = await postReply(calendarReply({ uid: first.uid, sequence: 0, partstat: 'DECLINED', stamp: '20250310T090000Z', attendee: jean, organizer: first.organizer })).expect(200);
    expect(declined.body).toMatchObject({ applied: true, answer: 'declined' });
    return { meetingId, claire, jean, claireFirst, first };
  }

  it('keeps the answers when the place and the agenda change: same SEQUENCE, later DTSTAMP, the answer as PARTSTAT, nothing asked', async () => {
    const { meetingId, claire, jean, claireFirst, first } = await convenedAndAnswered();
    const calendar = new SimulatedCalendar();
    calendar.apply(calendarParts(claireFirst).alternative);

    t.clock.advance({ minutes: 5 });
    const patched = await t
      .http()
      .patch(`/meetings/${meetingId}`)
      .set(admin)
      .send({ location: 'Rectorat, salle 12', agenda: [{ title: 'Bilan du trimestre' }, { title: 'Budget 2026' }] })
      .expect(200);
    expect(patched.body.icalSequence).toBe(0);

    const [, claireUpdate] = await mailsTo(claire, 2);
    const [, jeanUpdate] = await mailsTo(jean, 2);
    const forClaire = invitationOf(claireUpdate);
    expect(forClaire).toMatchObject({ method: 'REQUEST', uid: first.uid, sequence: 0, location: 'Rectorat, salle 12', partstat: 'ACCEPTED', rsvp: 'FALSE' });
    expect(forClaire.dtstamp.getTime()).toBeGreaterThan(invitationOf(claireFirst).dtstamp.getTime());
    expect(invitationOf(jeanUpdate)).toMatchObject({ sequence: 0, partstat: 'DECLINED', rsvp: 'FALSE' });

    expect(claireUpdate.subject).toMatch(/^Modification\u00A0:/);
    expect(claireUpdate.text).toContain(`Le lieu change${NBSP}: «${NBSP}Mairie, salle du conseil${NBSP}» devient «${NBSP}Rectorat, salle 12${NBSP}».`);
    expect(claireUpdate.text).toContain('L’ordre du jour a été modifié');
    expect(claireUpdate.text).toContain(`Votre réponse reste enregistrée${NBSP}: «${NBSP}je participerai${NBSP}». Vous n’avez pas à répondre de nouveau.`);
    expect(claireUpdate.text).toContain(`Pour changer votre réponse${NBSP}:`);
    expect(claireUpdate.text).not.toContain('ne valent plus');
    expect(jeanUpdate.text).toContain(`Votre réponse reste enregistrée${NBSP}: «${NBSP}je ne pourrai pas participer${NBSP}».`);

    // A calendar holding SEQUENCE 0 takes the newer copy of the same SEQUENCE: the place moves.
    calendar.apply(calendarParts(claireUpdate).alternative);
    expect(calendar.entries.get(first.uid)).toMatchObject({ sequence: 0, location: 'Rectorat, salle 12' });

    const after = await answers(meetingId);
    expect(after.body.summary).toMatchObject({ accepted: 1, declined: 1, needsAction: 0 });
    expect(after.of(claire)).toMatchObject({ answer: 'accepted', answerSource: 'link', history: [{ answer: 'accepted', event: 'link', sequence: 0 }] });
    expect(after.of(jean)).toMatchObject({ answer: 'declined', answerSource: 'calendar', history: [{ answer: 'declined', event: 'calendar', sequence: 0 }] });

    // A reply to the invitation still answers this version: Jean's calendar changing his mind counts.
    const changed = await postReply(calendarReply({ uid: first.uid, sequence: 0, partstat: 'ACCEPTED', stamp: '20250311T090000Z', attendee: jean, organizer: first.organizer })).expect(200);
    expect(changed.body).toMatchObject({ applied: true, answer: 'accepted' });
  });

  it('asks everyone again when the time changes, says so in French, and keeps the earlier answers as history', async () => {
    const { meetingId, claire, jean, claireFirst, first } = await convenedAndAnswered();
    const calendar = new SimulatedCalendar();
    calendar.apply(calendarParts(claireFirst).alternative);

    const newStart = localTime(PARIS, 22, '14:00');
    const moved = await t.http().post(`/meetings/${meetingId}/reschedule`).set(admin).send({ start: newStart, end: localTime(PARIS, 22, '16:00') }).expect(200);
    expect(moved.body.icalSequence).toBe(1);

    const [, claireUpdate] = await mailsTo(claire, 2);
    const [, jeanUpdate] = await mailsTo(jean, 2);
    for (const mail of [claireUpdate, jeanUpdate]) {
      expect(invitationOf(mail)).toMatchObject({
        method: 'REQUEST',
        uid: first.uid,
        sequence: 1,
        start: DateTime.fromISO(newStart, { zone: PARIS }).toUTC().toISO(),
        partstat: 'NEEDS-ACTION',
        rsvp: 'TRUE',
      });
      expect(mail.text).toContain('La réunion est déplacée du ');
      expect(mail.text).toContain(`Les réponses données pour l’ancien horaire ne valent plus${NBSP}: merci d’indiquer de nouveau si vous participerez`);
      expect(mail.text).toContain(`Merci d’indiquer si vous participerez${NBSP}:`);
      expect(mail.text).not.toContain('reste enregistrée');
    }
    calendar.apply(calendarParts(claireUpdate).alternative);
    expect(calendar.entries.get(first.uid)).toMatchObject({ sequence: 1, start: DateTime.fromISO(newStart, { zone: PARIS }).toUTC().toISO() });

    // Everyone is asked again; who answered what, and when, before the move stays in the history.
    const after = await answers(meetingId);
    expect(after.body.summary).toMatchObject({ accepted: 0, declined: 0, needsAction: 2 });
    expect(after.body.quorum).toMatchObject({ outlook: 'pending', unanswered: 2 });
    const claireHistory = after.of(claire).history;
    expect(after.of(claire)).toMatchObject({ answer: 'needs_action', answeredAt: null, answerSource: null });
    expect(claireHistory).toMatchObject([
      { answer: 'accepted', event: 'link', sequence: 0 },
      { answer: 'needs_action', event: 'meeting_moved', sequence: 1 },
    ]);
    expect(Date.parse(claireHistory[0].at)).toBeLessThanOrEqual(Date.parse(claireHistory[1].at));
    expect(after.of(jean).history).toMatchObject([
      { answer: 'declined', event: 'calendar', sequence: 0 },
      { answer: 'needs_action', event: 'meeting_moved', sequence: 1 },
    ]);

    // Claire's answer page says her answer was for the former time.
    const page = await t.http().get(`/answers/${answerToken(claireUpdate)}`).expect(200);
    expect(page.text).toContain(`La séance a changé d’horaire${NBSP}: votre réponse pour l’ancien horaire («${NBSP}je participerai${NBSP}») ne vaut plus.`);
    expect(page.text).toContain(`Pour l’instant, <strong>vous n’avez pas encore répondu</strong>.`);

    // A calendar reply to the former time counts no more; one to the new time does.
    const stale = await postReply(calendarReply({ uid: first.uid, sequence: 0, partstat: 'ACCEPTED', stamp: '20250311T090000Z', attendee: jean, organizer: first.organizer })).expect(200);
    expect(stale.body).toMatchObject({ applied: false, ignoredBecause: 'stale_reply', answer: 'needs_action' });
    const fresh = await postReply(calendarReply({ uid: first.uid, sequence: 1, partstat: 'TENTATIVE', stamp: '20250312T090000Z', attendee: jean, organizer: first.organizer })).expect(200);
    expect(fresh.body).toMatchObject({ applied: true, answer: 'tentative' });
    await t.http().post(`/answers/${answerToken(claireUpdate)}`).send({ answer: 'declined' }).expect(200);

    const answered = await answers(meetingId);
    expect(answered.of(claire).history.map((entry: { answer: string }) => entry.answer)).toEqual(['accepted', 'needs_action', 'declined']);
    expect(answered.of(jean).history.map((entry: { answer: string; event: string }) => [entry.answer, entry.event])).toEqual([
      ['declined', 'calendar'],
      ['needs_action', 'meeting_moved'],
      ['tentative', 'calendar'],
    ]);

    // A later change of place keeps these new answers: SEQUENCE stays 1.
    t.clock.advance({ minutes: 5 });
    await t.http().patch(`/meetings/${meetingId}`).set(admin).send({ location: 'Rectorat, salle 12' }).expect(200);
    const [, , claireThird] = await mailsTo(claire, 3);
    const [, , jeanThird] = await mailsTo(jean, 3);
    expect(invitationOf(claireThird)).toMatchObject({ sequence: 1, partstat: 'DECLINED', rsvp: 'FALSE', location: 'Rectorat, salle 12' });
    expect(invitationOf(jeanThird)).toMatchObject({ sequence: 1, partstat: 'TENTATIVE', rsvp: 'FALSE' });
    expect(claireThird.text).not.toContain('La réunion est déplacée');
    expect((await answers(meetingId)).body.summary).toMatchObject({ declined: 1, tentative: 1, needsAction: 0 });
  });
});
