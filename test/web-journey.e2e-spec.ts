import { DateTime } from 'luxon';
import { Browser, Page } from 'playwright-core';
import { ConvocationsWorkerModule } from '../src/convocations/convocations-worker.module';
import { frenchDate } from '../src/rules/local-date';
import { checkPage, launchBrowser, newVisitor, signInThroughEmail, startWebApp, WebApp } from './support/browser';
import { importCurrentGrenoble } from './support/current-convention';
import { deleteQueueKeys } from './support/convocation-redis';
import { eventually } from './support/eventually';

// A browser, axe-core and two screenshots per page: slow on a busy machine, never a timed assertion.
jest.setTimeout(600_000);

const PARIS = 'Europe/Paris';
const DIRECTOR = 'anne.bouvier@ac-grenoble.example.fr';
const COMMUNE_MEMBER = 'gerard.rey@cretsenbelledonne.example.fr';
const IEN = 'philippe.garnier@ac-grenoble.example.fr';

/** The first weekday at least `days` days from today, in Paris. */
function weekdayFromToday(days: number): DateTime {
  let day = DateTime.now().setZone(PARIS).startOf('day').plus({ days });
  while (day.weekday > 5) day = day.plus({ days: 1 });
  return day;
}

async function heading(page: Page): Promise<string> {
  return ((await page.getByRole('heading', { level: 1 }).textContent()) ?? '').trim();
}

