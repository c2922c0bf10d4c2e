import { randomUUID } from 'node:crypto';
import { Meeting } from '../src/meetings/meeting.entity';
import { createTestApp, TestApp } from './support/test-app';
import { AuthHeaders, asAdmin, headersFor } from './support/auth-helpers';
import { BuiltCommittee, BuiltConvention, buildCommittee, buildConvention, buildMembership, buildPerson, seatOf } from './support/builders';

/*
 * copil's own routes, each role × each action × inside and outside its scope: proves that every
 * route carries the permission docs/access-control.md gives it. Allowed requests send bodies
 * that fail validation (400) or read (200), so nothing changes. Refused ones get 403 when the
 * person may see what the path names (`readers`), else 404, as for something that does not exist.
 */
type Role = 'admin' | 'secretariat of A' | 'convener of X' | 'member of X' | 'member of Y' | 'nobody' | 'anonymous';
const ROLES: Role[] = ['admin', 'secretariat of A', 'convener of X', 'member of X', 'member of Y', 'nobody', 'anonymous'];

interface World {
  a: BuiltConvention;
  b: BuiltConvention;
  x: BuiltCommittee;
  y: BuiltCommittee;
  z: BuiltCommittee;
  meetingOfX: Meeting;
  meetingOfZ: Meeting;
}

interface Action {
  name: string;
  request: (t: TestApp, w: World, headers: AuthHeaders | {}) => Promise<{ status: number }>;
  allowed: Role[];
  /** Who may see what the path names; absent when it names nothing (a list, a creation). */
  readers?: Role[];
}

const as = (headers: AuthHeaders | {}) => headers as Record<string, string>;
const A_READERS: Role[] = ['admin', 'secretariat of A', 'convener of X', 'member of X', 'member of Y'];
const X_READERS: Role[] = ['admin', 'secretariat of A', 'convener of X', 'member of X'];
const B_READERS: Role[] = ['admin'];

const ACTIONS: Action[] = [
  { name: 'read convention A', request: (t, w, h) => t.http().get(`/conventions/${w.a.id}`).set(as(h)), allowed: ['admin', 'secretariat of A', 'convener of X', 'member of X', 'member of Y'], readers: A_READERS },
  { name: 'read convention B', request: (t, w, h) => t.http().get(`/conventions/${w.b.reference}`).set(as(h)), allowed: ['admin'], readers: B_READERS },
  { name: 'read committee X', request: (t, w, h) => t.http().get(`/committees/${w.x.id}`).set(as(h)), allowed: ['admin', 'secretariat of A', 'convener of X', 'member of X'], readers: X_READERS },
  { name: 'read committee Z (convention B)', request: (t, w, h) => t.http().get(`/committees/${w.z.id}`).set(as(h)), allowed: ['admin'], readers: B_READERS },
  { name: "read A's definition", request: (t, w, h) => t.http().get(`/conventions/${w.a.reference}/definition`).set(as(h)), allowed: ['admin', 'secretariat of A', 'convener of X', 'member of X', 'member of Y'], readers: A_READERS },
  { name: 'replace A by its definition', request: (t, w, h) => t.http().put(`/conventions/${w.a.reference}/definition`).set(as(h)).send({ reference: w.a.reference }), allowed: ['admin', 'secretariat of A'], readers: A_READERS },
  { name: 'replace B by its definition', request: (t, w, h) => t.http().put(`/conventions/${w.b.reference}/definition`).set(as(h)).send({ reference: w.b.reference }), allowed: ['admin'], readers: B_READERS },
  { name: 'create a convention', request: (t, _w, h) => t.http().post('/conventions').set(as(h)).send({ reference: `nouvelle-${randomUUID().slice(0, 8)}` }), allowed: ['admin'] },
  { name: 'add a member to X', request: (t, w, h) => t.http().post(`/committees/${w.x.id}/memberships`).set(as(h)).send({}), allowed: ['admin', 'secretariat of A', 'convener of X'], readers: X_READERS },
  { name: 'add a member to Z', request: (t, w, h) => t.http().post(`/committees/${w.z.id}/memberships`).set(as(h)).send({}), allowed: ['admin'], readers: B_READERS },
  { name: 'list people', request: (t, _w, h) => t.http().get('/people').set(as(h)), allowed: ['admin', 'secretariat of A', 'convener of X'] },
  { name: 'create a person', request: (t, _w, h) => t.http().post('/people').set(as(h)).send({}), allowed: ['admin'] },
  { name: 'create a school', request: (t, _w, h) => t.http().post('/schools').set(as(h)).send({}), allowed: ['admin'] },
  { name: 'read a school list', request: (t, _w, h) => t.http().get('/schools').set(as(h)), allowed: ['admin', 'secretariat of A', 'convener of X', 'member of X', 'member of Y', 'nobody'] },
  { name: 'schedule a meeting of X', request: (t, w, h) => t.http().post(`/committees/${w.x.id}/meetings`).set(as(h)).send({}), allowed: ['admin', 'secretariat of A', 'convener of X'], readers: X_READERS },
  { name: 'schedule a meeting of Z', request: (t, w, h) => t.http().post(`/committees/${w.z.id}/meetings`).set(as(h)).send({}), allowed: ['admin'], readers: B_READERS },
  { name: 'read a meeting of X', request: (t, w, h) => t.http().get(`/meetings/${w.meetingOfX.id}`).set(as(h)), allowed: ['admin', 'secretariat of A', 'convener of X', 'member of X'], readers: X_READERS },
  { name: 'read a meeting of Z', request: (t, w, h) => t.http().get(`/meetings/${w.meetingOfZ.id}`).set(as(h)), allowed: ['admin'], readers: B_READERS },
  { name: 'record a meeting of X as held', request: (t, w, h) => t.http().post(`/meetings/${w.meetingOfX.id}/held`).set(as(h)).send({ attendance: 'none' }), allowed: ['admin', 'secretariat of A', 'convener of X'], readers: X_READERS },
  { name: 'list the reports of X', request: (t, w, h) => t.http().get(`/committees/${w.x.id}/reports`).set(as(h)), allowed: ['admin', 'secretariat of A', 'convener of X', 'member of X'], readers: X_READERS },
  { name: "read A's audit trail", request: (t, w, h) => t.http().get(`/conventions/${w.a.id}/audit`).set(as(h)), allowed: ['admin', 'secretariat of A'], readers: A_READERS },
  { name: "read X's audit trail", request: (t, w, h) => t.http().get(`/committees/${w.x.id}/audit`).set(as(h)), allowed: ['admin', 'secretariat of A', 'convener of X'], readers: X_READERS },
  { name: 'manage accounts', request: (t, _w, h) => t.http().get('/accounts').set(as(h)), allowed: ['admin'] },
];

