import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ParsedMail } from 'mailparser';
import { ConvocationsWorkerModule } from '../src/convocations/convocations-worker.module';
import { RuleRemindersJob } from '../src/convocations/rule-reminders.job';
import { createTestApp, TestApp } from './support/test-app';
import { tokenFor } from './support/auth-helpers';
import { SmtpSink, startSmtpSink } from './support/smtp-sink';
import { eventually } from './support/eventually';
import { deleteQueueKeys } from './support/convocation-redis';

/*
 * The warnings a committee's own rules call for, sent by email through the outbox by the real
 * worker (BullMQ on Redis) to a real SMTP server, on the test clock: a request for a sitting whose
 * fifteen days run out, minutes to write and to approve, terms of office ending. Each goes once,
 * however often the daily job runs.
 */
const FIXTURE = readFileSync(join(__dirname, 'fixtures', 'rhone-conseil-ecoles-2025.yaml'), 'utf8');
const NBSP = '\u00A0';

describe('reminders the rules call for, by email', () => {
  let t: TestApp;
  let smtp: SmtpSink;
  let imports = 0;

  beforeAll(async () => {
    smtp = await startSmtpSink();
    t = await createTestApp({
      env: { SMTP_URL: smtp.url, SMTP_TIMEOUT_MS: '2000', CONVOCATION_RECONCILE_SECONDS: '1', MAIL_FROM: 'copil <copil@copil.example.fr>' },
      imports: [ConvocationsWorkerModule],
    });
  });
  afterEach(() => t.clock.reset());
  afterAll(async () => {
    await t.close();
    await smtp.close();
    await deleteQueueKeys(t.config);
  });

  interface Imported {
    title: string;
    committees: Map<string, string>;
    people: Map<string, string>;
    secretariat: string;
  }

  /** A fresh copy of the fixture under its own title, with a secretariat of its own. */
  async function convention(): Promise<Imported> {
    imports += 1;
    const reference = `rhone-rappels-${imports}`;
    const title = `Conseil des écoles numériques de Vénissieux, copie ${imports}`;
    t.clock.set('2025-01-06T08:00:00Z');
    const text = FIXTURE.replace(/^reference: .*$/m, `reference: ${reference}`).replace(/^title: .*$/m, `title: ${title}`);
    await t.http().post('/conventions/import').set('Content-Type', 'application/yaml').send(text).expect(201);
    const conventionId = (await t.http().get(`/conventions/${reference}`).expect(200)).body.id as string;
    const list = (await t.http().get(`/conventions/${reference}/committees`).expect(200)).body as Array<{ id: string; definitionKey: string }>;
    const rows = (await t.dataSource.query(`SELECT id, email FROM people WHERE email LIKE '%.example.fr'`)) as Array<{ id: string; email: string }>;
    const secretariat = `secretariat.${imports}@ac-lyon.example.fr`;
    await tokenFor(t, secretariat, [{ role: 'secretariat', conventionId }], { fullName: 'Sophie Garnier' });
    return { title, committees: new Map(list.map((c) => [c.definitionKey, c.id])), people: new Map(rows.map((row) => [row.email.split('@')[0], row.id])), secretariat };
  }

  /** The messages to `email` about this convention, once `count` of them have arrived. */
  async function mailsAbout(email: string, title: string, count: number): Promise<ParsedMail[]> {
    return eventually(`${count} message(s) to ${email} about ${title}`, async () => {
      const mails = (await smtp.to(email)).filter((mail) => (mail.text ?? '').includes(title));
      return mails.length >= count ? mails : null;
    });
  }

  async function run(at: string): Promise<number> {
    t.clock.set(at);
    return (await t.app.get(RuleRemindersJob).run()).emails;
  }

  async function heldSitting(committeeId: string, day: string, everyone: string[]): Promise<string> {
    const meeting = (await t.http().post(`/committees/${committeeId}/meetings`).send({ start: `${day}T14:00`, end: `${day}T16:00` }).expect(201)).body;
    t.clock.set(`${day}T16:00:00Z`);
    const attendance = everyone.map((personId) => ({ personId, status: 'present' }));
    await t.http().post(`/meetings/${meeting.id}/held`).send({ attendance }).expect(200);
    return meeting.id as string;
  }

  it('warns the convener and the secretariat as the fifteen days to convene on request run out, then once they have passed', async () => {
    const { title, committees, people, secretariat } = await convention();
    const conseilId = committees.get('conseil-ecoles') as string;
    t.clock.set('2025-11-03T08:00:00Z');
    const reason = 'Examen du projet de charte d’usage des tablettes';
    await t.http().post(`/committees/${conseilId}/requests`).send({ requestedOn: '2025-11-03', requesters: [people.get('karim.saidi'), people.get('helene.petit')], reason }).expect(201);

    // To convene by Tuesday 18 November, warned from Thursday 13.
    expect(await run('2025-11-12T08:00:00Z')).toBe(0);
    expect(await run('2025-11-13T08:00:00Z')).toBe(2);
    const [toConvener] = await mailsAbout('julie.marchand@ac-lyon.example.fr', title, 1);
    const [toSecretariat] = await mailsAbout(secretariat, title, 1);
    expect(toConvener.subject).toBe(`Réunion demandée${NBSP}: Conseil des écoles numériques – convoquer au plus tard le mardi 18 novembre 2025`);
    expect(toConvener.text).toContain(`a été demandée le lundi 3 novembre 2025 par Hélène Petit et Karim Saïdi, avec pour motif${NBSP}: «${NBSP}${reason}${NBSP}»`);
    expect(toConvener.text).toContain('La convocation doit partir au plus tard le mardi 18 novembre 2025. Aucune convocation n’est encore partie depuis la demande.');
    expect(toConvener.html).toContain('<strong>mardi 18 novembre 2025</strong>');
    expect(toSecretariat.subject).toBe(toConvener.subject);

    // Every later run finds the warning written: nothing more until the day passes.
    expect(await run('2025-11-14T08:00:00Z')).toBe(0);
    expect(await run('2025-11-18T20:00:00Z')).toBe(0);
    expect(await run('2025-11-19T08:00:00Z')).toBe(2);
    const late = await mailsAbout('julie.marchand@ac-lyon.example.fr', title, 2);
    expect(late[1].subject).toBe(`Réunion demandée non convoquée${NBSP}: Conseil des écoles numériques – le délai a expiré le mardi 18 novembre 2025`);
    expect(late[1].text).toContain('ce délai est dépassé et aucune convocation n’est partie depuis la demande. Convoquez le comité dès que possible.');
    expect(await run('2025-11-20T08:00:00Z')).toBe(0);
    const rows = await t.dataSource.query(`SELECT count(*)::int AS n FROM outbound_messages WHERE kind = 'request_deadline' AND payload ->> 'conventionTitle' = $1`, [title]);
    expect(rows[0].n).toBe(4);
    await eventually('all four sent', async () => {
      const sent = await t.dataSource.query(`SELECT count(*)::int AS n FROM outbound_messages WHERE kind = 'request_deadline' AND state = 'sent' AND payload ->> 'conventionTitle' = $1`, [title]);
      return sent[0].n === 4 ? true : null;
    });
    expect((await smtp.to('julie.marchand@ac-lyon.example.fr')).filter((mail) => (mail.text ?? '').includes(title))).toHaveLength(2);
  });

  it('reminds whoever writes the minutes, in turn, before and after the fifteen days, and the convener when the committee must approve them', async () => {
    const { title, committees, people } = await convention();
    const conseilId = committees.get('conseil-ecoles') as string;
    const technicalId = committees.get('comite-technique') as string;
    const everyone = ['julie.marchand', 'karim.saidi', 'helene.petit', 'bruno.lambert'].map((name) => people.get(name) as string);
    t.clock.set('2025-09-10T08:00:00Z');
    // First sitting: the académie's turn (its convener, the IEN, writes); second: the ville's (its two elected members).
    const october = await heldSitting(conseilId, '2025-10-07', everyone);
    t.clock.set('2025-09-10T08:00:00Z');
    const november = await heldSitting(conseilId, '2025-11-04', everyone);
    t.clock.set('2025-09-10T08:00:00Z');
    const technical = await heldSitting(technicalId, '2025-11-07', [everyone[0], everyone[2]]);

    // October's minutes were due on 22 October; November's on 19 November; the technical committee's on Monday 17.
    await t.http().put(`/meetings/${october}/minutes`).send({ minutes: 'Compte rendu de la séance du 7 octobre 2025.', decisions: [] }).expect(200);
    await t.http().post(`/meetings/${october}/minutes/submit`).expect(200);
    await t.http().put(`/meetings/${technical}/minutes`).send({ minutes: 'Relevé de décisions du 7 novembre 2025.', decisions: [] }).expect(200);
    await t.http().post(`/meetings/${technical}/minutes/submit`).expect(200);

    t.clock.set('2025-11-16T08:00:00Z');
    await run('2025-11-16T08:00:00Z');
    const [writeSoon] = await mailsAbout('helene.petit@venissieux.example.fr', title, 1);
    expect(writeSoon.subject).toBe(`Compte rendu à rédiger${NBSP}: Conseil des écoles numériques – au plus tard le mercredi 19 novembre 2025`);
    expect(writeSoon.text).toContain('Le compte rendu de la séance du mardi 4 novembre 2025 du comité');
    expect(writeSoon.text).toContain('est à rédiger au plus tard le mercredi 19 novembre 2025. Il vous revient de l’établir.');
    expect(await mailsAbout('bruno.lambert@venissieux.example.fr', title, 1)).toHaveLength(1);
    // The IEN convenes the technical committee, which approves its minutes itself.
    const [approval] = await mailsAbout('julie.marchand@ac-lyon.example.fr', title, 1);
    expect(approval.subject).toBe(`Compte rendu à approuver${NBSP}: Comité technique – séance du vendredi 7 novembre 2025`);
    expect(approval.text).toContain('attend l’approbation du comité. Pensez à l’inscrire à l’ordre du jour de la prochaine séance.');

    expect(await run('2025-11-17T08:00:00Z')).toBe(0);
    expect(await run('2025-11-20T08:00:00Z')).toBe(2);
    const [, writeLate] = await mailsAbout('helene.petit@venissieux.example.fr', title, 2);
    expect(writeLate.subject).toBe(`Compte rendu en retard${NBSP}: Conseil des écoles numériques – attendu le mercredi 19 novembre 2025`);
    expect(writeLate.text).toContain('devait être rédigé au plus tard le mercredi 19 novembre 2025');
    // October's, sent for a tacit approval, call for nothing; the IEN wrote none of the ville's.
    expect(await run('2025-11-21T08:00:00Z')).toBe(0);
    await eventually('the reminders sent', async () => {
      const rows = await t.dataSource.query(`SELECT state FROM outbound_messages WHERE kind = 'minutes_reminder' AND payload ->> 'conventionTitle' = $1`, [title]);
      return rows.length === 5 && rows.every((row: { state: string }) => row.state === 'sent') ? true : null;
    });
    expect((await smtp.to('julie.marchand@ac-lyon.example.fr')).filter((mail) => (mail.text ?? '').includes(title))).toHaveLength(1);
  });

  it('tells the secretariat, once, of a term of office entering its last sixty days, not of one already renewed', async () => {
    const { title, committees, people, secretariat } = await convention();
    const technicalId = committees.get('comite-technique') as string;
    // Hélène Petit is renewed ahead of time; Julie Marchand's term, begun on 6 January 2025, ends on 5 January 2028.
    t.clock.set('2027-10-01T08:00:00Z');
    await t.http().post(`/committees/${technicalId}/memberships`).send({ seatKey: 'elu', personId: people.get('helene.petit'), startsOn: '2028-01-06' }).expect(201);

    await run('2027-11-05T08:00:00Z');
    expect((await smtp.to(secretariat)).filter((mail) => (mail.text ?? '').includes(title))).toHaveLength(0);
    await run('2027-11-06T08:00:00Z');
    const [mail] = await mailsAbout(secretariat, title, 1);
    expect(mail.subject).toBe(`Mandat arrivant à échéance${NBSP}: Julie Marchand – Comité technique, le mercredi 5 janvier 2028`);
    expect(mail.text).toContain('Le mandat de Julie Marchand (l\'IEN de circonscription) au comité');
    expect(mail.text).toContain('commencé le lundi 6 janvier 2025, prend fin le mercredi 5 janvier 2028');
    expect(mail.text).toContain(`Ce mandat peut être renouvelé${NBSP}: enregistrez alors un nouveau mandat commençant le jeudi 6 janvier 2028.`);
    expect(mail.html).toContain('<strong>Julie Marchand</strong>');

    await run('2027-11-07T08:00:00Z');
    await run('2027-12-20T08:00:00Z');
    await eventually('the warning sent', async () => {
      const rows = await t.dataSource.query(`SELECT state FROM outbound_messages WHERE kind = 'term_expiring' AND payload ->> 'conventionTitle' = $1`, [title]);
      return rows.length === 1 && rows[0].state === 'sent' ? true : null;
    });
    expect((await smtp.to(secretariat)).filter((mail) => (mail.text ?? '').includes(title))).toHaveLength(1);
  });
});
