import { DateTime } from 'luxon';
import { meetingTimeText } from './meeting-time.text';

const at = (iso: string, zone: string) => DateTime.fromISO(iso, { zone }).toJSDate();

describe('meetingTimeText', () => {
  it('writes the hours of the convention’s zone with French typography', () => {
    expect(meetingTimeText(at('2025-05-12T14:30', 'Europe/Paris'), at('2025-05-12T16:05', 'Europe/Paris'), 'Europe/Paris')).toBe(
      'Séance du lundi 12 mai 2025 de 14\u00A0h\u00A030 à 16\u00A0h\u00A005 (heure d’été d’Europe centrale).',
    );
  });

  it('writes the first of the month as « 1er »', () => {
    expect(meetingTimeText(at('2025-04-01T09:00', 'Indian/Reunion'), at('2025-04-01T10:00', 'Indian/Reunion'), 'Indian/Reunion')).toBe(
      'Séance du mardi 1er avril 2025 de 9\u00A0h à 10\u00A0h (heure de La Réunion).',
    );
  });

  it('names both days of a meeting that ends on another day', () => {
    expect(
      meetingTimeText(at('2025-06-30T18:00', 'America/Cayenne'), at('2025-07-01T01:00', 'America/Cayenne'), 'America/Cayenne'),
    ).toBe('Séance du lundi 30 juin 2025 à 18\u00A0h au mardi 1er juillet 2025 à 1\u00A0h (heure de la Guyane française).');
  });

  it('reads the same instant in another zone as another local time', () => {
    const instant = new Date('2025-03-31T07:00:00Z');
    const end = new Date('2025-03-31T08:00:00Z');
    expect(meetingTimeText(instant, end, 'Europe/Paris')).toContain('de 9\u00A0h à 10\u00A0h');
    expect(meetingTimeText(instant, end, 'America/Cayenne')).toContain('de 4\u00A0h à 5\u00A0h');
  });
});
