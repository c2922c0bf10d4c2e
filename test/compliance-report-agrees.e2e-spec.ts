import { ComplianceService } from '../src/compliance/compliance.service';
import { ComplianceRowResponse } from '../src/compliance/dto/compliance.response';
import { MeetingState } from '../src/meetings/meeting.entity';
import { createTestApp, TestApp } from './support/test-app';
import { BuiltConvention, CommitteeSpec, ConventionSpec, buildCommittee, buildConvention, buildMeeting } from './support/builders';

/**
 * The académie's report (GET /compliance) counts every committee's meetings in one statement and
 * decides committees that stand alike once (fetchStandingCounts, ComplianceService.list); each of
 * its rows must say exactly what the committee's own compliance says (GET /committees/:id/compliance):
 * status, behind, reasons, deciding period and current period. The committees cover each rule
 * variant the statement tells apart: calendars and units, months, sittings of any kind or ordinary
 * only, notices in calendar, clear, working and workable days, meeting or not during school holidays,
 * committees sharing a rule with and without meetings, and of two kinds.
 */
describe("the académie's report agrees with each committee's own compliance", () => {
  let t: TestApp;
  const committeeIds: string[] = [];
  const conventionIds = new Map<string, string>();

  const CONVENTIONS: Array<ConventionSpec & { key: string }> = [
    { key: 'paris-current', timeZone: 'Europe/Paris', holidayCountry: 'FR', signedOn: '2023-10-17', durationMonths: 36 },
    { key: 'paris-ended', timeZone: 'Europe/Paris', holidayCountry: 'FR', signedOn: '2022-01-31', durationMonths: 24 },
    { key: 'paris-future', timeZone: 'Europe/Paris', holidayCountry: 'FR', signedOn: '2025-11-15', durationMonths: 12 },
    { key: 'cayenne-renewed', timeZone: 'America/Cayenne', holidayCountry: 'GF', signedOn: '2022-08-31', durationMonths: 12, tacitRenewal: true },
    { key: 'reunion-effective', timeZone: 'Indian/Reunion', holidayCountry: 'RE', signedOn: '2023-02-28', effectiveFrom: '2023-03-15', durationMonths: 48 },
  ];
  const RULES: CommitteeSpec[] = [
    { frequency: { minimum: 1, period: 'quarter', calendar: 'school' }, notice: { days: 8 } },
    { frequency: { minimum: 1, period: 'quarter', calendar: 'school' }, notice: { days: 8 } },
    { frequency: { minimum: 1, period: 'quarter', calendar: 'school' }, notice: { days: 8 }, kind: 'technical' },
    { frequency: { minimum: 1, period: 'semester', calendar: 'school' }, notice: { days: 15, dayKind: 'working' } },
    { frequency: { minimum: 2, period: 'year', calendar: 'school' }, notice: { days: 10, dayKind: 'workable' }, meetsDuringSchoolHolidays: true },
    { frequency: { minimum: 2, period: 'year', calendar: 'school' }, notice: { days: 10, dayKind: 'clear' } },
    { frequency: { minimum: 1, period: 'quarter', calendar: 'civil', counts: 'any' }, notice: { days: 15 } },
    { frequency: { minimum: 1, period: 'quarter', calendar: 'civil' }, notice: { days: 15 } },
    { frequency: { minimum: 1, period: 'semester', calendar: 'signature' }, notice: { days: 5, dayKind: 'clear' } },
    { frequency: { minimum: 1, period: 'months', months: 4, calendar: 'signature' } },
    { frequency: { minimum: 0, period: 'year', calendar: 'civil' } },
  ];
  /** Days around the report's days below: before, on and after them, on the edges of terms and years. */
  const DAYS: Array<[string, string]> = [
    ['2024-09-01', '00:30'],
    ['2024-12-31', '23:00'],
    ['2025-01-01', '00:15'],
    ['2025-03-30', '03:30'],
    ['2025-04-01', '09:00'],
    ['2025-06-16', '07:00'],
    ['2025-06-17', '14:00'],
    ['2025-06-20', '10:00'],
    ['2025-06-30', '14:00'],
    ['2025-07-04', '14:00'],
    ['2025-08-31', '22:00'],
    ['2025-09-01', '01:00'],
  ];
  const MEETINGS: Array<{ state: MeetingState; quorumReached?: boolean | null; extraordinary?: boolean; convened?: boolean }> = [
    { state: 'held' },
    { state: 'scheduled' },
    { state: 'held', extraordinary: true },
    { state: 'held', quorumReached: false },
    { state: 'scheduled', convened: true },
    { state: 'held', quorumReached: null },
    { state: 'scheduled', extraordinary: true },
    { state: 'cancelled' },
  ];

  beforeAll(async () => {
    t = await createTestApp();
    // A fixed walk through rules, days and meetings; the second committee of the first rule has none.
    let step = 0;
    for (const { key, ...spec } of CONVENTIONS) {
      const built: BuiltConvention = await buildConvention(t.dataSource, spec);
      conventionIds.set(key, built.id);
      for (const [index, rule] of RULES.entries()) {
        const committee = await buildCommittee(t.dataSource, built, { ...rule, key: `${key}-${index}` });
        committeeIds.push(committee.id);
        const count = index === 1 ? 0 : (index + step) % 6;
        for (let n = 0; n < count; n += 1) {
          const [on, at] = DAYS[(step * 5 + n * 7) % DAYS.length];
          const { extraordinary, convened, ...meeting } = MEETINGS[(step + n * 3) % MEETINGS.length];
          const { id } = await buildMeeting(t.dataSource, committee, built.timeZone, { on, at, ...meeting });
          await t.dataSource.query(`UPDATE meetings SET kind = $2, convened_at = $3 WHERE id = $1`, [
            id,
            extraordinary ? 'extraordinary' : 'ordinary',
            convened ? '2024-01-01T00:00:00Z' : null,
          ]);
        }
        step += 1;
      }
    }
  });
  afterAll(async () => t.close());
  afterEach(() => t.clock.reset());

  /** The report computed from nothing: no kept report, no stored standings. */
  async function freshReport(kind?: 'technical'): Promise<ComplianceRowResponse[]> {
    await t.dataSource.query('DELETE FROM compliance_standings');
    const service = new ComplianceService(t.dataSource, t.clock);
    const { items } = await service.list({ pageSize: 1000, kind });
    await service.standingsStored();
    return items.filter((row) => committeeIds.includes(row.committee.id));
  }

  it.each(['2024-09-01T02:00:00Z', '2025-01-01T00:00:00Z', '2025-06-16T08:00:00Z', '2025-06-30T12:00:00Z', '2026-12-01T12:00:00Z'])(
    'on %s',
    async (instant) => {
      t.clock.set(instant);
      const rows = await freshReport();
      const own = t.app.get(ComplianceService);
      const reported = new Set(rows.map((row) => row.committee.id));
      for (const id of committeeIds) {
        const compliance = await own.committeeCompliance(id, {});
        // The report lists the committees of the conventions in force on the day, and only them.
        const inForce = compliance.validity.start !== null && compliance.validity.start <= compliance.today && (compliance.validity.end === null || compliance.today <= compliance.validity.end);
        expect({ id, reported: reported.has(id) }).toEqual({ id, reported: inForce });
        if (!inForce) continue;
        const row = rows.find((each) => each.committee.id === id) as ComplianceRowResponse;
        const withoutMeetings = (period: (typeof compliance.periods)[number] | undefined) => {
          if (!period) return null;
          const { meetings: _meetings, ...rest } = period;
          return rest;
        };
        expect({ id, status: row.status, behind: row.behind, reasons: row.reasons, period: row.period, currentPeriod: row.currentPeriod }).toEqual({
          id,
          status: compliance.standing.status,
          behind: compliance.standing.behind,
          reasons: compliance.standing.reasons,
          period: withoutMeetings(compliance.periods.find((period) => period.key === compliance.standing.period?.key)),
          currentPeriod: withoutMeetings(compliance.periods.find((period) => period.start <= compliance.today && compliance.today <= period.end)),
        });
      }
      // One kind asked for: the same rows of that kind.
      expect(await freshReport('technical')).toEqual(rows.filter((row) => row.committee.kind === 'technical'));
    },
  );
});
