import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTestApp, TestApp } from './support/test-app';

const example = (reference: string) => readFileSync(join(__dirname, '..', 'examples', `${reference}.yaml`), 'utf8');

/** The example with one line replaced: the test reads as the fault it introduces. */
function withLine(reference: string, from: string | RegExp, to: string): string {
  const text = example(reference);
  const changed = text.replace(from, to);
  if (changed === text) throw new Error(`${from} is not in ${reference}.yaml`);
  return changed;
}

const TABLES = ['conventions', 'parties', 'schools', 'amendments', 'convention_schools', 'committees', 'seats', 'people', 'memberships'];

describe('convention definitions with faults', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await t.http().post('/conventions/import').set('Content-Type', 'application/yaml').send(example('amiens-somme-numerique-2013')).expect(201);
  });
  afterAll(async () => t.close());

  const rowCounts = async () => {
    const counts: Record<string, number> = {};
    for (const table of TABLES) counts[table] = (await t.dataSource.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n;
    return counts;
  };

  /** Sends the file, expects a 400, and checks that not a row changed. */
  async function refused(text: string, contentType = 'application/yaml') {
    const before = await rowCounts();
    const res = await t.http().post('/conventions/import').set('Content-Type', contentType).send(text).expect(400);
    expect(await rowCounts()).toEqual(before);
    return res.body;
  }

  it('refuses a UAI with a wrong check letter, saying which letter was expected', async () => {
    const body = await refused(withLine('grenoble-crets-en-belledonne-2016', 'uai: 0382460T', 'uai: 0382460A'));
    expect(body.code).toBe('validation_failed');
    expect(body.fields).toEqual([{ path: 'schools[0].uai', code: 'not_a_uai', message: 'has check letter A but 0382460 requires T (0382460T)' }]);
  });

  it('refuses an unknown time zone', async () => {
    const body = await refused(withLine('reunion-saint-denis-2017', 'timeZone: Indian/Reunion', 'timeZone: Indian/Reunionn'));
    expect(body.fields).toEqual([{ path: 'timeZone', code: 'not_a_time_zone', message: expect.stringContaining('IANA time zone') }]);
    expect(body.fields[0].message).toContain('"Indian/Reunionn"');
  });

  it('refuses a seat for a party that is not in the convention, and lists the parties', async () => {
    const body = await refused(withLine('guyane-remire-montjoly-2015', '{ key: elu, party: commune,', '{ key: elu, party: ville,'));
    expect(body.fields).toEqual([
      { path: 'committees[0].seats[0].party', code: 'unknown_reference', message: expect.stringContaining('"ville" is not a party of this convention; parties are academie, commune') },
    ]);
  });

  it('refuses a YAML syntax error and names its line and column', async () => {
    const body = await refused(withLine('amiens-somme-numerique-2013', 'tacitRenewal: false', 'tacitRenewal: [false'));
    expect(body).toMatchObject({ code: 'malformed_definition', line: expect.any(Number), column: expect.any(Number) });
    expect(body.message).toMatch(/^YAML syntax error at line \d+, column \d+: /);
  });

  it('refuses a key given twice in YAML', async () => {
    const body = await refused(withLine('amiens-somme-numerique-2013', 'tacitRenewal: false', 'tacitRenewal: false\ntacitRenewal: true'));
    const line = example('amiens-somme-numerique-2013').split('\n').findIndex((l) => l.startsWith('tacitRenewal')) + 2;
    expect(body).toMatchObject({ code: 'malformed_definition', line, column: 1 });
  });

  it('refuses a field the format does not know, where it stands', async () => {
    const body = await refused(withLine('amiens-somme-numerique-2013', '    kind: steering', '    kind: steering\n    colour: blue'));
    expect(body.fields).toEqual([{ path: 'committees[0].colour', code: 'unknown_field', message: 'is not a known field' }]);
  });

  it('refuses a value of the wrong type', async () => {
    const body = await refused(withLine('amiens-somme-numerique-2013', 'durationMonths: 36', 'durationMonths: trois ans'));
    expect(body.fields).toEqual(expect.arrayContaining([{ path: 'durationMonths', code: 'not_an_integer', message: 'must be an integer number' }]));
  });

  it('refuses a date that does not exist', async () => {
    const body = await refused(withLine('amiens-somme-numerique-2013', 'signedOn: 2013-10-16', 'signedOn: 2013-02-30'));
    expect(body.fields).toEqual([{ path: 'signedOn', code: 'not_a_date', message: 'must be an existing date written YYYY-MM-DD, got "2013-02-30"' }]);
  });

  it('reports every fault of a file at once', async () => {
    const text = withLine('grenoble-crets-en-belledonne-2016', 'uai: 0382460T', 'uai: 0382460A').replace('timeZone: Europe/Paris', 'timeZone: Paris');
    const body = await refused(text);
    expect(body.fields.map((f: { path: string }) => f.path).sort()).toEqual(['schools[0].uai', 'timeZone']);
  });

  it('reports every rule broken across fields at once', async () => {
    const text = withLine('reunion-saint-denis-2017', 'chairs: [maire, ia-daasen]', 'chairs: [maire, recteur]')
      .replace('membersDesignatedBy: copil', 'membersDesignatedBy: comite-local')
      .replace('durationMonths: 48', 'durationMonths: 48\nendsOn: 2021-12-10');
    const body = await refused(text);
    expect(body.fields).toEqual(
      expect.arrayContaining([
        { path: 'endsOn', code: 'inconsistent', message: 'give either durationMonths or endsOn, not both' },
        { path: 'committees[0].chairs[1]', code: 'unknown_reference', message: expect.stringContaining('"recteur" is not a seat of this committee') },
        { path: 'committees[1].membersDesignatedBy', code: 'unknown_reference', message: expect.stringContaining('must name another committee') },
      ]),
    );
  });

  it('refuses a member on a seat already full for overlapping dates', async () => {
    const text = withLine(
      'amiens-somme-numerique-2013',
      '      - { seat: animations-crdp, person: nicolas.lefevre@crdp-amiens.example.fr, startsOn: 2013-10-16 }',
      '      - { seat: animations-crdp, person: nicolas.lefevre@crdp-amiens.example.fr, startsOn: 2013-10-16 }\n      - { seat: animations-crdp, person: catherine.leroy@crdp-amiens.example.fr, startsOn: 2014-01-06 }',
    );
    const body = await refused(text);
    expect(body.fields).toEqual([
      { path: 'committees[0].members[3].seat', code: 'too_many', message: 'seat "animations-crdp" holds 1 person, but 2 members hold it on 2014-01-06 (members[2], members[3])' },
    ]);
  });

  it('refuses a JSON body with faults the same way', async () => {
    const definition = (await t.http().get('/conventions/amiens-somme-numerique-2013/definition').expect(200)).body;
    const body = await refused(JSON.stringify({ ...definition, timeZone: 'UTC+1', parties: 'both' }), 'application/json');
    expect(body.fields).toEqual(
      expect.arrayContaining([
        { path: 'timeZone', code: 'not_a_time_zone', message: expect.stringContaining('IANA') },
        { path: 'parties', code: 'not_a_list', message: 'must be an array' },
      ]),
    );
  });

  it('refuses a body that is not a mapping', async () => {
    const body = await refused('- just\n- a list\n');
    expect(body.fields).toEqual([{ path: '(document)', code: 'not_an_object', message: expect.stringContaining('must be a mapping') }]);
  });
});
