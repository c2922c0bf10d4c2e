import { readFileSync } from 'node:fs';
import { Browser, Page } from 'playwright-core';
import { tokenFor } from './support/auth-helpers';
import { checkPage, launchBrowser, newVisitor, signInThroughEmail, startWebApp, WebApp } from './support/browser';
import { buildMeeting, grantDepartement, importExample, recordHeld } from './support/builders';
import { ConvocationsWorkerModule } from '../src/convocations/convocations-worker.module';

// A browser, axe-core and two screenshots per page: slow on a busy machine, never a timed assertion.
jest.setTimeout(600_000);

/** Monday 1 December 2025, 9:00 in Paris: the first school term ends with the Christmas holidays (20 December). */
const TODAY = '2025-12-01T08:00:00Z';
const SECRETARIAT = 'sylvie.morel@ac-grenoble.example.fr';
const ACADEMIE = 'marc.vial@ac-grenoble.example.fr';
const DIRECTOR = 'anne.bouvier@ac-grenoble.example.fr';

async function rowsOf(page: Page): Promise<string[]> {
  return page.getByRole('table').getByRole('row').allTextContents();
}

describe('« Suivi des comités »: a secretariat and the académie see which committees are behind', () => {
  let web: WebApp;
  let browser: Browser;

  beforeAll(async () => {
    [web, browser] = await Promise.all([startWebApp({ imports: [ConvocationsWorkerModule] }), launchBrowser()]);
    web.t.clock.set(TODAY);
    await importExample(web.t, 'grenoble-crets-en-belledonne-2016', '2025-09-01');
    await importExample(web.t, 'amiens-somme-numerique-2013', '2025-01-06');
    await grantDepartement(web.t, SECRETARIAT, '38');
    await tokenFor(web.t, ACADEMIE, [{ role: 'secretariat' }]);
  });
  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });

  it('shows the secretariat of Isère its committees, the one at risk with its last day to convene, and exports them', async () => {
    const { page } = await newVisitor(browser);
    await signInThroughEmail(page, web, SECRETARIAT);
    // Her home page tells her first how many of her committees are behind, and leads to them.
    const behind = page.getByRole('region', { name: 'Ce qui vous attend' }).getByRole('listitem').first();
    expect((await behind.innerText()).replace(/\s+/g, ' ').trim()).toBe('Dans les conventions que vous suivez, un comité est à risque. Voir lesquels');
    await behind.getByRole('link', { name: 'Voir lesquels' }).click();
    await page.waitForURL(/\/suivi\?situation=missed&situation=at_risk$/);
    expect(await page.getByRole('checkbox', { name: 'À risque' }).isChecked()).toBe(true);
    expect(await page.getByRole('checkbox', { name: 'Manqué' }).isChecked()).toBe(true);
    expect(await page.getByRole('heading', { name: '1 comité' }).count()).toBe(1);
    await page.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name: 'Suivi des comités' }).click();
    await page.getByRole('heading', { level: 1, name: 'Suivi des comités' }).waitFor();
    await checkPage(page, 'overview');

    // Only the conventions of the Isère: Grenoble's two committees, not Amiens's.
    expect(await page.getByRole('heading', { name: '2 comités' }).count()).toBe(1);
    const all = (await rowsOf(page)).join('\n');
    expect(all).toContain('Comité de pilotage local');
    expect(all).toContain('Comité de pilotage départemental');
    expect(all).not.toContain('animations');

    // The local committee meets once a school term; nothing is scheduled and the term ends on
    // 19 December (the holidays begin on the 20th): with 8 days' notice, the last day is 11 December.
    await page.getByRole('checkbox', { name: 'À risque' }).check();
    await page.getByRole('button', { name: 'Filtrer' }).click();
    await page.waitForURL(/situation=at_risk/);
    const atRisk = await rowsOf(page);
    expect(atRisk).toHaveLength(2);
    expect(atRisk[1]).toContain('Comité de pilotage local');
    expect(atRisk[1]).toContain('À risque');
    expect(atRisk[1]).toContain('jeudi 11 décembre 2025');
    expect(await page.getByRole('checkbox', { name: 'À risque' }).isChecked()).toBe(true);
    await checkPage(page, 'overview-at-risk');

    // The export is the filtered list, for a French spreadsheet.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Exporter la liste (CSV)' }).click()]);
    expect(download.suggestedFilename()).toBe('suivi-des-comites.csv');
    const csv = readFileSync(await download.path(), 'utf8');
    expect(csv.startsWith('\uFEFFConvention;Référence de la convention;Comité;')).toBe(true);
    const lines = csv.trimEnd().split('\r\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('grenoble-crets-en-belledonne-2016;Comité de pilotage local');
    expect(lines[1]).toContain(';À risque;');
    expect(lines[1]).toContain(';11/12/2025;');
    // Its reasons in French, as the committee page words a period, the dates as the other cells write them.
    expect(lines[1]).toContain(
      '1er trimestre scolaire 2025-2026\u00A0: à risque, séances tenues avec quorum\u00A0: 0 sur 1, 0\u00A0séance prévue, et les convocations doivent partir au plus tard le 11/12/2025 (10\u00A0jours restants)',
    );
    expect(lines[1]).not.toMatch(/\b(of|held|required|scheduled|at risk|left)\b|\d{4}-\d{2}-\d{2}/);

    // The year view: September to August, each period coloured and named by its standing.
    await page.getByRole('link', { name: 'Vue de l’année' }).click();
    const year = page.getByRole('table', { name: /Année scolaire 2025-2026/ });
    await year.waitFor();
    const local = year.getByRole('row').filter({ hasText: 'Comité de pilotage local' });
    expect(await local.getByRole('cell').first().textContent()).toContain('1er trimestre scolaire 2025-2026');
    expect(await local.getByRole('cell').first().textContent()).toContain('À risque');
    expect(await local.getByRole('cell').first().getAttribute('colspan')).toBe('4');
    expect(await local.getByRole('cell').nth(1).textContent()).toContain('À venir');
    await checkPage(page, 'overview-year');

    // On a phone the table scrolls inside its region, but its name and its months stay readable:
    // the caption whole within the screen, each month's abbreviation within its own column.
    await page.setViewportSize({ width: 400, height: 900 });
    try {
      const name = page.getByText(/^Année scolaire 2025-2026, mois par mois/);
      const box = await name.boundingBox();
      expect(box && box.x >= 0 && box.x + box.width <= 400).toBe(true);
      const months = await year.getByRole('columnheader').evaluateAll((headers) =>
        headers.slice(1).map((header) => ({ month: header.textContent, fits: (header as unknown as { scrollWidth: number; clientWidth: number }).scrollWidth <= (header as unknown as { clientWidth: number }).clientWidth })),
      );
      expect(months.filter((month) => !month.fits)).toEqual([]);
    } finally {
      await page.setViewportSize({ width: 1280, height: 900 });
    }

    // A sitting scheduled in January: the second term, not begun, is covered, and says by what.
    const [committee]: { id: string }[] = await web.t.dataSource.query(`SELECT id FROM committees WHERE name LIKE 'Comité de pilotage local%'`);
    const planned = await buildMeeting(web.t.dataSource, committee, 'Europe/Paris', { on: '2026-01-15', at: '17:00', state: 'scheduled' });
    try {
      await page.reload();
      const second = year.getByRole('row').filter({ hasText: 'Comité de pilotage local' }).getByRole('cell').nth(1);
      expect((await second.innerText()).replace(/\s+/g, ' ')).toContain('2e trimestre scolaire 2025-2026 Dans les temps 1 réunion prévue');
      expect(await second.getAttribute('class')).toBe('cell-on_track');
      await checkPage(page, 'overview-year-planned');
    } finally {
      await web.t.dataSource.query(`DELETE FROM meetings WHERE id = $1`, [planned.id]);
    }
  });

  it('narrows by commune and circonscription, and names a filter it cannot offer', async () => {
    const { page } = await newVisitor(browser);
    await signInThroughEmail(page, web, ACADEMIE);
    await page.goto(`${web.baseUrl}/suivi`);
    expect(await page.getByRole('heading', { name: '3 comités' }).count()).toBe(1);
    expect(await page.getByLabel('Convention').locator('option').allTextContents()).toEqual([
      'Toutes',
      'Convention de partenariat « Collèges numériques et innovation pédagogique »',
      'Convention entre le syndicat mixte Somme numérique et le CRDP de l\'académie d\'Amiens',
    ]);
    // The commune alone: Grenoble's two committees, not Amiens's.
    await page.getByLabel('Commune').selectOption('Crêts en Belledonne');
    await page.getByRole('button', { name: 'Filtrer' }).click();
    await page.getByRole('heading', { name: '2 comités' }).waitFor();
    expect(page.url()).toMatch(/commune=/);
    expect((await rowsOf(page)).join('\n')).not.toContain('animations');
    await page.goto(`${web.baseUrl}/suivi`);

    await page.getByLabel('Circonscription').selectOption('Le Grésivaudan');
    await page.getByRole('button', { name: 'Filtrer' }).click();
    await page.getByRole('heading', { name: '2 comités' }).waitFor();
    expect((await rowsOf(page)).join('\n')).not.toContain('animations');
    await page.getByLabel('Commune').selectOption('Crêts en Belledonne');
    await page.getByLabel('Type de comité').selectOption({ label: 'Comité technique' });
    await page.getByRole('button', { name: 'Filtrer' }).click();
    await page.getByText('Aucun comité ne correspond à ces filtres.').waitFor();

    const refused = await page.goto(`${web.baseUrl}/suivi?type=plenier`);
    expect(refused?.status()).toBe(400);
    expect(await page.getByRole('alert').textContent()).toContain('Choisissez un type de comité de la liste.');
    expect(await page.getByLabel('Type de comité').getAttribute('aria-describedby')).toBe('type-error');
    await checkPage(page, 'overview-error');
  });

  it('narrows to one convention alone, counts by standing what the list shows, and colours the year view by standing', async () => {
    const { page } = await newVisitor(browser);
    await signInThroughEmail(page, web, ACADEMIE);
    await page.goto(`${web.baseUrl}/suivi`);
    await page.getByRole('heading', { name: '3 comités' }).waitFor();

    /** « En bref »: the number shown beside each standing, and the standings the table's rows show. */
    const counts = async () =>
      Object.fromEntries(
        await page
          .getByRole('region', { name: 'En bref' })
          .getByRole('listitem')
          .evaluateAll((items) => items.map((item) => [item.querySelector('.standing')?.textContent?.trim(), Number(item.querySelector('.count-number')?.textContent)])),
      ) as Record<string, number>;
    const rowStandings = async () => {
      const tally: Record<string, number> = {};
      for (const label of await page.locator('table.overview tbody tr td:nth-of-type(2) .standing').allTextContents()) tally[label.trim()] = (tally[label.trim()] ?? 0) + 1;
      return tally;
    };
    const all = await counts();
    expect(Object.values(all).reduce((sum, n) => sum + n, 0)).toBe(3);
    expect(Object.fromEntries(Object.entries(all).filter(([, n]) => n > 0))).toEqual(await rowStandings());

    // The convention filter alone: Amiens's committee only, and the counts follow.
    await page.getByLabel('Convention').selectOption({ label: 'Convention entre le syndicat mixte Somme numérique et le CRDP de l\'académie d\'Amiens' });
    await page.getByRole('button', { name: 'Filtrer' }).click();
    await page.getByRole('heading', { name: '1 comité' }).waitFor();
    expect(page.url()).toMatch(/convention=/);
    const amiens = (await rowsOf(page)).slice(1);
    expect(amiens).toHaveLength(1);
    expect(amiens[0]).toContain('Comité de pilotage des animations');
    const narrowed = await counts();
    expect(Object.values(narrowed).reduce((sum, n) => sum + n, 0)).toBe(1);
    expect(Object.fromEntries(Object.entries(narrowed).filter(([, n]) => n > 0))).toEqual(await rowStandings());
    await checkPage(page, 'overview-convention');

    // In January, the local committee missed the first term and met in the second: each period
    // of the year view is coloured (its class) and named by its own standing.
    const [local]: { id: string }[] = await web.t.dataSource.query(`SELECT id FROM committees WHERE name LIKE 'Comité de pilotage local%'`);
    const held = await recordHeld(web.t.dataSource, local, '2026-01-12T13:00:00Z', '2026-01-12T15:00:00Z');
    web.t.clock.set('2026-01-20T08:00:00Z');
    try {
      // Seven weeks later the session has lapsed: sign in again.
      const { page: later } = await newVisitor(browser);
      await signInThroughEmail(later, web, ACADEMIE);
      await later.goto(`${web.baseUrl}/suivi?vue=annee`);
      const year = later.getByRole('table', { name: /Année scolaire 2025-2026/ });
      const row = year.getByRole('row').filter({ hasText: 'Comité de pilotage local' });
      const first = row.getByRole('cell').first();
      expect(await first.textContent()).toContain('1er trimestre scolaire 2025-2026');
      expect(await first.textContent()).toContain('Manqué');
      expect(await first.getAttribute('class')).toBe('cell-missed');
      const second = row.getByRole('cell').nth(1);
      expect(await second.textContent()).toContain('2e trimestre scolaire 2025-2026');
      expect(await second.textContent()).toContain('Obligation remplie');
      expect(await second.getAttribute('class')).toBe('cell-met');
      await checkPage(later, 'overview-year-standings');
    } finally {
      web.t.clock.set(TODAY);
      await web.t.dataSource.query(`DELETE FROM meetings WHERE id = $1`, [held.id]);
    }
  });

  it('keeps the entry out of the menu of a director, who sees there only the committees she sits on', async () => {
    const { page } = await newVisitor(browser);
    await signInThroughEmail(page, web, DIRECTOR);
    expect(await page.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name: 'Suivi des comités' }).count()).toBe(0);
    await page.goto(`${web.baseUrl}/suivi`);
    const rows = (await rowsOf(page)).join('\n');
    expect(rows).toContain('Comité de pilotage local');
    expect(rows).not.toContain('animations');
  });
});
