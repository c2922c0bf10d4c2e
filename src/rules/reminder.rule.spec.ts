import { holidaysOf } from './working-days.rule';
import { reminderMoment } from './reminder.rule';

describe('when a reminder leaves', () => {
  const france = holidaysOf({ country: 'FR' });

  it('leaves at 9:00 local two days before, not at midnight', () => {
    // Thursday 11 March 2027, 14:00 in Paris (UTC+1): recalled on Tuesday 9 March at 9:00 Paris.
    expect(reminderMoment(new Date('2027-03-11T13:00:00Z'), 'Europe/Paris', 2, france)).toEqual({ day: '2027-03-09', at: new Date('2027-03-09T08:00:00Z') });
  });

  it('moves to the last working day before a weekend or a public holiday', () => {
    // Monday 15 March 2027: Saturday 13 becomes Friday 12.
    expect(reminderMoment(new Date('2027-03-15T08:00:00Z'), 'Europe/Paris', 2, france).day).toBe('2027-03-12');
    // Tuesday 2 November 2027: Sunday 31 October and Monday 1 November (Toussaint) are not worked: Friday 29 October.
    expect(reminderMoment(new Date('2027-11-02T09:00:00Z'), 'Europe/Paris', 1, france).day).toBe('2027-10-29');
  });

  it('reads 9:00 in the zone of the convention, across a change of offset', () => {
    // Tuesday 30 March 2027 in Paris, summer time since Sunday 28: Friday 26 March at 9:00 is still UTC+1.
    expect(reminderMoment(new Date('2027-03-30T07:00:00Z'), 'Europe/Paris', 3, france).at).toEqual(new Date('2027-03-26T08:00:00Z'));
    // Réunion (UTC+4, 20 December is a holiday there): Monday 20 December 2027 → Friday 17 at 9:00, 05:00Z.
    const reunion = holidaysOf({ country: 'RE' });
    expect(reminderMoment(new Date('2027-12-21T06:00:00Z'), 'Indian/Reunion', 1, reunion)).toEqual({ day: '2027-12-17', at: new Date('2027-12-17T05:00:00Z') });
    // Cayenne (UTC−3): 9:00 is 12:00Z.
    expect(reminderMoment(new Date('2027-03-11T13:00:00Z'), 'America/Cayenne', 2, holidaysOf({ country: 'GF' })).at).toEqual(new Date('2027-03-09T12:00:00Z'));
  });

  it('never leaves after the meeting has begun', () => {
    const start = new Date('2027-03-11T07:00:00Z');
    expect(reminderMoment(start, 'Europe/Paris', 0, france).at).toEqual(start);
  });
});
