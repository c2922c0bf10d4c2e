import ICAL from 'ical.js';
import { buildFeed, FeedMeeting } from './feed.writer';
import { conformanceProblems } from './icalendar-conformance';

function meeting(overrides: Partial<FeedMeeting> = {}): FeedMeeting {
  return {
    id: '0b5e5c1e-2f57-4d8e-8d2c-3b1b8f6f2a10',
    uid: '6f1c2e0a-8d4b-4b7e-9a51-3c2d1e0f9a8b@copil',
    sequence: 2,
    state: 'scheduled',
    start: new Date('2027-10-29T07:00:00Z'),
    end: new Date('2027-10-29T09:00:00Z'),
    updatedAt: new Date('2027-09-01T08:00:00Z'),
    timeZone: 'Europe/Paris',
    committeeName: 'Comité de pilotage départemental',
    conventionTitle: 'Convention Crêts en Belledonne, numérique éducatif',
    title: null,
    extraordinary: false,
    location: 'Mairie; salle du conseil, 1er étage',
    videoUrl: null,
    cancellationReason: null,
    agenda: [{ title: 'Bilan, perspectives; budget', description: 'Ligne 1\r\nLigne 2', presenter: 'M. l’IEN' }],
    pageUrl: 'https://copil.example.fr/reunions/0b5e5c1e-2f57-4d8e-8d2c-3b1b8f6f2a10',
    ...overrides,
  };
}

const calendar = (meetings: FeedMeeting[]) => ({ name: 'copil – Hélène Lefèvre', description: 'Ses séances', timeZone: 'Europe/Paris', refreshMinutes: 60, meetings });

describe('buildFeed', () => {
  it('writes a conformant PUBLISH calendar, folded by octets, that ical.js reads back', () => {
    const text = buildFeed(calendar([meeting(), meeting({ uid: 'other@copil', state: 'cancelled', cancellationReason: 'Grève' })]));
    expect(conformanceProblems(text)).toEqual([]);
    const parsed = new ICAL.Component(ICAL.parse(text) as unknown[]);
    const [first, second] = parsed.getAllSubcomponents('vevent');
    expect(first.getFirstPropertyValue('location')).toBe('Mairie; salle du conseil, 1er étage');
    expect(first.getFirstPropertyValue('description')).toContain('1. Bilan, perspectives; budget (M. l’IEN)\n   Ligne 1\nLigne 2');
    expect(first.getFirstPropertyValue('sequence')).toBe(2);
    expect(second.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(second.getFirstPropertyValue('transp')).toBe('TRANSPARENT');
    expect(second.getFirstPropertyValue('summary')).toBe('Annulée\u00A0: Comité de pilotage départemental');
  });

  it('writes the same bytes for the same meetings: an unchanged feed is an unchanged file', () => {
    expect(buildFeed(calendar([meeting()]))).toBe(buildFeed(calendar([meeting()])));
  });

  it('cannot be made to add a property through user text', () => {
    const text = buildFeed(calendar([meeting({ title: 'Séance\r\nATTENDEE:mailto:evil@example.fr', location: 'Salle\nORGANIZER:mailto:evil@example.fr' })]));
    expect(text).not.toMatch(/\r\n(ATTENDEE|ORGANIZER)/);
    expect(conformanceProblems(text)).toEqual([]);
  });
});
