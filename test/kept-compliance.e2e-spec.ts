import { addDays } from '../src/rules/local-date';
import { createTestApp, TestApp } from './support/test-app';
import { BuiltCommittee, BuiltConvention, buildCommittee, buildConvention, buildMeeting } from './support/builders';
import { ComplianceService } from '../src/compliance/compliance.service';
import { KeptCompliance } from '../src/compliance/kept-compliance';

/**
 * The compliance the home page and a committee's page show is kept between requests
 * (kept-compliance.ts) and gives the verdicts ComplianceService computes: every write to what it
 * is computed from shows at the next request, and so does a new day.
 *
 * One Paris convention in force from 2 September 2024, today 20 March 2025, and a committee that
 * meets once per civil semester: it met on 8 October 2024, so the semester ended is met and the
 * current one (January–June) is on track.
 */
describe('the compliance kept for the pages', () => {
  let t: TestApp;
  let kept: KeptCompliance;
  let compliance: ComplianceService;
  let convention: BuiltConvention;
  let committee: BuiltCommittee;
  beforeAll(async () => {
    t = await createTestApp();
    kept = t.app.get(KeptCompliance);
    compliance = t.app.get(ComplianceService);
  });
  afterAll(async () => t.close());
  beforeEach(async () => {
    t.clock.set('2025-03-20T09:00:00Z');
    const reference = `pages-${Math.random().toString(36).slice(2, 8)}`;
    convention = await buildConvention(t.dataSource, { reference, timeZone: 'Europe/Paris', holidayCountry: 'FR', signedOn: '2024-09-02', durationMonths: 24 });
    committee = await buildCommittee(t.dataSource, convention, { key: 'copil', frequency: { minimum: 1, period: 'semester', calendar: 'civil' }, notice: { days: 15 } });
    await buildMeeting(t.dataSource, committee, 'Europe/Paris', { on: '2024-10-08' });
  });
  afterEach(() => t.clock.reset());

  const home = async () => (await kept.standings([{ id: committee.id, conventionId: convention.id, timeZone: 'Europe/Paris' }])).get(committee.id);
  const page = () => kept.periods(committee.id, convention.id, 'Europe/Paris');

  it('gives what ComplianceService computes, for the home page and the committee page', async () => {
    expect(await home()).toEqual((await compliance.standings([committee.id])).get(committee.id));
    const full = await compliance.committeeCompliance(committee.id, {});
    // The committee page also shows the period after the last one listed (2nd semester 2025), as the service computes it.
    const after = addDays(full.periods[full.periods.length - 1].end, 1);
    const next = (await compliance.periodsOf([committee.id], after, after)).get(committee.id)?.periods.find((period) => period.start === after);
    expect(next?.key).toBe('2025-S2');
    expect(await page()).toEqual({ today: full.today, standing: full.standing, periods: full.periods, minutes: full.minutes, requests: full.requests, next });
    // Asked again with nothing changed: the same answer, kept.
    expect((await home())?.standing.status).toBe('on_track');
    expect((await page()).standing.status).toBe('on_track');
  });

  it('shows a meeting recorded after it was kept, its quorum corrected, and its deletion', async () => {
    expect((await home())?.standing.status).toBe('on_track');
    expect((await page()).standing.status).toBe('on_track');
    const [{ id }] = await t.dataSource.query(
      `INSERT INTO meetings (committee_id, kind, state, title, starts_at, ends_at, ical_uid, quorum_reached, version)
       VALUES ($1, 'ordinary', 'held', 'Séance', '2025-02-11T13:00:00Z', '2025-02-11T15:00:00Z', $2, true, 1) RETURNING id`,
      [committee.id, `pages-${committee.id}@copil`],
    );
    expect((await home())?.standing.status).toBe('met');
    expect((await page()).periods.find((period) => period.start === '2025-01-01')?.heldWithQuorum).toBe(1);
    await t.dataSource.query(`UPDATE meetings SET quorum_reached = false WHERE id = $1`, [id]);
    expect((await home())?.standing.status).toBe('on_track');
    expect((await page()).standing.status).toBe('on_track');
    await t.dataSource.query(`DELETE FROM meetings WHERE id = $1`, [id]);
    expect((await page()).periods.find((period) => period.start === '2025-01-01')?.heldWithQuorum).toBe(0);
  });

  it("follows a change of the committee's rule", async () => {
    await buildMeeting(t.dataSource, committee, 'Europe/Paris', { on: '2025-02-11' });
    expect((await home())?.standing.status).toBe('met');
    expect((await page()).standing.status).toBe('met');
    await t.dataSource.query(`UPDATE committees SET frequency_minimum = 2 WHERE id = $1`, [committee.id]);
    expect((await home())?.standing.status).not.toBe('met');
    expect((await page()).standing.status).not.toBe('met');
  });

  it('computes again on a new day, with no write', async () => {
    expect((await home())?.standing.status).toBe('on_track');
    expect((await page()).standing.status).toBe('on_track');
    // The first semester ended on 30 June without a meeting.
    t.clock.set('2025-07-02T09:00:00Z');
    expect((await home())?.standing.status).toBe('missed');
    expect((await page()).standing.status).toBe('missed');
    expect((await page()).today).toBe('2025-07-02');
  });

  it('keeps a committee through writes to other conventions, and computes it again after a write to its own', async () => {
    const asked = jest.spyOn(compliance, 'standings');
    try {
      expect((await home())?.standing.status).toBe('on_track');
      const other = await buildConvention(t.dataSource, { reference: `other-${convention.reference}`, timeZone: 'Europe/Paris', holidayCountry: 'FR', signedOn: '2024-09-02', durationMonths: 24 });
      const elsewhere = await buildCommittee(t.dataSource, other, { key: 'copil', frequency: { minimum: 1, period: 'semester', calendar: 'civil' }, notice: { days: 15 } });
      await buildMeeting(t.dataSource, elsewhere, 'Europe/Paris', { on: '2025-02-11' });
      const before = asked.mock.calls.length;
      expect((await home())?.standing.status).toBe('on_track');
      expect(asked.mock.calls.length).toBe(before);
      await buildMeeting(t.dataSource, committee, 'Europe/Paris', { on: '2025-02-11' });
      expect((await home())?.standing.status).toBe('met');
      expect(asked.mock.calls.length).toBe(before + 1);
    } finally {
      asked.mockRestore();
    }
  });
});
