import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTestApp, TestApp } from './support/test-app';

/*
 * Issue "meetings under the conventions' rules", done when: a planning proposal for each committee
 * of the five examples that, once scheduled and held, meets every frequency rule. Everything goes
 * through the API: import the example, ask for the plan, schedule each proposal (the notice rule
 * checks it), record it held with its members present (the quorum rule checks it), then read the
 * compliance of the year.
 */
const EXAMPLES = join(__dirname, '..', 'examples');

interface Case {
  reference: string;
  definitionKey: string;
  year: string;
  range: { from: string; to: string };
  /** When the convener plans and schedules: before the year, inside the convention's validity. */
  planningOn: string;
  /** When the meetings are recorded as held and compliance is read: after the year. */
  afterwards: string;
  meetings: number;
}

const CASES: Case[] = [
  { reference: 'guyane-remire-montjoly-2015', definitionKey: 'copil', year: '2016-2017', range: { from: '2016-09-01', to: '2017-08-31' }, planningOn: '2016-06-15T12:00:00Z', afterwards: '2017-09-15T12:00:00Z', meetings: 2 },
  { reference: 'guyane-remire-montjoly-2015', definitionKey: 'comite-technique', year: '2016-2017', range: { from: '2016-09-01', to: '2017-08-31' }, planningOn: '2016-06-15T12:00:00Z', afterwards: '2017-09-15T12:00:00Z', meetings: 0 },
  { reference: 'grenoble-crets-en-belledonne-2016', definitionKey: 'copil-local', year: '2016-2017', range: { from: '2016-09-01', to: '2017-08-31' }, planningOn: '2016-10-17T12:00:00Z', afterwards: '2017-10-10T12:00:00Z', meetings: 3 },
  { reference: 'grenoble-crets-en-belledonne-2016', definitionKey: 'copil-departemental', year: '2016-2017', range: { from: '2016-09-01', to: '2017-08-31' }, planningOn: '2016-10-17T12:00:00Z', afterwards: '2017-10-10T12:00:00Z', meetings: 2 },
  { reference: 'reunion-saint-denis-2017', definitionKey: 'copil', year: '2018-2019', range: { from: '2018-09-01', to: '2019-08-31' }, planningOn: '2018-06-15T12:00:00Z', afterwards: '2019-09-15T12:00:00Z', meetings: 1 },
  { reference: 'reunion-saint-denis-2017', definitionKey: 'comite-technique', year: '2018-2019', range: { from: '2018-09-01', to: '2019-08-31' }, planningOn: '2018-06-15T12:00:00Z', afterwards: '2019-09-15T12:00:00Z', meetings: 0 },
  { reference: 'amiens-somme-numerique-2013', definitionKey: 'comite-animations', year: '2014', range: { from: '2014-01-01', to: '2014-12-31' }, planningOn: '2013-11-04T12:00:00Z', afterwards: '2015-01-15T12:00:00Z', meetings: 2 },
];

interface Proposal {
  localStart: string;
  localEnd: string;
}

describe('planning each committee of the five examples, then scheduling and holding the meetings', () => {
  let t: TestApp;
  const imported = new Set<string>();

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close());

  /** The committee's instances: one, or one per school or circonscription. */
  async function committeeIds(reference: string, definitionKey: string): Promise<string[]> {
    if (!imported.has(reference)) {
      const text = readFileSync(join(EXAMPLES, `${reference}.yaml`), 'utf8');
      await t.http().post('/conventions/import').set('Content-Type', 'application/yaml').send(text).expect(201);
      imported.add(reference);
    }
    const committees = (await t.http().get(`/conventions/${reference}/committees`).expect(200)).body as Array<{ id: string; definitionKey: string }>;
    const matching = committees.filter((c) => c.definitionKey === definitionKey);
    expect(matching.length).toBeGreaterThan(0);
    return matching.map((c) => c.id);
  }

  it.each(CASES)('$reference, $definitionKey, $year', async ({ reference, definitionKey, year, range, planningOn, afterwards, meetings }) => {
    for (const id of await committeeIds(reference, definitionKey)) await planScheduleHold(id, { year, range, planningOn, afterwards, meetings });
  });

  async function planScheduleHold(id: string, { year, range, planningOn, afterwards, meetings }: Omit<Case, 'reference' | 'definitionKey'>): Promise<void> {
    t.clock.set(planningOn);
    const plan = (await t.http().get(`/committees/${id}/planning`).query({ year }).expect(200)).body as {
      proposals: Proposal[];
      periods: Array<{ key: string; status: string }>;
    };
    expect(plan.proposals).toHaveLength(meetings);
    const scheduled: string[] = [];
    for (const proposal of plan.proposals) {
      const created = await t.http()
        .post(`/committees/${id}/meetings`)
        .send({ start: proposal.localStart, end: proposal.localEnd, agenda: [{ title: "Point d'étape du projet" }] })
        .expect(201);
      scheduled.push(created.body.id);
    }

    t.clock.set(afterwards);
    const committee = (await t.http().get(`/committees/${id}`).expect(200)).body as {
      seats: Array<{ members: Array<{ person: { id: string } }> }>;
    };
    const people = new Set(committee.seats.flatMap((seat) => seat.members.map((member) => member.person.id)));
    const everyone = [...people].map((personId) => ({ personId, status: 'present' }));
    for (const meetingId of scheduled) {
      const held = await t.http().post(`/meetings/${meetingId}/held`).send({ attendance: everyone }).expect(200);
      expect(held.body.state).toBe('held');
      expect(held.body.held.quorum).toMatchObject({ reached: true });
    }

    const compliance = (await t.http().get(`/committees/${id}/compliance`).query(range).expect(200)).body as {
      periods: Array<{ key: string; status: string; heldWithQuorum: number; required: number }>;
    };
    expect(compliance.periods.length).toBeGreaterThan(0);
    const plannedStatus = new Map(plan.periods.map((period) => [period.key, period.status]));
    for (const period of compliance.periods) {
      const expected = plannedStatus.get(period.key) === 'not_due' || period.required === 0 ? 'not_due' : 'met';
      expect({ period: period.key, status: period.status }).toEqual({ period: period.key, status: expected });
    }
    if (meetings > 0) expect(compliance.periods.some((period) => period.status === 'met')).toBe(true);
  }
});
