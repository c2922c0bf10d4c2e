import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTestApp, TestApp } from './support/test-app';
import { buildCommittee, buildConvention, buildMember, scheduleMeeting } from './support/builders';
import { Mismatch, OpenApiDocument, OpenApiValidator } from './support/openapi-validator';

const GRENOBLE = readFileSync(join(__dirname, '..', 'examples', 'grenoble-crets-en-belledonne-2016.yaml'), 'utf8');

/**
 * The published OpenAPI document is what clients are generated from: the answers of the routes
 * must be what it says, property for property.
 */
describe('the OpenAPI document matches the answers', () => {
  let t: TestApp;
  let validator: OpenApiValidator;
  /** Path parameters by the route's first segment and the parameter's name. */
  const values: Record<string, string> = {};
  const mismatches: Mismatch[] = [];

  const record = async (method: 'get' | 'post' | 'put' | 'patch', path: string, body?: unknown, contentType?: string) => {
    let call = t.http()[method](path);
    if (contentType) call = call.set('Content-Type', contentType);
    const res = body === undefined ? await call : await call.send(body as object);
    const mismatch = validator.check(method, path, res.status, res.headers['content-type'], res.body);
    if (mismatch) mismatches.push(mismatch);
    return res;
  };

  beforeAll(async () => {
    t = await createTestApp();
    validator = new OpenApiValidator((await t.http().get('/docs/openapi.json').expect(200)).body as OpenApiDocument);

    t.clock.set('2025-03-01T08:00:00Z');
    const grenoble = await record('post', '/conventions/import', GRENOBLE, 'application/yaml');
    expect(grenoble.status).toBe(201);
    const built = await buildConvention(t.dataSource, { timeZone: 'Europe/Paris', holidayCountry: 'FR', signedOn: '2025-01-06', durationMonths: 36, parties: { academie: 'academie', commune: 'commune' } });
    const committee = await buildCommittee(t.dataSource, built, {
      notice: { days: 15, dayKind: 'calendar' },
      reports: [{ kind: 'annual_review', period: 'year', text: 'Un bilan annuel' }],
      seats: [
        { key: 'dasen', party: 'academie' },
        { key: 'elu', party: 'commune' },
      ],
    });
    const seats = committee.seats;
    const member = await buildMember(t.dataSource, seats.dasen, 'Claire Martin', { startsOn: '2025-01-06' });
    await buildMember(t.dataSource, seats.elu, 'Jean Petit', { startsOn: '2025-01-06' });
    const meetingId = await scheduleMeeting(t, committee.id, { start: '2025-04-15T09:00', end: '2025-04-15T11:00' });
    await record('post', `/meetings/${meetingId}/convene`, {});
    const [membership] = await t.dataSource.query(`SELECT id FROM memberships WHERE person_id = $1`, [member.id]);
    const [account] = await t.dataSource.query(`SELECT id FROM accounts LIMIT 1`);
    Object.assign(values, {
      'conventions:idOrReference': 'grenoble-crets-en-belledonne-2016',
      'conventions:reference': 'grenoble-crets-en-belledonne-2016',
      'conventions:id': built.id,
      'committees:id': committee.id,
      'meetings:id': meetingId,
      'people:id': member.id,
      'memberships:id': membership.id,
      'accounts:id': account.id,
      'schools:uai': '0382460T',
    });
  });
  afterAll(async () => t.close());

  /** The concrete path of a template, or null when this spec has no value for one of its parameters. */
  const fill = (template: string): string | null => {
    const segment = template.split('/')[1];
    let missing = false;
    const path = template.replace(/\{([^}]+)\}/g, (_, name: string) => {
      const value = values[`${segment}:${name}`];
      if (value === undefined) missing = true;
      return value ?? '';
    });
    return missing ? null : path;
  };

  it('answers every JSON GET route it can fill in as the document says', async () => {
    const skipped: string[] = [];
    let checked = 0;
    for (const [template, operations] of Object.entries(validator.document.paths)) {
      if (!operations.get) continue;
      const path = fill(template);
      if (!path) {
        skipped.push(template);
        continue;
      }
      const res = await record('get', path);
      if (res.status < 300) checked += 1;
    }
    expect(mismatches).toEqual([]);
    // The routes whose parameters are secrets sent by email or made per file stay out of this walk.
    expect(skipped.sort()).toEqual(['/answers/{token}', '/calendar-feeds/{file}', '/meetings/{id}/register/messages/{messageId}.eml']);
    expect(checked).toBeGreaterThan(30);
  });

  it('answers the main writes as the document says', async () => {
    const committeeId = values['committees:id'];
    const scheduled = await record('post', `/committees/${committeeId}/meetings`, { start: '2025-05-20T14:00', end: '2025-05-20T16:00', title: 'Bilan' });
    expect(scheduled.status).toBe(201);
    await record('patch', `/meetings/${scheduled.body.id}`, { version: scheduled.body.version, location: 'Salle des fêtes' });
    await record('post', '/people', { fullName: 'Inès Moreau', email: 'ines.moreau@example.fr' });
    await record('patch', `/people/${values['people:id']}`, { fullName: 'Claire Martin-Roux' });
    await record('get', '/conventions/grenoble-crets-en-belledonne-2016/definition');
    await record('post', '/auth/tokens', { name: 'intégration', expiresAt: '2025-06-01T00:00:00Z' });
    expect(mismatches).toEqual([]);
  });

  it('has every reference of the document resolve inside it, the definition routes’ bodies included', () => {
    const text = JSON.stringify(validator.document);
    const refs = [...new Set([...text.matchAll(/"\$ref":"([^"]+)"/g)].map((match) => match[1]))];
    const unresolved = refs.filter((ref) => {
      if (!ref.startsWith('#/')) return true;
      let node: unknown = validator.document;
      for (const part of ref.slice(2).split('/')) node = (node as Record<string, unknown> | undefined)?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
      return node === undefined;
    });
    expect(unresolved).toEqual([]);
    const body = validator.document.paths['/conventions/{reference}/definition'].put.requestBody as { content: Record<string, { schema: unknown }> };
    expect(body.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/ConventionDefinition' });
  });

  it('names each schema once: two classes of one name would silently share one schema', () => {
    const source = (dir: string): string[] => {
      const { readdirSync, statSync } = require('node:fs') as typeof import('node:fs');
      return readdirSync(dir).flatMap((entry) => {
        const full = join(dir, entry);
        return statSync(full).isDirectory() ? source(full) : full.endsWith('.ts') && !full.endsWith('.spec.ts') ? [full] : [];
      });
    };
    const names = new Map<string, number>();
    for (const file of source(join(__dirname, '..', 'src'))) {
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(/(@ApiSchema\(\{ name: '([^']+)' \}\)\s*)?export class (\w+)/g)) {
        const name = match[2] ?? match[3];
        names.set(name, (names.get(name) ?? 0) + 1);
      }
    }
    expect([...names].filter(([, count]) => count > 1).map(([name]) => name)).toEqual([]);
  });

  it('refuses a lone UTF-16 surrogate escaped in JSON (\\ud800) with 400, naming the field, instead of a 500', async () => {
    const res = await t.http().post('/people').set('Content-Type', 'application/json').send('{"fullName":"Inès Moreau","email":"\\ud800@example.fr"}').expect(400);
    expect(res.body.fields).toEqual([expect.objectContaining({ path: 'email', code: 'forbidden_character' })]);
  });

  it('answers an error of a route that serves a file (.eml, .csv) as JSON, not as the file', async () => {
    const res = await t.http().get(`/meetings/${values['meetings:id']}/register/messages/nope.eml`).expect(400);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.headers['content-disposition']).toBeUndefined();
    expect(res.body.fields).toEqual([expect.objectContaining({ path: 'messageId', code: 'not_a_uuid' })]);
  });

  it('answers a known path asked with another method 405 with Allow, and an unknown path 404', async () => {
    const wrong = await t.http().put('/committees').expect(405);
    expect(wrong.headers.allow).toBe('GET, HEAD');
    expect(wrong.body).toMatchObject({ statusCode: 405, code: 'method_not_allowed' });
    const meeting = await t.http().delete(`/meetings/${values['meetings:id']}`).expect(405);
    expect(meeting.headers.allow).toBe('GET, HEAD, PATCH');
    const anonymous = await t.http().get('/auth/sign-in').set('Authorization', '').expect(405);
    expect(anonymous.headers.allow).toBe('POST');
    await t.http().get('/nowhere').expect(404);
    await t.http().get(`/meetings/${values['meetings:id']}/nowhere`).expect(404);
  });
});
