import { createHash, randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { ParsedMail, simpleParser } from 'mailparser';
import { AnswersWatch } from '../src/convocations/answers.watch';
import { CommitteesAtRiskJob } from '../src/convocations/committees-at-risk.job';
import { calendarContentType } from '../src/calendar/invitation.builder';
import { TestApp } from './support/test-app';
import { AuthHeaders, headersFor } from './support/auth-helpers';
import { SmtpSink } from './support/smtp-sink';
import { ConvenedCommittee, buildConvenedCommittee, buildParisCommittee, localTime, scheduleMeeting } from './support/builders';
import { eventually } from './support/eventually';
import { outboxStates } from './support/outbox-rows';
import { SimulatedCalendar, answerToken, bareReply, calendarParts, eventOf } from './support/convocation-mail';
import { ConvocationApp, useConvocationApp } from './support/convocation-app';

const PARIS = 'Europe/Paris';
const NBSP = '\u00A0';

describe('convocations: convening, the emails and calendar invitations, answers, reminders, the register', () => {
  let t: TestApp;
  let smtp: SmtpSink;
  let admin: AuthHeaders;
  let mailsTo: ConvocationApp['mailsTo'];
  let postReply: ConvocationApp['postCalendarReply'];
  useConvocationApp((app) => ({ t, smtp, admin, mailsTo, postCalendarReply: postReply } = app));

  /** A Paris committee of the académie and the commune, the DASEN convening; Jean Dupont has a substitute. */
  function parisCommittee(overrides: Partial<Parameters<typeof buildConvenedCommittee>[1]> = {}): Promise<ConvenedCommittee> {
    return buildParisCommittee(t, {
      members: [
        { seat: 'dasen', party: 'academie', name: 'Claire Martin' },
        { seat: 'elu', party: 'commune', name: 'Jean Dupont', substitute: 'Paul Durand' },
      ],
      ...overrides,
    });
  }

  function convene(meetingId: string, body: Record<string, unknown> = {}, headers: AuthHeaders = admin) {
    return t.http().post(`/meetings/${meetingId}/convene`).set(headers).send(body);
  }

  describe('convening', () => {
    it('refuses a meeting without an agenda: a convocation must carry it', async () => {
      const c = await parisCommittee();
      const meetingId = await scheduleMeeting(t, c.committee.id, { start: localTime(PARIS, 20, '09:00'), end: localTime(PARIS, 20, '11:00'), agenda: [] });
      const res = await convene(meetingId).expect(422);
      expect(res.body).toMatchObject({ code: 'agenda_required', field: 'agenda' });
      expect(await outboxStates(t, meetingId)).toEqual({});
    });

    it('refuses a sending date that leaves less than the notice, with the latest sending date', async () => {
      const c = await parisCommittee();
      const meetingDay = DateTime.now().setZone(PARIS).plus({ days: 20 });
      const meetingId = await scheduleMeeting(t, c.committee.id, { start: localTime(PARIS, 20, '09:00'), end: localTime(PARIS, 20, '11:00') });
      const res = await convene(meetingId, { sendAt: localTime(PARIS, 15, '08:00') }).expect(422);
      expect(res.body).toMatchObject({ code: 'notice_too_short', latestSendingDate: meetingDay.minus({ days: 8 }).toISODate() });
      await convene(meetingId, { sendAt: '2020-01-01T08:00' }).expect(400);
      expect(await outboxStates(t, meetingId)).toEqual({});
    });

    it('refuses while the documents the committee needs beforehand have not arrived', async () => {
      const c = await parisCommittee({ prerequisites: [{ fromCommittee: 'technical', description: 'l’ensemble des documents nécessaires à la séance' }] });
      const meetingId = await scheduleMeeting(t, c.committee.id, { start: localTime(PARIS, 20, '09:00'), end: localTime(PARIS, 20, '11:00') });
      const res = await convene(meetingId).expect(422);
      expect(res.body).toMatchObject({ code: 'prerequisites_missing', missing: [{ fromCommittee: 'technical' }] });
      await t.http().post(`/meetings/${meetingId}/documents`).set(admin).send({ kind: 'prerequisite', fromCommittee: 'technical', title: 'Dossier', url: 'https://partage.example.fr/dossier.pdf' }).expect(201);
      await convene(meetingId).expect(201);
      await convene(meetingId).expect(409).expect((response) => expect(response.body.code).toBe('already_convened'));
    });

    it('leaves in the audit trail, by the person convening, each convocation written and the meeting marked convened', async () => {
      const c = await parisCommittee();
      const claire = await headersFor(t, c.members.dasen.email, [{ role: 'convener', committeeId: c.committee.id }]);
      const meetingId = await scheduleMeeting(t, c.committee.id, { start: localTime(PARIS, 20, '09:00'), end: localTime(PARIS, 20, '11:00') });
      const res = await convene(meetingId, {}, claire).expect(201);
      const entries: Array<{ entity_type: string; entity_id: string; action: string; actor_label: string; before: Record<string, unknown> | null; after: Record<string, unknown>; meeting_id: string; committee_id: string; convention_id: string | null }> =
        await t.dataSource.query(
          `SELECT entity_type, entity_id, action, actor_label, before, after, meeting_id, committee_id, convention_id FROM audit_entries
            WHERE entity_type IN ('Convocation', 'Meeting') AND meeting_id = $1 AND (entity_type = 'Convocation' OR action = 'update') ORDER BY id`,
          [meetingId],
        );
      const convocations = entries.filter((entry) => entry.entity_type === 'Convocation');
      expect(convocations.map((entry) => entry.entity_id).sort()).toEqual(res.body.recipients.map((recipient: { id: string }) => recipient.id).sort());
      for (const entry of convocations) {
        expect(entry).toMatchObject({ action: 'insert', actor_label: `Claire Martin <${c.members.dasen.email}>`, before: null, committee_id: c.committee.id });
        expect(entry.convention_id).not.toBeNull();
        expect(entry.after).toMatchObject({ id: entry.entity_id, meetingId, role: 'member', answer: 'needs_action' });
        expect(typeof entry.after.createdAt).toBe('string');
      }
      const meeting = entries.filter((entry) => entry.entity_type === 'Meeting');
      expect(meeting).toHaveLength(1);
      expect(meeting[0]).toMatchObject({
        entity_id: meetingId,
        action: 'update',
        committee_id: c.committee.id,
        convention_id: convocations[0].convention_id,
        before: { convenedAt: null, convenedByPersonId: null, convenerPartyId: null },
        after: { convenedAt: res.body.convenedAt, convenedByPersonId: c.members.dasen.id },
      });
    });
  });

  describe('the email and its calendar invitation', () => {
    it('sends each member one French email from the convener’s organization, with the agenda, the documents and the answer links', async () => {
      const c = await parisCommittee();
      const start = localTime(PARIS, 20, '09:00');
      const meetingId = await scheduleMeeting(t, c.committee.id, { start, end: localTime(PARIS, 20, '11:00'), title: 'Séance du trimestre' });
      await t.http().post(`/meetings/${meetingId}/documents`).set(admin).send({ kind: 'other', title: 'Note de cadrage', url: 'https://partage.example.fr/cadrage.pdf' }).expect(201);
      const res = await convene(meetingId).expect(201);
      expect(res.body.recipients.map((recipient: { fullName: string; role: string }) => [recipient.fullName, recipient.role])).toEqual([
        ['Claire Martin', 'member'],
        ['Jean Dupont', 'member'],
      ]);
      expect(res.body.sender).toEqual({ name: 'DSDEN 38', email: 'ce.dsden38@ac-grenoble.example.fr', replyTo: null });
      const meeting = (await t.http().get(`/meetings/${meetingId}`).set(admin).expect(200)).body;
      expect(meeting.convenedAt).toMatchObject({ utc: res.body.convenedAt, timeZone: PARIS });

      const [mail] = await mailsTo(c.members.elu.email, 1);
      const day = DateTime.fromISO(start, { zone: PARIS }).setLocale('fr');
      const dayText = `${day.toFormat('cccc')} ${day.day === 1 ? '1er' : day.day} ${day.toFormat('LLLL yyyy')}`;
      expect(mail.from?.value).toEqual([{ name: 'DSDEN 38', address: 'ce.dsden38@ac-grenoble.example.fr' }]);
      expect(mail.to).toMatchObject({ value: [{ address: c.members.elu.email, name: 'Jean Dupont' }] });
      expect(mail.subject).toBe(`Convocation${NBSP}: Comité de pilotage – ${dayText}`);
      expect(mail.text).toContain('La DSDEN 38 vous convoque à la séance du Comité de pilotage «\u00A0Séance du trimestre\u00A0».');
      expect(mail.text).toContain(`Date${NBSP}: ${dayText}, de 9${NBSP}h à 11${NBSP}h (heure de Paris)`);
      expect(mail.text).toContain(`Lieu${NBSP}: Mairie, salle du conseil`);
      expect(mail.text).toContain('1. Bilan du trimestre');
      expect(mail.text).toContain(`Bilan 2025${NBSP}: https://partage.example.fr/bilan.pdf`);
      expect(mail.text).toContain(`- Note de cadrage${NBSP}: https://partage.example.fr/cadrage.pdf`);
      expect(mail.text).toMatch(/Je participerai\u00A0: https:\/\/copil\.example\.fr\/answers\/[A-Za-z0-9_-]{64}\?answer=accepted/);
      expect(mail.text).toContain('Je me fais remplacer par Paul Durand');
      // Good French (issue 12, item 17): no « Convention « … » » nested, the committee named once, no gendered role word.
      expect(mail.text).not.toMatch(/Convention\s*«[^»]*«/);
      expect(mail.subject?.split('Comité de pilotage').length).toBe(2);
      expect(mail.text).not.toMatch(/\b(suppléant|remplaçant|convoqué|invité|membre titulaire)\b/);
      expect(mail.html).toContain('<strong>Comité de pilotage</strong>');
      expect(mail.html).toContain('<a href="https://partage.example.fr/cadrage.pdf">Note de cadrage</a>');
      const [claire] = await mailsTo(c.members.dasen.email, 1);
      expect(claire.text).not.toContain('Je me fais remplacer');
      const [row] = await t.dataSource.query(`SELECT message_id FROM outbound_messages WHERE recipient_email = $1`, [c.members.elu.email]);
      expect(mail.messageId).toBe(row.message_id);
    });

    it('names « Document » an item’s document whose title only repeats the item’s: in the email, its text, the invitation and the answer page', async () => {
      const c = await parisCommittee();
      const item = 'Bilan de l’utilisation de la classe mobile';
      const url = 'https://partage.example.fr/classe-mobile.pdf';
      const meetingId = await scheduleMeeting(t, c.committee.id, {
        start: localTime(PARIS, 20, '09:00'),
        end: localTime(PARIS, 20, '11:00'),
        agenda: [{ title: item, documents: [{ title: item, url }] }],
      });
      await convene(meetingId).expect(201);
      const [mail] = await mailsTo(c.members.elu.email, 1);
      expect(mail.text).toContain(`1. ${item}\n   Document${NBSP}: ${url}`);
      expect(mail.html).toContain(`<a href="${url}">Document</a>`);
      const description = String(eventOf(calendarParts(mail).alternative).event.getFirstPropertyValue('description'));
      expect(description).toContain(`1. ${item}\n   Document${NBSP}: ${url}`);
      const page = (await t.http().get(`/answers/${answerToken(mail)}`).expect(200)).text;
      expect(page).toContain(`<a href="${url}">Document</a>`);
      // The item's title once in each, never again as its document's.
      for (const text of [mail.text ?? '', mail.html || '', description, page]) expect(text.split(item).length - 1).toBe(1);
    });

    it('comes in the name of a convener holding a seat, from copil’s address, Reply-To hers; the ORGANIZER names her', async () => {
      const c = await parisCommittee();
      const claire = await headersFor(t, c.members.dasen.email, [{ role: 'convener', committeeId: c.committee.id }]);
      const meetingId = await scheduleMeeting(t, c.committee.id, { start: localTime(PARIS, 20, '09:00'), end: localTime(PARIS, 20, '11:00') });
      const res = await convene(meetingId, {}, claire).expect(201);
      expect(res.body.sender).toEqual({ name: 'Claire Martin', email: 'ce.dsden38@ac-grenoble.example.fr', replyTo: `Claire Martin <${c.members.dasen.email}>` });

      const [mail] = await mailsTo(c.members.elu.email, 1);
      expect(mail.from?.value).toEqual([{ name: 'Claire Martin', address: 'ce.dsden38@ac-grenoble.example.fr' }]);
      expect(mail.replyTo?.value).toEqual([{ name: 'Claire Martin', address: c.members.dasen.email }]);
      const { event } = eventOf(calendarParts(mail).alternative);
      const organizer = event.getFirstProperty('organizer')!;
      expect(organizer.getParameter('cn')).toBe('Claire Martin');
      expect(organizer.getFirstValue()).toMatch(/^mailto:ce\.dsden38\+[a-z2-7]{24}@ac-grenoble\.example\.fr$/);
    });

    it('carries exactly one text/calendar REQUEST alternative and one .ics file, naming only its recipient as attendee', async () => {
      const c = await parisCommittee({ guestsAllowed: true });
      const guest = await buildConvenedCommittee(t, { timeZone: PARIS, holidayCountry: 'FR', members: [{ seat: 'x', party: null, name: 'Inès Guest' }] });
      const meetingId = await scheduleMeeting(t, c.committee.id, {
        start: localTime(PARIS, 20, '14:30'),
        end: localTime(PARIS, 20, '16:00'),
        guests: [guest.members.x.id],
      });
      await convene(meetingId).expect(201);
      const [member] = await mailsTo(c.members.elu.email, 1);
      const [invited] = await mailsTo(guest.members.x.email, 1);
      const { icalUid } = (await t.http().get(`/meetings/${meetingId}`).set(admin).expect(200)).body;

      for (const [mail, person, role] of [
        [member, c.members.elu, 'REQ-PARTICIPANT'],
        [invited, guest.members.x, 'OPT-PARTICIPANT'],
      ] as const) {
        const parts = calendarParts(mail);
        expect(parts.contentType).toBe(calendarContentType('REQUEST'));
        expect(parts.files).toEqual([{ filename: 'invitation.ics', content: parts.alternative, contentType: 'application/ics' }]);
        const { method, event } = eventOf(parts.alternative);
        expect(method).toBe('REQUEST');
        expect(event.getFirstPropertyValue('uid')).toBe(icalUid);
        expect(event.getFirstPropertyValue('sequence')).toBe(0);
        expect(event.getFirstPropertyValue('dtstamp')).toBeTruthy();
        expect(event.getFirstPropertyValue('status')).toBe('CONFIRMED');
        const organizer = event.getFirstProperty('organizer');
        // The sender's mailbox, with this recipient's reply secret after a plus (docs/calendar-replies.md).
        expect(organizer?.getFirstValue()).toMatch(/^mailto:ce\.dsden38\+[a-z2-7]{24}@ac-grenoble\.example\.fr$/);
        expect(organizer?.getParameter('cn')).toBe('DSDEN 38');
        const attendees = event.getAllProperties('attendee');
        expect(attendees).toHaveLength(1);
        expect(attendees[0].getFirstValue()).toBe(`mailto:${person.email}`);
        expect(attendees[0].getParameter('cn')).toBe(person.fullName);
        expect(attendees[0].getParameter('role')).toBe(role);
        expect(attendees[0].getParameter('partstat')).toBe('NEEDS-ACTION');
        expect(attendees[0].getParameter('rsvp')).toBe('TRUE');
        expect(String(event.getFirstPropertyValue('description'))).toContain('1. Bilan du trimestre');
        // The answer link is the recipient's own: in the email, never in a calendar entry others may see.
        const token = answerToken(mail);
        expect(mail.text).toContain(token);
        expect(parts.alternative).not.toContain('/answers/');
        expect(parts.alternative.replace(/\r?\n[ \t]/g, '')).not.toContain(token);
      }
      expect(invited.text).toContain('La DSDEN 38 vous invite à la séance du Comité de pilotage');
      expect(invited.text).not.toContain('Je me fais remplacer');
    });

    it.each([
      ['Europe/Paris', 'FR', '09:00', '07:00:00.000Z', 'heure de Paris'],
      ['America/Cayenne', 'GF', '09:00', '12:00:00.000Z', 'heure de Cayenne'],
      ['Indian/Reunion', 'RE', '09:00', '05:00:00.000Z', 'heure de La Réunion'],
    ])('shows a %s meeting at its local time, the zone named in the same words in the email, the invitation and the answer page', async (zone, country, time, utcTime, zoneName) => {
      const c = await buildConvenedCommittee(t, {
        timeZone: zone,
        holidayCountry: country,
        members: [{ seat: 'ien', party: 'academie', name: `Membre ${country}` }],
      });
      // A day in June: Paris on summer time (UTC+2); Cayenne and Réunion have no DST.
      const june = DateTime.now().setZone(zone).plus({ years: 1 }).set({ month: 6, day: 16 });
      const meetingId = await scheduleMeeting(t, c.committee.id, { start: `${june.toISODate()}T${time}`, end: `${june.toISODate()}T11:00` });
      await convene(meetingId).expect(201);
      const [mail] = await mailsTo(c.members.ien.email, 1);
      const when = `, de 9${NBSP}h à 11${NBSP}h (${zoneName})`;
      expect(mail.text).toContain(when);
      expect(mail.html).toContain(when);
      const { event } = eventOf(calendarParts(mail).alternative);
      expect((event.getFirstPropertyValue('dtstart') as { toJSDate: () => Date }).toJSDate().toISOString()).toBe(`${june.toISODate()}T${utcTime}`);
      expect(event.getFirstPropertyValue('description')).toContain(when);
      const page = await t.http().get(`/answers/${answerToken(mail)}`).expect(200);
      expect(page.text).toContain(when);
      // No other name of the zone anywhere (such as « heure d’été d’Europe centrale »).
      for (const text of [mail.text ?? "", String(event.getFirstPropertyValue('description')), page.text]) expect(text.match(/heure [^<)\n]*/g)).toEqual([zoneName]);
    });
  });

  describe('changes after sending', () => {
    it('moves the event in a calendar that imported the invitation, then removes it when the meeting is cancelled', async () => {
      const c = await parisCommittee();
      const meetingId = await scheduleMeeting(t, c.committee.id, { start: localTime(PARIS, 20, '09:00'), end: localTime(PARIS, 20, '11:00') });
      await convene(meetingId).expect(201);
      const email = c.members.dasen.email;
      const [first] = await mailsTo(email, 1);
      const calendar = new SimulatedCalendar();
      calendar.apply(calendarParts(first).alternative);

      const newStart = localTime(PARIS, 22, '14:00');
      await t.http().post(`/meetings/${meetingId}/reschedule`).set(admin).send({ start: newStart, end: localTime(PARIS, 22, '16:00') }).expect(200);
      const [, moved] = await mailsTo(email, 2);
      const from = DateTime.fromISO(localTime(PARIS, 20, '09:00'), { zone: PARIS }).setLocale('fr');
      const to = DateTime.fromISO(newStart, { zone: PARIS }).setLocale('fr');
      const frenchDay = (day: DateTime) => `${day.toFormat('cccc')} ${day.day === 1 ? '1er' : day.day} ${day.toFormat('LLLL yyyy')}`;
      expect(moved.subject).toBe(`Modification${NBSP}: Comité de pilotage – ${frenchDay(to)}`);
      expect(moved.text).toContain(`La réunion est déplacée du ${frenchDay(from)} à 9${NBSP}h au ${frenchDay(to)}, de 14${NBSP}h à 16${NBSP}h (heure de Paris).`);
      const update = eventOf(calendarParts(moved).alternative);
      expect(update.method).toBe('REQUEST');
      expect(update.event.getFirstPropertyValue('sequence')).toBe(1);
      calendar.apply(calendarParts(moved).alternative);
      calendar.apply(calendarParts(first).alternative);
      const [entry] = [...calendar.entries.values()];
      expect(entry).toMatchObject({ sequence: 1, start: DateTime.fromISO(newStart, { zone: PARIS }).toUTC().toISO() });

      await t.http().patch(`/meetings/${meetingId}`).set(admin).send({ location: 'Rectorat, salle 12' }).expect(200);
      const [, , placed] = await mailsTo(email, 3);
      expect(placed.text).toContain(`Le lieu change${NBSP}: «${NBSP}Mairie, salle du conseil${NBSP}» devient «${NBSP}Rectorat, salle 12${NBSP}».`);
      // A change of place keeps the SEQUENCE (answers stand, see meeting-updates.e2e-spec.ts); the later copy replaces the entry.
      calendar.apply(calendarParts(placed).alternative);
      expect(calendar.entries.get(entry.uid)).toMatchObject({ sequence: 1, location: 'Rectorat, salle 12' });

      await t.http().post(`/meetings/${meetingId}/cancel`).set(admin).send({ reason: 'Intempéries' }).expect(200);
      const [, , , cancelled] = await mailsTo(email, 4);
      expect(cancelled.subject).toBe(`Annulation${NBSP}: Comité de pilotage – ${frenchDay(to)}`);
      expect(cancelled.text).toContain(`Motif${NBSP}: Intempéries`);
      const parts = calendarParts(cancelled);
      expect(parts.contentType).toBe(calendarContentType('CANCEL'));
      expect(parts.files.map((file) => file.filename)).toEqual(['annulation.ics']);
      const cancel = eventOf(parts.alternative);
      expect(cancel.method).toBe('CANCEL');
      expect(cancel.event.getFirstPropertyValue('status')).toBe('CANCELLED');
      expect(cancel.event.getFirstPropertyValue('uid')).toBe(entry.uid);
      expect(cancel.event.getFirstPropertyValue('sequence')).toBe(2);
      expect(String(cancel.event.getFirstPropertyValue('description'))).toContain(`Séance annulée. Motif${NBSP}: Intempéries`);
      expect(cancel.event.getFirstProperty('attendee')?.getParameter('rsvp')).toBeUndefined();
      calendar.apply(parts.alternative);
      expect(calendar.entries.size).toBe(0);
    });

    it('convenes a guest added after sending and withdraws a guest removed', async () => {
      const c = await parisCommittee({ guestsAllowed: true });
      const first = await buildConvenedCommittee(t, { timeZone: PARIS, holidayCountry: 'FR', members: [{ seat: 'a', party: null, name: 'Anne Invitée' }] });
      const second = await buildConvenedCommittee(t, { timeZone: PARIS, holidayCountry: 'FR', members: [{ seat: 'b', party: null, name: 'Bruno Invité' }] });
      const meetingId = await scheduleMeeting(t, c.committee.id, {
        start: localTime(PARIS, 20, '09:00'),
        end: localTime(PARIS, 20, '11:00'),
        guests: [first.members.a.id],
      });
      await convene(meetingId).expect(201);
      await mailsTo(first.members.a.email, 1);
      await t.http().patch(`/meetings/${meetingId}`).set(admin).send({ guests: [second.members.b.id] }).expect(200);
      const [, withdrawn] = await mailsTo(first.members.a.email, 2);
      expect(withdrawn.subject).toMatch(/^Convocation retirée/);
      const { method, event } = eventOf(calendarParts(withdrawn).alternative);
      expect(method).toBe('CANCEL');
      expect(event.getFirstPropertyValue('status')).toBeNull();
      const [invited] = await mailsTo(second.members.b.email, 1);
      expect(eventOf(calendarParts(invited).alternative).event.getFirstPropertyValue('sequence')).toBe(0);
      expect(invited.subject).toMatch(/^Convocation/);
      // Members saw nothing change but the guests: no update for them.
      expect(await smtp.to(c.members.dasen.email)).toHaveLength(1);
    });
  });

  describe('answers', () => {
    it('opens a French answer page that records nothing, then records the answer posted from it', async () => {
      const c = await parisCommittee();
      const meetingId = await scheduleMeeting(t, c.committee.id, { start: localTime(PARIS, 20, '09:00'), end: localTime(PARIS, 20, '11:00') });
      await convene(meetingId).expect(201);
      const [mail] = await mailsTo(c.members.dasen.email, 1);
      const token = answerToken(mail);

      const page = await t.http().get(`/answers/${token}?answer=accepted`).expect(200).expect('Content-Type', /text\/html/);
      expect(page.text).toContain('<html lang="fr">');
      expect(page.text).toContain('Bonjour Claire Martin,');
      expect(page.text).toContain(`Confirmez-vous votre réponse «${NBSP}Je participerai${NBSP}»\u202F?`);
      expect(page.text).toContain(`<form method="post" action="https://copil.example.fr/answers/${token}">`);
      expect(page.text).not.toContain('Je me fais remplacer');
      let answers = (await t.http().get(`/meetings/${meetingId}/answers`).set(admin).expect(200)).body;
      expect(answers.summary).toMatchObject({ accepted: 0, needsAction: 2 });

      // A link a mail client cut short (or that gained a tracking parameter): the same French page, nothing chosen, and why.
      for (const damaged of [`/answers/${token}?answer=maybe`, `/answers/${token}?answer=acc&utm_source=webmail`]) {
        const incomplete = await t.http().get(damaged).set('Accept', 'text/html').expect(200).expect('Content-Type', /text\/html/);
        expect(incomplete.text).toContain('Bonjour Claire Martin,');
        expect(incomplete.text).toContain(`Le lien que vous avez ouvert est incomplet (il a pu être coupé par votre messagerie)${NBSP}: aucune réponse n’est choisie.`);
        expect(incomplete.text).not.toContain('Confirmez-vous');
        expect(incomplete.text).toContain('<button type="submit" class="accepted">Je participerai</button>');
      }
      expect((await t.http().get(`/answers/${token}?answer=accepted`).expect(200)).text).not.toContain('incomplet');

      const form = await t.http().post(`/answers/${token}`).set('Accept', 'text/html').type('form').send({ answer: 'accepted' }).expect(200);
      expect(form.text).toContain(`Votre réponse est enregistrée${NBSP}: <strong>vous participerez</strong>.`);
      answers = (await t.http().get(`/meetings/${meetingId}/answers`).set(admin).expect(200)).body;
      expect(answers.recipients.find((recipient: { person: { email: string } }) => recipient.person.email === c.members.dasen.email)).toMatchObject({
        answer: 'accepted',
        answerSource: 'link',
        party: { key: 'academie' },
        delivery: { state: 'sent' },
      });
      expect(answers.parties).toEqual([
        { key: 'academie', name: 'Partie academie', coming: 1, declined: 0, unanswered: 0, nobodyComing: false },
        { key: 'commune', name: 'Partie commune', coming: 0, declined: 0, unanswered: 1, nobodyComing: true },
      ]);
      expect(answers.quorum).toMatchObject({ kind: 'each_party', outlook: 'pending', unanswered: 1, expected: { reached: false, missingParties: ['commune'] } });

      await t.http().post(`/answers/${token}`).send({ answer: 'maybe' }).expect(400);
      const forged = `${token.slice(0, 63)}${token.endsWith('A') ? 'B' : 'A'}`;
      await t.http().post(`/answers/${forged}`).send({ answer: 'declined' }).expect(404);
      const missing = await t.http().get(`/answers/${forged}`).expect(404);
      expect(missing.text).toContain('Lien inconnu');
    });

    it('convenes the substitute a member sends, and the quorum counts them for the member’s party', async () => {
      const c = await parisCommittee();
      const meetingId = await scheduleMeeting(t, c.committee.id, { start: localTime(PARIS, 20, '09:00'), end: localTime(PARIS, 20, '11:00') });
      await convene(meetingId).expect(201);
      const [mail] = await mailsTo(c.members.elu.email, 1);
      const recorded = await t.http().post(`/answers/${answerToken(mail)}`).send({ answer: 'substitute' }).expect(200);
      expect(recorded.body).toMatchObject({ answer: 'substitute', substitute: 'Paul Durand' });

      const [convened] = await mailsTo(c.substitutes.elu.email, 1);
      expect(convened.text).toContain('Jean Dupont ne pourra pas siéger à cette séance\u00A0: à sa demande, la convocation vous est adressée pour siéger à sa place.');
      const { event } = eventOf(calendarParts(convened).alternative);
      expect(event.getFirstProperty('attendee')?.getParameter('role')).toBe('REQ-PARTICIPANT');
      const [claire] = await mailsTo(c.members.dasen.email, 1);
      await t.http().post(`/answers/${answerToken(claire)}`).send({ answer: 'accepted' }).expect(200);
      const answers = (await t.http().get(`/meetings/${meetingId}/answers`).set(admin).expect(200)).body;
      expect(answers.quorum).toMatchObject({ outlook: 'reached', expected: { reached: true } });
      expect(answers.recipients.map((recipient: { role: string }) => recipient.role)).toEqual(['member', 'member', 'substitute']);

      // Sent from the answer page, the confirmation says it to Jean as « vous », as it says the rest.
      const page = await t.http().post(`/answers/${answerToken(mail)}`).set('Accept', 'text/html').type('form').send({ answer: 'substitute' }).expect(200);
      expect(page.text).toContain(`Votre réponse est enregistrée${NBSP}: <strong>vous vous faites remplacer</strong>.`);
      expect(page.text).toContain('Paul Durand reçoit la convocation et pourra y répondre.');
      const declined = await t.http().post(`/answers/${answerToken(claire)}`).set('Accept', 'text/html').type('form').send({ answer: 'declined' }).expect(200);
      expect(declined.text).toContain(`Votre réponse est enregistrée${NBSP}: <strong>vous ne pourrez pas participer</strong>.`);
      await t.http().post(`/answers/${answerToken(claire)}`).send({ answer: 'accepted' }).expect(200);

      // Claire has no substitute: the answer is refused, naming why.
      await t.http().post(`/answers/${answerToken(claire)}`).send({ answer: 'substitute' }).expect(422).expect((response) => expect(response.body.code).toBe('no_substitute'));

      // Jean will come after all: Paul's convocation is withdrawn from his calendar.
      await t.http().post(`/answers/${answerToken(mail)}`).send({ answer: 'accepted' }).expect(200);
      const [, withdrawn] = await mailsTo(c.substitutes.elu.email, 2);
      expect(withdrawn.subject).toMatch(/^Convocation retirée/);
      expect(eventOf(calendarParts(withdrawn).alternative).method).toBe('CANCEL');
      const after = (await t.http().get(`/meetings/${meetingId}/answers`).set(admin).expect(200)).body;
      expect(after.recipients.find((recipient: { role: string }) => recipient.role === 'substitute')).toMatchObject({ withdrawn: true });

      // The meeting did not change, yet Paul's calendar holds SEQUENCE 0: the CANCEL goes above it, asks no answer, says why.
      const calendar = new SimulatedCalendar();
      calendar.apply(calendarParts(convened).alternative);
      const cancel = eventOf(calendarParts(withdrawn).alternative);
      expect(cancel.event.getFirstPropertyValue('sequence')).toBe(1);
      expect(cancel.event.getFirstPropertyValue('status')).toBeNull();
      expect(cancel.event.getFirstProperty('attendee')?.getParameter('rsvp')).toBeUndefined();
      expect(String(cancel.event.getFirstPropertyValue('description'))).toContain('Votre convocation à cette séance est retirée.');
      calendar.apply(calendarParts(withdrawn).alternative);
      expect(calendar.entries.size).toBe(0);

      // Sent again by Jean, Paul is invited above the CANCEL he holds, and his calendar takes it.
      await t.http().post(`/answers/${answerToken(mail)}`).send({ answer: 'substitute' }).expect(200);
      const [, , again] = await mailsTo(c.substitutes.elu.email, 3);
      expect(eventOf(calendarParts(again).alternative).event.getFirstPropertyValue('sequence')).toBe(2);
      calendar.apply(calendarParts(again).alternative);
      expect(calendar.entries.size).toBe(1);
    });

    /** A REPLY as a calendar writes it; `organizer` is the ORGANIZER it copies from the invitation, if any. */
    function calendarReply(fields: { uid: string; sequence: number; partstat: string; stamp: string; attendee: string; organizer?: string; delegatedTo?: string }): string {
      return bareReply({
        ...fields,
        prodId: '-//Test//Outlook//FR',
        attendee: { name: 'Jean Dupont', email: fields.attendee.toUpperCase() },
        comment: 'Je serai en déplacement',
      });
    }

    /** The ORGANIZER address of the invitation a recipient received: their reply address. */
    function replyAddressIn(mail: ParsedMail): string {
      return String(eventOf(calendarParts(mail).alternative).event.getFirstPropertyValue('organizer')).replace(/^mailto:/i, '');
    }

    async function answerRows(meetingId: string) {
      return t.dataSource.query(
        `SELECT email, answer, answer_source, withdrawn_at, role FROM convocations WHERE meeting_id = $1 ORDER BY email`,
        [meetingId],
      );
    }

    it('applies a calendar REPLY sent to the recipient’s reply address, and ignores one answering an older version', async () => {
      const c = await parisCommittee();
      const meetingId = await scheduleMeeting(t, c.committee.id, { start: localTime(PARIS, 20, '09:00'), end: localTime(PARIS, 20, '11:00') });
      await convene(meetingId).expect(201);
      const email = c.members.elu.email;
      const [invitation] = await mailsTo(email, 1);
      const organizer = replyAddressIn(invitation);
      expect(organizer).toMatch(/^ce\.dsden38\+[a-z2-7]{24}@ac-grenoble\.example\.fr$/);
      const { icalUid } = (await t.http().get(`/meetings/${meetingId}`).set(admin).expect(200)).body;
      const reply = (sequence: number, partstat: string, stamp: string) => calendarReply({ uid: icalUid, sequence, partstat, stamp, attendee: email, organizer });
      const declined = await postReply(reply(0, 'DECLINED', '20250310T090000Z')).expect(200);
      expect(declined.body).toMatchObject({ applied: true, answer: 'declined' });

      await t.http().post(`/meetings/${meetingId}/reschedule`).set(admin).send({ start: localTime(PARIS, 21, '09:00'), end: localTime(PARIS, 21, '11:00') }).expect(200);
      const [, update] = await mailsTo(email, 2);
      expect(replyAddressIn(update)).toBe(organizer);
      const late = await postReply(reply(0, 'ACCEPTED', '20250311T090000Z')).expect(200);
      // The move asked Jean again: his earlier answer is history, and a reply to the former time counts no more.
      expect(late.body).toMatchObject({ applied: false, ignoredBecause: 'stale_reply', answer: 'needs_action' });
      const current = await postReply(reply(1, 'ACCEPTED', '20250312T090000Z')).expect(200);
      expect(current.body).toMatchObject({ applied: true, answer: 'accepted' });
      const answers = (await t.http().get(`/meetings/${meetingId}/answers`).set(admin).expect(200)).body;
      expect(answers.recipients.find((recipient: { person: { email: string } }) => recipient.person.email === email)).toMatchObject({
        answer: 'accepted',
        answerSource: 'calendar',
        comment: 'Je serai en déplacement',
      });

      await postReply('not a calendar').expect(400);
      await postReply(reply(1, 'ACCEPTED', '20250313T090000Z').replace(icalUid, 'unknown@copil')).expect(403);
    });

    it('refuses an anonymous REPLY declining for a member, or delegating to a substitute, and changes nothing', async () => {
      const c = await parisCommittee();
      const meetingId = await scheduleMeeting(t, c.committee.id, { start: localTime(PARIS, 20, '09:00'), end: localTime(PARIS, 20, '11:00') });
      await convene(meetingId).expect(201);
      const jean = c.members.elu.email;
      const [jeanMail] = await mailsTo(jean, 1);
      const [claireMail] = await mailsTo(c.members.dasen.email, 1);
      const { icalUid } = (await t.http().get(`/meetings/${meetingId}`).set(admin).expect(200)).body;
      const rowsBefore = await answerRows(meetingId);
      const outboxBefore = await outboxStates(t, meetingId);
      const base = { uid: icalUid, sequence: 0, stamp: '20250310T090000Z', attendee: jean };
      const substitute = c.substitutes.elu.email;
      const senderAddress = 'ce.dsden38@ac-grenoble.example.fr';
      const forged = replyAddressIn(jeanMail).replace(/\+([a-z2-7])/, (_, first: string) => `+${first === 'a' ? 'b' : 'a'}`);

      for (const text of [
        // What the issue found: no proof at all.
        calendarReply({ ...base, partstat: 'DECLINED' }),
        calendarReply({ ...base, partstat: 'DELEGATED', delegatedTo: substitute }),
        // The sender's plain address, which every recipient sees in From.
        calendarReply({ ...base, partstat: 'DECLINED', organizer: senderAddress }),
        // Claire's own reply address, answering for Jean.
        calendarReply({ ...base, partstat: 'DELEGATED', delegatedTo: substitute, organizer: replyAddressIn(claireMail) }),
        // Jean's address with one character changed.
        calendarReply({ ...base, partstat: 'DECLINED', organizer: forged }),
      ]) {
        const res = await postReply(text).expect(403);
        expect(res.body).toMatchObject({ code: 'calendar_reply_unproven' });
      }
      expect(await answerRows(meetingId)).toEqual(rowsBefore);
      expect(await outboxStates(t, meetingId)).toEqual(outboxBefore);

      // Jean's own calendar delegating to his registered substitute: applied, Paul convened.
      const proper = await postReply(calendarReply({ ...base, partstat: 'DELEGATED', delegatedTo: substitute, organizer: replyAddressIn(jeanMail) })).expect(200);
      expect(proper.body).toMatchObject({ applied: true, answer: 'substitute' });
      await mailsTo(substitute, 1);
    });

    it('closes the answer link once the meeting is over', async () => {
      const c = await parisCommittee();
      const meetingId = await scheduleMeeting(t, c.committee.id, { start: localTime(PARIS, 20, '09:00'), end: localTime(PARIS, 20, '11:00') });
      await convene(meetingId).expect(201);
      const [mail] = await mailsTo(c.members.dasen.email, 1);
      t.clock.set(DateTime.now().plus({ days: 25 }).toISO() as string);
      const res = await t.http().post(`/answers/${answerToken(mail)}`).send({ answer: 'accepted' }).expect(410);
      expect(res.body.code).toBe('answer_link_expired');
      const page = await t.http().get(`/answers/${answerToken(mail)}`).expect(410);
      expect(page.text).toContain('Lien expiré');
    });
  });

  describe('reminders and alerts', () => {
    it('reminds at 9:00 of a working day in the convention’s zone, not at midnight: Friday morning for a Monday meeting', async () => {
      t.clock.set('2027-02-20T10:00:00Z');
      const c = await parisCommittee({ notice: { days: 0 } });
      const meetingId = await scheduleMeeting(t, c.committee.id, { start: '2027-03-15T09:00', end: '2027-03-15T11:00' });
      // Its own convener: the "nobody coming" alert of this meeting goes to them, not to the administrator.
      const convener = await headersFor(t, 'secretariat.rappels@ac-grenoble.example.fr', [{ role: 'convener', committeeId: c.committee.id }]);
      await convene(meetingId, {}, convener).expect(201);
      await mailsTo(c.members.elu.email, 1);
      await eventually('both marked sent', async () => ((await outboxStates(t, meetingId)).sent === 2 ? true : null));
      const remindersOf = async () => (await t.dataSource.query(`SELECT count(*)::int AS n FROM outbound_messages WHERE meeting_id = $1 AND kind = 'reminder'`, [meetingId]))[0].n;
      const watch = t.app.get(AnswersWatch);

      // Saturday 13 March is two days before, but nobody works then; Friday 12 at 8:30 in Paris is still too early.
      t.clock.set('2027-03-12T07:30:00Z');
      await watch.run();
      expect(await remindersOf()).toBe(0);
      t.clock.set('2027-03-12T08:05:00Z');
      await watch.run();
      expect(await remindersOf()).toBe(2);
      const [, reminder] = await mailsTo(c.members.elu.email, 2);
      expect(reminder.subject).toMatch(/^Rappel/);
    });

    it('reminds those who have not answered, and tells the convener once that a signatory has nobody coming', async () => {
      // A fixed week, so that the reminder day falls in working hours whatever the time the suite runs:
      // convened on Monday 22 February for Thursday 4 March, reminded on Tuesday 2 March at 10:30 in Paris.
      t.clock.set('2027-02-22T10:00:00Z');
      const c = await parisCommittee({ notice: { days: 0 } });
      const convener = await headersFor(t, 'directrice.0382460t@ac-grenoble.example.fr', [{ role: 'convener', committeeId: c.committee.id }], {
        fullName: 'Sophie Directrice',
      });
      const meetingId = await scheduleMeeting(t, c.committee.id, { start: '2027-03-04T09:00', end: '2027-03-04T11:00' });
      await convene(meetingId, {}, convener).expect(201);
      const [claire] = await mailsTo(c.members.dasen.email, 1);
      const [jean] = await mailsTo(c.members.elu.email, 1);
      await t.http().post(`/answers/${answerToken(claire)}`).send({ answer: 'accepted' }).expect(200);
      await t.http().post(`/answers/${answerToken(jean)}`).send({ answer: 'declined' }).expect(200);
      const substitute = await t.http().post(`/answers/${answerToken(jean)}`).send({ answer: 'substitute' }).expect(200);
      expect(substitute.body.substitute).toBe('Paul Durand');
      await mailsTo(c.substitutes.elu.email, 1);

      const watch = t.app.get(AnswersWatch);
      expect(await watch.run()).toEqual({ reminders: 0, alerts: 0 });
      t.clock.set('2027-03-02T09:30:00Z');
      // Paul, convened today in the clock's eyes? No: his invitation left before the reminder day.
      expect(await watch.run()).toEqual({ reminders: 1, alerts: 0 });
      const [, reminder] = await mailsTo(c.substitutes.elu.email, 2);
      expect(reminder.subject).toMatch(/^Rappel\u00A0: Comité de pilotage/);
      expect(reminder.text).toContain('Vous n’avez pas encore indiqué si vous participerez');
      expect(reminder.attachments).toHaveLength(0);
      // Nothing is attached to a reminder: it sends to the answer page, not to « l’invitation jointe ».
      expect(reminder.text).not.toContain('jointe');
      expect(reminder.html).not.toContain('jointe');
      expect(reminder.text).toMatch(/Vous pouvez aussi répondre sur la page de réponse\u00A0: https:\/\/copil\.example\.fr\/answers\//);
      expect(await watch.run()).toEqual({ reminders: 0, alerts: 0 });

      await t.http().post(`/answers/${answerToken((await smtp.to(c.substitutes.elu.email))[0])}`).send({ answer: 'declined' }).expect(200);
      expect(await watch.run()).toEqual({ reminders: 0, alerts: 1 });
      const [alert] = await mailsTo('directrice.0382460t@ac-grenoble.example.fr', 1);
      expect(alert.subject).toMatch(/^Quorum menacé\u00A0: Comité de pilotage/);
      expect(alert.text).toContain('personne n’a confirmé sa présence pour');
      expect(alert.text).toContain('- Partie commune (1 excusé(s), 0 sans réponse)');
      expect(await watch.run()).toEqual({ reminders: 0, alerts: 0 });
      expect(await smtp.to(c.members.dasen.email)).toHaveLength(1);
    });

    it('withholds a convocation whose notice ran out before it could leave, and tells the convener', async () => {
      const c = await parisCommittee();
      const meetingId = await scheduleMeeting(t, c.committee.id, { start: localTime(PARIS, 20, '09:00'), end: localTime(PARIS, 20, '11:00') });
      const sendAt = DateTime.now().plus({ seconds: 2 }).toUTC().toISO({ suppressMilliseconds: true }) as string;
      await convene(meetingId, { sendAt }).expect(201);
      // By the time the convocations are due, the clock says the meeting is 5 days away: too late.
      t.clock.set(DateTime.now().plus({ days: 15 }).toISO() as string);
      await eventually('withheld convocations', async () => ((await outboxStates(t, meetingId)).withheld === 2 ? true : null));
      const adminEmail = (await t.dataSource.query(`SELECT p.email FROM people p JOIN meetings m ON m.convened_by_person_id = p.id WHERE m.id = $1`, [meetingId]))[0].email;
      const [alert] = await mailsTo(adminEmail, 1);
      expect(alert.subject).toMatch(/^Convocation non envoyée\u00A0: Comité de pilotage/);
      expect(alert.text).toContain('le préavis de 8 jours n’était plus respecté au moment de l’envoi');
      expect(await smtp.to(c.members.dasen.email)).toHaveLength(0);
      const register = (await t.http().get(`/meetings/${meetingId}/register`).set(admin).expect(200)).body;
      expect(register.entries.map((entry: { state: string }) => entry.state)).toEqual(['withheld', 'withheld']);

      // Nothing left: convening again is judged afresh (still too late), and moving the meeting sends it.
      await convene(meetingId).expect(422).expect((response) => expect(response.body.code).toBe('notice_too_short'));
      await t.http().post(`/meetings/${meetingId}/reschedule`).set(admin).send({ start: localTime(PARIS, 30, '09:00'), end: localTime(PARIS, 30, '11:00') }).expect(200);
      const [mail] = await mailsTo(c.members.dasen.email, 1);
      expect(mail.subject).toMatch(/^Convocation\u00A0:/);
      expect(eventOf(calendarParts(mail).alternative).event.getFirstPropertyValue('sequence')).toBe(1);
    });

    it('emails the conveners of a committee at risk of missing its period, with the last day to convene', async () => {
      const today = DateTime.now().setZone(PARIS);
      const fixed = today.endOf('quarter').minus({ days: 12 }).set({ hour: 9, minute: 0 });
      const c = await parisCommittee({
        name: 'Comité de pilotage local',
        signedOn: fixed.startOf('quarter').toISODate() as string,
        frequency: { minimum: 1, period: 'quarter', calendar: 'civil' },
      });
      t.clock.set(fixed.toUTC().toISO() as string);
      const job = t.app.get(CommitteesAtRiskJob);
      const first = await job.run();
      expect(first.emails).toBeGreaterThanOrEqual(1);
      const [mail] = await mailsTo(c.members.dasen.email, 1);
      expect(mail.subject).toMatch(/^Comité en retard\u00A0: Comité de pilotage local – convoquer au plus tard le /);
      expect(mail.text).toContain('Pour tenir une séance dans la période en respectant le préavis, la convocation doit partir au plus tard le');
      // The second run finds the alert already written for this period: no new row, so no new mail.
      expect((await job.run()).emails).toBe(0);
      const alerts = await t.dataSource.query(`SELECT state FROM outbound_messages WHERE kind = 'committee_at_risk' AND recipient_email = $1`, [
        c.members.dasen.email.toLowerCase(),
      ]);
      expect(alerts).toEqual([{ state: expect.stringMatching(/^(pending|sending|sent)$/) }]);
      expect(await smtp.to(c.members.dasen.email)).toHaveLength(1);
    });
  });

  describe('the proof-of-sending register', () => {
    it('lists, per convocation, when the server accepted it, its Message-ID, the answer and the attempts, also as CSV for Excel', async () => {
      const c = await parisCommittee();
      const meetingId = await scheduleMeeting(t, c.committee.id, { start: localTime(PARIS, 20, '09:00'), end: localTime(PARIS, 20, '11:00') });
      await convene(meetingId).expect(201);
      const [mail] = await mailsTo(c.members.elu.email, 1);
      await mailsTo(c.members.dasen.email, 1);
      await eventually('both marked sent', async () => ((await outboxStates(t, meetingId)).sent === 2 ? true : null));

      const register = (await t.http().get(`/meetings/${meetingId}/register`).set(admin).expect(200)).body;
      expect(register.notice).toMatchObject({ days: 8, dayKind: 'calendar' });
      const entry = register.entries.find((item: { recipient: { email: string } }) => item.recipient.email === c.members.elu.email);
      expect(entry).toMatchObject({
        kind: 'convocation',
        state: 'sent',
        messageId: mail.messageId,
        attempts: 1,
        noticeRespected: true,
        recipient: { fullName: 'Jean Dupont', role: 'member' },
      });
      expect(entry.serverResponse).toMatch(/^250 /);
      expect(entry.acceptedAt.timeZone).toBe(PARIS);
      expect(entry.acceptedAt.label).toContain('(heure de Paris)');
      expect(entry.attemptLog).toEqual([expect.objectContaining({ outcome: 'accepted', smtpCode: 250 })]);

      const csv = await t.http().get(`/meetings/${meetingId}/register.csv`).set(admin).buffer(true).parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      }).expect(200);
      expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(csv.headers['content-disposition']).toMatch(/^attachment; filename="registre-envois-\d{4}-\d{2}-\d{2}-[0-9a-f]{8}\.csv"$/);
      const text = (csv.body as Buffer).toString('utf8');
      expect(text.charCodeAt(0)).toBe(0xfeff);
      const lines = text.slice(1).split('\r\n');
      expect(lines[0]).toBe(
        'Destinataire;Adresse;Qualité;Message;Séquence;État;Accepté par le serveur (heure de Paris, Europe/Paris);Accepté par le serveur (UTC);Message-ID;Réponse du serveur;Tentatives;Préavis respecté',
      );
      const jean = lines.find((line) => line.startsWith('Jean Dupont;')) as string;
      const cells = jean.split(';');
      const accepted = DateTime.fromISO(entry.acceptedAt.utc);
      expect(cells.slice(0, 6)).toEqual(['Jean Dupont', c.members.elu.email, 'membre', 'convocation', '0', 'accepté par le serveur']);
      expect(cells[6]).toBe(accepted.setZone(PARIS).toFormat('yyyy-LL-dd HH:mm:ss'));
      expect(cells[7]).toBe(accepted.toUTC().toFormat('yyyy-LL-dd HH:mm:ss'));
      expect(cells[8]).toBe(mail.messageId);
      expect(cells.slice(-2)).toEqual(['1', 'oui']);
    });

    it('keeps each message exactly as the mail server accepted it, with its SHA-256, whatever becomes of the meeting', async () => {
      const c = await parisCommittee();
      const meetingId = await scheduleMeeting(t, c.committee.id, { start: localTime(PARIS, 20, '09:00'), end: localTime(PARIS, 20, '11:00'), location: 'Mairie, salle du conseil' });
      await convene(meetingId).expect(201);
      await mailsTo(c.members.elu.email, 1);
      await eventually('both marked sent', async () => ((await outboxStates(t, meetingId)).sent === 2 ? true : null));
      const received = smtp.received.find((message) => message.to.includes(c.members.elu.email.toLowerCase()))!;

      const before = (await t.http().get(`/meetings/${meetingId}/register`).set(admin).expect(200)).body;
      const entry = before.entries.find((item: { recipient: { email: string } }) => item.recipient.email === c.members.elu.email);
      expect(entry.sha256).toBe(createHash('sha256').update(received.raw).digest('hex'));
      expect(entry.messageUrl).toBe(`/meetings/${meetingId}/register/messages/${entry.id}.eml`);

      await t.http().patch(`/meetings/${meetingId}`).set(admin).send({ location: 'Collège Jean Moulin, CDI' }).expect(200);
      await mailsTo(c.members.elu.email, 2);
      const download = await t.http().get(entry.messageUrl).set(admin).buffer(true).parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      }).expect(200);
      expect(download.headers['content-type']).toMatch(/^message\/rfc822/);
      expect(download.headers.digest).toBe(`sha-256=${createHash('sha256').update(received.raw).digest('base64')}`);
      expect((download.body as Buffer).equals(received.raw)).toBe(true);
      const parsed = await simpleParser(download.body as Buffer);
      expect(parsed.text).toContain('Mairie, salle du conseil');
      expect(parsed.text).not.toContain('Collège Jean Moulin');

      await t.http().get(`/meetings/${meetingId}/register/messages/${randomUUID()}.eml`).set(admin).expect(404);
    });
  });
});
