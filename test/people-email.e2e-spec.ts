import { DateTime } from 'luxon';
import { headersFor } from './support/auth-helpers';
import { importCurrentGrenoble } from './support/current-convention';
import { createTestApp, TestApp } from './support/test-app';

const DIRECTOR = 'anne.bouvier@ac-grenoble.example.fr';
const COMMUNE_MEMBER = 'gerard.rey@cretsenbelledonne.example.fr';
const IEN = 'philippe.garnier@ac-grenoble.example.fr';
const today = () => DateTime.now().setZone('Europe/Paris').toISODate() as string;

describe('correcting a person’s email (PUT /people/:id/email): administrators, and narrowly the committee’s convener and secretariat', () => {
  let t: TestApp;
  let local: string;
  let conventionId: string;
  const personId = async (email: string): Promise<string> => (await t.dataSource.query(`SELECT id FROM people WHERE email = $1`, [email]))[0].id;
  const notices = (to: string) =>
    t.dataSource.query(`SELECT recipient_email, payload FROM outbound_messages WHERE kind = 'email_changed' AND recipient_email = $1`, [to]);

  beforeAll(async () => {
    t = await createTestApp({ auth: true });
    await importCurrentGrenoble(t);
    const [row] = await t.dataSource.query(`SELECT id, convention_id FROM committees WHERE key LIKE 'copil-local%'`);
    local = row.id;
    conventionId = row.convention_id;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('lets the director correct the email of a parent she seated: later mail goes to the new address, the old one is told, the trail keeps both', async () => {
    const director = await headersFor(t, DIRECTOR);
    const seated = await t.http().post(`/committees/${local}/memberships`).set(director).send({ seatKey: 'parent', startsOn: today(), person: { fullName: 'Léa Martin', email: 'lea.martin@parents.example.fr' } });
    expect(seated.status).toBe(201);
    const id = seated.body.person.id;

    const corrected = await t.http().put(`/people/${id}/email`).set(director).send({ email: ' Lea.Martin@Famille.example.fr ' });
    expect(corrected.status).toBe(200);
    expect(corrected.body).toMatchObject({ id, email: 'lea.martin@famille.example.fr' });

    const [notice] = await notices('lea.martin@parents.example.fr');
    expect(notice.payload).toMatchObject({ fullName: 'Léa Martin', oldEmail: 'lea.martin@parents.example.fr', newEmail: 'lea.martin@famille.example.fr', changedBy: 'Anne Bouvier' });
    const [audit] = await t.dataSource.query(`SELECT actor_label, before, after FROM audit_entries WHERE entity_type = 'Person' AND entity_id = $1 AND action = 'update'`, [id]);
    expect(audit.actor_label).toContain(DIRECTOR);
    expect(audit.before).toMatchObject({ email: 'lea.martin@parents.example.fr' });
    expect(audit.after).toMatchObject({ email: 'lea.martin@famille.example.fr' });

    // The same address again changes nothing and tells nobody.
    const again = await t.http().put(`/people/${id}/email`).set(director).send({ email: 'lea.martin@famille.example.fr' });
    expect(again.status).toBe(200);
    expect(await notices('lea.martin@famille.example.fr')).toEqual([]);
  });

  it('refuses the director for a member who also sits in a committee she does not convene, and says so', async () => {
    const response = await t.http().put(`/people/${await personId(COMMUNE_MEMBER)}/email`).set(await headersFor(t, DIRECTOR)).send({ email: 'gerard.rey@ailleurs.example.fr' });
    expect(response.status).toBe(403);
    expect(response.body).toMatchObject({ code: 'email_change_not_allowed', refusal: 'seat_elsewhere' });
    expect(await t.dataSource.query(`SELECT email FROM people WHERE email = 'gerard.rey@ailleurs.example.fr'`)).toEqual([]);
    expect(await notices(COMMUNE_MEMBER)).toEqual([]);
  });

  it('refuses the director for a member who holds a role, whatever the seats', async () => {
    await headersFor(t, IEN, [{ role: 'convener', conventionId }]);
    const response = await t.http().put(`/people/${await personId(IEN)}/email`).set(await headersFor(t, DIRECTOR)).send({ email: 'pg@ailleurs.example.fr' });
    expect(response.status).toBe(403);
    expect(response.body.refusal).toBe('holds_role');
  });

  it('refuses the director for a person whose seat ended yesterday (no current seat)', async () => {
    const director = await headersFor(t, DIRECTOR);
    const day = (days: number) => DateTime.now().setZone('Europe/Paris').plus({ days }).toISODate() as string;
    const seated = await t
      .http()
      .post(`/committees/${local}/memberships`)
      .set(director)
      .send({ seatKey: 'parent', startsOn: day(-7), endsOn: day(-1), person: { fullName: 'Paul Roux', email: 'paul.roux@parents.example.fr' } });
    expect(seated.status).toBe(201);
    const response = await t.http().put(`/people/${seated.body.person.id}/email`).set(director).send({ email: 'paul.roux@famille.example.fr' });
    expect(response.status).toBe(403);
    expect(response.body.refusal).toBe('no_current_seat');
  });

  it('answers a member as for a person that does not exist or a refusal, never changing anything', async () => {
    const member = await headersFor(t, COMMUNE_MEMBER);
    const someone = await t.http().put(`/people/${await personId(DIRECTOR)}/email`).set(member).send({ email: 'anne@ailleurs.example.fr' });
    expect(someone.status).toBe(403);
    const stranger = await headersFor(t, 'personne@ailleurs.example.fr');
    const hidden = await t.http().put(`/people/${await personId(DIRECTOR)}/email`).set(stranger).send({ email: 'anne@ailleurs.example.fr' });
    expect(hidden.status).toBe(404);
    expect(hidden.body.code).toBe('person_not_found');
    expect(await t.dataSource.query(`SELECT email FROM people WHERE email = 'anne@ailleurs.example.fr'`)).toEqual([]);
  });

  it('lets the convention’s secretariat correct a member who sits in two of its committees; refuses a bad or taken address naming the field', async () => {
    const secretariat = await headersFor(t, 'secretariat@dsden38.example.fr', [{ role: 'secretariat', conventionId }]);
    const id = await personId(COMMUNE_MEMBER);
    const bad = await t.http().put(`/people/${id}/email`).set(secretariat).send({ email: 'gerard.rey' });
    expect(bad.status).toBe(400);
    expect(bad.body.fields).toEqual([expect.objectContaining({ path: 'email' })]);
    const taken = await t.http().put(`/people/${id}/email`).set(secretariat).send({ email: DIRECTOR });
    expect(taken.status).toBe(409);
    expect(taken.body.code).toBe('email_already_used');
    const done = await t.http().put(`/people/${id}/email`).set(secretariat).send({ email: 'gerard.rey@mairie.example.fr' });
    expect(done.status).toBe(200);
    expect(await notices(COMMUNE_MEMBER)).toHaveLength(1);
  });
});
