import { randomUUID } from 'node:crypto';
import { Controller, Delete, Get, HttpCode, Module, Patch, Post, Put } from '@nestjs/common';
import { Request } from 'express';
import { Permission, Public } from '../src/auth/permission.decorator';
import { Meeting } from '../src/meetings/meeting.entity';
import { createTestApp, TestApp } from './support/test-app';
import { AuthHeaders, asAdmin, headersFor } from './support/auth-helpers';
import { BuiltCommittee, BuiltConvention, buildCommittee, buildConvention, buildMembership, buildPerson, seatOf } from './support/builders';

/*
 * The decision logic through HTTP: a controller that exists only in this spec carries each
 * permission with each kind of scope resolver, beside copil's own routes (accounts, audit).
 * The registry and definition routes will carry the same decorators (docs/access-control.md).
 */
const ok = { ok: true };

@Controller('matrix')
class MatrixController {
  @Get('conventions/:id')
  @Permission('registry.read', { convention: 'param:id' })
  readConvention() {
    return ok;
  }

  @Get('conventions/by-reference/:reference')
  @Permission('registry.read', { conventionReference: 'param:reference' })
  readConventionByReference() {
    return ok;
  }

  @Get('conventions/either/:idOrReference')
  @Permission('registry.read', { conventionIdOrReference: 'param:idOrReference' })
  readConventionByIdOrReference() {
    return ok;
  }

  @Get('committees/:id')
  @Permission('registry.read', { committee: 'param:id' })
  readCommittee() {
    return ok;
  }

  @Put('conventions/:reference/definition')
  @Permission('convention.manage', { conventionReference: 'param:reference' })
  replaceDefinition() {
    return ok;
  }

  @Delete('conventions/:id')
  @Permission('convention.manage', { convention: 'param:id' })
  deleteConvention() {
    return ok;
  }

  @Post('committees/:id/memberships')
  @HttpCode(200)
  @Permission('committee.manage_members', { committee: 'param:id' })
  addMembership() {
    return ok;
  }

  @Patch('memberships/:id')
  @Permission('committee.manage_members', { membership: 'param:id' })
  changeMembership() {
    return ok;
  }

  @Post('memberships')
  @HttpCode(200)
  @Permission('committee.manage_members', { committee: 'body:committeeId' })
  addMembershipByBody() {
    return ok;
  }

  @Post('people')
  @HttpCode(200)
  @Permission('people.manage')
  createPerson() {
    return ok;
  }

  @Get('people')
  @Permission('people.read')
  listPeople() {
    return ok;
  }

  @Post('schools')
  @HttpCode(200)
  @Permission('school.manage')
  createSchool() {
    return ok;
  }

  @Post('committees/:id/meetings')
  @HttpCode(200)
  @Permission('meeting.schedule', { committee: 'param:id' })
  scheduleMeeting() {
    return ok;
  }

  @Get('meetings/:id')
  @Permission('meeting.read', { meeting: 'param:id' })
  readMeeting() {
    return ok;
  }

  @Post('meetings/:id/answers/:personId')
  @HttpCode(200)
  @Permission('meeting.answer', { meeting: 'param:id', person: 'param:personId' })
  answer() {
    return ok;
  }

  @Get('custom')
  @Permission('registry.read', { custom: (request: Request) => ({ committeeId: String(request.query.committee) }) })
  readByCustomResolver() {
    return ok;
  }

  @Get('undeclared')
  undeclared() {
    return ok;
  }

  @Get('public')
  @Public()
  open() {
    return ok;
  }
}

@Module({ controllers: [MatrixController] })
class MatrixModule {}

type Role =
  | 'admin'
  | 'secretariat of A'
  | 'convener of X'
  | 'director (convener seat of X)'
  | 'member of X'
  | 'substitute in X'
  | 'former member of X'
  | 'member of Y'
  | 'no role'
  | 'anonymous';

const ROLES: Role[] = [
  'admin',
  'secretariat of A',
  'convener of X',
  'director (convener seat of X)',
  'member of X',
  'substitute in X',
  'former member of X',
  'member of Y',
  'no role',
  'anonymous',
];

