import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AddressInfo } from 'node:net';
import { Server } from 'node:http';
import { parse } from 'yaml';
import { createTestApp, TestApp } from './support/test-app';
import { asAdmin } from './support/auth-helpers';
import { buildCommittee, buildConvention, buildMember, scheduleMeeting } from './support/builders';
import { OpenApiDocument, OpenApiValidator } from './support/openapi-validator';
import { OpenApiFuzzer, Random } from './support/openapi-fuzzer';

/** `npm run fuzz` runs more (FUZZ_REQUESTS) from another seed (FUZZ_SEED); the suite runs 5,000. */
const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 5000);
const SEED = Number(process.env.FUZZ_SEED ?? 20261202);
const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Tables a refused request may legitimately touch: a token's last use, the rate limits' audit. */
// compliance_standings: derived data a read of the compliance report stores after its answer is
// sent (src/compliance/stored-standings.ts), so it may land during the next request.
const NOT_FINGERPRINTED = new Set(['migrations', 'access_tokens', 'compliance_standings']);

/**
 * Requests generated from the OpenAPI document, with an administrator's token, against the whole
 * app on real PostgreSQL and Redis: none answers 5xx, every error says {statusCode, code, message}
 * (fields: {path, code, message}), every success matches the document, and a refused write leaves
 * every table as it was.
 */
