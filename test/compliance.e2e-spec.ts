import { createTestApp, TestApp } from './support/test-app';
import { buildCommittee, buildConvention, buildMeeting, buildReferenceCommittee } from './support/builders';

interface PeriodView {
  key: string;
  label: string;
  start: string;
  end: string;
  inForce: { start: string; end: string } | null;
  required: number;
  heldWithQuorum: number;
  heldWithoutQuorum: number;
  heldQuorumUnknown: number;
  scheduled: number;
  status: string;
  lastDayToConvene: string | null;
  reasons: string[];
  meetings: { startsAt: string; localStart: string; state: string; quorumReached: boolean | null; counts: boolean }[];
}

describe('compliance of a committee with its frequency rule', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close());
  afterEach(() => t.clock.reset());

  async function compliance(committeeId: string, query: Record<string, string> = {}) {
    const res = await t.http().get(`/committees/${committeeId}/compliance`).query(query).expect(200);
    return res.body as { today: string; range: { start: string; end: string }; standing: { status: string; behind: boolean; period: { key: string } | null; reasons: string[] }; periods: PeriodView[] };
  }

  const byKey = (periods: PeriodView[]) => new Map(periods.map((period) => [period.key, period]));

  /**
   * Grenoble's local steering committee: once per school term, 8 days' notice; the convention
   * runs one year from its signature on 17 October 2016.
   */
  async function grenobleLocal() {
    const built = await buildReferenceCommittee(t.dataSource, 'grenobleLocal', '2016-10-17');
    await buildMeeting(t.dataSource, built.committee, 'Europe/Paris', { on: '2016-11-15' });
    await buildMeeting(t.dataSource, built.committee, 'Europe/Paris', { on: '2017-02-07', quorumReached: false });
    return built;
  }

  describe('the Grenoble local steering committee, once per school term', () => {
    it('shows a term met, a term missed with its meeting held without quorum, and the current term on track', async () => {
      const { committee } = await grenobleLocal();
      t.clock.set('2017-05-10T08:00:00Z');
      const body = await compliance(committee.id);

      expect(body.today).toBe('2017-05-10');
      expect(body.range).toEqual({ start: '2016-10-17', end: '2017-05-10' });
      expect(body.periods.map((p) => [p.key, p.label, p.start, p.end, p.status])).toEqual([
        ['2016-2017-T1', '1er trimestre scolaire 2016-2017', '2016-09-01', '2016-12-31', 'met'],
        ['2016-2017-T2', '2e trimestre scolaire 2016-2017', '2017-01-01', '2017-03-31', 'missed'],
        ['2016-2017-T3', '3e trimestre scolaire 2016-2017', '2017-04-01', '2017-08-31', 'on_track'],
      ]);
      const [first, second, third] = body.periods;
      expect(first).toMatchObject({ required: 1, heldWithQuorum: 1, heldWithoutQuorum: 0, scheduled: 0 });
      expect(second).toMatchObject({ required: 1, heldWithQuorum: 0, heldWithoutQuorum: 1, lastDayToConvene: '2017-03-23' });
      expect(second.reasons).toContain('1 meeting held without quorum, not counted');
      expect(second.meetings).toEqual([
        expect.objectContaining({ localStart: '2017-02-07T14:00:00+01:00', state: 'held', quorumReached: false, counts: false }),
      ]);
      // The last working day of the term is Thursday 31 August; 8 days before it, 23 August.
      expect(third).toMatchObject({ required: 1, heldWithQuorum: 0, lastDayToConvene: '2017-08-23' });
      expect(third.reasons[0]).toContain('convocations can leave until 2017-08-23');
    });

    it('stands behind on the last term missed while the current one is still on track', async () => {
      const { committee } = await grenobleLocal();
      t.clock.set('2017-05-10T08:00:00Z');
      const { standing } = await compliance(committee.id);
      expect(standing).toMatchObject({ status: 'missed', behind: true, period: { key: '2016-2017-T2' } });
    });

    it('puts the term at risk when the last day to convene is less than two weeks away', async () => {
      const { committee } = await grenobleLocal();
      t.clock.set('2017-08-20T08:00:00Z');
      const third = byKey((await compliance(committee.id)).periods).get('2016-2017-T3');
      expect(third).toMatchObject({ status: 'at_risk', heldWithQuorum: 0, scheduled: 0, lastDayToConvene: '2017-08-23' });
      expect(third?.reasons[0]).toContain('convocations must leave by 2017-08-23 (3 days left)');
    });

    it('keeps the term on track when a meeting is scheduled before its end', async () => {
      const { committee } = await grenobleLocal();
      await buildMeeting(t.dataSource, committee, 'Europe/Paris', { on: '2017-08-29', state: 'scheduled' });
      t.clock.set('2017-08-20T08:00:00Z');
      const third = byKey((await compliance(committee.id)).periods).get('2016-2017-T3');
      expect(third).toMatchObject({ status: 'on_track', scheduled: 1 });
      expect(third?.reasons[0]).toContain('1 meeting scheduled');
    });

    it('reports a term that has not begun as not due', async () => {
      const { committee } = await grenobleLocal();
      t.clock.set('2017-03-01T08:00:00Z');
      const third = byKey((await compliance(committee.id, { from: '2017-01-01', to: '2017-06-30' })).periods).get('2016-2017-T3');
      expect(third).toMatchObject({ status: 'not_due', required: 1 });
      expect(third?.reasons[0]).toContain('not begun, it starts on 2017-04-01');
    });

    it('does not count a cancelled meeting', async () => {
      const { committee } = await grenobleLocal();
      await buildMeeting(t.dataSource, committee, 'Europe/Paris', { on: '2017-05-02', state: 'cancelled' });
      t.clock.set('2017-09-15T08:00:00Z');
      const third = byKey((await compliance(committee.id)).periods).get('2016-2017-T3');
      expect(third).toMatchObject({ status: 'missed', heldWithQuorum: 0, scheduled: 0, meetings: [] });
    });
  });

  describe('a period only partly within the validity is due in full from half of its days in force', () => {
    it('counts the first Grenoble term, 76 of its 122 days in force, and not the last, 46 of 122', async () => {
      const { committee } = await grenobleLocal();
      t.clock.set('2018-01-15T08:00:00Z');
      const periods = byKey((await compliance(committee.id, { from: '2016-09-01', to: '2017-12-31' })).periods);
      expect(periods.get('2016-2017-T1')).toMatchObject({ required: 1, inForce: { start: '2016-10-17', end: '2016-12-31' }, status: 'met' });
      expect(periods.get('2016-2017-T1')?.reasons).toContain('due in full (76 of its 122 days are within the validity, at least half)');
      expect(periods.get('2017-2018-T1')).toMatchObject({ required: 0, inForce: { start: '2017-09-01', end: '2017-10-16' }, status: 'not_due' });
      expect(periods.get('2017-2018-T1')?.reasons).toContain(
        'only 46 of the 122 days of 1er trimestre scolaire 2017-2018 are within the validity, less than half: not due',
      );
    });

    async function civilQuarterly(signedOn: string, ends: { durationMonths?: number; endsOn?: string }) {
      const built = await buildConvention(t.dataSource, { timeZone: 'Europe/Paris', holidayCountry: 'FR', signedOn, ...ends });
      return buildCommittee(t.dataSource, built, { frequency: { minimum: 1, period: 'quarter', calendar: 'civil' } });
    }

    it('requires the first quarter from exactly half of its days in force, not from one day less', async () => {
      const halfIn = await civilQuarterly('2017-02-15', { durationMonths: 12 });
      const halfMinusOne = await civilQuarterly('2017-02-16', { durationMonths: 12 });
      t.clock.set('2017-06-01T08:00:00Z');
      const range = { from: '2017-01-01', to: '2017-03-31' };
      const [due] = (await compliance(halfIn.id, range)).periods;
      const [notDue] = (await compliance(halfMinusOne.id, range)).periods;
      expect(due).toMatchObject({ key: '2017-T1', inForce: { start: '2017-02-15', end: '2017-03-31' }, required: 1, status: 'missed' });
      expect(notDue).toMatchObject({ key: '2017-T1', inForce: { start: '2017-02-16', end: '2017-03-31' }, required: 0, status: 'not_due' });
    });

    it('requires the last quarter from exactly half of its days in force, not from one day less', async () => {
      const halfIn = await civilQuarterly('2017-01-01', { endsOn: '2018-02-14' });
      const halfMinusOne = await civilQuarterly('2017-01-01', { endsOn: '2018-02-13' });
      t.clock.set('2018-06-01T08:00:00Z');
      const range = { from: '2018-01-01', to: '2018-03-31' };
      const [due] = (await compliance(halfIn.id, range)).periods;
      const [notDue] = (await compliance(halfMinusOne.id, range)).periods;
      expect(due).toMatchObject({ key: '2018-T1', inForce: { start: '2018-01-01', end: '2018-02-14' }, required: 1, status: 'missed' });
      expect(notDue).toMatchObject({ key: '2018-T1', inForce: { start: '2018-01-01', end: '2018-02-13' }, required: 0, status: 'not_due' });
    });

    it('shows a meeting held after the convention ended without counting it', async () => {
      const committee = await civilQuarterly('2017-01-01', { endsOn: '2018-02-14' });
      await buildMeeting(t.dataSource, committee, 'Europe/Paris', { on: '2018-03-06' });
      t.clock.set('2018-06-01T08:00:00Z');
      const [quarter] = (await compliance(committee.id, { from: '2018-01-01', to: '2018-03-31' })).periods;
      expect(quarter).toMatchObject({ status: 'missed', heldWithQuorum: 0 });
      expect(quarter.reasons).toContain("1 meeting outside the convention's validity not counted");
      expect(quarter.meetings).toEqual([expect.objectContaining({ counts: false })]);
    });
  });

  describe('committees that meet as needed', () => {
    it('never puts the Guyane technical committee behind, with or without meetings', async () => {
      const { committee } = await buildReferenceCommittee(t.dataSource, 'guyaneTechnical', '2015-12-01');
      await buildMeeting(t.dataSource, committee, 'America/Cayenne', { on: '2016-03-08' });
      t.clock.set('2017-06-01T12:00:00Z');
      const body = await compliance(committee.id);
      expect(body.periods.length).toBeGreaterThan(0);
      expect(body.periods.every((period) => period.status === 'not_due' && period.required === 0)).toBe(true);
      expect(body.periods[0].reasons).toContain('meets as needed ("autant que de besoin"): no minimum to fall behind');
      expect(body.standing).toMatchObject({ status: 'not_due', behind: false });
    });
  });

  describe('periods and days in the convention’s zone', () => {
    it('holds the Guyane steering committee to each school semester, reading meetings in Cayenne time, and keeps it after a tacit renewal', async () => {
      const built = await buildConvention(t.dataSource, {
        timeZone: 'America/Cayenne',
        holidayCountry: 'GF',
        signedOn: '2015-11-16',
        effectiveFrom: '2015-12-01',
        durationMonths: 36,
        tacitRenewal: true,
      });
      const committee = await buildCommittee(t.dataSource, built, {
        frequency: { minimum: 1, period: 'semester', calendar: 'school', text: 'au moins une fois par semestre' },
        notice: { days: 15 },
      });
      // 31 August 22:00 in Cayenne is already 1 September in UTC: it belongs to the semester ending.
      await buildMeeting(t.dataSource, committee, 'America/Cayenne', { on: '2016-08-31', at: '22:00' });
      t.clock.set('2019-03-10T12:00:00Z');
      const periods = byKey((await compliance(committee.id)).periods);

      expect(periods.get('2015-2016-S1')).toMatchObject({ start: '2015-09-01', end: '2016-01-31', required: 0, status: 'not_due' });
      const summer = periods.get('2015-2016-S2');
      expect(summer).toMatchObject({ label: '2e semestre scolaire 2015-2016', start: '2016-02-01', end: '2016-08-31', status: 'met', heldWithQuorum: 1 });
      expect(summer?.meetings[0]).toMatchObject({ startsAt: '2016-09-01T01:00:00.000Z', localStart: '2016-08-31T22:00:00-03:00' });
      expect(periods.get('2016-2017-S1')).toMatchObject({ status: 'missed', heldWithQuorum: 0, lastDayToConvene: '2017-01-16' });
      // The first term ended on 30 November 2018; renewed, the convention still requires its semesters.
      expect(periods.get('2018-2019-S1')).toMatchObject({ start: '2018-09-01', end: '2019-01-31', required: 1, status: 'missed' });
      expect(periods.get('2018-2019-S2')).toMatchObject({ required: 1, status: 'on_track' });
    });

    it('holds the Réunion steering committee to each school year, reading meetings in Réunion time', async () => {
      const { committee } = await buildReferenceCommittee(t.dataSource, 'reunionSteering', '2017-12-11');
      // 1 September 01:00 in Réunion is still 31 August in UTC: it opens the new school year.
      await buildMeeting(t.dataSource, committee, 'Indian/Reunion', { on: '2018-09-01', at: '01:00' });
      t.clock.set('2019-10-01T06:00:00Z');
      const body = await compliance(committee.id);
      expect(body.range).toEqual({ start: '2017-12-11', end: '2019-10-01' });
      expect(body.periods.map((p) => [p.key, p.label, p.status, p.heldWithQuorum])).toEqual([
        ['2017-2018', 'année scolaire 2017-2018', 'missed', 0],
        ['2018-2019', 'année scolaire 2018-2019', 'met', 1],
        ['2019-2020', 'année scolaire 2019-2020', 'on_track', 0],
      ]);
      expect(body.periods[0].reasons).toContain('due in full (264 of its 365 days are within the validity, at least half)');
      expect(body.periods[1].meetings[0]).toMatchObject({ startsAt: '2018-08-31T21:00:00.000Z', localStart: '2018-09-01T01:00:00+04:00' });
      expect(body.periods[2].lastDayToConvene).toBe('2020-08-31');
      expect(body.standing).toMatchObject({ status: 'on_track', behind: false });
    });

    it('counts periods from the signature date, a month-end one returning to the last day of shorter months', async () => {
      const built = await buildConvention(t.dataSource, { timeZone: 'Europe/Paris', holidayCountry: 'FR', signedOn: '2024-01-31', durationMonths: 24 });
      const committee = await buildCommittee(t.dataSource, built, {
        frequency: { minimum: 1, period: 'months', months: 4, calendar: 'signature', text: 'au moins une fois tous les quatre mois' },
      });
      await buildMeeting(t.dataSource, committee, 'Europe/Paris', { on: '2024-05-30' });
      await buildMeeting(t.dataSource, committee, 'Europe/Paris', { on: '2024-05-31' });
      t.clock.set('2024-12-01T08:00:00Z');
      const body = await compliance(committee.id);
      expect(body.periods.map((p) => [p.key, p.label, p.start, p.end, p.status, p.heldWithQuorum])).toEqual([
        ['P1', '1re période de 4 mois de la convention', '2024-01-31', '2024-05-30', 'met', 1],
        ['P2', '2e période de 4 mois de la convention', '2024-05-31', '2024-09-29', 'met', 1],
        ['P3', '3e période de 4 mois de la convention', '2024-09-30', '2025-01-30', 'on_track', 0],
      ]);
    });
  });

  describe('a convention’s committees', () => {
    it('gives each committee of a convention, by its reference, its standing and its periods', async () => {
      const built = await buildConvention(t.dataSource, { timeZone: 'Europe/Paris', holidayCountry: 'FR', signedOn: '2016-10-17', durationMonths: 12 });
      const local = await buildCommittee(t.dataSource, built, { key: 'copil-local', frequency: { minimum: 1, period: 'quarter', calendar: 'school' }, notice: { days: 8 } });
      await buildCommittee(t.dataSource, built, { key: 'copil-departemental', frequency: { minimum: 2, period: 'year', calendar: 'school' }, notice: { days: 15 } });
      await buildMeeting(t.dataSource, local, 'Europe/Paris', { on: '2016-11-15' });
      t.clock.set('2017-02-01T08:00:00Z');

      const res = await t.http().get(`/conventions/${built.reference}/compliance`).expect(200);
      expect(res.body.convention).toEqual({ id: built.id, reference: built.reference, timeZone: 'Europe/Paris' });
      expect(res.body.validity).toMatchObject({ start: '2016-10-17', end: '2017-10-16' });
      expect(
        res.body.committees.map((c: { committee: { key: string }; standing: { status: string }; periods: PeriodView[] }) => [
          c.committee.key,
          c.standing.status,
          c.periods.map((p) => `${p.key}:${p.status}`),
        ]),
      ).toEqual([
        ['copil-departemental', 'on_track', ['2016-2017:on_track']],
        ['copil-local', 'on_track', ['2016-2017-T1:met', '2016-2017-T2:on_track']],
      ]);
      const byId = await t.http().get(`/conventions/${built.id}/compliance`).expect(200);
      expect(byId.body.committees).toHaveLength(2);
    });
  });

  describe('refusals', () => {
    it('answers 404 for an unknown committee or convention', async () => {
      const committee = await t.http().get('/committees/00000000-0000-4000-8000-000000000000/compliance').expect(404);
      expect(committee.body.code).toBe('committee_not_found');
      const convention = await t.http().get('/conventions/no-such-convention/compliance').expect(404);
      expect(convention.body.code).toBe('convention_not_found');
    });

    it('shows at most the last 30 years of a convention in force for longer', async () => {
      const built = await buildConvention(t.dataSource, { timeZone: 'Europe/Paris', holidayCountry: 'FR', signedOn: '1980-03-01', durationMonths: 36, tacitRenewal: true });
      const committee = await buildCommittee(t.dataSource, built, { frequency: { minimum: 1, period: 'year', calendar: 'civil' } });
      t.clock.set('2025-06-01T08:00:00Z');
      const body = await compliance(committee.id);
      expect(body.range).toEqual({ start: '1995-06-01', end: '2025-06-01' });
      expect(body.periods.map((period) => period.key)).toEqual(Array.from({ length: 31 }, (_, index) => String(1995 + index)));
    });

    it('answers 400 naming the field for a malformed id, date or range', async () => {
      const { committee } = await grenobleLocal();
      const badId = await t.http().get('/committees/not-a-uuid/compliance').expect(400);
      expect(badId.body.fields).toEqual([expect.objectContaining({ path: 'id' })]);
      const badDate = await t.http().get(`/committees/${committee.id}/compliance`).query({ from: '2017-02-30' }).expect(400);
      expect(badDate.body.fields).toEqual([expect.objectContaining({ path: 'from' })]);
      const reversed = await t.http().get(`/committees/${committee.id}/compliance`).query({ from: '2017-06-01', to: '2017-01-01' }).expect(400);
      expect(reversed.body.fields).toEqual([expect.objectContaining({ path: 'to' })]);
      const unknown = await t.http().get(`/committees/${committee.id}/compliance`).query({ since: '2017-01-01' }).expect(400);
      expect(unknown.body.fields).toEqual([{ path: 'since', code: 'unknown_field', message: 'is not a known field' }]);
      const tooLong = await t.http().get(`/committees/${committee.id}/compliance`).query({ from: '1950-01-01', to: '2017-01-01' }).expect(400);
      expect(tooLong.body.fields).toEqual([expect.objectContaining({ path: 'from' })]);
      const farAway = await t.http().get(`/committees/${committee.id}/compliance`).query({ to: '9999-12-31' }).expect(400);
      expect(farAway.body.fields).toEqual([expect.objectContaining({ path: 'to' })]);
    });
  });
});
