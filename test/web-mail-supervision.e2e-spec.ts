import { randomUUID } from 'node:crypto';
import { Browser } from 'playwright-core';
import { ConvocationsWorkerModule } from '../src/convocations/convocations-worker.module';
import { asAdmin, tokenFor } from './support/auth-helpers';
import { checkPage, launchBrowser, newVisitor, signInWithToken, startWebApp, WebApp } from './support/browser';
import { deleteQueueKeys } from './support/convocation-redis';
import { eventually } from './support/eventually';
import { grantDepartement, importExample } from './support/builders';

// A browser, axe-core and two screenshots per page: slow on a busy machine, never a timed assertion.
jest.setTimeout(600_000);

const TODAY = '2025-12-01T08:00:00Z';
const SECRETARIAT = 'sylvie.morel@ac-grenoble.example.fr';
const SOMME = 'claire.dumont@ac-amiens.example.fr';
/** The principal's address is refused for good; the referent's mailbox is busy and retried later. */
const REFUSED = 'christophe.blanc@ac-grenoble.example.fr';
const BUSY = 'laure.chabert@ac-grenoble.example.fr';
const CORRECTED = 'christophe.blanc@college-0380002w.example.fr';

describe('« Courriels non partis »: what failed, was withheld or waits, with the server’s answer, and a failure sent again to the corrected address', () => {
  let web: WebApp;
  let browser: Browser;
  let meetingId: string;

  async function stateOf(email: string): Promise<{ state: string; attempts: number }[]> {
    return web.t.dataSource.query(`SELECT state, attempts FROM outbound_messages WHERE recipient_email = $1 AND kind = 'convocation'`, [email]);
  }

  beforeAll(async () => {
    [web, browser] = await Promise.all([
      // Retries an hour apart: the busy mailbox stays « to be tried again » while the test reads the page.
      startWebApp({ env: { CONVOCATION_RECONCILE_SECONDS: '1', SMTP_RETRY_BASE_SECONDS: '3600' }, imports: [ConvocationsWorkerModule] }),
      launchBrowser(),
    ]);
    web.t.clock.set(TODAY);
    web.smtp.behaviour.rcpt = (address) =>
      address === REFUSED ? { code: 550, message: '5.1.1 No such user here' } : address === BUSY ? { code: 451, message: '4.2.1 Mailbox busy, try again later' } : null;
    await importExample(web.t, 'grenoble-crets-en-belledonne-2016', '2025-09-01');
    await grantDepartement(web.t, SECRETARIAT, '38');
    await grantDepartement(web.t, SOMME, '80');
    const admin = await asAdmin(web.t);
    const [departmental]: { id: string }[] = await web.t.dataSource.query(`SELECT id FROM committees WHERE key = 'copil-departemental'`);
    const meeting = await web.t.http().post(`/committees/${departmental.id}/meetings`).set(admin).send({ start: '2026-01-15T14:00', end: '2026-01-15T16:00', agenda: [{ title: 'Bilan' }] });
    meetingId = meeting.body.id;
    expect((await web.t.http().post(`/meetings/${meetingId}/convene`).set(admin).send({})).status).toBe(201);
    await eventually('the refusal and the first busy answer', async () => {
      const [refused, busy] = [await stateOf(REFUSED), await stateOf(BUSY)];
      return refused[0]?.state === 'failed' && busy[0]?.state === 'pending' && busy[0].attempts >= 1;
    });
    // A convocation the rules withheld when its time came (as outbox.processor.ts records it).
    await web.t.dataSource.query(
      `INSERT INTO outbound_messages (id, kind, meeting_id, recipient_email, recipient_name, ical_sequence, send_after, state, message_id, attempts, last_error)
       VALUES ($1, 'convocation', $2, 'parent.delegue@example.fr', 'Parent délégué', 0, now(), 'withheld', $3, 1, 'notice: 15 calendar days are no longer left')`,
      [randomUUID(), meetingId, `<${randomUUID()}@copil.test>`],
    );
  });
  afterAll(async () => {
    await browser?.close();
    if (web) await deleteQueueKeys(web.t.config);
    await web?.close();
  });

  it('lists the failure with the server’s answer, the message to be tried again and the withheld one with why, and sends the failure again to the corrected address', async () => {
    const { context, page } = await newVisitor(browser);
    await signInWithToken(context, web, await tokenFor(web.t, SECRETARIAT));
    await page.goto(`${web.baseUrl}/`);
    await page.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name: 'Courriels non partis' }).click();
    await page.getByRole('heading', { level: 1, name: 'Courriels non partis' }).waitFor();
    expect(await page.getByRole('heading', { level: 2, name: '3 messages' }).count()).toBe(1);

    const failed = page.getByRole('article').filter({ hasText: REFUSED });
    expect(await failed.textContent()).toContain('Échec de l’envoi');
    expect(await failed.textContent()).toContain('550 5.1.1 No such user here');
    expect(await failed.textContent()).toContain('Réunion du jeudi 15 janvier 2026, de 14\u00A0h à 16\u00A0h (heure de Paris)');
    const busy = page.getByRole('article').filter({ hasText: BUSY });
    expect(await busy.textContent()).toContain('Nouvel essai prévu');
    expect(await busy.textContent()).toContain('4.2.1 Mailbox busy');
    expect(await busy.getByRole('button').count()).toBe(0);
    const withheld = page.getByRole('article').filter({ hasText: 'Parent délégué' });
    expect(await withheld.textContent()).toContain('Le délai de convocation n’était plus respecté');
    await page.getByRole('link', { name: 'registre d’envoi (CSV)' }).first().waitFor();
    await checkPage(page, 'mail-supervision');

    // The address is corrected from the person's page the failure links to, then the failure sent again to it.
    const [blanc]: { id: string }[] = await web.t.dataSource.query(`SELECT id FROM people WHERE email = $1`, [REFUSED]);
    const toPerson = failed.getByRole('link', { name: /^la fiche de / });
    expect(await toPerson.getAttribute('href')).toBe(`/personnes/${blanc.id}#email-title`);
    await toPerson.focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`/personnes/${blanc.id}`));
    await page.getByLabel('Nouvelle adresse électronique').fill(CORRECTED);
    await page.getByRole('button', { name: 'Corriger l’adresse…' }).click();
    await page.getByRole('button', { name: 'Confirmer la nouvelle adresse' }).click();
    await page.waitForURL(/fait=adresse-corrigee/);
    expect(await web.t.dataSource.query(`SELECT email FROM people WHERE id = $1`, [blanc.id])).toEqual([{ email: CORRECTED }]);
    await page.goto(`${web.baseUrl}/suivi/courriels`);
    expect(await failed.textContent()).toContain(`L’adresse de la personne a été corrigée depuis\u00A0: ${CORRECTED}`);
    await failed.getByRole('button', { name: `Renvoyer à ${CORRECTED}` }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/fait=courriel-renvoye/);
    expect(await page.getByRole('status').textContent()).toContain('Le message est renvoyé');
    expect(await page.getByRole('heading', { level: 2, name: '2 messages' }).count()).toBe(1);
    const sent = await eventually('the convocation at the corrected address', async () => (await web.smtp.to(CORRECTED)).find((mail) => /onvocation/.test(mail.subject ?? '')));
    expect(sent.text).toContain('15 janvier 2026');
    // The register keeps the failure as it happened; the convocation now names the new address.
    expect(await stateOf(REFUSED)).toEqual([{ state: 'failed', attempts: 1 }]);
    expect(await web.t.dataSource.query(`SELECT email FROM convocations WHERE meeting_id = $1 AND email LIKE 'christophe.blanc%'`, [meetingId])).toEqual([{ email: CORRECTED }]);

    // Sent again already: a second press answers that the list is up to date, and writes nothing.
    const [failure]: { id: string }[] = await web.t.dataSource.query(`SELECT id FROM outbound_messages WHERE recipient_email = $1`, [REFUSED]);
    const again = await page.request.post(`${web.baseUrl}/suivi/courriels/${failure.id}/renvoi`, {
      form: { _csrf: (await page.locator('input[name="_csrf"]').first().getAttribute('value')) as string },
      headers: { origin: web.baseUrl },
    });
    expect(again.status()).toBe(409);
    expect(await web.t.dataSource.query(`SELECT count(*)::int AS n FROM outbound_messages WHERE recipient_email = $1`, [CORRECTED])).toEqual([{ n: 1 }]);
  });

  it('filters by state, names a state it cannot offer, and shows another département’s secretariat nothing of the Isère', async () => {
    const { context, page } = await newVisitor(browser);
    await signInWithToken(context, web, await tokenFor(web.t, SECRETARIAT));
    await page.goto(`${web.baseUrl}/suivi/courriels`);
    await page.getByLabel('État').selectOption({ label: 'Retenu' });
    await page.getByRole('button', { name: 'Filtrer' }).click();
    await page.waitForURL(/etat=withheld/);
    expect(await page.getByRole('article').count()).toBe(1);
    const refused = await page.goto(`${web.baseUrl}/suivi/courriels?etat=perdu`);
    expect(refused?.status()).toBe(400);
    expect(await page.getByRole('alert').textContent()).toContain('Choisissez un état de la liste.');
    await checkPage(page, 'mail-supervision-error');

    const somme = await newVisitor(browser);
    await signInWithToken(somme.context, web, await tokenFor(web.t, SOMME));
    await somme.page.goto(`${web.baseUrl}/suivi/courriels`);
    await somme.page.getByText('Tous les messages sont partis.').waitFor();
    const [failure]: { id: string }[] = await web.t.dataSource.query(`SELECT id FROM outbound_messages WHERE state = 'pending' AND attempts > 0 LIMIT 1`);
    const foreign = await somme.page.request.post(`${web.baseUrl}/suivi/courriels/${failure.id}/renvoi`, {
      form: { _csrf: (await somme.page.locator('input[name="_csrf"]').first().getAttribute('value')) as string },
      headers: { origin: web.baseUrl },
    });
    expect(foreign.status()).toBe(404);
  });
});
