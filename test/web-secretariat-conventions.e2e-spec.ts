import { readFileSync } from 'node:fs';
import { Browser } from 'playwright-core';
import { SESSION_COOKIE } from '../src/auth/credentials';
import { asAdmin, tokenFor } from './support/auth-helpers';
import { checkPage, launchBrowser, newVisitor, signInWithToken, startWebApp, WebApp } from './support/browser';
import { exampleText, grantDepartement, importExample } from './support/builders';

// A browser, axe-core and two screenshots per page: slow on a busy machine, never a timed assertion.
jest.setTimeout(600_000);

const TODAY = '2025-12-01T08:00:00Z';
const GRENOBLE = 'grenoble-crets-en-belledonne-2016';
const AMIENS = 'amiens-somme-numerique-2013';
const GUYANE = 'guyane-remire-montjoly-2015';
const MONTPELLIER = 'montpellier-ent-ecole-2020';
const REUNION = 'reunion-saint-denis-2017';
const SECRETARIAT = 'sylvie.morel@ac-grenoble.example.fr';
const ACADEMIE = 'marc.vial@ac-grenoble.example.fr';
const DIRECTOR = 'anne.bouvier@ac-grenoble.example.fr';

describe('a convention’s page: its terms, schools and committees, and its definition replaced only as previewed', () => {
  let web: WebApp;
  let browser: Browser;

  beforeAll(async () => {
    [web, browser] = await Promise.all([startWebApp(), launchBrowser()]);
    web.t.clock.set(TODAY);
    // Grenoble for four months from 1 September: it ends on 31 December, within the month.
    await importExample(web.t, GRENOBLE, '2025-09-01', 4);
    // Amiens as signed, in 2013 for three years: ended long ago.
    await importExample(web.t, AMIENS, '2013-10-16', 36);
    await grantDepartement(web.t, SECRETARIAT, '38');
  });
  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });

  async function session(email: string, grants: Parameters<typeof tokenFor>[2] = []) {
    const secret = await tokenFor(web.t, email, grants);
    const cookie = `${SESSION_COOKIE}=${secret}`;
    return { secret, cookie };
  }

  it('shows the parties, dates, notice, schools with their UAI and committees, flags the end, and downloads the definition', async () => {
    const { context, page } = await newVisitor(browser);
    await signInWithToken(context, web, (await session(SECRETARIAT)).secret);
    await page.goto(`${web.baseUrl}/`);
    await page.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name: 'Conventions' }).click();
    await page.getByRole('heading', { level: 1, name: 'Conventions' }).waitFor();
    // The Isère only: Amiens is not hers.
    expect(await page.getByRole('article').count()).toBe(1);
    expect(await page.getByRole('article').textContent()).toContain('Expire bientôt');
    await checkPage(page, 'conventions');

    await page.getByRole('link', { name: 'Convention de partenariat « Collèges numériques et innovation pédagogique »' }).click();
    await page.getByRole('heading', { level: 1 }).waitFor();
    const text = (await page.getByRole('main').textContent()) ?? '';
    expect(text).toContain('Expire bientôt');
    expect(text).toContain('Académie de Grenoble');
    expect(text).toContain('Commune de Crêts en Belledonne');
    expect(text).toContain('Signée lelundi 1er septembre 2025');
    expect(text).toContain('en vigueur jusqu’au mercredi 31 décembre 2025');
    expect(text).toContain('3\u00A0mois, par lettre recommandée avec accusé de réception');
    const school = page.getByRole('region', { name: 'Écoles et établissements' }).getByRole('row').filter({ hasText: '0382460T' });
    expect(await school.textContent()).toContain('Crêts en Belledonne');
    await page.getByRole('region', { name: 'Comités' }).getByRole('link', { name: 'Comité de pilotage départemental' }).waitFor();
    await checkPage(page, 'convention');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Télécharger la définition actuelle (YAML)' }).click()]);
    expect(download.suggestedFilename()).toBe(`${GRENOBLE}.yaml`);
    expect(readFileSync(await download.path(), 'utf8')).toContain(`reference: ${GRENOBLE}`);
  });

  it('shows the académie every convention, the ended one flagged', async () => {
    const { context, page } = await newVisitor(browser);
    await signInWithToken(context, web, (await session(ACADEMIE, [{ role: 'secretariat' }])).secret);
    await page.goto(`${web.baseUrl}/suivi/conventions`);
    expect(await page.getByRole('article').count()).toBe(2);
    const amiens = page.getByRole('article').filter({ hasText: 'Somme numérique' });
    expect(await amiens.textContent()).toContain('Terminée');
  });

  it('applies only the file previewed: an altered one is refused and nothing is written', async () => {
    const { cookie } = await session(SECRETARIAT);
    const csrfOf = async (path: string) => /name="_csrf" value="([^"]+)"/.exec(await (await fetch(`${web.baseUrl}${path}`, { headers: { cookie } })).text())?.[1] as string;
    const csrf = await csrfOf(`/suivi/conventions/${GRENOBLE}`);
    const renamed = exampleText(GRENOBLE, '2025-09-01', 4).replace(/^title: .*$/m, 'title: Convention renommée');
    const form = new FormData();
    form.append('_csrf', csrf);
    form.append('fichier', new Blob([renamed], { type: 'application/yaml' }), 'grenoble.yaml');
    const preview = await fetch(`${web.baseUrl}/suivi/conventions/${GRENOBLE}/apercu`, { method: 'POST', headers: { cookie, origin: web.baseUrl }, body: form });
    expect(preview.status).toBe(200);
    const html = await preview.text();
    expect(html).toContain('Confirmer le remplacement');
    const signature = /name="signature" value="([^"]+)"/.exec(html)?.[1] as string;
    const altered = Buffer.from(renamed.replace('Convention renommée', 'Convention détournée'), 'utf8').toString('base64');
    const refused = await fetch(`${web.baseUrl}/suivi/conventions/${GRENOBLE}/definition`, {
      method: 'POST',
      headers: { cookie, origin: web.baseUrl, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: csrf, definition: altered, signature }).toString(),
      redirect: 'manual',
    });
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain('La convention a changé depuis l’aperçu');
    expect(await web.t.dataSource.query(`SELECT title FROM conventions WHERE reference = $1`, [GRENOBLE])).toEqual([
      { title: 'Convention de partenariat « Collèges numériques et innovation pédagogique »' },
    ]);
  });

  it('offers no upload to a director, and refuses hers', async () => {
    const { cookie } = await session(DIRECTOR);
    const page = await fetch(`${web.baseUrl}/suivi/conventions/${GRENOBLE}`, { headers: { cookie } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).not.toContain('Voir les changements');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1] as string;
    const form = new FormData();
    form.append('_csrf', csrf);
    form.append('fichier', new Blob([exampleText(GRENOBLE, '2025-09-01', 4)], { type: 'application/yaml' }), 'grenoble.yaml');
    const refused = await fetch(`${web.baseUrl}/suivi/conventions/${GRENOBLE}/apercu`, { method: 'POST', headers: { cookie, origin: web.baseUrl }, body: form });
    expect(refused.status).toBe(403);
  });

  it('lets the académie import a new convention from the pages: a French error with its line, then the preview, then the convention', async () => {
    const { context, page } = await newVisitor(browser);
    await signInWithToken(context, web, (await session(ACADEMIE, [{ role: 'secretariat' }])).secret);
    await page.goto(`${web.baseUrl}/suivi/conventions`);
    const upload = page.getByRole('region', { name: 'Importer une nouvelle convention' });
    const good = exampleText(GUYANE, '2025-09-01');
    const mistaken = good.replace(/^timeZone: .*$/m, 'timeZone: Amérique/Cayenne');
    const line = mistaken.split('\n').findIndex((text) => text.startsWith('timeZone:')) + 1;
    await upload.getByLabel('Fichier de définition de la nouvelle convention (YAML ou JSON)').setInputFiles({ name: 'guyane.yaml', mimeType: 'application/yaml', buffer: Buffer.from(mistaken) });
    await upload.getByRole('button', { name: 'Voir les changements' }).click();
    await page.getByRole('alert').waitFor();
    const fault = (await page.locator('#fichier-error').textContent()) ?? '';
    expect(fault).toContain(`Ligne ${line}`);
    expect(fault).toContain('Amérique/Cayenne');
    await checkPage(page, 'convention-new-error');

    await page.getByLabel('Fichier de définition de la nouvelle convention (YAML ou JSON)').setInputFiles({ name: 'guyane.yaml', mimeType: 'application/yaml', buffer: Buffer.from(good) });
    await page.getByRole('button', { name: 'Voir les changements' }).click();
    await page.getByRole('heading', { level: 1, name: 'Aperçu de la nouvelle convention' }).waitFor();
    expect(await page.getByRole('region', { name: 'Créés' }).textContent()).toContain(`Convention\u00A0: ${GUYANE}`);
    expect(await web.t.dataSource.query(`SELECT 1 FROM conventions WHERE reference = $1`, [GUYANE])).toEqual([]);
    await checkPage(page, 'convention-new-preview');
    await page.getByRole('button', { name: 'Créer la convention' }).press('Enter');
    await page.waitForURL(`${web.baseUrl}/suivi/conventions/${GUYANE}?fait=convention-importee`);
    expect(await page.getByRole('status').textContent()).toContain('La convention est créée');
    expect(await web.t.dataSource.query(`SELECT count(*)::int AS n FROM committees k JOIN conventions c ON c.id = k.convention_id WHERE c.reference = $1`, [GUYANE])).toEqual([{ n: 3 }]);

    // The same file again: it names a convention that exists now, which only its own page replaces.
    await page.goto(`${web.baseUrl}/suivi/conventions`);
    await page.getByLabel('Fichier de définition de la nouvelle convention (YAML ou JSON)').setInputFiles({ name: 'guyane.yaml', mimeType: 'application/yaml', buffer: Buffer.from(good) });
    await page.getByRole('button', { name: 'Voir les changements' }).click();
    expect(await page.locator('#fichier-error').textContent()).toContain('Une convention porte déjà la référence de ce fichier');
  });

  it('keeps the import of a new convention from a département’s secretariat, as the API does', async () => {
    const { cookie } = await session(SECRETARIAT);
    const html = await (await fetch(`${web.baseUrl}/suivi/conventions`, { headers: { cookie } })).text();
    expect(html).not.toContain('Importer une nouvelle convention');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1] as string;
    const form = new FormData();
    form.append('_csrf', csrf);
    form.append('fichier', new Blob([exampleText('reunion-saint-denis-2017', '2025-09-01')], { type: 'application/yaml' }), 'reunion.yaml');
    const refused = await fetch(`${web.baseUrl}/suivi/conventions/nouvelle/apercu`, { method: 'POST', headers: { cookie, origin: web.baseUrl }, body: form });
    expect(refused.status).toBe(403);
  });
  it('shows the tacit renewal with its last day to give notice, and the amendments', async () => {
    // Montpellier as signed in 2020, for ten years: its amendment adds a school.
    await importExample(web.t, MONTPELLIER, '2020-09-01', 120);
    const { context, page } = await newVisitor(browser);
    await signInWithToken(context, web, (await session(ACADEMIE, [{ role: 'secretariat' }])).secret);

    // La Réunion's convention, here renewing itself tacitly, signed on 1 September 2025 for three years:
    // renewed on 1 September 2028 unless denounced 15 days before.
    const renewing = exampleText(REUNION, '2025-09-01').replace(/^tacitRenewal: .*$/m, 'tacitRenewal: true');
    expect((await web.t.http().post('/conventions/import').set(await asAdmin(web.t)).set('Content-Type', 'application/yaml').send(renewing)).status).toBe(201);
    await page.goto(`${web.baseUrl}/suivi/conventions/${REUNION}`);
    const fact = (term: string) => page.getByRole('region', { name: 'Dates et durée' }).locator(`dt:text-is("${term}") + dd`).textContent();
    expect(await fact('Reconduction')).toBe('tacite, pour la même durée');
    expect(await fact('Préavis de résiliation')).toBe('15\u00A0jours, par lettre recommandée avec accusé de réception valant mise en demeure');
    expect(await fact('Situation')).toBe('en vigueur, reconduite tacitement le vendredi 1er septembre 2028 sauf dénonciation au plus tard le jeudi 17 août 2028');
    await checkPage(page, 'convention-renewal');

    await page.goto(`${web.baseUrl}/suivi/conventions/${MONTPELLIER}`);
    expect(await fact('Reconduction')).toBe('aucune');
    const amendments = page.getByRole('region', { name: 'Avenants' }).getByRole('listitem');
    expect(await amendments.count()).toBe(1);
    const amendment = (await amendments.textContent()) ?? '';
    expect(amendment).toContain('Avenant n° 1 — liste des écoles inscrites à l\'ENT-école');
    expect(amendment).toContain('(avenant-1), signé le lundi 12 octobre 2020');
    expect(amendment).toContain('Inscription de l\'école maternelle Les Oliviers');
    expect(amendment).toContain('Écoles ajoutées\u00A0: 0341744L');
    const school = page.getByRole('region', { name: 'Écoles et établissements' }).getByRole('row').filter({ hasText: '0341744L' });
    expect(await school.textContent()).toContain('avenant-1');
    await checkPage(page, 'convention-amendments');
  });

  it('previews what a definition removes under « Retirés », with its warning, and writes nothing before the confirmation', async () => {
    const { context, page } = await newVisitor(browser);
    await signInWithToken(context, web, (await session(SECRETARIAT)).secret);
    await page.goto(`${web.baseUrl}/suivi/conventions/${GRENOBLE}`);
    // The local committee's parents' seat is no longer in the file.
    const without = exampleText(GRENOBLE, '2025-09-01', 4).replace(/^ {6}- \{ key: parent, .*\n/m, '');
    expect(without).not.toContain('key: parent,');
    await page.getByLabel('Nouveau fichier de définition (YAML ou JSON)').setInputFiles({ name: 'grenoble.yaml', mimeType: 'application/yaml', buffer: Buffer.from(without) });
    await page.getByRole('button', { name: 'Voir les changements' }).click();
    const removed = page.getByRole('region', { name: 'Retirés' });
    await removed.waitFor();
    const text = (await removed.textContent()) ?? '';
    expect(text).toContain('ils seront retirés de la convention');
    expect(await removed.getByRole('listitem').count()).toBe(1);
    expect(await removed.getByRole('listitem').textContent()).toBe('Siège\u00A0: copil-local-0382460t/parent');
    // The summary: one seat removed (Créés, Modifiés, Retirés, Inchangés).
    expect(await page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Siège' }) }).getByRole('cell').allTextContents()).toEqual(['0', '0', '1', '11']);
    expect(await page.getByRole('region', { name: 'Créés' }).count()).toBe(0);
    await checkPage(page, 'convention-preview-removed');
    expect(await web.t.dataSource.query(`SELECT count(*)::int AS n FROM seats s JOIN committees k ON k.id = s.committee_id WHERE s.key = 'parent'`)).toEqual([{ n: 1 }]);
  });
});
