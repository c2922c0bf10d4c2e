import { FrequencyInput, MeetingRecord, PeriodCompliance, committeeStanding, frequencyCompliance, lastDayToConvene, periodAheadStatus, requiredInPeriod } from './frequency.rule';
import { LocalDate } from './local-date';
import { Period } from './periods.rule';
import { ConventionTerms, conventionValidity } from './validity.rule';
import { holidaysOf } from './working-days.rule';

const guyane = holidaysOf({ country: 'GF' });
const metropole = holidaysOf({ country: 'FR' });

const convention = (overrides: Partial<ConventionTerms>): ConventionTerms => ({
  signedOn: null,
  effectiveFrom: null,
  durationMonths: null,
  endsOn: null,
  tacitRenewal: false,
  terminatedOn: null,
  ...overrides,
});

const held = (localDate: LocalDate, quorumReached: boolean | null = true): MeetingRecord => ({ localDate, state: 'held', quorumReached });
const scheduled = (localDate: LocalDate, convened = false): MeetingRecord => ({ localDate, state: 'scheduled', quorumReached: null, convened });
const extraordinary = (localDate: LocalDate): MeetingRecord => ({ ...held(localDate), kind: 'extraordinary' });
const cancelled = (localDate: LocalDate): MeetingRecord => ({ localDate, state: 'cancelled', quorumReached: null });

/** Guyane's steering committee: "au moins une fois par semestre", convocation "au moins 15 jours avant". */
const guyaneSteering = (overrides: Partial<FrequencyInput>): FrequencyInput => ({
  rule: { minimum: 1, period: 'semester', calendar: 'civil', months: null },
  validity: conventionValidity(convention({ signedOn: '2015-09-15', durationMonths: 36, tacitRenewal: true })),
  range: { start: '2024-01-01', end: '2024-12-31' },
  meetings: [],
  notice: { days: 15, dayKind: 'calendar' },
  today: '2024-11-20',
  holidays: guyane,
  ...overrides,
});

const byKey = (periods: PeriodCompliance[], key: string): PeriodCompliance => {
  const found = periods.find((entry) => entry.period.key === key);
  if (!found) {
    throw new Error(`no period ${key}`);
  }
  return found;
};

