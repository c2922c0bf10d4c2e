import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EntitySubscriberInterface, InsertEvent, RemoveEvent, UpdateEvent } from 'typeorm';
import { parse } from 'yaml';
import { createTestApp, TestApp } from './support/test-app';

const EXAMPLES = join(__dirname, '..', 'examples');
const REFERENCES = [
  'guyane-remire-montjoly-2015',
  'grenoble-crets-en-belledonne-2016',
  'reunion-saint-denis-2017',
  'amiens-somme-numerique-2013',
  'montpellier-ent-ecole-2020',
];
const exampleText = (reference: string) => readFileSync(join(EXAMPLES, `${reference}.yaml`), 'utf8');

/** Records what the EntityManager writes, as an audit subscriber would see it. */
class WriteRecorder implements EntitySubscriberInterface {
  events: string[] = [];
  afterInsert(event: InsertEvent<unknown>): void {
    this.events.push(`insert ${event.metadata.tableName}`);
  }
  afterUpdate(event: UpdateEvent<unknown>): void {
    this.events.push(`update ${event.metadata.tableName}`);
  }
  afterRemove(event: RemoveEvent<unknown>): void {
    this.events.push(`remove ${event.metadata.tableName}`);
  }
}

const ALL_UNCHANGED = expect.objectContaining({ created: 0, updated: 0, deleted: 0 });

interface Definition {
  committees: Array<Record<string, any>>;
  [field: string]: any;
}

