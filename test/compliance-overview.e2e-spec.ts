import { createTestApp, TestApp } from './support/test-app';
import { BuiltConvention, buildCommittee, buildConvention, buildMeeting } from './support/builders';

interface Row {
  committee: { key: string; kind: string };
  convention: { reference: string; timeZone: string };
  status: string;
  behind: boolean;
  period: { key: string; label: string; heldWithQuorum: number; heldWithoutQuorum: number; scheduled: number; lastDayToConvene: string | null; reasons: string[] } | null;
}

/**
 * The académie's view across conventions. Today is 20 March 2025; three conventions are in force
 * (Paris, Cayenne, Réunion) and one ended in 2020.
 */
describe('compliance across conventions: which committees are behind', () => {
  let t: TestApp;
  let guyane: BuiltConvention;
  beforeAll(async () => {
    t = await createTestApp();
    const ds = t.dataSource;

    const paris = await buildConvention(ds, { reference: 'overview-paris', timeZone: 'Europe/Paris', holidayCountry: 'FR', signedOn: '2024-09-02', durationMonths: 24 });
    const termly = await buildCommittee(ds, paris, { key: 'p-behind', frequency: { minimum: 1, period: 'quarter', calendar: 'school' }, notice: { days: 8 } });
    await buildMeeting(ds, termly, 'Europe/Paris', { on: '2025-01-20' });
    const quarterly = await buildCommittee(ds, paris, { key: 'p-late', frequency: { minimum: 1, period: 'quarter', calendar: 'civil' }, notice: { days: 15 } });
    await buildMeeting(ds, quarterly, 'Europe/Paris', { on: '2024-11-12' });
    const halfYearly = await buildCommittee(ds, paris, { key: 'p-met', kind: 'technical', frequency: { minimum: 1, period: 'semester', calendar: 'civil' } });
    await buildMeeting(ds, halfYearly, 'Europe/Paris', { on: '2024-10-08' });
    await buildMeeting(ds, halfYearly, 'Europe/Paris', { on: '2025-02-11' });

    guyane = await buildConvention(ds, {
      reference: 'overview-guyane',
      timeZone: 'America/Cayenne',
      holidayCountry: 'GF',
      signedOn: '2023-12-01',
      durationMonths: 36,
      tacitRenewal: true,
    });
    const semesterly = await buildCommittee(ds, guyane, { key: 'g-copil', frequency: { minimum: 1, period: 'semester', calendar: 'school' }, notice: { days: 15 } });
    await buildMeeting(ds, semesterly, 'America/Cayenne', { on: '2024-11-05' });
    await buildMeeting(ds, semesterly, 'America/Cayenne', { on: '2025-05-13', state: 'scheduled' });
    await buildCommittee(ds, guyane, { key: 'g-technique', kind: 'technical', frequency: { minimum: 0, period: 'year', calendar: 'school' } });

    const reunion = await buildConvention(ds, { reference: 'overview-reunion', timeZone: 'Indian/Reunion', holidayCountry: 'RE', signedOn: '2022-12-11', durationMonths: 48 });
    const yearly = await buildCommittee(ds, reunion, { key: 'r-copil', frequency: { minimum: 1, period: 'year', calendar: 'school' } });
    await buildMeeting(ds, yearly, 'Indian/Reunion', { on: '2024-10-10' });

    const ended = await buildConvention(ds, { reference: 'overview-ended', timeZone: 'Europe/Paris', holidayCountry: 'FR', signedOn: '2020-01-01', durationMonths: 12 });
    await buildCommittee(ds, ended, { key: 'e-copil', frequency: { minimum: 1, period: 'year', calendar: 'civil' } });
  });
  afterAll(async () => t.close());
  beforeEach(() => t.clock.set('2025-03-20T09:00:00Z'));
  afterEach(() => t.clock.reset());

  async function overview(query: Record<string, string | number> = {}) {
    const res = await t.http().get('/compliance').query(query).expect(200);
    return res.body as { items: Row[]; page: number; pageSize: number; total: number };
  }

  const summary = (rows: Row[]) => rows.map((row) => `${row.convention.reference}/${row.committee.key}:${row.status}`);

  it('lists the committees behind, worst first: missed, then at risk, with the period that puts them behind', async () => {
    const body = await overview({ status: 'at_risk,missed' });
    expect(body.total).toBe(3);
    expect(summary(body.items)).toEqual([
      'overview-paris/p-behind:missed',
      'overview-reunion/r-copil:missed',
      'overview-paris/p-late:at_risk',
    ]);
    const [termly, yearly, quarterly] = body.items;
    expect(termly.behind).toBe(true);
    expect(termly.period).toMatchObject({ key: '2024-2025-T1', label: '1er trimestre scolaire 2024-2025', heldWithQuorum: 0, lastDayToConvene: '2024-12-23' });
    expect(yearly.convention.timeZone).toBe('Indian/Reunion');
    expect(yearly.period).toMatchObject({ key: '2023-2024', heldWithQuorum: 0 });
    expect(quarterly.period).toMatchObject({ key: '2025-T1', lastDayToConvene: '2025-03-16' });
    expect(quarterly.period?.reasons[0]).toContain('too late for a meeting by 2025-03-31 (the last day to convene was 2025-03-16)');
  });

  it('shows every committee of the conventions in force without a filter, not those of a convention that ended', async () => {
    const body = await overview();
    expect(body.total).toBe(6);
    expect(summary(body.items)).toEqual([
      'overview-paris/p-behind:missed',
      'overview-reunion/r-copil:missed',
      'overview-paris/p-late:at_risk',
      'overview-guyane/g-copil:on_track',
      'overview-paris/p-met:met',
      'overview-guyane/g-technique:not_due',
    ]);
  });

  it('filters by convention and by kind', async () => {
    expect(summary((await overview({ conventionId: guyane.id })).items)).toEqual([
      'overview-guyane/g-copil:on_track',
      'overview-guyane/g-technique:not_due',
    ]);
    expect(summary((await overview({ kind: 'technical' })).items)).toEqual(['overview-paris/p-met:met', 'overview-guyane/g-technique:not_due']);
  });

  it('pages through the committees behind', async () => {
    const body = await overview({ status: 'at_risk,missed', pageSize: 2, page: 2 });
    expect(body).toMatchObject({ page: 2, pageSize: 2, total: 3 });
    expect(summary(body.items)).toEqual(['overview-paris/p-late:at_risk']);
  });

  it('computes the standings for another day', async () => {
    const december = await overview({ on: '2024-12-20', status: 'at_risk' });
    expect(summary(december.items)).toEqual(['overview-paris/p-behind:at_risk']);
    expect(december.items[0].period?.reasons[0]).toContain('convocations must leave by 2024-12-23 (3 days left)');

    const back = await overview({ on: '2020-06-01' });
    expect(summary(back.items)).toEqual(['overview-ended/e-copil:on_track']);
  });

  it('refuses an unknown status, a page of 0 or a malformed convention id, naming the field', async () => {
    const status = await t.http().get('/compliance').query({ status: 'late' }).expect(400);
    expect(status.body.fields).toEqual([expect.objectContaining({ path: 'status' })]);
    const page = await t.http().get('/compliance').query({ page: 0 }).expect(400);
    expect(page.body.fields).toEqual([expect.objectContaining({ path: 'page' })]);
    const size = await t.http().get('/compliance').query({ pageSize: 'many' }).expect(400);
    expect(size.body.fields).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'pageSize' })]));
    const convention = await t.http().get('/compliance').query({ conventionId: 'guyane' }).expect(400);
    expect(convention.body.fields).toEqual([expect.objectContaining({ path: 'conventionId' })]);
    const day = await t.http().get('/compliance').query({ on: '20/03/2025' }).expect(400);
    expect(day.body.fields).toEqual([expect.objectContaining({ path: 'on' })]);
    const farAway = await t.http().get('/compliance').query({ on: '9999-01-01' }).expect(400);
    expect(farAway.body.fields).toEqual([expect.objectContaining({ path: 'on' })]);
  });
});
