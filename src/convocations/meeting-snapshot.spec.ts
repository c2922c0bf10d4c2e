import { changeSentence } from './message-composer';
import { differences, snapshotOf } from './meeting-snapshot';

describe('what an update tells a recipient', () => {
  const meeting = {
    startsAt: new Date('2025-03-31T07:00:00Z'),
    endsAt: new Date('2025-03-31T09:00:00Z'),
    title: null,
    kind: 'ordinary' as const,
    location: 'Mairie, salle du conseil',
    videoUrl: null,
  };
  const agenda = [{ title: 'Bilan du trimestre', description: null, presenter: null, documents: [] }];
  const sent = snapshotOf(meeting, agenda);

  it('states every change since the last message the recipient received, however many came in between', () => {
    const now = snapshotOf(
      { ...meeting, startsAt: new Date('2025-04-01T12:00:00Z'), endsAt: new Date('2025-04-01T14:00:00Z'), location: 'Rectorat, salle 12' },
      [...agenda, { title: 'Questions diverses', description: null, presenter: null, documents: [] }],
    );
    expect(differences(sent, now).map((change) => changeSentence(change, 'Europe/Paris'))).toEqual([
      'La réunion est déplacée du lundi 31 mars 2025 à 9\u00A0h au mardi 1er avril 2025, de 14\u00A0h à 16\u00A0h (heure de Paris).',
      'Le lieu change\u00A0: «\u00A0Mairie, salle du conseil\u00A0» devient «\u00A0Rectorat, salle 12\u00A0».',
      'L’ordre du jour a été modifié\u00A0: il figure ci-dessous.',
    ]);
  });

  it('says only the end moved when the start did not', () => {
    const now = snapshotOf({ ...meeting, endsAt: new Date('2025-03-31T10:30:00Z') }, agenda);
    expect(differences(sent, now).map((change) => changeSentence(change, 'Europe/Paris'))).toEqual([
      'La réunion se terminera à 12\u00A0h\u00A030 au lieu de 11\u00A0h.',
    ]);
  });

  it('finds nothing to tell when nothing the recipient saw changed', () => {
    expect(differences(sent, snapshotOf({ ...meeting }, agenda.map((item) => ({ ...item }))))).toEqual([]);
  });

  it('writes the times of the convention’s zone: a Cayenne meeting at its own hour', () => {
    const now = snapshotOf({ ...meeting, startsAt: new Date('2025-04-01T12:00:00Z'), endsAt: new Date('2025-04-01T14:00:00Z') }, agenda);
    expect(changeSentence(differences(sent, now)[0], 'America/Cayenne')).toBe(
      'La réunion est déplacée du lundi 31 mars 2025 à 4\u00A0h au mardi 1er avril 2025, de 9\u00A0h à 11\u00A0h (heure de Cayenne).',
    );
  });
});