describe('who may do what, on the real routes', () => {
  let t: TestApp;
  let world: World;
  const headers = new Map<Role, AuthHeaders | {}>();

  beforeAll(async () => {
    t = await createTestApp({ auth: true });
    const ds = t.dataSource;
    const seats = [
      { key: 'directeur', party: 'academie', role: "le directeur d'école" },
      { key: 'elu', party: 'commune', role: 'un représentant de la collectivité' },
    ];
    const a = await buildConvention(ds, { durationMonths: 120, signedOn: '2020-01-01' });
    const b = await buildConvention(ds, { durationMonths: 120, signedOn: '2020-01-01' });
    const x = await buildCommittee(ds, a, { seats, conveners: [{ partyKey: 'academie', seatKey: 'directeur', label: "le directeur d'école" }] });
    const y = await buildCommittee(ds, a, { seats });
    const z = await buildCommittee(ds, b, { seats });
    const meeting = (committeeId: string) =>
      ds.getRepository(Meeting).save({
        committeeId,
        startsAt: new Date('2030-03-12T13:00:00Z'),
        endsAt: new Date('2030-03-12T15:00:00Z'),
        icalUid: `${randomUUID()}@copil.test`,
      });
    world = { a, b, x, y, z, meetingOfX: await meeting(x.id), meetingOfZ: await meeting(z.id) };

    const person = async (email: string) => buildPerson(ds, { email });
    await buildMembership(ds, seatOf(x, 'directeur'), await person('directrice.x@example.fr'));
    await buildMembership(ds, seatOf(x, 'elu'), await person('elu.x@example.fr'));
    await buildMembership(ds, seatOf(y, 'elu'), await person('elu.y@example.fr'));
    await buildMembership(ds, seatOf(z, 'elu'), await person('elu.z@example.fr'));
    const shared = await person('partagee@example.fr');
    await buildMembership(ds, seatOf(x, 'elu'), shared, { startsOn: '2019-01-01', endsOn: '2019-12-31' });
    await buildMembership(ds, seatOf(z, 'directeur'), shared);

    headers.set('admin', await asAdmin(t));
    headers.set('secretariat of A', await headersFor(t, 'secretariat.a@example.fr', [{ role: 'secretariat', conventionId: a.id }]));
    headers.set('convener of X', await headersFor(t, 'directrice.x@example.fr'));
    headers.set('member of X', await headersFor(t, 'elu.x@example.fr'));
    headers.set('member of Y', await headersFor(t, 'elu.y@example.fr'));
    headers.set('nobody', await headersFor(t, 'personne@example.fr'));
    headers.set('anonymous', {});
  });
  afterAll(async () => t.close());

  describe.each(ACTIONS)('$name', (action) => {
    it.each(ROLES)('as %s', async (role) => {
      const { status } = await action.request(t, world, headers.get(role)!);
      if (role === 'anonymous') expect(status).toBe(401);
      else if (action.allowed.includes(role)) expect([401, 403, 404]).not.toContain(status);
      else expect(status).toBe(action.readers && !action.readers.includes(role) ? 404 : 403);
      expect(status).toBeLessThan(500);
    });
  });

  it('answers what does not exist exactly as what the person may not see', async () => {
    const member = as(headers.get('member of X')!);
    const missingId = randomUUID();
    const pairs: Array<[string, string]> = [
      [`/conventions/${world.b.reference}`, '/conventions/convention-inexistante-2099'],
      [`/conventions/${world.b.id}`, `/conventions/${missingId}`],
      [`/conventions/${world.b.reference}/definition`, '/conventions/convention-inexistante-2099/definition'],
      [`/conventions/${world.b.reference}/compliance`, '/conventions/convention-inexistante-2099/compliance'],
      [`/committees/${world.z.id}`, `/committees/${missingId}`],
      [`/committees/${world.z.id}/compliance`, `/committees/${missingId}/compliance`],
      [`/meetings/${world.meetingOfZ.id}`, `/meetings/${missingId}`],
    ];
    for (const [hidden, missing] of pairs) {
      const [seen, absent] = [await t.http().get(hidden).set(member), await t.http().get(missing).set(member)];
      expect({ path: hidden, status: seen.status, body: seen.body }).toEqual({ path: hidden, status: 404, body: absent.body });
      expect(seen.body.code).toBe('not_found');
    }
    const put = (reference: string) => t.http().put(`/conventions/${reference}/definition`).set(member).send({ reference });
    expect((await put(world.b.reference)).body).toEqual((await put('convention-inexistante-2099')).body);
    // An administrator, who sees everything, is told what is missing.
    const admin = as(headers.get('admin')!);
    expect((await t.http().get('/conventions/convention-inexistante-2099').set(admin).expect(404)).body.code).toBe('convention_not_found');
  });

  it('shows people only within the committees one sees, and their memberships there only', async () => {
    const emailsSeenBy = async (role: Role) =>
      ((await t.http().get('/people').set(as(headers.get(role)!)).expect(200)).body as Array<{ email: string }>).map((p) => p.email).sort();
    const idOf = async (email: string) => (await t.http().get('/people').query({ email }).set(as(headers.get('admin')!)).expect(200)).body[0].id as string;

    expect(await emailsSeenBy('convener of X')).toEqual(['directrice.x@example.fr', 'elu.x@example.fr', 'partagee@example.fr']);
    expect(await emailsSeenBy('secretariat of A')).toEqual(['directrice.x@example.fr', 'elu.x@example.fr', 'elu.y@example.fr', 'partagee@example.fr', 'secretariat.a@example.fr']);
    expect(await emailsSeenBy('admin')).toEqual(expect.arrayContaining(['elu.z@example.fr', 'personne@example.fr']));

    const convener = as(headers.get('convener of X')!);
    const outside = await t.http().get(`/people/${await idOf('elu.z@example.fr')}`).set(convener).expect(404);
    const missingId = randomUUID();
    const missing = await t.http().get(`/people/${missingId}`).set(convener).expect(404);
    expect(outside.body.code).toBe('person_not_found');
    expect(outside.body.message.replace(/[0-9a-f-]{36}/, 'ID')).toBe(missing.body.message.replace(missingId, 'ID'));

    const shared = await t.http().get(`/people/${await idOf('partagee@example.fr')}`).set(convener).expect(200);
    expect(shared.body.memberships.map((m: { committee: { id: string } }) => m.committee.id)).toEqual([world.x.id]);
    const whole = await t.http().get(`/people/${await idOf('partagee@example.fr')}`).set(as(headers.get('admin')!)).expect(200);
    expect(whole.body.memberships).toHaveLength(2);

    // Someone of another convention is found by their exact address only, without memberships.
    const byEmail = await t.http().get('/people').query({ email: 'elu.z@example.fr' }).set(convener).expect(200);
    expect(byEmail.body).toEqual([expect.objectContaining({ email: 'elu.z@example.fr' })]);
    expect(byEmail.body[0].memberships).toBeUndefined();
  });

  it('lists only the conventions and committees each person may see', async () => {
    const conventionsSeenBy = async (role: Role) =>
      ((await t.http().get('/conventions').set(as(headers.get(role)!)).expect(200)).body as Array<{ id: string }>).map((c) => c.id).sort();
    const committeesSeenBy = async (role: Role) =>
      ((await t.http().get('/committees').set(as(headers.get(role)!)).expect(200)).body as Array<{ id: string }>).map((c) => c.id).sort();

    expect(await conventionsSeenBy('admin')).toEqual([world.a.id, world.b.id].sort());
    expect(await conventionsSeenBy('member of X')).toEqual([world.a.id]);
    expect(await conventionsSeenBy('nobody')).toEqual([]);
    expect(await committeesSeenBy('secretariat of A')).toEqual([world.x.id, world.y.id].sort());
    expect(await committeesSeenBy('member of X')).toEqual([world.x.id]);
    expect(await committeesSeenBy('convener of X')).toEqual([world.x.id]);
    expect(await committeesSeenBy('nobody')).toEqual([]);
  });
});
