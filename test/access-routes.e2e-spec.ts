import { randomUUID } from 'node:crypto';
import { Meeting } from '../src/meetings/meeting.entity';
import { createTestApp, TestApp } from './support/test-app';
import { AuthHeaders, asAdmin, headersFor } from './support/auth-helpers';
import { aCommittee, aConvention, aMembership, aPerson, CommitteeWithSeats, ConventionWithParties, seatOf } from './support/registry-builders';

/*
 * copil's own routes, each role × each action × inside and outside its scope: proves that every
 * route carries the permission docs/access-control.md gives it. Allowed requests send bodies
 * that fail validation (400) or read (200), so nothing changes; refused ones get 403.
 */
type Role = 'admin' | 'secretariat of A' | 'convener of X' | 'member of X' | 'member of Y' | 'nobody' | 'anonymous';
const ROLES: Role[] = ['admin', 'secretariat of A', 'convener of X', 'member of X', 'member of Y', 'nobody', 'anonymous'];

interface World {
  a: ConventionWithParties;
  b: ConventionWithParties;
  x: CommitteeWithSeats;
  y: CommitteeWithSeats;
  z: CommitteeWithSeats;
  meetingOfX: Meeting;
  meetingOfZ: Meeting;
}

interface Action {
  name: string;
  request: (t: TestApp, w: World, headers: AuthHeaders | {}) => Promise<{ status: number }>;
  allowed: Role[];
}

const as = (headers: AuthHeaders | {}) => headers as Record<string, string>;

const ACTIONS: Action[] = [
  { name: 'read convention A', request: (t, w, h) => t.http().get(`/conventions/${w.a.id}`).set(as(h)), allowed: ['admin', 'secretariat of A', 'convener of X', 'member of X', 'member of Y'] },
  { name: 'read convention B', request: (t, w, h) => t.http().get(`/conventions/${w.b.reference}`).set(as(h)), allowed: ['admin'] },
  { name: 'read committee X', request: (t, w, h) => t.http().get(`/committees/${w.x.id}`).set(as(h)), allowed: ['admin', 'secretariat of A', 'convener of X', 'member of X'] },
  { name: 'read committee Z (convention B)', request: (t, w, h) => t.http().get(`/committees/${w.z.id}`).set(as(h)), allowed: ['admin'] },
  { name: "read A's definition", request: (t, w, h) => t.http().get(`/conventions/${w.a.reference}/definition`).set(as(h)), allowed: ['admin', 'secretariat of A', 'convener of X', 'member of X', 'member of Y'] },
  { name: 'replace A by its definition', request: (t, w, h) => t.http().put(`/conventions/${w.a.reference}/definition`).set(as(h)).send({ reference: w.a.reference }), allowed: ['admin', 'secretariat of A'] },
  { name: 'replace B by its definition', request: (t, w, h) => t.http().put(`/conventions/${w.b.reference}/definition`).set(as(h)).send({ reference: w.b.reference }), allowed: ['admin'] },
  { name: 'create a convention', request: (t, _w, h) => t.http().post('/conventions').set(as(h)).send({ reference: `nouvelle-${randomUUID().slice(0, 8)}` }), allowed: ['admin'] },
  { name: 'add a member to X', request: (t, w, h) => t.http().post(`/committees/${w.x.id}/memberships`).set(as(h)).send({}), allowed: ['admin', 'secretariat of A'] },
  { name: 'add a member to Z', request: (t, w, h) => t.http().post(`/committees/${w.z.id}/memberships`).set(as(h)).send({}), allowed: ['admin'] },
  { name: 'list people', request: (t, _w, h) => t.http().get('/people').set(as(h)), allowed: ['admin', 'secretariat of A', 'convener of X'] },
  { name: 'create a person', request: (t, _w, h) => t.http().post('/people').set(as(h)).send({}), allowed: ['admin'] },
  { name: 'create a school', request: (t, _w, h) => t.http().post('/schools').set(as(h)).send({}), allowed: ['admin'] },
  { name: 'read a school list', request: (t, _w, h) => t.http().get('/schools').set(as(h)), allowed: ['admin', 'secretariat of A', 'convener of X', 'member of X', 'member of Y', 'nobody'] },
  { name: 'schedule a meeting of X', request: (t, w, h) => t.http().post(`/committees/${w.x.id}/meetings`).set(as(h)).send({}), allowed: ['admin', 'secretariat of A', 'convener of X'] },
  { name: 'schedule a meeting of Z', request: (t, w, h) => t.http().post(`/committees/${w.z.id}/meetings`).set(as(h)).send({}), allowed: ['admin'] },
  { name: 'read a meeting of X', request: (t, w, h) => t.http().get(`/meetings/${w.meetingOfX.id}`).set(as(h)), allowed: ['admin', 'secretariat of A', 'convener of X', 'member of X'] },
  { name: 'read a meeting of Z', request: (t, w, h) => t.http().get(`/meetings/${w.meetingOfZ.id}`).set(as(h)), allowed: ['admin'] },
  { name: 'record a meeting of X as held', request: (t, w, h) => t.http().post(`/meetings/${w.meetingOfX.id}/held`).set(as(h)).send({ attendance: 'none' }), allowed: ['admin', 'secretariat of A', 'convener of X'] },
  { name: 'list the reports of X', request: (t, w, h) => t.http().get(`/committees/${w.x.id}/reports`).set(as(h)), allowed: ['admin', 'secretariat of A', 'convener of X', 'member of X'] },
  { name: "read A's audit trail", request: (t, w, h) => t.http().get(`/conventions/${w.a.id}/audit`).set(as(h)), allowed: ['admin', 'secretariat of A'] },
  { name: "read X's audit trail", request: (t, w, h) => t.http().get(`/committees/${w.x.id}/audit`).set(as(h)), allowed: ['admin', 'secretariat of A', 'convener of X'] },
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
      { key: 'directeur', partyKey: 'academie', role: "le directeur d'école" },
      { key: 'elu', partyKey: 'commune', role: 'un représentant de la collectivité' },
    ];
    const a = await aConvention(ds, { durationMonths: 120, signedOn: '2020-01-01' });
    const b = await aConvention(ds, { durationMonths: 120, signedOn: '2020-01-01' });
    const x = await aCommittee(ds, a, { seats, conveners: [{ partyKey: 'academie', seatKey: 'directeur', label: "le directeur d'école" }] });
    const y = await aCommittee(ds, a, { seats });
    const z = await aCommittee(ds, b, { seats });
    const meeting = (committeeId: string) =>
      ds.getRepository(Meeting).save({
        committeeId,
        startsAt: new Date('2030-03-12T13:00:00Z'),
        endsAt: new Date('2030-03-12T15:00:00Z'),
        icalUid: `${randomUUID()}@copil.test`,
      });
    world = { a, b, x, y, z, meetingOfX: await meeting(x.id), meetingOfZ: await meeting(z.id) };

    const person = async (email: string) => aPerson(ds, { email });
    await aMembership(ds, seatOf(x, 'directeur'), await person('directrice.x@example.fr'));
    await aMembership(ds, seatOf(x, 'elu'), await person('elu.x@example.fr'));
    await aMembership(ds, seatOf(y, 'elu'), await person('elu.y@example.fr'));

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
      else if (action.allowed.includes(role)) expect([401, 403]).not.toContain(status);
      else expect(status).toBe(403);
      expect(status).toBeLessThan(500);
    });
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
