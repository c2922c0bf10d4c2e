import { createTestApp, TestApp } from './support/test-app';
import { BuiltCommittee, BuiltConvention, buildCommittee, buildConvention, buildMember, buildPerson } from './support/builders';

describe('meetings of a committee under its convention’s rules', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close());

  /** A departmental steering committee in Paris: 15 calendar days' notice, one of each signatory. */
  async function parisCommittee(overrides: Partial<Parameters<typeof buildCommittee>[2]> = {}): Promise<{ convention: BuiltConvention; committee: BuiltCommittee; seats: BuiltCommittee['seats'] }> {
    const convention = await buildConvention(t.dataSource, {
      timeZone: 'Europe/Paris',
      holidayCountry: 'FR',
      signedOn: '2024-09-01',
      durationMonths: 36,
      parties: { academie: 'academie', commune: 'commune' },
    });
    const committee = await buildCommittee(t.dataSource, convention, {
      notice: { days: 15, dayKind: 'calendar', text: 'au moins 15 jours avant la réunion' },
      quorum: { kind: 'each_party' },
      seats: [
        { key: 'dasen', party: 'academie' },
        { key: 'elu', party: 'commune' },
      ],
      ...overrides,
    });
    return { convention, committee, seats: committee.seats };
  }

  function schedule(committeeId: string, body: Record<string, unknown>) {
    return t.http().post(`/committees/${committeeId}/meetings`).send(body);
  }

  describe('times in the convention’s zone', () => {
    it('stores a Paris meeting after the spring change in UTC and shows it back at 9:00 summer time', async () => {
      t.clock.set('2025-03-10T08:00:00Z');
      const { committee } = await parisCommittee();
      const res = await schedule(committee.id, { start: '2025-03-31T09:00', end: '2025-03-31T11:00', title: 'Comité de pilotage' }).expect(201);
      expect(res.body.start).toEqual({
        utc: '2025-03-31T07:00:00.000Z',
        local: '2025-03-31T09:00',
        timeZone: 'Europe/Paris',
        offset: '+02:00',
        label: 'lundi 31 mars 2025 à 9\u00A0h (heure de Paris)',
      });
      expect(res.body.end.utc).toBe('2025-03-31T09:00:00.000Z');
      const again = await t.http().get(`/meetings/${res.body.id}`).expect(200);
      expect(again.body.start.local).toBe('2025-03-31T09:00');
      const [row] = await t.dataSource.query('SELECT starts_at FROM meetings WHERE id = $1', [res.body.id]);
      expect((row.starts_at as Date).toISOString()).toBe('2025-03-31T07:00:00.000Z');
    });

    it('shows a Paris meeting after the autumn change at 9:00 winter time (08:00Z)', async () => {
      t.clock.set('2025-03-10T08:00:00Z');
      const { committee } = await parisCommittee();
      const res = await schedule(committee.id, { start: '2025-10-27T09:00', end: '2025-10-27T10:30' }).expect(201);
      expect(res.body.start).toMatchObject({ utc: '2025-10-27T08:00:00.000Z', local: '2025-10-27T09:00', offset: '+01:00' });
      expect(res.body.start.label).toBe('lundi 27 octobre 2025 à 9\u00A0h (heure de Paris)');
    });

    it('accepts an explicit offset and shows the time in the convention’s zone', async () => {
      t.clock.set('2025-03-10T08:00:00Z');
      const { committee } = await parisCommittee();
      const res = await schedule(committee.id, { start: '2025-04-01T07:00:00Z', end: '2025-04-01T11:00+02:00' }).expect(201);
      expect(res.body.start).toMatchObject({ local: '2025-04-01T09:00', offset: '+02:00' });
      expect(res.body.end).toMatchObject({ local: '2025-04-01T11:00', utc: '2025-04-01T09:00:00.000Z' });
    });

    it('refuses a local time that the clocks skip in spring, naming the field', async () => {
      t.clock.set('2025-03-01T08:00:00Z');
      const { committee } = await parisCommittee({ notice: { days: 0 } });
      const res = await schedule(committee.id, { start: '2025-03-30T02:30', end: '2025-03-30T04:00' }).expect(400);
      expect(res.body.code).toBe('validation_failed');
      expect(res.body.fields).toEqual([{ path: 'start', code: 'nonexistent_local_time', message: expect.stringContaining('does not exist in Europe/Paris') }]);
    });

    it('reads a local time shown twice in autumn as the first (summer-time) one, and says so', async () => {
      t.clock.set('2025-10-01T08:00:00Z');
      const { committee } = await parisCommittee({ notice: { days: 0 } });
      const res = await schedule(committee.id, { start: '2025-10-26T02:30', end: '2025-10-26T04:00' }).expect(201);
      expect(res.body.start).toMatchObject({ utc: '2025-10-26T00:30:00.000Z', offset: '+02:00' });
      expect(res.body.warnings).toEqual(expect.arrayContaining([expect.objectContaining({ code: 'ambiguous_local_time', date: '2025-10-26' })]));
    });

    it('shows a Cayenne meeting at UTC−3 and flags the abolition of slavery, a Guyane holiday', async () => {
      t.clock.set('2025-05-01T12:00:00Z');
      const convention = await buildConvention(t.dataSource, {
        timeZone: 'America/Cayenne',
        holidayCountry: 'GF',
        signedOn: '2015-09-15',
        durationMonths: 36,
        tacitRenewal: true,
        parties: { academie: 'academie', commune: 'commune' },
      });
      const committee = await buildCommittee(t.dataSource, convention, { notice: { days: 15 }, seats: [{ key: 'ien', party: 'academie' }] });
      const res = await schedule(committee.id, { start: '2025-06-10T09:00', end: '2025-06-10T11:00' }).expect(201);
      expect(res.body.start).toEqual({
        utc: '2025-06-10T12:00:00.000Z',
        local: '2025-06-10T09:00',
        timeZone: 'America/Cayenne',
        offset: '-03:00',
        label: 'mardi 10 juin 2025 à 9\u00A0h (heure de Cayenne)',
      });
      expect(res.body.warnings).toEqual([
        { code: 'public_holiday', date: '2025-06-10', name: 'Abolition de l’esclavage', message: expect.stringContaining('public holiday') },
      ]);
    });

    it('shows a Réunion meeting at UTC+4 and flags 20 December, a Réunion holiday', async () => {
      t.clock.set('2024-11-15T06:00:00Z');
      const convention = await buildConvention(t.dataSource, {
        timeZone: 'Indian/Reunion',
        holidayCountry: 'RE',
        signedOn: '2024-01-01',
        durationMonths: 48,
        parties: { academie: 'academie', ville: 'commune' },
      });
      const committee = await buildCommittee(t.dataSource, convention, { notice: { days: 15 }, seats: [{ key: 'maire', party: 'ville' }] });
      const res = await schedule(committee.id, { start: '2024-12-20T09:00', end: '2024-12-20T12:00' }).expect(201);
      expect(res.body.start).toMatchObject({ utc: '2024-12-20T05:00:00.000Z', offset: '+04:00', timeZone: 'Indian/Reunion' });
      expect(res.body.start.label).toBe('vendredi 20 décembre 2024 à 9\u00A0h (heure de La Réunion)');
      expect(res.body.warnings).toEqual([expect.objectContaining({ code: 'public_holiday', date: '2024-12-20', name: 'Abolition de l’esclavage' })]);
    });

    it('flags a meeting on a weekend without refusing it', async () => {
      t.clock.set('2025-03-10T08:00:00Z');
      const { committee } = await parisCommittee();
      const res = await schedule(committee.id, { start: '2025-04-05T10:00', end: '2025-04-05T12:00' }).expect(201);
      expect(res.body.warnings).toEqual([expect.objectContaining({ code: 'weekend', date: '2025-04-05' })]);
    });
  });

  describe('notice before the meeting', () => {
    it('accepts a meeting exactly 15 calendar days after the convocation leaves', async () => {
      t.clock.set('2025-03-10T16:00:00Z');
      const { committee } = await parisCommittee();
      await schedule(committee.id, { start: '2025-03-25T09:00', end: '2025-03-25T10:00' }).expect(201);
    });

    it('refuses a meeting that leaves less than 15 days of notice, with the earliest lawful date', async () => {
      t.clock.set('2025-03-10T16:00:00Z');
      const { committee } = await parisCommittee();
      const res = await schedule(committee.id, { start: '2025-03-24T09:00', end: '2025-03-24T10:00' }).expect(422);
      expect(res.body).toMatchObject({
        statusCode: 422,
        code: 'notice_too_short',
        rule: { days: 15, dayKind: 'calendar', text: 'au moins 15 jours avant la réunion' },
        earliestLawfulDate: '2025-03-25',
      });
      expect(res.body.message).toContain('2025-03-25');
    });

    it('counts notice from a given convocation date rather than now', async () => {
      t.clock.set('2025-03-10T16:00:00Z');
      const { committee } = await parisCommittee();
      const res = await schedule(committee.id, { start: '2025-04-10T09:00', end: '2025-04-10T10:00', convocationAt: '2025-03-30T08:00:00Z' }).expect(422);
      expect(res.body.earliestLawfulDate).toBe('2025-04-14');
    });

    it('reads a convocation date written like start, as a wall-clock time of the convention’s zone', async () => {
      t.clock.set('2025-03-10T16:00:00Z');
      const { committee } = await parisCommittee();
      const refused = await schedule(committee.id, { start: '2025-04-10T09:00', end: '2025-04-10T10:00', convocationAt: '2025-03-27T00:30' }).expect(422);
      expect(refused.body.earliestLawfulDate).toBe('2025-04-11');
      const created = await schedule(committee.id, { start: '2025-04-10T09:00', end: '2025-04-10T10:00', convocationAt: '2025-03-26T23:30' }).expect(201);
      expect(created.body.convenedAt).toBeNull();
      const gap = await schedule(committee.id, { start: '2025-04-10T09:00', end: '2025-04-10T10:00', convocationAt: '2025-03-30T02:30' }).expect(400);
      expect(JSON.stringify(gap.body)).toContain('convocationAt');
    });

    it('counts clear days (jours francs): N clear days accepted, N − 1 refused', async () => {
      t.clock.set('2025-03-10T08:00:00Z');
      const { committee } = await parisCommittee({ notice: { days: 8, dayKind: 'clear', text: 'huit jours francs' } });
      await schedule(committee.id, { start: '2025-03-19T09:00', end: '2025-03-19T10:00' }).expect(201);
      const res = await schedule(committee.id, { start: '2025-03-18T09:00', end: '2025-03-18T10:00' }).expect(422);
      expect(res.body).toMatchObject({ code: 'notice_too_short', rule: { days: 8, dayKind: 'clear' }, earliestLawfulDate: '2025-03-19' });
    });

    it('counts days in the convention’s zone: late evening in Cayenne is already the next day in UTC', async () => {
      // 22:00 in Cayenne on 1 March is 01:00Z on 2 March: the convocation leaves on 1 March there.
      t.clock.set('2025-03-02T01:00:00Z');
      const convention = await buildConvention(t.dataSource, {
        timeZone: 'America/Cayenne',
        holidayCountry: 'GF',
        signedOn: '2015-09-15',
        durationMonths: 36,
        tacitRenewal: true,
        parties: { academie: 'academie' },
      });
      const committee = await buildCommittee(t.dataSource, convention, { notice: { days: 15 }, seats: [] });
      await schedule(committee.id, { start: '2025-03-16T09:00', end: '2025-03-16T10:00' }).expect(201);
    });
  });

  describe('dates outside the convention’s validity', () => {
    it('refuses a meeting after the convention ends, naming its bounds', async () => {
      t.clock.set('2025-03-10T08:00:00Z');
      const { committee } = await parisCommittee();
      const res = await schedule(committee.id, { start: '2027-09-15T09:00', end: '2027-09-15T10:00' }).expect(422);
      expect(res.body).toMatchObject({
        code: 'outside_validity',
        date: '2027-09-15',
        validity: { from: '2024-09-01', until: '2027-08-31' },
      });
      expect(res.body.message).toContain('2027-08-31');
    });
  });

  describe('changing a meeting', () => {
    it('reschedules: raises the sequence, keeps the UID, checks notice again', async () => {
      t.clock.set('2025-03-10T08:00:00Z');
      const { committee } = await parisCommittee();
      const created = await schedule(committee.id, { start: '2025-04-01T09:00', end: '2025-04-01T11:00' }).expect(201);
      expect(created.body.icalUid).toMatch(/^[0-9a-f-]{36}@localhost$/);
      expect(created.body.icalSequence).toBe(0);

      const moved = await t
        .http()
        .post(`/meetings/${created.body.id}/reschedule`)
        .send({ start: '2025-04-08T14:00', end: '2025-04-08T16:00', version: created.body.version })
        .expect(200);
      expect(moved.body.icalUid).toBe(created.body.icalUid);
      expect(moved.body.icalSequence).toBe(1);
      expect(moved.body.start.local).toBe('2025-04-08T14:00');

      const tooSoon = await t.http().post(`/meetings/${created.body.id}/reschedule`).send({ start: '2025-03-20T09:00', end: '2025-03-20T10:00' }).expect(422);
      expect(tooSoon.body.code).toBe('notice_too_short');
    });

    it('keeps at least one agenda item once the meeting is convened, and lets one not convened be emptied', async () => {
      t.clock.set('2025-03-10T08:00:00Z');
      const { committee } = await parisCommittee();
      const open = await schedule(committee.id, { start: '2025-04-01T09:00', end: '2025-04-01T11:00', agenda: [{ title: 'Accueil' }] }).expect(201);
      await t.http().patch(`/meetings/${open.body.id}`).send({ agenda: [] }).expect(200);
      const convened = await schedule(committee.id, { start: '2025-04-08T09:00', end: '2025-04-08T11:00', agenda: [{ title: 'Bilan du semestre' }] }).expect(201);
      // Convened (the convocations themselves do not matter here): its people received an agenda.
      await t.dataSource.query(`UPDATE meetings SET convened_at = now() WHERE id = $1`, [convened.body.id]);
      const emptied = await t.http().patch(`/meetings/${convened.body.id}`).send({ agenda: [] }).expect(422);
      expect(emptied.body).toMatchObject({ code: 'agenda_required', field: 'agenda' });
      const [{ items }] = await t.dataSource.query(`SELECT count(*)::int AS items FROM agenda_items WHERE meeting_id = $1`, [convened.body.id]);
      expect(items).toBe(1);
    });

    it('refuses a change carrying a stale version with 409', async () => {
      t.clock.set('2025-03-10T08:00:00Z');
      const { committee } = await parisCommittee();
      const created = await schedule(committee.id, { start: '2025-04-01T09:00', end: '2025-04-01T11:00' }).expect(201);
      await t.http().patch(`/meetings/${created.body.id}`).send({ location: 'Salle du conseil', version: created.body.version }).expect(200);
      const stale = await t.http().patch(`/meetings/${created.body.id}`).send({ location: 'Mairie', version: created.body.version }).expect(409);
      expect(stale.body).toMatchObject({ code: 'stale_version', currentVersion: created.body.version + 1 });
    });

    it('edits place, link and agenda without raising the sequence (answers stand), raising the version only when something changes', async () => {
      t.clock.set('2025-03-10T08:00:00Z');
      const { committee } = await parisCommittee();
      const created = await schedule(committee.id, {
        start: '2025-04-01T09:00',
        end: '2025-04-01T11:00',
        agenda: [{ title: 'Bilan du trimestre', documents: [{ title: 'Bilan', url: 'https://example.fr/bilan.pdf' }] }],
      }).expect(201);
      expect(created.body.agenda).toEqual([
        { position: 1, title: 'Bilan du trimestre', description: null, presenter: null, documents: [{ title: 'Bilan', url: 'https://example.fr/bilan.pdf' }] },
      ]);
      const edited = await t
        .http()
        .patch(`/meetings/${created.body.id}`)
        .send({
          location: 'Mairie, salle du conseil',
          videoUrl: 'https://visio.example.fr/copil',
          agenda: [{ title: 'Accueil' }, { title: 'Programme annuel', presenter: 'IEN' }],
        })
        .expect(200);
      expect(edited.body).toMatchObject({ location: 'Mairie, salle du conseil', videoUrl: 'https://visio.example.fr/copil', icalSequence: 0, version: created.body.version + 1 });
      expect(edited.body.agenda.map((item: { title: string }) => item.title)).toEqual(['Accueil', 'Programme annuel']);
      const same = await t.http().patch(`/meetings/${created.body.id}`).send({ location: 'Mairie, salle du conseil' }).expect(200);
      expect(same.body).toMatchObject({ icalSequence: 0, version: edited.body.version });
      // The agenda alone changes no column of the meeting's row, yet it is a change: the version rises.
      const agenda = await t.http().patch(`/meetings/${created.body.id}`).send({ agenda: [{ title: 'Accueil' }] }).expect(200);
      expect(agenda.body).toMatchObject({ icalSequence: 0, version: edited.body.version + 1 });
      await t.http().patch(`/meetings/${created.body.id}`).send({ title: 'Autre', version: edited.body.version }).expect(409);
    });

    it('cancels with a reason, raising the sequence; a cancelled meeting cannot be changed', async () => {
      t.clock.set('2025-03-10T08:00:00Z');
      const { committee } = await parisCommittee();
      const created = await schedule(committee.id, { start: '2025-04-01T09:00', end: '2025-04-01T11:00' }).expect(201);
      const cancelled = await t.http().post(`/meetings/${created.body.id}/cancel`).send({ reason: 'Grève des transports' }).expect(200);
      expect(cancelled.body).toMatchObject({
        state: 'cancelled',
        icalSequence: 1,
        icalUid: created.body.icalUid,
        cancellation: { at: '2025-03-10T08:00:00.000Z', reason: 'Grève des transports' },
      });
      const again = await t.http().patch(`/meetings/${created.body.id}`).send({ title: 'Autre' }).expect(409);
      expect(again.body.code).toBe('meeting_cancelled');
    });

    it('lists a committee’s meetings by local day and state', async () => {
      t.clock.set('2025-03-10T08:00:00Z');
      const { committee } = await parisCommittee();
      const first = await schedule(committee.id, { start: '2025-04-01T09:00', end: '2025-04-01T10:00' }).expect(201);
      await schedule(committee.id, { start: '2025-05-01T09:00', end: '2025-05-01T10:00' }).expect(201);
      // 00:30 Paris on 2 June is 22:30Z on 1 June: it belongs to 2 June.
      const late = await schedule(committee.id, { start: '2025-06-02T00:30', end: '2025-06-02T01:30' }).expect(201);
      await t.http().post(`/meetings/${first.body.id}/cancel`).send({ reason: 'Reportée' }).expect(200);

      const all = await t.http().get(`/committees/${committee.id}/meetings`).expect(200);
      expect(all.body.map((m: { start: { local: string } }) => m.start.local)).toEqual(['2025-04-01T09:00', '2025-05-01T09:00', '2025-06-02T00:30']);
      const scheduled = await t.http().get(`/committees/${committee.id}/meetings?state=scheduled&from=2025-04-01`).expect(200);
      expect(scheduled.body).toHaveLength(2);
      const june = await t.http().get(`/committees/${committee.id}/meetings?from=2025-06-02&to=2025-06-02`).expect(200);
      expect(june.body.map((m: { id: string }) => m.id)).toEqual([late.body.id]);
      const may = await t.http().get(`/committees/${committee.id}/meetings?from=2025-05-01&to=2025-06-01`).expect(200);
      expect(may.body).toHaveLength(1);
    });
  });

  describe('guests', () => {
    it('invites guests where the committee allows them, never a member, never elsewhere', async () => {
      t.clock.set('2025-03-10T08:00:00Z');
      const open = await parisCommittee({ guestsAllowed: true });
      const member = await buildMember(t.dataSource, open.seats.dasen, 'Claire Dasen');
      const guest = await buildPerson(t.dataSource, 'Paul Invité');
      const res = await schedule(open.committee.id, { start: '2025-04-01T09:00', end: '2025-04-01T10:00', guests: [guest.id] }).expect(201);
      expect(res.body.guests).toEqual([{ personId: guest.id, fullName: 'Paul Invité', email: guest.email, title: guest.title, organization: guest.organization }]);

      const asGuest = await schedule(open.committee.id, { start: '2025-04-02T09:00', end: '2025-04-02T10:00', guests: [member.id] }).expect(422);
      expect(asGuest.body).toMatchObject({ code: 'guest_is_member', field: 'guests[0]' });

      const closed = await parisCommittee();
      const refused = await schedule(closed.committee.id, { start: '2025-04-01T09:00', end: '2025-04-01T10:00', guests: [guest.id] }).expect(422);
      expect(refused.body.code).toBe('guests_not_allowed');

      const unknown = await schedule(open.committee.id, {
        start: '2025-04-03T09:00',
        end: '2025-04-03T10:00',
        guests: ['00000000-0000-4000-8000-000000000000'],
      }).expect(404);
      expect(unknown.body).toMatchObject({ code: 'person_not_found', field: 'guests[0]' });
    });
  });

  describe('recording a meeting as held', () => {
    /** The Guyane steering committee: one representative of each signatory, guests allowed. */
    async function guyaneSteering() {
      const convention = await buildConvention(t.dataSource, {
        timeZone: 'America/Cayenne',
        holidayCountry: 'GF',
        signedOn: '2015-09-15',
        durationMonths: 36,
        tacitRenewal: true,
        parties: { academie: 'academie', commune: 'commune' },
      });
      const built = await buildCommittee(t.dataSource, convention, {
        definitionKey: 'steering',
        notice: { days: 15 },
        quorum: { kind: 'each_party', text: 'en présence d’au moins un représentant de chaque signataire' },
        guestsAllowed: true,
        seats: [
          { key: 'elu', party: 'commune' },
          { key: 'ien', party: 'academie', count: 2 },
          { key: 'etablissements', party: null, count: 2 },
        ],
      });
      const suppleant = await buildPerson(t.dataSource, 'Sophie Suppléante');
      const elu = await buildMember(t.dataSource, built.seats.elu, 'Jean Élu', { substitute: suppleant });
      const ien = await buildMember(t.dataSource, built.seats.ien, 'Marie Ien');
      const directeur = await buildMember(t.dataSource, built.seats.etablissements, 'Luc Directeur');
      return { committee: built, seats: built.seats, elu, ien, directeur, suppleant };
    }

    async function scheduledMeeting(committeeId: string) {
      t.clock.set('2025-03-01T12:00:00Z');
      const res = await schedule(committeeId, { start: '2025-04-01T09:00', end: '2025-04-01T11:00' }).expect(201);
      t.clock.set('2025-04-01T15:00:00Z');
      return res.body as { id: string; version: number };
    }

    it('refuses to record a meeting as held before it starts', async () => {
      const g = await guyaneSteering();
      t.clock.set('2025-03-01T12:00:00Z');
      const meeting = await schedule(g.committee.id, { start: '2025-04-01T09:00', end: '2025-04-01T11:00' }).expect(201);
      t.clock.set('2025-04-01T11:59:00Z');
      const res = await t.http().post(`/meetings/${meeting.body.id}/held`).send({ attendance: [] }).expect(422);
      expect(res.body.code).toBe('meeting_not_started');
    });

    it('shows a meeting held without one signatory as held without quorum, not counting', async () => {
      const g = await guyaneSteering();
      const meeting = await scheduledMeeting(g.committee.id);
      const res = await t
        .http()
        .post(`/meetings/${meeting.id}/held`)
        .send({
          attendance: [
            { personId: g.ien.id, status: 'present' },
            { personId: g.directeur.id, status: 'present' },
            { personId: g.elu.id, status: 'excused' },
          ],
        })
        .expect(200);
      expect(res.body.state).toBe('held');
      expect(res.body.countsForFrequency).toBe(false);
      expect(res.body.held.quorum.reached).toBe(false);
      expect(res.body.held.quorum.reasons[0]).toContain('no representative of commune');
      expect(res.body.held.attendance).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ personId: g.elu.id, status: 'excused', partyKey: 'commune', guest: false }),
          expect.objectContaining({ personId: g.directeur.id, status: 'present', partyKey: null }),
        ]),
      );
    });

    it('records members left out as absent', async () => {
      const g = await guyaneSteering();
      const meeting = await scheduledMeeting(g.committee.id);
      const res = await t.http().post(`/meetings/${meeting.id}/held`).send({ attendance: [{ personId: g.ien.id, status: 'present' }] }).expect(200);
      expect(res.body.held.attendance).toEqual(
        expect.arrayContaining([expect.objectContaining({ personId: g.elu.id, status: 'absent' })]),
      );
      expect(res.body.held.attendance).toHaveLength(3);
    });

    it('counts the recorded substitute for the member they replace, making the quorum', async () => {
      const g = await guyaneSteering();
      const meeting = await scheduledMeeting(g.committee.id);
      const res = await t
        .http()
        .post(`/meetings/${meeting.id}/held`)
        .send({
          attendance: [
            { personId: g.ien.id, status: 'present' },
            { personId: g.elu.id, status: 'substituted', substitutePersonId: g.suppleant.id },
          ],
        })
        .expect(200);
      expect(res.body.held.quorum.reached).toBe(true);
      expect(res.body.countsForFrequency).toBe(true);
      expect(res.body.held.attendance).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            personId: g.elu.id,
            status: 'substituted',
            substitute: { personId: g.suppleant.id, fullName: 'Sophie Suppléante', email: g.suppleant.email },
          }),
        ]),
      );
    });

    it('refuses a substitute standing in for a member they are not the substitute of', async () => {
      const g = await guyaneSteering();
      const meeting = await scheduledMeeting(g.committee.id);
      const res = await t
        .http()
        .post(`/meetings/${meeting.id}/held`)
        .send({ attendance: [{ personId: g.ien.id, status: 'substituted', substitutePersonId: g.suppleant.id }] })
        .expect(422);
      expect(res.body).toMatchObject({ code: 'not_the_substitute', field: 'attendance[0].substitutePersonId' });
    });

    it('refuses a person holding no seat on the day, and proxies where the rule has none', async () => {
      const g = await guyaneSteering();
      const meeting = await scheduledMeeting(g.committee.id);
      const stranger = await buildPerson(t.dataSource, 'Inconnu');
      const notMember = await t.http().post(`/meetings/${meeting.id}/held`).send({ attendance: [{ personId: stranger.id, status: 'present' }] }).expect(422);
      expect(notMember.body).toMatchObject({ code: 'not_a_member', field: 'attendance[0].personId' });
      const proxy = await t
        .http()
        .post(`/meetings/${meeting.id}/held`)
        .send({
          attendance: [
            { personId: g.ien.id, status: 'present' },
            { personId: g.elu.id, status: 'represented', proxyHolderPersonId: g.ien.id },
          ],
        })
        .expect(422);
      expect(proxy.body.code).toBe('proxies_not_allowed');
    });

    it('takes as members only those whose membership runs on the day of the meeting', async () => {
      const g = await guyaneSteering();
      const former = await buildMember(t.dataSource, g.seats.elu, 'Ancien Élu', { startsOn: '2015-01-01', endsOn: '2025-03-31' });
      const meeting = await scheduledMeeting(g.committee.id);
      const res = await t.http().post(`/meetings/${meeting.id}/held`).send({ attendance: [{ personId: former.id, status: 'present' }] }).expect(422);
      expect(res.body).toMatchObject({ code: 'not_a_member', field: 'attendance[0].personId' });
      expect(res.body.message).toContain('2025-04-01');
    });

    it('never counts guests towards the quorum', async () => {
      const g = await guyaneSteering();
      const meeting = await scheduledMeeting(g.committee.id);
      const guest = await buildPerson(t.dataSource, 'Responsable informatique du collège');
      const res = await t
        .http()
        .post(`/meetings/${meeting.id}/held`)
        .send({ attendance: [{ personId: g.ien.id, status: 'present' }], guestsPresent: [guest.id] })
        .expect(200);
      expect(res.body.held.quorum.reached).toBe(false);
      expect(res.body.held.quorum.reasons).toEqual(expect.arrayContaining(['1 guest does not count towards the quorum']));
      expect(res.body.held.attendance).toEqual(expect.arrayContaining([expect.objectContaining({ personId: guest.id, guest: true, status: 'present' })]));
    });

    it('reaches a share quorum with a proxy the rule counts', async () => {
      t.clock.set('2025-03-01T08:00:00Z');
      const built = await parisCommittee({
        quorum: { kind: 'share', share: 0.5, countsProxies: true, proxiesAllowed: true, maxProxiesPerMember: 1 },
        seats: [
          { key: 'dasen', party: 'academie' },
          { key: 'dan', party: 'academie' },
          { key: 'elu', party: 'commune' },
          { key: 'parent', party: null },
        ],
      });
      const dasen = await buildMember(t.dataSource, built.seats.dasen, 'Claire Dasen');
      const dan = await buildMember(t.dataSource, built.seats.dan, 'Hugo Dan');
      await buildMember(t.dataSource, built.seats.elu, 'Jean Élu');
      await buildMember(t.dataSource, built.seats.parent, 'Nadia Parent');
      const meeting = await schedule(built.committee.id, { start: '2025-04-01T09:00', end: '2025-04-01T11:00' }).expect(201);
      t.clock.set('2025-04-01T10:00:00Z');

      const withoutProxy = await t.http().post(`/meetings/${meeting.body.id}/held`).send({ attendance: [{ personId: dasen.id, status: 'present' }] }).expect(200);
      expect(withoutProxy.body.held.quorum).toMatchObject({ reached: false });
      expect(withoutProxy.body.held.quorum.reasons[0]).toContain('1 present');

      const withProxy = await t
        .http()
        .post(`/meetings/${meeting.body.id}/held`)
        .send({
          attendance: [
            { personId: dasen.id, status: 'present' },
            { personId: dan.id, status: 'represented', proxyHolderPersonId: dasen.id },
          ],
        })
        .expect(200);
      expect(withProxy.body.held.quorum.reached).toBe(true);
      expect(withProxy.body.held.quorum.reasons[0]).toBe('quorum reached: 1 present + 1 member represented for 2 required (0.5 of 4 places)');
      expect(withProxy.body.held.attendance).toEqual(
        expect.arrayContaining([expect.objectContaining({ personId: dan.id, status: 'represented', proxyHolder: expect.objectContaining({ personId: dasen.id }) })]),
      );
    });

    it('refuses a proxy given to a member who is not there', async () => {
      t.clock.set('2025-03-01T08:00:00Z');
      const built = await parisCommittee({ quorum: { kind: 'share', share: 0.5, countsProxies: true, proxiesAllowed: true } });
      const dasen = await buildMember(t.dataSource, built.seats.dasen, 'Claire Dasen');
      const elu = await buildMember(t.dataSource, built.seats.elu, 'Jean Élu');
      const meeting = await schedule(built.committee.id, { start: '2025-04-01T09:00', end: '2025-04-01T11:00' }).expect(201);
      t.clock.set('2025-04-01T10:00:00Z');
      const res = await t
        .http()
        .post(`/meetings/${meeting.body.id}/held`)
        .send({ attendance: [{ personId: elu.id, status: 'represented', proxyHolderPersonId: dasen.id }] })
        .expect(422);
      expect(res.body.code).toBe('proxy_holder_absent');
    });

    it('names each field of a malformed attendance', async () => {
      const g = await guyaneSteering();
      const meeting = await scheduledMeeting(g.committee.id);
      const res = await t
        .http()
        .post(`/meetings/${meeting.id}/held`)
        .send({ attendance: [{ personId: 'nobody', status: 'asleep' }, { personId: g.elu.id, status: 'substituted' }] })
        .expect(400);
      expect(res.body.fields).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ path: 'attendance[0].personId' }),
          expect.objectContaining({ path: 'attendance[0].status' }),
        ]),
      );
      const missing = await t.http().post(`/meetings/${meeting.id}/held`).send({ attendance: [{ personId: g.elu.id, status: 'substituted' }] }).expect(400);
      expect(missing.body.fields).toEqual([{ path: 'attendance[0].substitutePersonId', code: 'required', message: 'is required when the status is substituted' }]);
    });

    it('writes minutes and decisions on a held meeting only', async () => {
      const g = await guyaneSteering();
      const meeting = await scheduledMeeting(g.committee.id);
      const body = { minutes: 'Le comité a validé le programme.', decisions: [{ title: 'Programme annuel validé' }] };
      const early = await t.http().put(`/meetings/${meeting.id}/minutes`).send(body).expect(409);
      expect(early.body.code).toBe('meeting_not_held');
      await t.http().post(`/meetings/${meeting.id}/held`).send({ attendance: [{ personId: g.ien.id, status: 'present' }] }).expect(200);
      const res = await t.http().put(`/meetings/${meeting.id}/minutes`).send(body).expect(200);
      expect(res.body).toMatchObject({ minutes: 'Le comité a validé le programme.', decisions: [{ title: 'Programme annuel validé' }] });
      const read = await t.http().get(`/meetings/${meeting.id}`).expect(200);
      expect(read.body.minutes).toBe('Le comité a validé le programme.');
    });
  });

  describe('prerequisite documents', () => {
    it('lists the technical committee’s documents as missing, then satisfied once sent up', async () => {
      t.clock.set('2025-03-01T12:00:00Z');
      const convention = await buildConvention(t.dataSource, {
        timeZone: 'America/Cayenne',
        holidayCountry: 'GF',
        signedOn: '2015-09-15',
        durationMonths: 36,
        tacitRenewal: true,
        parties: { academie: 'academie', commune: 'commune' },
      });
      const committee = await buildCommittee(t.dataSource, convention, {
        notice: { days: 15 },
        prerequisites: [{ fromCommittee: 'technical', description: 'l’ensemble des documents nécessaires à la séance' }],
        seats: [],
      });
      const meeting = await schedule(committee.id, { start: '2025-04-01T09:00', end: '2025-04-01T11:00' }).expect(201);

      const before = await t.http().get(`/meetings/${meeting.body.id}/prerequisites`).expect(200);
      expect(before.body).toEqual({
        satisfied: false,
        missing: [{ fromCommittee: 'technical', description: 'l’ensemble des documents nécessaires à la séance' }],
        received: [],
      });

      const wrong = await t
        .http()
        .post(`/meetings/${meeting.body.id}/documents`)
        .send({ kind: 'prerequisite', fromCommittee: 'finance', title: 'Budget', url: 'https://example.fr/budget.pdf' })
        .expect(422);
      expect(wrong.body).toMatchObject({ code: 'not_a_prerequisite', expected: ['technical'] });
      const noSource = await t.http().post(`/meetings/${meeting.body.id}/documents`).send({ kind: 'prerequisite', title: 'X', url: 'https://example.fr/x.pdf' }).expect(400);
      expect(new Set(noSource.body.fields.map((field: { path: string }) => field.path))).toEqual(new Set(['fromCommittee']));

      await t
        .http()
        .post(`/meetings/${meeting.body.id}/documents`)
        .send({ kind: 'prerequisite', fromCommittee: 'technical', title: 'Relevé des besoins des écoles', url: 'https://example.fr/releve.pdf' })
        .expect(201);
      const after = await t.http().get(`/meetings/${meeting.body.id}/prerequisites`).expect(200);
      expect(after.body.satisfied).toBe(true);
      expect(after.body.missing).toEqual([]);
      expect(after.body.received).toEqual([expect.objectContaining({ fromCommittee: 'technical', title: 'Relevé des besoins des écoles' })]);
      const read = await t.http().get(`/meetings/${meeting.body.id}`).expect(200);
      expect(read.body.documents).toHaveLength(1);
    });
  });

  describe('reports of a steering committee', () => {
    it('lists progress reports by semester, showing the semesters that lack theirs', async () => {
      t.clock.set('2025-10-15T12:00:00Z');
      const convention = await buildConvention(t.dataSource, {
        timeZone: 'America/Cayenne',
        holidayCountry: 'GF',
        signedOn: '2024-09-15',
        durationMonths: 36,
        tacitRenewal: true,
        parties: { academie: 'academie', commune: 'commune' },
      });
      const committee = await buildCommittee(t.dataSource, convention, {
        frequency: { minimum: 1, period: 'semester', calendar: 'civil' },
        reports: [{ kind: 'progress_report', period: 'semester', text: 'chaque semestre un état d’avancement' }],
        seats: [],
      });
      const recorded = await t
        .http()
        .post(`/committees/${committee.id}/reports`)
        .send({ kind: 'progress_report', date: '2025-03-01', title: 'État d’avancement', content: 'Déploiement des tablettes dans 3 écoles.' })
        .expect(201);
      expect(recorded.body).toMatchObject({ periodKey: '2025-S1', periodStart: '2025-01-01', periodEnd: '2025-06-30' });

      const duplicate = await t
        .http()
        .post(`/committees/${committee.id}/reports`)
        .send({ kind: 'progress_report', periodKey: '2025-S1', title: 'Encore', content: '…' })
        .expect(409);
      expect(duplicate.body.code).toBe('report_already_recorded');
      const noReview = await t.http().post(`/committees/${committee.id}/reports`).send({ kind: 'annual_review', title: 'Bilan', content: '…' }).expect(422);
      expect(noReview.body.code).toBe('no_report_obligation');
      const future = await t.http().post(`/committees/${committee.id}/reports`).send({ kind: 'progress_report', periodKey: '2026-S1', title: 'T', content: 'C' }).expect(422);
      expect(future.body.code).toBe('period_not_started');

      const list = await t.http().get(`/committees/${committee.id}/reports?kind=progress_report`).expect(200);
      expect(list.body.today).toBe('2025-10-15');
      expect(list.body.periods.map((p: { periodKey: string; status: string }) => [p.periodKey, p.status])).toEqual([
        ['2024-S2', 'missing'],
        ['2025-S1', 'recorded'],
        ['2025-S2', 'in_progress'],
      ]);
      expect(list.body.periods[1].report).toMatchObject({ id: recorded.body.id, title: 'État d’avancement' });

      await t
        .http()
        .post(`/committees/${committee.id}/reports`)
        .send({ kind: 'progress_report', periodKey: '2024-S2', title: 'État d’avancement', content: 'Rattrapage' })
        .expect(201);
      const after = await t.http().get(`/committees/${committee.id}/reports`).expect(200);
      expect(after.body.periods[0]).toMatchObject({ periodKey: '2024-S2', status: 'recorded', label: '2e semestre 2024' });
    });

    it('derives an annual review’s period from its meeting in the school-year calendar', async () => {
      t.clock.set('2025-01-10T08:00:00Z');
      const convention = await buildConvention(t.dataSource, {
        timeZone: 'Indian/Reunion',
        holidayCountry: 'RE',
        signedOn: '2024-01-01',
        durationMonths: 48,
        parties: { academie: 'academie', ville: 'commune' },
      });
      const committee = await buildCommittee(t.dataSource, convention, {
        frequency: { minimum: 1, period: 'year', calendar: 'school' },
        reports: [{ kind: 'annual_review', period: 'year' }],
        seats: [],
      });
      const meeting = await schedule(committee.id, { start: '2025-02-03T09:00', end: '2025-02-03T11:00' }).expect(201);
      t.clock.set('2025-02-04T08:00:00Z');
      const res = await t
        .http()
        .post(`/committees/${committee.id}/reports`)
        .send({ kind: 'annual_review', meetingId: meeting.body.id, title: 'Bilan de l’année', content: 'Indicateurs', documentUrl: 'https://example.re/bilan.pdf' })
        .expect(201);
      expect(res.body).toMatchObject({ periodKey: '2024-2025', periodStart: '2024-09-01', periodEnd: '2025-08-31', meetingId: meeting.body.id });
    });
  });

  describe('bad input and unknown ids', () => {
    it('answers 400 naming each field at fault', async () => {
      t.clock.set('2025-03-10T08:00:00Z');
      const { committee } = await parisCommittee();
      const res = await schedule(committee.id, { start: '31/03/2025', end: '2025-03-31T08:00', kind: 'secret', videoUrl: 'not a url', surprise: 1 }).expect(400);
      expect(res.body.fields.map((f: { path: string }) => f.path).sort()).toEqual(['kind', 'start', 'surprise', 'videoUrl']);
      // A video link must be https (its hint says so); a document's link may still be plain http (intranets).
      const plainHttp = await schedule(committee.id, {
        start: '2025-04-01T09:00',
        end: '2025-04-01T11:00',
        videoUrl: 'http://visio.example.fr/copil',
        agenda: [{ title: 'Bilan', documents: [{ title: 'Bilan', url: 'http://intranet.example.fr/bilan.pdf' }] }],
      }).expect(400);
      expect(plainHttp.body.fields).toEqual([expect.objectContaining({ path: 'videoUrl', code: 'not_a_url' })]);
      const backwards = await schedule(committee.id, { start: '2025-04-01T10:00', end: '2025-04-01T09:00' }).expect(400);
      expect(backwards.body.fields).toEqual([{ path: 'end', code: 'inconsistent', message: 'must be after start (2025-04-01T10:00)' }]);
      const badId = await t.http().get('/meetings/not-a-uuid').expect(400);
      expect(badId.body.fields).toEqual([expect.objectContaining({ path: 'id' })]);
    });

    it('answers 404 for unknown meetings and committees', async () => {
      const unknown = '00000000-0000-4000-8000-000000000000';
      const meeting = await t.http().get(`/meetings/${unknown}`).expect(404);
      expect(meeting.body.code).toBe('meeting_not_found');
      const committee = await schedule(unknown, { start: '2025-04-01T09:00', end: '2025-04-01T10:00' }).expect(404);
      expect(committee.body.code).toBe('committee_not_found');
      await t.http().post(`/meetings/${unknown}/cancel`).send({ reason: 'x' }).expect(404);
      await t.http().get(`/meetings/${unknown}/prerequisites`).expect(404);
      await t.http().get(`/committees/${unknown}/reports`).expect(404);
    });

    it('creates nothing when a guest is unknown', async () => {
      t.clock.set('2025-03-10T08:00:00Z');
      const { committee } = await parisCommittee({ guestsAllowed: true });
      await schedule(committee.id, {
        start: '2025-04-01T09:00',
        end: '2025-04-01T10:00',
        agenda: [{ title: 'Point' }],
        guests: ['00000000-0000-4000-8000-000000000000'],
      }).expect(404);
      const [{ count }] = await t.dataSource.query('SELECT count(*)::int AS count FROM meetings WHERE committee_id = $1', [committee.id]);
      expect(count).toBe(0);
    });
  });
});
