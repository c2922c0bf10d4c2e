import { Account } from '../src/auth/account.entity';
import { Convention } from '../src/conventions/convention.entity';
import { Person } from '../src/people/person.entity';
import { createTestApp, TestApp } from './support/test-app';
import { AuthHeaders, asAdmin, headersFor } from './support/auth-helpers';
import { ConvenedCommittee, buildConvenedCommittee, scheduleMeeting } from './support/builders';
import { deleteQueueKeys } from './support/convocation-redis';

/*
 * The DASEN's secretariat of Isère is granted the secretariat over département 38 once, through
 * the accounts API; it then acts for every convention of Isère, and another département's stays
 * as unknown to it as something that does not exist.
 */
describe('a role granted over a département', () => {
  let t: TestApp;
  let admin: AuthHeaders;

  beforeAll(async () => {
    t = await createTestApp({ auth: true });
    admin = await asAdmin(t);
  });
  beforeEach(() => t.clock.set('2027-09-01T08:00:00Z'));
  afterEach(() => t.clock.reset());
  afterAll(async () => {
    await t.close();
    await deleteQueueKeys(t.config);
  });

  async function committeeIn(academie: string, departement: string, timeZone: string, holidayCountry: string): Promise<ConvenedCommittee> {
    const built = await buildConvenedCommittee(t, {
      timeZone,
      holidayCountry,
      notice: { days: 8 },
      conveners: [{ partyKey: 'academie', seatKey: 'dasen', label: 'le DASEN ou son représentant' }],
      members: [
        { seat: 'dasen', party: 'academie', name: 'Claire Martin' },
        { seat: 'elu', party: 'commune', name: 'Jean Dupont' },
      ],
    });
    await t.dataSource.getRepository(Convention).update(built.convention.id, { academie, departement });
    return built;
  }

  /** Headers of a new account without any role, and its id, to grant it roles through the API. */
  async function accountWithoutRole(email: string): Promise<{ headers: AuthHeaders; accountId: string }> {
    const headers = await headersFor(t, email);
    const person = await t.dataSource.getRepository(Person).findOneByOrFail({ email });
    const account = await t.dataSource.getRepository(Account).findOneByOrFail({ personId: person.id });
    return { headers, accountId: account.id };
  }

  it('reads and convenes in every convention of its département, and gets 404 in another', async () => {
    const isere = await committeeIn('Grenoble', '38', 'Europe/Paris', 'FR');
    const isereToo = await committeeIn('Grenoble', '38', 'Europe/Paris', 'FR');
    const guyane = await committeeIn('Guyane', '973', 'America/Cayenne', 'GF');

    // The account is made without any role, then granted département 38 by an administrator.
    const { headers: secretariat, accountId } = await accountWithoutRole('secretariat.dasen38@example.fr');
    const granted = await t.http().post(`/accounts/${accountId}/grants`).set(admin).send({ role: 'secretariat', departement: '38' }).expect(201);
    expect(granted.body).toMatchObject({ role: 'secretariat', conventionId: null, committeeId: null, academie: null, departement: '38' });

    const read = await t.http().get(`/conventions/${isere.convention.id}`).set(secretariat).expect(200);
    expect(read.body).toMatchObject({ academie: 'Grenoble', departement: '38' });
    await t.http().get(`/committees/${isereToo.committee.id}`).set(secretariat).expect(200);
    const listed = await t.http().get('/conventions').set(secretariat).expect(200);
    const ids = (Array.isArray(listed.body) ? listed.body : listed.body.items).map((c: { id: string }) => c.id).sort();
    expect(ids).toEqual([isere.convention.id, isereToo.convention.id].sort());

    for (const c of [isere, isereToo]) {
      const meetingId = await scheduleMeeting(t, c.committee.id, { start: '2027-10-12T09:00', end: '2027-10-12T11:00' }, secretariat);
      await t.http().post(`/meetings/${meetingId}/convene`).set(secretariat).send({}).expect(201);
    }

    const elsewhere = await scheduleMeeting(t, guyane.committee.id, { start: '2027-10-12T09:00', end: '2027-10-12T11:00' }, admin);
    await t.http().get(`/conventions/${guyane.convention.id}`).set(secretariat).expect(404);
    await t.http().get(`/committees/${guyane.committee.id}`).set(secretariat).expect(404);
    await t.http().get(`/meetings/${elsewhere}`).set(secretariat).expect(404);
    await t.http().post(`/meetings/${elsewhere}/convene`).set(secretariat).send({}).expect(404);
    await t.http().get(`/meetings/${elsewhere}`).set(admin).expect(200);
  });

  it('refuses a département that is not an INSEE code, and a second scope, naming the field', async () => {
    const { accountId } = await accountWithoutRole('secretariat.mauvais@example.fr');
    const bad = await t.http().post(`/accounts/${accountId}/grants`).set(admin).send({ role: 'secretariat', departement: 'Isère' }).expect(400);
    expect(JSON.stringify(bad.body)).toContain('departement');
    const two = await t.http().post(`/accounts/${accountId}/grants`).set(admin).send({ role: 'secretariat', academie: 'Grenoble', departement: '38' }).expect(400);
    expect(JSON.stringify(two.body)).toContain('departement');
    const grants = await t.http().get(`/accounts/${accountId}/grants`).set(admin).expect(200);
    expect(grants.body).toEqual([]);
  });
});
