import { MembershipChangeEffect, MeetingEffect } from '../dashboard/membership-effect.service';
import { effectSentences } from './people.view';

/** Thursday 15 January 2026, 14:00 in Paris. */
const meeting = (overrides: Partial<MeetingEffect>): MeetingEffect => ({
  meetingId: 'm1',
  startsAt: new Date('2026-01-15T13:00:00Z'),
  timeZone: 'Europe/Paris',
  convened: false,
  before: 'pending',
  after: 'pending',
  seatVacant: false,
  partiesWithoutAnyone: [],
  ...overrides,
});
const effect = (meetings: MeetingEffect[]): MembershipChangeEffect => ({ committeeId: 'c1', committeeName: 'Comité de pilotage départemental', seatRole: 'un élu', meetings });

describe('the effect of a change of members on quorum, in French', () => {
  it('says a seat left vacant puts the quorum of a meeting out of reach, and which signatory would have nobody', () => {
    const [sentence] = effectSentences(effect([meeting({ after: 'out_of_reach', seatVacant: true, partiesWithoutAnyone: ['Commune de Crêts en Belledonne'] })]), 'end', { member: 'Jean-Louis Maret' });
    expect(sentence).toBe(
      'Ce siège restera vacant\u00A0: le quorum de la réunion du jeudi 15 janvier 2026 ne pourra plus être atteint (Commune de Crêts en Belledonne\u00A0: personne ne pourrait y représenter ce signataire).',
    );
  });

  it('says a vacant seat that the quorum does not need leaves it within reach, and that a convened member is withdrawn', () => {
    const [sentence] = effectSentences(effect([meeting({ seatVacant: true, convened: true })]), 'end', { member: 'Léa Martin' });
    expect(sentence).toBe('Ce siège restera vacant à la réunion du jeudi 15 janvier 2026\u00A0; son quorum reste atteignable. La convocation de Léa Martin à cette réunion lui sera retirée.');
  });

  it('says a new member makes a quorum out of reach reachable again', () => {
    const [sentence] = effectSentences(effect([meeting({ before: 'out_of_reach', after: 'pending' })]), 'add', { member: 'Gérard Rey' });
    expect(sentence).toBe('Le quorum de la réunion du jeudi 15 janvier 2026 redevient atteignable.');
  });

  it('says a substitute changes nothing to the quorum, one sentence per meeting', () => {
    const sentences = effectSentences(effect([meeting({}), meeting({ startsAt: new Date('2026-03-12T13:00:00Z') })]), 'substitute', { member: 'Gérard Rey' });
    expect(sentences).toEqual([
      'Sans effet sur le quorum de la réunion du jeudi 15 janvier 2026\u00A0: le suppléant pourra y représenter Gérard Rey.',
      'Sans effet sur le quorum de la réunion du jeudi 12 mars 2026\u00A0: le suppléant pourra y représenter Gérard Rey.',
    ]);
  });

  it('says so when no meeting ahead is reached', () => {
    expect(effectSentences(effect([]), 'end', { member: 'Léa Martin' })).toEqual([
      'Aucune réunion de ce comité (Comité de pilotage départemental) n’est programmée après cette date\u00A0: le quorum d’aucune réunion n’en dépend.',
    ]);
  });
});
