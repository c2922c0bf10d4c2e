import { Browser } from 'playwright-core';
import { asAdmin, tokenFor } from './support/auth-helpers';
import { checkPage, launchBrowser, newVisitor, signInThroughEmail, signInWithToken, startWebApp, WebApp } from './support/browser';
import { grantDepartement, importExample } from './support/builders';
import { eventually } from './support/eventually';
import { ConvocationsWorkerModule } from '../src/convocations/convocations-worker.module';

// A browser, axe-core and two screenshots per page: slow on a busy machine, never a timed assertion.
jest.setTimeout(600_000);

/** Monday 1 December 2025, 9:00 in Paris. */
const TODAY = '2025-12-01T08:00:00Z';
const SECRETARIAT = 'sylvie.morel@ac-grenoble.example.fr';
const DIRECTOR = 'anne.bouvier@ac-grenoble.example.fr';
const MAYOR = 'jean-louis.maret@cretsenbelledonne.example.fr';
const MAYOR_NEW = 'jl.maret@mairie-cretsenbelledonne.example.fr';
const COMMUNE_MEMBER = 'gerard.rey@cretsenbelledonne.example.fr';

describe('« Personnes »: a secretariat finds a person, sees the effect of a change on quorum before confirming it, and corrects an address', () => {
  let web: WebApp;
  let browser: Browser;
  let meetingId: string;
  let mayorMembership: string;

  beforeAll(async () => {
    // Sign-in links and convocations leave through the outbox: the worker sends them.
    [web, browser] = await Promise.all([startWebApp({ imports: [ConvocationsWorkerModule] }), launchBrowser()]);
    web.t.clock.set(TODAY);
    await importExample(web.t, 'grenoble-crets-en-belledonne-2016', '2025-09-01');
    await grantDepartement(web.t, SECRETARIAT, '38');
    const [departmental]: { id: string }[] = await web.t.dataSource.query(`SELECT id FROM committees WHERE key = 'copil-departemental'`);
    const meeting = await web.t
      .http()
      .post(`/committees/${departmental.id}/meetings`)
      .set(await asAdmin(web.t))
      .send({ start: '2026-01-15T14:00', end: '2026-01-15T16:00', agenda: [{ title: 'Bilan du trimestre' }] });
    expect(meeting.status).toBe(201);
    meetingId = meeting.body.id;
    const [row]: { id: string }[] = await web.t.dataSource.query(
      `SELECT m.id FROM memberships m JOIN people p ON p.id = m.person_id JOIN seats s ON s.id = m.seat_id WHERE p.email = $1 AND s.committee_id = $2`,
      [MAYOR, departmental.id],
    );
    mayorMembership = row.id;
  });
  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });

  it('finds the mayor, reads that ending his term leaves the commune without anyone at the January meeting, and cancels: nothing is written', async () => {
    const { context, page } = await newVisitor(browser);
    await signInThroughEmail(page, web, SECRETARIAT);
    await page.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name: 'Personnes' }).click();
    await page.getByRole('heading', { level: 1, name: 'Personnes' }).waitFor();
    await checkPage(page, 'people');
    await page.getByLabel('Nom, adresse électronique ou organisme').fill('maret');
    await page.getByRole('button', { name: 'Rechercher' }).click();
    expect(await page.getByRole('status').textContent()).toBe('Une personne correspond.');
    await checkPage(page, 'people-results');
    await page.getByRole('link', { name: 'Jean-Louis Maret' }).click();
    await page.getByRole('heading', { level: 1, name: 'Jean-Louis Maret' }).waitFor();
    await checkPage(page, 'person');

    const seat = page.getByRole('region', { name: /^trois représentants des collectivités locales — Comité de pilotage départemental/ });
    await seat.getByLabel('Dernier jour du mandat').fill('2025-12-31');
    await seat.getByRole('button', { name: 'Mettre fin au mandat…' }).click();
    await page.getByRole('heading', { level: 1, name: 'Mettre fin au mandat de Jean-Louis Maret' }).waitFor();
    const effect = await page.getByRole('region', { name: 'Effet sur le quorum' }).textContent();
    expect(effect).toContain('Ce siège restera vacant\u00A0: le quorum de la réunion du jeudi 15 janvier 2026 ne pourra plus être atteint');
    expect(effect).toContain('personne ne pourrait y représenter ce signataire');
    await checkPage(page, 'person-confirm-end');
    await page.getByRole('link', { name: 'Annuler' }).click();
    await page.getByRole('heading', { level: 1, name: 'Jean-Louis Maret' }).waitFor();
    expect(await web.t.dataSource.query(`SELECT ends_on FROM memberships WHERE id = $1`, [mayorMembership])).toEqual([{ ends_on: null }]);
    await context.close();
  });

  it('replaces his address: a wrong one is refused beside its field, the right one confirmed and traced, and the next convocation goes to it', async () => {
    const { context, page } = await newVisitor(browser);
    await signInThroughEmail(page, web, SECRETARIAT);
    const [mayor]: { id: string }[] = await web.t.dataSource.query(`SELECT id FROM people WHERE email = $1`, [MAYOR]);
    await page.goto(`${web.baseUrl}/personnes/${mayor.id}`);

    const form = page.getByRole('form', { name: 'Corriger l’adresse' });
    await form.getByLabel('Nouvelle adresse électronique').fill('jl.maret@');
    await form.getByRole('button', { name: 'Corriger l’adresse…' }).click();
    expect(await page.getByRole('alert').textContent()).toContain('Indiquez une adresse électronique valable');
    const refused = page.getByRole('form', { name: 'Corriger l’adresse' }).getByLabel('Nouvelle adresse électronique');
    expect(await refused.getAttribute('aria-invalid')).toBe('true');
    expect(await refused.inputValue()).toBe('jl.maret@');
    await checkPage(page, 'person-error');

    // Another person's address is refused too, in French, and nothing changes.
    await refused.fill(DIRECTOR);
    await page.getByRole('form', { name: 'Corriger l’adresse' }).getByRole('button', { name: 'Corriger l’adresse…' }).click();
    await page.getByRole('heading', { level: 1, name: 'Corriger l’adresse de Jean-Louis Maret' }).waitFor();
    await page.getByRole('button', { name: 'Confirmer la nouvelle adresse' }).click();
    expect(await page.getByRole('alert').textContent()).toContain('Cette adresse électronique est déjà celle d’une autre personne.');

    await page.getByRole('form', { name: 'Corriger l’adresse' }).getByLabel('Nouvelle adresse électronique').fill(MAYOR_NEW);
    await page.getByRole('form', { name: 'Corriger l’adresse' }).getByRole('button', { name: 'Corriger l’adresse…' }).click();
    const effect = await page.getByRole('region', { name: 'Effet sur le quorum' }).textContent();
    expect(effect).toContain('Sans effet sur le quorum');
    expect(effect).toContain('Les convocations déjà envoyées restent adressées à l’ancienne adresse');
    await checkPage(page, 'person-confirm-email');
    await page.getByRole('button', { name: 'Confirmer la nouvelle adresse' }).click();
    expect(await page.getByRole('status').textContent()).toContain('L’adresse électronique est corrigée');
    expect(await page.getByRole('heading', { level: 1, name: 'Jean-Louis Maret' }).locator('xpath=following-sibling::p[1]').textContent()).toContain(MAYOR_NEW);

    await page.getByRole('link', { name: 'Voir ce changement dans l’historique de Jean-Louis Maret' }).click();
    await page.getByRole('heading', { level: 1, name: 'Historique' }).waitFor();
    const trail = await page.getByRole('table').textContent();
    expect(trail).toContain('Personne\u00A0: modification');
    expect(trail).toContain(MAYOR);
    expect(trail).toContain(MAYOR_NEW);
    expect(trail).toContain('Sylvie Morel');
    await checkPage(page, 'person-history');

    // The meeting is convened now: his convocation leaves for the new address, the old one only hears of the change.
    await page.goto(`${web.baseUrl}/reunions/${meetingId}`);
    await page.getByLabel('Maintenant').check();
    await page.getByRole('button', { name: 'Convoquer' }).click();
    await page.getByRole('status').waitFor();
    const convocation = await eventually('the convocation at the new address', async () => (await web.smtp.to(MAYOR_NEW)).find((mail) => /onvocation/i.test(mail.subject ?? '')));
    expect(convocation.text).toContain('15 janvier 2026');
    const old = await eventually('the notice at the old address', async () => {
      const mails = await web.smtp.to(MAYOR);
      return mails.length > 0 && mails;
    });
    expect(old.every((mail) => !/onvocation/i.test(mail.subject ?? ''))).toBe(true);
    const [row] = await web.t.dataSource.query(`SELECT c.email FROM convocations c JOIN people p ON p.id = c.person_id WHERE p.email = $1 AND c.meeting_id = $2`, [MAYOR_NEW, meetingId]);
    expect(row.email).toBe(MAYOR_NEW);
    await context.close();
  });

  it('ends the mayor’s term, seats his substitute in his place and names hers, each with its effect on quorum and the committee’s trail', async () => {
    const { context, page } = await newVisitor(browser);
    await signInThroughEmail(page, web, SECRETARIAT);
    const [mayor]: { id: string }[] = await web.t.dataSource.query(`SELECT id FROM people WHERE email = $1`, [MAYOR_NEW]);
    await page.goto(`${web.baseUrl}/personnes/${mayor.id}`);
    const seat = page.getByRole('region', { name: /^trois représentants des collectivités locales — Comité de pilotage départemental/ });
    await seat.getByLabel('Dernier jour du mandat').fill('2025-12-31');
    await seat.getByRole('button', { name: 'Mettre fin au mandat…' }).click();
    // The meeting is convened by now: his convocation is withdrawn with the term.
    expect(await page.getByRole('region', { name: 'Effet sur le quorum' }).textContent()).toContain('La convocation de Jean-Louis Maret à cette réunion lui sera retirée.');
    await page.getByRole('button', { name: 'Confirmer la fin du mandat' }).click();
    expect(await page.getByRole('status').textContent()).toContain('Le mandat est terminé');
    expect(await web.t.dataSource.query(`SELECT ends_on::text FROM memberships WHERE id = $1`, [mayorMembership])).toEqual([{ ends_on: '2025-12-31' }]);
    await page.getByRole('link', { name: 'Voir ce changement dans l’historique du comité (Comité de pilotage départemental)' }).click();
    await page.getByRole('heading', { level: 1, name: 'Historique' }).waitFor();
    const trail = await page.getByRole('table').textContent();
    expect(trail).toContain('Mandat\u00A0: modification');
    expect(trail).toContain('2025-12-31');

    // His substitute takes a seat of the commune from January: the quorum of the 15th can be met again.
    await page.goto(`${web.baseUrl}/personnes`);
    await page.getByLabel('Nom, adresse électronique ou organisme').fill('rey');
    await page.getByRole('button', { name: 'Rechercher' }).click();
    await page.getByRole('link', { name: 'Gérard Rey' }).click();
    const add = page.getByRole('region', { name: 'Ajouter à un siège' });
    await add.getByLabel('Comité', { exact: true }).selectOption({ label: 'Comité de pilotage départemental' });
    await add.getByRole('button', { name: 'Voir les sièges de ce comité' }).click();
    const form = page.getByRole('form', { name: 'Ajouter au comité Comité de pilotage départemental' });
    await form.getByRole('button', { name: 'Ajouter à ce siège…' }).click();
    expect(await page.getByRole('alert').textContent()).toContain('Choisissez un siège.');
    await page.getByLabel('Siège au comité Comité de pilotage départemental').selectOption('collectivites');
    await page.getByLabel('Premier jour du mandat').fill('2026-01-01');
    await page.getByRole('button', { name: 'Ajouter à ce siège…' }).click();
    const effect = await page.getByRole('region', { name: 'Effet sur le quorum' }).textContent();
    expect(effect).toContain('Le quorum de la réunion du jeudi 15 janvier 2026 redevient atteignable.');
    expect(effect).toContain('Gérard Rey recevra sa convocation');
    await checkPage(page, 'person-confirm-add');
    await page.getByRole('button', { name: 'Confirmer l’ajout' }).click();
    expect(await page.getByRole('status').textContent()).toContain('Le membre est ajouté au comité');
    const region = page.getByRole('region', { name: /^trois représentants des collectivités locales — Comité de pilotage départemental/ });
    expect(await region.textContent()).toContain('Depuis le jeudi 1er janvier 2026');

    await region.getByLabel('Prénom et nom du suppléant').fill('Nadia Roux');
    await region.getByLabel('Adresse électronique du suppléant').fill('nadia.roux@cretsenbelledonne.example.fr');
    await region.getByRole('button', { name: 'Nommer un suppléant…' }).click();
    expect(await page.getByRole('region', { name: 'Effet sur le quorum' }).textContent()).toContain('le suppléant pourra y représenter Gérard Rey');
    await page.getByRole('button', { name: 'Confirmer le suppléant' }).click();
    expect(await page.getByRole('status').textContent()).toContain('Le siège est mis à jour');
    expect(await page.getByRole('region', { name: /^trois représentants des collectivités locales — Comité de pilotage départemental/ }).textContent()).toContain('Suppléant\u00A0: Nadia Roux');
    await context.close();
  });

  it('tells a director why she may not correct the address of someone who sits elsewhere, and refuses the page to a member', async () => {
    const { context, page } = await newVisitor(browser);
    await signInWithToken(context, web, await tokenFor(web.t, DIRECTOR));
    await page.goto(`${web.baseUrl}/personnes`);
    await page.getByLabel('Nom, adresse électronique ou organisme').fill('Gérard');
    await page.getByRole('button', { name: 'Rechercher' }).click();
    await page.getByRole('link', { name: 'Gérard Rey' }).click();
    expect(await page.getByRole('region', { name: 'Adresse électronique' }).textContent()).toContain('siège aussi dans un comité dont vous ne gérez pas les membres');
    expect(await page.getByRole('form', { name: 'Corriger l’adresse' }).count()).toBe(0);
    // Someone she may not see answers as someone who does not exist, as GET /people/:id does.
    const [admin]: { id: string }[] = await web.t.dataSource.query(`SELECT p.id FROM people p JOIN accounts a ON a.person_id = p.id JOIN grants g ON g.account_id = a.id WHERE g.role = 'admin' LIMIT 1`);
    const hidden = await page.goto(`${web.baseUrl}/personnes/${admin.id}`);
    expect(hidden?.status()).toBe(404);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Page introuvable');
    // The page's refusal is the API's: posted anyway, the French message beside the field, nothing changed.
    await context.close();

    // A form posted without its CSRF token is refused, and changes nothing.
    const [rey]: { id: string }[] = await web.t.dataSource.query(`SELECT id FROM people WHERE email = $1`, [COMMUNE_MEMBER]);
    const forged = await web.t
      .http()
      .post(`/personnes/${rey.id}/adresse`)
      .set('Cookie', `copil_session=${await tokenFor(web.t, SECRETARIAT)}`)
      .set('Origin', web.baseUrl)
      .type('form')
      .send({ email: 'gerard.rey@ailleurs.example.fr', confirme: 'oui' });
    expect(forged.status).toBe(403);
    expect(forged.text).toContain('Formulaire expiré');
    expect(await web.t.dataSource.query(`SELECT email FROM people WHERE id = $1`, [rey.id])).toEqual([{ email: COMMUNE_MEMBER }]);

    // An administrator passes the permission whatever the committee: a malformed one is still a French refusal, not a 500.
    const adminCookie = `copil_session=${await tokenFor(web.t, 'admin.people@copil.test', [{ role: 'admin' }])}`;
    const page400 = await web.t.http().get(`/personnes/${rey.id}`).set('Cookie', adminCookie);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page400.text)?.[1] ?? '';
    const malformed = await web.t
      .http()
      .post(`/personnes/${rey.id}/sieges`)
      .set('Cookie', adminCookie)
      .set('Origin', web.baseUrl)
      .type('form')
      .send({ _csrf: csrf, comite: 'pas-un-comite', siege: 'parent', debut: '2026-01-01' });
    expect(malformed.status).toBe(404);
    expect(malformed.text).toContain('Choisissez le comité dans la liste, puis son siège.');

    const member = await newVisitor(browser);
    await signInWithToken(member.context, web, await tokenFor(web.t, COMMUNE_MEMBER));
    const response = await member.page.goto(`${web.baseUrl}/personnes`);
    expect(response?.status()).toBe(403);
    expect(await member.page.getByRole('heading', { level: 1 }).textContent()).toBe('Accès refusé');
    expect(await member.page.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name: 'Personnes' }).count()).toBe(0);
    await member.context.close();
  });
});
