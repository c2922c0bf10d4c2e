import { Browser } from 'playwright-core';
import { ConvocationsWorkerModule } from '../src/convocations/convocations-worker.module';
import { headersFor, tokenFor } from './support/auth-helpers';
import { checkPage, launchBrowser, newVisitor, signInWithToken, startWebApp, WebApp } from './support/browser';
import { eventually } from './support/eventually';
import { buildCommittee, buildConvention, buildMeeting, buildMember, buildMembership, buildPerson, scheduleMeeting, seatOf } from './support/builders';

// A browser, axe-core and two screenshots per page: slow on a busy machine, never a timed assertion.
jest.setTimeout(300_000);

const PARIS = 'Europe/Paris';
const CONVENER = 'nathalie.roux@ac-paris.example.fr';

describe('pages: « Mes comités » shows each committee’s standing, last day to convene and next meeting, and what needs the person', () => {
  let web: WebApp;
  let browser: Browser;

  beforeAll(async () => {
    // The worker too: a member is asked to answer only once her convocation has left.
    [web, browser] = await Promise.all([startWebApp({ imports: [ConvocationsWorkerModule] }), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });

  it('shows the convener her steering committee’s year, its last day and its meeting, the quorum at risk, the answers missing, her own invitation and the minutes missing elsewhere', async () => {
    // Monday 3 March 2025, 9:00 in Paris.
    web.t.clock.set('2025-03-03T08:00:00Z');
    const convention = await buildConvention(web.t.dataSource, { signedOn: '2024-01-01' });
    // Once a civil year, 8 days' notice, a representative of each party for the quorum.
    const steering = await buildCommittee(web.t.dataSource, convention, {
      name: 'Comité de pilotage',
      notice: { days: 8 },
      frequency: { minimum: 1, period: 'year', calendar: 'civil' },
      quorum: { kind: 'each_party' },
      seats: [
        { key: 'dasen', party: 'academie' },
        { key: 'elu', party: 'commune' },
      ],
    });
    const nathalie = await buildPerson(web.t.dataSource, { fullName: 'Nathalie Roux', email: CONVENER });
    await buildMembership(web.t.dataSource, seatOf(steering, 'dasen'), nathalie, { startsOn: '2024-01-01' });
    await buildMember(web.t.dataSource, seatOf(steering, 'elu'), 'Jean Dupont', { startsOn: '2024-01-01' });
    const follow = await buildCommittee(web.t.dataSource, convention, { name: 'Comité de suivi' });
    await buildMeeting(web.t.dataSource, follow, PARIS, { on: '2025-02-24', at: '10:00', state: 'held' });
    const convener = await headersFor(web.t, CONVENER, [{ role: 'convener', conventionId: convention.id }]);

    // Convened for Monday 24 March; the commune’s only member declines: the commune cannot be represented.
    const meetingId = await scheduleMeeting(web.t, steering.id, { start: '2025-03-24T14:00', end: '2025-03-24T16:00' }, convener);
    expect((await web.t.http().post(`/meetings/${meetingId}/convene`).set(convener).send({})).status).toBe(201);
    await eventually('the convocations accepted by the mail server', async () => {
      const rows: Array<{ state: string }> = await web.t.dataSource.query(`SELECT state FROM outbound_messages WHERE kind = 'convocation' AND meeting_id = $1`, [meetingId]);
      return rows.length > 0 && rows.every((row) => row.state === 'sent');
    });
    await web.t.dataSource.query(
      `UPDATE convocations SET answer = 'declined', answered_at = now() WHERE meeting_id = $1 AND person_id = (SELECT id FROM people WHERE full_name = 'Jean Dupont')`,
      [meetingId],
    );

    const { context, page } = await newVisitor(browser);
    await signInWithToken(context, web, await tokenFor(web.t, CONVENER));
    await page.goto(`${web.baseUrl}/`);
    const card = page.getByRole('article').filter({ has: page.getByRole('heading', { name: 'Comité de pilotage' }) });
    const fact = async (term: string) => ((await card.locator('dt', { hasText: term }).locator('xpath=following-sibling::dd[1]').textContent()) ?? '').replace(/\s+/g, ' ').trim();
    expect(await fact('Période en cours')).toBe('année 2025 Dans les temps');
    expect(await fact('Dernier jour pour convoquer')).toBe('mardi 23 décembre 2025');
    expect(await fact('Prochaine réunion')).toBe('lundi 24 mars 2025, de 14 h à 16 h (heure de Paris)');
    expect(await card.getByRole('link', { name: 'lundi 24 mars 2025, de 14 h à 16 h (heure de Paris)' }).getAttribute('href')).toBe(`/reunions/${meetingId}`);

    const needs = page.getByRole('region', { name: 'Ce qui vous attend' }).getByRole('listitem');
    const need = async (index: number) => (await needs.nth(index).innerText()).replace(/\s+/g, ' ').trim();
    expect(await needs.count()).toBe(4);
    expect(await need(0)).toBe('Comité de pilotage, réunion du lundi 24 mars 2025 à 14 h (heure de Paris) : le quorum ne peut plus être atteint avec les réponses reçues. Voir les réponses');
    expect(await need(1)).toBe('Comité de pilotage, réunion du lundi 24 mars 2025 à 14 h (heure de Paris) : une personne n’a pas encore répondu. Voir les réponses');
    expect(await need(2)).toBe('Comité de suivi, réunion du lundi 24 février 2025 à 10 h (heure de Paris) : le compte rendu n’est pas encore joint. Joindre le compte rendu');
    expect(await need(3)).toBe('Comité de pilotage vous convoque le lundi 24 mars 2025 à 14 h (heure de Paris) : votre réponse est attendue. Répondre');
    await checkPage(page, 'home-all-needs');

    // The quorum at risk leads to the meeting's answers: the forecast, and the signatory nobody will represent.
    await needs.nth(0).getByRole('link', { name: 'Voir les réponses' }).click();
    expect(await page.getByRole('region', { name: 'Réponses' }).textContent()).toContain('Avec les réponses reçues, le quorum ne peut plus être atteint.');
    const bySignatory = page.getByRole('table', { name: 'Par signataire' });
    const cells = async (party: string) => (await bySignatory.getByRole('row').filter({ hasText: party }).getByRole('cell').allInnerTexts()).map((cell) => cell.trim());
    expect(await cells('Commune de Crêts en Belledonne')).toEqual(['0 — personne pour l’instant', '1', '0']);
    expect(await cells('Académie de Grenoble')).toEqual(['0 — personne pour l’instant', '0', '1']);
    await page.goto(`${web.baseUrl}/`);

    // Each need leads where it is met: the minutes' form, her answer.
    await needs.nth(2).getByRole('link', { name: 'Joindre le compte rendu' }).click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('Réunion du lundi 24 février 2025');
    await page.getByLabel('Lien vers le compte rendu').fill('https://partage.example.fr/suivi-fevrier.pdf');
    await page.getByRole('button', { name: 'Joindre le compte rendu' }).click();
    expect(await page.getByRole('status').textContent()).toContain('Le compte rendu est joint à la réunion.');
    await page.goto(`${web.baseUrl}/`);
    expect(await needs.count()).toBe(3);
    await needs.nth(2).getByRole('link', { name: 'Répondre' }).click();
    await page.getByRole('button', { name: 'Je participerai' }).click();
    await page.goto(`${web.baseUrl}/`);
    const after = ((await page.getByRole('region', { name: 'Ce qui vous attend' }).textContent()) ?? '').replace(/\s+/g, ' ');
    expect(after).not.toContain('votre réponse est attendue');
    expect(after).not.toContain('pas encore répondu');
    expect(after).not.toContain('le compte rendu n’est pas encore joint');
    expect(after).toContain('le quorum ne peut plus être atteint');
    await context.close();
  });

  it('asks the convener to convene a committee whose quarter is at risk, by its last day, and leads to the schedule form', async () => {
    // Thursday 20 March 2025: the first quarter ends in eleven days and nothing is planned.
    web.t.clock.set('2025-03-20T08:00:00Z');
    const convention = await buildConvention(web.t.dataSource, { signedOn: '2024-01-01' });
    const technical = await buildCommittee(web.t.dataSource, convention, { name: 'Comité technique', notice: { days: 8 }, frequency: { minimum: 1, period: 'quarter', calendar: 'civil' } });
    const email = 'paul.girard@ac-paris.example.fr';
    const { context, page } = await newVisitor(browser);
    await signInWithToken(context, web, await tokenFor(web.t, email, [{ role: 'convener', committeeId: technical.id }]));
    await page.goto(`${web.baseUrl}/`);
    const card = page.getByRole('article').filter({ has: page.getByRole('heading', { name: 'Comité technique' }) });
    const fact = async (term: string) => ((await card.locator('dt', { hasText: term }).locator('xpath=following-sibling::dd[1]').textContent()) ?? '').replace(/\s+/g, ' ').trim();
    expect(await fact('Période en cours')).toBe('1er trimestre 2025 À risque');
    expect(await fact('Dernier jour pour convoquer')).toBe('dimanche 23 mars 2025');
    expect(await fact('Prochaine réunion')).toBe('aucune pour l’instant');
    const needs = page.getByRole('region', { name: 'Ce qui vous attend' }).getByRole('listitem');
    expect((await needs.allInnerTexts()).map((text) => text.replace(/\s+/g, ' ').trim())).toEqual([
      'Comité technique : aucune réunion n’est prévue pour le 1er trimestre 2025. Dernier jour pour convoquer : dimanche 23 mars 2025. Programmer une réunion',
    ]);
    await checkPage(page, 'home-convene-by');
    await needs.getByRole('link', { name: 'Programmer une réunion' }).click();
    expect(page.url()).toBe(`${web.baseUrl}/comites/${technical.id}/reunions/nouvelle`);
    expect(await page.getByRole('heading', { level: 1 }).count()).toBe(1);

    // A meeting of the next quarter leaves this one at risk: the request stays, beside the new meeting's own.
    await buildMeeting(web.t.dataSource, technical, PARIS, { on: '2025-04-15', state: 'scheduled' });
    await page.goto(`${web.baseUrl}/`);
    const texts = async () => (await needs.allInnerTexts()).map((text) => text.replace(/\s+/g, ' ').trim());
    expect(await texts()).toEqual([
      'Comité technique : aucune réunion n’est prévue pour le 1er trimestre 2025. Dernier jour pour convoquer : dimanche 23 mars 2025. Programmer une réunion',
      'Comité technique, réunion du mardi 15 avril 2025 à 14 h (heure de Paris) : les membres ne sont pas encore convoqués. Dernier jour pour le faire : lundi 7 avril 2025. Convoquer',
    ]);
    // One within the quarter holds it: only that meeting's convening is asked for.
    await buildMeeting(web.t.dataSource, technical, PARIS, { on: '2025-03-28', state: 'scheduled' });
    await page.goto(`${web.baseUrl}/`);
    expect(await texts()).toEqual([
      'Comité technique, réunion du vendredi 28 mars 2025 à 14 h (heure de Paris) : les membres ne sont pas encore convoqués. Dernier jour pour le faire : jeudi 20 mars 2025. Convoquer',
    ]);
    await context.close();
  });
});
