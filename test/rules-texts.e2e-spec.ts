import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTestApp, TestApp } from './support/test-app';

/*
 * Issue 11's rules that the five reference conventions do not use, through the API on the real
 * database: a definition file using them (test/fixtures/rhone-conseil-ecoles-2025.yaml) is
 * imported, meetings are scheduled, convened and recorded, and the verdicts read back.
 */
const FIXTURE = readFileSync(join(__dirname, 'fixtures', 'rhone-conseil-ecoles-2025.yaml'), 'utf8');

interface Period {
  key: string;
  status: string;
  lastDayToConvene: string | null;
  reasons: string[];
}

describe('rules as French texts word them, beyond the five conventions', () => {
  let t: TestApp;
  let imports = 0;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterEach(() => t.clock.reset());
  afterAll(async () => {
    await t.close();
  });

  /** A fresh copy of the fixture's convention; its committees by definition key. */
  async function convention(): Promise<{ reference: string; committees: Map<string, string> }> {
    imports += 1;
    const reference = `rhone-conseil-ecoles-2025-${imports}`;
    t.clock.set('2025-01-06T08:00:00Z');
    await t.http().post('/conventions/import').set('Content-Type', 'application/yaml').send(FIXTURE.replace(/^reference: .*$/m, `reference: ${reference}`)).expect(201);
    const list = (await t.http().get(`/conventions/${reference}/committees`).expect(200)).body as Array<{ id: string; definitionKey: string }>;
    return { reference, committees: new Map(list.map((c) => [c.definitionKey, c.id])) };
  }

  async function periods(committeeId: string, from: string, to: string): Promise<Map<string, Period>> {
    const body = (await t.http().get(`/committees/${committeeId}/compliance`).query({ from, to }).expect(200)).body as { periods: Period[] };
    return new Map(body.periods.map((period) => [period.key, period]));
  }

  describe('school holidays', () => {
    it('warns of the Christmas holidays 2026-2027 of zone A, and says those of Corse are unknown rather than absent', async () => {
      const { reference, committees } = await convention();
      const conseilId = committees.get('conseil-ecoles') as string;
      const agenda = [{ title: 'Bilan du premier trimestre' }];
      t.clock.set('2026-12-02T08:00:00Z');
      const christmas = await t.http().post(`/committees/${conseilId}/meetings`).send({ start: '2026-12-21T14:00', end: '2026-12-21T16:00', agenda }).expect(201);
      expect(christmas.body.warnings).toContainEqual(expect.objectContaining({ code: 'school_holidays', date: '2026-12-21', name: 'Vacances de Noël 2026-2027' }));

      await t.dataSource.query(`UPDATE conventions SET school_zone = 'Corse' WHERE reference = $1`, [reference]);
      const corse = await t.http().post(`/committees/${conseilId}/meetings`).send({ start: '2026-12-22T14:00', end: '2026-12-22T16:00', agenda }).expect(201);
      expect(corse.body.warnings).toEqual([expect.objectContaining({ code: 'school_holidays_unknown', date: '2026-12-22', name: 'Corse' })]);
    });
  });

  describe('terms of office', () => {
    it('« désignés pour trois ans, renouvelable une fois »: flags the terms ending, leaves the seat vacant after, renews once and refuses a second renewal', async () => {
      const { committees } = await convention();
      const technicalId = committees.get('comite-technique') as string;
      const ienOf = (detail: { seats: Array<{ key: string }> }) => detail.seats.find((seat) => seat.key === 'ien') as unknown as { filled: number; vacant: number; members: Array<{ person: { id: string }; endsOn: string; term: unknown }> };

      t.clock.set('2027-12-01T08:00:00Z');
      const before = (await t.http().get(`/committees/${technicalId}`).expect(200)).body;
      expect(before.termOfOffice).toEqual({ months: 36, renewals: 1, warningDays: 60, seats: [], text: 'désignés pour trois ans, renouvelable une fois' });
      const julie = ienOf(before).members[0];
      expect(julie).toMatchObject({ endsOn: '2028-01-05', term: { status: 'expiring', endsOn: '2028-01-05', daysLeft: 35, renewalsUsed: 0, mayBeRenewed: true } });

      // The term ended on 5 January 2028: the seat is vacant, and said why.
      t.clock.set('2028-01-10T08:00:00Z');
      const after = (await t.http().get(`/committees/${technicalId}`).expect(200)).body;
      expect(ienOf(after)).toMatchObject({ filled: 0, vacant: 1, members: [] });
      expect(after.termsEnded).toEqual(
        expect.arrayContaining([expect.objectContaining({ seatKey: 'ien', person: expect.objectContaining({ fullName: 'Julie Marchand' }), term: expect.objectContaining({ status: 'ended', endsOn: '2028-01-05', mayBeRenewed: true }) })]),
      );

      // Renewed the day after: a second term of three years, then no more.
      const renewed = await t.http().post(`/committees/${technicalId}/memberships`).send({ seatKey: 'ien', personId: julie.person.id, startsOn: '2028-01-06' }).expect(201);
      expect(renewed.body.endsOn).toBe('2031-01-05');
      const again = await t.http().post(`/committees/${technicalId}/memberships`).send({ seatKey: 'ien', personId: julie.person.id, startsOn: '2031-01-06' }).expect(400);
      expect(again.body.fields).toEqual([{ path: 'startsOn', code: 'renewals_exceeded', message: 'the term of office may be renewed 1 time in a row, and this would be renewal 2' }]);
      const helene = after.seats.find((seat: { key: string }) => seat.key === 'elu');
      expect(helene.vacant).toBe(1);
      const tooLong = await t.http().post(`/committees/${technicalId}/memberships`).send({ seatKey: 'elu', person: { email: 'nadia.roux@venissieux.example.fr', fullName: 'Nadia Roux' }, startsOn: '2028-01-06', endsOn: '2032-01-01' }).expect(400);
      expect(tooLong.body.fields).toEqual([{ path: 'endsOn', code: 'term_exceeded', message: 'a term of 36 months begun on 2028-01-06 ends on 2031-01-05 at the latest' }]);
    });

    it('refuses at import a member whose end goes past the term', async () => {
      const longer = FIXTURE.replace(/^reference: .*$/m, 'reference: rhone-conseil-ecoles-2025-long').replace(
        '{ seat: elu, person: helene.petit@venissieux.example.fr, startsOn: 2025-01-06 }',
        '{ seat: elu, person: helene.petit@venissieux.example.fr, startsOn: 2025-01-06, endsOn: 2029-06-30 }',
      );
      const refused = await t.http().post('/conventions/import').set('Content-Type', 'application/yaml').send(longer).expect(400);
      expect(refused.body.fields).toContainEqual(expect.objectContaining({ path: 'committees[1].members[1].endsOn', code: 'term_exceeded' }));
    });
  });

  describe('seats that follow another figure', () => {
    const definition = (classes: string) => `
reference: grenoble-conseil-numerique-parents
title: Conseil numérique de l'école
timeZone: Europe/Paris
holidays: { country: FR, region: null }
signedOn: 2026-09-01
durationMonths: 36
figures: [{ name: classes, value: 4, text: "par défaut, quatre classes" }]
parties:
  - { key: academie, kind: academie, name: Académie de Grenoble }
  - { key: commune, kind: commune, name: Commune de Crêts en Belledonne }
schools:
  - { uai: 0382460T, name: École élémentaire, type: ecole_elementaire, commune: Crêts en Belledonne${classes} }
committees:
  - key: conseil
    kind: steering
    name: Conseil numérique de l'école
    scope: school
    seats:
      - { key: directeur, party: academie, role: le directeur d'école }
      # « … et autant de représentants des parents d'élèves que l'école compte de classes, six au plus. »
      - { key: parents, party: null, role: un représentant des parents par classe, countFollows: { figure: classes, maximum: 6, text: "autant que l'école compte de classes, six au plus" } }
    conveners: [{ party: academie, seat: directeur, label: le directeur d'école }]
    frequency: { minimum: 1, period: year, calendar: school }
`;

    it("gives « autant de représentants des parents que l'école compte de classes » from the school's figure, and says so", async () => {
      await t.http().post('/conventions/import').set('Content-Type', 'application/yaml').send(definition(', figures: [{ name: classes, value: 5 }]')).expect(201);
      const [committee] = (await t.http().get('/conventions/grenoble-conseil-numerique-parents/committees').expect(200)).body as Array<{ id: string }>;
      const detail = (await t.http().get(`/committees/${committee.id}`).expect(200)).body;
      const parents = detail.seats.find((seat: { key: string }) => seat.key === 'parents');
      expect(parents).toMatchObject({
        count: 5,
        vacant: 5,
        countFollows: { figure: 'classes', value: 5, from: 'school', per: 1, minimum: 1, maximum: 6, reason: '5 classes (stated for the school): one place per classes, at least 1, at most 6, so 5.' },
      });

      // A ninth class opens: the file says so, and the seat follows, capped at six.
      await t.http().post('/conventions/import').set('Content-Type', 'application/yaml').send(definition(', figures: [{ name: classes, value: 9 }]')).expect(200);
      const after = (await t.http().get(`/committees/${committee.id}`).expect(200)).body;
      expect(after.seats.find((seat: { key: string }) => seat.key === 'parents')).toMatchObject({ count: 6, countFollows: { value: 9, from: 'school' } });
    });

    it("falls back on the convention's figure, and refuses a figure stated nowhere, naming the field", async () => {
      const fallback = definition('').replace('grenoble-conseil-numerique-parents', 'grenoble-conseil-numerique-parents-2');
      await t.http().post('/conventions/import').set('Content-Type', 'application/yaml').send(fallback).expect(201);
      const [committee] = (await t.http().get('/conventions/grenoble-conseil-numerique-parents-2/committees').expect(200)).body as Array<{ id: string }>;
      const detail = (await t.http().get(`/committees/${committee.id}`).expect(200)).body;
      expect(detail.seats.find((seat: { key: string }) => seat.key === 'parents')).toMatchObject({ count: 4, countFollows: { value: 4, from: 'convention' } });

      const nowhere = fallback.replace('figures: [{ name: classes, value: 4, text: "par défaut, quatre classes" }]\n', '');
      const refused = await t.http().post('/conventions/import').set('Content-Type', 'application/yaml').send(nowhere).expect(400);
      expect(refused.body.fields).toContainEqual({
        path: 'committees[0].seats[1].countFollows.figure',
        code: 'unknown_reference',
        message: '"classes" is not among the figures of schools 0382460T nor of the convention',
      });
    });
  });

  describe('notice in working days', () => {
    it('refuses a meeting that leaves fewer than « cinq jours ouvrés », skipping 8 May, and convenes one that leaves them', async () => {
      const { committees } = await convention();
      const conseilId = committees.get('conseil-ecoles') as string;
      const detail = (await t.http().get(`/committees/${conseilId}`).expect(200)).body;
      expect(detail.rules.notice).toMatchObject({ days: 5, dayKind: 'working' });

      // Monday 5 May 2025: Tuesday 13 May leaves Tue 6, Wed 7, Fri 9 and Mon 12 — four days ouvrés.
      t.clock.set('2025-05-05T08:00:00Z');
      const agenda = [{ title: 'Bilan du déploiement des tablettes' }];
      const tooSoon = await t.http().post(`/committees/${conseilId}/meetings`).send({ start: '2025-05-13T14:00', end: '2025-05-13T16:00', agenda }).expect(422);
      expect(tooSoon.body).toMatchObject({ code: 'notice_too_short', earliestLawfulDate: '2025-05-14', rule: { days: 5, dayKind: 'working' } });
      expect(tooSoon.body.message).toContain('working days (jours ouvrés)');

      const meeting = await t.http().post(`/committees/${conseilId}/meetings`).send({ start: '2025-05-14T14:00', end: '2025-05-14T16:00', agenda }).expect(201);
      const convened = await t.http().post(`/meetings/${meeting.body.id}/convene`).send({}).expect(201);
      expect(convened.body.latestSendingDate).toBe('2025-05-05');
    });

    it('counts Saturdays for « trois jours ouvrables », never Sundays nor public holidays', async () => {
      const { committees } = await convention();
      const technicalId = committees.get('comite-technique') as string;
      // Wednesday 7 May 2025: Monday 12 May leaves Fri 9 and Sat 10 (8 May is a holiday, 11 a Sunday).
      t.clock.set('2025-05-07T08:00:00Z');
      const monday = await t.http().post(`/committees/${technicalId}/meetings`).send({ start: '2025-05-12T10:00', end: '2025-05-12T12:00' }).expect(422);
      expect(monday.body).toMatchObject({ code: 'notice_too_short', earliestLawfulDate: '2025-05-13', rule: { days: 3, dayKind: 'workable' } });
      await t.http().post(`/committees/${technicalId}/meetings`).send({ start: '2025-05-13T10:00', end: '2025-05-13T12:00' }).expect(201);
    });

    it('gives the last day to convene in working days, and sees when a scheduled meeting can no longer be convened', async () => {
      const { reference, committees } = await convention();
      const conseilId = committees.get('conseil-ecoles') as string;
      t.clock.set('2025-06-02T08:00:00Z');
      // Classes end on Saturday 5 July 2025 (zone A): the last meeting day is Friday 4 July, and
      // five working days before it (Thu 3, Wed 2, Tue 1, Mon 30 June, Fri 27 June) the convocation leaves by Thursday 26 June.
      expect((await periods(conseilId, '2024-09-01', '2025-08-31')).get('2024-2025')?.lastDayToConvene).toBe('2025-06-26');

      await t.http().post(`/committees/${conseilId}/meetings`).send({ start: '2025-06-20T14:00', end: '2025-06-20T16:00' }).expect(201);
      const unconvenable = '1 scheduled meeting was never convened and can no longer be convened with 5 working days (jours ouvrés) of notice';
      // For Friday 20 June, Fri 13 … Thu 19 June are the five days: Thursday 12 June is the last day to send.
      t.clock.set('2025-06-12T08:00:00Z');
      expect((await periods(conseilId, '2024-09-01', '2025-08-31')).get('2024-2025')?.reasons).not.toContain(unconvenable);
      t.clock.set('2025-06-13T08:00:00Z');
      expect((await periods(conseilId, '2024-09-01', '2025-08-31')).get('2024-2025')?.reasons).toContain(unconvenable);
      const list = (await t.http().get('/compliance').query({ conventionId: (await t.http().get(`/conventions/${reference}`).expect(200)).body.id }).expect(200)).body;
      expect(list.items.find((row: { committee: { id: string } }) => row.committee.id === conseilId)?.status).toBe('at_risk');
    });
  });

  describe('reconvening after a failed quorum', () => {
    async function peopleIds(): Promise<Map<string, string>> {
      const rows = (await t.dataSource.query(`SELECT id, email FROM people`)) as Array<{ id: string; email: string }>;
      return new Map(rows.map((row) => [row.email.split('@')[0], row.id]));
    }

    async function held(meetingId: string, present: string[], everyone: string[]) {
      const attendance = everyone.map((personId) => ({ personId, status: present.includes(personId) ? 'present' : 'absent' }));
      return (await t.http().post(`/meetings/${meetingId}/held`).send({ attendance }).expect(200)).body as {
        held: { quorum: { reached: boolean; reasons: string[] } };
      };
    }

    it('proposes, convenes with its own notice and judges « quel que soit le nombre des membres présents » the second sitting', async () => {
      const { committees } = await convention();
      const conseilId = committees.get('conseil-ecoles') as string;
      const people = await peopleIds();
      const members = ['julie.marchand', 'karim.saidi', 'helene.petit', 'bruno.lambert'].map((name) => people.get(name) as string);

      t.clock.set('2025-09-10T08:00:00Z');
      const agenda = [{ title: 'Plan de formation au numérique' }, { title: 'Budget des équipements 2026' }];
      const first = (await t.http().post(`/committees/${conseilId}/meetings`).send({ start: '2025-11-04T14:00', end: '2025-11-04T16:00', agenda }).expect(201)).body;
      // Tuesday 4 November: one member of four came; the majority is three.
      t.clock.set('2025-11-04T16:00:00Z');
      expect((await held(first.id, [members[0]], members)).held.quorum.reached).toBe(false);

      const offer = (await t.http().get(`/meetings/${first.id}/reconvening`).expect(200)).body;
      expect(offer).toMatchObject({
        meetingId: first.id,
        heldOn: '2025-11-04',
        allowed: true,
        window: { start: '2025-11-12', end: '2025-11-19' },
        proposedOn: '2025-11-12',
        rule: { earliestDays: 8, latestDays: 15, notice: { days: 3, dayKind: 'working' }, quorum: { kind: 'none' } },
        secondSitting: null,
      });
      const outside = await t.http().post(`/meetings/${first.id}/reconvene`).send({ start: '2025-11-20T14:00', end: '2025-11-20T16:00' }).expect(422);
      expect(outside.body).toMatchObject({ code: 'outside_reconvening_window', window: { start: '2025-11-12', end: '2025-11-19' } });

      // Monday 10 November: with 11 November off, three jours ouvrés reach Monday 17 — the committee's
      // own five would not (Tuesday 18 at the earliest).
      t.clock.set('2025-11-10T08:00:00Z');
      const reconvened = (await t.http().post(`/meetings/${first.id}/reconvene`).send({}).expect(201)).body;
      expect(reconvened.secondSitting).toMatchObject({ localDate: '2025-11-17', state: 'scheduled' });
      await t.http().post(`/meetings/${first.id}/reconvene`).send({}).expect(409);
      const secondId = reconvened.secondSitting.id as string;
      const second = (await t.http().get(`/meetings/${secondId}`).expect(200)).body;
      expect(second.agenda.map((item: { title: string }) => item.title)).toEqual(['Plan de formation au numérique', 'Budget des équipements 2026']);
      expect(second.start.local).toBe('2025-11-17T14:00');
      await t.http().post(`/meetings/${secondId}/convene`).send({}).expect(201);

      // The same single member is enough the second time.
      t.clock.set('2025-11-17T16:00:00Z');
      const decision = (await held(secondId, [members[0]], members)).held.quorum;
      expect(decision.reached).toBe(true);
      expect(decision.reasons[0]).toContain('Second sitting after the failed quorum of 2025-11-04');
      const again = (await t.http().get(`/meetings/${secondId}/reconvening`).expect(200)).body;
      expect(again.allowed).toBe(false);

      const year = (await periods(conseilId, '2025-09-01', '2026-08-31')).get('2025-2026') as Period & { heldWithQuorum: number; heldWithoutQuorum: number };
      expect([year.heldWithQuorum, year.heldWithoutQuorum]).toEqual([1, 1]);
    });

    it('offers no second sitting after a sitting that reached its quorum, nor on a committee whose text provides none', async () => {
      const { committees } = await convention();
      const conseilId = committees.get('conseil-ecoles') as string;
      const technicalId = committees.get('comite-technique') as string;
      const people = await peopleIds();
      const members = ['julie.marchand', 'karim.saidi', 'helene.petit', 'bruno.lambert'].map((name) => people.get(name) as string);
      t.clock.set('2025-09-10T08:00:00Z');
      const reached = (await t.http().post(`/committees/${conseilId}/meetings`).send({ start: '2025-10-07T14:00', end: '2025-10-07T16:00' }).expect(201)).body;
      const technical = (await t.http().post(`/committees/${technicalId}/meetings`).send({ start: '2025-10-07T10:00', end: '2025-10-07T12:00' }).expect(201)).body;
      t.clock.set('2025-10-07T16:00:00Z');
      await held(reached.id, members.slice(0, 3), members);
      await held(technical.id, [], [members[0], members[2]]);

      const afterQuorum = await t.http().post(`/meetings/${reached.id}/reconvene`).send({}).expect(422);
      expect(afterQuorum.body.code).toBe('reconvening_not_allowed');
      expect(afterQuorum.body.reasons[0]).toContain('it reached its quorum');
      const noProvision = (await t.http().get(`/meetings/${technical.id}/reconvening`).expect(200)).body;
      expect(noProvision).toMatchObject({ allowed: false, rule: null });
    });
  });

  describe('minutes', () => {
    interface MinutesStatus {
      meetingId: string;
      status: string;
      late: boolean;
      dueOn: string;
      writer: string | null;
      tacitApprovalOn: string | null;
      approvedOn: string | null;
      reasons: string[];
    }

    async function heldSitting(committeeId: string, day: string, present: string[], everyone: string[]): Promise<string> {
      t.clock.set('2025-09-10T08:00:00Z');
      const meeting = (await t.http().post(`/committees/${committeeId}/meetings`).send({ start: `${day}T14:00`, end: `${day}T16:00` }).expect(201)).body;
      t.clock.set(`${day}T16:00:00Z`);
      const attendance = everyone.map((personId) => ({ personId, status: present.includes(personId) ? 'present' : 'absent' }));
      await t.http().post(`/meetings/${meeting.id}/held`).send({ attendance }).expect(200);
      return meeting.id as string;
    }

    async function statusOf(meetingId: string): Promise<MinutesStatus> {
      return (await t.http().get(`/meetings/${meetingId}/minutes/status`).expect(200)).body as MinutesStatus;
    }

    it('are written in turn within fifteen days, sent, and approved tacitly or objected to; compliance shows the late ones', async () => {
      const { committees } = await convention();
      const conseilId = committees.get('conseil-ecoles') as string;
      const rows = (await t.dataSource.query(`SELECT id FROM people WHERE email LIKE '%.example.fr' ORDER BY email`)) as Array<{ id: string }>;
      const members = rows.map((row) => row.id);
      expect(members).toHaveLength(4);
      const october = await heldSitting(conseilId, '2025-10-07', members.slice(0, 3), members);
      const november = await heldSitting(conseilId, '2025-11-04', members.slice(0, 3), members);

      t.clock.set('2025-10-08T08:00:00Z');
      expect(await statusOf(october)).toMatchObject({ status: 'to_write', late: false, dueOn: '2025-10-22', writer: 'academie' });
      t.clock.set('2025-11-05T08:00:00Z');
      expect(await statusOf(november)).toMatchObject({ status: 'to_write', dueOn: '2025-11-19', writer: 'commune' });
      const compliance = (await t.http().get(`/committees/${conseilId}/compliance`).query({ from: '2025-09-01', to: '2026-08-31' }).expect(200)).body as {
        minutes: MinutesStatus[];
      };
      expect(compliance.minutes.map((entry) => [entry.meetingId, entry.status, entry.late])).toEqual([
        [october, 'writing_late', true],
        [november, 'to_write', false],
      ]);

      // October's minutes, written on 5 November (late) and sent the same day, stand approved on
      // 21 November if nobody objects by 20 November.
      await t.http().post(`/meetings/${october}/minutes/submit`).expect(409);
      await t.http().put(`/meetings/${october}/minutes`).send({ minutes: 'Compte rendu de la séance du 7 octobre 2025.', decisions: [] }).expect(200);
      const sent = (await t.http().post(`/meetings/${october}/minutes/submit`).expect(200)).body as MinutesStatus;
      expect(sent).toMatchObject({ status: 'awaiting_approval', late: true, tacitApprovalOn: '2025-11-21' });
      t.clock.set('2025-11-21T08:00:00Z');
      expect(await statusOf(october)).toMatchObject({ status: 'approved_tacitly', approvedOn: '2025-11-21' });

      // November's, written and sent on time, are objected to: no tacit approval, until the committee approves them.
      t.clock.set('2025-11-10T08:00:00Z');
      await t.http().put(`/meetings/${november}/minutes`).send({ minutes: 'Compte rendu de la séance du 4 novembre 2025.', decisions: [] }).expect(200);
      await t.http().post(`/meetings/${november}/minutes/submit`).expect(200);
      await t.http().post(`/meetings/${november}/minutes/objection`).send({ reason: '' }).expect(400);
      const objected = (await t.http().post(`/meetings/${november}/minutes/objection`).send({ reason: 'Le point 2 omet la décision sur le budget.' }).expect(200)).body;
      expect(objected).toMatchObject({ status: 'objected', objection: 'Le point 2 omet la décision sur le budget.' });
      t.clock.set('2025-12-16T08:00:00Z');
      expect((await statusOf(november)).status).toBe('objected');
      expect(await (await t.http().post(`/meetings/${november}/minutes/approve`).expect(200)).body).toMatchObject({ status: 'approved', approvedOn: '2025-12-16', late: false });
    });

    it('are due five jours ouvrés after the sitting, written by the IEN, on the committee whose text says so', async () => {
      const { committees } = await convention();
      const technicalId = committees.get('comite-technique') as string;
      const rows = (await t.dataSource.query(`SELECT id, email FROM people WHERE email LIKE 'julie.%' OR email LIKE 'helene.%' ORDER BY email`)) as Array<{ id: string }>;
      // Friday 7 November 2025: Mon 10, Wed 12, Thu 13, Fri 14 and Mon 17 (11 November is off).
      const sitting = await heldSitting(technicalId, '2025-11-07', [rows[0].id], rows.map((row) => row.id));
      t.clock.set('2025-11-12T08:00:00Z');
      expect(await statusOf(sitting)).toMatchObject({ status: 'to_write', dueOn: '2025-11-17', writer: 'ien' });
    });
  });

  describe('sittings due after an event', () => {
    it('counts « dans les quinze jours qui suivent la proclamation des résultats » from the day recorded, and the rentrée from 1 September', async () => {
      const { committees } = await convention();
      const conseilId = committees.get('conseil-ecoles') as string;
      const rows = (await t.dataSource.query(`SELECT id FROM people WHERE email LIKE '%.example.fr' ORDER BY email`)) as Array<{ id: string }>;
      const members = rows.map((row) => row.id);

      t.clock.set('2025-10-10T08:00:00Z');
      const recorded = (await t.http().post(`/committees/${conseilId}/events`).send({ event: 'election_results', occurredOn: '2025-10-10' }).expect(201)).body;
      expect(recorded).toMatchObject([{ event: 'election_results', occurredOn: '2025-10-10', dueBy: '2025-10-25', status: 'at_risk' }]);
      expect((await t.http().post(`/committees/${conseilId}/events`).send({ event: 'installation', occurredOn: '2025-10-10' }).expect(422)).body).toMatchObject({
        code: 'unknown_event',
        events: ['election_results'],
      });
      await t.http().post(`/committees/${conseilId}/events`).send({ event: 'school_year_start', occurredOn: '2025-09-01' }).expect(422);
      await t.http().post(`/committees/${conseilId}/events`).send({ event: 'election_results', occurredOn: '2025-02-30' }).expect(400);

      const meeting = (await t.http().post(`/committees/${conseilId}/meetings`).send({ start: '2025-10-21T14:00', end: '2025-10-21T16:00' }).expect(201)).body;
      expect((await t.http().get(`/committees/${conseilId}/deadlines`).expect(200)).body.find((d: { event: string }) => d.event === 'election_results').status).toBe('pending');
      t.clock.set('2025-10-21T16:00:00Z');
      const attendance = members.map((personId, index) => ({ personId, status: index < 3 ? 'present' : 'absent' }));
      await t.http().post(`/meetings/${meeting.id}/held`).send({ attendance }).expect(200);

      const compliance = (await t.http().get(`/committees/${conseilId}/compliance`).query({ from: '2025-09-01', to: '2026-08-31' }).expect(200)).body as {
        deadlines: Array<{ event: string; occurredOn: string; dueBy: string; status: string; metOn: string | null }>;
      };
      expect(compliance.deadlines.map(({ event, occurredOn, dueBy, status, metOn }) => ({ event, occurredOn, dueBy, status, metOn }))).toEqual([
        { event: 'election_results', occurredOn: '2025-10-10', dueBy: '2025-10-25', status: 'met', metOn: '2025-10-21' },
        // Twenty jours ouvrés after Monday 1 September 2025 end on Monday 29 September: no sitting then.
        { event: 'school_year_start', occurredOn: '2025-09-01', dueBy: '2025-09-29', status: 'missed', metOn: null },
      ]);
    });
  });

  describe('convening on request', () => {
    it('takes a request from a third of the members or from the IEN alone, warns as the fifteen days run out, and sees it answered', async () => {
      const { committees } = await convention();
      const conseilId = committees.get('conseil-ecoles') as string;
      const people = new Map(
        ((await t.dataSource.query(`SELECT id, email FROM people WHERE email LIKE '%.example.fr'`)) as Array<{ id: string; email: string }>).map((row) => [row.email.split('@')[0], row.id]),
      );
      const [ien, directeur, adjointe] = ['julie.marchand', 'karim.saidi', 'helene.petit'].map((name) => people.get(name) as string);

      t.clock.set('2025-11-03T08:00:00Z');
      const reason = 'Examen du projet de charte d’usage des tablettes';
      const alone = await t.http().post(`/committees/${conseilId}/requests`).send({ requestedOn: '2025-11-03', requesters: [directeur], reason }).expect(422);
      expect(alone.body).toMatchObject({ code: 'request_not_admissible', required: 2 });
      const byMembers = (await t.http().post(`/committees/${conseilId}/requests`).send({ requestedOn: '2025-11-03', requesters: [directeur, adjointe], reason }).expect(201)).body;
      expect(byMembers).toMatchObject({ status: 'to_convene', conveneBy: '2025-11-18', warnFrom: '2025-11-13', warning: false });
      await t.http().post(`/committees/${conseilId}/requests`).send({ requestedOn: '2025-11-03', requesters: [ien], reason }).expect(201);

      t.clock.set('2025-11-14T08:00:00Z');
      const near = (await t.http().get(`/committees/${conseilId}/requests`).expect(200)).body as Array<{ status: string; warning: boolean }>;
      expect(near.map(({ status, warning }) => [status, warning])).toEqual([
        ['due_soon', true],
        ['due_soon', true],
      ]);

      const meeting = (await t.http().post(`/committees/${conseilId}/meetings`).send({ start: '2025-11-27T14:00', end: '2025-11-27T16:00', kind: 'extraordinary', agenda: [{ title: reason }] }).expect(201)).body;
      await t.http().post(`/meetings/${meeting.id}/convene`).send({}).expect(201);
      const compliance = (await t.http().get(`/committees/${conseilId}/compliance`).query({ from: '2025-09-01', to: '2026-08-31' }).expect(200)).body as {
        requests: Array<{ status: string; convenedOn: string | null; warning: boolean }>;
      };
      expect(compliance.requests.map(({ status, convenedOn, warning }) => [status, convenedOn, warning])).toEqual([
        ['convened', '2025-11-14', false],
        ['convened', '2025-11-14', false],
      ]);
    });
  });
});
