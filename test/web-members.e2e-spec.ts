import { DateTime } from 'luxon';
import { Browser } from 'playwright-core';
import { headersFor, tokenFor } from './support/auth-helpers';
import { checkPage, launchBrowser, newVisitor, signInWithToken, startWebApp, WebApp } from './support/browser';
import { importCurrentGrenoble } from './support/current-convention';

// A browser, axe-core and two screenshots per page: slow on a busy machine, never a timed assertion.
jest.setTimeout(300_000);

const DIRECTOR = 'anne.bouvier@ac-grenoble.example.fr';
const COMMUNE_MEMBER = 'gerard.rey@cretsenbelledonne.example.fr';
const today = () => DateTime.now().setZone('Europe/Paris').toISODate() as string;

describe('the convener keeps her committee’s members (committee.manage_members for the committee’s conveners)', () => {
  let web: WebApp;
  let browser: Browser;
  let local: string;
  let departmental: string;

  beforeAll(async () => {
    [web, browser] = await Promise.all([startWebApp(), launchBrowser()]);
    await importCurrentGrenoble(web.t);
    const rows: Array<{ id: string; key: string }> = await web.t.dataSource.query(`SELECT id, key FROM committees`);
    local = rows.find((row) => row.key.startsWith('copil-local'))!.id;
    departmental = rows.find((row) => row.key.startsWith('copil-departemental'))!.id;
  });
  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });

  it('through the API: the director seats a new person in her committee, and nowhere else; a member may not', async () => {
    const director = await headersFor(web.t, DIRECTOR);
    const seated = await web.t
      .http()
      .post(`/committees/${local}/memberships`)
      .set(director)
      .send({ seatKey: 'parent', startsOn: today(), person: { fullName: 'Léa Martin', email: 'Lea.Martin@parents.example.fr' } });
    expect(seated.status).toBe(201);
    expect(seated.body.person).toMatchObject({ fullName: 'Léa Martin', email: 'lea.martin@parents.example.fr' });
    const [audit] = await web.t.dataSource.query(
      `SELECT actor_label FROM audit_entries WHERE entity_type = 'Membership' AND entity_id = $1 AND action = 'insert'`,
      [seated.body.id],
    );
    expect(audit.actor_label).toContain(DIRECTOR);

    // She sits on the departmental committee but does not convene it: she may read it, not change it.
    const elsewhere = await web.t
      .http()
      .post(`/committees/${departmental}/memberships`)
      .set(director)
      .send({ seatKey: 'parents', startsOn: today(), person: { fullName: 'Paul Roux', email: 'paul.roux@parents.example.fr' } });
    expect(elsewhere.status).toBe(403);
    const member = await headersFor(web.t, COMMUNE_MEMBER);
    const byMember = await web.t.http().patch(`/memberships/${seated.body.id}`).set(member).send({ endsOn: today() });
    expect(byMember.status).toBe(403);
    expect(await web.t.dataSource.query(`SELECT count(*)::int AS n FROM people WHERE email = 'paul.roux@parents.example.fr'`)).toEqual([{ n: 0 }]);

    // Both ways of naming the person at once is a 400 naming the field, and writes nothing.
    const both = await web.t
      .http()
      .post(`/committees/${local}/memberships`)
      .set(director)
      .send({ seatKey: 'parent', startsOn: today(), personId: seated.body.person.id, person: { fullName: 'X', email: 'x@example.fr' } });
    expect(both.status).toBe(400);
    expect(both.body.fields).toEqual([expect.objectContaining({ path: 'person', code: 'inconsistent' })]);

    const removed = await web.t.http().delete(`/memberships/${seated.body.id}`).set(director);
    expect(removed.status).toBe(204);
  });

  it('from the pages: fills the vacant parents’ seat, names a substitute, ends a term; refusals in French beside the field', async () => {
    const { context, page } = await newVisitor(browser);
    await signInWithToken(context, web, await tokenFor(web.t, DIRECTOR));
    await page.goto(`${web.baseUrl}/comites/${local}`);
    await page.getByRole('link', { name: 'Gérer les membres' }).click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Membres du comité');
    await checkPage(page, 'committee-members');

    // A wrong address first: the French message beside the field, the name kept.
    const fill = page.getByRole('form', { name: /^Pourvoir le siège un parent d'élève/ });
    await fill.getByLabel('Prénom et nom').fill('Léa Martin');
    await fill.getByLabel('Adresse électronique').fill('lea.martin');
    await fill.getByRole('button', { name: 'Nommer ce membre' }).click();
    const refused = page.getByRole('form', { name: /^Pourvoir le siège un parent d'élève/ });
    expect(await refused.getByLabel('Prénom et nom').inputValue()).toBe('Léa Martin');
    expect(await page.getByRole('alert').textContent()).toContain('Indiquez une adresse électronique valable');
    expect(await refused.getByLabel('Adresse électronique').getAttribute('aria-invalid')).toBe('true');
    await checkPage(page, 'committee-members-error');

    await refused.getByLabel('Adresse électronique').fill('lea.martin@parents.example.fr');
    await refused.getByRole('button', { name: 'Nommer ce membre' }).click();
    expect(await page.getByRole('status').textContent()).toContain('Le membre est ajouté au comité');
    const parent = page.getByRole('region', { name: /^un parent d'élève/ });
    expect(await parent.textContent()).toContain('Léa Martin');
    expect(await page.getByRole('form', { name: /^Pourvoir le siège un parent d'élève/ }).count()).toBe(0);

    // Her substitute, a person copil does not know yet.
    const substitute = page.getByRole('form', { name: 'Suppléant de Léa Martin' });
    await substitute.getByLabel('Prénom et nom du suppléant').fill('Marc Durand');
    await substitute.getByLabel('Adresse électronique du suppléant').fill('marc.durand@parents.example.fr');
    await substitute.getByRole('button', { name: /Nommer le suppléant/ }).click();
    expect(await page.getByRole('status').textContent()).toContain('Le siège est mis à jour');
    expect(await page.getByRole('region', { name: /^un parent d'élève/ }).textContent()).toContain('Suppléant\u00a0: Marc Durand (marc.durand@parents.example.fr)');

    // Her term ends today.
    await page.getByRole('form', { name: 'Fin du mandat de Léa Martin' }).getByRole('button', { name: /Mettre fin au mandat/ }).click();
    expect(await page.getByRole('status').textContent()).toContain('Le mandat est terminé');
    const [row] = await web.t.dataSource.query(
      `SELECT m.ends_on::text AS ends_on, s.email AS substitute, m.source FROM memberships m JOIN people p ON p.id = m.person_id LEFT JOIN people s ON s.id = m.substitute_id WHERE p.email = 'lea.martin@parents.example.fr'`,
    );
    expect(row).toEqual({ ends_on: today(), substitute: 'marc.durand@parents.example.fr', source: 'api' });
    await context.close();
  });

  it('refuses the page to a member who does not convene, as the API does', async () => {
    const { context, page } = await newVisitor(browser);
    await signInWithToken(context, web, await tokenFor(web.t, COMMUNE_MEMBER));
    const response = await page.goto(`${web.baseUrl}/comites/${local}/membres`);
    expect(response?.status()).toBe(403);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Accès refusé');
    await page.goto(`${web.baseUrl}/comites/${local}`);
    expect(await page.getByRole('link', { name: 'Gérer les membres' }).count()).toBe(0);
    await context.close();
  });
});
