import { Browser, Page } from 'playwright-core';
import { checkPage, launchBrowser, newVisitor, signInWithToken, startWebApp, WebApp } from './support/browser';
import { tokenFor } from './support/auth-helpers';
import { ConvenedCommittee, buildConvenedCommittee, localTime, scheduleMeeting } from './support/builders';
import { deleteQueueKeys } from './support/convocation-redis';

// A browser, axe-core and screenshots: slow on a busy machine, never a timed assertion.
jest.setTimeout(600_000);

const PARIS = 'Europe/Paris';

async function heading(page: Page, level: number): Promise<string[]> {
  return (await page.getByRole('heading', { level }).allTextContents()).map((text) => text.trim());
}

/** The calendar at a feed address, fetched as a calendar application does: no cookie, no session. */
async function fetchFeed(url: string, web: WebApp): Promise<{ status: number; text: string }> {
  const response = await fetch(url.replace(/^webcal:/, 'http:').replace(/^https:/, 'http:').replace(/^http:\/\/[^/]+/, web.baseUrl));
  return { status: response.status, text: await response.text() };
}

describe('« Mes calendriers »: a person makes, renews and deletes the addresses of her calendars from her browser', () => {
  let web: WebApp;
  let browser: Browser;
  let c: ConvenedCommittee;
  let meetingUid: string;

  beforeAll(async () => {
    [web, browser] = await Promise.all([startWebApp(), launchBrowser()]);
    c = await buildConvenedCommittee(web.t, {
      name: 'Comité de pilotage',
      timeZone: PARIS,
      holidayCountry: 'FR',
      conveners: [{ partyKey: 'academie', seatKey: 'dasen', label: 'le DASEN ou son représentant' }],
      members: [
        { seat: 'dasen', party: 'academie', name: 'Claire Martin' },
        { seat: 'elu', party: 'commune', name: 'Jean Dupont' },
      ],
    });
    const meetingId = await scheduleMeeting(web.t, c.committee.id, { start: localTime(PARIS, 20, '09:00'), end: localTime(PARIS, 20, '11:00') });
    [{ ical_uid: meetingUid }] = await web.t.dataSource.query('SELECT ical_uid FROM meetings WHERE id = $1', [meetingId]);
  });
  afterAll(async () => {
    await browser?.close();
    await web?.close();
    if (web) await deleteQueueKeys(web.t.config);
  });

  it('gives a convener her own calendar and her committee’s, both links once, a new address on demand, and deletes one', async () => {
    const { context, page } = await newVisitor(browser);
    await signInWithToken(context, web, await tokenFor(web.t, c.members.dasen.email));
    await page.goto(`${web.baseUrl}/`);
    await page.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name: 'Mes calendriers' }).click();
    expect(await heading(page, 1)).toEqual(['Mes calendriers']);
    expect(await page.getByText('Vous n’avez pas encore de calendrier.').isVisible()).toBe(true);
    const choices = page.getByLabel('Réunions à afficher');
    expect(await choices.locator('option').allTextContents()).toEqual([
      'Mes réunions (les comités où je siège ou que je convoque)',
      `Comité de pilotage (${c.convention.title})`,
    ]);

    // Her own calendar: both addresses, shown once; the https one serves her meeting to anyone holding it.
    await page.getByRole('button', { name: 'Créer le calendrier' }).click();
    expect(await heading(page, 2)).toContain('Votre calendrier «\u00A0Mes réunions\u00A0» est prêt');
    const url = await page.getByLabel('Adresse https:// (Outlook, Google Agenda, Thunderbird)').inputValue();
    const webcalUrl = await page.getByLabel('Adresse webcal:// (Calendrier d’Apple, sur Mac, iPhone ou iPad)').inputValue();
    expect(url).toMatch(new RegExp(`^${web.baseUrl}/calendar-feeds/copilcal_[A-Za-z0-9_-]{43}\\.ics$`));
    expect(webcalUrl).toBe(url.replace(/^http:/, 'webcal:'));
    expect(await page.getByRole('link', { name: 'Ouvrir dans mon application d’agenda' }).getAttribute('href')).toBe(webcalUrl);
    const served = await fetchFeed(url, web);
    expect(served.status).toBe(200);
    expect(served.text).toContain(`UID:${meetingUid}`);
    await checkPage(page, 'calendar-feeds');

    // Her committee's calendar, as its convener.
    await choices.selectOption({ label: `Comité de pilotage (${c.convention.title})` });
    await page.getByRole('button', { name: 'Créer le calendrier' }).click();
    expect(await heading(page, 2)).toContain('Votre calendrier «\u00A0Comité\u00A0: Comité de pilotage\u00A0» est prêt');
    expect(await heading(page, 3)).toEqual(['Mes réunions', 'Comité\u00A0: Comité de pilotage']);
    expect((await fetchFeed(await page.getByLabel(/^Adresse https:\/\//).inputValue(), web)).status).toBe(200);

    // A new address: the old one stops at once.
    await page.getByRole('button', { name: 'Nouvelle adresse pour «\u00A0Mes réunions\u00A0»' }).click();
    expect(await heading(page, 2)).toContain('Nouvelle adresse du calendrier «\u00A0Mes réunions\u00A0»');
    const renewed = await page.getByLabel(/^Adresse https:\/\//).inputValue();
    expect(renewed).not.toBe(url);
    expect((await fetchFeed(url, web)).status).toBe(404);
    expect((await fetchFeed(renewed, web)).status).toBe(200);
    expect(await page.getByRole('article').filter({ hasText: 'Mes réunions' }).textContent()).toMatch(/adresse renouvelée le/);

    // Read at 400 px: nothing wider than the screen, and still no serious violation.
    await page.setViewportSize({ width: 400, height: 900 });
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(400);
    await checkPage(page, 'calendar-feeds-narrow');
    await page.setViewportSize({ width: 1280, height: 900 });

    // Deleted: gone from the page, its address refused, the committee's calendar untouched.
    await page.getByRole('button', { name: 'Supprimer le calendrier «\u00A0Mes réunions\u00A0»' }).click();
    expect(page.url()).toBe(`${web.baseUrl}/mes-calendriers?supprime=1`);
    expect(await page.getByRole('status').first().textContent()).toContain('Le calendrier est supprimé');
    expect(await heading(page, 3)).toEqual(['Comité\u00A0: Comité de pilotage']);
    expect((await fetchFeed(renewed, web)).status).toBe(404);
    const rows: { scope: string; revoked: boolean; rotated: boolean }[] = await web.t.dataSource.query(
      `SELECT f.scope, f.revoked_at IS NOT NULL AS revoked, f.rotated_at IS NOT NULL AS rotated
         FROM calendar_feeds f JOIN accounts a ON a.id = f.account_id WHERE a.person_id = $1 ORDER BY f.created_at`,
      [c.members.dasen.id],
    );
    expect(rows).toEqual([
      { scope: 'person', revoked: true, rotated: true },
      { scope: 'committee', revoked: false, rotated: false },
    ]);
    await context.close();
  });

  it('works without JavaScript, and refuses a committee’s calendar to a member who does not convene it, beside the field', async () => {
    const context = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1280, height: 900 }, javaScriptEnabled: false });
    const page = await context.newPage();
    await signInWithToken(context, web, await tokenFor(web.t, c.members.elu.email));
    await page.goto(`${web.baseUrl}/mes-calendriers`);
    const choices = page.getByLabel('Réunions à afficher');
    expect(await choices.locator('option').allTextContents()).toEqual(['Mes réunions (les comités où je siège ou que je convoque)']);

    // A form tampered with (the option is not offered to him) is refused with the page's error pattern, and makes nothing.
    await page.goto(`${web.baseUrl}/mes-calendriers`);
    const csrf = await page.locator('form[action="/mes-calendriers"] input[name="_csrf"]').inputValue();
    const refused = await page.request.post(`${web.baseUrl}/mes-calendriers`, { form: { _csrf: csrf, calendrier: `committee:${c.committee.id}` }, headers: { Origin: web.baseUrl } });
    expect(refused.status()).toBe(403);
    await page.setContent(await refused.text());
    expect(await page.getByRole('alert').textContent()).toContain('Ce calendrier est réservé aux personnes qui convoquent ce comité');
    expect(await page.locator('#calendrier-error').textContent()).toContain('Ce calendrier est réservé');

    await page.goto(`${web.baseUrl}/mes-calendriers`);
    await page.getByRole('button', { name: 'Créer le calendrier' }).click();
    expect(await heading(page, 2)).toContain('Votre calendrier «\u00A0Mes réunions\u00A0» est prêt');
    const feed = await fetchFeed(await page.getByLabel(/^Adresse https:\/\//).inputValue(), web);
    expect(feed.status).toBe(200);
    expect(feed.text).toContain(`UID:${meetingUid}`);
    const rows: { scope: string }[] = await web.t.dataSource.query(
      'SELECT f.scope FROM calendar_feeds f JOIN accounts a ON a.id = f.account_id WHERE a.person_id = $1 AND f.revoked_at IS NULL',
      [c.members.elu.id],
    );
    expect(rows).toEqual([{ scope: 'person' }]);
    await context.close();
  });
});
