import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Browser } from 'playwright-core';
import { asAdmin, tokenFor } from './support/auth-helpers';
import { checkPage, launchBrowser, newVisitor, signInWithToken, startWebApp, WebApp } from './support/browser';

// A browser, axe-core and two screenshots per page: slow on a busy machine, never a timed assertion.
jest.setTimeout(300_000);

const FIXTURE = readFileSync(join(__dirname, 'fixtures', 'rhone-conseil-ecoles-2025.yaml'), 'utf8');
const NBSP = '\u00A0';
const SECRETARIAT = 'sophie.garnier@ac-lyon.example.fr';

/** Text as a person reads it: runs of spaces and line breaks as one space (the no-break spaces of French kept). */
const squash = (text: string | null) => (text ?? '').replace(/[ \t\r\n]+/g, ' ').trim();

describe('the committee page: its seats by party, its meetings past and coming, its periods with their standing', () => {
  let web: WebApp;
  let browser: Browser;

  beforeAll(async () => {
    [web, browser] = await Promise.all([startWebApp(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });

  it('shows each party’s seats with holder and substitute, the vacant seat, the meetings held and to come, and each period’s standing', async () => {
    const t = web.t;
    const admin = await asAdmin(t);
    t.clock.set('2025-01-06T08:00:00Z');
    await t.http().post('/conventions/import').set(admin).set('Content-Type', 'application/yaml').send(FIXTURE).expect(201);
    const committees = (await t.http().get('/conventions/rhone-conseil-ecoles-2025/committees').set(admin).expect(200)).body as Array<{ id: string; definitionKey: string }>;
    const conseil = committees.find((c) => c.definitionKey === 'conseil-ecoles')?.id as string;
    const memberships: Array<{ id: string; email: string }> = await t.dataSource.query(
      `SELECT m.id, p.email FROM memberships m JOIN people p ON p.id = m.person_id JOIN seats s ON s.id = m.seat_id WHERE s.committee_id = $1`,
      [conseil],
    );
    const membershipOf = (email: string) => memberships.find((row) => row.email === email)?.id as string;

    // The director names his substitute; one of the two councillors leaves in June: his seat is vacant.
    t.clock.set('2025-06-02T08:00:00Z');
    await t
      .http()
      .patch(`/memberships/${membershipOf('karim.saidi@ac-lyon.example.fr')}`)
      .set(admin)
      .send({ substitute: { fullName: 'Nadia Benali', email: 'nadia.benali@ac-lyon.example.fr' } })
      .expect(200);
    await t.http().patch(`/memberships/${membershipOf('bruno.lambert@venissieux.example.fr')}`).set(admin).send({ endsOn: '2025-06-30' }).expect(200);

    // One sitting held in October with everyone still seated, one scheduled in March.
    t.clock.set('2025-09-10T08:00:00Z');
    const held = (await t.http().post(`/committees/${conseil}/meetings`).set(admin).send({ start: '2025-10-07T14:00', end: '2025-10-07T16:00', title: 'Bilan de la rentrée' }).expect(201)).body;
    const agenda = [{ title: 'Programme de l’année' }];
    const coming = (await t.http().post(`/committees/${conseil}/meetings`).set(admin).send({ start: '2026-03-10T17:30', end: '2026-03-10T19:00', agenda }).expect(201)).body;
    t.clock.set('2025-10-07T16:00:00Z');
    const seated = ['julie.marchand@ac-lyon.example.fr', 'karim.saidi@ac-lyon.example.fr', 'helene.petit@venissieux.example.fr'];
    const people: Array<{ id: string; email: string }> = await t.dataSource.query(`SELECT id, email FROM people WHERE email = ANY($1)`, [seated]);
    await t
      .http()
      .post(`/meetings/${held.id}/held`)
      .set(admin)
      .send({ attendance: people.map((person) => ({ personId: person.id, status: 'present' })) })
      .expect(200);

    // In November the director convenes the March sitting for a sending in February, schedules both
    // sittings of the next school year and convenes the first, and cancels one she had set in January.
    t.clock.set('2025-11-14T08:00:00Z');
    await t.http().post(`/meetings/${coming.id}/convene`).set(admin).send({ sendAt: '2026-02-20T08:00' }).expect(201);
    const nextYear = (await t.http().post(`/committees/${conseil}/meetings`).set(admin).send({ start: '2026-10-06T17:30', end: '2026-10-06T19:00', agenda }).expect(201)).body;
    await t.http().post(`/meetings/${nextYear.id}/convene`).set(admin).send({}).expect(201);
    // No worker runs here: record what it would once the mail server accepted the convocations.
    await t.dataSource.query(`UPDATE outbound_messages SET state = 'sent', accepted_at = now() WHERE meeting_id = $1`, [nextYear.id]);
    await t.http().post(`/committees/${conseil}/meetings`).set(admin).send({ start: '2027-03-09T17:30', end: '2027-03-09T19:00' }).expect(201);
    const january = (await t.http().post(`/committees/${conseil}/meetings`).set(admin).send({ start: '2026-01-13T17:30', end: '2026-01-13T19:00' }).expect(201)).body;
    await t.http().post(`/meetings/${january.id}/cancel`).set(admin).send({ reason: 'Salle indisponible' }).expect(200);

    const { context, page } = await newVisitor(browser);
    await signInWithToken(context, web, await tokenFor(t, SECRETARIAT, [{ role: 'secretariat' }], { fullName: 'Sophie Garnier', expiresInHours: 100 * 366 * 24 }));
    await page.goto(`${web.baseUrl}/comites/${conseil}`);

    // Its standing is the missed school year's, and says so, though this one is on track.
    expect(squash(await page.getByText('Situation').textContent())).toBe(`Situation${NBSP}: Manqué (année scolaire 2024-2025)`);

    // The seats, party by party: each holder with their title and their substitute, the vacant seat named.
    const seats = page.getByRole('region', { name: 'Sa composition' });
    expect(squash(await seats.getByRole('paragraph').first().textContent())).toBe(`4 places${NBSP}: 3 occupées, 1 vacante.`);
    const rowsOf = async (party: string) =>
      (await seats.getByRole('table', { name: party }).getByRole('row').all()).slice(1).map(async (row) => (await row.getByRole('cell').allInnerTexts()).map(squash));
    expect(await Promise.all(await rowsOf('Académie de Lyon'))).toEqual([
      ["l'IEN de circonscription", "Julie Marchand IEN de circonscription", 'aucun'],
      ["un directeur d'école", "Karim Saïdi Directeur d'école", 'Nadia Benali'],
    ]);
    expect(await Promise.all(await rowsOf('Ville de Vénissieux'))).toEqual([
      ['deux élus de la ville', "Hélène Petit Adjointe à l'éducation", 'aucun'],
      ['deux élus de la ville', 'Un siège vacant'],
    ]);
    // Bruno Lambert left in June: he is no longer listed.
    expect(await seats.textContent()).not.toContain('Bruno Lambert');

    // Its meetings: the one to come, the one held with its quorum, each a link to its page.
    const meetings = page.getByRole('region', { name: 'Ses réunions' });
    const listAfter = (title: string) => meetings.getByRole('heading', { name: title }).locator('xpath=following-sibling::*[1]');
    // Each to come says where its convocation stands, in the words of its own page; the cancelled one is apart.
    expect((await listAfter('À venir').getByRole('listitem').allInnerTexts()).map(squash)).toEqual([
      `mardi 10 mars 2026, de 17${NBSP}h${NBSP}30 à 19${NBSP}h (heure de Paris) (Programmée, convocation prévue le vendredi 20 février 2026 à 8${NBSP}h (heure de Paris))`,
      `mardi 6 octobre 2026, de 17${NBSP}h${NBSP}30 à 19${NBSP}h (heure de Paris) (Programmée, convoquée)`,
      `mardi 9 mars 2027, de 17${NBSP}h${NBSP}30 à 19${NBSP}h (heure de Paris) (Programmée, pas encore convoquée)`,
    ]);
    expect(squash(await listAfter('Passées').textContent())).toBe(`mardi 7 octobre 2025, de 14${NBSP}h à 16${NBSP}h (heure de Paris) — Bilan de la rentrée (Tenue, quorum atteint)`);
    expect(squash(await listAfter('Annulées').innerText())).toBe(`mardi 13 janvier 2026, de 17${NBSP}h${NBSP}30 à 19${NBSP}h (heure de Paris) (Annulée) Motif${NBSP}: Salle indisponible`);
    await page.goto(`${web.baseUrl}/reunions/${coming.id}`);
    expect(squash(await page.getByRole('main').getByRole('definition').first().textContent())).toBe(
      `Programmée, convocation prévue le vendredi 20 février 2026 à 8${NBSP}h (heure de Paris)`,
    );
    await page.goto(`${web.baseUrl}/comites/${conseil}`);
    expect(await meetings.getByRole('link', { name: /mardi 10 mars 2026/ }).getAttribute('href')).toBe(`/reunions/${coming.id}`);
    expect(await meetings.getByRole('link', { name: /mardi 7 octobre 2025/ }).getAttribute('href')).toBe(`/reunions/${held.id}`);

    // Its periods: the school year the convention began in, from its signature, missed; this one on track,
    // with the sitting it rests on and its last day to convene; the next one, not due before it begins
    // but already covered by the two sittings scheduled in it. Each says its standing in words, and is coloured by it.
    const periods = page.getByRole('region', { name: 'Ses périodes' }).getByRole('listitem');
    expect((await periods.allInnerTexts()).map(squash)).toEqual([
      `année scolaire 2024-2025 du lundi 6 janvier 2025 au dimanche 31 août 2025 (convention en vigueur) Manqué Séances tenues avec quorum${NBSP}: 0 sur 2`,
      `année scolaire 2025-2026 du lundi 1er septembre 2025 au lundi 31 août 2026 Dans les temps Séances tenues avec quorum${NBSP}: 1 sur 2 ` +
        `Réunion prévue${NBSP}: mardi 10 mars 2026, de 17${NBSP}h${NBSP}30 à 19${NBSP}h (heure de Paris) (Programmée, convocation prévue le vendredi 20 février 2026 à 8${NBSP}h (heure de Paris)) ` +
        `Dernier jour pour convoquer${NBSP}: jeudi 25 juin 2026`,
      `année scolaire 2026-2027 du mardi 1er septembre 2026 au mardi 31 août 2027 Dans les temps Séances tenues avec quorum${NBSP}: 0 sur 2 ` +
        `Réunion prévue${NBSP}: mardi 6 octobre 2026, de 17${NBSP}h${NBSP}30 à 19${NBSP}h (heure de Paris) (Programmée, convoquée) ` +
        `Réunion prévue${NBSP}: mardi 9 mars 2027, de 17${NBSP}h${NBSP}30 à 19${NBSP}h (heure de Paris) (Programmée, pas encore convoquée) ` +
        `Dernier jour pour convoquer${NBSP}: jeudi 24 juin 2027`,
    ]);
    const colours = await periods.evaluateAll((items) =>
      items.map((item) => {
        const style = (globalThis as unknown as { getComputedStyle(element: unknown): { color: string; borderLeftColor: string } }).getComputedStyle(item);
        return [style.color, style.borderLeftColor];
      }),
    );
    // The stylesheet's --missed (#a3201b) and --on-track (#1f4fa3), text and border alike.
    expect(colours).toEqual([
      ['rgb(163, 32, 27)', 'rgb(163, 32, 27)'],
      ['rgb(31, 79, 163)', 'rgb(31, 79, 163)'],
      ['rgb(31, 79, 163)', 'rgb(31, 79, 163)'],
    ]);
    await checkPage(page, 'committee-content');
    await context.close();
  });
});
