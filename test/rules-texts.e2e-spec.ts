import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTestApp, TestApp } from './support/test-app';

/*
 * Issue 11's rules that the five reference conventions do not use, through the API on the real
 * database: a definition file using them (test/fixtures/rhone-conseil-ecoles-2025.yaml) is
 * imported, meetings are scheduled, convened and recorded, and the verdicts read back.
 */
const FIXTURE = readFileSync(join(__dirname, 'fixtures', 'rhone-conseil-ecoles-2025.yaml'), 'utf8');

interface Period {
  key: string;
  status: string;
  lastDayToConvene: string | null;
  reasons: string[];
}

describe('rules as French texts word them, beyond the five conventions', () => {
  let t: TestApp;
  let imports = 0;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterEach(() => t.clock.reset());
  afterAll(async () => {
    await t.close();
  });

  /** A fresh copy of the fixture's convention; its committees by definition key. */
  async function convention(): Promise<{ reference: string; committees: Map<string, string> }> {
    imports += 1;
    const reference = `rhone-conseil-ecoles-2025-${imports}`;
    t.clock.set('2025-01-06T08:00:00Z');
    await t.http().post('/conventions/import').set('Content-Type', 'application/yaml').send(FIXTURE.replace(/^reference: .*$/m, `reference: ${reference}`)).expect(201);
    const list = (await t.http().get(`/conventions/${reference}/committees`).expect(200)).body as Array<{ id: string; definitionKey: string }>;
    return { reference, committees: new Map(list.map((c) => [c.definitionKey, c.id])) };
  }

  async function periods(committeeId: string, from: string, to: string): Promise<Map<string, Period>> {
    const body = (await t.http().get(`/committees/${committeeId}/compliance`).query({ from, to }).expect(200)).body as { periods: Period[] };
    return new Map(body.periods.map((period) => [period.key, period]));
  }

  describe('notice in working days', () => {
    it('refuses a meeting that leaves fewer than « cinq jours ouvrés », skipping 8 May, and convenes one that leaves them', async () => {
      const { committees } = await convention();
      const conseilId = committees.get('conseil-ecoles') as string;
      const detail = (await t.http().get(`/committees/${conseilId}`).expect(200)).body;
      expect(detail.rules.notice).toMatchObject({ days: 5, dayKind: 'working' });

      // Monday 5 May 2025: Tuesday 13 May leaves Tue 6, Wed 7, Fri 9 and Mon 12 — four days ouvrés.
      t.clock.set('2025-05-05T08:00:00Z');
      const agenda = [{ title: 'Bilan du déploiement des tablettes' }];
      const tooSoon = await t.http().post(`/committees/${conseilId}/meetings`).send({ start: '2025-05-13T14:00', end: '2025-05-13T16:00', agenda }).expect(422);
      expect(tooSoon.body).toMatchObject({ code: 'notice_too_short', earliestLawfulDate: '2025-05-14', rule: { days: 5, dayKind: 'working' } });
      expect(tooSoon.body.message).toContain('working days (jours ouvrés)');

      const meeting = await t.http().post(`/committees/${conseilId}/meetings`).send({ start: '2025-05-14T14:00', end: '2025-05-14T16:00', agenda }).expect(201);
      const convened = await t.http().post(`/meetings/${meeting.body.id}/convene`).send({}).expect(201);
      expect(convened.body.latestSendingDate).toBe('2025-05-05');
    });

    it('counts Saturdays for « trois jours ouvrables », never Sundays nor public holidays', async () => {
      const { committees } = await convention();
      const technicalId = committees.get('comite-technique') as string;
      // Wednesday 7 May 2025: Monday 12 May leaves Fri 9 and Sat 10 (8 May is a holiday, 11 a Sunday).
      t.clock.set('2025-05-07T08:00:00Z');
      const monday = await t.http().post(`/committees/${technicalId}/meetings`).send({ start: '2025-05-12T10:00', end: '2025-05-12T12:00' }).expect(422);
      expect(monday.body).toMatchObject({ code: 'notice_too_short', earliestLawfulDate: '2025-05-13', rule: { days: 3, dayKind: 'workable' } });
      await t.http().post(`/committees/${technicalId}/meetings`).send({ start: '2025-05-13T10:00', end: '2025-05-13T12:00' }).expect(201);
    });

    it('gives the last day to convene in working days, and sees when a scheduled meeting can no longer be convened', async () => {
      const { reference, committees } = await convention();
      const conseilId = committees.get('conseil-ecoles') as string;
      t.clock.set('2025-06-02T08:00:00Z');
      // Classes end on Saturday 5 July 2025 (zone A): the last meeting day is Friday 4 July, and
      // five working days before it (Thu 3, Wed 2, Tue 1, Mon 30 June, Fri 27 June) the convocation leaves by Thursday 26 June.
      expect((await periods(conseilId, '2024-09-01', '2025-08-31')).get('2024-2025')?.lastDayToConvene).toBe('2025-06-26');

      await t.http().post(`/committees/${conseilId}/meetings`).send({ start: '2025-06-20T14:00', end: '2025-06-20T16:00' }).expect(201);
      const unconvenable = '1 scheduled meeting was never convened and can no longer be convened with 5 working days (jours ouvrés) of notice';
      // For Friday 20 June, Fri 13 … Thu 19 June are the five days: Thursday 12 June is the last day to send.
      t.clock.set('2025-06-12T08:00:00Z');
      expect((await periods(conseilId, '2024-09-01', '2025-08-31')).get('2024-2025')?.reasons).not.toContain(unconvenable);
      t.clock.set('2025-06-13T08:00:00Z');
      expect((await periods(conseilId, '2024-09-01', '2025-08-31')).get('2024-2025')?.reasons).toContain(unconvenable);
      const list = (await t.http().get('/compliance').query({ conventionId: (await t.http().get(`/conventions/${reference}`).expect(200)).body.id }).expect(200)).body;
      expect(list.items.find((row: { committee: { id: string } }) => row.committee.id === conseilId)?.status).toBe('at_risk');
    });
  });
});
