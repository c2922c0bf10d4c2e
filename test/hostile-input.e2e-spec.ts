import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Committee } from '../src/committees/committee.entity';
import { buildMeeting } from './support/builders';
import { createTestApp, TestApp } from './support/test-app';

const AMIENS = readFileSync(join(__dirname, '..', 'examples', 'amiens-somme-numerique-2013.yaml'), 'utf8');

/** `{"a":{"a":…}}` nested `depth` deep. */
const deepJson = (depth: number) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);

/** A YAML file whose aliases expand to 9^9 strings: the "billion laughs". */
const BILLION_LAUGHS = [
  'reference: laughs',
  'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
  ...'bcdefghi'.split('').map((name, i) => `${name}: &${name} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(',')}]`),
].join('\n');

describe('hostile input: nothing reaches a parser or the database that could take the process down or answer 500', () => {
  let t: TestApp;
  let conventionId: string;
  let committeeId: string;
  let meetingId: string;

  beforeAll(async () => {
    t = await createTestApp();
    const imported = await t.http().post('/conventions/import').set('Content-Type', 'application/yaml').send(AMIENS).expect(201);
    conventionId = imported.body.conventionId;
    const committee = await t.dataSource.getRepository(Committee).findOneByOrFail({ conventionId });
    committeeId = committee.id;
    meetingId = (await buildMeeting(t.dataSource, committee, 'Europe/Paris', { on: '2014-03-10', state: 'scheduled' })).id;
  });
  afterAll(async () => t.close());

  describe('definition files', () => {
    const routes = () => [
      t.http().post('/conventions'),
      t.http().post('/conventions/import'),
      t.http().put('/conventions/laughs/definition'),
    ];

    it('refuses a YAML nested thousands deep by indentation, before parsing it, on every definition route', async () => {
      const indented = Array.from({ length: 1000 }, (_, depth) => `${' '.repeat(depth)}k:`).join('\n') + ' 1';
      for (const route of routes()) {
        const res = await route.set('Content-Type', 'application/yaml').send(indented).expect(400);
        expect(res.body).toMatchObject({ code: 'malformed_definition', message: 'The definition nests deeper than 64 levels' });
      }
    });

    it('refuses a YAML nested thousands deep by brackets or compact sequences', async () => {
      for (const text of ['reference: [' + '['.repeat(5000) + ']'.repeat(5001), '- '.repeat(3000) + 'x']) {
        const res = await t.http().post('/conventions/import').set('Content-Type', 'application/yaml').send(text).expect(400);
        expect(res.body).toMatchObject({ code: 'malformed_definition', maxDepth: 64 });
      }
    });

    it('refuses a billion-laughs YAML with 400 malformed_definition on every definition route', async () => {
      for (const route of routes()) {
        const res = await route.set('Content-Type', 'application/yaml').send(BILLION_LAUGHS).expect(400);
        expect(res.body).toMatchObject({ code: 'malformed_definition', maxAliasCount: 100 });
      }
    });

    it('still reads a reference definition, whose nesting is well within the bound', async () => {
      await t.http().post('/conventions/import').set('Content-Type', 'application/yaml').send(AMIENS).expect(200);
    });
  });

  describe('JSON bodies', () => {
    it('refuses JSON nested 5,000 deep with 400 malformed_body, on anonymous routes too', async () => {
      const anonymous = () => t.http().post('/auth/sign-in').set('Authorization', '');
      for (const request of [
        anonymous(),
        t.http().post('/auth/session').set('Authorization', ''),
        t.http().post('/answers/some-token').set('Authorization', ''),
        t.http().post('/people'),
        t.http().post('/conventions/import'),
      ]) {
        const res = await request.set('Content-Type', 'application/json').send(deepJson(5000)).expect(400);
        expect(res.body).toEqual({ statusCode: 400, code: 'malformed_body', message: 'The request body nests deeper than 64 levels' });
      }
    });

    it('does not count brackets inside strings as nesting', async () => {
      const res = await t.http().post('/people').send({ fullName: '['.repeat(150), email: 'crochets@example.fr' }).expect(201);
      expect(res.body.fullName).toBe('['.repeat(150));
    });

    it('refuses a body that is not valid UTF-8 rather than storing replacement characters', async () => {
      const bytes = Buffer.concat([Buffer.from('{"fullName":"Ren'), Buffer.from([0xe9]), Buffer.from('e Martin","email":"rene@example.fr"}')]);
      const res = await t.http().post('/people').set('Content-Type', 'application/json').serialize(() => bytes as never).send({}).expect(400);
      expect(res.body).toEqual({ statusCode: 400, code: 'malformed_body', message: 'The request body is not valid UTF-8' });
      expect(await t.dataSource.query(`SELECT 1 FROM people WHERE email = 'rene@example.fr'`)).toEqual([]);
    });

    it('refuses a YAML definition that is not valid UTF-8', async () => {
      const bytes = Buffer.concat([Buffer.from(`${AMIENS}\n# `), Buffer.from([0xff])]);
      const res = await t.http().post('/conventions/import').set('Content-Type', 'application/yaml').send(bytes).expect(400);
      expect(res.body.code).toBe('malformed_body');
    });
  });

  describe('control characters in what reaches an email', () => {
    const meeting = (overrides: Record<string, unknown>) => ({
      start: '2014-06-02T14:00',
      end: '2014-06-02T16:00',
      agenda: [{ title: 'Bilan des animations' }],
      ...overrides,
    });

    it.each([
      ['a CR', 'Comité\rde pilotage'],
      ['an LF', 'Comité\nde pilotage'],
      ['a NEL (U+0085)', 'Comité\u0085de pilotage'],
      ['a line separator (U+2028)', 'Comité\u2028de pilotage'],
      ['an escape character', 'Comité\u001b[31m'],
    ])('refuses %s in a meeting title, naming the field', async (_what, title) => {
      const res = await t.http().post(`/committees/${committeeId}/meetings`).send(meeting({ title })).expect(400);
      expect(res.body.fields).toEqual([{ path: 'title', code: 'forbidden_character', message: expect.stringMatching(/^must be a single line/) }]);
    });

    it('refuses a line break in a place or an agenda title, and a control character other than LF in an agenda description', async () => {
      const res = await t.http()
        .post(`/committees/${committeeId}/meetings`)
        .send(meeting({ location: 'Salle 1\r\nBâtiment B', agenda: [{ title: 'Bilan\rdes animations', description: 'Premier point\u2029second' }] }))
        .expect(400);
      expect(res.body.fields).toEqual([
        { path: 'location', code: 'forbidden_character', message: expect.any(String) },
        { path: 'agenda[0].title', code: 'forbidden_character', message: expect.any(String) },
        { path: 'agenda[0].description', code: 'forbidden_character', message: 'must not contain the control character U+2029 (line breaks are LF)' },
      ]);
    });

    it('refuses a line break or a control character in the names and titles of a definition file, naming each field, and changes nothing', async () => {
      const hostile = AMIENS.replace(/^title: .*$/m, 'title: "Convention\\u001b[31m Somme numérique"').replace(
        'name: Syndicat mixte Somme numérique',
        'name: "Syndicat mixte\\r\\nSomme numérique"',
      );
      const before = await t.dataSource.query(`SELECT title FROM conventions WHERE reference = 'amiens-somme-numerique-2013'`);
      for (const route of ['/conventions/import', '/conventions/import?dryRun=true']) {
        const res = await t.http().post(route).set('Content-Type', 'application/yaml').send(hostile).expect(400);
        expect(res.body.fields).toEqual([
          { path: 'title', code: 'forbidden_character', message: 'must be a single line without control characters, found U+001B' },
          { path: 'parties[0].name', code: 'forbidden_character', message: 'must be a single line without control characters, found U+000A' },
        ]);
      }
      expect(await t.dataSource.query(`SELECT title FROM conventions WHERE reference = 'amiens-somme-numerique-2013'`)).toEqual(before);
    });

    it("stores a definition's description written with Windows line breaks as LF lines", async () => {
      const windows = AMIENS.replace(/^description: >-\n( {2}.*\n)+/m, 'description: "Premier alinéa.\\r\\nSecond alinéa.\\rFin."\n');
      expect(windows).not.toBe(AMIENS);
      await t.http().post('/conventions/import').set('Content-Type', 'application/yaml').send(windows).expect(200);
      expect(await t.dataSource.query(`SELECT description FROM conventions WHERE reference = 'amiens-somme-numerique-2013'`)).toEqual([
        { description: 'Premier alinéa.\nSecond alinéa.\nFin.' },
      ]);
      await t.http().post('/conventions/import').set('Content-Type', 'application/yaml').send(AMIENS).expect(200);
    });

    it('refuses a line break in a person\'s name, which goes into email headers', async () => {
      const res = await t.http().post('/people').send({ fullName: 'Anne\rMartin', email: 'anne.cr@example.fr' }).expect(400);
      expect(res.body.fields).toEqual([{ path: 'fullName', code: 'forbidden_character', message: expect.any(String) }]);
    });
  });

  describe('numbers and dates at the edge of their types', () => {
    it.each(['1e300', '1000000000000000000', '1.5', '-1'])('refuses audit page %s with 400 on the three audit routes', async (page) => {
      for (const path of [`/conventions/${conventionId}/audit`, `/committees/${committeeId}/audit`, `/meetings/${meetingId}/audit`]) {
        const res = await t.http().get(`${path}?page=${page}`).expect(400);
        expect(res.body.fields).toEqual([{ path: 'page', code: expect.stringMatching(/^(too_large|too_small|not_an_integer)$/), message: expect.any(String) }]);
      }
    });

    it('still serves the last page number allowed', async () => {
      const res = await t.http().get(`/conventions/${conventionId}/audit?page=1000000`).expect(200);
      expect(res.body).toMatchObject({ items: [], page: 1_000_000 });
    });

    it('lists meetings up to the last day of the calendar', async () => {
      const res = await t.http().get(`/committees/${committeeId}/meetings?from=0001-01-01&to=9999-12-31`).expect(200);
      expect(res.body.map((m: { id: string }) => m.id)).toEqual([meetingId]);
    });
  });
});
