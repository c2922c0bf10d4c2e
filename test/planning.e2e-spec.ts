import { createTestApp, TestApp } from './support/test-app';
import { REFERENCE_COMMITTEES, ReferenceCommittee, buildCommittee, buildConvention, buildMeeting, buildPerson, buildReferenceCommittee, recordHeld, seatPerson } from './support/builders';
import { addDays, dayOfWeek } from '../src/rules/local-date';
import { holidaysOf } from '../src/rules/working-days.rule';

interface Proposal {
  localDate: string;
  localStart: string;
  localEnd: string;
  timeZone: string;
  startsAt: string;
  endsAt: string;
  period: { key: string; label: string };
  convokeBy: string;
}

interface Plan {
  earliestLawfulDate: string;
  validity: { start: string; end: string | null };
  convention: { timeZone: string; holidayTerritory: string };
  periods: { key: string; status: string; required: number; alreadyCounted: number; proposed: number; reasons: string[] }[];
  proposals: Proposal[];
}

describe('planning a committee’s year', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close());
  afterEach(() => t.clock.reset());

  async function plan(committeeId: string, year: string): Promise<Plan> {
    const res = await t.http().get(`/committees/${committeeId}/planning`).query({ year }).expect(200);
    return res.body as Plan;
  }

  describe('for each committee of the reference conventions, signed on 2 June 2025, planned on 20 June 2025', () => {
    const cases: { which: ReferenceCommittee; year: string; range: { from: string; to: string }; after: string; proposed: number }[] = [
      { which: 'guyaneSteering', year: '2025-2026', range: { from: '2025-09-01', to: '2026-08-31' }, after: '2026-09-15T12:00:00Z', proposed: 2 },
      { which: 'guyaneTechnical', year: '2025-2026', range: { from: '2025-09-01', to: '2026-08-31' }, after: '2026-09-15T12:00:00Z', proposed: 0 },
      // The one-year Grenoble convention ends on 1 June 2026: the third term, 62 of 153 days in force, is not due.
      { which: 'grenobleLocal', year: '2025-2026', range: { from: '2025-09-01', to: '2026-08-31' }, after: '2026-09-15T12:00:00Z', proposed: 2 },
      { which: 'grenobleDepartmental', year: '2025-2026', range: { from: '2025-09-01', to: '2026-08-31' }, after: '2026-09-15T12:00:00Z', proposed: 2 },
      { which: 'reunionSteering', year: '2025-2026', range: { from: '2025-09-01', to: '2026-08-31' }, after: '2026-09-15T12:00:00Z', proposed: 1 },
      { which: 'reunionTechnical', year: '2025-2026', range: { from: '2025-09-01', to: '2026-08-31' }, after: '2026-09-15T12:00:00Z', proposed: 0 },
      { which: 'amiensAnimations', year: '2026', range: { from: '2026-01-01', to: '2026-12-31' }, after: '2027-01-15T12:00:00Z', proposed: 2 },
    ];

    it.each(cases)('proposes for $which ($year) dates that, once held, meet every period due', async ({ which, year, range, after, proposed }) => {
      const { committee, convention } = await buildReferenceCommittee(t.dataSource, which, '2025-06-02');
      const zone = convention.timeZone;
      const notice = REFERENCE_COMMITTEES[which][1] as { notice?: { days: number } };
      t.clock.set('2025-06-20T08:00:00Z');
      const body = await plan(committee.id, year);

      expect(body.proposals).toHaveLength(proposed);
      const holidays = holidaysOf({ country: convention.holidayCountry });
      for (const proposal of body.proposals) {
        expect(proposal.timeZone).toBe(zone);
        expect(dayOfWeek(proposal.localDate)).toBeLessThan(6);
        expect(holidays.holidayOn(proposal.localDate)).toBeNull();
        expect(proposal.localDate >= body.earliestLawfulDate).toBe(true);
        expect(proposal.localDate >= body.validity.start && (body.validity.end === null || proposal.localDate <= body.validity.end)).toBe(true);
        expect(proposal.localStart.startsWith(`${proposal.localDate}T14:00:00`)).toBe(true);
        expect(new Date(proposal.localStart).toISOString()).toBe(proposal.startsAt);
        expect(proposal.convokeBy).toBe(addDays(proposal.localDate, -(notice.notice?.days ?? 0)));
        await recordHeld(t.dataSource, committee, proposal.startsAt, proposal.endsAt);
      }

      t.clock.set(after);
      const compliance = (await t.http().get(`/committees/${committee.id}/compliance`).query(range).expect(200)).body as {
        periods: { key: string; status: string }[];
      };
      const planned = new Map(body.periods.map((period) => [period.key, period.status]));
      expect(compliance.periods.map((period) => period.key)).toEqual([...planned.keys()]);
      for (const period of compliance.periods) {
        expect({ period: period.key, status: period.status }).toEqual({
          period: period.key,
          status: planned.get(period.key) === 'not_due' ? 'not_due' : 'met',
        });
      }
    });

    it('plans only what is still missing once a meeting of the period is held', async () => {
      const { committee } = await buildReferenceCommittee(t.dataSource, 'grenobleDepartmental', '2025-06-02');
      await buildMeeting(t.dataSource, committee, 'Europe/Paris', { on: '2025-09-23' });
      t.clock.set('2025-09-30T08:00:00Z');
      const body = await plan(committee.id, '2025-2026');
      expect(body.periods).toEqual([expect.objectContaining({ key: '2025-2026', status: 'planned', required: 2, alreadyCounted: 1, proposed: 1 })]);
      expect(body.proposals).toHaveLength(1);
    });
  });

  describe('days the territory and the members cannot take', () => {
    /** The Guyane steering committee until 19 June 2026, planned on 17 May 2026: the window is 1–19 June. */
    async function guyaneUntilJune(timeZone: string, holidayCountry: string) {
      const built = await buildConvention(t.dataSource, { timeZone, holidayCountry, signedOn: '2025-06-02', endsOn: '2026-06-19' });
      return buildCommittee(t.dataSource, built, { frequency: { minimum: 1, period: 'semester', calendar: 'school' }, notice: { days: 15 } });
    }

    it('moves a meeting off 10 June, a public holiday in Guyane, to the nearest working day', async () => {
      const committee = await guyaneUntilJune('America/Cayenne', 'GF');
      t.clock.set('2026-05-17T12:00:00Z');
      const body = await plan(committee.id, '2025-2026');
      expect(body.convention.holidayTerritory).toBe('GF');
      expect(body.earliestLawfulDate).toBe('2026-06-01');
      expect(body.proposals).toEqual([
        expect.objectContaining({
          localDate: '2026-06-09',
          localStart: '2026-06-09T14:00:00-03:00',
          startsAt: '2026-06-09T17:00:00.000Z',
          timeZone: 'America/Cayenne',
          period: expect.objectContaining({ key: '2025-2026-S2', label: '2e semestre scolaire 2025-2026' }),
          convokeBy: '2026-05-25',
        }),
      ]);
      const summer = body.periods.find((period) => period.key === '2025-2026-S2');
      expect(summer?.reasons).toContain('moved from 2026-06-10 to 2026-06-09: 2026-06-10 is a public holiday in GF (Abolition de l’esclavage)');
      expect(body.periods.find((period) => period.key === '2025-2026-S1')?.status).toBe('too_late');
    });

    it('keeps 10 June in Paris, where it is a working day', async () => {
      const committee = await guyaneUntilJune('Europe/Paris', 'FR');
      t.clock.set('2026-05-17T12:00:00Z');
      const body = await plan(committee.id, '2025-2026');
      expect(body.proposals.map((proposal) => proposal.localStart)).toEqual(['2026-06-10T14:00:00+02:00']);
    });

    it('moves a meeting off a day when one of its members sits on another committee at the same hours', async () => {
      const { committee } = await buildReferenceCommittee(t.dataSource, 'reunionSteering', '2025-06-02');
      const elsewhere = await buildReferenceCommittee(t.dataSource, 'reunionTechnical', '2025-06-02');
      const member = await buildPerson(t.dataSource, 'Josiane Payet');
      await seatPerson(t.dataSource, elsewhere.committee, member, '2025-06-02');
      await buildMeeting(t.dataSource, elsewhere.committee, 'Indian/Reunion', { on: '2026-03-02', at: '14:30', state: 'scheduled' });
      t.clock.set('2025-06-20T08:00:00Z');

      // Nobody of this committee sits on the other one yet: the middle of the year is kept.
      expect((await plan(committee.id, '2025-2026')).proposals.map((proposal) => proposal.localDate)).toEqual(['2026-03-02']);

      await seatPerson(t.dataSource, committee, member, '2025-06-02');
      const body = await plan(committee.id, '2025-2026');
      // Sunday 1 March is no working day: the nearest free one is Tuesday 3 March.
      expect(body.proposals.map((proposal) => proposal.localStart)).toEqual(['2026-03-03T14:00:00+04:00']);
      expect(body.periods[0].reasons).toContain('moved from 2026-03-02 to 2026-03-03: the members are busy on 2026-03-02');
    });

    it('ignores a cancelled meeting of a shared member, and one at other hours of the day', async () => {
      const { committee } = await buildReferenceCommittee(t.dataSource, 'reunionSteering', '2025-06-02');
      const elsewhere = await buildReferenceCommittee(t.dataSource, 'reunionTechnical', '2025-06-02');
      const member = await buildPerson(t.dataSource, 'Jean-Marc Hoarau');
      await seatPerson(t.dataSource, elsewhere.committee, member, '2025-06-02');
      await seatPerson(t.dataSource, committee, member, '2025-06-02');
      await buildMeeting(t.dataSource, elsewhere.committee, 'Indian/Reunion', { on: '2026-03-02', at: '14:30', state: 'cancelled' });
      await buildMeeting(t.dataSource, elsewhere.committee, 'Indian/Reunion', { on: '2026-03-02', at: '09:00', state: 'scheduled' });
      t.clock.set('2025-06-20T08:00:00Z');
      expect((await plan(committee.id, '2025-2026')).proposals.map((proposal) => proposal.localDate)).toEqual(['2026-03-02']);
    });
  });

  describe('refusals', () => {
    it('answers 400 naming year for a missing, malformed or impossible year', async () => {
      const { committee } = await buildReferenceCommittee(t.dataSource, 'reunionSteering', '2025-06-02');
      for (const query of [{}, { year: 'next' }, { year: '2025-2027' }, { year: '25' }]) {
        const res = await t.http().get(`/committees/${committee.id}/planning`).query(query).expect(400);
        expect(res.body.fields).toEqual([expect.objectContaining({ path: 'year' })]);
      }
    });

    it('answers 404 for an unknown committee and 400 for a malformed id', async () => {
      const unknown = await t.http().get('/committees/00000000-0000-4000-8000-000000000000/planning').query({ year: '2025' }).expect(404);
      expect(unknown.body.code).toBe('committee_not_found');
      const malformed = await t.http().get('/committees/copil/planning').query({ year: '2025' }).expect(400);
      expect(malformed.body.fields).toEqual([expect.objectContaining({ path: 'id' })]);
    });
  });
});