describe('conventions as definition files', () => {
  let t: TestApp;
  const recorder = new WriteRecorder();

  beforeAll(async () => {
    t = await createTestApp();
    t.dataSource.subscribers.push(recorder);
  });
  afterAll(async () => t.close());

  const importYaml = (text: string) => t.http().post('/conventions/import').set('Content-Type', 'application/yaml').send(text);
  const definitionOf = async (reference: string): Promise<Definition> =>
    (await t.http().get(`/conventions/${reference}/definition`).expect(200)).body;
  const committeeOf = (definition: Definition, key: string) => definition.committees.find((c) => c.key === key)!;
  const rowVersions = async () => ({
    conventions: await t.dataSource.query(`SELECT id, version, updated_at FROM conventions ORDER BY id`),
    committees: await t.dataSource.query(`SELECT id, version, updated_at FROM committees ORDER BY id`),
    schools: await t.dataSource.query(`SELECT id, updated_at FROM schools ORDER BY id`),
    people: await t.dataSource.query(`SELECT id, updated_at FROM people ORDER BY id`),
  });

  it('imports the five reference conventions through the EntityManager', async () => {
    for (const reference of REFERENCES) {
      const res = await importYaml(exampleText(reference)).expect(201);
      expect(res.body).toMatchObject({ reference, created: true, changed: true, conventionId: expect.any(String) });
      expect(res.body.report.conventions).toEqual({ created: 1, updated: 0, deleted: 0, unchanged: 0 });
    }
    expect(recorder.events).toContain('insert committees');
    expect(recorder.events).toContain('insert memberships');
    const [{ count }] = await t.dataSource.query(`SELECT count(*)::int AS count FROM conventions`);
    expect(count).toBe(5);
  });

  it('changes nothing when the same files are imported again: no write, same versions and timestamps', async () => {
    const before = await rowVersions();
    recorder.events = [];
    for (const reference of REFERENCES) {
      const res = await importYaml(exampleText(reference)).expect(200);
      expect(res.body.created).toBe(false);
      expect(res.body.changed).toBe(false);
      for (const counts of Object.values(res.body.report)) expect(counts).toEqual(ALL_UNCHANGED);
    }
    expect(recorder.events).toEqual([]);
    expect(await rowVersions()).toEqual(before);
  });

  describe('Guyane, Rémire-Montjoly (2015)', () => {
    it('has a steering committee as in article 3.1', async () => {
      const copil = committeeOf(await definitionOf('guyane-remire-montjoly-2015'), 'copil');
      expect(copil).toMatchObject({
        kind: 'steering',
        article: '3.1',
        scope: 'convention',
        frequency: { minimum: 1, period: 'semester', calendar: 'school', text: 'au moins une fois par semestre' },
        notice: { days: 15, dayKind: 'calendar' },
        quorum: { kind: 'each_party' },
        conveners: [{ party: 'academie', label: "l'académie" }],
        prerequisites: [{ fromCommittee: 'comite-technique', description: "l'ensemble des documents nécessaires à la séance" }],
        reports: [{ kind: 'progress_report', period: 'semester' }],
      });
      const seats = copil.seats.map((s: any) => [s.party, s.role, s.count]);
      expect(seats).toEqual([
        ['commune', 'un élu', 1],
        ['commune', "un représentant de l'administration", 1],
        ['commune', 'le directeur de la caisse des écoles', 1],
        ['commune', 'le directeur des services informatiques', 1],
        ['academie', 'les IEN de circonscription', 2],
        ['academie', "l'inspecteur en charge du numérique au 1er degré et/ou le délégué académique au numérique, représentant du recteur", 2],
        ['academie', 'les conseillers pédagogiques Éducation numérique', 2],
        [null, "deux représentants des principaux de collèges et des directeurs d'écoles", 2],
      ]);
    });

    it('has one technical committee per circonscription, convened by the project lead or the IEN (article 3.2)', async () => {
      const technical = committeeOf(await definitionOf('guyane-remire-montjoly-2015'), 'comite-technique');
      expect(technical).toMatchObject({
        kind: 'technical',
        article: '3.2',
        scope: 'circonscription',
        frequency: { minimum: 0 },
        quorum: { kind: 'each_party' },
        guests: { allowed: true },
        conveners: [
          { party: 'commune', seat: 'chef-de-projet', label: 'le chef de projet de la commune' },
          { party: 'academie', seat: 'ien', label: "l'IEN de circonscription" },
        ],
      });
      const perParty = technical.seats.reduce((sum: Record<string, number>, s: any) => ({ ...sum, [s.party]: (sum[s.party] ?? 0) + s.count }), {});
      expect(perParty).toEqual({ commune: 2, academie: 2 });
      const rows = await t.dataSource.query(
        `SELECT c.key, c.name, c.circonscription, count(s.id)::int AS seats FROM committees c JOIN conventions v ON v.id = c.convention_id
         JOIN seats s ON s.committee_id = c.id WHERE v.reference = $1 AND c.definition_key = 'comite-technique' GROUP BY c.id ORDER BY c.key`,
        ['guyane-remire-montjoly-2015'],
      );
      expect(rows).toEqual([
        { key: 'comite-technique-cayenne-sud-est', name: 'Comité technique — Cayenne Sud-Est', circonscription: 'Cayenne Sud-Est', seats: 4 },
        { key: 'comite-technique-remire-montjoly', name: 'Comité technique — Rémire-Montjoly', circonscription: 'Rémire-Montjoly', seats: 4 },
      ]);
    });

    it('keeps filled and empty seats: one of the two conseillers pédagogiques places is vacant', async () => {
      const [row] = await t.dataSource.query(
        `SELECT s.count, count(m.id)::int AS held FROM seats s JOIN committees c ON c.id = s.committee_id
         LEFT JOIN memberships m ON m.seat_id = s.id WHERE c.key = 'copil' AND s.key = 'conseillers-pedagogiques'
         AND c.convention_id = (SELECT id FROM conventions WHERE reference = 'guyane-remire-montjoly-2015') GROUP BY s.id`,
      );
      expect(row).toEqual({ count: 2, held: 1 });
    });
  });

  describe('Grenoble, Crêts en Belledonne (2016)', () => {
    it('has a local steering committee for its school, convened by the director 8 days ahead once a term (article 4.1)', async () => {
      const local = committeeOf(await definitionOf('grenoble-crets-en-belledonne-2016'), 'copil-local');
      expect(local).toMatchObject({
        article: '4.1',
        scope: 'school',
        frequency: { minimum: 1, period: 'quarter', calendar: 'school' },
        notice: { days: 8, dayKind: 'calendar' },
        quorum: { kind: 'none' },
        guests: { allowed: true },
        conveners: [{ party: 'academie', seat: 'directeur', label: "le directeur d'école" }],
      });
      expect(local.seats.map((s: any) => [s.key, s.party])).toEqual([
        ['directeur', 'academie'],
        ['collectivite', 'commune'],
        ['ien', 'academie'],
        ['parent', null],
      ]);
      const [instance] = await t.dataSource.query(
        `SELECT c.key, c.name, s.uai FROM committees c JOIN schools s ON s.id = c.school_id WHERE c.definition_key = 'copil-local'`,
      );
      expect(instance).toEqual({ key: 'copil-local-0382460t', name: 'Comité de pilotage local — École élémentaire', uai: '0382460T' });
    });

    it('has a departmental steering committee twice a year, convened by the DASEN 15 days ahead (article 4.2)', async () => {
      const departmental = committeeOf(await definitionOf('grenoble-crets-en-belledonne-2016'), 'copil-departemental');
      expect(departmental).toMatchObject({
        article: '4.2',
        frequency: { minimum: 2, period: 'year' },
        notice: { days: 15 },
        quorum: { kind: 'each_party' },
        conveners: [{ party: 'academie', seat: 'dasen' }],
      });
      const counts = Object.fromEntries(departmental.seats.map((s: any) => [s.key, s.count]));
      expect(counts).toMatchObject({ dasen: 1, dan: 1, 'ien-numerique': 1, principal: 1, directeur: 1, 'referent-numerique': 1, collectivites: 3, parents: 2 });
      expect(departmental.seats.find((s: any) => s.key === 'parents').party).toBeNull();
    });
  });

  describe('La Réunion, Saint-Denis (2017)', () => {
    it('has a co-chaired steering committee meeting at least once a year (article 8-1)', async () => {
      const copil = committeeOf(await definitionOf('reunion-saint-denis-2017'), 'copil');
      expect(copil).toMatchObject({
        article: '8-1',
        chairs: ['maire', 'ia-daasen'],
        frequency: { minimum: 1, period: 'year', calendar: 'school' },
        notice: { days: 0 },
        quorum: { kind: 'none' },
        reports: [{ kind: 'annual_review', period: 'year' }],
        conveners: [
          { party: 'ville', seat: 'maire' },
          { party: 'academie', seat: 'ia-daasen' },
        ],
      });
      expect(copil.seats.filter((s: any) => s.party === 'ville')).toHaveLength(5);
      expect(copil.seats.find((s: any) => s.key === 'ien-circonscriptions')).toMatchObject({ count: 4, mayBeRepresented: true });
    });

    it('has a technical committee whose members the steering committee designates, meeting as needed (article 8-2)', async () => {
      const technical = committeeOf(await definitionOf('reunion-saint-denis-2017'), 'comite-technique');
      expect(technical).toMatchObject({
        article: '8-2',
        membersDesignatedBy: 'copil',
        frequency: { minimum: 0 },
        conveners: [
          { party: 'academie', seat: 'referent-academique' },
          { party: 'ville', seat: 'representant-ville' },
        ],
      });
    });
  });

  it('gives Amiens one committee of both parties meeting twice a year', async () => {
    const definition = await definitionOf('amiens-somme-numerique-2013');
    expect(definition.committees).toHaveLength(1);
    const [committee] = definition.committees;
    expect(committee).toMatchObject({
      frequency: { minimum: 2, period: 'year', calendar: 'civil' },
      notice: { days: 0 },
      quorum: { kind: 'none' },
      conveners: [
        { party: 'somme-numerique', seat: 'chef-de-projet' },
        { party: 'crdp', seat: 'directeur-crdp' },
      ],
    });
    expect(new Set(committee.seats.map((s: any) => s.party))).toEqual(new Set(['somme-numerique', 'crdp']));
  });

  it('gives Montpellier no committee and a school added by amendment', async () => {
    const definition = await definitionOf('montpellier-ent-ecole-2020');
    expect(definition).toMatchObject({ endsOn: '2021-10-31', committees: [] });
    const rows = await t.dataSource.query(
      `SELECT s.uai, a.reference FROM convention_schools cs JOIN schools s ON s.id = cs.school_id LEFT JOIN amendments a ON a.id = cs.amendment_id
       WHERE cs.convention_id = (SELECT id FROM conventions WHERE reference = 'montpellier-ent-ecole-2020') ORDER BY s.uai`,
    );
    expect(rows).toEqual([
      { uai: '0341301E', reference: null },
      { uai: '0341744L', reference: 'avenant-1' },
    ]);
  });

  it('round-trips: every exported definition, in JSON or in YAML, imports without any change', async () => {
    const before = await rowVersions();
    recorder.events = [];
    for (const reference of REFERENCES) {
      const json = await definitionOf(reference);
      const viaJson = await t.http().put(`/conventions/${reference}/definition`).send(json).expect(200);
      expect(viaJson.body.changed).toBe(false);
      const yaml = await t.http().get(`/conventions/${reference}/definition`).set('Accept', 'application/yaml').expect(200).expect('Content-Type', /yaml/);
      expect(parse(yaml.text)).toEqual(json);
      const viaYaml = await importYaml(yaml.text).expect(200);
      expect(viaYaml.body.changed).toBe(false);
    }
    expect(recorder.events).toEqual([]);
    expect(await rowVersions()).toEqual(before);
  });

  it('refuses to create a convention that exists, and a replacement sent to another reference', async () => {
    const json = await definitionOf('amiens-somme-numerique-2013');
    const conflict = await t.http().post('/conventions').send(json).expect(409);
    expect(conflict.body.code).toBe('convention_exists');
    const mismatch = await t.http().put('/conventions/another-reference/definition').send(json).expect(400);
    expect(mismatch.body).toMatchObject({ code: 'validation_failed', fields: [{ path: 'reference', code: 'inconsistent', message: expect.stringContaining('another-reference') }] });
  });

  it('creates with POST /conventions and answers 404 for the definition of an unknown convention', async () => {
    const json = await definitionOf('amiens-somme-numerique-2013');
    const created = await t.http().post('/conventions').send({ ...json, reference: 'amiens-copie', people: [], committees: [] }).expect(201);
    expect(created.body).toMatchObject({ reference: 'amiens-copie', created: true, conventionId: expect.any(String) });
    await t.http().get('/conventions/nowhere-2000/definition').expect(404);
  });

  it('removes a committee the file no longer lists, with its seats and memberships, and updates what changed', async () => {
    const definition = await definitionOf('guyane-remire-montjoly-2015');
    const copil = committeeOf(definition, 'copil');
    const edited = {
      ...definition,
      title: `${definition.title} (modifiée)`,
      committees: [{ ...copil, prerequisites: [], notice: { ...copil.notice, days: 21 } }],
    };
    const refused = await t.http().put('/conventions/guyane-remire-montjoly-2015/definition').send(edited).expect(409);
    expect(refused.body.code).toBe('removals_need_confirmation');
    expect(refused.body.removals.filter((row: { kind: string }) => row.kind === 'committees').map((row: { key: string }) => row.key).sort()).toEqual([
      'comite-technique-cayenne-sud-est',
      'comite-technique-remire-montjoly',
    ]);
    const res = await t.http().put('/conventions/guyane-remire-montjoly-2015/definition').query({ confirmRemovals: 'true' }).send(edited).expect(200);
    expect(res.body.report.conventions).toEqual({ created: 0, updated: 1, deleted: 0, unchanged: 0 });
    expect(res.body.report.committees).toEqual({ created: 0, updated: 1, deleted: 2, unchanged: 0 });
    expect(res.body.report.seats.deleted).toBe(8);
    expect(res.body.report.memberships.deleted).toBe(6);
    const keys = await t.dataSource.query(
      `SELECT key, notice_days FROM committees WHERE convention_id = (SELECT id FROM conventions WHERE reference = 'guyane-remire-montjoly-2015')`,
    );
    expect(keys).toEqual([{ key: 'copil', notice_days: 21 }]);
    const [{ version }] = await t.dataSource.query(`SELECT version FROM conventions WHERE reference = 'guyane-remire-montjoly-2015'`);
    expect(version).toBe(2);
  });

  it('refuses to drop a committee that has meetings, and rolls back everything the file changed before', async () => {
    const definition = await definitionOf('grenoble-crets-en-belledonne-2016');
    const local = definition.committees.find((c) => c.scope === 'school')!;
    const [committee] = await t.dataSource.query(
      `SELECT id FROM committees WHERE definition_key = $1 AND convention_id = (SELECT id FROM conventions WHERE reference = 'grenoble-crets-en-belledonne-2016')`,
      [local.key],
    );
    await t.dataSource.query(
      `INSERT INTO meetings (committee_id, starts_at, ends_at, ical_uid, version) VALUES ($1, '2016-12-05T13:00:00Z', '2016-12-05T15:00:00Z', 'kept@copil', 1)`,
      [committee.id],
    );
    const before = await rowVersions();
    const res = await t.http()
      .put('/conventions/grenoble-crets-en-belledonne-2016/definition')
      .query({ confirmRemovals: 'true' })
      .send({ ...definition, title: 'Titre modifié', committees: definition.committees.filter((c) => c !== local) })
      .expect(409);
    expect(res.body).toMatchObject({ code: 'committee_has_meetings', committees: [{ key: expect.stringContaining(local.key), meetings: 1 }] });
    expect(await rowVersions()).toEqual(before);
    expect((await definitionOf('grenoble-crets-en-belledonne-2016')).title).toBe(definition.title);
    await t.dataSource.query(`DELETE FROM meetings WHERE ical_uid = 'kept@copil'`);
  });

  it('leaves memberships alone for a committee listed without members, and manages them when members are listed', async () => {
    const definition = await definitionOf('amiens-somme-numerique-2013');
    const [committee] = definition.committees;
    const { members, ...withoutMembers } = committee;
    const untouched = await t.http().post('/conventions/import').send({ ...definition, committees: [withoutMembers] }).expect(200);
    expect(untouched.body.changed).toBe(false);
    expect(untouched.body.report.memberships).toEqual({ created: 0, updated: 0, deleted: 0, unchanged: members.length });
    const fewer = await t.http()
      .post('/conventions/import')
      .query({ confirmRemovals: 'true' })
      .send({ ...definition, committees: [{ ...committee, members: members.slice(1) }] })
      .expect(200);
    expect(fewer.body.report.memberships).toEqual({ created: 0, updated: 0, deleted: 1, unchanged: members.length - 1 });
  });

  it('keeps a school another convention covers when a file stops covering it, and drops one nobody mentions', async () => {
    const grenoble = await definitionOf('grenoble-crets-en-belledonne-2016');
    const school = grenoble.schools[0];
    const other = {
      ...(await definitionOf('montpellier-ent-ecole-2020')),
      reference: 'isere-autre-2016',
      amendments: [],
      schools: [school],
    };
    await t.http().post('/conventions').send(other).expect(201);
    const withoutSchool = {
      ...grenoble,
      schools: [],
      committees: grenoble.committees.filter((c) => c.scope !== 'school'),
    };
    const res = await t.http().put('/conventions/grenoble-crets-en-belledonne-2016/definition').query({ confirmRemovals: 'true' }).send(withoutSchool).expect(200);
    expect(res.body.report.coverage.deleted).toBe(1);
    expect(res.body.report.schools.deleted).toBe(0);
    expect(await t.dataSource.query(`SELECT uai FROM schools WHERE uai = '0382460T'`)).toHaveLength(1);

    const last = await t.http().put('/conventions/isere-autre-2016/definition').query({ confirmRemovals: 'true' }).send({ ...other, schools: [] }).expect(200);
    expect(last.body.report.schools.deleted).toBe(1);
    expect(await t.dataSource.query(`SELECT uai FROM schools WHERE uai = '0382460T'`)).toHaveLength(0);
  });

  it('serves the JSON Schema of definition files and describes the routes in the OpenAPI document', async () => {
    const schema = await t.http().get('/schemas/convention-definition.json').expect(200).expect('Content-Type', /schema\+json/);
    expect(schema.body).toMatchObject({ title: 'copil convention definition', additionalProperties: false, required: expect.arrayContaining(['reference', 'parties']) });
    const doc = (await t.http().get('/docs/openapi.json').expect(200)).body;
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/conventions', '/conventions/import', '/conventions/{reference}/definition', '/schemas/convention-definition.json']));
    expect(doc.paths['/conventions/import'].post.requestBody.content['application/yaml'].schema).toEqual({ $ref: '#/components/schemas/ConventionDefinition' });
  });
});
