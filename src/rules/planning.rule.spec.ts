import type { PeriodCalendar, PeriodUnit } from '../committees/committee-rules';
import { frequencyCompliance } from './frequency.rule';
import { PlanningInput, PlanningYear, proposePlanning } from './planning.rule';
import { ConventionTerms, conventionValidity } from './validity.rule';
import { holidaysOf, isWorkingDay } from './working-days.rule';

const metropole = holidaysOf({ country: 'FR' });
const guyane = holidaysOf({ country: 'GF' });
const reunion = holidaysOf({ country: 'RE' });

const convention = (overrides: Partial<ConventionTerms>): ConventionTerms => ({
  signedOn: null,
  effectiveFrom: null,
  durationMonths: null,
  endsOn: null,
  tacitRenewal: false,
  terminatedOn: null,
  ...overrides,
});

const planning = (overrides: Partial<PlanningInput>): PlanningInput => ({
  rule: { minimum: 1, period: 'semester', calendar: 'civil', months: null },
  validity: conventionValidity(convention({ signedOn: '2015-09-15', durationMonths: 36, tacitRenewal: true })),
  year: { calendar: 'civil', year: 2025 },
  notice: { days: 15, dayKind: 'calendar' },
  now: new Date('2024-11-01T10:00:00Z'),
  zone: 'America/Cayenne',
  holidays: guyane,
  ...overrides,
});

