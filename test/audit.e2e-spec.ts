import { randomUUID } from 'node:crypto';
import { Body, Controller, Delete, Module, Param, Patch, Post } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Permission } from '../src/auth/permission.decorator';
import { Membership } from '../src/people/membership.entity';
import { Meeting } from '../src/meetings/meeting.entity';
import { AgendaItem } from '../src/meetings/agenda-item.entity';
import { AuditEntry } from '../src/audit/audit-entry.entity';
import { IMPORT_CLI_ACTOR, runAsActor } from '../src/audit/audit-context';
import { createTestApp, TestApp } from './support/test-app';
import { asAdmin, AuthHeaders, headersFor } from './support/auth-helpers';
import { BuiltCommittee, BuiltConvention, buildCommittee, buildConvention, buildMembership, buildPerson, seatOf } from './support/builders';

/*
 * Changes made through HTTP by a handler that writes the way copil's services do (load, then
 * save or remove in a transaction), so that the author comes from the request.
 */
@Controller('audit-test')
class WritingController {
  constructor(private readonly dataSource: DataSource) {}

  @Post('seats/:seatId/memberships')
  @Permission('committee.manage_members', { committee: 'body:committeeId' })
  async seat(@Param('seatId') seatId: string, @Body() body: { personId: string; committeeId: string }) {
    return this.dataSource.getRepository(Membership).save({ seatId, personId: body.personId, startsOn: '2025-09-01', endsOn: null, substituteId: null });
  }

  @Patch('memberships/:id')
  @Permission('committee.manage_members', { membership: 'param:id' })
  async end(@Param('id') id: string, @Body() body: { endsOn: string }) {
    return this.dataSource.transaction(async (manager) => {
      const membership = await manager.findOneByOrFail(Membership, { id });
      membership.endsOn = body.endsOn;
      return manager.save(membership);
    });
  }

  @Delete('memberships/:id')
  @Permission('committee.manage_members', { membership: 'param:id' })
  async remove(@Param('id') id: string) {
    await this.dataSource.transaction(async (manager) => manager.remove(await manager.findOneByOrFail(Membership, { id })));
    return {};
  }

  @Post('memberships/:id/fail')
  @Permission('committee.manage_members', { membership: 'param:id' })
  async failHalfway(@Param('id') id: string) {
    await this.dataSource.transaction(async (manager) => {
      const membership = await manager.findOneByOrFail(Membership, { id });
      membership.endsOn = '2030-01-01';
      await manager.save(membership);
      throw new Error('interrupted after the save');
    });
  }
}

@Module({ controllers: [WritingController] })
class WritingModule {}

