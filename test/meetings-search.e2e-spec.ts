import { createTestApp, TestApp } from './support/test-app';
import { buildCommittee, buildConvention } from './support/builders';
import { headersFor } from './support/auth-helpers';

describe('GET /meetings: meetings across committees, within the caller’s scope', () => {
  let t: TestApp;
  const ids: Record<string, string> = {};
  let paris: { conventionId: string; committeeId: string; otherCommitteeId: string };
  let cayenne: { conventionId: string; committeeId: string };

  beforeAll(async () => {
    t = await createTestApp();
    t.clock.set('2025-03-01T08:00:00Z');
    const parisConvention = await buildConvention(t.dataSource, { timeZone: 'Europe/Paris', holidayCountry: 'FR', signedOn: '2024-09-01', durationMonths: 36, parties: { academie: 'academie' } });
    const steering = await buildCommittee(t.dataSource, parisConvention, { key: 'copil', notice: { days: 0 }, seats: [{ key: 'dasen', party: 'academie' }] });
    const technical = await buildCommittee(t.dataSource, parisConvention, { key: 'technique', definitionKey: 'technique', kind: 'technical', notice: { days: 0 }, seats: [{ key: 'dasen', party: 'academie' }] });
    const guyane = await buildConvention(t.dataSource, { timeZone: 'America/Cayenne', holidayCountry: 'FR', holidayRegion: 'GF', signedOn: '2024-09-01', durationMonths: 36, parties: { academie: 'academie' } });
    const guyaneSteering = await buildCommittee(t.dataSource, guyane, { key: 'copil', notice: { days: 0 }, seats: [{ key: 'recteur', party: 'academie' }] });
    paris = { conventionId: parisConvention.id, committeeId: steering.id, otherCommitteeId: technical.id };
    cayenne = { conventionId: guyane.id, committeeId: guyaneSteering.id };

    const schedule = async (name: string, committeeId: string, start: string, end: string) => {
      ids[name] = (await t.http().post(`/committees/${committeeId}/meetings`).send({ start, end, title: name }).expect(201)).body.id;
    };
    await schedule('paris-april', paris.committeeId, '2025-04-01T09:00', '2025-04-01T11:00');
    await schedule('paris-technical', paris.otherCommitteeId, '2025-04-01T14:00', '2025-04-01T15:00');
    // 22:00 in Cayenne on 1 April is already 2 April in UTC and in Paris.
    await schedule('cayenne-evening', cayenne.committeeId, '2025-04-01T22:00', '2025-04-01T23:00');
    await schedule('paris-may', paris.committeeId, '2025-05-06T09:00', '2025-05-06T11:00');
    await t.dataSource.query(`UPDATE meetings SET convened_at = now() WHERE id = $1`, [ids['paris-may']]);
    await t.http().post(`/meetings/${ids['paris-technical']}/cancel`).send({ reason: 'Report', version: 1 });
  });
  afterAll(async () => t.close());

  const titles = (body: { items: Array<{ title: string }> }) => body.items.map((meeting) => meeting.title);

  it('lists every meeting to an administrator, earliest first, with the page and the total', async () => {
    const res = await t.http().get('/meetings').expect(200);
    expect(titles(res.body)).toEqual(['paris-april', 'paris-technical', 'cayenne-evening', 'paris-may']);
    expect(res.body).toMatchObject({ page: 1, pageSize: 50, total: 4 });
    expect(res.body.items[2].start).toMatchObject({ local: '2025-04-01T22:00', timeZone: 'America/Cayenne' });
  });

  it('pages', async () => {
    const second = await t.http().get('/meetings?pageSize=3&page=2').expect(200);
    expect(second.body).toMatchObject({ page: 2, pageSize: 3, total: 4 });
    expect(titles(second.body)).toEqual(['paris-may']);
    expect(titles((await t.http().get('/meetings?page=1000000').expect(200)).body)).toEqual([]);
  });

  it('filters by convention, committee, state, convened or not, and by local days of each meeting’s own zone', async () => {
    expect(titles((await t.http().get(`/meetings?conventionId=${cayenne.conventionId}`).expect(200)).body)).toEqual(['cayenne-evening']);
    expect(titles((await t.http().get(`/meetings?committeeId=${paris.committeeId}`).expect(200)).body)).toEqual(['paris-april', 'paris-may']);
    expect(titles((await t.http().get('/meetings?state=scheduled&convened=false').expect(200)).body)).toEqual(['paris-april', 'cayenne-evening']);
    expect(titles((await t.http().get('/meetings?convened=true').expect(200)).body)).toEqual(['paris-may']);
    expect(titles((await t.http().get('/meetings?from=2025-04-01&to=2025-04-01').expect(200)).body)).toEqual(['paris-april', 'paris-technical', 'cayenne-evening']);
    expect(titles((await t.http().get('/meetings?from=2025-04-02&to=9999-12-31').expect(200)).body)).toEqual(['paris-may']);
  });

  it('shows a convener of one committee only that committee’s meetings, and someone without a role nothing', async () => {
    const convener = await headersFor(t, 'convener.copil@example.fr', [{ role: 'convener', committeeId: paris.committeeId }]);
    expect(titles((await t.http().get('/meetings').set(convener).expect(200)).body)).toEqual(['paris-april', 'paris-may']);
    expect(titles((await t.http().get(`/meetings?conventionId=${cayenne.conventionId}`).set(convener).expect(200)).body)).toEqual([]);

    const secretariat = await headersFor(t, 'secretariat.guyane@example.fr', [{ role: 'secretariat', conventionId: cayenne.conventionId }]);
    const res = await t.http().get('/meetings').set(secretariat).expect(200);
    expect(res.body).toMatchObject({ total: 1 });
    expect(titles(res.body)).toEqual(['cayenne-evening']);

    const nobody = await headersFor(t, 'nobody@example.fr');
    expect((await t.http().get('/meetings').set(nobody).expect(200)).body).toMatchObject({ items: [], total: 0 });
  });

  it('refuses malformed filters with the field named', async () => {
    const backwards = await t.http().get('/meetings?from=2025-05-01&to=2025-04-01').expect(400);
    expect(backwards.body.fields).toEqual([expect.objectContaining({ path: 'to', code: 'inconsistent' })]);
    for (const [query, path] of [['state=someday', 'state'], ['convened=yes', 'convened'], ['page=0', 'page'], ['pageSize=1000', 'pageSize'], ['committeeId=nope', 'committeeId'], ['from=2025-02-30', 'from']]) {
      const res = await t.http().get(`/meetings?${query}`).expect(400);
      expect(res.body.fields).toEqual([expect.objectContaining({ path })]);
    }
    await t.http().get('/meetings?page=1e300').expect(400);
  });
});
