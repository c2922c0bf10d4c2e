import { Queue, QueueEvents } from 'bullmq';
import { ComplianceWorkerModule } from '../src/compliance/compliance-worker.module';
import { ComplianceService } from '../src/compliance/compliance.service';
import { ComplianceRowResponse } from '../src/compliance/dto/compliance.response';
import { DAY_STANDINGS_CRON, JOBS, MAINTENANCE_JOB_OPTIONS, QUEUES, SCHEDULERS } from '../src/queue/queues';
import { createTestApp, TestApp } from './support/test-app';
import { BuiltConvention, buildCommittee, buildConvention, buildMeeting } from './support/builders';
import { eventually } from './support/eventually';

/**
 * The worker computes the académie's report as each convention's day begins and stores it
 * (day-standings.job.ts), so that the day's first report of the API is read back, not computed.
 *
 * A Paris convention and a Cayenne one, in force from 2 September 2024, each with a committee that
 * meets once per civil semester and met on 8 October 2024. On 20 March 2025 at 23:05 UTC it is
 * already 21 March in Paris (UTC+1) and still 20 March in Cayenne (UTC−3).
 */
describe("the day's standings computed by the worker as the day begins", () => {
  let t: TestApp;
  let queue: Queue;
  let events: QueueEvents;
  let paris: BuiltConvention;
  let cayenne: BuiltConvention;

  beforeAll(async () => {
    t = await createTestApp({ imports: [ComplianceWorkerModule] });
    const connection = { url: t.config.redisUrl };
    queue = new Queue(QUEUES.compliance, { connection, prefix: t.config.queuePrefix });
    events = new QueueEvents(QUEUES.compliance, { connection, prefix: t.config.queuePrefix });
    await events.waitUntilReady();
  });
  afterAll(async () => {
    await events.close();
    await queue.close();
    await t.close();
  });
  beforeEach(async () => {
    await t.dataSource.query('DELETE FROM compliance_standings');
    const suffix = Math.random().toString(36).slice(2, 8);
    paris = await buildConvention(t.dataSource, { reference: `day-paris-${suffix}`, timeZone: 'Europe/Paris', holidayCountry: 'FR', signedOn: '2024-09-02', durationMonths: 24 });
    cayenne = await buildConvention(t.dataSource, { reference: `day-cayenne-${suffix}`, timeZone: 'America/Cayenne', holidayCountry: 'GF', signedOn: '2024-09-02', durationMonths: 24 });
    for (const [convention, zone] of [[paris, 'Europe/Paris'], [cayenne, 'America/Cayenne']] as const) {
      const committee = await buildCommittee(t.dataSource, convention, { key: 'copil', frequency: { minimum: 1, period: 'semester', calendar: 'civil' }, notice: { days: 15 } });
      await buildMeeting(t.dataSource, committee, zone, { on: '2024-10-08' });
    }
  });
  afterEach(() => t.clock.reset());

  /** The days stored for the two conventions, by convention. */
  async function storedDays(): Promise<Record<string, string[]>> {
    const rows: Array<{ convention_id: string; day: string }> = await t.dataSource.query(
      `SELECT convention_id, to_char(day, 'YYYY-MM-DD') AS day FROM compliance_standings WHERE kind = '' AND convention_id = ANY($1::uuid[]) ORDER BY day`,
      [[paris.id, cayenne.id]],
    );
    const days: Record<string, string[]> = { paris: [], cayenne: [] };
    for (const row of rows) days[row.convention_id === paris.id ? 'paris' : 'cayenne'].push(row.day);
    return days;
  }

  /** One run of the job through the queue, as its schedule starts it. */
  async function runThroughQueue(): Promise<void> {
    const job = await queue.add(JOBS.dayStandings, {}, MAINTENANCE_JOB_OPTIONS);
    await job.waitUntilFinished(events, 15_000);
  }

  const rowsOf = (items: ComplianceRowResponse[]) => items.filter((row) => [paris.id, cayenne.id].includes(row.convention.id));

  it('keeps one schedule, every quarter of an hour (every zone reaches midnight on one)', async () => {
    const schedule = await eventually('the day-standings schedule', async () => queue.getJobScheduler(SCHEDULERS.dayStandings));
    expect(schedule).toMatchObject({ name: JOBS.dayStandings, pattern: DAY_STANDINGS_CRON });
  });

  it("stores a convention's new day once its zone passed midnight, and only then", async () => {
    t.clock.set('2025-03-20T22:50:00Z');
    await runThroughQueue();
    expect(await storedDays()).toEqual({ paris: ['2025-03-20'], cayenne: ['2025-03-20'] });

    t.clock.set('2025-03-20T23:05:00Z');
    await runThroughQueue();
    expect(await storedDays()).toEqual({ paris: ['2025-03-20', '2025-03-21'], cayenne: ['2025-03-20'] });

    t.clock.set('2025-03-21T03:05:00Z');
    await runThroughQueue();
    expect(await storedDays()).toEqual({ paris: ['2025-03-20', '2025-03-21'], cayenne: ['2025-03-20', '2025-03-21'] });
  });

  it("keeps nothing of the report in the worker's memory once it is stored: what asks next reads back what was stored", async () => {
    t.clock.set('2025-03-21T08:00:00Z');
    await runThroughQueue();
    await t.dataSource.query(
      `UPDATE compliance_standings SET standings = jsonb_set(standings::jsonb, '{verdicts,0,standing,reasons}', '["read back"]')::json
        WHERE convention_id = $1 AND day = '2025-03-21'`,
      [paris.id],
    );
    // Here the job and the report share one ComplianceService, as they do in a worker.
    const { items } = await t.app.get(ComplianceService).list({ pageSize: 500 });
    expect(rowsOf(items).find((row) => row.convention.id === paris.id)).toMatchObject({ reasons: ['read back'] });
  });

  it("makes the API's first report of the day a read-back of what the worker stored, the same as computed", async () => {
    // The API's service kept yesterday's report.
    t.clock.set('2025-03-20T22:50:00Z');
    const api = new ComplianceService(t.dataSource, t.clock);
    await api.list({ pageSize: 500 });
    await api.standingsStored();

    t.clock.set('2025-03-20T23:05:00Z');
    await t.app.get(ComplianceService).standingsStored();
    await runThroughQueue();
    // An UPDATE answers its rows and their count.
    const [marked]: [unknown[], number] = await t.dataSource.query(
      `UPDATE compliance_standings SET standings = jsonb_set(standings::jsonb, '{verdicts,0,standing,reasons}', '["read back"]')::json
        WHERE convention_id = $1 AND day = '2025-03-21' RETURNING convention_id`,
      [paris.id],
    );
    expect(marked).toHaveLength(1);

    const { items } = await api.list({ pageSize: 500 });
    const [parisRow] = rowsOf(items).filter((row) => row.convention.id === paris.id);
    expect(parisRow).toMatchObject({ status: 'on_track', reasons: ['read back'] });

    // What was read back is what a service computing from nothing answers (but for the mark).
    await t.dataSource.query('DELETE FROM compliance_standings');
    const computed = await new ComplianceService(t.dataSource, t.clock).list({ pageSize: 500 });
    expect(rowsOf(items).map((row) => (row.convention.id === paris.id ? { ...row, reasons: expect.any(Array) } : row))).toEqual(rowsOf(computed.items));
    expect(rowsOf(computed.items).find((row) => row.convention.id === paris.id)?.reasons).not.toEqual(['read back']);
  });
});
