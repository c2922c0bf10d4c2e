import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTestApp, TestApp } from './support/test-app';

/*
 * Issue 11's "done when": one definition file using every rule the issue lists
 * (test/fixtures/every-rule-2025.yaml) imports, and the API applies each one, through HTTP on the
 * real database. The other rules-* specs test each rule in depth; this one checks that they all
 * live together in one file, one verdict each.
 */
const FIXTURE = readFileSync(join(__dirname, 'fixtures', 'every-rule-2025.yaml'), 'utf8');

describe('one definition file using every rule of issue 11', () => {
  let t: TestApp;
  let conseilId: string;
  let commissionId: string;
  const people = new Map<string, string>();

  beforeAll(async () => {
    t = await createTestApp();
    t.clock.set('2025-01-06T08:00:00Z');
    const imported = await t.http().post('/conventions/import').set('Content-Type', 'application/yaml').send(FIXTURE);
    expect({ status: imported.status, fields: imported.body.fields }).toEqual({ status: 201, fields: undefined });
    expect(imported.body.report.committees.created).toBe(2);
    const list = (await t.http().get('/conventions/bron-conseil-numerique-2025/committees').expect(200)).body as Array<{ id: string; definitionKey: string }>;
    conseilId = list.find((c) => c.definitionKey === 'conseil')?.id as string;
    commissionId = list.find((c) => c.definitionKey === 'commission')?.id as string;
    const rows = (await t.dataSource.query(`SELECT id, email FROM people`)) as Array<{ id: string; email: string }>;
    for (const row of rows) people.set(row.email.split('@')[0], row.id);
  });
  afterEach(() => t.clock.reset());
  afterAll(async () => {
    await t.close();
  });

  const person = (name: string) => people.get(name) as string;
  const conseilMembers = () => ['ines.morel', 'hugo.blanc', 'alice.perrin', 'omar.faure', 'lucie.garcia', 'yves.noel'].map(person);
  const commissionMembers = () => ['alice.perrin', 'omar.faure', 'rose.vidal', 'paul.henry'].map(person);

  async function schedule(committeeId: string, day: string, extra: Record<string, unknown> = {}): Promise<string> {
    const meeting = await t.http().post(`/committees/${committeeId}/meetings`).send({ start: `${day}T14:00`, end: `${day}T16:00`, agenda: [{ title: 'Bilan du numérique' }], ...extra }).expect(201);
    return meeting.body.id as string;
  }

  async function held(meetingId: string, attendance: Array<Record<string, unknown>>) {
    return (await t.http().post(`/meetings/${meetingId}/held`).send({ attendance }).expect(200)).body as {
      held: { quorum: { reached: boolean; reasons: string[] } };
      countsForFrequency: boolean;
    };
  }

  it('shows every rule of the file on the committees: seats from a figure, consultative and representable seats, terms, rotation of the chair', async () => {
    t.clock.set('2025-09-10T08:00:00Z');
    const conseil = (await t.http().get(`/committees/${conseilId}`).expect(200)).body;
    const seat = (key: string) => conseil.seats.find((s: { key: string }) => s.key === key);
    // Five classes, three at most.
    expect(seat('parents')).toMatchObject({ count: 3, countFollows: { figure: 'classes', value: 5, from: 'school', maximum: 3 } });
    expect(seat('dasen')).toMatchObject({ consultative: true, mayBeRepresented: true });
    expect(seat('ien')).toMatchObject({
      mayBeRepresented: true,
      representedBy: { people: ['rose.vidal@ac-lyon.example.fr'], text: 'choisi parmi les conseillers pédagogiques de la circonscription' },
      consultative: false,
    });
    expect(conseil.rules).toMatchObject({
      frequency: { minimum: 2, period: 'year', calendar: 'school', counts: 'ordinary' },
      notice: { days: 5, dayKind: 'working', urgentDays: 2 },
      quorum: { kind: 'majority', majorityOf: 'members' },
      chairRotation: { among: 'parties', order: ['commune', 'academie'], every: 'year', calendar: 'school' },
    });
    expect(conseil.termOfOffice).toMatchObject({ months: 36, renewals: 1, warningDays: 60 });
    expect(seat('ien').members[0]).toMatchObject({ endsOn: '2028-01-05', term: { status: 'in_office', mayBeRenewed: true } });

    const commission = (await t.http().get(`/committees/${commissionId}`).expect(200)).body;
    expect(commission.rules).toMatchObject({
      frequency: { minimum: 1, period: 'quarter', calendar: 'signature', counts: 'any' },
      notice: { days: 8, dayKind: 'clear' },
      quorum: { kind: 'share', share: 0.5, overGroups: ['Collège des élus'], proxiesAllowed: true, countsProxies: true, maxProxiesPerMember: 1 },
      chairRotation: { among: 'seats', order: ['elus', 'enseignants'], every: 'sitting' },
    });
  });

  it('applies the notice in jours ouvrés, the shorter one of urgency, and warns of a sitting in the school holidays', async () => {
    // Wednesday 10 September 2025: Tuesday 16 leaves Thu 11, Fri 12, Mon 15 — three days ouvrés of five.
    t.clock.set('2025-09-10T08:00:00Z');
    const tooSoon = await t.http().post(`/committees/${conseilId}/meetings`).send({ start: '2025-09-16T14:00', end: '2025-09-16T16:00' }).expect(422);
    expect(tooSoon.body).toMatchObject({ code: 'notice_too_short', earliestLawfulDate: '2025-09-18', rule: { days: 5, dayKind: 'working' } });
    await schedule(conseilId, '2025-09-16', { urgencyReason: 'Panne du réseau de l’école' });
    // The Toussaint holidays of zone A begin on Saturday 18 October 2025.
    const inHolidays = (await t.http().post(`/committees/${conseilId}/meetings`).send({ start: '2025-10-22T14:00', end: '2025-10-22T16:00' }).expect(201)).body;
    expect(inHolidays.warnings).toContainEqual(expect.objectContaining({ code: 'school_holidays', date: '2025-10-22' }));
    // « huit jours francs »: for Friday 19 September, the convocation leaves by Wednesday 10.
    await t.http().post(`/committees/${commissionId}/meetings`).send({ start: '2025-09-19T10:00', end: '2025-09-19T12:00' }).expect(201);
    const clearDays = await t.http().post(`/committees/${commissionId}/meetings`).send({ start: '2025-09-18T10:00', end: '2025-09-18T12:00' }).expect(422);
    expect(clearDays.body).toMatchObject({ code: 'notice_too_short', earliestLawfulDate: '2025-09-19' });
  });

  it('judges the quorum: a majority of members in office, never the consultative DASEN, a representative for the IEN among those the text allows; then offers a second sitting', async () => {
    t.clock.set('2025-11-03T08:00:00Z');
    const meetingId = await schedule(conseilId, '2025-11-18');
    t.clock.set('2025-11-18T16:00:00Z');
    const [ines, hugo, , , , yves] = conseilMembers();
    const rose = person('rose.vidal');
    // Five voting members in office (the DASEN is consultative): three needed. The IEN's representative and the director make two.
    // Only a conseillère pédagogique of the circonscription may represent the IEN: Paul Henry, a teacher, may not.
    const notAllowed = await t
      .http()
      .post(`/meetings/${meetingId}/held`)
      .send({ attendance: [{ personId: ines, status: 'substituted', substitutePersonId: person('paul.henry') }] })
      .expect(422);
    expect(notAllowed.body).toMatchObject({ code: 'not_an_allowed_representative', field: 'attendance[0].substitutePersonId' });
    expect(notAllowed.body.message).toContain('« choisi parmi les conseillers pédagogiques de la circonscription »');
    const failed = await held(meetingId, [
      { personId: ines, status: 'substituted', substitutePersonId: rose },
      { personId: hugo, status: 'present' },
      { personId: yves, status: 'present' },
    ]);
    expect(failed.held.quorum.reached).toBe(false);
    expect(failed.held.quorum.reasons).toEqual([
      'quorum not reached: 2 present for 3 required (more than half of 5 members in office)',
      '1 consultative member present, never counted for the quorum',
    ]);
    const offer = (await t.http().get(`/meetings/${meetingId}/reconvening`).expect(200)).body;
    expect(offer).toMatchObject({ allowed: true, window: { start: '2025-11-26', end: '2025-12-03' }, rule: { notice: { days: 3, dayKind: 'working' }, quorum: { kind: 'none' } } });
  });

  it('counts the share of élus present or represented, one proxy each, and any sitting per quarter from the signature', async () => {
    t.clock.set('2025-12-01T08:00:00Z');
    const meetingId = await schedule(commissionId, '2025-12-15', { kind: 'extraordinary' });
    t.clock.set('2025-12-15T16:00:00Z');
    const [alice, omar, rose, paul] = commissionMembers();
    // Only the teachers came: the élus' half is not there.
    expect((await held(meetingId, [{ personId: rose, status: 'present' }, { personId: paul, status: 'present' }])).held.quorum.reached).toBe(false);
    // Omar came with Alice's proxy: both élus count.
    const represented = await held(meetingId, [
      { personId: omar, status: 'present' },
      { personId: alice, status: 'represented', proxyHolderPersonId: omar },
    ]);
    expect(represented.held.quorum.reached).toBe(true);
    expect(represented.countsForFrequency).toBe(true);
    // Signed on 6 January 2025: the fourth quarter of the convention runs from 6 October 2025 to 5 January 2026.
    const compliance = (await t.http().get(`/committees/${commissionId}/compliance`).query({ from: '2025-10-06', to: '2026-01-05' }).expect(200)).body;
    expect(compliance.periods).toEqual([expect.objectContaining({ key: 'T4', start: '2025-10-06', end: '2026-01-05', status: 'met', heldWithQuorum: 1 })]);
  });

  it('says whose turn it is to chair: the ville then the académie year after year, élus and teachers sitting after sitting', async () => {
    t.clock.set('2026-01-05T08:00:00Z');
    const first = await schedule(commissionId, '2026-01-20');
    const second = await schedule(commissionId, '2026-02-20');
    const chairOf = async (meetingId: string) => (await t.http().get(`/meetings/${meetingId}/chair`).expect(200)).body;
    // The commission's earlier sittings (15 December, 19 September) were the first two: élus, then teachers.
    expect(await chairOf(first)).toMatchObject({ chair: { among: 'seats', key: 'elus', name: 'deux élus' }, turn: 2 });
    expect((await chairOf(second)).chair.key).toBe('enseignants');
    const nextSchoolYear = await schedule(conseilId, '2026-09-22');
    const thisSchoolYear = await schedule(conseilId, '2026-03-10');
    expect(await chairOf(thisSchoolYear)).toMatchObject({ chair: { among: 'parties', key: 'academie', name: 'Académie de Lyon' }, turn: 1 });
    expect((await chairOf(nextSchoolYear)).chair).toEqual({ among: 'parties', key: 'commune', name: 'Ville de Bron' });
    expect((await chairOf(nextSchoolYear)).reasons[0]).toBe(
      '3rd school year since the convention began (2025-01-06): party commune chairs its sittings (in turn among commune, academie, year after year).',
    );
  });

  it('follows the minutes in turn, the sittings due after an event, the requests for a sitting, and refuses a term beyond three years', async () => {
    t.clock.set('2025-11-19T08:00:00Z');
    const sittings = (await t.http().get(`/committees/${conseilId}/compliance`).query({ from: '2025-09-01', to: '2026-08-31' }).expect(200)).body;
    expect(sittings.minutes).toEqual([expect.objectContaining({ heldOn: '2025-11-18', status: 'to_write', dueOn: '2025-12-03', writer: 'academie' })]);

    const event = (await t.http().post(`/committees/${conseilId}/events`).send({ event: 'election_results', occurredOn: '2025-10-13' }).expect(201)).body;
    expect(event).toEqual([expect.objectContaining({ event: 'election_results', dueBy: '2025-10-28', status: 'missed' })]);

    const request = (await t.http().post(`/committees/${conseilId}/requests`).send({ requestedOn: '2025-11-19', requesters: [person('ines.morel')], reason: 'Charte numérique' }).expect(201)).body;
    expect(request).toMatchObject({ status: 'to_convene', conveneBy: '2025-12-04', warnFrom: '2025-11-29' });
    const tooFew = await t.http().post(`/committees/${conseilId}/requests`).send({ requestedOn: '2025-11-19', requesters: [person('lucie.garcia')], reason: 'Charte numérique' }).expect(422);
    expect(tooFew.body).toMatchObject({ code: 'request_not_admissible', required: 2 });

    const tooLong = await t
      .http()
      .post(`/committees/${conseilId}/memberships`)
      .send({ seatKey: 'directeur', personId: person('paul.henry'), startsOn: '2028-01-06', endsOn: '2031-06-30' })
      .expect(400);
    expect(tooLong.body.fields).toEqual([expect.objectContaining({ path: 'endsOn', code: 'term_exceeded' })]);
  });

  it('exports the file with every rule and takes it back unchanged; refuses a rotation of the chair among unknown keys, naming the field', async () => {
    const exported = (await t.http().get('/conventions/bron-conseil-numerique-2025/definition').expect(200)).body;
    expect(exported.committees.find((c: { key: string }) => c.key === 'conseil').chairRotation).toEqual({
      among: 'parties',
      order: ['commune', 'academie'],
      every: 'year',
      calendar: 'school',
      text: "à tour de rôle, pour une année scolaire, par la ville puis par l'académie",
    });
    const again = (await t.http().put('/conventions/bron-conseil-numerique-2025/definition').send(exported).expect(200)).body;
    expect(again.changed).toBe(false);

    const wrong = FIXTURE.replace('reference: bron-conseil-numerique-2025', 'reference: bron-conseil-numerique-bis').replace('order: [elus, enseignants]', 'order: [elus, parents]');
    const refused = await t.http().post('/conventions/import').set('Content-Type', 'application/yaml').send(wrong).expect(400);
    expect(refused.body.fields).toEqual([
      { path: 'committees[1].chairRotation.order', code: 'unknown_reference', message: '"parents" is not a seat of this committee; seats are elus, enseignants' },
    ]);
  });
});
