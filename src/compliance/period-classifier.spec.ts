import { FrequencyTerms, MeetingRecord, MeetingState, frequencyCompliance } from '../rules/frequency.rule';
import { DateRange, LocalDate, addDays, isWithin } from '../rules/local-date';
import { NoticeTerms, latestSendingDay } from '../rules/notice.rule';
import { conventionValidity, validityOn } from '../rules/validity.rule';
import { holidaysOf } from '../rules/working-days.rule';
import { ClassificationContext, PeriodClassifier, PeriodTally, contextKey } from './period-classifier';

/** What the database counts for a period, computed here from the meetings themselves. */
function tallyOf(meetings: MeetingRecord[], period: DateRange, inForce: DateRange | null, today: LocalDate, rule: FrequencyTerms, notice: NoticeTerms): PeriodTally {
  const ofPeriod = meetings.filter((meeting) => meeting.state !== 'cancelled' && isWithin(meeting.localDate, period));
  const inValidity = ofPeriod.filter((meeting) => inForce !== null && isWithin(meeting.localDate, inForce));
  const counted = inValidity.filter((meeting) => rule.counts === 'any' || (meeting.kind ?? 'ordinary') === 'ordinary');
  const held = counted.filter((meeting) => meeting.state === 'held');
  const scheduled = counted.filter((meeting) => meeting.state === 'scheduled');
  const ahead = scheduled.filter((meeting) => meeting.localDate >= today);
  return {
    outsideValidity: ofPeriod.length - inValidity.length,
    otherKind: inValidity.length - counted.length,
    scheduledAheadUnconvenable: ahead.filter((meeting) => !meeting.convened && latestSendingDay(meeting.localDate, notice) < today).length,
    heldWithQuorum: held.filter((meeting) => meeting.quorumReached === true).length,
    heldWithoutQuorum: held.filter((meeting) => meeting.quorumReached === false).length,
    heldQuorumUnknown: held.filter((meeting) => meeting.quorumReached === null).length,
    scheduled: scheduled.length,
    scheduledAhead: scheduled.filter((meeting) => meeting.localDate >= today).length,
  };
}

/** A small deterministic generator, so that a failure can be replayed. */
function generator(seed: number): (n: number) => number {
  let state = seed;
  return (n) => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state % n;
  };
}

describe('classifying a period from its counted meetings', () => {
  const holidays = holidaysOf({ country: 'FR' });
  const rules: FrequencyTerms[] = [
    { minimum: 1, period: 'quarter', calendar: 'school', months: null },
    { minimum: 2, period: 'year', calendar: 'civil', months: null },
    { minimum: 1, period: 'semester', calendar: 'school', months: null },
    { minimum: 1, period: 'months', calendar: 'signature', months: 4, counts: 'any' },
    { minimum: 1, period: 'semester', calendar: 'civil', months: null, counts: 'ordinary' },
    { minimum: 0, period: 'year', calendar: 'school', months: null },
  ];
  const notices: NoticeTerms[] = [
    { days: 0, dayKind: 'calendar' },
    { days: 8, dayKind: 'calendar' },
    { days: 15, dayKind: 'clear' },
  ];
  const terms = [
    { signedOn: '2016-10-17', effectiveFrom: null, durationMonths: 12, endsOn: null, tacitRenewal: false, terminatedOn: null },
    { signedOn: '2015-11-16', effectiveFrom: '2015-12-01', durationMonths: 36, endsOn: null, tacitRenewal: true, terminatedOn: null },
    { signedOn: '2017-01-31', effectiveFrom: null, durationMonths: null, endsOn: '2017-11-14', tacitRenewal: false, terminatedOn: null },
  ];
  const states: MeetingState[] = ['held', 'held', 'scheduled', 'cancelled'];
  const quorums = [true, true, false, null];

  it('agrees with the frequency rule reading the meetings one by one, in every case drawn', () => {
    const draw = generator(20161017);
    const classifier = new PeriodClassifier();
    let compared = 0;
    const seen = new Set<string>();
    for (let round = 0; round < 400; round += 1) {
      const convention = terms[draw(terms.length)];
      const validity = conventionValidity(convention);
      const rule = rules[draw(rules.length)];
      const notice = notices[draw(notices.length)];
      const range = { start: addDays(validity.start as string, -120), end: addDays(validity.start as string, 500) };
      const today = addDays(range.start, draw(640));
      const meetings: MeetingRecord[] = Array.from({ length: draw(6) }, () => {
        const state = states[draw(states.length)];
        return {
          localDate: addDays(range.start, draw(640)),
          state,
          quorumReached: state === 'held' ? quorums[draw(quorums.length)] : null,
          kind: draw(4) === 0 ? ('extraordinary' as const) : ('ordinary' as const),
          convened: draw(2) === 0,
        };
      });

      const expected = frequencyCompliance({ rule, validity, range, meetings, notice, today, holidays }).periods;
      const facts: Omit<ClassificationContext, 'key'> = { conventionKey: String(terms.indexOf(convention)), validity, holidays, rule, notice, today };
      const context: ClassificationContext = { ...facts, key: contextKey(facts) };
      for (const entry of expected) {
        const period = classifier.period(entry.period.start, entry.period.end, context);
        const tally = tallyOf(meetings, period, validityOn(period, validity), today, rule, notice);
        expect(classifier.classify(period, tally, context)).toEqual(entry);
        compared += 1;
        seen.add(entry.status);
      }
    }
    expect(compared).toBeGreaterThan(1000);
    expect([...seen].sort()).toEqual(['at_risk', 'met', 'missed', 'not_due', 'on_track']);
  });

  it('refuses a period the rule does not know, rather than classify it', () => {
    const validity = conventionValidity(terms[0]);
    const facts: Omit<ClassificationContext, 'key'> = {
      conventionKey: 'grenoble',
      validity,
      holidays,
      rule: rules[0],
      notice: notices[1],
      today: '2017-01-10',
    };
    expect(() => new PeriodClassifier().period('2016-09-01', '2016-12-30', { ...facts, key: contextKey(facts) })).toThrow(
      /not a school quarter period \(the rule gives 2016-09-01\.\.2016-12-31\)/,
    );
  });
});
