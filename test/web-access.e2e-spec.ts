import { SESSION_COOKIE } from '../src/auth/credentials';
import { tokenFor } from './support/auth-helpers';
import { startWebApp, WebApp } from './support/browser';
import { importCurrentGrenoble } from './support/current-convention';

const DIRECTOR = 'anne.bouvier@ac-grenoble.example.fr';
const COMMUNE_MEMBER = 'gerard.rey@cretsenbelledonne.example.fr';

/** The pages answer as the API's access policy decides, through the same guard; forms need their CSRF token. */
describe('pages: who may open what', () => {
  let web: WebApp;
  let local: string;
  let departmental: string;

  beforeAll(async () => {
    // An installation that names no organization (ORGANIZATION_NAME left to its default, « copil »).
    web = await startWebApp({ env: { ORGANIZATION_NAME: 'copil' } });
    await importCurrentGrenoble(web.t);
    const rows: Array<{ id: string; key: string }> = await web.t.dataSource.query(`SELECT id, key FROM committees`);
    local = rows.find((row) => row.key.startsWith('copil-local'))!.id;
    departmental = rows.find((row) => row.key === 'copil-departemental')!.id;
  });
  afterAll(async () => web?.close());

  async function as(email: string) {
    const cookie = `${SESSION_COOKIE}=${await tokenFor(web.t, email)}`;
    const get = (path: string) => fetch(`${web.baseUrl}${path}`, { headers: { cookie }, redirect: 'manual' });
    const post = (path: string, fields: Record<string, string>) =>
      fetch(`${web.baseUrl}${path}`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', origin: web.baseUrl },
        body: new URLSearchParams(fields).toString(),
        redirect: 'manual',
      });
    return { get, post };
  }

  it('sends someone not signed in to the sign-in page, and back afterwards', async () => {
    const res = await fetch(`${web.baseUrl}/comites/${local}`, { redirect: 'manual' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/connexion?retour=${encodeURIComponent(`/comites/${local}`)}`);
  });

  it('shows a member his committee, but not the form that schedules its meetings', async () => {
    const member = await as(COMMUNE_MEMBER);
    const page = await member.get(`/comites/${local}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).not.toContain('Programmer une réunion');
    const form = await member.get(`/comites/${local}/reunions/nouvelle`);
    expect(form.status).toBe(403);
    expect(await form.text()).toContain('Accès refusé');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1] as string;
    const posted = await member.post(`/comites/${local}/reunions`, { _csrf: csrf, date: '2030-01-10', debut: '10:00', fin: '11:00' });
    expect(posted.status).toBe(403);
    expect(await web.t.dataSource.query('SELECT count(*)::int AS n FROM meetings')).toEqual([{ n: 0 }]);
  });

  it('tells a director the follow-up lists the committees where she has a role, and that accounts are for those who administer copil', async () => {
    const director = await as(DIRECTOR);
    const followUp = await director.get('/suivi');
    expect(followUp.status).toBe(200);
    const html = await followUp.text();
    expect(html).toContain('Les comités où vous avez un rôle.');
    expect(html).not.toContain('secrétariat');
    // The footer names copil once when no organization is named.
    expect(html).toContain('<p>copil, l’organisation des comités des conventions de partenariat</p>');
    const accounts = await director.get('/comptes');
    expect(accounts.status).toBe(403);
    expect(await accounts.text()).toContain('Cette page est réservée aux personnes qui administrent copil.');
  });

  it('does not tell a director whether a committee she has no part in exists', async () => {
    const director = await as(DIRECTOR);
    const other = await director.get('/comites/00000000-0000-4000-8000-000000000000');
    const notHers = await director.get(`/comites/${departmental}/reunions/nouvelle`);
    expect([other.status, notHers.status].every((status) => status === 403 || status === 404)).toBe(true);
    expect(await other.text()).toMatch(/Page introuvable|Accès refusé/);
  });

  it('refuses a form without its token, and one with the token of another session', async () => {
    const director = await as(DIRECTOR);
    const without = await director.post(`/comites/${local}/reunions`, { date: '2030-01-10', debut: '10:00', fin: '11:00' });
    expect(without.status).toBe(403);
    expect(await without.text()).toContain('Formulaire expiré');
    const member = await as(COMMUNE_MEMBER);
    const memberToken = /name="_csrf" value="([^"]+)"/.exec(await (await member.get('/')).text())?.[1] as string;
    const foreign = await director.post(`/comites/${local}/reunions`, { _csrf: memberToken, date: '2030-01-10', debut: '10:00', fin: '11:00' });
    expect(foreign.status).toBe(403);
    expect(await web.t.dataSource.query('SELECT count(*)::int AS n FROM meetings')).toEqual([{ n: 0 }]);
  });
});
