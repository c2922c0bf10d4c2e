import { Browser } from 'playwright-core';
import { asAdmin, tokenFor } from './support/auth-helpers';
import { checkPage, launchBrowser, newVisitor, signInLinkFor, signInThroughEmail, signInWithToken, startWebApp, WebApp } from './support/browser';
import { importExample } from './support/builders';
import { eventually } from './support/eventually';
import { ConvocationsWorkerModule } from '../src/convocations/convocations-worker.module';

// A browser, axe-core and two screenshots per page: slow on a busy machine, never a timed assertion.
jest.setTimeout(600_000);

/** Monday 1 December 2025, 9:00 in Paris. */
const TODAY = '2025-12-01T08:00:00Z';
const INVITED = 'claire.dumas@ac-grenoble.example.fr';
const MEMBER = 'gerard.rey@cretsenbelledonne.example.fr';

describe('« Comptes »: an administrator invites, grants a département role, and cannot deactivate the last administrator', () => {
  let web: WebApp;
  let browser: Browser;
  let adminEmail: string;

  beforeAll(async () => {
    // Sign-in links, invitations included, leave through the outbox: the worker sends them.
    [web, browser] = await Promise.all([startWebApp({ imports: [ConvocationsWorkerModule] }), launchBrowser()]);
    web.t.clock.set(TODAY);
    await importExample(web.t, 'grenoble-crets-en-belledonne-2016', '2025-09-01');
    // The administrator who imported it is the only one.
    await asAdmin(web.t);
    const admins: { email: string }[] = await web.t.dataSource.query(
      `SELECT p.email FROM grants g JOIN accounts a ON a.id = g.account_id JOIN people p ON p.id = a.person_id WHERE g.role = 'admin' AND a.active`,
    );
    expect(admins).toHaveLength(1);
    adminEmail = admins[0].email;
  });
  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });

  it('invites someone copil does not know (her name asked first), and she signs in from the invitation', async () => {
    const { context, page } = await newVisitor(browser);
    await signInThroughEmail(page, web, adminEmail);
    await page.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name: 'Comptes' }).click();
    await page.getByRole('heading', { level: 1, name: 'Comptes' }).waitFor();
    await checkPage(page, 'accounts');

    const invite = page.getByRole('form', { name: 'Inviter une personne' });
    await invite.getByLabel('Adresse électronique').fill(INVITED);
    await invite.getByRole('button', { name: 'Inviter' }).click();
    expect(await page.getByRole('alert').textContent()).toContain('copil ne connaît personne à cette adresse');
    const name = page.getByRole('form', { name: 'Inviter une personne' }).getByLabel('Prénom et nom');
    expect(await name.getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByRole('form', { name: 'Inviter une personne' }).getByLabel('Adresse électronique').inputValue()).toBe(INVITED);
    expect(await web.t.dataSource.query(`SELECT id FROM people WHERE email = $1`, [INVITED])).toEqual([]);
    await checkPage(page, 'accounts-error');

    await name.fill('Claire Dumas');
    await page.getByRole('form', { name: 'Inviter une personne' }).getByRole('button', { name: 'Inviter' }).click();
    await page.getByRole('heading', { level: 1, name: 'Compte de Claire Dumas' }).waitFor();
    expect(await page.getByRole('status').textContent()).toContain('Le compte est ouvert');

    // Inviting her again is refused beside the address.
    await page.goto(`${web.baseUrl}/comptes`);
    await page.getByRole('form', { name: 'Inviter une personne' }).getByLabel('Adresse électronique').fill(INVITED);
    await page.getByRole('form', { name: 'Inviter une personne' }).getByRole('button', { name: 'Inviter' }).click();
    expect(await page.getByRole('alert').textContent()).toContain('Cette personne a déjà un compte.');
    await context.close();

    const invitation = await eventually('the invitation', async () => (await web.smtp.to(INVITED)).find((mail) => /compte copil est ouvert/.test(mail.subject ?? '')));
    expect(invitation.text).toContain('Administratrice de test vous a ouvert un compte sur copil');
    const invited = await newVisitor(browser);
    await invited.page.goto(await signInLinkFor(web.smtp, INVITED));
    await invited.page.getByRole('button', { name: 'Me connecter' }).click();
    await invited.page.waitForURL(`${web.baseUrl}/`);
    expect(await invited.page.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name: 'Comptes' }).count()).toBe(0);
    const refused = await invited.page.goto(`${web.baseUrl}/comptes`);
    expect(refused?.status()).toBe(403);
    await invited.context.close();
  });

  it('grants the secretariat of département 38, after saying which field is missing; she then follows the Isère', async () => {
    const { context, page } = await newVisitor(browser);
    await signInThroughEmail(page, web, adminEmail);
    await page.goto(`${web.baseUrl}/comptes`);
    await page.getByRole('link', { name: 'Claire Dumas' }).click();
    await checkPage(page, 'account');

    const form = page.getByRole('form', { name: 'Accorder un rôle' });
    await form.getByLabel('Rôle').selectOption({ label: 'Secrétariat' });
    await form.getByLabel('Un département').check();
    await form.getByRole('button', { name: 'Accorder le rôle' }).click();
    expect(await page.getByRole('alert').textContent()).toContain('Indiquez le numéro du département');
    const departement = page.getByRole('form', { name: 'Accorder un rôle' }).getByLabel('Département (code INSEE)');
    expect(await departement.getAttribute('aria-invalid')).toBe('true');
    expect(await web.t.dataSource.query(`SELECT g.id FROM grants g JOIN accounts a ON a.id = g.account_id JOIN people p ON p.id = a.person_id WHERE p.email = $1`, [INVITED])).toEqual([]);
    await checkPage(page, 'account-error');

    await departement.fill('38');
    await page.getByRole('form', { name: 'Accorder un rôle' }).getByRole('button', { name: 'Accorder le rôle' }).click();
    expect(await page.getByRole('status').textContent()).toContain('Le rôle est accordé');
    expect(await page.getByRole('region', { name: 'Rôles' }).textContent()).toContain('Secrétariat — toutes les conventions du département 38');
    const grants = await web.t.dataSource.query(
      `SELECT g.role, g.departement, g.convention_id FROM grants g JOIN accounts a ON a.id = g.account_id JOIN people p ON p.id = a.person_id WHERE p.email = $1`,
      [INVITED],
    );
    expect(grants).toEqual([{ role: 'secretariat', departement: '38', convention_id: null }]);
    await context.close();

    const invited = await newVisitor(browser);
    await signInWithToken(invited.context, web, await tokenFor(web.t, INVITED));
    await invited.page.goto(`${web.baseUrl}/`);
    const menu = invited.page.getByRole('navigation', { name: 'Menu principal' });
    expect(await menu.getByRole('link', { name: 'Suivi des comités' }).count()).toBe(1);
    expect(await menu.getByRole('link', { name: 'Personnes' }).count()).toBe(1);
    await invited.context.close();
  });

  it('refuses every form posted without its CSRF token, writing nothing', async () => {
    const session = `copil_session=${await tokenFor(web.t, adminEmail)}`;
    const [account]: { id: string }[] = await web.t.dataSource.query(`SELECT a.id FROM accounts a JOIN people p ON p.id = a.person_id WHERE p.email = $1`, [INVITED]);
    const forms: Array<[string, Record<string, string>]> = [
      ['/comptes/invitation', { email: 'paul.nouveau@example.fr', nom: 'Paul Nouveau' }],
      [`/comptes/${account.id}/roles`, { role: 'admin', portee: 'tout' }],
      [`/comptes/${account.id}/etat`, { actif: 'non' }],
    ];
    for (const [path, fields] of forms) {
      const response = await web.t.http().post(path).set('Cookie', session).set('Origin', web.baseUrl).type('form').send(fields);
      expect({ path, status: response.status, text: response.text.includes('Formulaire expiré') }).toEqual({ path, status: 403, text: true });
    }
    expect(await web.t.dataSource.query(`SELECT id FROM people WHERE email = 'paul.nouveau@example.fr'`)).toEqual([]);
    expect(await web.t.dataSource.query(`SELECT active FROM accounts WHERE id = $1`, [account.id])).toEqual([{ active: true }]);
    expect(await web.t.dataSource.query(`SELECT id FROM grants WHERE account_id = $1 AND role = 'admin'`, [account.id])).toEqual([]);
  });

  it('refuses to deactivate the last administrator or take its role, in French, and deactivates another account', async () => {
    const { context, page } = await newVisitor(browser);
    await signInThroughEmail(page, web, adminEmail);
    await page.goto(`${web.baseUrl}/comptes`);
    await page.getByRole('row').filter({ hasText: '(vous)' }).getByRole('link').click();
    await page.getByRole('heading', { level: 1, name: 'Compte de Administratrice de test' }).waitFor();

    await page.getByLabel(/C’est mon propre compte/).check();
    await page.getByRole('button', { name: 'Désactiver le compte' }).click();
    expect(await page.getByRole('alert').textContent()).toContain('C’est le dernier compte administrateur actif');
    await checkPage(page, 'account-last-admin');
    await page.getByRole('button', { name: /Retirer le rôle Administration/ }).click();
    expect(await page.getByRole('alert').textContent()).toContain('C’est le dernier compte administrateur actif');
    const [still] = await web.t.dataSource.query(
      `SELECT a.active, count(g.id)::int AS admin FROM accounts a JOIN people p ON p.id = a.person_id LEFT JOIN grants g ON g.account_id = a.id AND g.role = 'admin' WHERE p.email = $1 GROUP BY a.active`,
      [adminEmail],
    );
    expect(still).toEqual({ active: true, admin: 1 });

    // Another account goes at once; its sessions no longer open anything.
    const memberToken = await tokenFor(web.t, MEMBER);
    await page.goto(`${web.baseUrl}/comptes`);
    await page.getByRole('link', { name: 'Gérard Rey' }).click();
    await page.getByRole('button', { name: 'Désactiver le compte' }).click();
    expect(await page.getByRole('status').textContent()).toContain('Le compte est désactivé');
    const member = await newVisitor(browser);
    await signInWithToken(member.context, web, memberToken);
    await member.page.goto(`${web.baseUrl}/`);
    expect(member.page.url()).toContain('/connexion');
    await member.context.close();
    await context.close();
  });

  it('lets an administrator deactivate her own account once another administrator exists, only with the box ticked, and signs her out', async () => {
    const { context, page } = await newVisitor(browser);
    await signInThroughEmail(page, web, adminEmail);
    await page.goto(`${web.baseUrl}/comptes`);
    await page.getByRole('link', { name: 'Claire Dumas' }).click();
    const form = page.getByRole('form', { name: 'Accorder un rôle' });
    await form.getByLabel('Rôle').selectOption({ label: 'Administration' });
    await form.getByLabel('Une académie').check();
    await form.getByLabel('Académie', { exact: true }).selectOption('Grenoble');
    await form.getByRole('button', { name: 'Accorder le rôle' }).click();
    expect(await page.getByRole('alert').textContent()).toContain('Le rôle d’administrateur vaut pour tout copil');
    await page.getByRole('form', { name: 'Accorder un rôle' }).getByLabel(/^Tout/).check();
    await page.getByRole('form', { name: 'Accorder un rôle' }).getByRole('button', { name: 'Accorder le rôle' }).click();
    expect(await page.getByRole('region', { name: 'Rôles' }).textContent()).toContain('Administration — tout copil');

    await page.goto(`${web.baseUrl}/comptes`);
    await page.getByRole('row').filter({ hasText: '(vous)' }).getByRole('link').click();
    await page.getByRole('button', { name: 'Désactiver le compte' }).click();
    expect(await page.getByRole('alert').textContent()).toContain('C’est votre propre compte\u00A0: cochez la case');
    expect(await page.getByLabel(/C’est mon propre compte/).getAttribute('aria-invalid')).toBe('true');
    await checkPage(page, 'account-self');
    expect(await web.t.dataSource.query(`SELECT a.active FROM accounts a JOIN people p ON p.id = a.person_id WHERE p.email = $1`, [adminEmail])).toEqual([{ active: true }]);

    await page.getByLabel(/C’est mon propre compte/).check();
    await page.getByRole('button', { name: 'Désactiver le compte' }).click();
    await page.waitForURL(/\/connexion/);
    expect(await web.t.dataSource.query(`SELECT a.active FROM accounts a JOIN people p ON p.id = a.person_id WHERE p.email = $1`, [adminEmail])).toEqual([{ active: false }]);
    const response = await page.goto(`${web.baseUrl}/comptes`);
    expect(response?.url()).toContain('/connexion');
    await context.close();
  });
});
