import { DateTime } from 'luxon';
import { Browser, Locator, Page } from 'playwright-core';
import { ConvocationsWorkerModule } from '../src/convocations/convocations-worker.module';
import { headersFor, tokenFor } from './support/auth-helpers';
import { checkPage, launchBrowser, newVisitor, signInWithToken, startWebApp, WebApp } from './support/browser';
import { buildCommittee, buildConvention, buildMeeting, buildMember, localTime, scheduleMeeting, seatOf } from './support/builders';
import { deleteQueueKeys } from './support/convocation-redis';
import { eventually } from './support/eventually';

// A browser, axe-core, the worker and a real SMTP sink: slow on a busy machine, never a timed assertion.
jest.setTimeout(600_000);

const PARIS = 'Europe/Paris';
const CONVENER = 'nathalie.roux@ac-paris.example.fr';

/** The colour of a field's border, as the browser draws it (red for a field in error). */
const borderColour = (field: Locator): Promise<string> =>
  field.evaluate((element) => (globalThis as unknown as { getComputedStyle(node: unknown): { borderTopColor: string } }).getComputedStyle(element).borderTopColor);

describe('pages: the meeting page says what became of each convocation, convenes at a chosen time, takes the minutes and warns of vacant seats', () => {
  let web: WebApp;
  let browser: Browser;

  beforeAll(async () => {
    [web, browser] = await Promise.all([startWebApp({ env: { CONVOCATION_RECONCILE_SECONDS: '1', SMTP_RETRY_BASE_SECONDS: '3600' }, imports: [ConvocationsWorkerModule] }), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    if (web) await deleteQueueKeys(web.t.config);
    await web?.close();
  });

  /** A Paris committee giving 8 days' notice, with the members named (a seat without a name stays vacant), and its convener's browser. */
  async function committeeWith(members: Array<{ seat: string; party: string | null; name: string | null }>) {
    const convention = await buildConvention(web.t.dataSource, { signedOn: '2024-01-01' });
    const committee = await buildCommittee(web.t.dataSource, convention, {
      notice: { days: 8 },
      seats: members.map((member) => ({ key: member.seat, party: member.party, role: member.seat === 'parent' ? 'représentant des parents' : member.seat })),
    });
    const emails: Record<string, string> = {};
    const ids: Record<string, string> = {};
    for (const member of members) {
      if (!member.name) continue;
      const person = await buildMember(web.t.dataSource, seatOf(committee, member.seat), member.name);
      emails[member.name] = person.email as string;
      ids[member.name] = person.id;
    }
    const { context, page } = await newVisitor(browser);
    await signInWithToken(context, web, await tokenFor(web.t, CONVENER, [{ role: 'convener', committeeId: committee.id }]));
    return { committee, emails, ids, page, close: () => context.close() };
  }

  const scheduled = (committeeId: string) => scheduleMeeting(web.t, committeeId, { start: localTime(PARIS, 20, '14:00'), end: localTime(PARIS, 20, '16:00') });
  const deliveryOf = async (page: Page, name: string) =>
    (await page.getByRole('table', { name: 'Par personne convoquée' }).getByRole('row').filter({ hasText: name }).getByRole('cell').last().textContent())?.trim();
  const messages = async (meetingId: string) =>
    web.t.dataSource.query(`SELECT recipient_email AS email, state, send_after FROM outbound_messages WHERE meeting_id = $1 AND kind = 'convocation' ORDER BY recipient_email`, [meetingId]);

  it('says when the server accepted a convocation, what it answered when it refused one, and why one was withheld', async () => {
    const { committee, emails, page, close } = await committeeWith([
      { seat: 'dasen', party: 'academie', name: 'Claire Martin' },
      { seat: 'elu', party: 'commune', name: 'Jean Dupont' },
      { seat: 'parent', party: null, name: 'Nadia Berrada' },
    ]);
    web.smtp.behaviour.rcpt = (address) => (address === emails['Jean Dupont'] ? { code: 550, message: '5.1.1 No such user here' } : null);
    const meetingId = await scheduled(committee.id);
    await page.goto(`${web.baseUrl}/reunions/${meetingId}`);
    await page.getByRole('button', { name: 'Convoquer' }).click();
    expect(await page.getByRole('status').textContent()).toContain('Les convocations partent');
    await eventually('the refusal and the two acceptances', async () => {
      const rows: Array<{ state: string }> = await messages(meetingId);
      return rows.length === 3 && rows.filter((row) => row.state === 'sent').length === 2 && rows.some((row) => row.state === 'failed');
    });
    // The rules withheld the parent's convocation when its time came (as outbox.processor.ts records it).
    await web.t.dataSource.query(
      `UPDATE outbound_messages SET state = 'withheld', accepted_at = NULL, server_response = NULL, last_error = 'notice: 8 calendar days are no longer left' WHERE meeting_id = $1 AND recipient_email = $2`,
      [meetingId, emails['Nadia Berrada']],
    );

    await page.goto(`${web.baseUrl}/reunions/${meetingId}`);
    const [accepted]: Array<{ accepted_at: Date }> = await web.t.dataSource.query(`SELECT accepted_at FROM outbound_messages WHERE meeting_id = $1 AND recipient_email = $2`, [
      meetingId,
      emails['Claire Martin'],
    ]);
    const acceptedDay = DateTime.fromJSDate(accepted.accepted_at).setZone(PARIS).setLocale('fr').toFormat('cccc d LLLL yyyy');
    expect(await deliveryOf(page, 'Claire Martin')).toMatch(new RegExp(`^acceptée par le serveur le ${acceptedDay} à \\d{1,2}\\sh(\\s\\d{2})?\\s\\(heure de Paris\\)$`));
    expect(await deliveryOf(page, 'Jean Dupont')).toBe('refusée par le serveur\u00A0: 550 5.1.1 No such user here');
    expect(await deliveryOf(page, 'Nadia Berrada')).toBe('retenue\u00A0: le délai de convocation n’était plus respecté quand la convocation devait partir.');
    await checkPage(page, 'meeting-deliveries');
    web.smtp.behaviour.rcpt = undefined;
    await close();
  });

  it('convenes at a chosen time within the notice, after refusing a time too late or missing beside its field', async () => {
    const { committee, page, close } = await committeeWith([
      { seat: 'dasen', party: 'academie', name: 'Claire Martin' },
      { seat: 'elu', party: 'commune', name: 'Jean Dupont' },
    ]);
    const meetingId = await scheduled(committee.id);
    await page.goto(`${web.baseUrl}/reunions/${meetingId}`);
    const envoi = page.getByLabel('Date et heure d’envoi');

    // « À une date choisie » without a date.
    await page.getByLabel('À une date et une heure choisies').check();
    await page.getByRole('button', { name: 'Convoquer' }).click();
    expect(await envoi.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#envoi-error').textContent()).toMatch(/\S/);
    expect(await page.getByRole('alert').getByRole('link').first().getAttribute('href')).toBe('#envoi');

    // Fifteen days ahead leaves 5 days before the meeting, fewer than its 8 days' notice.
    const tooLate = localTime(PARIS, 15, '09:00');
    await envoi.fill(tooLate);
    await page.getByRole('button', { name: 'Convoquer' }).click();
    expect(await page.getByLabel('À une date et une heure choisies').isChecked()).toBe(true);
    expect(await envoi.inputValue()).toBe(tooLate);
    // The sending time chosen is what was refused: marked in error, unlike « Maintenant » refused.
    expect(await borderColour(envoi)).not.toBe(await page.evaluate('getComputedStyle(document.body).color'));
    // Too late, not too early: by when it had to leave, and from when the meeting could be held if it leaves then.
    const frenchDayIn = (days: number) => DateTime.now().setZone(PARIS).plus({ days }).setLocale('fr').toFormat('cccc d LLLL yyyy').replace(/^(\S+) 1 /, '$1 1er ');
    expect(await page.locator('#envoi-error').textContent()).toContain(
      `Trop tard\u00A0: la convocation doit partir au moins 8\u00A0jours avant la réunion, donc au plus tard le ${frenchDayIn(12)}. ` +
        `Choisissez un envoi plus tôt, ou déplacez la réunion au ${frenchDayIn(23)} ou après.`,
    );
    expect(await envoi.getAttribute('aria-describedby')).toContain('envoi-error');
    await checkPage(page, 'meeting-convene-later-refused');
    expect(await messages(meetingId)).toEqual([]);

    // Yesterday: a time already past, said so beside the field.
    await envoi.fill(localTime(PARIS, -1, '09:00'));
    await page.getByRole('button', { name: 'Convoquer' }).click();
    expect(await page.locator('#envoi-error').textContent()).toContain('Ce moment est déjà passé\u00A0: choisissez une date et une heure à venir.');
    expect(await messages(meetingId)).toEqual([]);

    // In three days at 9:00 (Paris): the convocations wait for their hour.
    const chosen = localTime(PARIS, 3, '09:00');
    await envoi.fill(chosen);
    await page.getByRole('button', { name: 'Convoquer' }).click();
    expect(await page.getByRole('status').textContent()).toContain('Les convocations partiront à l’heure choisie.');
    const rows: Array<{ state: string; send_after: Date }> = await messages(meetingId);
    expect(rows.map((row) => row.state)).toEqual(['pending', 'pending']);
    const due = DateTime.fromISO(chosen, { zone: PARIS });
    expect(rows.map((row) => row.send_after.getTime())).toEqual([due.toMillis(), due.toMillis()]);
    expect(await deliveryOf(page, 'Claire Martin')).toMatch(new RegExp(`^en attente d’envoi, prévu le ${due.setLocale('fr').toFormat('cccc d LLLL yyyy')} à 9\\sh\\s\\(heure de Paris\\)$`));
    await checkPage(page, 'meeting-convened-later');
    await close();
  });

  it('says, when it is too late to convene now, by when the convocation had to leave and from when the meeting could be held', async () => {
    const { committee, page, close } = await committeeWith([{ seat: 'dasen', party: 'academie', name: 'Claire Martin' }]);
    const meetingId = await scheduled(committee.id);
    // Brought forward to five days from now, within the 8 days' notice (as a meeting scheduled before the rule changed).
    await web.t.dataSource.query(`UPDATE meetings SET starts_at = starts_at - interval '15 days', ends_at = ends_at - interval '15 days' WHERE id = $1`, [meetingId]);
    await page.goto(`${web.baseUrl}/reunions/${meetingId}`);
    const border = () => borderColour(page.getByLabel('Date et heure d’envoi'));
    const unmarked = await border();
    await page.getByRole('button', { name: 'Convoquer' }).click();
    const frenchDayIn = (days: number) => DateTime.now().setZone(PARIS).plus({ days }).setLocale('fr').toFormat('cccc d LLLL yyyy').replace(/^(\S+) 1 /, '$1 1er ');
    // « Maintenant » is what was refused: the sending time, not chosen, is not marked in error.
    expect(await border()).toBe(unmarked);
    expect(await page.getByLabel('Date et heure d’envoi').getAttribute('aria-invalid')).toBeNull();
    expect(await page.getByRole('alert').textContent()).toContain(
      `Trop tard pour convoquer aujourd’hui\u00A0: la convocation devait partir au moins 8\u00A0jours avant la réunion, au plus tard le ${frenchDayIn(-3)}. ` +
        `Déplacez la réunion au ${frenchDayIn(8)} ou après.`,
    );
    expect(await messages(meetingId)).toEqual([]);
    await close();
  });

  it('attaches the minutes to a held meeting, after refusing a link that is not one, and shows them', async () => {
    const { committee, ids, page, close } = await committeeWith([
      { seat: 'dasen', party: 'academie', name: 'Claire Martin' },
      { seat: 'elu', party: 'commune', name: 'Jean Dupont' },
    ]);
    // Last week's meeting, its attendance recorded through the API.
    const held = await buildMeeting(web.t.dataSource, committee, PARIS, { on: DateTime.now().setZone(PARIS).minus({ days: 7 }).toISODate() as string, state: 'scheduled' });
    const recorded = await web.t
      .http()
      .post(`/meetings/${held.id}/held`)
      .set(await headersFor(web.t, CONVENER))
      .send({ attendance: [{ personId: ids['Claire Martin'], status: 'present' }, { personId: ids['Jean Dupont'], status: 'present' }] });
    expect(recorded.status).toBe(200);
    await page.goto(`${web.baseUrl}/reunions/${held.id}`);
    const link = page.getByLabel('Lien vers le compte rendu');
    await link.fill('compte rendu du conseil');
    await page.getByRole('button', { name: 'Joindre le compte rendu' }).click();
    expect(await link.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#compteRendu-error').textContent()).toContain('https://');
    expect(await link.inputValue()).toBe('compte rendu du conseil');
    await checkPage(page, 'meeting-minutes-refused');
    expect(await web.t.dataSource.query(`SELECT 1 FROM meeting_documents WHERE meeting_id = $1`, [held.id])).toEqual([]);

    await link.fill('https://partage.example.fr/compte-rendu-mars.pdf');
    await page.getByRole('button', { name: 'Joindre le compte rendu' }).click();
    expect(await page.getByRole('status').textContent()).toContain('Le compte rendu est joint à la réunion.');
    expect(await page.getByRole('link', { name: 'Compte rendu', exact: true }).getAttribute('href')).toBe('https://partage.example.fr/compte-rendu-mars.pdf');
    expect(await web.t.dataSource.query(`SELECT kind, url FROM meeting_documents WHERE meeting_id = $1`, [held.id])).toEqual([
      { kind: 'minutes', url: 'https://partage.example.fr/compte-rendu-mars.pdf' },
    ]);
    await checkPage(page, 'meeting-minutes');
    await close();
  });

  it('warns before convening that a seat is vacant, and convenes only the seats held', async () => {
    const { committee, emails, page, close } = await committeeWith([
      { seat: 'dasen', party: 'academie', name: 'Claire Martin' },
      { seat: 'elu', party: 'commune', name: 'Jean Dupont' },
      { seat: 'parent', party: null, name: null },
    ]);
    const meetingId = await scheduled(committee.id);
    await page.goto(`${web.baseUrl}/reunions/${meetingId}`);
    const convene = page.getByRole('region', { name: 'Convoquer les membres' });
    expect(await convene.textContent()).toContain('Un siège est vacant\u00A0: représentant des parents. Ces places ne recevront pas de convocation.');
    await checkPage(page, 'meeting-vacancy');
    await convene.getByRole('button', { name: 'Convoquer' }).click();
    expect(await page.getByRole('status').textContent()).toContain('Les convocations partent');
    expect((await messages(meetingId)).map((row: { email: string }) => row.email).sort()).toEqual([emails['Claire Martin'], emails['Jean Dupont']].sort());
    await close();
  });
});
