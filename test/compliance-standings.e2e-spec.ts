import { ComplianceService } from '../src/compliance/compliance.service';
import { MeetingState } from '../src/meetings/meeting.entity';
import { createTestApp, TestApp } from './support/test-app';
import { BuiltConvention, CommitteeSpec, ConventionSpec, buildCommittee, buildConvention, buildMeeting } from './support/builders';

/**
 * The home page asks for the standing of many committees at once (ComplianceService.standings,
 * a few set-based statements); each must be exactly what one committee's compliance says
 * (committeeCompliance, the route GET /committees/:id/compliance): same status, reasons, deciding
 * period and current period with its counts and last day to convene.
 */
describe('standings of many committees at once', () => {
  let t: TestApp;
  let service: ComplianceService;
  const committeeIds: string[] = [];

  const CONVENTIONS: Array<ConventionSpec & { key: string }> = [
    { key: 'paris-current', timeZone: 'Europe/Paris', holidayCountry: 'FR', signedOn: '2023-10-17', durationMonths: 36 },
    { key: 'paris-ended', timeZone: 'Europe/Paris', holidayCountry: 'FR', signedOn: '2022-01-31', durationMonths: 24 },
    { key: 'paris-future', timeZone: 'Europe/Paris', holidayCountry: 'FR', signedOn: '2025-11-15', durationMonths: 12 },
    { key: 'paris-unsigned', timeZone: 'Europe/Paris', holidayCountry: 'FR', signedOn: null },
    { key: 'cayenne-renewed', timeZone: 'America/Cayenne', holidayCountry: 'GF', signedOn: '2022-08-31', durationMonths: 12, tacitRenewal: true },
    { key: 'reunion-effective', timeZone: 'Indian/Reunion', holidayCountry: 'RE', signedOn: '2023-02-28', effectiveFrom: '2023-03-15', durationMonths: 48 },
  ];
  const RULES: CommitteeSpec[] = [
    { frequency: { minimum: 1, period: 'quarter', calendar: 'school' }, notice: { days: 8 } },
    { frequency: { minimum: 1, period: 'semester', calendar: 'school' }, notice: { days: 15 } },
    { frequency: { minimum: 2, period: 'year', calendar: 'school' }, notice: { days: 10, dayKind: 'clear' } },
    { frequency: { minimum: 1, period: 'quarter', calendar: 'civil' }, notice: { days: 15 } },
    { frequency: { minimum: 1, period: 'semester', calendar: 'signature' }, notice: { days: 5, dayKind: 'clear' } },
    { frequency: { minimum: 1, period: 'months', months: 4, calendar: 'signature' } },
    { frequency: { minimum: 0, period: 'year', calendar: 'civil' } },
  ];
  /**
   * Local days and times that sit on edges: the nights of the DST changes in Paris (30 March and
   * 26 October 2025, 31 March 2024), the first and last hours of a school year, the turn of a term.
   */
  const EDGES: Array<[string, string]> = [
    ['2025-03-30', '02:30'],
    ['2025-03-30', '03:30'],
    ['2025-10-26', '02:30'],
    ['2024-03-31', '01:00'],
    ['2024-08-31', '23:30'],
    ['2024-09-01', '00:30'],
    ['2025-08-31', '22:00'],
    ['2025-09-01', '01:00'],
    ['2024-12-31', '23:00'],
    ['2025-01-01', '00:15'],
    ['2025-03-31', '18:00'],
    ['2025-04-01', '09:00'],
  ];
  const STATES: Array<{ state: MeetingState; quorumReached?: boolean | null }> = [
    { state: 'held' },
    { state: 'held', quorumReached: false },
    { state: 'held', quorumReached: null },
    { state: 'scheduled' },
    { state: 'cancelled' },
  ];

  beforeAll(async () => {
    t = await createTestApp();
    service = t.app.get(ComplianceService);
    // A fixed walk through rules, edges and states, so that every committee differs.
    let step = 0;
    for (const spec of CONVENTIONS) {
      const { key, ...conventionSpec } = spec;
      const built: BuiltConvention = await buildConvention(t.dataSource, conventionSpec);
      for (const [index, rule] of RULES.entries()) {
        const committee = await buildCommittee(t.dataSource, built, { ...rule, key: `${key}-${index}` });
        committeeIds.push(committee.id);
        const meetings = (index + step) % 5;
        for (let n = 0; n < meetings; n += 1) {
          const [on, at] = EDGES[(step * 7 + n * 5) % EDGES.length];
          await buildMeeting(t.dataSource, committee, built.timeZone, { on, at, ...STATES[(step + n) % STATES.length] });
        }
        step += 1;
      }
    }
  });
  afterAll(async () => t.close());
  afterEach(() => t.clock.reset());

  // Days around the DST changes, on the first day of a school year, at the turn of a civil year,
  // when a convention has not begun and after one has ended.
  it.each([
    '2025-03-30T00:30:00Z',
    '2025-03-30T01:30:00Z',
    '2025-10-26T00:30:00Z',
    '2025-10-26T02:30:00Z',
    '2024-08-31T20:30:00Z',
    '2024-09-01T02:00:00Z',
    '2025-01-01T00:00:00Z',
    '2025-06-16T08:00:00Z',
    '2026-12-01T12:00:00Z',
  ])('agrees with each committee\'s own compliance on %s', async (instant) => {
    t.clock.set(instant);
    const standings = await service.standings(committeeIds);
    expect(standings.size).toBe(committeeIds.length);
    for (const id of committeeIds) {
      const own = await service.committeeCompliance(id, {});
      const current = own.periods.find((period) => period.start <= own.today && own.today <= period.end) ?? null;
      const { meetings: _meetings, ...currentWithoutMeetings } = current ?? { meetings: undefined };
      expect({ id, ...standings.get(id) }).toEqual({
        id,
        committeeId: id,
        today: own.today,
        standing: own.standing,
        currentPeriod: current ? currentWithoutMeetings : null,
      });
    }
  });

  it('answers nothing for no committee and leaves out unknown ones', async () => {
    expect((await service.standings([])).size).toBe(0);
    const answer = await service.standings([committeeIds[0], '00000000-0000-4000-8000-000000000000']);
    expect([...answer.keys()]).toEqual([committeeIds[0]]);
  });
});
