import { DateTime } from 'luxon';
import { Browser, Page } from 'playwright-core';
import { ConvocationsWorkerModule } from '../src/convocations/convocations-worker.module';
import { tokenFor, AuthHeaders, asAdmin } from './support/auth-helpers';
import { checkPage, launchBrowser, newVisitor, signInWithToken, startWebApp, WebApp } from './support/browser';
import { buildConvenedCommittee, buildPerson, localTime, scheduleMeeting } from './support/builders';
import { importCurrentGrenoble } from './support/current-convention';
import { deleteQueueKeys } from './support/convocation-redis';
import { eventually } from './support/eventually';

// A browser, axe-core and two screenshots per page: slow on a busy machine, never a timed assertion.
jest.setTimeout(600_000);

const PARIS = 'Europe/Paris';
const DIRECTOR = 'anne.bouvier@ac-grenoble.example.fr';
const COMMUNE_MEMBER = 'gerard.rey@cretsenbelledonne.example.fr';

/** The first weekday at least `days` days from today, in Paris. */
function weekdayFromToday(days: number): DateTime {
  let day = DateTime.now().setZone(PARIS).startOf('day').plus({ days });
  while (day.weekday > 5) day = day.plus({ days: 1 });
  return day;
}

/**
 * Issue 8, item 6: the convener names guests (name, address, organisation and function) when she
 * schedules. They are convened like the members, with their own answer link, shown apart, and never
 * count for quorum nor take a seat.
 */
