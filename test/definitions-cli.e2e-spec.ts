import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../src/cli';
import { conventionDefinitionSchemaText } from '../src/definitions/definition-schema';
import { createTestApp, TestApp } from './support/test-app';

const ROOT = join(__dirname, '..');
const EXAMPLES = join(ROOT, 'examples');

describe('copil command line', () => {
  let t: TestApp;
  let dir: string;

  beforeAll(async () => {
    t = await createTestApp();
    dir = mkdtempSync(join(tmpdir(), 'copil-definitions-'));
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await t.close();
  });

  async function run(...args: string[]) {
    let out = '';
    let err = '';
    const code = await runCli(args, { out: (text) => (out += text), err: (text) => (err += text), config: () => t.config });
    return { code, out, err };
  }

  const conventions = async () => (await t.dataSource.query(`SELECT reference FROM conventions ORDER BY reference`)).map((r: { reference: string }) => r.reference);
  const badFile = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  it('imports the good files, reports each bad one field by field, and exits 1', async () => {
    const grenoble = join(EXAMPLES, 'grenoble-crets-en-belledonne-2016.yaml');
    const amiens = join(EXAMPLES, 'amiens-somme-numerique-2013.yaml');
    const wrongUai = badFile('wrong-uai.yaml', readFileSync(join(EXAMPLES, 'montpellier-ent-ecole-2020.yaml'), 'utf8').replace('uai: 0341301E', 'uai: 0341301A'));
    const peopleBefore = (await t.dataSource.query(`SELECT count(*)::int AS n FROM people`))[0].n;

    const result = await run('import', grenoble, wrongUai, amiens);

    expect(result.code).toBe(1);
    expect(result.out.split('\n')).toEqual([
      expect.stringMatching(new RegExp(`^${grenoble}: grenoble-crets-en-belledonne-2016 created \\(conventions: 1 created; .*committees: 2 created`)),
      expect.stringMatching(new RegExp(`^${amiens}: amiens-somme-numerique-2013 created \\(`)),
      '',
    ]);
    expect(result.err).toBe(`${wrongUai}: schools[0].uai: has check letter A but 0341301 requires E (0341301E)\n`);
    expect(await conventions()).toEqual(['amiens-somme-numerique-2013', 'grenoble-crets-en-belledonne-2016']);
    expect((await t.dataSource.query(`SELECT count(*)::int AS n FROM people`))[0].n).toBeGreaterThan(peopleBefore);
  });

  it('records what an import changed in the audit trail, authored by the import command', async () => {
    const authors = await t.dataSource.query(
      `SELECT DISTINCT actor_kind, actor_label FROM audit_entries
        WHERE convention_id = (SELECT id FROM conventions WHERE reference = 'grenoble-crets-en-belledonne-2016')`,
    );
    expect(authors).toEqual([{ actor_kind: 'cli', actor_label: 'import cli' }]);
  });

  it('says a file imported again is unchanged', async () => {
    const amiens = join(EXAMPLES, 'amiens-somme-numerique-2013.yaml');
    expect(await run('import', amiens)).toEqual({ code: 0, out: `${amiens}: amiens-somme-numerique-2013 unchanged\n`, err: '' });
  });

  it('names the line and column of a YAML syntax error', async () => {
    const file = badFile('broken.yaml', 'reference: broken\ntitle: [unclosed\n');
    const result = await run('import', file);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(new RegExp(`^${file}: line \\d+, column \\d+: .+\\n$`));
  });

  it('reports an unknown field and a value of the wrong type with their paths', async () => {
    const text = readFileSync(join(EXAMPLES, 'reunion-saint-denis-2017.yaml'), 'utf8')
      .replace('durationMonths: 48', 'durationMonths: "48"')
      .replace('tacitRenewal: false', 'tacitRenewal: false\nrenewal: never');
    const file = badFile('typed.yaml', text);
    const result = await run('import', file);
    expect(result.code).toBe(1);
    expect(result.err.split('\n').filter(Boolean).sort()).toEqual([`${file}: durationMonths: must be an integer number`, `${file}: renewal: is not a known field`]);
    expect(await conventions()).not.toContain('reunion-saint-denis-2017');
  });

  it('reports a file it cannot read', async () => {
    const result = await run('import', join(dir, 'missing.yaml'));
    expect(result.code).toBe(1);
    expect(result.err).toContain('missing.yaml: cannot read');
  });

  it('prints the JSON Schema, and misuse exits 2 with the usage', async () => {
    expect(await run('schema')).toEqual({ code: 0, out: conventionDefinitionSchemaText(), err: '' });
    const misuse = await run('export');
    expect(misuse.code).toBe(2);
    expect(misuse.err).toContain('usage: copil');
    expect((await run('import')).code).toBe(2);
  });

  it('makes an administrator from the command line and prints a token the API accepts', async () => {
    const result = await run('admin', 'Premiere.Admin@ac-grenoble.example.fr');
    expect(result.code).toBe(0);
    const token = result.out.trim().split('\n').pop()!;
    expect(token).toMatch(/^copil_/);
    const me = await t.http().get('/auth/me').set('Authorization', `Bearer ${token}`).expect(200);
    expect(me.body.person.email).toBe('premiere.admin@ac-grenoble.example.fr');
    await t.http().get('/accounts').set('Authorization', `Bearer ${token}`).expect(200);
    expect(await run('admin')).toMatchObject({ code: 2 });
  });

  it('finds no pending migration on a migrated database', async () => {
    expect(await run('migrate')).toEqual({ code: 0, out: 'no pending migration\n', err: '' });
  });

  const spawnCli = (env: Record<string, string>, ...args: string[]) =>
    spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/cli.ts', ...args], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: t.database.url, ...env },
      encoding: 'utf8',
      timeout: 60000,
    });

  it('runs as a process: a bad file prints "file: path: reason" on stderr and exits 1; logs go to stderr too, at the level LOG_LEVEL names', () => {
    const file = badFile('wrong-zone.yaml', readFileSync(join(EXAMPLES, 'amiens-somme-numerique-2013.yaml'), 'utf8').replace('timeZone: Europe/Paris', 'timeZone: Europe/Amiens'));
    const reason = `${file}: timeZone: must be an IANA time zone such as Europe/Paris, America/Cayenne or Indian/Reunion, got "Europe/Amiens"\n`;
    // A Redis that refuses connections: the import's queue connection reports it, at debug level.
    const quiet = spawnCli({ LOG_LEVEL: 'error', REDIS_URL: 'redis://127.0.0.1:1' }, 'import', file);
    expect({ status: quiet.status, stdout: quiet.stdout, stderr: quiet.stderr }).toEqual({ status: 1, stdout: '', stderr: reason });

    const verbose = spawnCli({ LOG_LEVEL: 'debug', REDIS_URL: 'redis://127.0.0.1:1' }, 'import', file);
    expect(verbose.status).toBe(1);
    expect(verbose.stdout).toBe('');
    expect(verbose.stderr).toContain(reason);
    expect(verbose.stderr).toMatch(/\[OutboxQueue\].*Redis: connect ECONNREFUSED/);
  });
});
