import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Browser } from 'playwright-core';
import { asAdmin, AuthHeaders, tokenFor } from './support/auth-helpers';
import { checkPage, launchBrowser, newVisitor, signInWithToken, startWebApp, WebApp } from './support/browser';

// A browser, axe-core and two screenshots per page: slow on a busy machine, never a timed assertion.
jest.setTimeout(300_000);

const FIXTURE = readFileSync(join(__dirname, 'fixtures', 'rhone-conseil-ecoles-2025.yaml'), 'utf8');
const NBSP = '\u00A0';
const SECRETARIAT = 'sophie.garnier@ac-lyon.example.fr';

describe("the committee's page says what its rules ask to follow: requests for a sitting, minutes, terms of office", () => {
  let web: WebApp;
  let browser: Browser;
  let admin: AuthHeaders;
  let conseilId: string;
  let technicalId: string;
  let sittingId: string;

  beforeAll(async () => {
    [web, browser] = await Promise.all([startWebApp(), launchBrowser()]);
    const t = web.t;
    admin = await asAdmin(t);
    t.clock.set('2025-01-06T08:00:00Z');
    await t.http().post('/conventions/import').set(admin).set('Content-Type', 'application/yaml').send(FIXTURE).expect(201);
    const list = (await t.http().get('/conventions/rhone-conseil-ecoles-2025/committees').set(admin).expect(200)).body as Array<{ id: string; definitionKey: string }>;
    conseilId = list.find((c) => c.definitionKey === 'conseil-ecoles')?.id as string;
    technicalId = list.find((c) => c.definitionKey === 'comite-technique')?.id as string;
  });
  afterEach(() => web.t.clock.reset());
  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });

  async function visit(committeeId: string) {
    const { context, page } = await newVisitor(browser);
    await signInWithToken(context, web, await tokenFor(web.t, SECRETARIAT, [{ role: 'secretariat' }], { fullName: 'Sophie Garnier', expiresInHours: 100 * 366 * 24 }));
    await page.goto(`${web.baseUrl}/comites/${committeeId}`);
    return { context, page };
  }

  it('lists the request to convene with its last day, and the minutes late with whose turn it was', async () => {
    const t = web.t;
    const people = new Map(((await t.dataSource.query(`SELECT id, email FROM people`)) as Array<{ id: string; email: string }>).map((row) => [row.email.split('@')[0], row.id]));
    const everyone = ['julie.marchand', 'karim.saidi', 'helene.petit', 'bruno.lambert'].map((name) => people.get(name) as string);
    t.clock.set('2025-09-10T08:00:00Z');
    const sitting = (await t.http().post(`/committees/${conseilId}/meetings`).set(admin).send({ start: '2025-10-07T14:00', end: '2025-10-07T16:00' }).expect(201)).body;
    t.clock.set('2025-10-07T16:00:00Z');
    sittingId = sitting.id;
    await t.http().post(`/meetings/${sitting.id}/held`).set(admin).send({ attendance: everyone.map((personId) => ({ personId, status: 'present' })) }).expect(200);
    t.clock.set('2025-11-03T08:00:00Z');
    await t
      .http()
      .post(`/committees/${conseilId}/requests`)
      .set(admin)
      .send({ requestedOn: '2025-11-03', requesters: [people.get('karim.saidi'), people.get('helene.petit')], reason: 'Charte d’usage des tablettes' })
      .expect(201);

    t.clock.set('2025-11-14T08:00:00Z');
    const { context, page } = await visit(conseilId);
    const followUp = page.getByRole('region', { name: 'À suivre' });
    await followUp.getByRole('heading', { name: 'Réunions demandées' }).waitFor();
    await followUp
      .getByText(`Réunion demandée le lundi 3 novembre 2025 («${NBSP}Charte d’usage des tablettes${NBSP}»)${NBSP}: à convoquer au plus tard le mardi 18 novembre 2025.`)
      .waitFor();
    await followUp.getByText(`Séance du mardi 7 octobre 2025${NBSP}: compte rendu en retard, attendu le mercredi 22 octobre 2025, à rédiger par Académie de Lyon.`).waitFor();
    await checkPage(page, 'committee-follow-up');
    await context.close();
  });

  it('flags the terms of office ending within sixty days, and says whether they may be renewed', async () => {
    web.t.clock.set('2027-12-01T08:00:00Z');
    const { context, page } = await visit(technicalId);
    const terms = page.getByRole('region', { name: 'À suivre' });
    await terms.getByRole('heading', { name: 'Mandats' }).waitFor();
    await terms.getByText(`Le mandat de Julie Marchand (l'IEN de circonscription) prend fin le mercredi 5 janvier 2028, dans 35${NBSP}jours${NBSP}; il peut être renouvelé.`).waitFor();
    await context.close();
  });

  it("says on the committee's rules and on a sitting's page whose turn it is to chair, when the chair rotates", async () => {
    await web.t.dataSource.query(`UPDATE committees SET chair_rotation = $2 WHERE id = $1`, [
      conseilId,
      JSON.stringify({ among: 'parties', order: ['commune', 'academie'], every: 'sitting', calendar: 'school', text: null }),
    ]);
    web.t.clock.set('2025-11-14T08:00:00Z');
    const { context, page } = await visit(conseilId);
    await page.getByRole('region', { name: 'Ses règles' }).getByText(`Tournante, séance après séance${NBSP}: Ville de Vénissieux, puis Académie de Lyon.`).waitFor();
    // The sitting of 7 October was the committee's first: the ville's turn.
    await page.goto(`${web.baseUrl}/reunions/${sittingId}`);
    await page.getByText('Ville de Vénissieux (présidence tournante)').waitFor();
    await checkPage(page, 'meeting-chair');
    await context.close();
  });
});
