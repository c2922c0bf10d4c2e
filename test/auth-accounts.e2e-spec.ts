import { randomUUID } from 'node:crypto';
import { createTestApp, TestApp } from './support/test-app';
import { asAdmin, AuthHeaders, bearer, headersFor } from './support/auth-helpers';
import { BuiltConvention, buildCommittee, buildConvention, buildPerson } from './support/builders';

describe('accounts and grants (administrators)', () => {
  let t: TestApp;
  let admin: AuthHeaders;
  let A: BuiltConvention;

  beforeAll(async () => {
    t = await createTestApp({ auth: true, env: { ADMIN_EMAIL: 'Premiere.Admin@Copil.Example.fr' } });
    admin = await asAdmin(t);
    A = await buildConvention(t.dataSource);
  });
  afterAll(async () => t.close());

  const newAccount = async (fullName = 'Nadia Benali') => {
    const person = await buildPerson(t.dataSource, { fullName });
    const res = await t.http().post('/accounts').set(admin).send({ personId: person.id }).expect(201);
    return { person, account: res.body };
  };

  it('made the ADMIN_EMAIL address an administrator at start, since there was none', async () => {
    const accounts = await t.http().get('/accounts').set(admin).expect(200);
    const first = accounts.body.find((account: { person: { email: string } }) => account.person.email === 'premiere.admin@copil.example.fr');
    expect(first).toMatchObject({ active: true, grants: [{ role: 'admin', conventionId: null, committeeId: null }] });
    const [entry] = await t.dataSource.query(`SELECT actor_label FROM audit_entries WHERE entity_type = 'Grant' AND after->>'accountId' = $1`, [first.id]);
    expect(entry.actor_label).toBe('system');
  });

  it('gives a person an account, once', async () => {
    const { person, account } = await newAccount();
    expect(account).toMatchObject({ person: { id: person.id, email: person.email }, active: true, lastSignInAt: null, grants: [] });
    const again = await t.http().post('/accounts').set(admin).send({ personId: person.id }).expect(409);
    expect(again.body.code).toBe('account_exists');
    const missing = await t.http().post('/accounts').set(admin).send({ personId: randomUUID() }).expect(404);
    expect(missing.body.code).toBe('person_not_found');
  });

  it('grants each role only in the scope it takes, naming the field at fault', async () => {
    const { account } = await newAccount();
    const committee = await buildCommittee(t.dataSource, A);
    const grant = (body: object) => t.http().post(`/accounts/${account.id}/grants`).set(admin).send(body);

    expect((await grant({ role: 'admin', conventionId: A.id }).expect(400)).body.fields).toEqual([
      { path: 'conventionId', code: 'not_allowed_here', message: 'admin is granted over everything: no convention' },
    ]);
    expect((await grant({ role: 'secretariat', committeeId: committee.id }).expect(400)).body.fields).toEqual([
      { path: 'committeeId', code: 'not_allowed_here', message: 'secretariat acts for a convention, an académie, a département (or all): no committee' },
    ]);
    expect((await grant({ role: 'convener' }).expect(400)).body.fields).toEqual([
      { path: 'committeeId', code: 'inconsistent', message: 'convener takes exactly one of a committee, a convention, an académie or a département' },
    ]);
    expect((await grant({ role: 'convener', conventionId: A.id, committeeId: committee.id }).expect(400)).body.fields[0].message).toBe(
      'convener takes exactly one of a committee, a convention, an académie or a département',
    );
    expect((await grant({ role: 'chair' }).expect(400)).body.fields[0].path).toBe('role');
    expect((await grant({ role: 'secretariat', conventionId: randomUUID() }).expect(404)).body.code).toBe('convention_not_found');

    const secretariat = (await grant({ role: 'secretariat', conventionId: A.id }).expect(201)).body;
    expect(secretariat).toMatchObject({ role: 'secretariat', conventionId: A.id, committeeId: null });
    expect((await grant({ role: 'secretariat', conventionId: A.id }).expect(409)).body.code).toBe('grant_exists');
    await grant({ role: 'secretariat' }).expect(201);
    expect((await grant({ role: 'secretariat' }).expect(409)).body.code).toBe('grant_exists');
    await grant({ role: 'convener', committeeId: committee.id }).expect(201);

    const listed = await t.http().get(`/accounts/${account.id}/grants`).set(admin).expect(200);
    expect(listed.body.map((g: { role: string }) => g.role)).toEqual(['secretariat', 'secretariat', 'convener']);
    await t.http().delete(`/accounts/${account.id}/grants/${secretariat.id}`).set(admin).expect(204);
    expect((await t.http().get(`/accounts/${account.id}`).set(admin).expect(200)).body.grants).toHaveLength(2);
  });

  it('gives the granted powers from the next request on', async () => {
    const { person, account } = await newAccount();
    const headers = await headersFor(t, person.email);
    await t.http().get('/accounts').set(headers).expect(403);
    await t.http().post(`/accounts/${account.id}/grants`).set(admin).send({ role: 'admin' }).expect(201);
    await t.http().get('/accounts').set(headers).expect(200);
  });

  it('never leaves copil without an active administrator', async () => {
    const fresh = await createTestApp({ auth: true });
    try {
      const only = await headersFor(fresh, 'seule.admin@example.fr', [{ role: 'admin' }]);
      const me = await fresh.http().get('/auth/me').set(only).expect(200);
      const [{ id: accountId }] = await fresh.dataSource.query('SELECT id FROM accounts WHERE person_id = $1', [me.body.person.id]);
      const [{ id: grantId }] = await fresh.dataSource.query(`SELECT id FROM grants WHERE account_id = $1 AND role = 'admin'`, [accountId]);

      expect((await fresh.http().patch(`/accounts/${accountId}`).set(only).send({ active: false }).expect(409)).body.code).toBe('last_admin');
      expect((await fresh.http().patch(`/accounts/${accountId}`).set(only).send({ active: false, confirmSelf: true }).expect(409)).body.code).toBe('last_admin');
      expect((await fresh.http().delete(`/accounts/${accountId}/grants/${grantId}`).set(only).expect(409)).body.code).toBe('last_admin');
      expect((await fresh.http().delete(`/accounts/${accountId}`).set(only).expect(409)).body.code).toBe('last_admin');

      await headersFor(fresh, 'deuxieme.admin@example.fr', [{ role: 'admin' }]);
      await fresh.http().delete(`/accounts/${accountId}/grants/${grantId}`).set(only).expect(204);
    } finally {
      await fresh.close();
    }
  });

  it('refuses an administrator deactivating or deleting their own account unless they confirm it', async () => {
    const self = await headersFor(t, 'admin.distraite@example.fr', [{ role: 'admin' }]);
    const me = await t.http().get('/auth/me').set(self).expect(200);
    const [{ id: accountId }] = await t.dataSource.query('SELECT id FROM accounts WHERE person_id = $1', [me.body.person.id]);

    const refused = await t.http().patch(`/accounts/${accountId}`).set(self).send({ active: false }).expect(409);
    expect(refused.body).toMatchObject({ code: 'self_deactivation', accountId });
    expect((await t.http().delete(`/accounts/${accountId}`).set(self).expect(409)).body.code).toBe('self_deactivation');
    await t.http().get('/auth/me').set(self).expect(200);
    expect((await t.http().get(`/accounts/${accountId}`).set(admin).expect(200)).body.active).toBe(true);

    // Another administrator deactivates it without any flag; its owner, deliberately, with one.
    await t.http().patch(`/accounts/${accountId}`).set(admin).send({ active: false }).expect(200);
    await t.http().patch(`/accounts/${accountId}`).set(admin).send({ active: true }).expect(200);
    const again = await headersFor(t, 'admin.distraite@example.fr');
    await t.http().patch(`/accounts/${accountId}`).set(again).send({ active: false, confirmSelf: true }).expect(200);
    await t.http().get('/auth/me').set(again).expect(401);
  });

  it('deletes an account with its grants and tokens, and keeps the person', async () => {
    const { person, account } = await newAccount();
    const token = await headersFor(t, person.email, [{ role: 'secretariat', conventionId: A.id }]);
    await t.http().delete(`/accounts/${account.id}`).set(admin).expect(204);
    await t.http().get('/auth/me').set(token).expect(401);
    await t.http().get(`/accounts/${account.id}`).set(admin).expect(404);
    const [{ count }] = await t.dataSource.query('SELECT count(*)::int AS count FROM people WHERE id = $1', [person.id]);
    expect(count).toBe(1);
  });

  it('refuses a malformed id naming it', async () => {
    const res = await t.http().get('/accounts/42').set(admin).expect(400);
    expect(res.body.fields[0].path).toBe('id');
  });

  it('refuses every account route to anyone but administrators', async () => {
    const secretariat = await headersFor(t, 'sec.global@example.fr', [{ role: 'secretariat' }]);
    await t.http().get('/accounts').set(secretariat).expect(403);
    await t.http().post('/accounts').set(secretariat).send({ personId: randomUUID() }).expect(403);
    await t.http().get('/accounts').set(bearer('copil_unknown')).expect(401);
  });
});