describe('guests of a meeting, named by the convener', () => {
  let web: WebApp;
  let browser: Browser;
  let admin: AuthHeaders;

  beforeAll(async () => {
    [web, browser] = await Promise.all([
      startWebApp({ env: { CONVOCATION_RECONCILE_SECONDS: '1' }, imports: [ConvocationsWorkerModule] }),
      launchBrowser(),
    ]);
    admin = await asAdmin(web.t);
  });
  afterAll(async () => {
    await browser?.close();
    await web?.close();
    if (web) await deleteQueueKeys(web.t.config);
  });

  const count = async (sql: string, params: unknown[] = []) => ((await web.t.dataSource.query(sql, params)) as Array<{ n: number }>)[0].n;
  const answerLinkTo = (email: string) =>
    eventually(`the convocation to ${email}`, async () => {
      const mail = (await web.smtp.to(email)).find((sent) => /\/answers\//.test(sent.text ?? ''));
      return mail && (/(https?:\/\/\S+\/answers\/[A-Za-z0-9_-]{64})/.exec(mail.text ?? '')?.[1] ?? null);
    });

  describe('through the API', () => {
    it('invites a new person and a known one by address, convenes them with their own link, and never counts them', async () => {
      const c = await buildConvenedCommittee(web.t, {
        timeZone: PARIS,
        holidayCountry: 'FR',
        guestsAllowed: true,
        quorum: 'each_party',
        members: [
          { seat: 'dasen', party: 'academie', name: 'Claire Martin' },
          { seat: 'elu', party: 'commune', name: 'Jean Dupont' },
        ],
      });
      const known = await buildPerson(web.t.dataSource, { fullName: 'Paul Connu', organization: 'Collège Belledonne' });
      const start = localTime(PARIS, 20, '09:00');
      const meetingId = await scheduleMeeting(
        web.t,
        c.committee.id,
        {
          start,
          end: localTime(PARIS, 20, '11:00'),
          newGuests: [
            { fullName: 'Nadia Benali', email: ' Nadia.Benali@Mairie.example.fr ', organization: 'Mairie', title: 'Conseillère pédagogique' },
            { fullName: 'Un autre nom', email: known.email.toUpperCase() },
          ],
        },
        admin,
      );
      const meeting = (await web.t.http().get(`/meetings/${meetingId}`).set(admin).expect(200)).body;
      const [nadia] = await web.t.dataSource.query(`SELECT id, full_name, organization, title FROM people WHERE email = 'nadia.benali@mairie.example.fr'`);
      expect(nadia).toMatchObject({ full_name: 'Nadia Benali', organization: 'Mairie', title: 'Conseillère pédagogique' });
      expect(meeting.guests).toEqual(
        expect.arrayContaining([
          { personId: nadia.id, fullName: 'Nadia Benali', email: 'nadia.benali@mairie.example.fr', title: 'Conseillère pédagogique', organization: 'Mairie' },
          // Known by address: invited as the registry has them, the name typed in changes nobody.
          { personId: known.id, fullName: 'Paul Connu', email: known.email, title: null, organization: 'Collège Belledonne' },
        ]),
      );

      await web.t.http().post(`/meetings/${meetingId}/convene`).set(admin).send({}).expect(201);
      const nadiaLink = await answerLinkTo('nadia.benali@mairie.example.fr');
      const knownLink = await answerLinkTo(known.email);
      expect(nadiaLink).not.toBe(knownLink);

      const before = (await web.t.http().get(`/meetings/${meetingId}/answers`).set(admin).expect(200)).body;
      const guests = before.recipients.filter((recipient: { role: string }) => recipient.role === 'guest');
      expect(guests.map((guest: { person: { fullName: string }; seat: unknown }) => [guest.person.fullName, guest.seat]).sort()).toEqual([
        ['Nadia Benali', null],
        ['Paul Connu', null],
      ]);
      // Nadia accepts from her own link: the quorum forecast does not move, as no member answered.
      const token = nadiaLink.split('/answers/')[1];
      await web.t.http().post(`/answers/${token}`).send({ answer: 'accepted' }).expect(200);
      const after = (await web.t.http().get(`/meetings/${meetingId}/answers`).set(admin).expect(200)).body;
      expect(after.recipients.find((recipient: { person: { fullName: string } }) => recipient.person.fullName === 'Nadia Benali').answer).toBe('accepted');
      expect(after.quorum).toEqual(before.quorum);
      expect(after.quorum.outlook).not.toBe('reached');

      // A guest added once convened, by address, keeping the others: convened alone.
      const { version } = (await web.t.http().get(`/meetings/${meetingId}`).set(admin).expect(200)).body;
      const changed = await web.t
        .http()
        .patch(`/meetings/${meetingId}`)
        .set(admin)
        .send({ newGuests: [{ fullName: 'Léa Tardive', email: 'lea.tardive@example.fr' }], version })
        .expect(200);
      expect(changed.body.guests.map((guest: { fullName: string }) => guest.fullName).sort()).toEqual(['Léa Tardive', 'Nadia Benali', 'Paul Connu']);
      await answerLinkTo('lea.tardive@example.fr');
      expect((await web.smtp.to('nadia.benali@mairie.example.fr')).length).toBe(1);
    });

    it('refuses a bad address, a member, or a committee without guests, beside the field, and keeps nobody', async () => {
      const open = await buildConvenedCommittee(web.t, {
        timeZone: PARIS,
        holidayCountry: 'FR',
        guestsAllowed: true,
        members: [{ seat: 'dasen', party: 'academie', name: 'Claire Martin' }],
      });
      const body = (newGuests: unknown[]) => ({ start: localTime(PARIS, 20, '09:00'), end: localTime(PARIS, 20, '11:00'), location: 'Mairie', newGuests });
      const people = await count('SELECT count(*)::int AS n FROM people');
      const post = (committeeId: string, newGuests: unknown[]) => web.t.http().post(`/committees/${committeeId}/meetings`).set(admin).send(body(newGuests));

      const invalid = await post(open.committee.id, [{ fullName: '', email: 'pas-une-adresse' }]).expect(400);
      expect(invalid.body.fields.map((field: { path: string }) => field.path).sort()).toEqual(['newGuests[0].email', 'newGuests[0].fullName']);

      const seated = await post(open.committee.id, [
        { fullName: 'Nouvelle Personne', email: 'nouvelle.personne@example.fr' },
        { fullName: 'Claire Martin', email: open.members.dasen.email },
      ]).expect(422);
      expect(seated.body).toMatchObject({ code: 'guest_is_member', field: 'newGuests[1].email' });

      const closed = await buildConvenedCommittee(web.t, { timeZone: PARIS, holidayCountry: 'FR', members: [{ seat: 'dasen', party: 'academie', name: 'Claire Martin' }] });
      const refused = await post(closed.committee.id, [{ fullName: 'Nouvelle Personne', email: 'nouvelle.personne@example.fr' }]).expect(422);
      expect(refused.body).toMatchObject({ code: 'guests_not_allowed', field: 'newGuests' });

      expect(await count('SELECT count(*)::int AS n FROM people')).toBe(people + 1); // closed's own member only
      expect(await count(`SELECT count(*)::int AS n FROM people WHERE email = 'nouvelle.personne@example.fr'`)).toBe(0);
      expect(await count('SELECT count(*)::int AS n FROM meetings WHERE committee_id = ANY($1)', [[open.committee.id, closed.committee.id]])).toBe(0);
    });
  });

  describe('in the browser', () => {
    async function heading(page: Page): Promise<string> {
      return ((await page.getByRole('heading', { level: 1 }).textContent()) ?? '').trim();
    }

    it('the director adds a guest on the schedule form, is told what is wrong beside the field, and sees the guest apart', async () => {
      await importCurrentGrenoble(web.t);
      const [{ id: committeeId }] = await web.t.dataSource.query(`SELECT id FROM committees WHERE key LIKE 'copil-local%'`);
      const { context, page } = await newVisitor(browser);
      await signInWithToken(context, web, await tokenFor(web.t, DIRECTOR));
      await page.goto(`${web.baseUrl}/comites/${committeeId}/reunions/nouvelle`);
      const day = weekdayFromToday(12);
      await page.getByLabel('Date de la réunion').fill(day.toISODate() as string);
      await page.getByLabel('Heure de début').fill('17:00');
      await page.getByLabel('Heure de fin').fill('18:30');
      await page.getByLabel('Lieu').fill('École élémentaire, salle polyvalente');
      await page.getByLabel('Point 1', { exact: true }).fill('Bilan de la classe mobile');
      const first = page.getByRole('group', { name: 'Invité 1' });
      const second = page.getByRole('group', { name: 'Invité 2' });
      await first.getByLabel('Nom et prénom').fill('Nadia Benali');
      await first.getByLabel('Adresse électronique').fill('nadia.benali@');
      await first.getByLabel('Organisme (facultatif)').fill('Mairie de Crêts-en-Belledonne');
      await first.getByLabel('Fonction (facultatif)').fill('Conseillère municipale');
      await page.getByRole('button', { name: 'Programmer la réunion' }).click();

      const email = first.getByLabel('Adresse électronique');
      expect(await email.inputValue()).toBe('nadia.benali@');
      expect(await page.locator('#invite-0-courriel-error').textContent()).toContain('Indiquez une adresse électronique valable');
      expect(await email.getAttribute('aria-describedby')).toContain('invite-0-courriel-error');
      expect(await page.getByRole('alert').getByRole('link').first().getAttribute('href')).toBe('#invite-0-courriel');
      await checkPage(page, 'meeting-form-guest-error');

      // A member is convened as a member: named as a guest, the form says so beside the address.
      await email.fill('nadia.benali@cretsenbelledonne.example.fr');
      await second.getByLabel('Nom et prénom').fill('Gérard Rey');
      await second.getByLabel('Adresse électronique').fill(COMMUNE_MEMBER);
      await page.getByRole('button', { name: 'Programmer la réunion' }).click();
      expect(await page.locator('#invite-1-courriel-error').textContent()).toContain('Cette personne siège déjà au comité');
      expect(await count('SELECT count(*)::int AS n FROM meetings WHERE committee_id = $1', [committeeId])).toBe(0);
      expect(await count(`SELECT count(*)::int AS n FROM people WHERE email = 'nadia.benali@cretsenbelledonne.example.fr'`)).toBe(0);

      await second.getByLabel('Nom et prénom').fill('');
      await second.getByLabel('Adresse électronique').fill('');
      await page.getByRole('button', { name: 'Programmer la réunion' }).click();
      expect(await page.getByRole('status').textContent()).toContain('La réunion est programmée');
      const guests = page.getByRole('region', { name: 'Invités' });
      expect(await guests.textContent()).toContain('Nadia Benali — Conseillère municipale, Mairie de Crêts-en-Belledonne');
      expect(await guests.textContent()).toContain('ne comptent pas pour le quorum');
      await checkPage(page, 'meeting-guests');

      await page.getByRole('button', { name: 'Convoquer' }).click();
      expect(await page.getByRole('status').textContent()).toContain('Les convocations partent');
      const guest = await newVisitor(browser);
      await guest.page.goto(await answerLinkTo('nadia.benali@cretsenbelledonne.example.fr'));
      await guest.page.getByRole('button', { name: 'Je participerai' }).click();
      await guest.context.close();

      await page.reload();
      const answers = page.getByRole('table', { name: 'Par personne convoquée' });
      expect(await answers.getByRole('row').filter({ hasText: 'Nadia Benali' }).textContent()).toMatch(/Invité.*je participerai/);
      const region = (await page.getByRole('region', { name: 'Réponses' }).textContent()) ?? '';
      expect(region).toMatch(/Membres\s*:\s*0 participera/);
      expect(region).toMatch(/Invités\s*:\s*1 participera/);
      expect(await heading(page)).toContain('Réunion du');
      await checkPage(page, 'meeting-guests-answers');
      await context.close();
    });
  });
});
