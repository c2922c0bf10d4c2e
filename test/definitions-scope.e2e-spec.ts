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
