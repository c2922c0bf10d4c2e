import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../src/cli';
import { CommitteesAtRiskJob } from '../src/convocations/committees-at-risk.job';
import { ConvocationsWorkerModule } from '../src/convocations/convocations-worker.module';
import { schoolHolidayCalendars } from '../src/school-holidays/school-holidays.store';
import { createTestApp, TestApp } from './support/test-app';
import { deleteQueueKeys } from './support/convocation-redis';

/*
 * Issue 11's wrong verdicts and issue 12 item 18, through the API on the real database: a
 * definition file using the new rules (test/fixtures/lyon-conseil-ecole-numerique-2025.yaml) is
 * imported, meetings are scheduled and recorded, and compliance, planning and the at-risk email
 * are read back.
 */
const FIXTURE = readFileSync(join(__dirname, 'fixtures', 'lyon-conseil-ecole-numerique-2025.yaml'), 'utf8');

interface Period {
  key: string;
  status: string;
  heldWithQuorum: number;
  lastDayToConvene: string | null;
  reasons: string[];
}

describe('rules beyond the five reference conventions', () => {
  let t: TestApp;
  let dir: string;
  let imports = 0;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'copil-rules-'));
    t = await createTestApp({ env: { MAIL_OUTBOX_DIR: dir }, imports: [ConvocationsWorkerModule] });
  });
  afterEach(() => t.clock.reset());
  afterAll(async () => {
    await t.close();
    await deleteQueueKeys(t.config);
    rmSync(dir, { recursive: true, force: true });
  });

  /** A fresh copy of the fixture's convention; its committees by definition key, and their members. */
  async function convention(): Promise<{ committees: Map<string, string>; people: Map<string, string> }> {
    imports += 1;
    const reference = `lyon-ecole-numerique-2025-${imports}`;
    t.clock.set('2025-06-02T08:00:00Z');
    await t.http().post('/conventions/import').set('Content-Type', 'application/yaml').send(FIXTURE.replace(/^reference: .*$/m, `reference: ${reference}`)).expect(201);
    const list = (await t.http().get(`/conventions/${reference}/committees`).expect(200)).body as Array<{ id: string; definitionKey: string }>;
    const people = (await t.dataSource.query(`SELECT id, email FROM people`)) as Array<{ id: string; email: string }>;
    return { committees: new Map(list.map((c) => [c.definitionKey, c.id])), people: new Map(people.map((p) => [p.email.split('@')[0], p.id])) };
  }

  async function schedule(committeeId: string, day: string, kind: 'ordinary' | 'extraordinary' = 'ordinary'): Promise<string> {
    const res = await t.http().post(`/committees/${committeeId}/meetings`).send({ start: `${day}T14:00`, end: `${day}T16:00`, kind }).expect(201);
    return res.body.id as string;
  }

  /** An ordinary sitting on Thursday 2 October 2025, scheduled in September; the clock is then on the day after, to record it. */
  async function sittingOf2October(committeeId: string): Promise<string> {
    t.clock.set('2025-09-10T08:00:00Z');
    const meetingId = await schedule(committeeId, '2025-10-02');
    t.clock.set('2025-10-03T08:00:00Z');
    return meetingId;
  }

  async function held(meetingId: string, present: string[], everyone: string[]) {
    const attendance = everyone.map((personId) => ({ personId, status: present.includes(personId) ? 'present' : 'absent' }));
    return (await t.http().post(`/meetings/${meetingId}/held`).send({ attendance }).expect(200)).body as {
      countsForFrequency: boolean;
      held: { quorum: { reached: boolean; reasons: string[] } };
    };
  }

  async function periods(committeeId: string, from: string, to: string): Promise<Map<string, Period>> {
    const body = (await t.http().get(`/committees/${committeeId}/compliance`).query({ from, to }).expect(200)).body as { periods: Period[] };
    return new Map(body.periods.map((period) => [period.key, period]));
  }

  it('shows the rules of the definition on the committee', async () => {
    const { committees } = await convention();
    const conseil = (await t.http().get(`/committees/${committees.get('conseil-pilotage')}`).expect(200)).body;
    expect(conseil.rules.frequency).toMatchObject({ minimum: 2, counts: 'ordinary' });
    expect(conseil.rules.quorum).toMatchObject({ kind: 'majority', majorityOf: 'members' });
    const exported = (await t.http().get(`/conventions/lyon-ecole-numerique-2025-${imports}/definition`).expect(200)).body;
    expect(exported.schoolZone).toBe('A');
  });

  it('refuses at import a frequency that cannot be split into periods, naming the field', async () => {
    const broken = FIXTURE.replace('frequency: { minimum: 2, period: year, calendar: school,', 'frequency: { minimum: 2, period: months, months: 24, calendar: school,');
    const res = await t.http().post('/conventions/import').set('Content-Type', 'application/yaml').send(broken).expect(400);
    expect(res.body.fields).toEqual([
      { path: 'committees[0].frequency.months', code: 'inconsistent', message: 'periods of 24 months cannot restart every school year; count them from the signature' },
    ]);
  });

  it('does not count an extraordinary sitting towards « deux fois par année scolaire en séance ordinaire », but does where any sitting counts', async () => {
    const { committees } = await convention();
    t.clock.set('2025-09-10T08:00:00Z');
    const conseilId = committees.get('conseil-pilotage') as string;
    const suiviId = committees.get('comite-suivi') as string;
    const extraordinary = await schedule(conseilId, '2025-09-25', 'extraordinary');
    const suiviExtraordinary = await schedule(suiviId, '2025-09-25', 'extraordinary');
    t.clock.set('2025-09-26T08:00:00Z');
    const members = await t.dataSource.query(
      `SELECT DISTINCT m.person_id AS id, s.committee_id AS committee FROM memberships m JOIN seats s ON s.id = m.seat_id WHERE s.committee_id = ANY($1)`,
      [[conseilId, suiviId]],
    );
    const of = (committeeId: string) => members.filter((row: { committee: string }) => row.committee === committeeId).map((row: { id: string }) => row.id);

    const sitting = await held(extraordinary, of(conseilId), of(conseilId));
    expect(sitting).toMatchObject({ held: { quorum: { reached: true } }, countsForFrequency: false });
    const year = (await periods(conseilId, '2025-09-01', '2026-08-31')).get('2025-2026') as Period;
    expect(year.heldWithQuorum).toBe(0);
    expect(year.reasons).toContain('1 extraordinary sitting not counted: the rule asks for ordinary sittings');

    expect((await held(suiviExtraordinary, of(suiviId), of(suiviId))).countsForFrequency).toBe(true);
    expect((await periods(suiviId, '2025-09-01', '2025-12-31')).get('2025-2026-T1')).toMatchObject({ status: 'met', heldWithQuorum: 1 });
  });

  it('takes « la majorité de ses membres en exercice » as more than half, never counting the consultative DASEN: 2 of 4 is not a quorum, 3 is', async () => {
    const { committees, people } = await convention();
    const conseilId = committees.get('conseil-pilotage') as string;
    const meetingId = await sittingOf2October(conseilId);
    const [robin, lefevre, haddad, girard, dasen] = ['claire.robin', 'marc.lefevre', 'sonia.haddad', 'paul.girard', 'nadia.benali'].map((name) => people.get(name) as string);
    const everyone = [robin, lefevre, haddad, girard, dasen];
    const half = await held(meetingId, [robin, lefevre, dasen], everyone);
    expect(half.held.quorum).toEqual({
      reached: false,
      reasons: ['quorum not reached: 2 present for 3 required (more than half of 4 members in office)', '1 consultative member present, never counted for the quorum'],
    });
    const majority = await held(meetingId, [robin, lefevre, haddad], everyone);
    expect(majority.held.quorum.reached).toBe(true);
    expect(majority.countsForFrequency).toBe(true);
    const seats = (await t.http().get(`/committees/${conseilId}`).expect(200)).body.seats as Array<{ key: string; consultative: boolean }>;
    expect(seats.find((seat) => seat.key === 'dasen')?.consultative).toBe(true);
  });

  it('accepts any representative of « l\'IEN de circonscription ou son représentant », and only the substitute on other seats', async () => {
    const { committees, people } = await convention();
    const conseilId = committees.get('conseil-pilotage') as string;
    const meetingId = await sittingOf2October(conseilId);
    const [robin, lefevre, haddad, girard, roux] = ['claire.robin', 'marc.lefevre', 'sonia.haddad', 'paul.girard', 'eva.roux'].map((name) => people.get(name) as string);
    const representedIen = await t
      .http()
      .post(`/meetings/${meetingId}/held`)
      .send({ attendance: [{ personId: robin, status: 'substituted', substitutePersonId: roux }, { personId: lefevre, status: 'present' }, { personId: haddad, status: 'present' }] })
      .expect(200);
    expect(representedIen.body.held.quorum.reached).toBe(true);
    const notRepresentable = await t
      .http()
      .post(`/meetings/${meetingId}/held`)
      .send({ attendance: [{ personId: lefevre, status: 'substituted', substitutePersonId: roux }] })
      .expect(422);
    expect(notRepresentable.body).toMatchObject({ code: 'not_the_substitute', field: 'attendance[0].substitutePersonId' });
    const member = await t
      .http()
      .post(`/meetings/${meetingId}/held`)
      .send({ attendance: [{ personId: robin, status: 'substituted', substitutePersonId: girard }] })
      .expect(422);
    expect(member.body).toMatchObject({ code: 'representative_is_member' });
  });

  it('allows the shorter notice of urgency only to a meeting marked urgent with its reason, where the text provides one', async () => {
    const { committees } = await convention();
    const conseilId = committees.get('conseil-pilotage') as string;
    const suiviId = committees.get('comite-suivi') as string;
    t.clock.set('2025-09-10T08:00:00Z');
    const inFiveDays = { start: '2025-09-15T14:00', end: '2025-09-15T16:00', agenda: [{ title: 'Réponse à l’appel à projets' }] };
    const ordinary = await t.http().post(`/committees/${conseilId}/meetings`).send(inFiveDays).expect(422);
    expect(ordinary.body.code).toBe('notice_too_short');
    const urgent = await t
      .http()
      .post(`/committees/${conseilId}/meetings`)
      .send({ ...inFiveDays, urgencyReason: 'Réponse à l’appel à projets avant le 19 septembre' })
      .expect(201);
    expect(urgent.body.urgencyReason).toBe('Réponse à l’appel à projets avant le 19 septembre');
    await t.http().post(`/meetings/${urgent.body.id}/convene`).send({}).expect(201);
    // Two days ahead is too short even in urgency.
    const tooClose = await t
      .http()
      .post(`/committees/${conseilId}/meetings`)
      .send({ start: '2025-09-12T14:00', end: '2025-09-12T16:00', urgencyReason: 'Incident' })
      .expect(422);
    expect(tooClose.body.code).toBe('notice_too_short');
    const noProvision = await t.http().post(`/committees/${suiviId}/meetings`).send({ ...inFiveDays, urgencyReason: 'Incident' }).expect(422);
    expect(noProvision.body).toMatchObject({ code: 'urgency_not_provided', field: 'urgencyReason' });
  });

  it('counts « la moitié au moins des élus » over the college of elected members only', async () => {
    const { committees, people } = await convention();
    const commissionId = committees.get('commission-numerique') as string;
    const meetingId = await sittingOf2October(commissionId);
    const [mercier, haddad, roux, lefevre] = ['louis.mercier', 'sonia.haddad', 'eva.roux', 'marc.lefevre'].map((name) => people.get(name) as string);
    const teachersOnly = await held(meetingId, [roux, lefevre], [mercier, haddad, roux, lefevre]);
    expect(teachersOnly.held.quorum).toEqual({
      reached: false,
      reasons: ['quorum not reached: 0 present for 1 required (0.5 of 2 places)', '2 members present outside Collège des élus, not counted for the quorum'],
    });
    expect((await held(meetingId, [mercier], [mercier, haddad, roux, lefevre])).held.quorum.reached).toBe(true);
  });

  it('does not count a sitting recorded with nobody present on a committee with no quorum rule', async () => {
    const { committees, people } = await convention();
    const suiviId = committees.get('comite-suivi') as string;
    const meetingId = await sittingOf2October(suiviId);
    const both = ['claire.robin', 'sonia.haddad'].map((name) => people.get(name) as string);
    const empty = await held(meetingId, [], both);
    expect(empty.held.quorum.reached).toBe(false);
    expect(empty.held.quorum.reasons[0]).toMatch(/nobody was recorded present/);
    expect((await periods(suiviId, '2025-09-01', '2025-12-31')).get('2025-2026-T1')?.heldWithQuorum).toBe(0);
  });

  it('plans no meeting in the school holidays of the académie\'s zone, and ends the school year before the summer', async () => {
    const { committees } = await convention();
    const conseilId = committees.get('conseil-pilotage') as string;
    t.clock.set('2025-06-10T08:00:00Z');
    const plan = (await t.http().get(`/committees/${conseilId}/planning`).query({ year: '2025-2026' }).expect(200)).body as {
      convention: { schoolZone: string };
      proposals: Array<{ localDate: string }>;
    };
    expect(plan.convention.schoolZone).toBe('A');
    const zoneA = (await schoolHolidayCalendars(t.dataSource.manager, ['A'])).get('A');
    expect(plan.proposals).toHaveLength(2);
    for (const { localDate } of plan.proposals) expect([localDate, zoneA?.holidayOn(localDate)]).toEqual([localDate, null]);
    // A sitting put in the Toussaint holidays anyway is flagged, not refused.
    const toussaint = (await t.http().post(`/committees/${conseilId}/meetings`).send({ start: '2025-10-21T14:00', end: '2025-10-21T16:00' }).expect(201)).body;
    expect(toussaint.warnings).toEqual([
      { code: 'school_holidays', date: '2025-10-21', name: 'Vacances de la Toussaint 2025-2026', message: '2025-10-21 falls in the school holidays of zone A (Vacances de la Toussaint 2025-2026)' },
    ]);
    // Classes end on Saturday 4 July 2026: the last meeting day is Friday 3 July, 8 days after 25 June.
    expect((await periods(conseilId, '2025-09-01', '2026-08-31')).get('2025-2026')?.lastDayToConvene).toBe('2026-06-25');
  });

  it('is not on track past the last day to convene with meetings only scheduled, never convened', async () => {
    const { committees } = await convention();
    const conseilId = committees.get('conseil-pilotage') as string;
    t.clock.set('2026-06-10T08:00:00Z');
    const first = await schedule(conseilId, '2026-06-30');
    const second = await schedule(conseilId, '2026-07-02');
    t.clock.set('2026-06-20T08:00:00Z');
    expect((await periods(conseilId, '2025-09-01', '2026-08-31')).get('2025-2026')?.status).toBe('on_track');

    t.clock.set('2026-06-27T08:00:00Z');
    const late = (await periods(conseilId, '2025-09-01', '2026-08-31')).get('2025-2026') as Period;
    expect(late.status).toBe('at_risk');
    expect(late.reasons).toContain("2 scheduled meetings were never convened and can no longer be convened with 8 days' notice");
    const standing = (await t.http().get('/compliance').query({ conventionId: await conventionIdOf(conseilId) }).expect(200)).body;
    expect(standing.items.find((row: { committee: { id: string } }) => row.committee.id === conseilId)?.status).toBe('at_risk');

    await t.dataSource.query(`UPDATE meetings SET convened_at = '2026-06-12T08:00:00Z' WHERE id = ANY($1)`, [[first, second]]);
    expect((await periods(conseilId, '2025-09-01', '2026-08-31')).get('2025-2026')?.status).toBe('on_track');
  });

  it('sends the at-risk email to a committee that missed its last period and is at risk in this one', async () => {
    const { committees } = await convention();
    const suiviId = committees.get('comite-suivi') as string;
    // Nothing held in the first term 2025-2026; the second ends on Tuesday 31 March 2026.
    t.clock.set('2026-03-20T08:00:00Z');
    const row = (await t.http().get('/compliance').query({ conventionId: await conventionIdOf(suiviId) }).expect(200)).body.items.find(
      (item: { committee: { id: string } }) => item.committee.id === suiviId,
    );
    expect(row).toMatchObject({ status: 'missed', period: { key: '2025-2026-T1' }, currentPeriod: { key: '2025-2026-T2', status: 'at_risk' } });

    await t.app.get(CommitteesAtRiskJob).run();
    const alerts = await t.dataSource.query(`SELECT dedupe_key FROM outbound_messages WHERE kind = 'committee_at_risk' AND dedupe_key LIKE $1`, [`at-risk:${suiviId}:%`]);
    expect(alerts.map((alert: { dedupe_key: string }) => alert.dedupe_key)).toEqual([`at-risk:${suiviId}:2025-2026-T2:claire.robin@ac-lyon.example.fr`]);
  });

  it('imports a newer export of the dataset « Calendrier scolaire » from the command line, zone by zone', async () => {
    const csv = join(dir, 'fr-en-calendrier-scolaire.csv');
    writeFileSync(
      csv,
      [
        'Description;Population;Date de début;Date de fin;Zones;annee_scolaire;location',
        'Vacances de la Toussaint;-;2026-10-16T22:00:00+00:00;2026-11-01T23:00:00+00:00;Zone A;2026-2027;Lyon',
        'Vacances de Noël;-;2026-12-18T23:00:00+00:00;2027-01-03T23:00:00+00:00;Zone A;2026-2027;Lyon',
        'Vacances de Noël;-;2026-12-18T23:00:00+00:00;2027-01-03T23:00:00+00:00;Nouvelle Calédonie;2026-2027;Nouméa',
      ].join('\n'),
    );
    let out = '';
    let err = '';
    const run = (...args: string[]) => runCli(args, { out: (text) => (out += text), err: (text) => (err += text), config: () => t.config });
    expect(await run('school-holidays', 'import', csv)).toBe(0);
    expect(out).toContain('2 holidays imported (A 2026-2027: 2 holidays), 1 rows of other zones or for teachers only left out');
    const zoneA = (await schoolHolidayCalendars(t.dataSource.manager, ['A'])).get('A');
    expect(zoneA?.holidayOn('2026-10-20')).toBe('Vacances de la Toussaint 2026-2027');
    // The shipped school years are still there.
    expect(zoneA?.holidayOn('2025-10-20')).toBe('Vacances de la Toussaint 2025-2026');

    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, readFileSync(csv, 'utf8').replace('2026-11-01T23:00:00+00:00', 'bientôt'));
    expect(await run('school-holidays', 'import', bad)).toBe(1);
    expect(err).toContain(`${bad}: [0].Date de fin: "bientôt" is not a date`);
  });

  async function conventionIdOf(committeeId: string): Promise<string> {
    const [row] = await t.dataSource.query(`SELECT convention_id FROM committees WHERE id = $1`, [committeeId]);
    return row.convention_id as string;
  }
});
