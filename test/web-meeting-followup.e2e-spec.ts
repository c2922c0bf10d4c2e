import { DateTime } from 'luxon';
import { Browser } from 'playwright-core';
import { headersFor, tokenFor } from './support/auth-helpers';
import { checkPage, launchBrowser, newVisitor, signInWithToken, startWebApp, WebApp } from './support/browser';
import { importCurrentGrenoble } from './support/current-convention';

// A browser, axe-core and two screenshots per page: slow on a busy machine, never a timed assertion.
jest.setTimeout(300_000);

const PARIS = 'Europe/Paris';
const DIRECTOR = 'anne.bouvier@ac-grenoble.example.fr';
const COMMUNE_MEMBER = 'gerard.rey@cretsenbelledonne.example.fr';

function weekdayFromToday(days: number): string {
  let day = DateTime.now().setZone(PARIS).startOf('day').plus({ days });
  while (day.weekday > 5) day = day.plus({ days: 1 });
  return day.toISODate() as string;
}

describe('pages: after convening, the convener reminds non-responders and changes the place and agenda', () => {
  let web: WebApp;
  let browser: Browser;
  let meetingId: string;

  beforeAll(async () => {
    [web, browser] = await Promise.all([startWebApp(), launchBrowser()]);
    await importCurrentGrenoble(web.t);
    const [{ id: committeeId }] = await web.t.dataSource.query(`SELECT id FROM committees WHERE key LIKE 'copil-local%'`);
    const director = await headersFor(web.t, DIRECTOR);
    const day = weekdayFromToday(15);
    const scheduled = await web.t
      .http()
      .post(`/committees/${committeeId}/meetings`)
      .set(director)
      .send({ start: `${day}T17:00`, end: `${day}T18:30`, location: 'Salle du conseil', agenda: [{ title: 'Bilan du trimestre', description: 'Chiffres de la classe mobile', presenter: 'Anne Bouvier' }] });
    expect(scheduled.status).toBe(201);
    meetingId = scheduled.body.id;
    expect((await web.t.http().post(`/meetings/${meetingId}/convene`).set(director).send({})).status).toBe(201);
  });
  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });

  const reminders = async () =>
    (await web.t.dataSource.query(`SELECT recipient_email FROM outbound_messages WHERE kind = 'reminder' AND meeting_id = $1 ORDER BY recipient_email`, [meetingId])).map(
      (row: { recipient_email: string }) => row.recipient_email,
    );

  it('« Relancer » reminds those who have not answered, once a day; the API refuses it to a member', async () => {
    const member = await headersFor(web.t, COMMUNE_MEMBER);
    expect((await web.t.http().post(`/meetings/${meetingId}/reminders`).set(member).send({})).status).toBe(403);
    const convened: Array<{ id: string; email: string }> = await web.t.dataSource.query(`SELECT id, email FROM convocations WHERE meeting_id = $1 ORDER BY email`, [meetingId]);
    // The commune's member has answered: he is not reminded.
    await web.t.dataSource.query(`UPDATE convocations SET answer = 'accepted', answered_at = now() WHERE meeting_id = $1 AND email = $2`, [meetingId, COMMUNE_MEMBER]);

    const { context, page } = await newVisitor(browser);
    await signInWithToken(context, web, await tokenFor(web.t, DIRECTOR));
    await page.goto(`${web.baseUrl}/reunions/${meetingId}`);
    await page.getByRole('button', { name: 'Relancer les personnes sans réponse' }).click();
    expect(await page.getByRole('status').textContent()).toContain('Une relance est partie');
    await checkPage(page, 'meeting-reminded');
    const expected = convened.map((row) => row.email).filter((email) => email !== COMMUNE_MEMBER);
    expect(await reminders()).toEqual(expected);

    // A second click the same day sends nothing more, and says so.
    await page.getByRole('button', { name: 'Relancer les personnes sans réponse' }).click();
    expect(await page.getByRole('status').textContent()).toContain('Personne à relancer');
    expect(await reminders()).toEqual(expected);
    await context.close();
  });

  it('changes the place and the agenda of the convened meeting; what the page does not show is kept', async () => {
    const { context, page } = await newVisitor(browser);
    await signInWithToken(context, web, await tokenFor(web.t, DIRECTOR));
    await page.goto(`${web.baseUrl}/reunions/${meetingId}`);
    await page.getByRole('link', { name: 'Modifier le lieu ou l’ordre du jour' }).click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Modifier la réunion');
    expect(await page.getByLabel('Lieu').inputValue()).toBe('Salle du conseil');
    expect(await page.getByLabel('Point 1', { exact: true }).inputValue()).toBe('Bilan du trimestre');
    await checkPage(page, 'meeting-edit');

    // A bad link first: the French message beside its field, nothing saved.
    await page.getByLabel('Document du point 2 (lien, facultatif)').fill('pas une adresse');
    await page.getByLabel('Point 2', { exact: true }).fill('Équipement des classes');
    await page.getByRole('button', { name: 'Enregistrer les modifications' }).click();
    expect(await page.locator('#agenda-1-lien-error').textContent()).toContain('commençant par https://');
    expect(await page.getByLabel('Point 2', { exact: true }).inputValue()).toBe('Équipement des classes');
    await checkPage(page, 'meeting-edit-error');

    await page.getByLabel('Document du point 2 (lien, facultatif)').fill('https://docs.example.fr/equipement.pdf');
    await page.getByLabel('Lieu').fill('École élémentaire, salle polyvalente');
    await page.getByRole('button', { name: 'Enregistrer les modifications' }).click();
    expect(await page.getByRole('status').textContent()).toContain('La réunion est modifiée');
    expect(await page.getByRole('main').textContent()).toContain('École élémentaire, salle polyvalente');
    const [meeting] = await web.t.dataSource.query(`SELECT location FROM meetings WHERE id = $1`, [meetingId]);
    expect(meeting.location).toBe('École élémentaire, salle polyvalente');
    const items = await web.t.dataSource.query(`SELECT title, description, presenter, documents FROM agenda_items WHERE meeting_id = $1 ORDER BY position`, [meetingId]);
    expect(items).toEqual([
      { title: 'Bilan du trimestre', description: 'Chiffres de la classe mobile', presenter: 'Anne Bouvier', documents: [] },
      { title: 'Équipement des classes', description: null, presenter: null, documents: [{ title: 'Équipement des classes', url: 'https://docs.example.fr/equipement.pdf' }] },
    ]);
    await context.close();
  });
});
