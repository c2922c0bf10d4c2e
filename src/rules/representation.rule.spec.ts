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
});