describe('schema-driven fuzzing of the API', () => {
  let t: TestApp;
  let base: string;
  let authorization: string;
  let validator: OpenApiValidator;
  let fuzzer: OpenApiFuzzer;
  let tables: string[];

  beforeAll(async () => {
    t = await createTestApp();
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${((t.app.getHttpServer() as Server).address() as AddressInfo).port}`;
    authorization = (await asAdmin(t)).Authorization;
    const document = (await t.http().get('/docs/openapi.json').expect(200)).body as OpenApiDocument;
    validator = new OpenApiValidator(document);

    t.clock.set('2025-03-01T08:00:00Z');
    const grenobleText = readFileSync(join(__dirname, '..', 'examples', 'grenoble-crets-en-belledonne-2016.yaml'), 'utf8');
    await t.http().post('/conventions/import').set('Content-Type', 'application/yaml').send(grenobleText).expect(201);
    const built = await buildConvention(t.dataSource, { timeZone: 'Europe/Paris', holidayCountry: 'FR', signedOn: '2025-01-06', durationMonths: 36, parties: { academie: 'academie', commune: 'commune' } });
    const committee = await buildCommittee(t.dataSource, built, {
      notice: { days: 15, dayKind: 'calendar' },
      guestsAllowed: true,
      seats: [
        { key: 'dasen', party: 'academie' },
        { key: 'elu', party: 'commune' },
      ],
    });
    // As a definition would have it (a committee has at least one convener): its export stays importable.
    await t.dataSource.query(`UPDATE committees SET conveners = $2 WHERE id = $1`, [committee.id, JSON.stringify([{ partyKey: 'academie', seatKey: 'dasen', label: 'le DASEN' }])]);
    const seats = committee.seats;
    const member = await buildMember(t.dataSource, seats.dasen, 'Claire Martin', { startsOn: '2025-01-06' });
    await buildMember(t.dataSource, seats.elu, 'Jean Petit', { startsOn: '2025-01-06' });
    const scheduled = await scheduleMeeting(t, committee.id, { start: '2025-04-15T09:00', end: '2025-04-15T11:00' });
    const convened = await scheduleMeeting(t, committee.id, { start: '2025-05-13T09:00', end: '2025-05-13T11:00' });
    await t.http().post(`/meetings/${convened}/convene`).send({}).expect(201);
    const ids = async (sql: string) => ((await t.dataSource.query(sql)) as Array<{ id: string }>).map((row) => row.id);
    const adminAccount = await ids(`SELECT a.id FROM accounts a JOIN grants g ON g.account_id = a.id WHERE g.role = 'admin'`);
    const definition = (await t.http().get('/conventions/grenoble-crets-en-belledonne-2016/definition').expect(200)).body;
    const grenoble = parse(grenobleText);
    fuzzer = new OpenApiFuzzer(
      document,
      new Random(SEED),
      {
        'conventions:idOrReference': ['grenoble-crets-en-belledonne-2016', built.id, built.reference],
        'conventions:reference': ['grenoble-crets-en-belledonne-2016', built.reference],
        'conventions:id': [built.id],
        'committees:id': [committee.id, ...(await ids(`SELECT id FROM committees`))],
        'meetings:id': [scheduled, convened],
        'people:id': [member.id, ...(await ids(`SELECT id FROM people LIMIT 5`))],
        'memberships:id': await ids(`SELECT id FROM memberships LIMIT 5`),
        'accounts:id': (await ids(`SELECT id FROM accounts`)).filter((id) => !adminAccount.includes(id)),
        'schools:uai': ['0382460T', '0380002W'],
      },
      {
        'PUT /conventions/{reference}/definition': [definition],
        'POST /conventions': [{ ...definition, reference: 'grenoble-copie-2016' }, { ...grenoble, reference: 'grenoble-autre-2016' }],
        'POST /conventions/import': [grenoble, { ...grenoble, reference: 'grenoble-importee-2016' }],
        'POST /committees/{id}/meetings': [
          { start: '2025-06-10T09:00', end: '2025-06-10T11:00', title: 'Bilan', location: 'Mairie', agenda: [{ title: 'Bilan de l’année' }] },
          { start: '2025-03-20T09:00', end: '2025-03-20T10:00', title: 'Urgence', urgencyReason: 'Panne du réseau' },
        ],
        'POST /people': [{ fullName: 'Inès Moreau', email: 'ines.moreau@example.fr' }],
        'POST /committees/{id}/memberships': [{ seatKey: 'elu', personId: member.id, startsOn: '2025-09-01' }],
        'POST /meetings/{id}/convene': [{}, { sendAt: '2025-03-20T08:00' }],
        'POST /meetings/{id}/cancel': [{ reason: 'Report', version: 1 }],
        'POST /meetings/{id}/reschedule': [{ start: '2025-06-17T09:00', end: '2025-06-17T11:00', version: 1 }],
      },
      // Signing out would end the administrator's session the run uses; deleting a convention
      // would leave the rest of the run little to work on.
      (method, template) => template === '/auth/sign-out' || (method === 'DELETE' && template === '/conventions/{idOrReference}'),
    );
    tables = ((await t.dataSource.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`)) as Array<{ tablename: string }>)
      .map((row) => row.tablename)
      .filter((name) => !NOT_FINGERPRINTED.has(name));
  });
  afterAll(async () => t.close());

  /**
   * Per table, its row count and the newest row version (xmin, the transaction that wrote it): an
   * insert, an update or a delete committed in between changes one or the other; a transaction
   * rolled back leaves no row version behind.
   */
  const fingerprint = async (): Promise<Record<string, string>> => {
    const sql = tables.map((table) => `SELECT '${table}' AS name, count(*) || ':' || coalesce(max(xmin::text::bigint), 0) AS digest FROM "${table}"`).join(' UNION ALL ');
    const rows: Array<{ name: string; digest: string }> = await t.dataSource.query(sql);
    return Object.fromEntries(rows.map((row) => [row.name, row.digest]));
  };

  // The timeout is a guard against a hang, not a speed bound: a loaded machine takes longer.
  it(`answers ${REQUESTS} generated requests without a 5xx, each as the document says, and a refusal writes nothing`, async () => {
    const failures: string[] = [];
    const statuses: Record<string, number> = {};
    const operations = new Set<string>();
    let state = await fingerprint();
    const started = Date.now();
    for (let index = 0; index < REQUESTS; index += 1) {
      const request = fuzzer.next();
      operations.add(`${request.method} ${request.template}`);
      const url = `${base}${request.path}${request.query.length ? `?${new URLSearchParams(request.query).toString()}` : ''}`;
      const write = WRITES.has(request.method);
      const response = await fetch(url, {
        method: request.method,
        headers: { Authorization: authorization, ...(request.contentType ? { 'Content-Type': request.contentType } : {}), Origin: base },
        body: request.body,
      });
      const text = await response.text();
      const contentType = response.headers.get('content-type') ?? undefined;
      let body: unknown = text;
      if (contentType?.includes('json') && text) {
        try {
          body = JSON.parse(text);
        } catch {
          failures.push(`${request.method} ${request.path}: ${response.status} with a JSON content type and a body that is not JSON`);
          continue;
        }
      }
      statuses[response.status] = (statuses[response.status] ?? 0) + 1;
      const mismatch = validator.check(request.method, request.path, response.status, contentType, body, request.template);
      const shown = `${request.method} ${request.path}${request.query.length ? `?${new URLSearchParams(request.query).toString().slice(0, 120)}` : ''} ${request.body ? request.body.slice(0, 200) : ''}`;
      if (mismatch) failures.push(`${mismatch.route} → ${response.status}: ${mismatch.problem}\n    ${shown}`);
      // Reads write nothing: the tables as they were after the last write are the state before this one.
      if (write) {
        const after = await fingerprint();
        const changed = Object.keys(after).filter((table) => after[table] !== state[table]);
        if (response.status >= 400 && changed.length > 0) failures.push(`${request.method} ${request.template} → ${response.status} but wrote to ${changed.join(', ')}\n    ${shown}`);
        state = after;
      }
      if (failures.length >= 30) break;
    }
    const seconds = (Date.now() - started) / 1000;
    console.log(`fuzz: seed ${SEED}, ${REQUESTS} requests over ${operations.size} operations in ${seconds.toFixed(1)} s; statuses ${JSON.stringify(statuses)}`);
    expect(failures).toEqual([]);
  }, 900_000);
});