describe('authorization matrix: roles × actions × scope', () => {
  let t: TestApp;
  let A: BuiltConvention;
  let B: BuiltConvention;
  let X: BuiltCommittee;
  let X2: BuiltCommittee;
  let Y: BuiltCommittee;
  let membershipOfX: string;
  let meetingOfX: string;
  const headers = new Map<Role, AuthHeaders | null>();
  const personIds = new Map<Role, string>();

  beforeAll(async () => {
    t = await createTestApp({ auth: true, imports: [MatrixModule] });
    const ds = t.dataSource;
    A = await buildConvention(ds);
    B = await buildConvention(ds);
    const seats = [
      { key: 'elu', party: 'commune', role: 'un élu' },
      { key: 'ien', party: 'academie', role: "l'IEN de circonscription" },
      { key: 'directeur', party: null, role: "le directeur d'école", groupLabel: 'pour les établissements' },
    ];
    const conveners = [{ partyKey: 'ecole', seatKey: 'directeur', label: "le directeur d'école" }];
    X = await buildCommittee(ds, A, { seats, conveners });
    X2 = await buildCommittee(ds, A, { seats, conveners });
    Y = await buildCommittee(ds, B, { seats, conveners });

    const emailOf = (role: Role) => `${role.replace(/[^a-z]+/gi, '.').toLowerCase()}@example.fr`;
    const people = new Map<Role, Awaited<ReturnType<typeof buildPerson>>>();
    for (const role of ROLES.filter((r) => r !== 'anonymous' && r !== 'admin')) {
      people.set(role, await buildPerson(ds, { email: emailOf(role), fullName: role }));
    }
    const holder = await buildPerson(ds);
    membershipOfX = (await buildMembership(ds, seatOf(X, 'elu'), people.get('member of X')!)).id;
    await buildMembership(ds, seatOf(X, 'ien'), holder, { substituteId: people.get('substitute in X')!.id });
    await buildMembership(ds, seatOf(X, 'directeur'), people.get('director (convener seat of X)')!);
    await buildMembership(ds, seatOf(X, 'elu'), people.get('former member of X')!, { startsOn: '2018-01-01', endsOn: '2019-12-31' });
    await buildMembership(ds, seatOf(Y, 'elu'), people.get('member of Y')!);
    // The director holds the convener seat of X only: on X2 and Y they have no seat at all.

    const grants: Partial<Record<Role, Parameters<typeof headersFor>[2]>> = {
      'secretariat of A': [{ role: 'secretariat', conventionId: A.id }],
      'convener of X': [{ role: 'convener', committeeId: X.id }],
    };
    headers.set('admin', await asAdmin(t));
    headers.set('anonymous', null);
    for (const [role, person] of people) {
      headers.set(role, await headersFor(t, person.email, grants[role] ?? []));
      personIds.set(role, person.id);
    }
    const meeting = await ds.getRepository(Meeting).save({
      committeeId: X.id,
      startsAt: new Date('2026-03-02T09:00:00Z'),
      endsAt: new Date('2026-03-02T11:00:00Z'),
      icalUid: `${randomUUID()}@copil.test`,
    });
    meetingOfX = meeting.id;
  });
  afterAll(async () => t.close());

  /** readers: who may see what the path names (refused: 403 for them, 404 for others); absent when the path names nothing. */
  type Action = { name: string; send: (h: AuthHeaders | null) => ReturnType<ReturnType<TestApp['http']>['get']>; allowed: Role[]; readers?: Role[] };

  const everyoneInA: Role[] = ['admin', 'secretariat of A', 'convener of X', 'director (convener seat of X)', 'member of X', 'substitute in X'];
  const managersOfA: Role[] = ['admin', 'secretariat of A'];
  const convenersOfX: Role[] = ['admin', 'secretariat of A', 'convener of X', 'director (convener seat of X)'];

  const call = (method: 'get' | 'post' | 'put' | 'patch' | 'delete', path: () => string, body?: () => object) => (h: AuthHeaders | null) => {
    const req = t.http()[method](path());
    if (h) req.set(h);
    return body ? req.send(body()) : req;
  };

  const ACTIONS: Action[] = [
    { name: 'read convention A', send: call('get', () => `/matrix/conventions/${A.id}`), allowed: everyoneInA, readers: everyoneInA },
    { name: 'read convention B', send: call('get', () => `/matrix/conventions/${B.id}`), allowed: ['admin', 'member of Y'], readers: ['admin', 'member of Y'] },
    { name: 'read convention A by reference', send: call('get', () => `/matrix/conventions/by-reference/${A.reference}`), allowed: everyoneInA, readers: everyoneInA },
    { name: 'read convention B by id-or-reference (id)', send: call('get', () => `/matrix/conventions/either/${B.id}`), allowed: ['admin', 'member of Y'], readers: ['admin', 'member of Y'] },
    { name: 'read convention B by id-or-reference (reference)', send: call('get', () => `/matrix/conventions/either/${B.reference}`), allowed: ['admin', 'member of Y'], readers: ['admin', 'member of Y'] },
    { name: 'read committee X', send: call('get', () => `/matrix/committees/${X.id}`), allowed: everyoneInA, readers: everyoneInA },
    { name: 'read committee X2 (same convention)', send: call('get', () => `/matrix/committees/${X2.id}`), allowed: managersOfA, readers: managersOfA },
    { name: 'read committee Y', send: call('get', () => `/matrix/committees/${Y.id}`), allowed: ['admin', 'member of Y'], readers: ['admin', 'member of Y'] },
    { name: 'read committee X by a custom resolver', send: call('get', () => `/matrix/custom?committee=${X.id}`), allowed: everyoneInA, readers: everyoneInA },
    { name: 'replace the definition of A', send: call('put', () => `/matrix/conventions/${A.reference}/definition`), allowed: managersOfA, readers: everyoneInA },
    { name: 'import a new convention', send: call('put', () => '/matrix/conventions/convention-nouvelle-2030/definition'), allowed: ['admin'], readers: ['admin'] },
    { name: 'delete convention A', send: call('delete', () => `/matrix/conventions/${A.id}`), allowed: managersOfA, readers: everyoneInA },
    { name: 'delete convention B', send: call('delete', () => `/matrix/conventions/${B.id}`), allowed: ['admin'], readers: ['admin', 'member of Y'] },
    { name: 'seat someone in X', send: call('post', () => `/matrix/committees/${X.id}/memberships`), allowed: convenersOfX, readers: everyoneInA },
    { name: 'seat someone in X2 (same convention)', send: call('post', () => `/matrix/committees/${X2.id}/memberships`), allowed: managersOfA, readers: managersOfA },
    { name: 'seat someone in Y', send: call('post', () => `/matrix/committees/${Y.id}/memberships`), allowed: ['admin'], readers: ['admin', 'member of Y'] },
    { name: 'change a membership of X', send: call('patch', () => `/matrix/memberships/${membershipOfX}`), allowed: convenersOfX, readers: everyoneInA },
    { name: 'seat someone in X named in the body', send: call('post', () => '/matrix/memberships', () => ({ committeeId: X.id })), allowed: convenersOfX },
    { name: 'seat someone in Y named in the body', send: call('post', () => '/matrix/memberships', () => ({ committeeId: Y.id })), allowed: ['admin'] },
    { name: 'manage people', send: call('post', () => '/matrix/people'), allowed: ['admin'] },
    { name: 'look people up', send: call('get', () => '/matrix/people'), allowed: convenersOfX },
    { name: 'manage schools', send: call('post', () => '/matrix/schools'), allowed: ['admin'] },
    { name: 'schedule a meeting of X', send: call('post', () => `/matrix/committees/${X.id}/meetings`), allowed: convenersOfX, readers: everyoneInA },
    { name: 'schedule a meeting of Y', send: call('post', () => `/matrix/committees/${Y.id}/meetings`), allowed: ['admin'], readers: ['admin', 'member of Y'] },
    { name: 'read a meeting of X', send: call('get', () => `/matrix/meetings/${meetingOfX}`), allowed: everyoneInA, readers: everyoneInA },
    { name: 'list accounts (GET /accounts)', send: call('get', () => '/accounts'), allowed: ['admin'] },
    { name: 'read the audit of convention A', send: call('get', () => `/conventions/${A.id}/audit`), allowed: managersOfA, readers: everyoneInA },
    { name: 'read the audit of committee X', send: call('get', () => `/committees/${X.id}/audit`), allowed: convenersOfX, readers: everyoneInA },
    { name: 'read the audit of committee Y', send: call('get', () => `/committees/${Y.id}/audit`), allowed: ['admin'], readers: ['admin', 'member of Y'] },
    { name: 'read the audit of a meeting of X', send: call('get', () => `/meetings/${meetingOfX}/audit`), allowed: convenersOfX, readers: everyoneInA },
  ];

  for (const action of ACTIONS) {
    describe(action.name, () => {
      for (const role of ROLES) {
        const refusal = action.readers && !action.readers.includes(role) ? 404 : 403;
        const expected = role === 'anonymous' ? 401 : action.allowed.includes(role) ? 200 : refusal;
        it(`${expected === 200 ? 'lets' : 'refuses'} ${role} (${expected})`, async () => {
          const res = await action.send(headers.get(role) ?? null);
          expect(res.status).toBe(expected);
          if (expected === 403) expect(res.body.code).toBe('forbidden');
          if (expected === 404) expect(res.body.code).toBe('not_found');
        });
      }
    });
  }

  it('lets a member answer a meeting for themselves only', async () => {
    const member = headers.get('member of X')!;
    await t.http().post(`/matrix/meetings/${meetingOfX}/answers/${personIds.get('member of X')}`).set(member).expect(200);
    await t.http().post(`/matrix/meetings/${meetingOfX}/answers/${personIds.get('substitute in X')}`).set(member).expect(403);
    await t.http().post(`/matrix/meetings/${meetingOfX}/answers/${personIds.get('member of X')}`).set(headers.get('admin')!).expect(403);
  });

  it('says which permission was missing and why', async () => {
    const res = await t.http().put(`/matrix/conventions/${A.reference}/definition`).set(headers.get('member of X')!).expect(403);
    expect(res.body).toEqual({
      statusCode: 403,
      code: 'forbidden',
      message: `Refused: convention.manage needs the secretariat of convention ${A.id}`,
      permission: 'convention.manage',
    });
  });

  it('names nothing of a convention the person may not see when the body names it', async () => {
    const send = (committeeId: string) => t.http().post('/matrix/memberships').set(headers.get('secretariat of A')!).send({ committeeId });
    const hidden = await send(Y.id).expect(403);
    const missing = await send(randomUUID()).expect(403);
    expect(hidden.body).toEqual(missing.body);
    expect(hidden.body.message).not.toContain(B.id);
  });

  it('refuses a route that declares no permission, even to an administrator', async () => {
    const res = await t.http().get('/matrix/undeclared').set(headers.get('admin')!).expect(403);
    expect(res.body.code).toBe('permission_undeclared');
  });

  it('opens a @Public route to anonymous callers', async () => {
    await t.http().get('/matrix/public').expect(200, ok);
  });

  it('decides an id that names nothing as "every convention": only global roles pass, the others get the 404 of what they may not see', async () => {
    const unknown = randomUUID();
    const missing = await t.http().delete(`/matrix/conventions/${unknown}`).set(headers.get('secretariat of A')!).expect(404);
    const hidden = await t.http().delete(`/matrix/conventions/${B.id}`).set(headers.get('secretariat of A')!).expect(404);
    expect(missing.body).toEqual(hidden.body);
    await t.http().delete(`/matrix/conventions/${unknown}`).set(headers.get('admin')!).expect(200);
    await t.http().delete('/matrix/conventions/not-a-uuid').set(headers.get('secretariat of A')!).expect(404);
    await t.http().get(`/matrix/conventions/${unknown}`).set(headers.get('member of X')!).expect(404);
  });

  it('takes a grant away at once: the next request is refused', async () => {
    const secretariat = await headersFor(t, 'secretariat.temporaire@example.fr', [{ role: 'secretariat', conventionId: A.id }]);
    await t.http().delete(`/matrix/conventions/${A.id}`).set(secretariat).expect(200);
    await t.dataSource.query(
      `DELETE FROM grants WHERE account_id = (SELECT a.id FROM accounts a JOIN people p ON p.id = a.person_id WHERE p.email = 'secretariat.temporaire@example.fr')`,
    );
    // Without a role in A they may no longer even see it.
    await t.http().delete(`/matrix/conventions/${A.id}`).set(secretariat).expect(404);
  });

  it('tells a person their grants and the roles their seats give them', async () => {
    const director = await t.http().get('/auth/me').set(headers.get('director (convener seat of X)')!).expect(200);
    expect(director.body.grants).toEqual([]);
    expect(director.body.memberOf).toEqual([{ committeeId: X.id, conventionId: A.id }]);
    expect(director.body.convenerBySeat).toEqual([{ committeeId: X.id, conventionId: A.id }]);

    const substitute = await t.http().get('/auth/me').set(headers.get('substitute in X')!).expect(200);
    expect(substitute.body.memberOf).toEqual([{ committeeId: X.id, conventionId: A.id }]);
    expect(substitute.body.convenerBySeat).toEqual([]);

    const convener = await t.http().get('/auth/me').set(headers.get('convener of X')!).expect(200);
    expect(convener.body.grants).toEqual([{ role: 'convener', conventionId: A.id, committeeId: X.id, academie: null, departement: null }]);

    const former = await t.http().get('/auth/me').set(headers.get('former member of X')!).expect(200);
    expect(former.body.memberOf).toEqual([]);
  });
});
