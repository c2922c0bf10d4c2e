import { DateTime } from 'luxon';
import { Browser } from 'playwright-core';
import { frenchInstant, frenchSpan } from '../src/common/french-time';
import { ConvocationsWorkerModule } from '../src/convocations/convocations-worker.module';
import { headersFor, tokenFor } from './support/auth-helpers';
import { checkPage, launchBrowser, newVisitor, signInWithToken, startWebApp, WebApp } from './support/browser';
import { importCurrentGrenoble } from './support/current-convention';
import { eventually } from './support/eventually';

// A browser, axe-core and two screenshots per page: slow on a busy machine, never a timed assertion.
jest.setTimeout(300_000);

const PARIS = 'Europe/Paris';
const DIRECTOR = 'anne.bouvier@ac-grenoble.example.fr';
const COMMUNE_MEMBER = 'gerard.rey@cretsenbelledonne.example.fr';

/** Text as read, whatever its spaces (French typography puts non-breaking ones before « : » and in « 9 h »). */
const flat = (text: string | null) => (text ?? '').replace(/\s+/g, ' ');

function weekdayFromToday(days: number): string {
  let day = DateTime.now().setZone(PARIS).startOf('day').plus({ days });
  while (day.weekday > 5) day = day.plus({ days: 1 });
  return day.toISODate() as string;
}

