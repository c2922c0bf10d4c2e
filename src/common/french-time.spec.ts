import { DateTime } from 'luxon';
import { frenchHour, frenchInstant, frenchSpan, frenchZoneName, isAmbiguousWallTime, meetingTimeSentence } from './french-time';

const at = (iso: string, zone: string) => DateTime.fromISO(iso, { zone }).toJSDate();
const utc = (iso: string) => new Date(iso);

describe('the French writer of dates, hours and zones', () => {
  it('writes the hours of the convention’s zone with French typography and the zone named after its place', () => {
    expect(frenchSpan(at('2025-05-12T14:30', 'Europe/Paris'), at('2025-05-12T16:05', 'Europe/Paris'), 'Europe/Paris')).toBe(
      'lundi 12 mai 2025, de 14\u00A0h\u00A030 à 16\u00A0h\u00A005 (heure de Paris)',
    );
    expect(frenchInstant(at('2025-03-31T09:00', 'Europe/Paris'), 'Europe/Paris')).toBe('lundi 31 mars 2025 à 9\u00A0h (heure de Paris)');
  });

  it('names each zone of the académies in one wording, summer and winter alike', () => {
    expect(frenchZoneName('Europe/Paris')).toBe('heure de Paris');
    expect(frenchZoneName('America/Cayenne')).toBe('heure de Cayenne');
    expect(frenchZoneName('Indian/Reunion')).toBe('heure de La Réunion');
    expect(frenchSpan(at('2025-01-13T09:00', 'Europe/Paris'), at('2025-01-13T11:00', 'Europe/Paris'), 'Europe/Paris')).toContain('(heure de Paris)');
  });

  it('writes the first of the month as « 1er », and both days of a meeting that ends on another day', () => {
    expect(meetingTimeSentence(at('2025-04-01T09:00', 'Indian/Reunion'), at('2025-04-01T10:00', 'Indian/Reunion'), 'Indian/Reunion')).toBe(
      'Séance du mardi 1er avril 2025, de 9\u00A0h à 10\u00A0h (heure de La Réunion).',
    );
    expect(meetingTimeSentence(at('2025-06-30T18:00', 'America/Cayenne'), at('2025-07-01T01:00', 'America/Cayenne'), 'America/Cayenne')).toBe(
      'Séance du lundi 30 juin 2025 à 18\u00A0h au mardi 1er juillet 2025 à 1\u00A0h (heure de Cayenne).',
    );
  });

  it('reads the same instant in another zone as another local time', () => {
    const start = utc('2025-03-31T07:00:00Z');
    const end = utc('2025-03-31T08:00:00Z');
    expect(frenchSpan(start, end, 'Europe/Paris')).toContain('de 9\u00A0h à 10\u00A0h');
    expect(frenchSpan(start, end, 'America/Cayenne')).toContain('de 4\u00A0h à 5\u00A0h');
  });

  it('finds a repeated wall time exactly as comparing it with the wall times half an hour and an hour around, near every change of two years and across them', () => {
    const wall = (millis: number, zone: string) => DateTime.fromMillis(millis, { zone }).toFormat("yyyy-LL-dd'T'HH:mm");
    const repeated = (millis: number, zone: string) => [-60, -30, 30, 60].some((minutes) => wall(millis + minutes * 60_000, zone) === wall(millis, zone));
    const [from, until, hour] = [Date.UTC(2025, 0, 1), Date.UTC(2027, 0, 1), 3_600_000];
    // Paris and Saint-Pierre change by an hour, Lord Howe by half an hour; Cayenne never changes.
    for (const zone of ['Europe/Paris', 'America/Miquelon', 'Australia/Lord_Howe', 'America/Cayenne']) {
      const step = 3 * hour;
      const instants: number[] = [];
      let before = DateTime.fromMillis(from, { zone }).offset;
      for (let millis = from; millis < until; millis += step) {
        const after = DateTime.fromMillis(millis + step, { zone }).offset;
        // Every quarter of an hour within three hours of a change; elsewhere, one instant a day.
        if (after !== before) for (let near = millis - step; near <= millis + 2 * step; near += hour / 4) instants.push(near);
        else if ((millis - from) % (8 * step) === 0) instants.push(millis + 13 * 60_000);
        before = after;
      }
      const found = instants.filter((millis) => repeated(millis, zone));
      const differing = instants.filter((millis) => isAmbiguousWallTime(new Date(millis), zone) !== repeated(millis, zone)).map((millis) => new Date(millis).toISOString());
      expect({ zone, differing }).toEqual({ zone, differing: [] });
      expect(found.length > 0).toBe(zone !== 'America/Cayenne');
    }
  });

  describe('the night the clocks go back in Paris (Sunday 26 October 2025, 3 h summer time → 2 h winter time)', () => {
    const firstHalfPastTwo = utc('2025-10-26T00:30:00Z');
    const secondHalfPastTwo = utc('2025-10-26T01:30:00Z');

    it('says which 2 h 30 it means', () => {
      expect(isAmbiguousWallTime(firstHalfPastTwo, 'Europe/Paris')).toBe(true);
      expect(frenchHour(firstHalfPastTwo, 'Europe/Paris')).toBe('2\u00A0h\u00A030, heure d’été');
      expect(frenchHour(secondHalfPastTwo, 'Europe/Paris')).toBe('2\u00A0h\u00A030, heure d’hiver');
      expect(frenchHour(utc('2025-10-26T03:00:00Z'), 'Europe/Paris')).toBe('4\u00A0h');
    });

    it('describes a meeting from one 2 h 30 to the other', () => {
      expect(frenchSpan(firstHalfPastTwo, secondHalfPastTwo, 'Europe/Paris')).toBe(
        'dimanche 26 octobre 2025, de 2\u00A0h\u00A030, heure d’été, à 2\u00A0h\u00A030, heure d’hiver (heure de Paris, passage à l’heure d’hiver pendant la séance)',
      );
    });

    it('says that the clocks change during a meeting across the change, whose hours no longer give its length', () => {
      // 1 h to 4 h on the wall, four hours long.
      expect(frenchSpan(utc('2025-10-25T23:00:00Z'), utc('2025-10-26T03:00:00Z'), 'Europe/Paris')).toBe(
        'dimanche 26 octobre 2025, de 1\u00A0h à 4\u00A0h (heure de Paris, passage à l’heure d’hiver pendant la séance)',
      );
    });

    it('says nothing more of a meeting the change does not touch', () => {
      expect(frenchSpan(utc('2025-10-26T08:00:00Z'), utc('2025-10-26T10:00:00Z'), 'Europe/Paris')).toBe(
        'dimanche 26 octobre 2025, de 9\u00A0h à 11\u00A0h (heure de Paris)',
      );
    });
  });

  it('says that the clocks go forward during a meeting across the spring change', () => {
    expect(frenchSpan(utc('2025-03-30T00:00:00Z'), utc('2025-03-30T02:00:00Z'), 'Europe/Paris')).toBe(
      'dimanche 30 mars 2025, de 1\u00A0h à 4\u00A0h (heure de Paris, passage à l’heure d’été pendant la séance)',
    );
  });
});