describe('proposed meetings', () => {
  it('places one meeting per semester near its middle, at 14:00 local time, in both UTC and local time', () => {
    const plan = proposePlanning(planning({}));
    expect(plan.range).toEqual({ start: '2025-01-01', end: '2025-12-31' });
    expect(plan.periods.map((entry) => [entry.period.key, entry.status])).toEqual([
      ['2025-S1', 'planned'],
      ['2025-S2', 'planned'],
    ]);
    expect(plan.periods[0].proposals).toEqual([
      {
        localDate: '2025-04-01',
        localStart: '2025-04-01T14:00:00-03:00',
        localEnd: '2025-04-01T16:00:00-03:00',
        start: new Date('2025-04-01T17:00:00Z'),
        end: new Date('2025-04-01T19:00:00Z'),
      },
    ]);
  });

  it('keeps the Paris wall-clock time on both sides of the spring change', () => {
    const plan = proposePlanning(
      planning({ rule: { minimum: 1, period: 'months', calendar: 'civil', months: 1 }, zone: 'Europe/Paris', holidays: metropole }),
    );
    const march = plan.periods.find((entry) => entry.period.key === '2025-P3')?.proposals[0];
    const april = plan.periods.find((entry) => entry.period.key === '2025-P4')?.proposals[0];
    // 16 March 2025 is a Sunday: the nearest free day is Monday 17 (Saturday 15 comes first but is not worked).
    expect(march).toMatchObject({ localDate: '2025-03-17', localStart: '2025-03-17T14:00:00+01:00', start: new Date('2025-03-17T13:00:00Z') });
    expect(april).toMatchObject({ localDate: '2025-04-16', localStart: '2025-04-16T14:00:00+02:00', start: new Date('2025-04-16T12:00:00Z') });
  });

  it('spreads two meetings through the period', () => {
    const plan = proposePlanning(planning({ rule: { minimum: 2, period: 'year', calendar: 'civil', months: null } }));
    expect(plan.periods[0].proposals.map((proposal) => proposal.localDate)).toEqual(['2025-04-02', '2025-10-01']);
  });

  it('leaves the notice from now, and moves off a public holiday of the territory (La Réunion, 20 December)', () => {
    const input = planning({
      rule: { minimum: 1, period: 'months', calendar: 'civil', months: 1 },
      year: { calendar: 'civil', year: 2024 },
      now: new Date('2024-11-24T08:00:00Z'),
      zone: 'Indian/Reunion',
      holidays: reunion,
    });
    const plan = proposePlanning(input);
    expect(plan.earliestLawfulDate).toBe('2024-12-09');
    const december = plan.periods.find((entry) => entry.period.key === '2024-P12');
    expect(december?.proposals.map((proposal) => proposal.localDate)).toEqual(['2024-12-19']);
    expect(december?.reasons).toContain('moved from 2024-12-20 to 2024-12-19: 2024-12-20 is a public holiday in RE (Abolition de l’esclavage)');
    expect(proposePlanning({ ...input, holidays: metropole }).periods.find((entry) => entry.period.key === '2024-P12')?.proposals[0].localDate).toBe(
      '2024-12-20',
    );
  });

  it('reports the periods that can no longer be met, quoting the earliest lawful date', () => {
    const plan = proposePlanning(planning({ now: new Date('2025-06-20T12:00:00Z') }));
    expect(plan.periods[0]).toMatchObject({ status: 'too_late', proposals: [] });
    expect(plan.periods[0].reasons[0]).toBe(
      '1er semestre 2025: too late, it ends on 2025-06-30 and a convocation leaving now allows a meeting on 2025-07-05 at the earliest',
    );
    expect(plan.periods[1].status).toBe('planned');
    expect(plan.periods[1].proposals[0].localDate >= '2025-07-05').toBe(true);
  });

  it('avoids the days and hours the same people are busy, but not a morning meeting', () => {
    const plan = proposePlanning(
      planning({
        busy: [
          { date: '2025-04-01' },
          { start: new Date('2025-03-31T18:00:00Z'), end: new Date('2025-03-31T19:30:00Z') },
          { start: new Date('2025-04-02T12:00:00Z'), end: new Date('2025-04-02T14:00:00Z') },
        ],
      }),
    );
    expect(plan.periods[0].proposals[0].localDate).toBe('2025-04-02');
    expect(plan.periods[0].reasons).toContain('moved from 2025-04-01 to 2025-04-02: the members are busy on 2025-04-01');
  });

  it('proposes only what the meetings already held or scheduled leave to do', () => {
    const plan = proposePlanning(
      planning({
        rule: { minimum: 2, period: 'semester', calendar: 'civil', months: null },
        meetings: [
          { localDate: '2025-02-11', state: 'scheduled', quorumReached: null },
          { localDate: '2025-09-16', state: 'scheduled', quorumReached: null },
          { localDate: '2025-10-14', state: 'scheduled', quorumReached: null },
        ],
      }),
    );
    expect(plan.periods[0]).toMatchObject({ status: 'planned', alreadyCounted: 1 });
    expect(plan.periods[0].proposals).toHaveLength(1);
    expect(plan.periods[1]).toMatchObject({ status: 'covered', alreadyCounted: 2, proposals: [] });
  });

  it('does not count a meeting held without quorum', () => {
    const plan = proposePlanning(planning({ now: new Date('2025-03-01T12:00:00Z'), meetings: [{ localDate: '2025-02-11', state: 'held', quorumReached: false }] }));
    expect(plan.periods[0]).toMatchObject({ status: 'planned', alreadyCounted: 0 });
    expect(plan.periods[0].proposals[0].localDate).not.toBe('2025-02-11');
  });

  it('says when there are not enough free days, and proposes those there are', () => {
    const busyFebruary = Array.from({ length: 28 }, (_, index) => `2025-02-${String(index + 1).padStart(2, '0')}`)
      .filter((date) => date !== '2025-02-11' && date !== '2025-02-18')
      .map((date) => ({ date }));
    const plan = proposePlanning(planning({ rule: { minimum: 3, period: 'months', calendar: 'civil', months: 1 }, busy: busyFebruary }));
    const february = plan.periods.find((entry) => entry.period.key === '2025-P2');
    expect(february?.status).toBe('no_free_day');
    expect(february?.proposals.map((proposal) => proposal.localDate)).toEqual(['2025-02-11', '2025-02-18']);
    expect(february?.reasons[0]).toContain('only 2 of 3 meetings fit');
  });

  it('plans nothing for a committee meeting as needed, nor outside the validity', () => {
    expect(proposePlanning(planning({ rule: { minimum: 0, period: 'year', calendar: 'civil', months: null } })).periods[0]).toMatchObject({
      status: 'not_due',
      proposals: [],
    });
    const ended = proposePlanning(planning({ validity: conventionValidity(convention({ signedOn: '2016-09-05', durationMonths: 12 })) }));
    expect(ended.periods.every((entry) => entry.status === 'not_due')).toBe(true);
  });

  it('stays inside the validity for a period partly in force', () => {
    const plan = proposePlanning(
      planning({ validity: conventionValidity(convention({ signedOn: '2025-03-20', durationMonths: 12 })), now: new Date('2025-01-01T12:00:00Z') }),
    );
    const first = plan.periods[0];
    expect(first.status).toBe('planned');
    expect(first.proposals[0].localDate >= '2025-03-20').toBe(true);
  });
});

