import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../src/cli';
import { createTestApp, TestApp } from './support/test-app';
import { asAdmin, AuthHeaders, headersFor } from './support/auth-helpers';

interface Member {
  seat: 'elu' | 'ien';
  person: string;
  startsOn?: string;
  endsOn?: string | null;
}

interface DefinitionParts {
  people?: Array<{ email: string; fullName: string; title?: string }>;
  schools?: Array<{ uai: string; name: string }>;
  members?: Member[];
}

/** A small convention of two parties and one committee, written as a definition file would be. */
function aDefinition(reference: string, parts: DefinitionParts = {}): Record<string, unknown> {
  return {
    reference,
    title: `Convention ${reference}`,
    timeZone: 'Europe/Paris',
    holidays: { country: 'FR' },
    signedOn: '2024-09-02',
    durationMonths: 36,
    parties: [
      { key: 'academie', kind: 'academie', name: 'Académie de Grenoble' },
      { key: 'commune', kind: 'commune', name: 'Commune de Crêts en Belledonne' },
    ],
    schools: (parts.schools ?? []).map((school) => ({ ...school, type: 'ecole_elementaire', commune: 'Crêts en Belledonne' })),
    people: parts.people ?? [],
    committees: [
      {
        key: 'copil',
        kind: 'steering',
        name: 'Comité de pilotage',
        scope: 'convention',
        seats: [
          { key: 'elu', party: 'commune', role: 'un élu', count: 3 },
          { key: 'ien', party: 'academie', role: "l'IEN de circonscription", count: 3 },
        ],
        conveners: [{ party: 'academie', label: "l'académie" }],
        frequency: { minimum: 1, period: 'year' },
        members: (parts.members ?? []).map((member) => ({ startsOn: '2024-09-02', ...member })),
      },
    ],
  };
}

describe("a definition changes only what its importer's conventions use", () => {
  let t: TestApp;
  let admin: AuthHeaders;
  let secretariatOfA: AuthHeaders;
  let conventionA: string;
  let conventionB: string;

  const ownOfA = { email: 'claire.own@ac-grenoble.example.fr', fullName: 'Claire Martin' };
  const ofB = { email: 'marc.of-b@ac-grenoble.example.fr', fullName: 'Marc Durand' };
  const schoolOfB = { uai: '0382460T', name: 'École élémentaire du Bourg' };
  const put = (headers: AuthHeaders, reference: string, body: object) => t.http().put(`/conventions/${reference}/definition`).set(headers).send(body);

  beforeAll(async () => {
    t = await createTestApp({ auth: true });
    admin = await asAdmin(t);
    conventionA = (await put(admin, 'scope-a-2024', aDefinition('scope-a-2024', { people: [ownOfA], members: [{ seat: 'elu', person: ownOfA.email }] })).expect(201)).body.conventionId;
    conventionB = (
      await put(admin, 'scope-b-2024', aDefinition('scope-b-2024', { people: [ofB], schools: [schoolOfB], members: [{ seat: 'ien', person: ofB.email }] })).expect(201)
    ).body.conventionId;
    secretariatOfA = await headersFor(t, 'secretariat.a@ac-grenoble.example.fr', [{ role: 'secretariat', conventionId: conventionA }]);
  });
  afterAll(async () => t.close());

  const personNamed = async (email: string) => (await t.dataSource.query('SELECT full_name FROM people WHERE email = $1', [email]))[0]?.full_name;
  const schoolNamed = async (uai: string) => (await t.dataSource.query('SELECT name FROM schools WHERE uai = $1', [uai]))[0]?.name;

  it("leaves another convention's person and school as they are, says so with their paths, and still seats the person", async () => {
    const definition = aDefinition('scope-a-2024', {
      people: [
        { ...ownOfA, title: 'Élue aux affaires scolaires' },
        { ...ofB, fullName: 'Renommé par A' },
        { email: 'nouveau.a@ac-grenoble.example.fr', fullName: 'Nouvelle Personne' },
      ],
      schools: [{ ...schoolOfB, name: 'Renommée par A' }, { uai: '0380002W', name: 'Collège neuf' }],
      members: [
        { seat: 'elu', person: ownOfA.email },
        { seat: 'ien', person: ofB.email },
        { seat: 'ien', person: 'nouveau.a@ac-grenoble.example.fr' },
      ],
    });
    const res = await put(secretariatOfA, 'scope-a-2024', definition).expect(200);

    expect(res.body.untouched).toEqual([
      expect.objectContaining({ path: 'people[1]', kind: 'people', key: ofB.email }),
      expect.objectContaining({ path: 'schools[0]', kind: 'schools', key: schoolOfB.uai }),
    ]);
    expect(await personNamed(ofB.email)).toBe(ofB.fullName);
    expect(await schoolNamed(schoolOfB.uai)).toBe(schoolOfB.name);
    // What A alone uses, and what is new, the file does change or create.
    const [own] = await t.dataSource.query('SELECT title FROM people WHERE email = $1', [ownOfA.email]);
    expect(own.title).toBe('Élue aux affaires scolaires');
    expect(await personNamed('nouveau.a@ac-grenoble.example.fr')).toBe('Nouvelle Personne');
    expect(await schoolNamed('0380002W')).toBe('Collège neuf');
    expect(res.body.report.memberships).toMatchObject({ created: 2, unchanged: 1 });
  });

  it('lets an administrator change a shared person from any file', async () => {
    const definition = aDefinition('scope-b-2024', {
      people: [{ ...ofB, fullName: 'Marc Durand-Vial' }],
      schools: [schoolOfB],
      members: [{ seat: 'ien', person: ofB.email }],
    });
    const res = await put(admin, 'scope-b-2024', definition).expect(200);
    expect(res.body.untouched).toEqual([]);
    expect(await personNamed(ofB.email)).toBe('Marc Durand-Vial');
  });

  it("files the import's changes to people and schools under the convention imported", async () => {
    const entries: Array<{ entity_type: string; action: string; convention_id: string | null; key: string }> = await t.dataSource.query(
      `SELECT entity_type, action, convention_id, COALESCE(after->>'email', after->>'uai', after->>'fullName') AS key
         FROM audit_entries WHERE entity_type IN ('Person', 'School') ORDER BY id`,
    );
    const of = (key: string) => entries.filter((entry) => entry.key === key).map((entry) => [entry.action, entry.convention_id]);
    expect(of('nouveau.a@ac-grenoble.example.fr')).toEqual([['insert', conventionA]]);
    expect(of('0380002W')).toEqual([['insert', conventionA]]);
    expect(of(ofB.email)).toEqual([['insert', conventionB]]);
    expect(of('Marc Durand-Vial')).toEqual([['update', conventionB]]);
  });
});

