import { DocumentBuilder } from '@nestjs/swagger';
import { ConvocationsWorkerModule } from '../src/convocations/convocations-worker.module';
import { addAuthSchemes } from '../src/auth/security';
import { Account } from '../src/auth/account.entity';
import { createTestApp, TestApp } from './support/test-app';
import { startSmtpSink, SmtpSink } from './support/smtp-sink';
import { asAdmin, bearer, headersFor, tokenFor } from './support/auth-helpers';
import { buildPerson } from './support/builders';
import { signInLinksSettled } from './support/outbox-rows';

const LINK = /https?:\/\/[^\s"<>]+\/connexion\/lien\?token=([A-Za-z0-9_-]+)/;

describe('sign-in by email link, sessions and API tokens', () => {
  let t: TestApp;
  let sink: SmtpSink;

  beforeAll(async () => {
    sink = await startSmtpSink();
    t = await createTestApp({ auth: true, env: { SMTP_URL: sink.url, PUBLIC_BASE_URL: 'https://copil.example.fr', MAIL_FROM: 'copil <ne-pas-repondre@copil.example.fr>' }, imports: [ConvocationsWorkerModule] });
  });
  afterAll(async () => {
    await t.close();
    await sink.close();
  });
  beforeEach(() => sink.clear());

  /** How many sign-in links were written for the person's accounts. */
  async function linksOf(personId: string): Promise<number> {
    const [row] = await t.dataSource.query(
      'SELECT count(*)::int AS count FROM sign_in_links l JOIN accounts a ON a.id = l.account_id WHERE a.person_id = $1',
      [personId],
    );
    return row.count as number;
  }

  /** A person with an active account, and the token of the link they receive after asking for one. */
  async function askForLink(email: string): Promise<string> {
    await t.http().post('/auth/sign-in').send({ email }).expect(202);
    await signInLinksSettled(t);
    const mail = await sink.parsed((await sink.waitFor(1))[0]);
    const match = LINK.exec(mail.text ?? '');
    if (!match) throw new Error(`No sign-in link in: ${mail.text}`);
    sink.clear();
    return match[1];
  }

  async function personWithAccount(overrides: { email?: string; fullName?: string; active?: boolean } = {}) {
    const person = await buildPerson(t.dataSource, { ...(overrides.email ? { email: overrides.email } : {}), ...(overrides.fullName ? { fullName: overrides.fullName } : {}) });
    const account = await t.dataSource.getRepository(Account).save({ personId: person.id, active: overrides.active ?? true });
    return { person, account };
  }

  describe('asking for a link', () => {
    it('emails a French message with a one-time link to the public address', async () => {
      const { person } = await personWithAccount({ fullName: 'Hélène Lefèvre' });
      const res = await t.http().post('/auth/sign-in').send({ email: person.email.toUpperCase() }).expect(202);
      expect(res.body).toEqual({ status: 'accepted', message: 'If this address belongs to an active account, a sign-in link has been sent to it.' });
      await signInLinksSettled(t);
      const [received] = await sink.waitFor(1);
      const mail = await sink.parsed(received);

      expect(received.to).toEqual([person.email]);
      expect(mail.from?.value[0]).toMatchObject({ name: 'copil', address: 'ne-pas-repondre@copil.example.fr' });
      expect(mail.subject).toBe('Votre lien de connexion à copil');
      expect(mail.text).toContain('Bonjour Hélène Lefèvre,');
      expect(mail.text).toContain('Ce lien est valable 15\u00a0minutes et ne sert qu’une seule fois.');
      expect(mail.text).toMatch(/^https:\/\/copil\.example\.fr\/connexion\/lien\?token=[A-Za-z0-9_-]{43}$/m);
      expect(mail.html).toContain('<html lang="fr">');
      expect(mail.html).toContain('Me connecter à copil');
      expect(mail.html).toMatch(/href="https:\/\/copil\.example\.fr\/connexion\/lien\?token=[A-Za-z0-9_-]{43}"/);
    });

    it('answers an unknown address exactly as a known one, and sends nothing', async () => {
      const { person } = await personWithAccount();
      const known = await t.http().post('/auth/sign-in').send({ email: person.email }).expect(202);
      const unknown = await t.http().post('/auth/sign-in').send({ email: 'personne.inconnue@example.fr' }).expect(202);
      expect(unknown.body).toEqual(known.body);
      expect(Object.keys(unknown.headers).sort()).toEqual(Object.keys(known.headers).sort());
      // Every link asked for has been sent or dropped, so what the server holds is all there is.
      await signInLinksSettled(t);
      expect(sink.received.map((m) => m.to)).toEqual([[person.email]]);
      expect(await linksOf(person.id)).toBe(1);
    });

    it('sends nothing to a deactivated account, with the same answer', async () => {
      const { person } = await personWithAccount({ active: false });
      await t.http().post('/auth/sign-in').send({ email: person.email }).expect(202);
      await signInLinksSettled(t);
      expect(await linksOf(person.id)).toBe(0);
      expect(sink.received).toHaveLength(0);
    });

    it('refuses a malformed address naming the field', async () => {
      const res = await t.http().post('/auth/sign-in').send({ email: 'pas-une-adresse' }).expect(400);
      expect(res.body.fields).toEqual([{ path: 'email', code: 'not_an_email', message: 'must be an email address' }]);
    });

    it('stores only a hash of the link token', async () => {
      const { person, account } = await personWithAccount();
      const token = await askForLink(person.email);
      const rows: Array<{ token_hash: string }> = await t.dataSource.query('SELECT token_hash FROM sign_in_links WHERE account_id = $1', [account.id]);
      expect(rows).toHaveLength(1);
      expect(rows[0].token_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(rows[0].token_hash).not.toContain(token);
    });
  });

  describe('following the link', () => {
    it('opens a session once: bearer token in the body, HttpOnly SameSite=Lax cookie, then refuses the link', async () => {
      const { person } = await personWithAccount();
      const token = await askForLink(person.email);

      const res = await t.http().get(`/auth/callback?token=${token}`).expect(200);
      expect(res.body.person).toEqual({ id: person.id, fullName: person.fullName, email: person.email });
      expect(res.body.token).toMatch(/^copilsession_[A-Za-z0-9_-]{43}$/);
      expect(new Date(res.body.expiresAt).getTime()).toBeGreaterThan(t.clock.now().getTime() + 11 * 3600_000);
      expect(res.headers['cache-control']).toBe('no-store');
      const cookie = String(res.headers['set-cookie']);
      expect(cookie).toContain(`copil_session=${res.body.token}`);
      expect(cookie).toMatch(/HttpOnly/);
      expect(cookie).toMatch(/SameSite=Lax/);
      expect(cookie).toMatch(/Secure/);

      const me = await t.http().get('/auth/me').set(bearer(res.body.token)).expect(200);
      expect(me.body.person.email).toBe(person.email);
      expect(me.body.credential.kind).toBe('session');

      const again = await t.http().get(`/auth/callback?token=${token}`).expect(401);
      expect(again.body.code).toBe('invalid_sign_in_link');
    });

    it('lets a web client redeem the token by POST /auth/session, once', async () => {
      const { person } = await personWithAccount();
      const token = await askForLink(person.email);
      const res = await t.http().post('/auth/session').send({ token }).expect(201);
      expect(res.body.person.id).toBe(person.id);
      await t.http().post('/auth/session').send({ token }).expect(401);
    });

    it('gives one session only when two clicks race on the same link', async () => {
      const { person } = await personWithAccount();
      const token = await askForLink(person.email);
      const results = await Promise.all([1, 2, 3].map(() => t.http().post('/auth/session').send({ token })));
      expect(results.map((r) => r.status).sort()).toEqual([201, 401, 401]);
    });

    it('refuses an expired link', async () => {
      const { person, account } = await personWithAccount();
      const token = await askForLink(person.email);
      await t.dataSource.query(`UPDATE sign_in_links SET expires_at = now() - interval '1 second' WHERE account_id = $1`, [account.id]);
      const res = await t.http().get(`/auth/callback?token=${token}`).expect(401);
      expect(res.body).toEqual({ statusCode: 401, code: 'invalid_sign_in_link', message: 'This sign-in link is unknown, already used or expired: ask for a new one' });
    });

    it('refuses a made-up token', async () => {
      await t.http().get('/auth/callback?token=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA').expect(401);
    });

    it('refuses the link of an account deactivated after it was sent', async () => {
      const { person, account } = await personWithAccount();
      const token = await askForLink(person.email);
      await t.dataSource.getRepository(Account).update(account.id, { active: false });
      await t.http().get(`/auth/callback?token=${token}`).expect(401);
    });
  });

  describe('sessions', () => {
    it('authenticates by the cookie alone, and refuses a cookie-authenticated change from another site', async () => {
      const { person } = await personWithAccount();
      const token = await askForLink(person.email);
      const session = await t.http().get(`/auth/callback?token=${token}`).expect(200);
      const cookie = `copil_session=${session.body.token}`;

      await t.http().get('/auth/me').set('Cookie', cookie).expect(200);
      const crossSite = await t.http().post('/auth/sign-out').set('Cookie', cookie).set('Origin', 'https://evil.example').expect(403);
      expect(crossSite.body.code).toBe('cross_site_request');
      await t.http().get('/auth/me').set('Cookie', cookie).expect(200);
    });

    it('signs out: the session is refused at once and the cookie cleared', async () => {
      const headers = await headersFor(t, 'sortie@example.fr');
      const res = await t.http().post('/auth/sign-out').set(headers).expect(204);
      expect(String(res.headers['set-cookie'])).toMatch(/copil_session=;.*Max-Age=0/);
      const after = await t.http().get('/auth/me').set(headers).expect(401);
      expect(after.body.code).toBe('invalid_credentials');
    });

    it('refuses every session of an account once it is deactivated', async () => {
      const headers = await headersFor(t, 'desactivee@example.fr');
      const [{ id }] = await t.dataSource.query(`SELECT a.id FROM accounts a JOIN people p ON p.id = a.person_id WHERE p.email = 'desactivee@example.fr'`);
      await t.http().patch(`/accounts/${id}`).set(await asAdmin(t)).send({ active: false }).expect(200);
      await t.http().get('/auth/me').set(headers).expect(401);
    });

    it('asks anonymous callers to sign in, and refuses a malformed Authorization header', async () => {
      const anonymous = await t.http().get('/auth/me').expect(401);
      expect(anonymous.body.code).toBe('authentication_required');
      const basic = await t.http().get('/auth/me').set('Authorization', 'Basic dXNlcjpwYXNz').expect(401);
      expect(basic.body.code).toBe('invalid_credentials');
      await t.http().get('/auth/me').set(bearer('copilsession_forged')).expect(401);
    });
  });

  describe('API tokens', () => {
    it('shows a new token once, lists it without its secret, and accepts it', async () => {
      const session = await headersFor(t, 'integration@example.fr');
      const expiresAt = new Date(t.clock.now().getTime() + 30 * 86_400_000).toISOString();
      const created = await t.http().post('/auth/tokens').set(session).send({ name: 'Tableau de bord', expiresAt }).expect(201);
      expect(created.body.token).toMatch(/^copil_[A-Za-z0-9_-]{43}$/);
      expect(created.body).toMatchObject({ name: 'Tableau de bord', expiresAt, revokedAt: null });

      const listed = await t.http().get('/auth/tokens').set(session).expect(200);
      expect(listed.body).toHaveLength(1);
      expect(listed.body[0].id).toBe(created.body.id);
      expect(JSON.stringify(listed.body)).not.toContain(created.body.token.slice(6));

      const me = await t.http().get('/auth/me').set(bearer(created.body.token)).expect(200);
      expect(me.body.credential).toMatchObject({ kind: 'api_token', name: 'Tableau de bord' });
    });

    it('refuses a revoked token from the very next request', async () => {
      const session = await headersFor(t, 'revocation@example.fr');
      const expiresAt = new Date(t.clock.now().getTime() + 86_400_000).toISOString();
      const created = await t.http().post('/auth/tokens').set(session).send({ name: 'Export', expiresAt }).expect(201);
      await t.http().get('/auth/me').set(bearer(created.body.token)).expect(200);

      await t.http().delete(`/auth/tokens/${created.body.id}`).set(session).expect(204);
      const res = await t.http().get('/auth/me').set(bearer(created.body.token)).expect(401);
      expect(res.body.code).toBe('invalid_credentials');
      const listed = await t.http().get('/auth/tokens').set(session).expect(200);
      expect(listed.body[0].revokedAt).not.toBeNull();
    });

    it('refuses an expired token', async () => {
      const token = await tokenFor(t, 'expire@example.fr', [], { kind: 'api_token', expiresInHours: -1 });
      await t.http().get('/auth/me').set(bearer(token)).expect(401);
    });

    it("does not let anyone revoke someone else's token", async () => {
      const owner = await headersFor(t, 'proprietaire@example.fr');
      const created = await t.http().post('/auth/tokens').set(owner).send({ name: 'À moi', expiresAt: new Date(t.clock.now().getTime() + 86_400_000).toISOString() }).expect(201);
      const other = await headersFor(t, 'autre@example.fr');
      await t.http().delete(`/auth/tokens/${created.body.id}`).set(other).expect(404);
      await t.http().get('/auth/me').set(bearer(created.body.token)).expect(200);
    });

    it('refuses to make a token from another token, or with an expiry in the past or too far', async () => {
      const apiToken = await tokenFor(t, 'chaine@example.fr', [], { kind: 'api_token' });
      const fromToken = await t.http().post('/auth/tokens').set(bearer(apiToken)).send({ name: 'x', expiresAt: new Date(t.clock.now().getTime() + 86_400_000).toISOString() }).expect(403);
      expect(fromToken.body.code).toBe('session_required');

      const session = await headersFor(t, 'chaine@example.fr');
      const past = await t.http().post('/auth/tokens').set(session).send({ name: 'x', expiresAt: '2020-01-01T00:00:00Z' }).expect(400);
      expect(past.body.fields).toEqual([{ path: 'expiresAt', code: 'not_in_future', message: 'must be in the future' }]);
      const far = await t.http().post('/auth/tokens').set(session).send({ name: 'x', expiresAt: new Date(t.clock.now().getTime() + 400 * 86_400_000).toISOString() }).expect(400);
      expect(far.body.fields).toEqual([{ path: 'expiresAt', code: 'too_large', message: 'must be at most 366 days ahead' }]);
      const missing = await t.http().post('/auth/tokens').set(session).send({}).expect(400);
      expect(new Set(missing.body.fields.map((f: { path: string }) => f.path))).toEqual(new Set(['name', 'expiresAt']));
    });

    it('keeps only a keyed hash of tokens in the database', async () => {
      const token = await tokenFor(t, 'hachage@example.fr');
      const rows: Array<{ token_hash: string }> = await t.dataSource.query('SELECT token_hash FROM access_tokens');
      expect(rows.every((row) => /^[0-9a-f]{64}$/.test(row.token_hash))).toBe(true);
      expect(JSON.stringify(rows)).not.toContain(token);
    });
  });

  describe('security headers', () => {
    it('sends helmet headers and hides the framework', async () => {
      const res = await t.http().get('/auth/me');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(res.headers['strict-transport-security']).toContain('max-age=31536000');
      expect(res.headers['x-powered-by']).toBeUndefined();
    });

    it('still serves the documentation page and document without signing in, showing how each route authenticates', async () => {
      const doc = await t.http().get('/docs/openapi.json').expect(200);
      expect(doc.body.paths['/auth/me'].get.security).toEqual([{ bearer: [] }, { session_cookie: [] }]);
      expect(doc.body.paths['/accounts'].get.security).toEqual([{ bearer: [] }, { session_cookie: [] }]);
      expect(doc.body.paths['/auth/sign-in'].post.security).toBeUndefined();
      await t.http().get('/docs').expect(200).expect('Content-Type', /html/);
    });

    it('describes both schemes for the OpenAPI document', () => {
      const document = addAuthSchemes(new DocumentBuilder()).build();
      expect(document.components?.securitySchemes).toEqual({
        bearer: expect.objectContaining({ type: 'http', scheme: 'bearer' }),
        session_cookie: { type: 'apiKey', in: 'cookie', name: 'copil_session' },
      });
    });
  });
});