describe('a proposed planning, once held, meets the frequency rule', () => {
  const units: Array<[PeriodUnit, number | null]> = [
    ['quarter', null],
    ['semester', null],
    ['year', null],
    ['months', 2],
    ['months', 5],
  ];
  const calendars: PeriodCalendar[] = ['civil', 'school', 'signature'];
  const years: PlanningYear[] = [
    { calendar: 'civil', year: 2025 },
    { calendar: 'school', year: 2025 },
  ];
  const territories = [
    { zone: 'Europe/Paris', holidays: metropole },
    { zone: 'America/Cayenne', holidays: guyane },
    { zone: 'Indian/Reunion', holidays: reunion },
  ];
  const cases = calendars.flatMap((calendar) =>
    units.flatMap(([period, months]) =>
      years.flatMap((year) => [1, 2].map((minimum, index) => ({ calendar, period, months, year, minimum, territory: territories[(index + years.indexOf(year)) % 3] }))),
    ),
  );

  it.each(cases)('$calendar $period $months ×$minimum for the $year.calendar year $year.year in $territory.zone', ({ calendar, period, months, year, minimum, territory }) => {
    // Signed on 31 January so that signature periods are month-end ones and the first civil periods are partly in force.
    const validity = conventionValidity(convention({ signedOn: '2025-01-31', durationMonths: 30 }));
    const rule = { minimum, period, calendar, months };
    const plan = proposePlanning({
      rule,
      validity,
      year,
      notice: { days: 15, dayKind: 'clear' },
      now: new Date('2024-12-01T09:00:00Z'),
      zone: territory.zone,
      holidays: territory.holidays,
    });
    const proposals = plan.periods.flatMap((entry) => entry.proposals);
    expect(plan.periods.every((entry) => entry.status === 'planned' || entry.status === 'not_due')).toBe(true);
    expect(new Set(proposals.map((proposal) => proposal.localDate)).size).toBe(proposals.length);
    for (const proposal of proposals) {
      expect(isWorkingDay(proposal.localDate, territory.holidays)).toBe(true);
    }

    const compliance = frequencyCompliance({
      rule,
      validity,
      range: plan.range,
      meetings: proposals.map((proposal) => ({ localDate: proposal.localDate, state: 'held', quorumReached: true })),
      notice: { days: 15, dayKind: 'clear' },
      today: '2028-01-01',
      holidays: territory.holidays,
    });
    const due = compliance.periods.filter((entry) => entry.required > 0);
    expect(due.length).toBeGreaterThan(0);
    expect(due.map((entry) => [entry.period.key, entry.status])).toEqual(due.map((entry) => [entry.period.key, 'met']));
    expect(compliance.periods.map((entry) => entry.period.key)).toEqual(plan.periods.map((entry) => entry.period.key));
  });
});