describe('an import removes nothing it was not told to, and shows what it would remove', () => {
  let t: TestApp;
  let admin: AuthHeaders;
  const reference = 'removals-2024';
  const claire = { email: 'claire.elue@example.fr', fullName: 'Claire Martin' };
  const paul = { email: 'paul.ien@example.fr', fullName: 'Paul Bernard' };
  const file = aDefinition(reference, { people: [claire, paul], members: [{ seat: 'elu', person: claire.email }, { seat: 'ien', person: paul.email }] });
  const withoutPaul = aDefinition(reference, { people: [claire, paul], members: [{ seat: 'elu', person: claire.email }] });
  let addedThroughApi: string;

  beforeAll(async () => {
    t = await createTestApp({ auth: true });
    admin = await asAdmin(t);
    await t.http().put(`/conventions/${reference}/definition`).set(admin).send(file).expect(201);
    const [{ id: committeeId }] = await t.dataSource.query(`SELECT id FROM committees WHERE key = 'copil' AND convention_id = (SELECT id FROM conventions WHERE reference = $1)`, [reference]);
    const newcomer = (await t.http().post('/people').set(admin).send({ fullName: 'Nadia Benali', email: 'nadia.benali@example.fr' }).expect(201)).body;
    addedThroughApi = (
      await t.http().post(`/committees/${committeeId}/memberships`).set(admin).send({ seatKey: 'elu', personId: newcomer.id, startsOn: '2025-01-06' }).expect(201)
    ).body.id;
  });
  afterAll(async () => t.close());

  const put = (definition: object, query: Record<string, string> = {}) => t.http().put(`/conventions/${reference}/definition`).set(admin).query(query).send(definition);
  const members = async () =>
    (
      await t.dataSource.query(
        `SELECT p.email FROM memberships m JOIN people p ON p.id = m.person_id JOIN seats s ON s.id = m.seat_id JOIN committees c ON c.id = s.committee_id
          JOIN conventions v ON v.id = c.convention_id WHERE v.reference = $1 ORDER BY p.email`,
        [reference],
      )
    ).map((row: { email: string }) => row.email);
  const everyone = ['claire.elue@example.fr', 'nadia.benali@example.fr', 'paul.ien@example.fr'];

  it('keeps a member added through the API when the unchanged file is imported again, and says so', async () => {
    const res = await put(file).expect(200);
    expect(res.body.changed).toBe(false);
    expect(res.body.report.memberships).toEqual({ created: 0, updated: 0, deleted: 0, unchanged: 3 });
    expect(res.body.changes.removed).toEqual([]);
    expect(res.body.changes.kept).toEqual([
      { kind: 'memberships', key: 'copil/elu/nadia.benali@example.fr/2025-01-06', id: addedThroughApi, source: 'api', person: 'nadia.benali@example.fr' },
    ]);
    expect(await members()).toEqual(everyone);
  });

  it('refuses a file that drops a member it had listed, naming the removal, and changes nothing', async () => {
    const res = await put({ ...withoutPaul, title: 'Titre modifié' }).expect(409);
    expect(res.body.code).toBe('removals_need_confirmation');
    expect(res.body.removals).toEqual([expect.objectContaining({ kind: 'memberships', key: 'copil/ien/paul.ien@example.fr/2024-09-02', source: 'definition' })]);
    expect(await members()).toEqual(everyone);
    expect((await t.dataSource.query('SELECT title FROM conventions WHERE reference = $1', [reference]))[0].title).toBe(`Convention ${reference}`);
  });

  it('previews an import with dryRun: what it would create, change and remove, and writes nothing', async () => {
    const res = await put({ ...withoutPaul, title: 'Titre modifié' }, { dryRun: 'true' }).expect(200);
    expect(res.body.dryRun).toBe(true);
    expect(res.body.changes.updated).toEqual([expect.objectContaining({ kind: 'conventions', key: reference, fields: ['title'] })]);
    expect(res.body.changes.removed).toEqual([expect.objectContaining({ kind: 'memberships', key: 'copil/ien/paul.ien@example.fr/2024-09-02' })]);
    expect(res.body.changes.kept).toHaveLength(1);
    expect(await members()).toEqual(everyone);
    expect((await t.dataSource.query('SELECT title FROM conventions WHERE reference = $1', [reference]))[0].title).toBe(`Convention ${reference}`);
  });

  it('lists the members who go with a seat the file drops, those entered through the API too', async () => {
    const noElu = aDefinition(reference, { people: [claire, paul], members: [{ seat: 'ien', person: paul.email }] });
    const committees = noElu.committees as Array<{ seats: Array<{ key: string }> }>;
    committees[0].seats = committees[0].seats.filter((seat) => seat.key !== 'elu');
    const res = await put(noElu, { dryRun: 'true' }).expect(200);
    expect(res.body.changes.removed.map((row: { kind: string; key: string; source?: string }) => [row.kind, row.key, row.source ?? null]).sort()).toEqual([
      ['memberships', 'copil/elu/claire.elue@example.fr/2024-09-02', 'definition'],
      ['memberships', 'copil/elu/nadia.benali@example.fr/2025-01-06', 'api'],
      ['seats', 'copil/elu', null],
    ]);
  });

  it('removes what the file dropped once the removals are confirmed', async () => {
    const res = await put(withoutPaul, { confirmRemovals: 'true' }).expect(200);
    expect(res.body.report.memberships.deleted).toBe(1);
    expect(await members()).toEqual(['claire.elue@example.fr', 'nadia.benali@example.fr']);
  });

  it('on the command line, prints the removals and refuses them without --confirm-removals', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'copil-removals-'));
    try {
      const path = join(dir, 'convention.json');
      writeFileSync(path, JSON.stringify(aDefinition(reference, { people: [claire, paul], members: [] })));
      const run = async (...args: string[]) => {
        let out = '';
        let err = '';
        const code = await runCli(args, { out: (text) => (out += text), err: (text) => (err += text), config: () => t.config });
        return { code, out, err };
      };
      const refused = await run('import', path);
      expect(refused.code).toBe(1);
      expect(refused.err).toBe(
        `${path}: would remove memberships copil/elu/claire.elue@example.fr/2024-09-02\n` +
          `${path}: nothing imported: the file no longer lists 1 row(s); run again with --confirm-removals to remove them\n`,
      );
      expect(await members()).toEqual(['claire.elue@example.fr', 'nadia.benali@example.fr']);

      const confirmed = await run('import', '--confirm-removals', path);
      expect(confirmed.code).toBe(0);
      expect(confirmed.out).toContain(`${path}: removed memberships copil/elu/claire.elue@example.fr/2024-09-02\n`);
      expect(confirmed.out).toContain(`${path}: kept memberships copil/elu/nadia.benali@example.fr/2025-01-06 (entered through the API)`);
      expect(await members()).toEqual(['nadia.benali@example.fr']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses to take off an end date entered through the API, which would bring the member back', async () => {
    const withClaire = aDefinition(reference, { people: [claire, paul], members: [{ seat: 'elu', person: claire.email }] });
    await put(withClaire).expect(200);
    const [{ id }] = await t.dataSource.query('SELECT m.id FROM memberships m JOIN people p ON p.id = m.person_id WHERE p.email = $1', [claire.email]);
    await t.http().patch(`/memberships/${id}`).set(admin).send({ endsOn: '2025-06-30' }).expect(200);

    const res = await put(withClaire).expect(409);
    expect(res.body.removals).toEqual([
      expect.objectContaining({ kind: 'end_dates', key: 'copil/elu/claire.elue@example.fr/2024-09-02', id, endsOn: '2025-06-30' }),
    ]);
    expect((await t.dataSource.query('SELECT ends_on::text AS ends FROM memberships WHERE id = $1', [id]))[0].ends).toBe('2025-06-30');
    // Written in the file, the end is the file's too: nothing to confirm.
    await put(aDefinition(reference, { people: [claire, paul], members: [{ seat: 'elu', person: claire.email, endsOn: '2025-06-30' }] })).expect(200);
  });
});
