import { DateTime } from 'luxon';
import { Browser } from 'playwright-core';
import { frenchDate } from '../src/rules/local-date';
import { tokenFor } from './support/auth-helpers';
import { checkPage, launchBrowser, newVisitor, signInWithToken, startWebApp, WebApp } from './support/browser';
import { importCurrentGrenoble } from './support/current-convention';

// A browser, axe-core and two screenshots per page: slow on a busy machine, never a timed assertion.
jest.setTimeout(300_000);

const PARIS = 'Europe/Paris';
const DIRECTOR = 'anne.bouvier@ac-grenoble.example.fr';

function weekdayFromToday(days: number): string {
  let day = DateTime.now().setZone(PARIS).startOf('day').plus({ days });
  while (day.weekday > 5) day = day.plus({ days: 1 });
  return day.toISODate() as string;
}

describe('pages: moving and cancelling a meeting', () => {
  let web: WebApp;
  let browser: Browser;

  beforeAll(async () => {
    [web, browser] = await Promise.all([startWebApp(), launchBrowser()]);
    await importCurrentGrenoble(web.t);
  });
  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });

  it('schedules a meeting without agenda, is led to add one before convening, edits and moves it (refusing an http video link, a date too early, a day that does not exist), then cancels it, each confirmation saying nobody was told', async () => {
    const { context, page } = await newVisitor(browser);
    await signInWithToken(context, web, await tokenFor(web.t, DIRECTOR));
    const [{ id: committeeId }] = await web.t.dataSource.query(`SELECT id FROM committees WHERE key LIKE 'copil-local%'`);
    await page.goto(`${web.baseUrl}/comites/${committeeId}`);
    await page.getByRole('link', { name: 'Dates proposées pour l’année' }).click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toMatch(/^Dates proposées pour \d{4}-\d{4}$/);
    await checkPage(page, 'committee-dates');
    await page.goto(`${web.baseUrl}/comites/${committeeId}/reunions/nouvelle`);
    // Only the day is required to hold a date; the form says the agenda can come later, but before convening.
    expect(await page.getByRole('group', { name: 'Ordre du jour' }).textContent()).toContain(
      'il faut au moins un point pour convoquer. Vous pouvez programmer la réunion maintenant et le compléter plus tard.',
    );
    await checkPage(page, 'meeting-form-agenda-later');
    await page.getByLabel('Date de la réunion').fill(weekdayFromToday(15));
    await page.getByRole('button', { name: 'Programmer la réunion' }).click();
    expect(await page.getByRole('status').textContent()).toContain('La réunion est programmée. Pour la convoquer, ajoutez d’abord au moins un point à son ordre du jour');

    const meetingUrl = page.url();

    // Her home page now says what waits for her: members to convene before the last day.
    await page.goto(`${web.baseUrl}/`);
    const needs = page.getByRole('region', { name: 'Ce qui vous attend' });
    expect(await needs.textContent()).toContain('les membres ne sont pas encore convoqués. Dernier jour pour le faire\u00a0:');
    expect(await needs.getByRole('link', { name: 'Convoquer' }).getAttribute('href')).toBe(new URL(meetingUrl).pathname);
    await checkPage(page, 'home-needs');
    await page.goto(meetingUrl);

    // Convening is refused without an agenda, and the refusal leads to the form that edits it.
    await page.getByRole('button', { name: 'Convoquer' }).click();
    expect(await page.locator('#quand-maintenant-error').textContent()).toContain('Une convocation doit porter l’ordre du jour');
    const remedy = page.locator('#quand-maintenant-error').getByRole('link', { name: 'Modifier le lieu ou l’ordre du jour' });
    expect(await remedy.getAttribute('href')).toBe(`${new URL(meetingUrl).pathname}/modification`);
    expect(await page.getByRole('alert').getByRole('link', { name: 'Modifier le lieu ou l’ordre du jour' }).count()).toBe(1);
    await checkPage(page, 'meeting-convene-agenda-required');
    await remedy.click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Modifier la réunion');

    // A video link in plain http is refused beside its field, as its hint announces.
    await page.getByLabel('Point 1', { exact: true }).fill('Bilan du trimestre');
    await page.getByLabel('Lien de visioconférence (facultatif)').fill('http://visio.example.fr/copil');
    await page.getByRole('button', { name: 'Enregistrer les modifications' }).click();
    expect(await page.locator('#visio-error').textContent()).toContain('Le lien de visioconférence doit commencer par https://\u00a0: une adresse en http:// n’est pas sécurisée.');
    expect(await page.getByLabel('Lien de visioconférence (facultatif)').getAttribute('aria-invalid')).toBe('true');
    await checkPage(page, 'meeting-edit-video-error');
    expect(await web.t.dataSource.query('SELECT video_url FROM meetings')).toEqual([{ video_url: null }]);
    await page.getByLabel('Lien de visioconférence (facultatif)').fill('https://visio.example.fr/copil');
    await page.getByRole('button', { name: 'Enregistrer les modifications' }).click();
    // Never convened: nobody is told of the change, and the confirmation says so.
    expect(await page.getByRole('status').textContent()).toContain('La réunion est modifiée. Personne n’est encore convoqué\u00a0: aucun message n’est envoyé');
    expect(await page.getByRole('status').textContent()).not.toContain('en sont informées');
    expect(await web.t.dataSource.query('SELECT video_url FROM meetings')).toEqual([{ video_url: 'https://visio.example.fr/copil' }]);

    await page.getByRole('link', { name: 'Déplacer la réunion' }).click();
    const tooEarly = DateTime.now().setZone(PARIS).plus({ days: 2 }).toISODate() as string;
    await page.getByLabel('Nouvelle date').fill(tooEarly);
    await page.getByRole('button', { name: 'Déplacer la réunion' }).click();
    expect(await page.locator('#date-error').textContent()).toContain(
      `La première date possible est le ${frenchDate(DateTime.now().setZone(PARIS).plus({ days: 8 }).toISODate() as string)}.`,
    );
    expect(await page.getByLabel('Nouvelle date').inputValue()).toBe(tooEarly);
    await checkPage(page, 'meeting-reschedule-error');
    // A day no calendar has, sent as typed (past the browser's date picker): one message, beside the date.
    const impossible = `${DateTime.now().setZone(PARIS).year + 1}-02-30`;
    await page.getByLabel('Nouvelle date').evaluate((input: { type: string; value: string }, day) => {
      input.type = 'text';
      input.value = day;
    }, impossible);
    await page.getByRole('button', { name: 'Déplacer la réunion' }).click();
    expect(await page.locator('#date-error').textContent()).toContain('Cette date n’existe pas\u00a0: vérifiez le jour et le mois.');
    expect(await page.locator('#debut-error, #fin-error').count()).toBe(0);
    expect(await page.getByRole('alert').getByRole('link').count()).toBe(1);
    expect(await page.getByLabel('Nouvelle date').getAttribute('aria-invalid')).toBe('true');
    await checkPage(page, 'meeting-reschedule-impossible-date');
    const later = weekdayFromToday(22);
    await page.getByLabel('Nouvelle date').fill(later);
    await page.getByRole('button', { name: 'Déplacer la réunion' }).click();
    expect(await page.getByRole('status').textContent()).toContain('La réunion est déplacée. Personne n’est encore convoqué\u00a0: aucun message n’est envoyé');
    expect(await page.getByRole('status').textContent()).not.toContain('en sont informées');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain(frenchDate(later));

    await page.getByRole('link', { name: 'Annuler la réunion' }).click();
    await page.getByRole('button', { name: 'Confirmer l’annulation' }).click();
    expect(await page.locator('#motif-error').textContent()).toContain('Indiquez le motif de l’annulation\u00a0: il reste affiché sur la page de la réunion.');
    await checkPage(page, 'meeting-cancel-error');
    await page.getByLabel('Motif de l’annulation').fill('Plusieurs membres retenus par une formation');
    await page.getByRole('button', { name: 'Confirmer l’annulation' }).click();
    // It had never been convened: nobody is told, and the confirmation does not pretend otherwise.
    expect(await page.getByRole('status').textContent()).toContain('La réunion est annulée. Personne n’avait été convoqué\u00a0: aucun message n’est envoyé.');
    expect(await page.getByRole('status').textContent()).not.toContain('en sont informées');
    expect(await page.getByRole('main').textContent()).toContain('Motif\u00a0: Plusieurs membres retenus par une formation');
    const [meeting] = await web.t.dataSource.query('SELECT state, cancellation_reason FROM meetings');
    expect(meeting).toEqual({ state: 'cancelled', cancellation_reason: 'Plusieurs membres retenus par une formation' });
    await context.close();
  });
});