describe('compliance with "at least once per semester"', () => {
  it('counts a semester met by a meeting held with quorum', () => {
    const { periods } = frequencyCompliance(guyaneSteering({ meetings: [held('2024-03-12')] }));
    expect(byKey(periods, '2024-S1')).toMatchObject({ status: 'met', required: 1, heldWithQuorum: 1 });
  });

  it('shows a meeting held without quorum and does not count it', () => {
    const { periods } = frequencyCompliance(guyaneSteering({ meetings: [held('2024-03-12', false)] }));
    const first = byKey(periods, '2024-S1');
    expect(first).toMatchObject({ status: 'missed', heldWithQuorum: 0, heldWithoutQuorum: 1 });
    expect(first.reasons).toContain('1 meeting held without quorum, not counted');
  });

  it('does not count a held meeting whose quorum is not recorded yet, nor a cancelled one', () => {
    const { periods } = frequencyCompliance(guyaneSteering({ meetings: [held('2024-03-12', null), cancelled('2024-04-02')] }));
    expect(byKey(periods, '2024-S1')).toMatchObject({ status: 'missed', heldQuorumUnknown: 1, heldWithQuorum: 0, scheduled: 0 });
  });

  it('misses a semester that ended without a counted meeting', () => {
    const { periods } = frequencyCompliance(guyaneSteering({ meetings: [] }));
    const first = byKey(periods, '2024-S1');
    expect(first.status).toBe('missed');
    expect(first.reasons[0]).toBe('1er semestre 2024: missed, 0 of 1 required held with quorum by its end on 2024-06-30');
  });

  it('is on track in the current semester while there is time to convene', () => {
    const current = byKey(frequencyCompliance(guyaneSteering({ today: '2024-11-20' })).periods, '2024-S2');
    // 31 December 2024 is a Tuesday and a working day; 15 days before it is 16 December.
    expect(current).toMatchObject({ status: 'on_track', lastDayToConvene: '2024-12-16' });
  });

  it('is at risk when fewer than 14 days remain to send the convocation', () => {
    expect(byKey(frequencyCompliance(guyaneSteering({ today: '2024-12-02' })).periods, '2024-S2').status).toBe('on_track');
    const late = byKey(frequencyCompliance(guyaneSteering({ today: '2024-12-03' })).periods, '2024-S2');
    expect(late.status).toBe('at_risk');
    expect(late.reasons[0]).toContain('convocations must leave by 2024-12-16 (13 days left)');
  });

  it('is at risk, not yet missed, when no convocation can leave in time any more', () => {
    const tooLate = byKey(frequencyCompliance(guyaneSteering({ today: '2024-12-17' })).periods, '2024-S2');
    expect(tooLate.status).toBe('at_risk');
    expect(tooLate.reasons[0]).toContain('the last day to convene was 2024-12-16');
  });

  it('is on track when a convened meeting covers the gap, even late in the semester', () => {
    const covered = byKey(frequencyCompliance(guyaneSteering({ today: '2024-12-20', meetings: [scheduled('2024-12-23', true)] })).periods, '2024-S2');
    expect(covered).toMatchObject({ status: 'on_track', scheduled: 1 });
  });

  it('is on track with a meeting scheduled and not convened yet while its convocation can still leave', () => {
    const early = byKey(frequencyCompliance(guyaneSteering({ today: '2024-11-20', warningDays: 30, meetings: [scheduled('2024-12-23')] })).periods, '2024-S2');
    expect(early.status).toBe('on_track');
  });

  it('is at risk past the last day to convene when the meeting scheduled was never convened', () => {
    const promise = byKey(frequencyCompliance(guyaneSteering({ today: '2024-12-20', meetings: [scheduled('2024-12-23')] })).periods, '2024-S2');
    expect(promise).toMatchObject({ status: 'at_risk', scheduled: 1 });
    expect(promise.reasons).toContain("1 scheduled meeting was never convened and can no longer be convened with 15 days' notice");
  });

  it('does not count a scheduled meeting left in the past without an outcome', () => {
    const stale = byKey(frequencyCompliance(guyaneSteering({ today: '2024-12-20', meetings: [scheduled('2024-12-10')] })).periods, '2024-S2');
    expect(stale.status).toBe('at_risk');
    expect(stale.reasons).toContain('1 scheduled meeting is past with no outcome recorded');
  });

  it('does not count an extraordinary sitting towards the ordinary obligation', () => {
    const first = byKey(frequencyCompliance(guyaneSteering({ meetings: [extraordinary('2024-03-12')] })).periods, '2024-S1');
    expect(first).toMatchObject({ status: 'missed', heldWithQuorum: 0 });
    expect(first.reasons).toContain('1 extraordinary sitting not counted: the rule asks for ordinary sittings');
  });

  it('counts an extraordinary sitting when the rule counts any sitting', () => {
    const rule = { minimum: 1, period: 'semester', calendar: 'civil', months: null, counts: 'any' } as const;
    const first = byKey(frequencyCompliance(guyaneSteering({ rule, meetings: [extraordinary('2024-03-12')] })).periods, '2024-S1');
    expect(first).toMatchObject({ status: 'met', heldWithQuorum: 1 });
  });

  it('takes the warning window from the caller', () => {
    expect(byKey(frequencyCompliance(guyaneSteering({ today: '2024-11-20', warningDays: 30 })).periods, '2024-S2').status).toBe('at_risk');
  });

  it('does not judge a period that has not begun', () => {
    const { periods } = frequencyCompliance(guyaneSteering({ range: { start: '2024-01-01', end: '2025-12-31' }, today: '2024-11-20' }));
    expect(byKey(periods, '2025-S1')).toMatchObject({ status: 'not_due', required: 1 });
  });
});

