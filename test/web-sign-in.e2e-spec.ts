import { Browser } from 'playwright-core';
import { checkPage, launchBrowser, newVisitor, signInLinkFor, startWebApp, WebApp } from './support/browser';
import { importCurrentGrenoble } from './support/current-convention';
import { ConvocationsWorkerModule } from '../src/convocations/convocations-worker.module';

// A browser, axe-core and two screenshots per page: slow on a busy machine, never a timed assertion.
jest.setTimeout(300_000);

const DIRECTOR = 'anne.bouvier@ac-grenoble.example.fr';

describe('pages: signing in from a browser with one’s email only', () => {
  let web: WebApp;
  let browser: Browser;

  beforeAll(async () => {
    [web, browser] = await Promise.all([startWebApp({ imports: [ConvocationsWorkerModule] }), launchBrowser()]);
    await importCurrentGrenoble(web.t);
  });
  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });

  it('lets a director known only by the registry sign in through the emailed link, then sign out', async () => {
    const { context, page } = await newVisitor(browser);
    await page.goto(`${web.baseUrl}/`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Connexion');
    await checkPage(page, 'sign-in');

    await page.getByLabel('Adresse électronique').fill(DIRECTOR);
    await page.getByRole('button', { name: 'Recevoir un lien de connexion' }).click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Vérifiez votre messagerie');
    await checkPage(page, 'sign-in-sent');

    const link = await signInLinkFor(web.smtp, DIRECTOR);
    // Opening the link (as a mail scanner would) uses nothing up: opening it twice still offers the button.
    await page.goto(link);
    await page.goto(link);
    await checkPage(page, 'sign-in-link');
    await page.getByRole('button', { name: 'Me connecter' }).click();

    await page.waitForURL(`${web.baseUrl}/`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Mes comités');
    // Her committees, found through her seats: the local one she convenes, the departmental one she sits on.
    const local = page.getByRole('article').filter({ has: page.getByRole('heading', { name: 'Comité de pilotage local' }) });
    expect(await local.textContent()).toContain('Vous le convoquez et y siégez');
    expect(await local.getByRole('link', { name: 'Programmer une réunion' }).count()).toBe(1);
    const departmental = page.getByRole('article').filter({ has: page.getByRole('heading', { name: 'Comité de pilotage départemental' }) });
    expect(await departmental.textContent()).toContain('Vous y siégez');
    expect(await departmental.getByRole('link', { name: 'Programmer une réunion' }).count()).toBe(0);
    await checkPage(page, 'home');
    const cookies = await context.cookies();
    expect(cookies.find((cookie) => cookie.name === 'copil_session')).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
    const [account] = await web.t.dataSource.query(
      `SELECT a.active FROM accounts a JOIN people p ON p.id = a.person_id WHERE p.email = $1`,
      [DIRECTOR],
    );
    expect(account).toEqual({ active: true });

    // The link worked once.
    const second = await newVisitor(browser);
    await second.page.goto(link);
    await second.page.getByRole('button', { name: 'Me connecter' }).click();
    expect(await second.page.getByRole('heading', { level: 1 }).textContent()).toBe('Ce lien n’est plus valable');
    await second.context.close();

    await page.getByRole('button', { name: 'Se déconnecter' }).click();
    await page.waitForURL(/\/connexion/);
    await page.goto(`${web.baseUrl}/`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Connexion');
    await context.close();
  });

  it('sends no link to an address the registry does not know, and says the same thing', async () => {
    const { context, page } = await newVisitor(browser);
    await page.goto(`${web.baseUrl}/connexion`);
    await page.getByLabel('Adresse électronique').fill('inconnu@example.fr');
    await page.getByRole('button', { name: 'Recevoir un lien de connexion' }).click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Vérifiez votre messagerie');
    const accounts = await web.t.dataSource.query(`SELECT count(*)::int AS n FROM people WHERE email = 'inconnu@example.fr'`);
    expect(accounts).toEqual([{ n: 0 }]);
    await context.close();
  });

  it('shows a malformed address again with a French message beside the field', async () => {
    const { context, page } = await newVisitor(browser);
    await page.goto(`${web.baseUrl}/connexion`);
    await page.getByLabel('Adresse électronique').fill('pas-une-adresse');
    await page.getByRole('button', { name: 'Recevoir un lien de connexion' }).click();
    const field = page.getByLabel('Adresse électronique');
    expect(await field.inputValue()).toBe('pas-une-adresse');
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    const described = (await field.getAttribute('aria-describedby')) ?? '';
    const message = await page.locator(`#${described.split(/\s+/).filter((id) => id.endsWith('-error'))[0]}`).textContent();
    expect(message).toContain('Indiquez votre adresse électronique');
    expect(await page.getByRole('alert').getByRole('link').first().getAttribute('href')).toBe('#email');
    await checkPage(page, 'sign-in-error');
    await context.close();
  });

  it('refuses a form posted without its CSRF token', async () => {
    const res = await fetch(`${web.baseUrl}/connexion`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'email=anne.bouvier%40ac-grenoble.example.fr',
    });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('Formulaire expiré');
  });
});
