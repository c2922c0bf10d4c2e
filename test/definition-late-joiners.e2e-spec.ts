import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { runCli } from '../src/cli';
import { TestApp } from './support/test-app';
import { exampleText, localTime, scheduleMeeting } from './support/builders';
import { invitationFacts } from './support/convocation-mail';
import { ConvocationApp, useConvocationApp } from './support/convocation-app';

const PARIS = 'Europe/Paris';
const REFERENCE = 'grenoble-crets-en-belledonne-2016';
const SIGNED_ON = '2024-01-01';
const MARC = 'marc.vial@ac-grenoble.example.fr';
const DOMINIQUE = 'dominique.faure@ac-grenoble.example.fr';
const MARC_MEMBERSHIP = `      - { seat: dan, person: ${MARC}, startsOn: ${SIGNED_ON} }\n`;

/**
 * Issue 12, item 19, for definition files: a definition that seats someone on a committee whose
 * coming meeting is already convened convenes them, and one that unseats someone (removals
 * confirmed) withdraws them — through PUT /conventions/:reference/definition, POST
 * /conventions/import and the command line alike, as a change through the API does.
 */
describe('definition imports convene late joiners and withdraw leavers', () => {
  let t: TestApp;
  let mailsAbout: ConvocationApp['mailsAbout'];
  let uidOf: ConvocationApp['uidOf'];
  let dir: string;
  let meetingId: string;
  let uid: string;
  /** The definition as last imported. */
  let text: string;

  useConvocationApp((app) => ({ t, mailsAbout, uidOf } = app));
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'copil-late-joiners-'));

    // The Grenoble convention as its file says, then a departmental committee convened 20 days ahead (15 days' notice).
    text = exampleText(REFERENCE, SIGNED_ON, 120);
    await t.http().put(`/conventions/${REFERENCE}/definition`).set('Content-Type', 'application/yaml').send(text).expect(201);
    const [committee] = await t.dataSource.query(`SELECT id FROM committees WHERE key = 'copil-departemental'`);
    meetingId = await scheduleMeeting(t, committee.id, { start: localTime(PARIS, 20, '09:00'), end: localTime(PARIS, 20, '11:00') });
    await t.http().post(`/meetings/${meetingId}/convene`).send({}).expect(201);
    uid = await uidOf(meetingId);
    await mailsTo(MARC, 1);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function today(): string {
    return DateTime.fromJSDate(t.clock.now()).setZone(PARIS).toISODate() as string;
  }

  /** The definition with one more person, seated on a seat of the departmental committee from today. */
  function seating(definition: string, email: string, fullName: string, seat: string): string {
    return definition
      .replace(/^people:\n/m, `people:\n  - { email: ${email}, fullName: ${fullName} }\n`)
      .replace(MARC_MEMBERSHIP, `${MARC_MEMBERSHIP}      - { seat: ${seat}, person: ${email}, startsOn: ${today()} }\n`);
  }

  /** The messages about the convened meeting to `email`, once there are `count`. */
  function mailsTo(email: string, count: number) {
    return mailsAbout(uid, email, count);
  }

  /** The outbox rows of the meeting for one address: what was decided, sent or not yet. */
  async function kindsFor(email: string): Promise<string[]> {
    const rows: Array<{ kind: string }> = await t.dataSource.query(
      `SELECT kind FROM outbound_messages WHERE meeting_id = $1 AND recipient_email = $2 ORDER BY created_at, id`,
      [meetingId, email],
    );
    return rows.map((row) => row.kind);
  }

  it('convenes the member a replaced definition seats, alone, with the meeting of the same UID', async () => {
    const nadia = 'nadia.nouvelle@cretsenbelledonne.example.fr';
    text = seating(text, nadia, 'Nadia Nouvelle', 'collectivites');

    const response = await t.http().put(`/conventions/${REFERENCE}/definition`).set('Content-Type', 'application/yaml').send(text).expect(200);

    expect(response.body.report.memberships).toMatchObject({ created: 1 });
    const [welcome] = await mailsTo(nadia, 1);
    expect(invitationFacts(welcome)).toMatchObject({ method: 'REQUEST', uid, attendee: nadia });
    expect(welcome.subject).toMatch(/^Convocation\u00A0: Comité de pilotage départemental/);
    expect(welcome.text).toContain('après l’envoi des convocations à cette séance');
    expect(await kindsFor(MARC)).toEqual(['convocation']);
    expect(await kindsFor(DOMINIQUE)).toEqual(['convocation']);

    // The same file again changes no membership and convenes nobody again.
    await t.http().put(`/conventions/${REFERENCE}/definition`).set('Content-Type', 'application/yaml').send(text).expect(200);
    expect(await kindsFor(nadia)).toEqual(['convocation']);
  });

  it('withdraws the member a definition no longer lists once the removal is confirmed, and not before', async () => {
    const withoutMarc = text.replace(MARC_MEMBERSHIP, '');
    expect(withoutMarc).not.toBe(text);

    const refused = await t.http().put(`/conventions/${REFERENCE}/definition`).set('Content-Type', 'application/yaml').send(withoutMarc).expect(409);
    expect(refused.body.code).toBe('removals_need_confirmation');
    expect(await kindsFor(MARC)).toEqual(['convocation']);

    await t.http().put(`/conventions/${REFERENCE}/definition?confirmRemovals=true`).set('Content-Type', 'application/yaml').send(withoutMarc).expect(200);

    const [, withdrawn] = await mailsTo(MARC, 2);
    expect(withdrawn.subject).toMatch(/^Convocation retirée/);
    expect(invitationFacts(withdrawn)).toMatchObject({ method: 'CANCEL', uid, attendee: MARC });
    expect(await kindsFor(MARC)).toEqual(['convocation', 'cancellation']);
    expect(await kindsFor(DOMINIQUE)).toEqual(['convocation']);
    const answers = (await t.http().get(`/meetings/${meetingId}/answers`).expect(200)).body;
    expect(answers.recipients.find((recipient: { person: { email: string } }) => recipient.person.email === MARC)).toMatchObject({ withdrawn: true });
    // Marc stays in the file's people; his membership is what went.
    text = withoutMarc;
  });

  it('convenes the member seated by a definition sent to POST /conventions/import', async () => {
    const paul = 'paul.parent@example.org';
    // Marc's membership line is gone: seat the parent after Dominique's.
    const dominiqueLine = text.split('\n').find((line) => line.includes(`person: ${DOMINIQUE}`)) as string;
    text = text
      .replace(/^people:\n/m, `people:\n  - { email: ${paul}, fullName: Paul Parent }\n`)
      .replace(`${dominiqueLine}\n`, `${dominiqueLine}\n      - { seat: parents, person: ${paul}, startsOn: ${today()} }\n`);

    await t.http().post('/conventions/import').set('Content-Type', 'application/yaml').send(text).expect(200);

    const [welcome] = await mailsTo(paul, 1);
    expect(invitationFacts(welcome)).toMatchObject({ method: 'REQUEST', uid, attendee: paul });
    expect(await kindsFor(DOMINIQUE)).toEqual(['convocation']);
  });

  it('convenes the member seated by a definition imported on the command line', async () => {
    const lea = 'lea.elue@cretsenbelledonne.example.fr';
    const dominiqueLine = text.split('\n').find((line) => line.includes(`person: ${DOMINIQUE}`)) as string;
    const file = join(dir, `${REFERENCE}.yaml`);
    writeFileSync(
      file,
      text
        .replace(/^people:\n/m, `people:\n  - { email: ${lea}, fullName: Léa Élue }\n`)
        .replace(`${dominiqueLine}\n`, `${dominiqueLine}\n      - { seat: collectivites, person: ${lea}, startsOn: ${today()} }\n`),
    );
    let out = '';
    let err = '';

    const code = await runCli(['import', file], { out: (line) => (out += line), err: (line) => (err += line), config: () => t.config });

    expect({ code, err }).toEqual({ code: 0, err: '' });
    expect(out).toMatch(new RegExp(`^${file}: ${REFERENCE} updated \\(.*memberships: 1 created`));
    const [welcome] = await mailsTo(lea, 1);
    expect(invitationFacts(welcome)).toMatchObject({ method: 'REQUEST', uid, attendee: lea });
    expect(await kindsFor(DOMINIQUE)).toEqual(['convocation']);
  });
});
