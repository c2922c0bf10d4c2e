import { createTestApp, TestApp } from './support/test-app';
import { BuiltCommittee, BuiltConvention, buildCommittee, buildConvention, buildMeeting } from './support/builders';
import { conventionVersions, dataVersion, foldDataChanges } from '../src/compliance/data-version';

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

  it('keeps the other conventions as they were after a write to one, and shows that write', async () => {
    const other = await buildConvention(t.dataSource, { reference: `other-${convention.reference}`, timeZone: 'Europe/Paris', holidayCountry: 'FR', signedOn: '2024-09-02', durationMonths: 24 });
    const otherCommittee = await buildCommittee(t.dataSource, other, { key: 'copil', frequency: { minimum: 1, period: 'semester', calendar: 'civil' }, notice: { days: 15 } });
    await buildMeeting(t.dataSource, otherCommittee, 'Europe/Paris', { on: '2024-10-10' });
    const statusOf = async (conventionId: string): Promise<string | undefined> => {
      const res = await t.http().get('/compliance').query({ pageSize: 500 }).expect(200);
      const rows = res.body.items as Array<{ committee: { id: string }; convention: { id: string }; status: string }>;
      return rows.find((row) => row.convention.id === conventionId)?.status;
    };
    expect(await statusOf(convention.id)).toBe('on_track');
    expect(await statusOf(other.id)).toBe('on_track');
    const before = new Map((await conventionVersions(t.dataSource.manager)).map(({ id, version }) => [id, version]));
    await buildMeeting(t.dataSource, otherCommittee, 'Europe/Paris', { on: '2025-02-11' });
    const after = new Map((await conventionVersions(t.dataSource.manager)).map(({ id, version }) => [id, version]));
    expect([after.get(convention.id), after.get(other.id)]).toEqual([before.get(convention.id), (before.get(other.id) as number) + 1]);
    expect(await statusOf(other.id)).toBe('met');
    expect(await statusOf(convention.id)).toBe('on_track');
  });

  it('notes a transaction once per convention it writes, through any table a report reads, and folding keeps the counts', async () => {
    const versionOf = async (id: string): Promise<number> =>
      (await conventionVersions(t.dataSource.manager)).find((row) => row.id === id)?.version as number;
    const [{ id: seatId }] = await t.dataSource.query(
      `INSERT INTO seats (committee_id, key, role, count) VALUES ($1, 'dasen', 'le DASEN', 1) RETURNING id`,
      [committee.id],
    );
    let version = await versionOf(convention.id);
    const [{ id: personId }] = await t.dataSource.query(`INSERT INTO people (full_name, email) VALUES ('Anne Martin', $1) RETURNING id`, [`anne-${convention.reference}@example.fr`]);
    const [{ id: meetingId }] = await t.dataSource.query(`SELECT id FROM meetings WHERE committee_id = $1`, [committee.id]);
    const writes: Array<[string, string]> = [
      ['conventions', `UPDATE conventions SET title = title || ' ' WHERE id = '${convention.id}'`],
      ['committees', `UPDATE committees SET name = name || ' ' WHERE id = '${committee.id}'`],
      ['seats', `UPDATE seats SET role = role || ' ' WHERE id = '${seatId}'`],
      ['memberships', `INSERT INTO memberships (seat_id, person_id, starts_on) VALUES ('${seatId}', '${personId}', '2024-09-02')`],
      ['meetings', `UPDATE meetings SET title = title || ' ' WHERE id = '${meetingId}'`],
      ['attendance', `INSERT INTO attendance (meeting_id, person_id, status) VALUES ('${meetingId}', '${personId}', 'present')`],
      ['a statement writing nothing', `DELETE FROM meetings WHERE false`],
    ];
    for (const [table, statement] of writes) {
      await t.dataSource.query(statement);
      const grown = await versionOf(convention.id);
      expect({ table, grown: grown - version }).toEqual({ table, grown: table === 'a statement writing nothing' ? 0 : 1 });
      version = grown;
    }
    // Several statements of one transaction are one change.
    await t.dataSource.transaction(async (manager) => {
      await manager.query(`UPDATE meetings SET title = title || ' ' WHERE id = $1`, [meetingId]);
      await manager.query(`UPDATE committees SET name = name || ' ' WHERE id = $1`, [committee.id]);
    });
    expect(await versionOf(convention.id)).toBe(version + 1);
    // School holidays are every convention's.
    const all = await dataVersion(t.dataSource.manager);
    await t.dataSource.query(`UPDATE school_holidays SET description = description WHERE zone = 'A'`);
    expect(await versionOf(convention.id)).toBe(version + 2);
    expect(await dataVersion(t.dataSource.manager)).toBe(all + 1);
    await foldDataChanges(t.dataSource.manager);
    expect(await versionOf(convention.id)).toBe(version + 2);
    expect(await t.dataSource.query(`SELECT count(*)::int AS n FROM data_changes`)).toEqual([{ n: 0 }]);
    await t.dataSource.query(`UPDATE meetings SET title = title || ' ' WHERE id = $1`, [meetingId]);
    expect(await versionOf(convention.id)).toBe(version + 3);
  });
});
