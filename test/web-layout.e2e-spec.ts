import { Browser, BrowserContext } from 'playwright-core';
import { tokenFor } from './support/auth-helpers';
import { checkPage, launchBrowser, newVisitor, signInWithToken, startWebApp, WebApp } from './support/browser';
import { importCurrentGrenoble } from './support/current-convention';

// A browser, axe-core and two screenshots per page: slow on a busy machine, never a timed assertion.
jest.setTimeout(300_000);

const ORGANIZATION = 'Région académique Auvergne-Rhône-Alpes';
/** The logo lives on the organization's own site; the browser gets it from the test, not the internet. */
const LOGO_URL = 'https://www.ac-lyon.example.fr/logo-region-academique.svg';
const LOGO = '<svg xmlns="http://www.w3.org/2000/svg" width="80" height="40"><rect width="80" height="40" fill="#1f4fa3"/></svg>';
const COMMUNE_MEMBER = 'gerard.rey@cretsenbelledonne.example.fr';

/** The frame every page shares (layouts/page.html): who deploys copil, the way past the menu, the error pages. */
describe('the pages’ frame: the organization’s name and logo, the skip link, the error pages', () => {
  let web: WebApp;
  let browser: Browser;
  let local: string;

  beforeAll(async () => {
    [web, browser] = await Promise.all([startWebApp({ env: { ORGANIZATION_NAME: ORGANIZATION, ORGANIZATION_LOGO_URL: LOGO_URL } }), launchBrowser()]);
    await importCurrentGrenoble(web.t);
    const rows: Array<{ id: string; key: string }> = await web.t.dataSource.query(`SELECT id, key FROM committees`);
    local = rows.find((row) => row.key.startsWith('copil-local'))!.id;
  });
  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });

  async function visitor(): Promise<{ context: BrowserContext; page: Awaited<ReturnType<typeof newVisitor>>['page'] }> {
    const visit = await newVisitor(browser);
    await visit.context.route(LOGO_URL, (route) => route.fulfill({ status: 200, contentType: 'image/svg+xml', body: LOGO }));
    return visit;
  }

  it('names the organization set in the configuration, with its logo, in the header and the title of every page', async () => {
    const { context, page } = await visitor();
    await page.goto(`${web.baseUrl}/connexion`);
    expect(await page.title()).toBe(`Connexion – ${ORGANIZATION}`);
    const brand = page.getByRole('banner').getByRole('link', { name: ORGANIZATION });
    await brand.waitFor();
    expect(await brand.getAttribute('href')).toBe('/');
    // The logo is drawn, and said only once: its text is the name beside it.
    const logo = brand.locator('img');
    expect(await logo.getAttribute('src')).toBe(LOGO_URL);
    expect(await logo.getAttribute('alt')).toBe('');
    expect(await logo.evaluate((image) => (image as unknown as { complete: boolean; naturalWidth: number }).complete && (image as unknown as { naturalWidth: number }).naturalWidth)).toBe(80);
    expect(await page.getByRole('contentinfo').textContent()).toContain(ORGANIZATION);

    // Signed in, the same frame around her committees.
    await signInWithToken(context, web, await tokenFor(web.t, COMMUNE_MEMBER));
    await page.goto(`${web.baseUrl}/`);
    expect(await page.title()).toMatch(new RegExp(` – ${ORGANIZATION}$`));
    await page.getByRole('banner').getByRole('link', { name: ORGANIZATION }).locator('img').waitFor();
    await checkPage(page, 'layout-organization');
    await context.close();
  });

  it('offers « Aller au contenu » as the first stop of the keyboard, and it moves the focus to the main content', async () => {
    const { context, page } = await visitor();
    await signInWithToken(context, web, await tokenFor(web.t, COMMUNE_MEMBER));
    await page.goto(`${web.baseUrl}/`);
    await page.keyboard.press('Tab');
    const focused = () => page.evaluate('[document.activeElement.tagName, document.activeElement.id, document.activeElement.textContent.trim().slice(0, 40)]');
    expect(await focused()).toEqual(['A', '', 'Aller au contenu']);
    // Hidden until reached, then seen on the screen.
    const box = await page.getByRole('link', { name: 'Aller au contenu' }).boundingBox();
    expect(box && box.x >= 0 && box.y >= 0 && box.width > 0).toBe(true);
    await page.keyboard.press('Enter');
    expect(await focused()).toEqual(['MAIN', 'contenu', expect.any(String)]);
    // The next Tab goes into the content, past the menu.
    await page.keyboard.press('Tab');
    expect(await page.evaluate('Boolean(document.activeElement.closest("main"))')).toBe(true);
    await context.close();
  });

  it('answers a committee one may not see with « Page introuvable » (404), and a form one may not open with « Accès refusé » (403)', async () => {
    const { context, page } = await visitor();
    await signInWithToken(context, web, await tokenFor(web.t, COMMUNE_MEMBER));
    const missing = await page.goto(`${web.baseUrl}/comites/00000000-0000-4000-8000-000000000000`);
    expect(missing?.status()).toBe(404);
    await page.getByRole('heading', { level: 1, name: 'Page introuvable' }).waitFor();
    await checkPage(page, 'error-404');
    const refused = await page.goto(`${web.baseUrl}/comites/${local}/reunions/nouvelle`);
    expect(refused?.status()).toBe(403);
    await page.getByRole('heading', { level: 1, name: 'Accès refusé' }).waitFor();
    await checkPage(page, 'error-403');
    await context.close();
  });

  it('answers an address no route knows with the same « Page introuvable » in a browser, and JSON to an API client', async () => {
    const { context, page } = await visitor();
    const unknown = await page.goto(`${web.baseUrl}/nimportequoi`);
    expect(unknown?.status()).toBe(404);
    expect(unknown?.headers()['content-type']).toBe('text/html; charset=utf-8');
    await page.getByRole('heading', { level: 1, name: 'Page introuvable' }).waitFor();
    expect(await page.getByRole('main').textContent()).toContain('Ce que vous cherchez n’existe pas ou n’existe plus.');
    expect(await page.textContent('body')).not.toContain('Cannot GET');
    await checkPage(page, 'error-404-unknown-address');
    await context.close();

    // The API's clients, curl's */* included, keep their JSON; a known path with another method keeps its 405.
    const api = await fetch(`${web.baseUrl}/nimportequoi`, { headers: { Accept: 'application/json' } });
    expect(api.status).toBe(404);
    expect(await api.json()).toMatchObject({ statusCode: 404, code: 'not_found' });
    const curl = await fetch(`${web.baseUrl}/nimportequoi`, { headers: { Accept: '*/*' } });
    expect(curl.headers.get('content-type')).toMatch(/^application\/json/);
    const put = await fetch(`${web.baseUrl}/connexion`, { method: 'PUT', headers: { Accept: 'text/html' } });
    expect(put.status).toBe(405);
  });
});
