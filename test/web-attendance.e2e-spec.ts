import { Browser, Page } from 'playwright-core';
import { tokenFor } from './support/auth-helpers';
import { checkPage, launchBrowser, newVisitor, signInWithToken, startWebApp, WebApp } from './support/browser';
import { buildCommittee, buildConvention, buildMeeting, buildMember, buildPerson, seatOf } from './support/builders';

// A browser, axe-core and two screenshots per page: slow on a busy machine, never a timed assertion.
jest.setTimeout(300_000);

const CONVENER = 'nathalie.roux@ac-paris.example.fr';
const SHARE_OF_FOUR = [
  { key: 'dasen', party: 'academie' },
  { key: 'dan', party: 'academie' },
  { key: 'elu', party: 'commune' },
  { key: 'parent', party: null },
];

describe('pages: the convener records attendance with substitutes and proxies where the rules allow them', () => {
  let web: WebApp;
  let browser: Browser;

  beforeAll(async () => {
    [web, browser] = await Promise.all([startWebApp(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });
  afterEach(() => web.t.clock.reset());

  /** A committee of four seats whose quorum is half of them, a meeting on 1 April 2025 at 9:00 in Paris, and the page open at 10:00. */
  async function attendanceOf(proxiesAllowed: boolean): Promise<{ page: Page; close: () => Promise<void>; meetingId: string }> {
    const convention = await buildConvention(web.t.dataSource, { signedOn: '2024-01-01' });
    const committee = await buildCommittee(web.t.dataSource, convention, {
      quorum: { kind: 'share', share: 0.5, countsProxies: proxiesAllowed, proxiesAllowed, maxProxiesPerMember: proxiesAllowed ? 1 : null },
      seats: SHARE_OF_FOUR,
    });
    const substitute = await buildPerson(web.t.dataSource, 'Sophie Leclerc');
    await buildMember(web.t.dataSource, seatOf(committee, 'dasen'), 'Claire Martin');
    await buildMember(web.t.dataSource, seatOf(committee, 'dan'), 'Hugo Fabre', { substitute });
    await buildMember(web.t.dataSource, seatOf(committee, 'elu'), 'Jean Dupont');
    await buildMember(web.t.dataSource, seatOf(committee, 'parent'), 'Nadia Berrada');
    const meeting = await buildMeeting(web.t.dataSource, committee, 'Europe/Paris', { on: '2025-04-01', at: '09:00', state: 'scheduled' });
    web.t.clock.set('2025-04-01T08:00:00Z');
    const { context, page } = await newVisitor(browser);
    await signInWithToken(context, web, await tokenFor(web.t, CONVENER, [{ role: 'convener', committeeId: committee.id }]));
    await page.goto(`${web.baseUrl}/reunions/${meeting.id}/presences`);
    return { page, close: () => context.close(), meetingId: meeting.id };
  }

  const line = (page: Page, name: string) => page.getByRole('group', { name: new RegExp(name) });
  const recorded = async (meetingId: string) =>
    web.t.dataSource.query(
      `SELECT p.full_name AS name, a.status, h.full_name AS holder, s.full_name AS substitute
         FROM attendance a JOIN people p ON p.id = a.person_id
         LEFT JOIN people h ON h.id = a.proxy_holder_person_id LEFT JOIN people s ON s.id = a.substitute_person_id
        WHERE a.meeting_id = $1 ORDER BY p.full_name`,
      [meetingId],
    );

  it('offers to record attendance on the meeting page only once the meeting has started, by the application’s clock', async () => {
    const { page, close, meetingId } = await attendanceOf(false);
    const actions = page.getByRole('region', { name: 'Actions' });

    // 8:59 in Paris, a minute before the meeting: a hint instead of a form that would be refused.
    web.t.clock.set('2025-04-01T06:59:00Z');
    await page.goto(`${web.baseUrl}/reunions/${meetingId}`);
    expect(await actions.getByRole('link', { name: 'Enregistrer les présences' }).count()).toBe(0);
    expect(await actions.textContent()).toContain('Les présences pourront être enregistrées à partir du début de la réunion.');
    expect(await actions.getByRole('link', { name: 'Feuille d’émargement à imprimer' }).count()).toBe(1);
    await checkPage(page, 'meeting-not-started');

    // 9:00: the meeting has started, the link is there and the hint is gone.
    web.t.clock.set('2025-04-01T07:00:00Z');
    await page.goto(`${web.baseUrl}/reunions/${meetingId}`);
    await actions.getByRole('link', { name: 'Enregistrer les présences' }).click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Enregistrer les présences');
    await page.goBack();
    expect(await actions.textContent()).not.toContain('pourront être enregistrées');
    await close();
  });

  it('records a member represented by a member present, and counts the proxy in the quorum as the rule says', async () => {
    const { page, close, meetingId } = await attendanceOf(true);
    await checkPage(page, 'meeting-attendance-proxies');

    // Represented, but by nobody: the list beside the member says what is missing.
    await line(page, 'Hugo Fabre').getByLabel('Représenté(e) par procuration').check();
    await line(page, 'Jean Dupont').getByLabel('Absent', { exact: true }).check();
    await line(page, 'Nadia Berrada').getByLabel('Excusé').check();
    await page.getByRole('button', { name: 'Enregistrer les présences' }).click();
    const holder = line(page, 'Hugo Fabre').getByLabel('Procuration donnée à');
    expect(await holder.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator(`#${await holder.getAttribute('id')}-error`).textContent()).toContain('Ce champ est obligatoire.');
    expect(await page.getByRole('alert').getByRole('link').first().getAttribute('href')).toBe(`#${await holder.getAttribute('id')}`);
    await checkPage(page, 'meeting-attendance-proxy-missing');

    // Given to a member who is absent: refused beside the list, with the choices kept.
    expect(await line(page, 'Jean Dupont').getByLabel('Absent', { exact: true }).isChecked()).toBe(true);
    await holder.selectOption({ label: 'Jean Dupont' });
    await page.getByRole('button', { name: 'Enregistrer les présences' }).click();
    expect(await page.locator(`#${await holder.getAttribute('id')}-error`).textContent()).toContain('La personne qui porte une procuration doit être présente.');
    expect(await recorded(meetingId)).toEqual([]);

    // Given to Claire Martin, who is there: 1 present + 1 represented reach half of the 4 places.
    await line(page, 'Hugo Fabre').getByLabel('Procuration donnée à').selectOption({ label: 'Claire Martin' });
    await page.getByRole('button', { name: 'Enregistrer les présences' }).click();
    expect(await page.getByRole('status').textContent()).toContain('Les présences sont enregistrées');
    const held = await page.getByRole('region', { name: 'Présences' }).textContent();
    expect(held).toContain('Quorum atteint');
    expect(held).toMatch(/Hugo Fabre\s:\sA donné procuration à Claire Martin/);
    await checkPage(page, 'meeting-held-proxy');
    expect(await recorded(meetingId)).toEqual([
      { name: 'Claire Martin', status: 'present', holder: null, substitute: null },
      { name: 'Hugo Fabre', status: 'represented', holder: 'Claire Martin', substitute: null },
      { name: 'Jean Dupont', status: 'absent', holder: null, substitute: null },
      { name: 'Nadia Berrada', status: 'excused', holder: null, substitute: null },
    ]);
    const [meeting] = await web.t.dataSource.query('SELECT state, quorum_reached FROM meetings WHERE id = $1', [meetingId]);
    expect(meeting).toEqual({ state: 'held', quorum_reached: true });
    await close();
  });

  it('offers no proxy where the rule forbids them, refuses one forced into the form beside the member, and records the substitute', async () => {
    const { page, close, meetingId } = await attendanceOf(false);
    expect(await page.getByLabel('Représenté(e) par procuration').count()).toBe(0);
    expect(await page.getByLabel('Procuration donnée à').count()).toBe(0);
    await checkPage(page, 'meeting-attendance-no-proxies');

    // A form from before the rule changed still sends a proxy: the server refuses it, in French, beside Hugo Fabre's line.
    const claireId = ((await line(page, 'Claire Martin').getAttribute('id')) ?? '').replace('presence-', '');
    const hugoPresent = line(page, 'Hugo Fabre').getByLabel('Présent', { exact: true });
    const hugoId = ((await hugoPresent.getAttribute('name')) ?? '').replace(/^presence\[|\]$/g, '');
    await hugoPresent.evaluate((radio: { value: string; checked: boolean }) => {
      radio.value = 'represented';
      radio.checked = true;
    });
    await line(page, 'Hugo Fabre').evaluate(
      (fieldset: { insertAdjacentHTML: (where: string, html: string) => void }, html: string) => fieldset.insertAdjacentHTML('beforeend', html),
      `<input type="hidden" name="procuration[${hugoId}]" value="${claireId}">`,
    );
    await page.getByRole('button', { name: 'Enregistrer les présences' }).click();
    const hugo = line(page, 'Hugo Fabre');
    expect(await hugo.getAttribute('aria-describedby')).toMatch(/-error$/);
    expect(await hugo.textContent()).toContain('Ce comité n’admet pas les procurations.');
    expect(await page.getByRole('alert').textContent()).toContain('Ce comité n’admet pas les procurations.');
    expect(await recorded(meetingId)).toEqual([]);

    // Her substitute came in Hugo Fabre's place: he counts with Claire Martin for the 2 places required.
    await hugo.getByLabel('Remplacé(e) par Sophie Leclerc').check();
    await line(page, 'Jean Dupont').getByLabel('Absent', { exact: true }).check();
    await line(page, 'Nadia Berrada').getByLabel('Absent', { exact: true }).check();
    await page.getByRole('button', { name: 'Enregistrer les présences' }).click();
    const held = await page.getByRole('region', { name: 'Présences' }).textContent();
    expect(held).toContain('Quorum atteint');
    expect(held).toMatch(/Hugo Fabre\s:\sRemplacé par son suppléant \(Sophie Leclerc\)/);
    expect((await recorded(meetingId)).find((row: { name: string }) => row.name === 'Hugo Fabre')).toEqual({ name: 'Hugo Fabre', status: 'substituted', holder: null, substitute: 'Sophie Leclerc' });
    await close();
  });
});
