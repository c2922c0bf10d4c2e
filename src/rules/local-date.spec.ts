import { DateTime } from 'luxon';
import {
  addDays,
  addMonths,
  dayOfWeek,
  daysBetween,
  daysIn,
  eachDay,
  frenchDate,
  instantAt,
  intersection,
  isLocalDate,
  lastDayOfMonth,
  localDate,
  monthOf,
  yearOf,
  localDateOf,
  localDateTimeText,
  startOfLocalDay,
} from './local-date';

describe('local dates', () => {
  it('reads an instant as the day of the zone, not of UTC', () => {
    const lateEveningInParis = new Date('2025-03-31T22:30:00Z');
    expect(localDateOf(lateEveningInParis, 'Europe/Paris')).toBe('2025-04-01');
    expect(localDateOf(lateEveningInParis, 'UTC')).toBe('2025-03-31');
    expect(localDateOf(new Date('2025-06-01T02:00:00Z'), 'America/Cayenne')).toBe('2025-05-31');
    expect(localDateOf(new Date('2025-05-31T21:00:00Z'), 'Indian/Reunion')).toBe('2025-06-01');
  });

  it('counts days across the DST changes as whole days', () => {
    expect(daysBetween('2025-03-29', '2025-03-31')).toBe(2);
    expect(daysBetween('2025-10-25', '2025-10-27')).toBe(2);
    expect(addDays('2025-03-29', 1)).toBe('2025-03-30');
    expect(daysBetween('2025-04-15', '2025-03-31')).toBe(-15);
  });

  it('adds months date to date, falling back to the last day of a shorter month', () => {
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2025-01-31', 1)).toBe('2025-02-28');
    expect(addMonths('2025-01-31', 3)).toBe('2025-04-30');
    expect(addMonths('2015-09-15', 36)).toBe('2018-09-15');
  });

  it('refuses what is not a day of the calendar', () => {
    expect(isLocalDate('2025-02-29')).toBe(false);
    expect(isLocalDate('2024-02-29')).toBe(true);
    expect(isLocalDate('2025-3-1')).toBe(false);
    expect(() => addDays('2025-02-30', 1)).toThrow(RangeError);
    expect(() => addDays('2025-01-01', Number.NaN)).toThrow(RangeError);
    expect(() => addDays('2025-01-01', 1.5)).toThrow(RangeError);
    expect(() => addMonths('2025-01-01', 0.5)).toThrow(RangeError);
    expect(() => localDate(2025, 2, 29)).toThrow(RangeError);
    expect(() => localDateOf(new Date('2025-01-01T00:00:00Z'), 'Europe/Pariss')).toThrow(RangeError);
  });

  it('knows inclusive ranges', () => {
    expect(daysIn({ start: '2025-01-01', end: '2025-03-31' })).toBe(90);
    expect(daysIn({ start: '2025-02-01', end: '2025-01-31' })).toBe(0);
    expect(intersection({ start: '2025-01-01', end: '2025-03-31' }, { start: '2025-03-31', end: '2025-06-30' })).toEqual({
      start: '2025-03-31',
      end: '2025-03-31',
    });
    expect(intersection({ start: '2025-01-01', end: '2025-03-30' }, { start: '2025-03-31', end: '2025-06-30' })).toBeNull();
    expect(eachDay({ start: '2024-02-27', end: '2024-03-01' })).toEqual(['2024-02-27', '2024-02-28', '2024-02-29', '2024-03-01']);
    expect(lastDayOfMonth(2024, 2)).toBe('2024-02-29');
  });

  it('places a wall-clock time in the zone, with the offset of that day', () => {
    expect(instantAt('2025-03-29', '09:00', 'Europe/Paris').toISOString()).toBe('2025-03-29T08:00:00.000Z');
    expect(instantAt('2025-03-31', '09:00', 'Europe/Paris').toISOString()).toBe('2025-03-31T07:00:00.000Z');
    expect(instantAt('2025-10-27', '09:00', 'Europe/Paris').toISOString()).toBe('2025-10-27T08:00:00.000Z');
    expect(instantAt('2025-06-10', '14:00', 'America/Cayenne').toISOString()).toBe('2025-06-10T17:00:00.000Z');
    expect(instantAt('2025-12-20', '14:00', 'Indian/Reunion').toISOString()).toBe('2025-12-20T10:00:00.000Z');
    expect(localDateTimeText(new Date('2025-03-31T12:00:00Z'), 'Europe/Paris')).toBe('2025-03-31T14:00:00+02:00');
  });

  it('moves a time skipped by the spring change forward, as clocks do', () => {
    expect(instantAt('2025-03-30', '02:30', 'Europe/Paris').toISOString()).toBe('2025-03-30T01:30:00.000Z');
    expect(startOfLocalDay('2025-03-30', 'Europe/Paris').toISOString()).toBe('2025-03-29T23:00:00.000Z');
  });

  it('names days of the week from Monday', () => {
    expect(dayOfWeek('2025-06-10')).toBe(2);
    expect(dayOfWeek('2025-06-15')).toBe(7);
  });

  it('writes dates in French', () => {
    expect(frenchDate('2025-03-01')).toBe('samedi 1er mars 2025');
    expect(frenchDate('2025-12-20')).toBe('samedi 20 décembre 2025');
  });

  it('counts days and months, and writes days in French, as luxon does: every day from 2015 to 2035, one in 29 from 1600 to 2400, and the ends of four-digit years', () => {
    const luxonDay = (date: string) => DateTime.fromISO(date, { zone: 'utc' });
    const days: string[] = [];
    for (let date = luxonDay('2015-01-01'); date.year <= 2035; date = date.plus({ days: 1 })) days.push(date.toISODate() as string);
    for (let date = luxonDay('1600-01-01'); date.year <= 2400; date = date.plus({ days: 29 })) days.push(date.toISODate() as string);
    days.push('0001-01-01', '0004-02-29', '0099-12-31', '1600-02-29', '1700-02-28', '9998-12-31', '9999-12-31');
    const differences: string[] = [];
    days.forEach((date, index) => {
      const reference = luxonDay(date);
      const other = days[(index * 7919) % days.length];
      const offset = (index % 1201) - 600;
      const months = (index % 97) - 48;
      const expected = [
        reference.plus({ days: offset }).toISODate(),
        reference.plus({ months }).toISODate(),
        Math.round(luxonDay(other).diff(reference, 'days').days),
        reference.weekday,
        reference.year,
        reference.month,
        reference.setLocale('fr').toFormat('cccc d LLLL yyyy').replace(/^(\S+) 1 /, '$1 1er '),
      ];
      const actual = [addDays(date, offset), addMonths(date, months), daysBetween(date, other), dayOfWeek(date), yearOf(date), monthOf(date), frenchDate(date)];
      if (JSON.stringify(actual) !== JSON.stringify(expected)) differences.push(`${date}: ${JSON.stringify(actual)} instead of ${JSON.stringify(expected)}`);
    });
    expect(differences).toEqual([]);
    expect(addDays('9999-12-31', 1)).toBe(DateTime.utc(10000, 1, 1).toISODate());
    expect(addMonths('0001-01-31', -1)).toBe(DateTime.utc(0, 12, 31).toISODate());
  });

  it('refuses the same texts as before, whatever the function', () => {
    for (const text of ['2025-02-29', '2025-13-01', '2025-00-10', '2025-04-31', '2025-01-00', '25-01-01', '2025-1-01', '', '2025-01-01T00:00']) {
      expect(() => addDays(text, 1)).toThrow(RangeError);
      expect(() => addMonths(text, 1)).toThrow(RangeError);
      expect(() => daysBetween(text, '2025-01-01')).toThrow(RangeError);
      expect(() => dayOfWeek(text)).toThrow(RangeError);
    }
  });
});