describe('audit trail', () => {
  let t: TestApp;
  let A: BuiltConvention;
  let X: BuiltCommittee;
  let Y: BuiltCommittee;
  let admin: AuthHeaders;
  let secretariat: AuthHeaders;

  beforeAll(async () => {
    t = await createTestApp({ auth: true, imports: [WritingModule] });
    A = await buildConvention(t.dataSource);
    X = await buildCommittee(t.dataSource, A);
    Y = await buildCommittee(t.dataSource, A);
    admin = await asAdmin(t);
    secretariat = await headersFor(t, 'secretariat.audit@example.fr', [{ role: 'secretariat', conventionId: A.id }], { fullName: 'Sophie Garnier' });
  });
  afterAll(async () => t.close());

  const trail = async (path: string, headers: AuthHeaders = admin): Promise<AuditEntryView[]> => (await t.http().get(path).set(headers).expect(200)).body.items;

  interface AuditEntryView {
    id: string;
    occurredAt: string;
    actor: { kind: string; personId: string | null; label: string };
    entityType: string;
    entityId: string | null;
    action: string;
    before: Record<string, unknown> | null;
    after: Record<string, unknown> | null;
    conventionId: string | null;
    committeeId: string | null;
    meetingId: string | null;
  }

  it('records who seated, changed and removed a member, with values before and after, under the committee and its convention', async () => {
    const person = await buildPerson(t.dataSource);
    const seat = seatOf(X, 'elu');
    const created = await t.http().post(`/audit-test/seats/${seat.id}/memberships`).set(secretariat).send({ personId: person.id, committeeId: X.id }).expect(201);
    await t.http().patch(`/audit-test/memberships/${created.body.id}`).set(secretariat).send({ endsOn: '2026-08-31' }).expect(200);
    await t.http().delete(`/audit-test/memberships/${created.body.id}`).set(secretariat).expect(200);

    const entries = (await trail(`/committees/${X.id}/audit`)).filter((entry) => entry.entityId === created.body.id);
    expect(entries.map((entry) => entry.action)).toEqual(['delete', 'update', 'insert']);
    const [removed, updated, inserted] = entries;
    const me = await t.http().get('/auth/me').set(secretariat);
    for (const entry of entries) {
      expect(entry.actor).toEqual({ kind: 'person', personId: me.body.person.id, label: `Sophie Garnier <secretariat.audit@example.fr>` });
      expect(entry).toMatchObject({ entityType: 'Membership', conventionId: A.id, committeeId: X.id, meetingId: null });
    }
    expect(inserted.before).toBeNull();
    expect(inserted.after).toMatchObject({ id: created.body.id, seatId: seat.id, personId: person.id, startsOn: '2025-09-01', endsOn: null });
    expect(updated.before).toEqual({ endsOn: null });
    expect(updated.after).toEqual({ endsOn: '2026-08-31' });
    expect(removed.before).toMatchObject({ id: created.body.id, personId: person.id, endsOn: '2026-08-31' });
    expect(removed.after).toBeNull();

    const ofConvention = await trail(`/conventions/${A.id}/audit`);
    expect(ofConvention.filter((entry) => entry.entityId === created.body.id)).toHaveLength(3);
    const ofOtherCommittee = await trail(`/committees/${Y.id}/audit`);
    expect(ofOtherCommittee.filter((entry) => entry.entityId === created.body.id)).toHaveLength(0);
  });

  it("records the registry's own membership routes: seating, ending and removing a member", async () => {
    const person = await buildPerson(t.dataSource);
    const created = await t.http().post(`/committees/${X.id}/memberships`).set(secretariat).send({ seatKey: 'ien', personId: person.id, startsOn: '2025-09-01' }).expect(201);
    const id = created.body.id ?? created.body.membershipId;
    await t.http().patch(`/memberships/${id}`).set(secretariat).send({ endsOn: '2026-08-31' }).expect(200);
    await t.http().delete(`/memberships/${id}`).set(secretariat).expect(204);

    const entries = (await trail(`/committees/${X.id}/audit`)).filter((entry) => entry.entityId === id);
    expect(entries.map((entry) => entry.action)).toEqual(['delete', 'update', 'insert']);
    expect(entries.every((entry) => entry.actor.label === 'Sophie Garnier <secretariat.audit@example.fr>')).toBe(true);
    expect(entries[1].before).toMatchObject({ endsOn: null });
    expect(entries[1].after).toMatchObject({ endsOn: '2026-08-31' });
    expect(entries[0].before).toMatchObject({ personId: person.id, endsOn: '2026-08-31' });
  });

  it('records nothing of a change whose transaction failed', async () => {
    const membership = await buildMembership(t.dataSource, seatOf(Y, 'elu'), await buildPerson(t.dataSource));
    await t.http().post(`/audit-test/memberships/${membership.id}/fail`).set(admin).expect(500);
    const entries = (await trail(`/committees/${Y.id}/audit`)).filter((entry) => entry.entityId === membership.id);
    expect(entries.map((entry) => entry.action)).toEqual(['insert']);
  });

  it('records the grants and accounts an administrator manages, without any secret', async () => {
    const person = await buildPerson(t.dataSource, { fullName: 'Marc Hoarau' });
    const account = await t.http().post('/accounts').set(admin).send({ personId: person.id }).expect(201);
    const grant = await t.http().post(`/accounts/${account.body.id}/grants`).set(admin).send({ role: 'convener', committeeId: X.id }).expect(201);

    const entries = await trail(`/committees/${X.id}/audit`);
    const granted = entries.find((entry) => entry.entityId === grant.body.id);
    expect(granted).toMatchObject({
      entityType: 'Grant',
      action: 'insert',
      actor: { kind: 'person', label: expect.stringContaining('Administratrice de test') },
      after: { accountId: account.body.id, role: 'convener', committeeId: X.id, conventionId: null },
      conventionId: A.id,
      committeeId: X.id,
    });

    const session = await headersFor(t, person.email);
    await t.http().post('/auth/tokens').set(session).send({ name: 'Intégration', expiresAt: new Date(t.clock.now().getTime() + 86_400_000).toISOString() }).expect(201);
    const tokens = await t.dataSource.getRepository(AuditEntry).find({ where: { entityType: 'AccessToken', actorLabel: `Marc Hoarau <${person.email}>` } });
    expect(tokens).toHaveLength(1);
    expect(tokens[0].after).toMatchObject({ kind: 'api_token', name: 'Intégration' });
    expect(Object.keys(tokens[0].after ?? {})).not.toContain('tokenHash');
    const everything = JSON.stringify(await t.dataSource.getRepository(AuditEntry).find());
    expect(everything).not.toMatch(/tokenHash|token_hash/);
    expect(await t.dataSource.getRepository(AuditEntry).count({ where: { entityType: 'SignInLink' } })).toBe(0);
  });

  it('names "system" for changes made outside any request, and "import cli" when the CLI says so', async () => {
    const membership = await buildMembership(t.dataSource, seatOf(Y, 'ien'), await buildPerson(t.dataSource));
    await runAsActor(IMPORT_CLI_ACTOR, async () => {
      membership.endsOn = '2027-06-30';
      await t.dataSource.getRepository(Membership).save(membership);
    });
    const entries = (await trail(`/committees/${Y.id}/audit`)).filter((entry) => entry.entityId === membership.id);
    expect(entries.map((entry) => [entry.action, entry.actor])).toEqual([
      ['update', { kind: 'cli', personId: null, label: 'import cli' }],
      ['insert', { kind: 'system', personId: null, label: 'system' }],
    ]);
  });

  it('files a meeting and its agenda under the meeting, its committee and convention', async () => {
    const meeting = await runAsActor(IMPORT_CLI_ACTOR, () =>
      t.dataSource.getRepository(Meeting).save({
        committeeId: X.id,
        startsAt: new Date('2026-03-02T09:00:00Z'),
        endsAt: new Date('2026-03-02T11:00:00Z'),
        icalUid: `${randomUUID()}@copil.test`,
      }),
    );
    const item = await t.dataSource.getRepository(AgendaItem).save({ meetingId: meeting.id, position: 1, title: 'Bilan du semestre' });

    const entries = await trail(`/meetings/${meeting.id}/audit`, secretariat);
    expect(entries.map((entry) => [entry.entityType, entry.action])).toEqual([
      ['AgendaItem', 'insert'],
      ['Meeting', 'insert'],
    ]);
    expect(entries[0]).toMatchObject({ entityId: item.id, meetingId: meeting.id, committeeId: X.id, conventionId: A.id });
    expect(entries[1].after).toMatchObject({ startsAt: '2026-03-02T09:00:00.000Z', committeeId: X.id });
  });

  it('pages newest first', async () => {
    const committee = await buildCommittee(t.dataSource, A);
    const people = await Promise.all([1, 2, 3, 4, 5].map(() => buildPerson(t.dataSource)));
    for (const person of people) await buildMembership(t.dataSource, seatOf(committee, 'elu'), person, { startsOn: '2020-01-01' });

    const all = await trail(`/committees/${committee.id}/audit?pageSize=200`);
    const ids = all.map((entry) => Number(entry.id));
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    expect(all[0].after?.personId).toBe(people[4].id);

    const page = await t.http().get(`/committees/${committee.id}/audit?page=2&pageSize=2`).set(admin).expect(200);
    expect(page.body.page).toBe(2);
    expect(page.body.pageSize).toBe(2);
    expect(page.body.total).toBe(all.length);
    expect(page.body.items.map((entry: AuditEntryView) => entry.id)).toEqual(all.slice(2, 4).map((entry) => entry.id));

    const bad = await t.http().get(`/committees/${committee.id}/audit?pageSize=1000`).set(admin).expect(400);
    expect(bad.body.fields[0].path).toBe('pageSize');
    await t.http().get('/committees/not-a-uuid/audit').set(admin).expect(400);
  });

  it('has no route that changes or deletes an entry', async () => {
    const [entry] = await trail(`/conventions/${A.id}/audit?pageSize=1`);
    for (const method of ['put', 'patch', 'delete'] as const) {
      // The trail's path exists for reading only: 405 with Allow: GET (HEAD); an entry has no path at all.
      const refused = await t.http()[method](`/conventions/${A.id}/audit`).set(admin).expect(405);
      expect(refused.headers.allow).toMatch(/^GET\b/);
      await t.http()[method](`/conventions/${A.id}/audit/${entry.id}`).set(admin).expect(404);
    }
  });

  it('is refused UPDATE, DELETE and TRUNCATE by the database itself', async () => {
    const [{ id }] = await t.dataSource.query('SELECT id FROM audit_entries ORDER BY id LIMIT 1');
    await expect(t.dataSource.query(`UPDATE audit_entries SET actor_label = 'quelqu''un d''autre' WHERE id = $1`, [id])).rejects.toThrow(
      'audit entries are append-only: UPDATE refused',
    );
    await expect(t.dataSource.query('DELETE FROM audit_entries WHERE id = $1', [id])).rejects.toThrow('audit entries are append-only: DELETE refused');
    await expect(t.dataSource.query('TRUNCATE audit_entries')).rejects.toThrow('audit entries are append-only: TRUNCATE refused');
    const [{ count }] = await t.dataSource.query('SELECT count(*)::int AS count FROM audit_entries WHERE id = $1', [id]);
    expect(count).toBe(1);
  });

  it('records a change made by criteria with what TypeORM tells: the values set, no id', async () => {
    const membership = await buildMembership(t.dataSource, seatOf(Y, 'elu'), await buildPerson(t.dataSource), { startsOn: '2019-01-01' });
    const before = await t.dataSource.getRepository(AuditEntry).count();
    await t.dataSource.getRepository(Membership).update({ id: membership.id }, { endsOn: '2024-12-31' });
    const [entry] = await t.dataSource.getRepository(AuditEntry).find({ order: { id: 'DESC' }, take: 1 });
    expect(await t.dataSource.getRepository(AuditEntry).count()).toBe(before + 1);
    expect(entry).toMatchObject({ entityType: 'Membership', action: 'update', entityId: null, after: { endsOn: '2024-12-31' } });
  });

  it('serves the audit of a convention to its secretariat and not to a member', async () => {
    await t.http().get(`/conventions/${A.id}/audit`).set(secretariat).expect(200);
    const member = await buildPerson(t.dataSource);
    await buildMembership(t.dataSource, seatOf(X, 'ien'), member);
    await t.http().get(`/conventions/${A.id}/audit`).set(await headersFor(t, member.email)).expect(403);
  });
});
