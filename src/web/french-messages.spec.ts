import { DomainError } from '../common/domain-error';
import { formErrors } from './french-messages';

describe('French messages of refused forms', () => {
  const fieldOf = (path: string) => (path === 'title' ? 'titre' : path);

  it('tells the limit of a text too long, beside its field', () => {
    const error = DomainError.invalid([{ path: 'title', code: 'too_long', message: 'title must be shorter than or equal to 200 characters' }]);
    expect(formErrors(error, fieldOf, 'lieu')).toEqual([{ field: 'titre', message: 'Ce texte est trop long\u00A0: 200\u00A0caractères au plus.' }]);
  });

  it('groups the thousands of a long limit as French does', () => {
    const error = DomainError.invalid([{ path: 'description', code: 'too_long', message: 'description must be shorter than or equal to 4000 characters' }]);
    expect(formErrors(error, fieldOf, 'lieu')[0].message).toBe('Ce texte est trop long\u00A0: 4\u202F000\u00A0caractères au plus.');
  });

  it('says that a time already past is past, not that it is badly written', () => {
    const error = DomainError.invalid([{ path: 'sendAt', code: 'not_in_future', message: 'must not be in the past (it is now 2026-12-03T19:00:00.000Z)' }]);
    expect(formErrors(error, () => 'envoi', 'envoi')).toEqual([{ field: 'envoi', message: 'Ce moment est déjà passé\u00A0: choisissez une date et une heure à venir.' }]);
  });
  it('says when the convention applies, for a meeting outside it', () => {
    const ended = new DomainError('rule', 'outside_validity', 'outside', { date: '2027-09-15', validity: { from: '2024-09-01', until: '2027-08-31' } });
    expect(formErrors(ended, () => 'date', 'date')[0].message).toBe(
      'La convention n’est pas en vigueur le mercredi 15 septembre 2027\u00A0: elle s’applique du dimanche 1er septembre 2024 au mardi 31 août 2027. Choisissez une date dans cette période.',
    );
    const renewed = new DomainError('rule', 'outside_validity', 'outside', { date: '2015-09-01', validity: { from: '2015-09-15', until: null } });
    expect(formErrors(renewed, () => 'date', 'date')[0].message).toContain('elle s’applique à partir du mardi 15 septembre 2015.');
  });
});
