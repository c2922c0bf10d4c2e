import { Browser, Page } from 'playwright-core';
import { asAdmin, tokenFor } from './support/auth-helpers';
import { checkPage, launchBrowser, newVisitor, signInThroughEmail, startWebApp, WebApp } from './support/browser';
import { buildMeeting, grantDepartement, importExample } from './support/builders';
import { ConvocationsWorkerModule } from '../src/convocations/convocations-worker.module';

// A browser, axe-core and two screenshots per page: slow on a busy machine, never a timed assertion.
jest.setTimeout(600_000);

/** Monday 1 December 2025, 9:00 in Paris. */
const TODAY = '2025-12-01T08:00:00Z';
const SECRETARIAT = 'sylvie.morel@ac-grenoble.example.fr';
const ACADEMIE = 'marc.vial@ac-grenoble.example.fr';

async function committeeId(web: WebApp, key: string): Promise<string> {
  const [row]: { id: string }[] = await web.t.dataSource.query(`SELECT id FROM committees WHERE key LIKE $1 ORDER BY key LIMIT 1`, [`${key}%`]);
  return row.id;
}

function grid(page: Page) {
  return page.getByRole('table', { name: /semaine par semaine/ });
}

describe('« Calendrier des réunions »: the meetings one follows, by month and as a list, with their state and quorum forecast', () => {
  let web: WebApp;
  let browser: Browser;

  beforeAll(async () => {
    // Sign-in links leave through the outbox: the worker sends them.
    [web, browser] = await Promise.all([startWebApp({ imports: [ConvocationsWorkerModule] }), launchBrowser()]);
    web.t.clock.set(TODAY);
    await importExample(web.t, 'grenoble-crets-en-belledonne-2016', '2025-09-01');
    await importExample(web.t, 'amiens-somme-numerique-2013', '2025-01-06');
    await importExample(web.t, 'guyane-remire-montjoly-2015', '2025-09-01');
    await grantDepartement(web.t, SECRETARIAT, '38');
    await tokenFor(web.t, ACADEMIE, [{ role: 'secretariat' }]);
    const ds = web.t.dataSource;
    const local = await committeeId(web, 'copil-local');
    // December in Grenoble: one meeting held, one cancelled, one convened for the 17th, one only scheduled.
    await buildMeeting(ds, { id: local }, 'Europe/Paris', { on: '2025-12-02', at: '09:00', state: 'held' });
    await buildMeeting(ds, { id: local }, 'Europe/Paris', { on: '2025-12-04', at: '17:30', state: 'cancelled' });
    const admin = await asAdmin(web.t);
    const departmental = await committeeId(web, 'copil-departemental');
    const scheduled = await web.t.http().post(`/committees/${departmental}/meetings`).set(admin).send({ start: '2025-12-17T14:00', end: '2025-12-17T16:00', agenda: [{ title: 'Bilan' }] });
    expect(scheduled.status).toBe(201);
    expect((await web.t.http().post(`/meetings/${scheduled.body.id}/convene`).set(admin).send({})).status).toBe(201);
    await buildMeeting(ds, { id: local }, 'Europe/Paris', { on: '2025-12-18', at: '18:00', state: 'scheduled' });
    // January, and other conventions: Amiens (Somme) and Guyane, outside the Isère.
    await buildMeeting(ds, { id: local }, 'Europe/Paris', { on: '2026-01-08', at: '10:00', state: 'scheduled' });
    const [amiens]: { id: string }[] = await ds.query(`SELECT k.id FROM committees k JOIN conventions c ON c.id = k.convention_id WHERE c.reference = 'amiens-somme-numerique-2013' LIMIT 1`);
    await buildMeeting(ds, amiens, 'Europe/Paris', { on: '2025-12-10', at: '10:00', state: 'scheduled' });
    const [guyane]: { id: string }[] = await ds.query(`SELECT k.id FROM committees k JOIN conventions c ON c.id = k.convention_id WHERE c.reference = 'guyane-remire-montjoly-2015' LIMIT 1`);
    await buildMeeting(ds, guyane, 'America/Cayenne', { on: '2025-12-11', at: '08:30', state: 'scheduled' });
  });
  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });

  it('shows the secretariat of Isère the month of its committees, each meeting with its state and forecast, and moves from month to month', async () => {
    const { page } = await newVisitor(browser);
    await signInThroughEmail(page, web, SECRETARIAT);
    await page.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name: 'Calendrier des réunions' }).click();
    await page.getByRole('heading', { level: 1, name: 'Calendrier des réunions' }).waitFor();
    expect(await page.getByRole('heading', { level: 2 }).filter({ hasText: 'décembre 2025' }).textContent()).toContain('4 réunions');

    const cells = await grid(page).getByRole('cell').allTextContents();
    const on = (day: number) => cells.find((text) => new RegExp(`^\\s*${day}\\s*(lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche) ${day}`).test(text)) ?? '';
    expect(on(2)).toContain('Comité de pilotage local');
    expect(on(2)).toContain('9\u00A0h à 11\u00A0h');
    expect(on(2)).toContain('(heure de Paris)');
    expect(on(2)).toContain('Tenue');
    expect(on(4)).toContain('Annulée');
    expect(on(17)).toContain('Comité de pilotage départemental');
    expect(on(17)).toContain('Convoquée');
    // Nobody has answered yet: the quorum rests on those who have not.
    expect(on(17)).toContain('quorum pas encore assuré');
    expect(on(18)).toContain('Programmée');
    // Not the Isère's: Amiens on the 10th, Guyane on the 11th.
    expect(on(10)).not.toContain('Comité');
    expect(on(11)).not.toContain('Comité');
    // The grid starts on Monday 1 December; its last week ends on Sunday 4 January, left empty.
    expect(await grid(page).getByRole('row').count()).toBe(1 + 5);
    await checkPage(page, 'calendar-month');

    // The list says it in full sentences, the hours in the convention's zone.
    await page.getByRole('link', { name: 'Liste', exact: true }).click();
    const items = page.getByRole('list').filter({ hasText: 'Comité de pilotage départemental' }).last().getByRole('listitem');
    expect(await items.count()).toBe(4);
    const convened = (await items.nth(2).textContent()) ?? '';
    expect(convened).toContain('mercredi 17 décembre 2025, de 14\u00A0h à 16\u00A0h (heure de Paris)');
    expect(convened).toContain('Le quorum n’est pas encore assuré');
    await checkPage(page, 'calendar-list');

    // By keyboard: the next month, January, keeps the list.
    await page.getByRole('link', { name: /Mois suivant/ }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/mois=2026-01&vue=liste/);
    expect(await page.getByRole('heading', { level: 2 }).filter({ hasText: 'janvier 2026' }).textContent()).toContain('1 réunion');
    await page.getByRole('link', { name: /Mois précédent/ }).click();
    await page.waitForURL(/mois=2025-12/);
  });

  it('shows the académie every convention, each meeting at the hour of its own zone, and filters by convention and committee', async () => {
    const { page } = await newVisitor(browser);
    await signInThroughEmail(page, web, ACADEMIE);
    await page.goto(`${web.baseUrl}/calendrier?mois=2025-12&vue=liste`);
    expect(await page.getByRole('heading', { level: 2 }).filter({ hasText: 'décembre 2025' }).textContent()).toContain('6 réunions');
    expect(await page.getByText('jeudi 11 décembre 2025, de 8\u00A0h\u00A030 à 10\u00A0h\u00A030 (heure de Cayenne)').count()).toBe(1);

    await page.getByLabel('Convention').selectOption({ label: 'Convention de partenariat « Collèges numériques et innovation pédagogique »' });
    await page.getByRole('button', { name: 'Filtrer' }).click();
    await page.getByLabel('Comité').selectOption({ label: 'Comité de pilotage départemental' });
    await page.getByRole('button', { name: 'Filtrer' }).click();
    expect(await page.getByRole('heading', { level: 2 }).filter({ hasText: 'décembre 2025' }).textContent()).toContain('1 réunion');
    await checkPage(page, 'calendar-filtered');

    // At 400 px the month reads as a list of days: the days without a meeting are not shown.
    await page.setViewportSize({ width: 400, height: 900 });
    await page.getByRole('link', { name: 'Mois', exact: true }).click();
    await page.getByText('mercredi 17 décembre 2025').waitFor();
    expect(await page.getByText('mardi 16 décembre 2025').isVisible()).toBe(false);
  });

  it('names a month it cannot read beside its field, with a 400', async () => {
    const { page } = await newVisitor(browser);
    await signInThroughEmail(page, web, SECRETARIAT);
    const refused = await page.goto(`${web.baseUrl}/calendrier?mois=2025-13&convention=x`);
    expect(refused?.status()).toBe(400);
    const summary = (await page.getByRole('alert').textContent()) ?? '';
    expect(summary).toContain('Indiquez un mois sous la forme 2026-03.');
    expect(summary).toContain('Choisissez une convention de la liste.');
    expect(await page.getByRole('textbox', { name: 'Mois' }).getAttribute('aria-invalid')).toBe('true');
    await checkPage(page, 'calendar-error');
  });
});
