import { createTestApp, TestApp } from './support/test-app';
import { BuiltConvention, buildCommittee, buildConvention, buildMember } from './support/builders';

/**
 * GET /committees in pages, by convention, kind and key, each with the places held today counted
 * from its seats and memberships: a seat of two with three holders is full, not over-full; a
 * membership ended or not yet begun holds nothing.
 */
describe('the committees list in pages', () => {
  let t: TestApp;
  let convention: BuiltConvention;
  beforeAll(async () => {
    t = await createTestApp();
    t.clock.set('2025-03-20T09:00:00Z');
    convention = await buildConvention(t.dataSource, { reference: 'pages-list', timeZone: 'Europe/Paris', holidayCountry: 'FR', signedOn: '2024-09-02', durationMonths: 24 });
    const seats = [
      { key: 'elus', party: 'commune', role: 'deux élus', count: 2 },
      { key: 'ien', party: 'academie', role: "l'IEN" },
    ];
    const first = await buildCommittee(t.dataSource, convention, { key: 'a-copil', seats });
    await buildMember(t.dataSource, first.seats.elus, 'Élue Une');
    await buildMember(t.dataSource, first.seats.elus, 'Élu Deux');
    await buildMember(t.dataSource, first.seats.elus, 'Élue Trois');
    await buildMember(t.dataSource, first.seats.ien, 'Ancien IEN', { endsOn: '2025-01-31' });
    await buildMember(t.dataSource, first.seats.ien, 'Futur IEN', { startsOn: '2025-09-01' });
    const second = await buildCommittee(t.dataSource, convention, { key: 'b-copil', seats });
    await buildMember(t.dataSource, second.seats.ien, 'IEN en poste', { startsOn: '2024-09-01', endsOn: null });
    await buildCommittee(t.dataSource, convention, { key: 'c-copil', seats: [] });
  });
  afterAll(async () => t.close());

  async function page(query: Record<string, string | number>) {
    const res = await t.http().get('/committees').query({ conventionId: convention.id, ...query }).expect(200);
    return { total: Number(res.headers['x-total-count']), rows: (res.body as Array<{ key: string; seats: number; filled: number; vacant: number }>).map((row) => `${row.key} ${row.filled}/${row.seats}`) };
  }

  it('gives one page at a time, and how many committees match in X-Total-Count', async () => {
    expect(await page({ pageSize: 2 })).toEqual({ total: 3, rows: ['a-copil 2/3', 'b-copil 1/3'] });
    expect(await page({ pageSize: 2, page: 2 })).toEqual({ total: 3, rows: ['c-copil 0/0'] });
    expect(await page({ pageSize: 2, page: 3 })).toEqual({ total: 3, rows: [] });
    expect(await page({})).toEqual({ total: 3, rows: ['a-copil 2/3', 'b-copil 1/3', 'c-copil 0/0'] });
  });

  it('refuses a page size beyond 500 and a page below 1, naming the field', async () => {
    const tooBig = await t.http().get('/committees').query({ pageSize: 501 }).expect(400);
    expect(JSON.stringify(tooBig.body)).toContain('pageSize');
    const zero = await t.http().get('/committees').query({ page: 0 }).expect(400);
    expect(JSON.stringify(zero.body)).toContain('page');
  });
});