describe('a period only partly inside the validity', () => {
  const semester = (validity: Partial<ConventionTerms>, key: string) =>
    byKey(
      frequencyCompliance(
        guyaneSteering({
          validity: conventionValidity(convention(validity)),
          range: { start: '2025-01-01', end: '2025-12-31' },
          today: '2026-02-01',
        }),
      ).periods,
      key,
    );

  it('is due in full when at least half of its days are in force (91 of 181)', () => {
    const due = semester({ signedOn: '2025-04-01' }, '2025-S1');
    expect(due).toMatchObject({ required: 1, status: 'missed', inForce: { start: '2025-04-01', end: '2025-06-30' } });
    expect(due.reasons).toContain('due in full (91 of its 181 days are within the validity, at least half)');
  });

  it('is not due when fewer than half of its days are in force (90 of 181)', () => {
    const notDue = semester({ signedOn: '2025-04-02' }, '2025-S1');
    expect(notDue).toMatchObject({ required: 0, status: 'not_due' });
    expect(notDue.reasons).toContain('only 90 of the 181 days of 1er semestre 2025 are within the validity, less than half: not due');
  });

  it('is due at exactly half (92 of 184), and not one day less', () => {
    expect(semester({ signedOn: '2025-10-01' }, '2025-S2').required).toBe(1);
    expect(semester({ signedOn: '2025-10-02' }, '2025-S2').required).toBe(0);
  });

  it('applies the same threshold at the end of the validity', () => {
    expect(semester({ signedOn: '2024-01-01', endsOn: '2025-04-01' }, '2025-S1').required).toBe(1);
    expect(semester({ signedOn: '2024-01-01', endsOn: '2025-03-31' }, '2025-S1').required).toBe(0);
  });

  it('counts only the meetings held while the convention is in force', () => {
    const entry = byKey(
      frequencyCompliance(
        guyaneSteering({
          validity: conventionValidity(convention({ signedOn: '2025-03-01' })),
          range: { start: '2025-01-01', end: '2025-06-30' },
          meetings: [held('2025-02-14')],
          today: '2025-08-01',
        }),
      ).periods,
      '2025-S1',
    );
    expect(entry).toMatchObject({ status: 'missed', heldWithQuorum: 0 });
    expect(entry.reasons).toContain("1 meeting outside the convention's validity not counted");
  });

  it('ends the period on the last day in force: missed once that day is past', () => {
    const entry = byKey(
      frequencyCompliance(
        guyaneSteering({
          validity: conventionValidity(convention({ signedOn: '2024-01-01', endsOn: '2025-05-31' })),
          range: { start: '2025-01-01', end: '2025-06-30' },
          today: '2025-06-02',
        }),
      ).periods,
      '2025-S1',
    );
    expect(entry.status).toBe('missed');
    expect(entry.lastDayToConvene).toBe('2025-05-15');
  });

  it('reports the school term a one-year convention barely reaches as not due (Grenoble)', () => {
    const { periods } = frequencyCompliance({
      rule: { minimum: 1, period: 'quarter', calendar: 'school', months: null },
      validity: conventionValidity(convention({ signedOn: '2016-09-05', durationMonths: 12 })),
      range: { start: '2016-09-01', end: '2017-12-31' },
      meetings: [held('2016-11-15'), held('2017-02-07'), held('2017-05-16')],
      notice: { days: 8, dayKind: 'calendar' },
      today: '2018-01-15',
      holidays: metropole,
    });
    expect(periods.map((entry) => [entry.period.key, entry.status])).toEqual([
      ['2016-2017-T1', 'met'],
      ['2016-2017-T2', 'met'],
      ['2016-2017-T3', 'met'],
      ['2017-2018-T1', 'not_due'],
    ]);
  });
});

describe('committees meeting "as needed"', () => {
  it('are never behind', () => {
    const { periods, standing } = frequencyCompliance(guyaneSteering({ rule: { minimum: 0, period: 'year', calendar: 'civil', months: null }, meetings: [held('2024-05-02')] }));
    expect(periods).toHaveLength(1);
    expect(periods[0]).toMatchObject({ status: 'not_due', required: 0, heldWithQuorum: 1 });
    expect(periods[0].reasons).toContain('meets as needed ("autant que de besoin"): no minimum to fall behind');
    expect(standing).toMatchObject({ status: 'not_due', behind: false });
  });
});

describe('the last day to convene', () => {
  const signatureSemesters = (holidays = guyane, dayKind: 'calendar' | 'clear' = 'calendar') =>
    byKey(
      frequencyCompliance(
        guyaneSteering({
          rule: { minimum: 1, period: 'semester', calendar: 'signature', months: null },
          validity: conventionValidity(convention({ signedOn: '2024-06-11', durationMonths: 36 })),
          range: { start: '2025-01-01', end: '2025-06-30' },
          notice: { days: 15, dayKind },
          holidays,
          today: '2025-03-01',
        }),
      ).periods,
      'S2',
    );

  it('counts back from the period’s last working day: in Guyane 10 June is a holiday and 9 June Whit Monday', () => {
    const entry = signatureSemesters();
    expect(entry.period).toMatchObject({ start: '2024-12-11', end: '2025-06-10', label: '2e semestre de la convention' });
    expect(entry.lastDayToConvene).toBe('2025-05-22');
  });

  it('counts back from 10 June itself in metropolitan France', () => {
    expect(signatureSemesters(metropole).lastDayToConvene).toBe('2025-05-26');
  });

  it('takes one day more with clear days', () => {
    expect(signatureSemesters(metropole, 'clear').lastDayToConvene).toBe('2025-05-25');
  });

  it('skips a weekend ending the school year', () => {
    expect(lastDayToConvene({ start: '2024-09-01', end: '2025-08-31' }, { days: 15, dayKind: 'calendar' }, metropole)).toBe('2025-08-14');
  });
});

