import { StandIn, standInDecision } from './representation.rule';

const dasen = (overrides: Partial<StandIn> = {}): StandIn => ({
  memberName: 'Nadia Benali',
  seatMayBeRepresented: true,
  registeredSubstituteId: 'adjoint',
  standInId: 'secretaire-generale',
  standInIsMember: false,
  ...overrides,
});

describe('« le DASEN ou son représentant »', () => {
  it('accepts whoever the holder sends when the seat may be represented', () => {
    expect(standInDecision(dasen())).toMatchObject({ allowed: true, code: 'representative' });
  });

  it('accepts the registered substitute on any seat', () => {
    expect(standInDecision(dasen({ seatMayBeRepresented: false, standInId: 'adjoint' }))).toMatchObject({ allowed: true, code: 'registered_substitute' });
  });

  it('accepts only the registered substitute on a seat that may not be represented', () => {
    const decision = standInDecision(dasen({ seatMayBeRepresented: false }));
    expect(decision).toMatchObject({ allowed: false, code: 'not_the_substitute' });
    expect(decision.reason).toContain('the seat may not be represented by anyone else');
  });

  it('refuses a member of the committee as representative: one person fills one seat', () => {
    expect(standInDecision(dasen({ standInIsMember: true }))).toMatchObject({ allowed: false, code: 'representative_is_member' });
  });

  it('accepts only the people the text names when it limits who may represent: « le maire ou l’un de ses adjoints »', () => {
    const adjoints = { people: ['claire.adjointe@ville.example.fr', 'marc.adjoint@ville.example.fr'], text: 'le maire ou l’un de ses adjoints' };
    expect(standInDecision(dasen({ representatives: adjoints, standInEmail: 'Marc.Adjoint@ville.example.fr' }))).toMatchObject({ allowed: true, code: 'representative' });
    const refused = standInDecision(dasen({ representatives: adjoints, standInEmail: 'chef.cabinet@ville.example.fr' }));
    expect(refused).toMatchObject({ allowed: false, code: 'not_an_allowed_representative' });
    expect(refused.reason).toBe(
      'Person secretaire-generale is not among those who may represent Nadia Benali (claire.adjointe@ville.example.fr, marc.adjoint@ville.example.fr): « le maire ou l’un de ses adjoints »',
    );
    // The registered substitute may always stand in.
    expect(standInDecision(dasen({ representatives: adjoints, standInId: 'adjoint', standInEmail: 'suppleant@ville.example.fr' })).allowed).toBe(true);
  });
});