describe('pages: after convening, the convener reminds non-responders and changes the place and agenda', () => {
  let web: WebApp;
  let browser: Browser;
  let meetingId: string;
  let committeeId: string;

  beforeAll(async () => {
    // The worker too: a reminder goes only to whom the mail server accepted the convocation.
    [web, browser] = await Promise.all([startWebApp({ imports: [ConvocationsWorkerModule] }), launchBrowser()]);
    await importCurrentGrenoble(web.t);
    [{ id: committeeId }] = await web.t.dataSource.query(`SELECT id FROM committees WHERE key LIKE 'copil-local%'`);
    meetingId = await scheduleMeeting(weekdayFromToday(15));
    expect((await web.t.http().post(`/meetings/${meetingId}/convene`).set(await headersFor(web.t, DIRECTOR)).send({})).status).toBe(201);
    await everyInvitationSettled(meetingId);
  });
  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });

  async function scheduleMeeting(day: string): Promise<string> {
    const scheduled = await web.t
      .http()
      .post(`/committees/${committeeId}/meetings`)
      .set(await headersFor(web.t, DIRECTOR))
      .send({ start: `${day}T17:00`, end: `${day}T18:30`, location: 'Salle du conseil', agenda: [{ title: 'Bilan du trimestre', description: 'Chiffres de la classe mobile', presenter: 'Anne Bouvier' }] });
    expect(scheduled.status).toBe(201);
    return scheduled.body.id;
  }

  /** The worker has handed every invitation of the meeting to the SMTP sink, which accepted or refused it. */
  const everyInvitationSettled = (id: string) =>
    eventually('every invitation accepted or refused', async () => {
      const rows: Array<{ state: string }> = await web.t.dataSource.query(`SELECT state FROM outbound_messages WHERE kind = 'convocation' AND meeting_id = $1`, [id]);
      return rows.length > 0 && rows.every((row) => row.state === 'sent' || row.state === 'failed');
    });

  const remindersOf = async (id: string) =>
    (await web.t.dataSource.query(`SELECT recipient_email FROM outbound_messages WHERE kind = 'reminder' AND meeting_id = $1 ORDER BY recipient_email`, [id])).map(
      (row: { recipient_email: string }) => row.recipient_email,
    );
  const reminders = () => remindersOf(meetingId);

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

  it('reminds only those whose convocation the mail server accepted, not one it refused', async () => {
    const refused = 'philippe.garnier@ac-grenoble.example.fr';
    web.smtp.behaviour.rcpt = (address) => (address === refused ? { code: 550, message: '5.1.1 Mailbox unavailable' } : null);
    const id = await scheduleMeeting(weekdayFromToday(22));
    try {
      expect((await web.t.http().post(`/meetings/${id}/convene`).set(await headersFor(web.t, DIRECTOR)).send({})).status).toBe(201);
      await everyInvitationSettled(id);
    } finally {
      web.smtp.behaviour.rcpt = undefined;
    }
    const convened: Array<{ email: string }> = await web.t.dataSource.query(`SELECT email FROM convocations WHERE meeting_id = $1 ORDER BY email`, [id]);
    expect(convened.map((row) => row.email)).toContain(refused);

    const reminded = await web.t.http().post(`/meetings/${id}/reminders`).set(await headersFor(web.t, DIRECTOR)).send({});
    expect(reminded.status).toBe(201);
    expect(reminded.body).toEqual({ reminded: convened.length - 1, notYetSent: 1 });
    expect(await remindersOf(id)).toEqual(convened.map((row) => row.email).filter((email) => email !== refused));
  });

  it('offers no « Relancer » while the convocation waits for its sending time; the API refuses it, « Mes réunions » says when it leaves; cancelled then, nobody is told', async () => {
    const day = weekdayFromToday(29);
    const id = await scheduleMeeting(day);
    const sendAt = DateTime.now().setZone(PARIS).plus({ days: 1 }).set({ hour: 9, minute: 0, second: 0, millisecond: 0 });
    const director = await headersFor(web.t, DIRECTOR);
    expect((await web.t.http().post(`/meetings/${id}/convene`).set(director).send({ sendAt: sendAt.toUTC().toISO() })).status).toBe(201);
    const planned = frenchInstant(sendAt.toJSDate(), PARIS);
    const mailsBefore = web.smtp.received.length;

    // The API refuses, says why and when the convocation leaves; nothing is written, nothing leaves.
    const refused = await web.t.http().post(`/meetings/${id}/reminders`).set(director).send({});
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('convocation_not_sent');
    expect(refused.body.plannedAt.utc).toBe(sendAt.toUTC().toISO({ suppressMilliseconds: false }));
    expect(await remindersOf(id)).toEqual([]);

    // The page says the convocation is planned, not that it left, and offers no reminder yet.
    const { context, page } = await newVisitor(browser);
    await signInWithToken(context, web, await tokenFor(web.t, DIRECTOR));
    await page.goto(`${web.baseUrl}/reunions/${id}`);
    const facts = flat(await page.getByRole('main').getByRole('definition').first().textContent());
    expect(facts).toContain(flat(`Programmée, convocation prévue le ${planned}`));
    expect(facts).not.toContain('convoquée');
    expect(await page.getByRole('button', { name: 'Relancer les personnes sans réponse' }).count()).toBe(0);
    expect(await page.getByRole('region', { name: 'Réponses' }).textContent()).toContain('Vous pourrez relancer les personnes sans réponse une fois la convocation partie');
    await checkPage(page, 'meeting-convocation-planned');
    await context.close();

    // The member sees it planned, with nothing to answer yet; the meeting already convened keeps its « Répondre ».
    const member = await newVisitor(browser);
    await signInWithToken(member.context, web, await tokenFor(web.t, COMMUNE_MEMBER));
    await member.page.goto(`${web.baseUrl}/mes-reunions`);
    const [{ starts_at, ends_at }] = await web.t.dataSource.query(`SELECT starts_at, ends_at FROM meetings WHERE id = $1`, [id]);
    const when = frenchSpan(starts_at, ends_at, PARIS);
    const card = member.page.getByRole('listitem').filter({ hasText: when });
    expect(flat(await card.textContent())).toContain(flat(`Convocation prévue le ${planned}`));
    expect(await card.getByRole('link', { name: /Répondre/ }).count()).toBe(0);
    expect(await member.page.getByRole('link', { name: /Répondre/ }).count()).toBeGreaterThan(0);
    await checkPage(member.page, 'my-meetings-planned');
    // Nor does her home page ask her to answer it.
    await member.page.goto(`${web.baseUrl}/`);
    const needs = flat(await member.page.getByRole('region', { name: 'Ce qui vous attend' }).textContent());
    expect(needs).toContain('votre réponse est attendue');
    expect(needs).not.toContain(flat(frenchInstant(starts_at, PARIS)));
    await member.context.close();

    // Cancelled before its convocation left: nobody is told, and the page does not claim otherwise.
    const convener = await newVisitor(browser);
    await signInWithToken(convener.context, web, await tokenFor(web.t, DIRECTOR));
    await convener.page.goto(`${web.baseUrl}/reunions/${id}/annulation`);
    await convener.page.getByLabel('Motif de l’annulation').fill('Salle indisponible');
    await convener.page.getByRole('button', { name: 'Confirmer l’annulation' }).click();
    expect(await convener.page.getByRole('status').textContent()).toContain(
      'La réunion est annulée. Les convocations n’étaient pas encore parties\u00A0: elles ne partiront pas, et aucun message n’est envoyé.',
    );
    const [{ waiting }] = await web.t.dataSource.query(`SELECT count(*)::int AS waiting FROM outbound_messages WHERE meeting_id = $1 AND state IN ('pending', 'sending')`, [id]);
    expect(waiting).toBe(0);
    await convener.context.close();
    expect(web.smtp.received.length).toBe(mailsBefore);
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
    // Marked in error for assistive technologies, as every other field in error.
    expect(await page.getByLabel('Document du point 2 (lien, facultatif)').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByLabel('Point 2', { exact: true }).getAttribute('aria-invalid')).toBeNull();
    expect(await page.getByLabel('Point 2', { exact: true }).inputValue()).toBe('Équipement des classes');
    await checkPage(page, 'meeting-edit-error');

    await page.getByLabel('Document du point 2 (lien, facultatif)').fill('https://docs.example.fr/equipement.pdf');
    await page.getByLabel('Lieu').fill('École élémentaire, salle polyvalente');
    await page.getByRole('button', { name: 'Enregistrer les modifications' }).click();
    expect(await page.getByRole('status').textContent()).toContain('La réunion est modifiée\u00a0; les personnes convoquées en sont informées.');
    expect(await page.getByRole('main').textContent()).toContain('École élémentaire, salle polyvalente');
    // The form gave the document the point's title: the page names the point once and links « Document ».
    const agenda = page.getByRole('region', { name: 'Ordre du jour' });
    expect(await agenda.getByRole('link', { name: 'Document', exact: true }).getAttribute('href')).toBe('https://docs.example.fr/equipement.pdf');
    expect((await agenda.textContent())?.split('Équipement des classes').length).toBe(2);
    await checkPage(page, 'meeting-agenda-document');
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
