import { DateTime } from 'luxon';
import { TestApp } from './support/test-app';
import { AuthHeaders } from './support/auth-helpers';
import { ConvenedCommittee, buildParisCommittee, buildPerson, localTime, scheduleMeeting } from './support/builders';
import { eventually } from './support/eventually';
import { SimulatedCalendar, answerToken, calendarParts, invitationFacts as calendarOf } from './support/convocation-mail';
import { ConvocationApp, useConvocationApp } from './support/convocation-app';

const PARIS = 'Europe/Paris';
const NBSP = '\u00A0';

/**
 * Issue 12, item 19: who takes a seat after a meeting was convened, while it is still ahead, is
 * convened too — their own convocation of the same meeting (UID), their own reply address — and
 * nobody else gets anything again; who leaves the seat is withdrawn. When the notice can no longer
 * be given to the newcomer, the convocation still goes, says so, and the register flags it.
 */
describe('late joiners: members who take a seat after the convocations left', () => {
  let t: TestApp;
  let admin: AuthHeaders;
  let mailsAbout: ConvocationApp['mailsAbout'];
  let uidOf: ConvocationApp['uidOf'];
  useConvocationApp((app) => ({ t, admin, mailsAbout, uidOf } = app));

  /** The académie's DASEN, the commune's elected member, and a parents' seat held by Luc Ancien. */
  function parisCommittee(): Promise<ConvenedCommittee> {
    return buildParisCommittee(t, {
      members: [
        { seat: 'dasen', party: 'academie', name: 'Claire Martin' },
        { seat: 'elu', party: 'commune', name: 'Jean Dupont' },
        { seat: 'parent', party: 'commune', name: 'Luc Ancien' },
      ],
    });
  }

  /** The messages to `email` about the meeting of that UID, once there are `count`. */
  function mailsTo(email: string, uid: string, count: number) {
    return mailsAbout(uid, email, count);
  }

  /** Outbox rows written for one address: what was decided, whether or not it has left yet. */
  async function rowsFor(meetingId: string, email: string): Promise<Array<{ kind: string; state: string }>> {
    return t.dataSource.query(`SELECT kind, state FROM outbound_messages WHERE meeting_id = $1 AND recipient_email = $2 ORDER BY created_at, id`, [meetingId, email]);
  }

  function today(): string {
    return DateTime.fromJSDate(t.clock.now()).setZone(PARIS).toISODate() as string;
  }

  it('convenes a member who joins after convening, once and alone, and withdraws the member who left', async () => {
    const c = await parisCommittee();
    const meetingId = await scheduleMeeting(t, c.committee.id, { start: localTime(PARIS, 20, '09:00'), end: localTime(PARIS, 20, '11:00') });
    // A meeting already past its convening and another cancelled: nothing is sent for them.
    const cancelledId = await scheduleMeeting(t, c.committee.id, { start: localTime(PARIS, 30, '09:00'), end: localTime(PARIS, 30, '11:00') });
    await t.http().post(`/meetings/${meetingId}/convene`).set(admin).send({}).expect(201);
    await t.http().post(`/meetings/${cancelledId}/convene`).set(admin).send({}).expect(201);
    await t.http().post(`/meetings/${cancelledId}/cancel`).set(admin).send({ reason: 'Reportée' }).expect(200);
    const uid = await uidOf(meetingId);
    const [jeanFirst] = await mailsTo(c.members.elu.email, uid, 1);
    const [lucFirst] = await mailsTo(c.members.parent.email, uid, 1);
    await mailsTo(c.members.dasen.email, uid, 1);

    // Luc leaves the parents' seat today; Nadia takes it from tomorrow.
    const [lucMembership] = await t.dataSource.query(`SELECT id FROM memberships WHERE person_id = $1`, [c.members.parent.id]);
    await t.http().patch(`/memberships/${lucMembership.id}`).set(admin).send({ endsOn: today() }).expect(200);
    const nadia = await buildPerson(t.dataSource, 'Nadia Nouvelle');
    const tomorrow = DateTime.fromISO(today()).plus({ days: 1 }).toISODate() as string;
    const joined = await t.http().post(`/committees/${c.committee.id}/memberships`).set(admin).send({ seatKey: 'parent', personId: nadia.id, startsOn: tomorrow }).expect(201);

    const [welcome] = await mailsTo(nadia.email, uid, 1);
    const invited = calendarOf(welcome);
    expect(invited).toMatchObject({ method: 'REQUEST', uid, sequence: 0, attendee: nadia.email, rsvp: 'TRUE' });
    // Her own reply address: her calendar's answer proves it comes from her copy.
    expect(invited.organizer).toMatch(/^ce\.dsden38\+[a-z2-7]{24}@ac-grenoble\.example\.fr$/);
    expect(invited.organizer).not.toBe(calendarOf(jeanFirst).organizer);
    expect(welcome.subject).toMatch(/^Convocation\u00A0: Comité de pilotage/);
    expect(welcome.text).toContain(`Vous avez rejoint le Comité de pilotage après l’envoi des convocations à cette séance${NBSP}: voici la vôtre.`);
    expect(welcome.text).not.toContain('préavis');
    expect(welcome.text).toContain('1. Bilan du trimestre');

    const [, withdrawn] = await mailsTo(c.members.parent.email, uid, 2);
    const cancel = calendarOf(withdrawn);
    expect(withdrawn.subject).toMatch(/^Convocation retirée/);
    expect(cancel).toMatchObject({ method: 'CANCEL', uid, sequence: 1, status: null, attendee: c.members.parent.email });
    expect(cancel.rsvp).toBeUndefined();
    const lucCalendar = new SimulatedCalendar();
    lucCalendar.apply(calendarParts(lucFirst).alternative);
    lucCalendar.apply(calendarParts(withdrawn).alternative);
    expect(lucCalendar.entries.size).toBe(0);

    // Nothing again for those already convened, nothing for the cancelled meeting.
    expect((await rowsFor(meetingId, c.members.elu.email)).map((row) => row.kind)).toEqual(['convocation']);
    expect((await rowsFor(meetingId, c.members.dasen.email)).map((row) => row.kind)).toEqual(['convocation']);
    expect(await rowsFor(cancelledId, nadia.email)).toEqual([]);

    // A later change of the seats that does not concern her sends her nothing twice.
    await t.http().patch(`/memberships/${joined.body.id}`).set(admin).send({ endsOn: null }).expect(200);
    await t.http().patch(`/memberships/${lucMembership.id}`).set(admin).send({ endsOn: today() }).expect(200);
    expect((await rowsFor(meetingId, nadia.email)).map((row) => row.kind)).toEqual(['convocation']);
    expect((await rowsFor(meetingId, c.members.parent.email)).map((row) => row.kind)).toEqual(['convocation', 'cancellation']);

    // She answers like everyone; Luc is shown withdrawn; the forecast counts her for the commune.
    await t.http().post(`/answers/${answerToken(welcome)}`).send({ answer: 'accepted' }).expect(200);
    const answers = (await t.http().get(`/meetings/${meetingId}/answers`).set(admin).expect(200)).body;
    const of = (email: string) => answers.recipients.find((recipient: { person: { email: string } }) => recipient.person.email === email);
    expect(of(nadia.email)).toMatchObject({ role: 'member', answer: 'accepted', withdrawn: false, party: { key: 'commune' }, seat: { key: 'parent' } });
    expect(of(c.members.parent.email)).toMatchObject({ withdrawn: true });
    expect(answers.parties.find((party: { key: string }) => party.key === 'commune')).toMatchObject({ coming: 1 });
  });

  it('still convenes a late joiner when the notice can no longer be given, and says so; the register flags it', async () => {
    const c = await parisCommittee();
    const start = localTime(PARIS, 20, '09:00');
    const meetingId = await scheduleMeeting(t, c.committee.id, { start, end: localTime(PARIS, 20, '11:00') });
    await t.http().post(`/meetings/${meetingId}/convene`).set(admin).send({}).expect(201);
    const uid = await uidOf(meetingId);
    await mailsTo(c.members.elu.email, uid, 1);

    // Five days before an 8-day notice meeting: too late for the notice, not for the meeting.
    t.clock.set(DateTime.fromISO(start, { zone: PARIS }).minus({ days: 5 }).toUTC().toISO() as string);
    const nadia = await buildPerson(t.dataSource, 'Nadia Nouvelle');
    const [lucMembership] = await t.dataSource.query(`SELECT id FROM memberships WHERE person_id = $1`, [c.members.parent.id]);
    await t.http().patch(`/memberships/${lucMembership.id}`).set(admin).send({ endsOn: today() }).expect(200);
    const tomorrow = DateTime.fromISO(today()).plus({ days: 1 }).toISODate() as string;
    await t.http().post(`/committees/${c.committee.id}/memberships`).set(admin).send({ seatKey: 'parent', personId: nadia.id, startsOn: tomorrow }).expect(201);

    const [late] = await mailsTo(nadia.email, uid, 1);
    expect(calendarOf(late)).toMatchObject({ method: 'REQUEST', sequence: 0, attendee: nadia.email });
    expect(late.text).toContain(`Vous avez rejoint le Comité de pilotage après l’envoi des convocations à cette séance${NBSP}: voici la vôtre.`);
    expect(late.text).toContain(`Elle vous parvient après le délai de préavis (8${NBSP}jours avant la séance), qui ne pouvait plus être respecté pour vous.`);

    const register = await eventually('the late convocation in the register as sent', async () => {
      const body = (await t.http().get(`/meetings/${meetingId}/register`).set(admin).expect(200)).body;
      return body.entries.some((candidate: { recipient: { email: string }; state: string }) => candidate.recipient.email === nadia.email && candidate.state === 'sent') ? body : null;
    });
    expect(register.entries.find((candidate: { recipient: { email: string } }) => candidate.recipient.email === nadia.email)).toMatchObject({
      kind: 'convocation',
      lateJoiner: true,
      noticeRespected: false,
    });
    expect(register.entries.find((candidate: { recipient: { email: string } }) => candidate.recipient.email === c.members.elu.email)).toMatchObject({
      lateJoiner: false,
      noticeRespected: true,
    });
  });
});
