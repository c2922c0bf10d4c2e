import { DateTime } from 'luxon';
import { Browser, Page } from 'playwright-core';
import { ConvocationsWorkerModule } from '../src/convocations/convocations-worker.module';
import { tokenFor } from './support/auth-helpers';
import { checkPage, launchBrowser, newVisitor, signInWithToken, startWebApp, WebApp } from './support/browser';
import { buildCommittee, buildConvention, buildMeeting, buildMember, localTime, scheduleMeeting, seatOf } from './support/builders';
import { deleteQueueKeys } from './support/convocation-redis';
import { eventually } from './support/eventually';

// A browser, axe-core, the worker and a real SMTP sink: slow on a busy machine, never a timed assertion.
jest.setTimeout(600_000);

const PARIS = 'Europe/Paris';
const CONVENER = 'nathalie.roux@ac-paris.example.fr';

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
    for (const member of members) {
      if (!member.name) continue;
      const person = await buildMember(web.t.dataSource, seatOf(committee, member.seat), member.name);
      emails[member.name] = person.email as string;
    }
    const { context, page } = await newVisitor(browser);
    await signInWithToken(context, web, await tokenFor(web.t, CONVENER, [{ role: 'convener', committeeId: committee.id }]));
    return { committee, emails, page, close: () => context.close() };
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
});
