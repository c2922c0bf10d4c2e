import { DateTime } from 'luxon';
import { frenchHour } from '../common/french-time';
import { localDateOf } from '../rules/local-date';
import { frenchZoneName, isAmbiguousWallTime, readMeetingTime, zonedTime } from './meeting-time';

function instantOf(text: string, zone: string): string {
  const reading = readMeetingTime(text, zone);
  if (!reading.ok) throw new Error(reading.reason);
  return reading.instant.toISOString();
}

describe('meeting times', () => {
  it('reads a Paris wall-clock time in summer time after the March change', () => {
    expect(instantOf('2025-03-31T09:00', 'Europe/Paris')).toBe('2025-03-31T07:00:00.000Z');
  });

  it('reads a Paris wall-clock time in winter time after the October change', () => {
    expect(instantOf('2025-10-27T09:00', 'Europe/Paris')).toBe('2025-10-27T08:00:00.000Z');
  });

  it('reads Cayenne (UTC−3) and Réunion (UTC+4), which have no summer time', () => {
    expect(instantOf('2025-06-10T09:00', 'America/Cayenne')).toBe('2025-06-10T12:00:00.000Z');
    expect(instantOf('2025-12-20T09:00', 'Indian/Reunion')).toBe('2025-12-20T05:00:00.000Z');
  });

  it('takes an explicit offset as the exact instant', () => {
    expect(instantOf('2025-03-31T09:00+02:00', 'America/Cayenne')).toBe('2025-03-31T07:00:00.000Z');
    expect(instantOf('2025-03-31T07:00Z', 'Europe/Paris')).toBe('2025-03-31T07:00:00.000Z');
  });

  it('refuses a time skipped when the clocks go forward', () => {
    const reading = readMeetingTime('2025-03-30T02:30', 'Europe/Paris');
    expect(reading).toEqual({ ok: false, code: 'nonexistent_local_time', reason: expect.stringContaining('does not exist in Europe/Paris') });
  });

  it('reads a time shown twice when the clocks go back as its first, summer-time occurrence', () => {
    const reading = readMeetingTime('2025-10-26T02:30', 'Europe/Paris');
    expect(reading).toEqual({ ok: true, instant: new Date('2025-10-26T00:30:00.000Z'), ambiguous: true });
    expect(isAmbiguousWallTime(new Date('2025-10-26T01:30:00.000Z'), 'Europe/Paris')).toBe(true);
    expect(isAmbiguousWallTime(new Date('2025-10-27T08:00:00.000Z'), 'Europe/Paris')).toBe(false);
  });

  it('refuses days that do not exist and seconds', () => {
    expect(readMeetingTime('2025-02-30T09:00', 'Europe/Paris').ok).toBe(false);
    expect(readMeetingTime('2025-03-31T09:00:30', 'Europe/Paris').ok).toBe(false);
    expect(readMeetingTime('31/03/2025 09:00', 'Europe/Paris').ok).toBe(false);
  });

  it('shows an instant in the zone with its offset and a French label', () => {
    expect(zonedTime(new Date('2025-03-31T07:00:00.000Z'), 'Europe/Paris')).toEqual({
      utc: '2025-03-31T07:00:00.000Z',
      local: '2025-03-31T09:00',
      timeZone: 'Europe/Paris',
      offset: '+02:00',
      label: 'lundi 31 mars 2025 à 9\u00A0h (heure de Paris)',
    });
    expect(zonedTime(new Date('2025-06-01T17:30:00.000Z'), 'America/Cayenne').label).toBe(
      'dimanche 1er juin 2025 à 14\u00A0h\u00A030 (heure de Cayenne)',
    );
  });

  it('writes the wall time, offset, local day and French hour as luxon does, every quarter of an hour around each clock change of two years, in zones that move by an hour, half an hour or not at all', () => {
    const zones = ['Europe/Paris', 'America/Cayenne', 'Indian/Reunion', 'Pacific/Noumea', 'America/Miquelon', 'Australia/Adelaide', 'America/St_Johns', 'Pacific/Chatham', 'Asia/Kolkata', 'UTC'];
    const HOUR = 3_600_000;
    const compare = (millis: number, zone: string) => {
      const shown = zonedTime(new Date(millis), zone);
      const day = localDateOf(new Date(millis), zone);
      const [hour] = frenchHour(new Date(millis), zone).split(',');
      const local = DateTime.fromMillis(millis, { zone });
      const luxonHour = local.minute === 0 ? `${local.hour}\u00A0h` : `${local.hour}\u00A0h\u00A0${local.toFormat('mm')}`;
      expect(`${zone} ${shown.local} ${shown.offset} ${day} ${hour}`).toBe(
        `${zone} ${local.toFormat("yyyy-LL-dd'T'HH:mm")} ${local.toFormat('ZZ')} ${local.toISODate()} ${luxonHour}`,
      );
    };
    let changes = 0;
    for (const zone of zones) {
      // Every 7 h 15 min (so every hour and quarter of the day comes round), and densely around each change of offset.
      for (let millis = Date.UTC(2025, 0, 1); millis < Date.UTC(2027, 0, 1); millis += 7 * HOUR + 15 * 60_000) {
        compare(millis, zone);
        const next = millis + 7 * HOUR + 15 * 60_000;
        if (DateTime.fromMillis(millis, { zone }).offset === DateTime.fromMillis(next, { zone }).offset) continue;
        changes += 1;
        for (let near = millis - 3 * HOUR; near < next + 3 * HOUR; near += 15 * 60_000) compare(near, zone);
      }
    }
    // Paris, Miquelon, Adelaide, St John's and Chatham change twice a year.
    expect(changes).toBe(5 * 4);
  });

  it('names the zones of the territories in French', () => {
    expect(frenchZoneName('Indian/Reunion')).toBe('heure de La Réunion');
    expect(frenchZoneName('America/New_York')).toBe('heure de New York');
  });
});