describe('the journey: a director known only by the registry runs her committee’s meeting from her browser', () => {
  let web: WebApp;
  let browser: Browser;

  beforeAll(async () => {
    [web, browser] = await Promise.all([
      startWebApp({ env: { CONVOCATION_RECONCILE_SECONDS: '1', SESSION_TTL_HOURS: '720' }, imports: [ConvocationsWorkerModule] }),
      launchBrowser(),
    ]);
    await importCurrentGrenoble(web.t);
  });
  afterEach(() => web.t.clock.reset());
  afterAll(async () => {
    await browser?.close();
    await web?.close();
    if (web) await deleteQueueKeys(web.t.config);
  });

  it('signs in, schedules (too early first), convenes, gets answers by email and from the pages, records attendance', async () => {
    // The director signs in with her email only, and finds her school's committee on her home page.
    const director = await newVisitor(browser);
    await signInThroughEmail(director.page, web, DIRECTOR);
    const local = director.page.getByRole('article').filter({ has: director.page.getByRole('heading', { name: 'Comité de pilotage local' }) });
    await local.getByRole('link', { name: 'Comité de pilotage local' }).click();
    expect(await heading(director.page)).toContain('Comité de pilotage local');
    expect(await director.page.getByRole('region', { name: 'Ses règles' }).textContent()).toContain('au moins 8\u00a0jours avant la réunion');
    await checkPage(director.page, 'committee');

    // First too early: tomorrow. The French error names the earliest lawful date, beside the date field.
    await director.page.getByRole('link', { name: 'Programmer une réunion' }).first().click();
    expect(await heading(director.page)).toBe('Programmer une réunion');
    // The browser is a French one in Paris, and the page names the zone in the emails' words.
    expect(await director.page.evaluate(() => [navigator.language, Intl.DateTimeFormat().resolvedOptions().timeZone])).toEqual(['fr-FR', PARIS]);
    const formText = (await director.page.getByRole('main').textContent()) ?? '';
    expect(formText).toContain('heure de Paris');
    expect(formText).not.toContain('Europe/Paris');
    await checkPage(director.page, 'meeting-form');
    const tomorrow = DateTime.now().setZone(PARIS).plus({ days: 1 }).toISODate() as string;
    const earliest = DateTime.now().setZone(PARIS).plus({ days: 8 }).toISODate() as string;
    await director.page.getByLabel('Date de la réunion').fill(tomorrow);
    await director.page.getByLabel('Heure de début').fill('17:00');
    await director.page.getByLabel('Heure de fin').fill('18:30');
    await director.page.getByLabel('Lieu').fill('École élémentaire, salle polyvalente');
    await director.page.getByLabel('Point 1', { exact: true }).fill('Bilan de la classe mobile');
    await director.page.getByRole('button', { name: 'Programmer la réunion' }).click();
    const dateField = director.page.getByLabel('Date de la réunion');
    expect(await dateField.inputValue()).toBe(tomorrow);
    expect(await director.page.getByLabel('Point 1', { exact: true }).inputValue()).toBe('Bilan de la classe mobile');
    const describedBy = (await dateField.getAttribute('aria-describedby')) ?? '';
    expect(describedBy).toContain('date-error');
    expect(await director.page.locator('#date-error').textContent()).toContain(`La première date possible est le ${frenchDate(earliest)}.`);
    expect(await director.page.getByRole('alert').getByRole('link').first().getAttribute('href')).toBe('#date');
    await checkPage(director.page, 'meeting-form-error');
    expect(await web.t.dataSource.query('SELECT count(*)::int AS n FROM meetings')).toEqual([{ n: 0 }]);

    // Then a lawful date: the meeting is scheduled, and its page offers to convene.
    const day = weekdayFromToday(12);
    await dateField.fill(day.toISODate() as string);
    await director.page.getByRole('button', { name: 'Programmer la réunion' }).click();
    expect(await director.page.getByRole('status').textContent()).toContain('La réunion est programmée');
    expect(await heading(director.page)).toContain(`Réunion du ${frenchDate(day.toISODate() as string)}`);
    await checkPage(director.page, 'meeting-scheduled');
    const meetingUrl = director.page.url().split('?')[0];
    const [meeting] = await web.t.dataSource.query('SELECT id, state FROM meetings');
    expect(meeting.state).toBe('scheduled');

    // She convenes it now: every member gets the convocation by email.
    await director.page.getByRole('button', { name: 'Convoquer' }).click();
    expect(await director.page.getByRole('status').textContent()).toContain('Les convocations partent');
    await checkPage(director.page, 'meeting-convened');
    const convocationTo = (email: string) =>
      eventually(`the convocation to ${email}`, async () => (await web.smtp.to(email)).find((mail) => /\/answers\//.test(mail.text ?? '')));

    // A member answers from his email, without signing in.
    const commune = await newVisitor(browser);
    const link = /(https?:\/\/\S+\/answers\/[A-Za-z0-9_-]{64})/.exec((await convocationTo(COMMUNE_MEMBER)).text ?? '')?.[1] as string;
    await commune.page.goto(link);
    await checkPage(commune.page, 'answer');
    expect(await commune.page.getByRole('main').textContent()).not.toMatch(/Convention\s*«\s*Convention/);
    await commune.page.getByRole('button', { name: 'Je participerai' }).click();
    expect(await commune.page.getByRole('main').textContent()).toContain('Votre réponse est enregistrée\u00A0: vous participerez.');
    await commune.page.getByRole('heading', { level: 1, name: 'Réponse enregistrée' }).waitFor();
    await checkPage(commune.page, 'answer-recorded');
    // A link a mail client cut after « answer= »: the answer page, in French, asking for the answer again.
    const cut = await commune.page.goto(`${link}?answer=acc`);
    expect(cut?.status()).toBe(200);
    expect(await commune.page.getByRole('main').textContent()).toContain('Le lien que vous avez ouvert est incomplet');
    await commune.page.getByRole('button', { name: 'Je participerai' }).waitFor();
    await checkPage(commune.page, 'answer-incomplete-link');
    // A link damaged on the way (a mail client cut it): a page that says so, in French, not a bare error.
    const damaged = `${link.slice(0, -1)}${link.endsWith('A') ? 'B' : 'A'}`;
    expect((await commune.page.goto(damaged))?.status()).toBe(404);
    expect(await heading(commune.page)).toBe('Lien inconnu');
    expect(await commune.page.getByRole('main').textContent()).toContain('Vérifiez qu’il a été copié en entier');
    await checkPage(commune.page, 'answer-error');
    await commune.context.close();

    // Another member signs in and answers from « Mes réunions ».
    await convocationTo(IEN);
    const ien = await newVisitor(browser);
    await signInThroughEmail(ien.page, web, IEN);
    await ien.page.getByRole('link', { name: 'Mes réunions' }).click();
    expect(await heading(ien.page)).toBe('Mes réunions');
    await checkPage(ien.page, 'my-meetings');
    await ien.page.getByRole('link', { name: /Répondre/ }).first().click();
    await ien.page.getByRole('button', { name: 'Je participerai' }).click();
    await ien.page.goto(`${web.baseUrl}/mes-reunions`);
    expect(await ien.page.getByRole('main').textContent()).toContain('je participerai');
    await ien.context.close();

    // The director sees their answers.
    await director.page.goto(meetingUrl);
    const answers = director.page.getByRole('table', { name: 'Par personne convoquée' });
    expect(await answers.getByRole('row').filter({ hasText: 'Gérard Rey' }).textContent()).toContain('je participerai');
    expect(await answers.getByRole('row').filter({ hasText: 'Philippe Garnier' }).textContent()).toContain('je participerai');
    await checkPage(director.page, 'meeting-answers');

    // On the day, she records who came and sees the quorum verdict.
    // The page offers it only once the meeting has started: opened again at that time.
    web.t.clock.set(day.set({ hour: 18 }).toJSDate());
    await director.page.goto(meetingUrl);
    await director.page.getByRole('link', { name: 'Enregistrer les présences' }).click();
    await checkPage(director.page, 'meeting-attendance');
    await director.page.getByRole('button', { name: 'Enregistrer les présences' }).click();
    expect(await director.page.getByRole('status').textContent()).toContain('Les présences sont enregistrées');
    expect(await director.page.getByRole('region', { name: 'Présences' }).textContent()).toContain('Quorum atteint');
    await checkPage(director.page, 'meeting-held');
    const [held] = await web.t.dataSource.query('SELECT state, quorum_reached FROM meetings WHERE id = $1', [meeting.id]);
    expect(held).toEqual({ state: 'held', quorum_reached: true });

    // The attendance sheet prints from the browser.
    await director.page.getByRole('link', { name: 'Feuille d’émargement à imprimer' }).click();
    expect(await heading(director.page)).toBe('Feuille d’émargement');
    await checkPage(director.page, 'sign-in-sheet');
    await director.context.close();
  });
});
