import type { CommitteeDetailResponse } from '../committees/dto/committee-detail.response';
import { chairRuleText } from './committee-follow-up.view';

type Chairing = Pick<CommitteeDetailResponse, 'rules' | 'seats'>;

const seats = [
  { key: 'maire', role: 'le maire ou son représentant', party: { key: 'commune', kind: 'commune', name: 'Ville de Bron' } },
  { key: 'ien', role: "l'IEN de circonscription", party: { key: 'academie', kind: 'academie', name: 'Académie de Lyon' } },
] as unknown as Chairing['seats'];

function committee(rules: Partial<Chairing['rules']>): Chairing {
  return { seats, rules: { chairs: [], chairRotation: null, ...rules } as unknown as Chairing['rules'] };
}

describe('who chairs, as the committee page words it', () => {
  it('names the parties in turn, year after year', () => {
    expect(chairRuleText(committee({ chairRotation: { among: 'parties', order: ['commune', 'academie'], every: 'year', calendar: 'school', text: null } }))).toBe(
      'Tournante, par année scolaire\u00A0: Ville de Bron, puis Académie de Lyon.',
    );
  });

  it('names the seats in turn, sitting after sitting', () => {
    expect(chairRuleText(committee({ chairRotation: { among: 'seats', order: ['ien', 'maire'], every: 'sitting', calendar: 'civil', text: null } }))).toBe(
      "Tournante, séance après séance\u00A0: l'IEN de circonscription, puis le maire ou son représentant.",
    );
  });

  it('names a chair, co-chairs, or nothing when the text names none', () => {
    expect(chairRuleText(committee({ chairs: [{ seatKey: 'ien', role: "l'IEN de circonscription" }] }))).toBe("L'IEN de circonscription.");
    expect(chairRuleText(committee({ chairs: [{ seatKey: 'maire', role: 'le maire' }, { seatKey: 'ien', role: "l'IEN" }] }))).toBe("Coprésidence\u00A0: le maire et l'IEN.");
    expect(chairRuleText(committee({}))).toBeNull();
  });
});