describe('standing of a committee', () => {
  it('stays behind after a missed semester until the current one is met', () => {
    const { standing } = frequencyCompliance(guyaneSteering({ today: '2024-11-20', meetings: [] }));
    expect(standing).toMatchObject({ status: 'missed', behind: true, period: { key: '2024-S1' } });
  });

  it('is at risk when the current semester is, the previous one met', () => {
    const { standing } = frequencyCompliance(guyaneSteering({ today: '2024-12-10', meetings: [held('2024-03-12')] }));
    expect(standing).toMatchObject({ status: 'at_risk', behind: true, period: { key: '2024-S2' } });
  });

  it('is on track, not behind, when the previous semester was met and the current one has time', () => {
    const { standing } = frequencyCompliance(guyaneSteering({ today: '2024-11-20', meetings: [held('2024-03-12')] }));
    expect(standing).toMatchObject({ status: 'on_track', behind: false });
  });

  it('looks only at the current period and the most recent one due', () => {
    const period = (key: string, start: LocalDate, end: LocalDate): Period => ({ key, label: key, start, end });
    const entry = (key: string, start: LocalDate, end: LocalDate, status: PeriodCompliance['status'], required = 1): PeriodCompliance => ({
      period: period(key, start, end),
      inForce: { start, end },
      required,
      heldWithQuorum: 0,
      heldWithoutQuorum: 0,
      heldQuorumUnknown: 0,
      scheduled: 0,
      status,
      lastDayToConvene: null,
      reasons: [status],
    });
    const standing = committeeStanding(
      [
        entry('2023-S2', '2023-07-01', '2023-12-31', 'missed'),
        entry('2024-S1', '2024-01-01', '2024-06-30', 'met'),
        entry('2024-S2', '2024-07-01', '2024-12-31', 'on_track'),
      ],
      '2024-11-20',
    );
    expect(standing).toMatchObject({ status: 'on_track', behind: false });
    expect(committeeStanding([], '2024-11-20').status).toBe('not_due');
  });

  it('has no period at all when counted from a signature that never happened', () => {
    const result = frequencyCompliance(
      guyaneSteering({ rule: { minimum: 1, period: 'year', calendar: 'signature', months: null }, validity: conventionValidity(convention({})) }),
    );
    expect(result.periods).toEqual([]);
    expect(result.standing.status).toBe('not_due');
    expect(result.standing.reasons[0]).toMatch(/not in force/);
  });
});

describe('requiredInPeriod', () => {
  it('says why a period outside the validity is not due', () => {
    const validity = conventionValidity(convention({ signedOn: '2016-09-05', durationMonths: 12 }));
    const requirement = requiredInPeriod({ key: '2018', label: 'année 2018', start: '2018-01-01', end: '2018-12-31' }, validity, 2);
    expect(requirement).toEqual({
      required: 0,
      inForce: null,
      reason: 'the convention is not in force during année 2018 (from 2016-09-05 to 2017-09-04)',
    });
  });
});

describe('a period not begun, as the pages show it ahead of time', () => {
  it('reads on track once the sittings scheduled in it reach its minimum', () => {
    expect(periodAheadStatus({ required: 1, scheduled: 1 })).toBe('on_track');
    expect(periodAheadStatus({ required: 2, scheduled: 3 })).toBe('on_track');
  });

  it('reads upcoming while some of its sittings are still to schedule', () => {
    expect(periodAheadStatus({ required: 2, scheduled: 1 })).toBe('upcoming');
    expect(periodAheadStatus({ required: 1, scheduled: 0 })).toBe('upcoming');
  });

  it('reads upcoming when it requires no sitting: there is nothing to be on track for', () => {
    expect(periodAheadStatus({ required: 0, scheduled: 2 })).toBe('upcoming');
  });
});
