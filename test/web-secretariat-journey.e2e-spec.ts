import { readFileSync } from 'node:fs';
import { Browser } from 'playwright-core';
import { asAdmin, tokenFor } from './support/auth-helpers';
import { checkPage, launchBrowser, newVisitor, signInThroughEmail, startWebApp, WebApp } from './support/browser';
import { exampleText, grantDepartement, importExample } from './support/builders';
import { ConvocationsWorkerModule } from '../src/convocations/convocations-worker.module';

// A browser, axe-core and two screenshots per page: slow on a busy machine, never a timed assertion.
jest.setTimeout(900_000);

/** Monday 1 December 2025, 9:00 in Paris: the first school term ends with the Christmas holidays (20 December). */
const TODAY = '2025-12-01T08:00:00Z';
const GRENOBLE = 'grenoble-crets-en-belledonne-2016';
const SECRETARIAT = 'sylvie.morel@ac-grenoble.example.fr';
const ACADEMIE = 'marc.vial@ac-grenoble.example.fr';

describe('the journey: the DASEN’s secretariat finds what is behind, keeps the registry, and proves the convocations', () => {
  let web: WebApp;
  let browser: Browser;

  beforeAll(async () => {
    [web, browser] = await Promise.all([startWebApp({ imports: [ConvocationsWorkerModule] }), launchBrowser()]);
    web.t.clock.set(TODAY);
    await importExample(web.t, GRENOBLE, '2025-09-01');
    await importExample(web.t, 'amiens-somme-numerique-2013', '2025-01-06');
    await grantDepartement(web.t, SECRETARIAT, '38');
    await tokenFor(web.t, ACADEMIE, [{ role: 'secretariat' }]);
    // The DASEN convened the departmental committee for 15 January (through the API, as his office's tool does).
    const admin = await asAdmin(web.t);
    const [departmental]: { id: string }[] = await web.t.dataSource.query(`SELECT id FROM committees WHERE key = 'copil-departemental'`);
    const meeting = await web.t.http().post(`/committees/${departmental.id}/meetings`).set(admin).send({
      start: '2026-01-15T14:00',
      end: '2026-01-15T16:00',
      location: 'DSDEN de l’Isère, salle du conseil',
      agenda: [{ title: 'Bilan du premier trimestre' }],
    });
    if (meeting.status !== 201) throw new Error(`scheduling failed: ${meeting.status} ${JSON.stringify(meeting.body)}`);
    const convened = await web.t.http().post(`/meetings/${meeting.body.id}/convene`).set(admin).send({});
    if (convened.status !== 201) throw new Error(`convening failed: ${convened.status} ${JSON.stringify(convened.body)}`);
  });
  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });

  it('signs in, finds the committee at risk and its last day, exports, fixes a definition after a French error, confirms it, and downloads a register', async () => {
    const { page } = await newVisitor(browser);
    await signInThroughEmail(page, web, SECRETARIAT);
    const menu = page.getByRole('navigation', { name: 'Menu principal' });

    // Which of her committees are behind, and by when to convene.
    await menu.getByRole('link', { name: 'Suivi des comités' }).click();
    await page.getByRole('checkbox', { name: 'À risque' }).check();
    await page.getByRole('checkbox', { name: 'Manqué' }).check();
    await page.getByRole('button', { name: 'Filtrer' }).click();
    await page.waitForURL(/situation=missed/);
    const behind = page.getByRole('table').getByRole('row').filter({ hasText: 'Comité de pilotage local' });
    expect(await behind.textContent()).toContain('À risque');
    expect(await behind.textContent()).toContain('jeudi 11 décembre 2025');
    expect(await page.getByRole('table').getByRole('row').count()).toBe(2);

    // She exports them.
    const [exported] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Exporter la liste (CSV)' }).click()]);
    const csv = readFileSync(await exported.path(), 'utf8');
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv.trimEnd().split('\r\n')).toHaveLength(2);
    expect(csv).toContain('Comité de pilotage local — École élémentaire;Comité de pilotage;À risque;');
    expect(csv).toContain(';11/12/2025;');

    // The convention's definition, replaced: first with a mistake in the time zone.
    await menu.getByRole('link', { name: 'Conventions' }).click();
    await page.getByRole('link', { name: 'Convention de partenariat « Collèges numériques et innovation pédagogique »' }).click();
    const correct = exampleText(GRENOBLE, '2025-09-01').replace(/^title: .*$/m, 'title: Convention « Collèges numériques », avenant de 2025');
    const mistaken = correct.replace('timeZone: Europe/Paris', 'timeZone: Europe/Pariss');
    const mistakeLine = mistaken.split('\n').findIndex((line) => line.startsWith('timeZone:')) + 1;
    const fileField = page.getByLabel('Nouveau fichier de définition (YAML ou JSON)');
    await fileField.setInputFiles({ name: 'grenoble.yaml', mimeType: 'application/yaml', buffer: Buffer.from(mistaken, 'utf8') });
    await page.getByRole('button', { name: 'Voir les changements' }).click();
    const error = page.locator('#fichier-error');
    await error.waitFor();
    expect(await error.textContent()).toContain(`Ligne ${mistakeLine}\u00A0: Le champ timeZone\u00A0: un fuseau horaire IANA, par exemple Europe/Paris, est attendu ici.`);
    expect(await error.textContent()).toContain('«\u00A0Europe/Pariss\u00A0»');
    expect(await page.getByLabel('Nouveau fichier de définition (YAML ou JSON)').getAttribute('aria-describedby')).toContain('fichier-error');
    expect(await page.getByRole('alert').getByRole('link').first().getAttribute('href')).toBe('#fichier');
    await checkPage(page, 'convention-error');

    // Fixed: the preview says what changes; nothing is written until she confirms.
    await page.getByLabel('Nouveau fichier de définition (YAML ou JSON)').setInputFiles({ name: 'grenoble.yaml', mimeType: 'application/yaml', buffer: Buffer.from(correct, 'utf8') });
    await page.getByRole('button', { name: 'Voir les changements' }).click();
    await page.getByRole('heading', { level: 1, name: 'Aperçu du remplacement' }).waitFor();
    expect(await page.getByRole('region', { name: 'Modifiés' }).textContent()).toContain(`Convention\u00A0: ${GRENOBLE} — titre`);
    await checkPage(page, 'convention-preview');
    expect(await web.t.dataSource.query(`SELECT title FROM conventions WHERE reference = $1`, [GRENOBLE])).toEqual([
      { title: 'Convention de partenariat « Collèges numériques et innovation pédagogique »' },
    ]);
    await page.getByRole('button', { name: 'Confirmer le remplacement' }).click();
    await page.getByRole('status').getByText('La définition de la convention est remplacée par le fichier importé.').waitFor();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Convention « Collèges numériques », avenant de 2025');
    expect(await web.t.dataSource.query(`SELECT title FROM conventions WHERE reference = $1`, [GRENOBLE])).toEqual([{ title: 'Convention « Collèges numériques », avenant de 2025' }]);

    // The trail says who changed what, before → after.
    await page.getByRole('link', { name: 'Historique des modifications' }).click();
    await page.getByRole('heading', { level: 1, name: 'Historique' }).waitFor();
    const latest = (await page.getByRole('table').getByRole('row').nth(1).textContent()) ?? '';
    expect(latest).toContain('Convention\u00A0: modification');
    expect(latest).toContain(`Sylvie Morel <${SECRETARIAT}>`);
    expect(latest).toContain('titre\u00A0: Convention de partenariat « Collèges numériques et innovation pédagogique » → Convention « Collèges numériques », avenant de 2025');
    await checkPage(page, 'audit-convention');
    await page.getByRole('link', { name: 'Retour à la convention' }).click();

    // The proof of sending of the departmental committee's convocations.
    await page.getByRole('region', { name: 'Comités' }).getByRole('link', { name: 'Comité de pilotage départemental' }).click();
    await page.getByRole('link', { name: /15 janvier 2026/ }).first().click();
    const [register] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Registre d’envoi des convocations (CSV)' }).click()]);
    const lines = readFileSync(await register.path(), 'utf8').trimEnd().split('\r\n');
    expect(lines[0]).toContain('Destinataire;Adresse;Qualité;Message');
    expect(lines.slice(1).join('\n')).toContain('dominique.faure@ac-grenoble.example.fr');
    await page.getByRole('link', { name: 'Historique des modifications' }).click();
    expect(await page.getByRole('table').textContent()).toContain('Réunion\u00A0: création');
    expect(await page.getByRole('table').textContent()).toContain('Convocation\u00A0: création');
    // The fields in French: the start of the meeting is « début », not « startsAt ».
    expect(await page.getByRole('table').textContent()).toContain('début\u00A0: ');
    expect(await page.getByRole('table').textContent()).not.toContain('startsAt');
    await checkPage(page, 'audit-meeting');
  });

  it('shows the académie every convention and all their committees', async () => {
    const { page } = await newVisitor(browser);
    await signInThroughEmail(page, web, ACADEMIE);
    await page.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name: 'Suivi des comités' }).click();
    await page.getByRole('heading', { name: '3 comités' }).waitFor();
    expect((await page.getByRole('table').textContent()) ?? '').toContain('Comité de pilotage des animations');
    await page.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name: 'Conventions' }).click();
    expect(await page.getByRole('article').count()).toBe(2);
  });
});
