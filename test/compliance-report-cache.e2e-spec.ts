import { createTestApp, TestApp } from './support/test-app';
import { BuiltCommittee, BuiltConvention, buildCommittee, buildConvention, buildMeeting } from './support/builders';
import { dataVersion, foldDataChanges } from '../src/compliance/data-version';

/**
 * The académie's view is computed once and kept until the data changes (data-version.ts): every
 * write to what it is computed from, through the API or not, committed before or during a report,
 * shows in the next one; so does a new day.
 *
 * One Paris convention in force from 2 September 2024, today 20 March 2025, and a committee that
 * meets once per civil semester: it met on 8 October 2024, so the semester ended is met and the
 * current one (January–June) is on track.
 */
describe('the compliance report kept between requests', () => {
  let t: TestApp;
  let convention: BuiltConvention;
  let committee: BuiltCommittee;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close());
  beforeEach(async () => {
    t.clock.set('2025-03-20T09:00:00Z');
    const reference = `kept-${Math.random().toString(36).slice(2, 8)}`;
    convention = await buildConvention(t.dataSource, { reference, timeZone: 'Europe/Paris', holidayCountry: 'FR', signedOn: '2024-09-02', durationMonths: 24 });
    committee = await buildCommittee(t.dataSource, convention, { key: 'copil', frequency: { minimum: 1, period: 'semester', calendar: 'civil' }, notice: { days: 15 } });
    await buildMeeting(t.dataSource, committee, 'Europe/Paris', { on: '2024-10-08' });
  });
  afterEach(() => t.clock.reset());

  async function standing(): Promise<string | undefined> {
    const res = await t.http().get('/compliance').query({ conventionId: convention.id }).expect(200);
    const rows = res.body.items as Array<{ committee: { key: string }; status: string }>;
    return rows.find((row) => row.committee.key === 'copil')?.status;
  }

  it('shows a meeting recorded after a report, its quorum corrected, and its deletion', async () => {
    expect(await standing()).toBe('on_track');
    const [{ id }] = await t.dataSource.query(
      `INSERT INTO meetings (committee_id, kind, state, title, starts_at, ends_at, ical_uid, quorum_reached, version)
       VALUES ($1, 'ordinary', 'held', 'Séance', '2025-02-11T13:00:00Z', '2025-02-11T15:00:00Z', $2, true, 1) RETURNING id`,
      [committee.id, `kept-${committee.id}@copil`],
    );
    expect(await standing()).toBe('met');
    await t.dataSource.query(`UPDATE meetings SET quorum_reached = false WHERE id = $1`, [id]);
    expect(await standing()).toBe('on_track');
    await t.dataSource.query(`UPDATE meetings SET quorum_reached = true WHERE id = $1`, [id]);
    expect(await standing()).toBe('met');
    await t.dataSource.query(`DELETE FROM meetings WHERE id = $1`, [id]);
    expect(await standing()).toBe('on_track');
  });

  it("follows a change of the committee's rule and of the convention's validity", async () => {
    await buildMeeting(t.dataSource, committee, 'Europe/Paris', { on: '2025-02-11' });
    expect(await standing()).toBe('met');
    await t.dataSource.query(`UPDATE committees SET frequency_minimum = 2 WHERE id = $1`, [committee.id]);
    expect(await standing()).not.toBe('met');
    await t.dataSource.query(`UPDATE conventions SET terminated_on = '2025-01-31' WHERE id = $1`, [convention.id]);
    expect(await standing()).toBeUndefined();
  });

  it('shows a write committed while a report was being read, once committed', async () => {
    const writer = t.dataSource.createQueryRunner();
    try {
      await writer.startTransaction();
      await writer.query(
        `INSERT INTO meetings (committee_id, kind, state, title, starts_at, ends_at, ical_uid, quorum_reached, version)
         VALUES ($1, 'ordinary', 'held', 'Séance', '2025-02-11T13:00:00Z', '2025-02-11T15:00:00Z', $2, true, 1)`,
        [committee.id, `pending-${committee.id}@copil`],
      );
      // Computed and kept while the write is not committed: it cannot be seen yet.
      expect(await standing()).toBe('on_track');
      await writer.commitTransaction();
    } finally {
      await writer.release();
    }
    expect(await standing()).toBe('met');
  });

  it('computes again on a new day, with no write', async () => {
    expect(await standing()).toBe('on_track');
    // The first semester ended on 30 June without a meeting.
    t.clock.set('2025-07-02T09:00:00Z');
    expect(await standing()).toBe('missed');
  });

  it('counts a transaction writing any of the tables reports read, and folding keeps the count', async () => {
    for (const table of ['conventions', 'committees', 'seats', 'memberships', 'meetings', 'attendance', 'school_holidays']) {
      const before = await dataVersion(t.dataSource.manager);
      await t.dataSource.query(`DELETE FROM ${table} WHERE false`);
      expect({ table, version: await dataVersion(t.dataSource.manager) }).toEqual({ table, version: before + 1 });
    }
    // Several statements of one transaction are one change.
    const before = await dataVersion(t.dataSource.manager);
    await t.dataSource.transaction(async (manager) => {
      await manager.query(`DELETE FROM meetings WHERE false`);
      await manager.query(`DELETE FROM committees WHERE false`);
    });
    expect(await dataVersion(t.dataSource.manager)).toBe(before + 1);
    await foldDataChanges(t.dataSource.manager);
    expect(await dataVersion(t.dataSource.manager)).toBe(before + 1);
    expect(await t.dataSource.query(`SELECT count(*)::int AS n FROM data_changes`)).toEqual([{ n: 0 }]);
    await t.dataSource.query(`DELETE FROM meetings WHERE false`);
    expect(await dataVersion(t.dataSource.manager)).toBe(before + 2);
  });
});
