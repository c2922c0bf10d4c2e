import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTestApp, TestApp } from './support/test-app';
import { Client } from 'pg';
import { adminUrl, redisUrl } from './support/database-urls';
import { TcpProxy } from './support/tcp-proxy';
import { withAdmin } from './support/test-database';
import { eventually } from './support/eventually';

const AMIENS = readFileSync(join(__dirname, '..', 'examples', 'amiens-somme-numerique-2013.yaml'), 'utf8');

const hostAndPort = (url: string, defaultPort: number) => {
  const parsed = new URL(url);
  return { host: parsed.hostname, port: Number(parsed.port || defaultPort) };
};

/**
 * PostgreSQL and Redis going away under a running API. The shared servers keep running: the app
 * reaches them through relays this spec cuts and restores, as a stop and a restart would.
 */
describe('outages of PostgreSQL and Redis', () => {
  let t: TestApp;
  let postgres: TcpProxy;
  let redis: TcpProxy;

  beforeAll(async () => {
    postgres = await TcpProxy.start(hostAndPort(adminUrl(), 5432));
    redis = await TcpProxy.start(hostAndPort(redisUrl(), 6379));
    t = await createTestApp({ databaseUrl: (direct) => postgres.url(direct), env: { REDIS_URL: redis.url(redisUrl()) } });
  });
  afterEach(async () => {
    await postgres.restore();
    await redis.restore();
  });
  afterAll(async () => {
    await t.close();
    await postgres.cut();
    await redis.cut();
  });

  /** Straight to the database, not through the relay: what is really stored. */
  const stored = async <T>(sql: string, parameters: unknown[] = []): Promise<T[]> => {
    const client = new Client({ connectionString: t.database.url });
    await client.connect();
    try {
      return (await client.query(sql, parameters)).rows as T[];
    } finally {
      await client.end();
    }
  };

  it('answers 503 with Retry-After while PostgreSQL is down, on reads, writes and anonymous routes alike', async () => {
    await postgres.cut();
    const answers = await Promise.all([
      t.http().get('/committees'),
      t.http().get('/conventions'),
      t.http().post('/people').send({ fullName: 'Inès Moreau', email: 'ines.moreau@example.fr' }),
      t.http().post('/auth/sign-in').set('Authorization', '').send({ email: 'ines.moreau@example.fr' }),
    ]);
    for (const answer of answers) {
      expect({ status: answer.status, code: answer.body.code }).toEqual({ status: 503, code: 'service_unavailable' });
      expect(Number(answer.headers['retry-after'])).toBeGreaterThan(0);
    }
    await postgres.restore();
    expect(await stored(`SELECT id FROM people WHERE email = 'ines.moreau@example.fr'`)).toEqual([]);
  });

  it('tells, on /health, which of PostgreSQL and Redis does not answer', async () => {
    expect((await t.http().get('/health').expect(200)).body).toEqual({ status: 'ok', database: 'up', redis: 'up' });

    await redis.cut();
    expect((await t.http().get('/health').expect(200)).body).toEqual({ status: 'degraded', database: 'up', redis: 'down' });

    await postgres.cut();
    const down = await t.http().get('/health').expect(503);
    expect(down.body).toEqual({ status: 'unavailable', database: 'down', redis: 'down' });
    expect(down.headers['retry-after']).toBeDefined();

    await postgres.restore();
    await redis.restore();
    await eventually('the API healthy again', async () => (await t.http().get('/health')).body.status === 'ok');
  });

  it('loses nothing half-written when PostgreSQL goes away in the middle of an import', async () => {
    // The relay is cut when the import's transaction writes its seats: the convention and the
    // committee are already inserted in that transaction, not committed.
    postgres.cutWhenClientSends((chunk) => chunk.includes('INSERT INTO "seats"'));
    const interrupted = await t.http().post('/conventions/import').set('Content-Type', 'application/yaml').send(AMIENS);
    expect({ status: interrupted.status, code: interrupted.body.code }).toEqual({ status: 503, code: 'service_unavailable' });
    expect(postgres.isCut).toBe(true);

    await postgres.restore();
    expect(await stored(`SELECT id FROM conventions WHERE reference = 'amiens-somme-numerique-2013'`)).toEqual([]);
    expect(await stored(`SELECT id FROM people WHERE email LIKE '%crdp-amiens.example.fr'`)).toEqual([]);

    // Sent again once the database is back, the same request is carried out whole.
    await eventually('the import accepted again', async () => (await t.http().post('/conventions/import').set('Content-Type', 'application/yaml').send(AMIENS)).status === 201);
    expect(await stored(`SELECT count(*)::int AS seats FROM seats s JOIN committees c ON c.id = s.committee_id JOIN conventions v ON v.id = c.convention_id WHERE v.reference = 'amiens-somme-numerique-2013'`)).toEqual([{ seats: 4 }]);
  });

  it('recovers by itself when PostgreSQL comes back, after a cut or after its sessions were terminated', async () => {
    await postgres.cut();
    await t.http().get('/committees').expect(503);
    await postgres.restore();
    await eventually('the committees listed again', async () => (await t.http().get('/committees')).status === 200);

    // As a server restart does: every session of the app ends at once (57P01 admin_shutdown).
    await withAdmin((admin) =>
      admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [t.database.name]),
    );
    const during = await Promise.all(Array.from({ length: 10 }, () => t.http().get('/committees')));
    for (const answer of during) expect([200, 503]).toContain(answer.status);
    await eventually('the committees listed again', async () => (await t.http().get('/committees')).status === 200);
    await t.http().post('/people').send({ fullName: 'Paul Girard', email: 'paul.girard@example.fr' }).expect(201);
  });

  it('answers a sign-in request clearly during the outage, and accepts it again afterwards', async () => {
    await postgres.cut();
    const refused = await t.http().post('/auth/sign-in').set('Authorization', '').send({ email: 'someone@example.fr' }).expect(503);
    expect(refused.body.message).toMatch(/retry/i);
    await postgres.restore();
    await eventually('sign-in answering again', async () => (await t.http().post('/auth/sign-in').set('Authorization', '').send({ email: 'someone@example.fr' })).status === 202);
  });
});
