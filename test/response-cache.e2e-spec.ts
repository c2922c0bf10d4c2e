import { Client } from 'pg';
import request from 'supertest';
import { SESSION_COOKIE } from '../src/auth/credentials';
import { WriteFeed } from '../src/database/write-feed';
import { BOOKKEEPING, statementKind } from '../src/database/local-writes';
import { AccessToken } from '../src/auth/access-token.entity';
import { UNANNOUNCED_TABLES, WRITES_CHANNEL } from '../migrations/1765000000000-notify-writes';
import { createTestApp, TestApp } from './support/test-app';
import { bearer, tokenFor } from './support/auth-helpers';
import { eventually } from './support/eventually';
import { GRENOBLE, importCurrentGrenoble } from './support/current-convention';

/**
 * Responses kept until a write commits (docs/response-cache.md), against the real database: what
 * is kept is sent again; a write by this process shows at once; another process's write shows once
 * its NOTIFY arrives; a write nobody announced (the trigger disabled for the test) does not show
 * until the minute turns; while the feed is deaf, nothing is kept.
 */
describe('Kept responses and the news of writes', () => {
  let t: TestApp;
  /** Another process's connection: its writes reach the app only through NOTIFY. */
  let other: Client;
  let committeeId: string;
  let committeeName: string;
  let director: { Authorization: string };

  beforeAll(async () => {
    t = await createTestApp();
    await importCurrentGrenoble(t);
    other = new Client({ connectionString: t.database.url });
    await other.connect();
    const [committee] = await t.dataSource.query(
      `SELECT k.id, k.name, c.id AS convention_id FROM committees k JOIN conventions c ON c.id = k.convention_id WHERE c.reference = $1 ORDER BY k.key LIMIT 1`,
      [GRENOBLE],
    );
    committeeId = committee.id;
    committeeName = committee.name;
    director = bearer(await tokenFor(t, 'direction.cache@ac-grenoble.example.fr', [{ role: 'admin' }], { kind: 'api_token' }));
  });

  afterAll(async () => {
    await other.end();
    await t.close();
  });

  const feed = () => t.app.get(WriteFeed);
  const committeeApi = () => t.http().get(`/committees/${committeeId}`).set(director).expect(200);

  afterEach(() => t.clock.reset());

  /**
   * Before comparing two answers: every write committed so far has been heard, and the clock stays
   * in one minute, so that only a write to come can make the app compute again. The app's own
   * writes move the epoch as they end and once more when their NOTIFY arrives; notifications come
   * in commit order, so once one sent now is heard, every earlier one has been.
   */
  async function settled(): Promise<void> {
    t.clock.set('2026-03-02T09:00:10Z');
    const before = feed().epoch();
    expect(before).not.toBeNull();
    await other.query(`NOTIFY ${WRITES_CHANNEL}`);
    await eventually('the news of earlier writes', async () => (feed().epoch() ?? 0) > (before as number));
  }

  /** A write the app is not told of: the statement trigger is disabled around it, on another connection. */
  async function unannouncedRename(name: string): Promise<void> {
    await other.query('BEGIN');
    await other.query('ALTER TABLE committees DISABLE TRIGGER announce_write');
    await other.query('UPDATE committees SET name = $1 WHERE id = $2', [name, committeeId]);
    await other.query('ALTER TABLE committees ENABLE TRIGGER announce_write');
    await other.query('COMMIT');
  }

  it('announces writes to every table a response may read, and not when a token was last used', async () => {
    const rows: Array<{ name: string; announced: boolean; columns: string[] | null }> = await t.dataSource.query(
      `SELECT c.relname AS name, tr.tgname IS NOT NULL AS announced,
              (SELECT array_agg(a.attname::text ORDER BY a.attname) FROM unnest(tr.tgattr::int2[]) AS k(n)
                 JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.n) AS columns
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = current_schema()
         LEFT JOIN pg_trigger tr ON tr.tgrelid = c.oid AND tr.tgname = 'announce_write'
        WHERE c.relkind IN ('r', 'p') ORDER BY c.relname`,
    );
    const silent = rows.filter((row) => !row.announced).map((row) => row.name);
    expect(silent.sort()).toEqual([...UNANNOUNCED_TABLES].sort());
    const tokens = rows.find((row) => row.name === 'access_tokens');
    expect(tokens?.columns).toEqual(expect.arrayContaining(['revoked_at', 'expires_at', 'token_hash']));
    expect(tokens?.columns).not.toContain('last_used_at');
    // Every other table fires on any column.
    expect(rows.filter((row) => row.name !== 'access_tokens' && row.announced && row.columns !== null)).toEqual([]);
  });

  it('takes the update of when a token was last used for bookkeeping, as TypeORM writes it', () => {
    const sql = t.dataSource
      .createQueryBuilder()
      .update(AccessToken)
      .set({ lastUsedAt: new Date() })
      .where('id = :id', { id: committeeId })
      .comment(BOOKKEEPING)
      .getQuery();
    expect(sql).toMatch(/UPDATE "access_tokens" SET "last_used_at"/);
    expect(statementKind(sql)).toBe('bookkeeping');
  });

  it('hears another connection\'s commit, and not what it rolled back', async () => {
    const before = feed().epoch();
    expect(before).not.toBeNull();
    await other.query('BEGIN');
    await other.query(`UPDATE committees SET name = name WHERE id = $1`, [committeeId]);
    await other.query('ROLLBACK');
    await other.query(`UPDATE committees SET name = name WHERE id = $1`, [committeeId]);
    const after = await eventually('the notification', async () => {
      const now = feed().epoch();
      return now !== null && now > (before as number) ? now : null;
    });
    // One commit, one notification: the rolled-back transaction announced nothing.
    expect(after).toBe((before as number) + 1);
  });

  it('sends a kept answer again until a write commits: at once for its own, on NOTIFY for another process\'s', async () => {
    await settled();
    expect((await committeeApi()).body.name).toBe(committeeName);

    await unannouncedRename('Comité renommé sans annonce');
    const kept = await committeeApi();
    expect(kept.body.name).toBe(committeeName);
    expect(kept.headers.etag).toMatch(/^W\/"[0-9a-f]+-/);

    // The app's own write: seen by the very next request.
    await t.dataSource.query(`UPDATE committees SET name = $1 WHERE id = $2`, ['Comité renommé par l’application', committeeId]);
    expect((await committeeApi()).body.name).toBe('Comité renommé par l’application');

    // Another process's write: seen once its notification has arrived.
    await other.query(`UPDATE committees SET name = $1 WHERE id = $2`, ['Comité renommé ailleurs', committeeId]);
    await eventually('the other process\'s write', async () => (await committeeApi()).body.name === 'Comité renommé ailleurs');
  });

  it('keeps a list with the headers its handler set, per credential', async () => {
    const reader = bearer(await tokenFor(t, 'autre.lecteur@ac-grenoble.example.fr', [{ role: 'admin' }], { kind: 'api_token' }));
    await settled();
    const first = await t.http().get('/committees?pageSize=2').set(director).expect(200);
    expect(first.headers['x-total-count']).toMatch(/^\d+$/);
    await unannouncedRename('Liste gardée');
    const again = await t.http().get('/committees?pageSize=2').set(director).expect(200);
    expect(again.headers['x-total-count']).toBe(first.headers['x-total-count']);
    expect(again.text).toBe(first.text);
    expect(again.headers['content-type']).toMatch(/^application\/json/);
    // Another caller is never sent what was kept for the first: computed for them, so it reads the row as it is.
    const theirs = await t.http().get(`/committees/${committeeId}`).set(reader).expect(200);
    expect(theirs.body.name).toBe('Liste gardée');
  });

  it('computes again when the minute turns', async () => {
    await settled();
    const at = (await committeeApi()).body.name;
    await unannouncedRename('Renommé avant la minute suivante');
    expect((await committeeApi()).body.name).toBe(at);
    t.clock.set('2026-03-02T09:01:00Z');
    expect((await committeeApi()).body.name).toBe('Renommé avant la minute suivante');
  });

  it('refuses a session revoked by another process once it hears of it, though its credential was kept', async () => {
    const secret = await tokenFor(t, 'membre.revoque@ac-grenoble.example.fr', [{ role: 'admin' }], { kind: 'api_token' });
    await t.http().get(`/committees/${committeeId}`).set(bearer(secret)).expect(200);
    await other.query(`UPDATE access_tokens SET revoked_at = now() WHERE account_id = (SELECT a.id FROM accounts a JOIN people p ON p.id = a.person_id WHERE p.email = $1)`, [
      'membre.revoque@ac-grenoble.example.fr',
    ]);
    await eventually('the revocation', async () => (await t.http().get(`/committees/${committeeId}`).set(bearer(secret))).status === 401);
  });

  it('keeps a person\'s home page for their session only', async () => {
    const annie = `${SESSION_COOKIE}=${await tokenFor(t, 'annie.cache@ac-grenoble.example.fr', [], { fullName: 'Annie Cache' })}`;
    const bruno = `${SESSION_COOKIE}=${await tokenFor(t, 'bruno.cache@ac-grenoble.example.fr', [], { fullName: 'Bruno Cache' })}`;
    // Not t.http(): it signs every request in as the administrator.
    const home = (cookie: string) => request(t.app.getHttpServer()).get('/').set('Cookie', cookie).expect(200);
    await settled();
    const annieHome = await home(annie);
    expect(annieHome.text).toContain('Annie Cache');
    expect(annieHome.headers['cache-control']).toBe('no-store');
    const brunoHome = await home(bruno);
    expect(brunoHome.text).toContain('Bruno Cache');
    expect(brunoHome.text).not.toContain('Annie Cache');

    await other.query('BEGIN');
    await other.query('ALTER TABLE people DISABLE TRIGGER announce_write');
    await other.query(`UPDATE people SET full_name = 'Annie Renommée' WHERE email = 'annie.cache@ac-grenoble.example.fr'`);
    await other.query('ALTER TABLE people ENABLE TRIGGER announce_write');
    await other.query('COMMIT');
    expect((await home(annie)).text).toBe(annieHome.text);
    await t.dataSource.query(`UPDATE people SET full_name = 'Annie Nouvelle' WHERE email = 'annie.cache@ac-grenoble.example.fr'`);
    expect((await home(annie)).text).toContain('Annie Nouvelle');
  });

  it('keeps nothing while it cannot hear of writes, and keeps again once it hears', async () => {
    await committeeApi();
    const {
      rows: [listener],
    } = await other.query(
      `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND query = 'LISTEN copil_writes' AND pid <> pg_backend_pid()`,
    );
    expect(listener).toBeDefined();
    await other.query('SELECT pg_terminate_backend($1)', [listener.pid]);
    await eventually('the feed to notice', async () => feed().epoch() === null);

    await unannouncedRename('Renommé pendant la coupure');
    expect((await committeeApi()).body.name).toBe('Renommé pendant la coupure');

    await eventually('the feed to listen again', async () => feed().epoch() !== null);
    await settled();
    await committeeApi();
    await unannouncedRename('Renommé après la reprise');
    expect((await committeeApi()).body.name).toBe('Renommé pendant la coupure');
  });
});
