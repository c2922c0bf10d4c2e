import { createTestApp, TestApp } from './support/test-app';
import { asAdmin, headersFor } from './support/auth-helpers';
import { BuiltCommittee, buildCommittee, buildConvention } from './support/builders';

/** Behind the API's guard: each person sees the compliance of the committees they may read. */
describe('who sees which committees’ compliance', () => {
  let t: TestApp;
  let local: BuiltCommittee;
  let departmental: BuiltCommittee;
  let otherConvention: BuiltCommittee;
  beforeAll(async () => {
    t = await createTestApp({ auth: true });
    const grenoble = await buildConvention(t.dataSource, { reference: 'access-grenoble', timeZone: 'Europe/Paris', holidayCountry: 'FR', signedOn: '2024-09-02', durationMonths: 24 });
    local = await buildCommittee(t.dataSource, grenoble, { key: 'copil-local', frequency: { minimum: 1, period: 'quarter', calendar: 'school' } });
    departmental = await buildCommittee(t.dataSource, grenoble, { key: 'copil-departemental', frequency: { minimum: 2, period: 'year', calendar: 'school' } });
    const guyane = await buildConvention(t.dataSource, { reference: 'access-guyane', timeZone: 'America/Cayenne', holidayCountry: 'GF', signedOn: '2024-09-02', durationMonths: 36 });
    otherConvention = await buildCommittee(t.dataSource, guyane, { key: 'copil', frequency: { minimum: 1, period: 'semester', calendar: 'school' } });
  });
  afterAll(async () => t.close());
  beforeEach(() => t.clock.set('2025-03-20T09:00:00Z'));
  afterEach(() => t.clock.reset());

  const keys = (body: { items: { convention: { reference: string }; committee: { key: string } }[] }) =>
    body.items.map((item) => `${item.convention.reference}/${item.committee.key}`).sort();

  it('asks for a sign-in', async () => {
    const res = await t.http().get('/compliance').expect(401);
    expect(res.body.code).toBe('authentication_required');
  });

  it('shows an administrator every committee', async () => {
    const res = await t.http().get('/compliance').set(await asAdmin(t)).expect(200);
    expect(keys(res.body)).toEqual(['access-grenoble/copil-departemental', 'access-grenoble/copil-local', 'access-guyane/copil']);
  });

  it('shows the convener of one committee that committee only, and refuses them another committee’s page', async () => {
    const convener = await headersFor(t, 'directrice.ecole@copil.test', [{ role: 'convener', committeeId: local.id }]);
    const res = await t.http().get('/compliance').set(convener).expect(200);
    expect(keys(res.body)).toEqual(['access-grenoble/copil-local']);
    await t.http().get(`/committees/${local.id}/compliance`).set(convener).expect(200);
    await t.http().get(`/committees/${otherConvention.id}/compliance`).set(convener).expect(404);
  });

  it('lets the convener plan their committee’s year, not another one’s', async () => {
    const convener = await headersFor(t, 'directeur.ecole@copil.test', [{ role: 'convener', committeeId: local.id }]);
    await t.http().get(`/committees/${local.id}/planning`).query({ year: '2025-2026' }).set(convener).expect(200);
    await t.http().get(`/committees/${departmental.id}/planning`).query({ year: '2025-2026' }).set(convener).expect(404);
  });

  it('shows a convention’s secretariat all its committees, by the convention’s reference too', async () => {
    const secretariat = await headersFor(t, 'secretariat.dasen@copil.test', [{ role: 'secretariat', conventionId: local.conventionId }]);
    const res = await t.http().get('/compliance').set(secretariat).expect(200);
    expect(keys(res.body)).toEqual(['access-grenoble/copil-departemental', 'access-grenoble/copil-local']);
    const convention = await t.http().get('/conventions/access-grenoble/compliance').set(secretariat).expect(200);
    expect(convention.body.committees.map((c: { committee: { id: string } }) => c.committee.id).sort()).toEqual([departmental.id, local.id].sort());
    await t.http().get('/conventions/access-guyane/compliance').set(secretariat).expect(404);
  });
});
