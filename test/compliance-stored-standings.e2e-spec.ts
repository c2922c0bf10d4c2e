import { createTestApp, TestApp } from './support/test-app';
import { BuiltCommittee, BuiltConvention, buildCommittee, buildConvention, buildMeeting } from './support/builders';
import { ComplianceService } from '../src/compliance/compliance.service';
import { ComplianceRowResponse } from '../src/compliance/dto/compliance.response';

/**
 * The académie's report is stored per convention, kind and day under the convention's data
 * version (stored-standings.ts): a service just started reads it back instead of computing it,
 * but only for the same version and the same day in the convention's zone.
 *
 * A Paris convention and a Cayenne one, in force from 2 September 2024, each with a committee
 * that meets once per civil semester and met on 8 October 2024: on 29 March 2025 the current
 * semester is on track. Summer time starts in Paris on 30 March 2025 at 01:00 UTC; Cayenne keeps
 * UTC−3.
 */
describe('the compliance report stored for a service just started', () => {
  let t: TestApp;
  let paris: BuiltConvention;
  let cayenne: BuiltConvention;
  let parisCommittee: BuiltCommittee;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close());
  beforeEach(async () => {
    await t.dataSource.query('DELETE FROM compliance_standings');
    const suffix = Math.random().toString(36).slice(2, 8);
    paris = await buildConvention(t.dataSource, { reference: `stored-paris-${suffix}`, timeZone: 'Europe/Paris', holidayCountry: 'FR', signedOn: '2024-09-02', durationMonths: 24 });
    cayenne = await buildConvention(t.dataSource, { reference: `stored-cayenne-${suffix}`, timeZone: 'America/Cayenne', holidayCountry: 'GF', signedOn: '2024-09-02', durationMonths: 24 });
    parisCommittee = await buildCommittee(t.dataSource, paris, { key: 'copil', frequency: { minimum: 1, period: 'semester', calendar: 'civil' }, notice: { days: 15 } });
    const cayenneCommittee = await buildCommittee(t.dataSource, cayenne, { key: 'copil', frequency: { minimum: 1, period: 'semester', calendar: 'civil' }, notice: { days: 15 } });
    await buildMeeting(t.dataSource, parisCommittee, 'Europe/Paris', { on: '2024-10-08' });
    await buildMeeting(t.dataSource, cayenneCommittee, 'America/Cayenne', { on: '2024-10-08' });
  });
  afterEach(() => t.clock.reset());

  /** The report of a service just started (nothing in memory), for the two conventions. */
  async function reportOfNewService(): Promise<Map<string, ComplianceRowResponse>> {
    const service = new ComplianceService(t.dataSource, t.clock);
    const { items } = await service.list({ pageSize: 500 });
    await service.standingsStored();
    return new Map(items.filter((row) => [paris.id, cayenne.id].includes(row.convention.id)).map((row) => [row.convention.id, row]));
  }

  /** Marks the stored standings, so that a report read back from them shows it. */
  async function markStored(): Promise<number> {
    const marked: Array<{ convention_id: string }> = await t.dataSource.query(
      `UPDATE compliance_standings SET standings = jsonb_set(standings::jsonb, '{verdicts,0,standing,reasons}', '["read back"]')::json
        WHERE convention_id = ANY($1::uuid[]) RETURNING convention_id`,
      [[paris.id, cayenne.id]],
    );
    return marked.length;
  }

  it('reads back what the first service computed, row for row', async () => {
    t.clock.set('2025-03-20T09:00:00Z');
    const computed = await t.http().get('/compliance').query({ pageSize: 500 }).expect(200);
    await t.app.get(ComplianceService).standingsStored();
    expect(await markStored()).toBe(2);
    const readBack = await new ComplianceService(t.dataSource, t.clock).list({ pageSize: 500 });
    const marked = (row: ComplianceRowResponse) => ([paris.id, cayenne.id].includes(row.convention.id) ? { ...row, reasons: ['read back'] } : row);
    expect(readBack).toEqual({ ...computed.body, items: computed.body.items.map(marked) });
    expect(readBack.items.filter((row) => [paris.id, cayenne.id].includes(row.convention.id)).map((row) => row.status)).toEqual(['on_track', 'on_track']);
  });

  it('computes again a convention written since, and only that one', async () => {
    t.clock.set('2025-03-20T09:00:00Z');
    await reportOfNewService();
    expect(await markStored()).toBe(2);
    await buildMeeting(t.dataSource, parisCommittee, 'Europe/Paris', { on: '2025-02-11' });
    const report = await reportOfNewService();
    expect(report.get(paris.id)).toMatchObject({ status: 'met' });
    expect(report.get(paris.id)?.reasons).not.toEqual(['read back']);
    expect(report.get(cayenne.id)).toMatchObject({ status: 'on_track', reasons: ['read back'] });
    // What was computed again is stored in its turn, under the new version.
    expect(await markStored()).toBe(2);
    expect((await reportOfNewService()).get(paris.id)).toMatchObject({ status: 'met', reasons: ['read back'] });
  });

  it("computes again on a new day in the convention's zone, across the change to summer time", async () => {
    // 29 March, 23:30 in Paris (UTC+1), 19:30 in Cayenne.
    t.clock.set('2025-03-29T22:30:00Z');
    await reportOfNewService();
    expect(await markStored()).toBe(2);
    // 30 March, 00:30 in Paris: a new day there; still 29 March, 20:30, in Cayenne.
    t.clock.set('2025-03-29T23:30:00Z');
    let report = await reportOfNewService();
    expect(report.get(paris.id)?.reasons).not.toEqual(['read back']);
    expect(report.get(cayenne.id)?.reasons).toEqual(['read back']);

    // 30 March, 23:30 in Paris, now UTC+2: the same day as the standings just stored.
    await markStored();
    t.clock.set('2025-03-30T21:30:00Z');
    report = await reportOfNewService();
    expect(report.get(paris.id)?.reasons).toEqual(['read back']);
    // 31 March, 00:30 in Paris: a day begins an hour earlier in UTC than before the change.
    t.clock.set('2025-03-30T22:30:00Z');
    report = await reportOfNewService();
    expect(report.get(paris.id)?.reasons).not.toEqual(['read back']);
    expect(report.get(paris.id)).toMatchObject({ status: 'on_track' });
  });

  it('keeps the standings of each kind of committee apart', async () => {
    t.clock.set('2025-03-20T09:00:00Z');
    const service = new ComplianceService(t.dataSource, t.clock);
    await service.list({ pageSize: 1, kind: 'technical' });
    await service.standingsStored();
    const technical = await new ComplianceService(t.dataSource, t.clock).list({ pageSize: 500, kind: 'technical' });
    expect(technical.items.filter((row) => row.convention.id === paris.id)).toEqual([]);
    const all = await reportOfNewService();
    expect(all.get(paris.id)).toMatchObject({ status: 'on_track' });
  });
});
