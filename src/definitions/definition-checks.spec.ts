import { checkDefinition } from './definition-checks';
import type { ConventionDefinitionDto } from './dto/convention-definition.dto';
import type { CommitteeDefinitionDto, MemberDefinitionDto } from './dto/committee-definition.dto';

/** A small valid convention: two parties, two schools in one circonscription, one steering committee. */
function convention(overrides: Partial<ConventionDefinitionDto> = {}): ConventionDefinitionDto {
  return {
    reference: 'essai-2024',
    title: 'Convention d\'essai',
    timeZone: 'Europe/Paris',
    holidays: { country: 'FR', region: null },
    signedOn: '2024-09-02',
    durationMonths: 36,
    parties: [
      { key: 'academie', kind: 'academie', name: 'Académie' },
      { key: 'commune', kind: 'commune', name: 'Commune' },
    ],
    schools: [
      { uai: '0382460T', name: 'École A', type: 'ecole_elementaire', commune: 'Ville', circonscription: 'Grésivaudan' },
      { uai: '0341301E', name: 'École B', type: 'ecole_maternelle', commune: 'Ville', circonscription: 'Grésivaudan' },
    ],
    people: [
      { email: 'anne.martin@example.fr', fullName: 'Anne Martin' },
      { email: 'paul.durand@example.fr', fullName: 'Paul Durand' },
      { email: 'lea.petit@example.fr', fullName: 'Léa Petit' },
    ],
    committees: [committee()],
    ...overrides,
  };
}

function committee(overrides: Partial<CommitteeDefinitionDto> = {}): CommitteeDefinitionDto {
  return {
    key: 'copil',
    kind: 'steering',
    name: 'Comité de pilotage',
    scope: 'convention',
    seats: [
      { key: 'elu', party: 'commune', role: 'un élu' },
      { key: 'ien', party: 'academie', role: 'l\'IEN', count: 2 },
      { key: 'parents', party: null, role: 'deux parents', count: 2 },
    ],
    conveners: [{ party: 'academie', seat: null, label: 'l\'académie' }],
    frequency: { minimum: 1, period: 'semester', calendar: 'school' },
    ...overrides,
  };
}

const member = (overrides: Partial<MemberDefinitionDto> = {}): MemberDefinitionDto => ({
  seat: 'elu',
  person: 'anne.martin@example.fr',
  startsOn: '2024-09-02',
  ...overrides,
});

const errorsOf = (definition: ConventionDefinitionDto) => checkDefinition(definition);

describe('definition checks', () => {
  it('accepts the builder\'s convention', () => {
    expect(errorsOf(convention())).toEqual([]);
  });

  describe('dates', () => {
    it('wants a duration or an end date', () => {
      expect(errorsOf(convention({ durationMonths: null }))).toEqual([{ path: 'durationMonths', code: 'required', message: 'give the duration in months, or endsOn' }]);
    });

    it('refuses both a duration and an end date', () => {
      expect(errorsOf(convention({ endsOn: '2025-08-31' }))).toEqual([{ path: 'endsOn', code: 'inconsistent', message: 'give either durationMonths or endsOn, not both' }]);
    });

    it('refuses an end that is not after the start, the effective date when there is one', () => {
      expect(errorsOf(convention({ durationMonths: null, effectiveFrom: '2024-10-01', endsOn: '2024-09-30' }))).toEqual([
        { path: 'endsOn', code: 'inconsistent', message: 'must be after the start of the convention (2024-10-01)' },
      ]);
    });

    it('refuses an amendment that takes effect before it is signed', () => {
      const amendments = [{ reference: 'avenant-1', title: 'Avenant', signedOn: '2025-01-10', effectiveOn: '2025-01-01' }];
      expect(errorsOf(convention({ amendments }))).toEqual([{ path: 'amendments[0].effectiveOn', code: 'inconsistent', message: "must not be before the amendment's signature (2025-01-10)" }]);
    });
  });

  it('refuses a holiday region date-holidays does not know for the country', () => {
    const [error] = errorsOf(convention({ holidays: { country: 'FR', region: '99' } }));
    expect(error.path).toBe('holidays.region');
    expect(error.message).toMatch(/^must be one of .*67.* for FR, got "99"$/);
    expect(errorsOf(convention({ holidays: { country: 'FR', region: '67' } }))).toEqual([]);
  });

  describe('keys', () => {
    it('refuses two parties with the same key', () => {
      const parties = [...convention().parties, { key: 'commune', kind: 'commune' as const, name: 'Autre commune' }];
      expect(errorsOf(convention({ parties }))).toEqual([{ path: 'parties[2].key', code: 'duplicate', message: '"commune" is already used by parties[1].key' }]);
    });

    it('refuses the same UAI twice, whatever its case', () => {
      const schools = [...convention().schools!, { uai: '0382460t', name: 'Doublon', type: 'ecole_elementaire' as const, commune: 'Ville' }];
      expect(errorsOf(convention({ schools }))).toEqual([{ path: 'schools[2].uai', code: 'duplicate', message: '"0382460T" is already used by schools[0].uai' }]);
    });

    it('refuses the same person twice, emails compared without case', () => {
      const people = [...convention().people!, { email: 'Anne.Martin@example.fr', fullName: 'Anne Martin' }];
      expect(errorsOf(convention({ people }))).toEqual([{ path: 'people[3].email', code: 'duplicate', message: '"anne.martin@example.fr" is already used by people[0].email' }]);
    });

    it('refuses two committees, or two seats of a committee, with the same key', () => {
      const seats = [...committee().seats, { key: 'elu', party: 'commune', role: 'un second élu' }];
      expect(errorsOf(convention({ committees: [committee({ seats }), committee()] }))).toEqual([
        { path: 'committees[1].key', code: 'duplicate', message: '"copil" is already used by committees[0].key' },
        { path: 'committees[0].seats[3].key', code: 'duplicate', message: '"elu" is already used by committees[0].seats[0].key' },
      ]);
    });

    it('refuses a per-school committee whose keys collide with another committee', () => {
      const perSchool = committee({ key: 'copil', scope: 'school' });
      const clash = committee({ key: 'copil-0382460t' });
      expect(errorsOf(convention({ committees: [perSchool, clash] }))).toEqual([
        { path: 'committees[1].key', code: 'duplicate', message: 'yields committee key copil-0382460t, which committees[0].key also yields' },
      ]);
    });
  });

  describe('parties, seats and conveners', () => {
    it('refuses a seat for a party that is not in the convention, and lists the parties', () => {
      const seats = [{ key: 'elu', party: 'ville', role: 'un élu' }];
      expect(errorsOf(convention({ committees: [committee({ seats, conveners: [{ party: 'academie', label: 'l\'académie' }] })] }))).toEqual([
        {
          path: 'committees[0].seats[0].party',
          code: 'unknown_reference', message: '"ville" is not a party of this convention; parties are academie, commune (or null for a seat that represents no signatory)',
        },
      ]);
    });

    it('accepts a seat that represents no signatory', () => {
      expect(errorsOf(convention({ committees: [committee({ seats: [{ key: 'parents', party: null, role: 'parents' }] })] }))).toEqual([]);
    });

    it('refuses a chair that is not a seat, and a rotating chair with a single seat', () => {
      expect(errorsOf(convention({ committees: [committee({ chairs: ['maire'], chairRotates: true })] }))).toEqual([
        { path: 'committees[0].chairs[0]', code: 'unknown_reference', message: '"maire" is not a seat of this committee; seats are elu, ien, parents' },
        { path: 'committees[0].chairRotates', code: 'too_few', message: 'a rotating chair needs at least two seats under chairs' },
      ]);
    });

    it('refuses a convener of another party, or on a seat that does not exist or belongs to another party', () => {
      const conveners = [
        { party: 'rectorat', label: 'le rectorat' },
        { party: 'academie', seat: 'directeur', label: 'le directeur' },
        { party: 'academie', seat: 'elu', label: 'l\'élu' },
        { party: 'commune', seat: 'parents', label: 'les parents' },
      ];
      expect(errorsOf(convention({ committees: [committee({ conveners })] }))).toEqual([
        { path: 'committees[0].conveners[0].party', code: 'unknown_reference', message: '"rectorat" is not a party of this convention; parties are academie, commune' },
        { path: 'committees[0].conveners[1].seat', code: 'unknown_reference', message: '"directeur" is not a seat of this committee; seats are elu, ien, parents' },
        { path: 'committees[0].conveners[2].seat', code: 'inconsistent', message: 'seat "elu" represents commune, not academie' },
        { path: 'committees[0].conveners[3].seat', code: 'inconsistent', message: 'seat "parents" represents no party, not commune' },
      ]);
    });
  });

  describe('rules', () => {
    it('wants the number of months when the period is months, and only then', () => {
      expect(errorsOf(convention({ committees: [committee({ frequency: { minimum: 1, period: 'months' } })] }))).toEqual([
        { path: 'committees[0].frequency.months', code: 'required', message: 'give the length of the period in months when period is months' },
      ]);
      expect(errorsOf(convention({ committees: [committee({ frequency: { minimum: 1, period: 'year', months: 4 } })] }))).toEqual([
        { path: 'committees[0].frequency.months', code: 'not_allowed_here', message: 'only goes with period months (period is year)' },
      ]);
      expect(errorsOf(convention({ committees: [committee({ frequency: { minimum: 1, period: 'months', months: 4, calendar: 'signature' } })] }))).toEqual([]);
    });

    it('refuses a frequency that cannot be split into periods, naming the field', () => {
      const schoolYears = committee({ frequency: { minimum: 1, period: 'months', months: 24, calendar: 'school' } });
      expect(errorsOf(convention({ committees: [schoolYears] }))).toEqual([
        { path: 'committees[0].frequency.months', code: 'inconsistent', message: 'periods of 24 months cannot restart every school year; count them from the signature' },
      ]);
      const civilDefault = committee({ frequency: { minimum: 1, period: 'months', months: 18 } });
      expect(errorsOf(convention({ committees: [civilDefault] }))[0]?.path).toBe('committees[0].frequency.months');
      expect(errorsOf(convention({ committees: [committee({ frequency: { minimum: 1, period: 'months', months: 24, calendar: 'signature' } })] }))).toEqual([]);
    });

    it('takes « la majorité des membres » as kind majority, and majorityOf only with it', () => {
      const withQuorum = (quorum: CommitteeDefinitionDto['quorum']) => errorsOf(convention({ committees: [committee({ quorum })] }));
      expect(withQuorum({ kind: 'majority' })).toEqual([]);
      expect(withQuorum({ kind: 'majority', majorityOf: 'members' })).toEqual([]);
      expect(withQuorum({ kind: 'share', share: 0.5, majorityOf: 'members' })).toEqual([
        { path: 'committees[0].quorum.majorityOf', code: 'not_allowed_here', message: 'only goes with kind majority (kind is share)' },
      ]);
    });

    it('wants the notice of urgency shorter than the ordinary one', () => {
      expect(errorsOf(convention({ committees: [committee({ notice: { days: 8, urgentDays: 3 } })] }))).toEqual([]);
      expect(errorsOf(convention({ committees: [committee({ notice: { days: 8, urgentDays: 8 } })] }))).toEqual([
        { path: 'committees[0].notice.urgentDays', code: 'too_large', message: 'must be shorter than the ordinary notice (8 days)' },
      ]);
    });

    it('wants a quorum over groups to name groups of the seats', () => {
      const seats = [
        { key: 'elus', party: 'commune', role: 'deux élus', count: 2, group: 'Collège des élus' },
        { key: 'ien', party: 'academie', role: "l'IEN", consultative: true },
      ];
      const withGroups = (overGroups: string[]) => errorsOf(convention({ committees: [committee({ seats, quorum: { kind: 'share', share: 0.5, overGroups } })] }));
      expect(withGroups(['Collège des élus'])).toEqual([]);
      expect(withGroups(['Collège des parents'])).toEqual([
        { path: 'committees[0].quorum.overGroups[0]', code: 'unknown_reference', message: '"Collège des parents" is not the group of any seat; groups are Collège des élus' },
      ]);
    });

    it('wants a share in (0, 1] for a quorum by share, and a share only then', () => {
      const withQuorum = (quorum: CommitteeDefinitionDto['quorum']) => errorsOf(convention({ committees: [committee({ quorum })] }));
      expect(withQuorum({ kind: 'share' })).toEqual([{ path: 'committees[0].quorum.share', code: 'required', message: 'give the share of seats (e.g. 0.5) when kind is share' }]);
      expect(withQuorum({ kind: 'share', share: 0 })).toEqual([{ path: 'committees[0].quorum.share', code: 'not_in_range', message: 'must be more than 0 and at most 1, got 0' }]);
      expect(withQuorum({ kind: 'share', share: 1.5 })).toEqual([{ path: 'committees[0].quorum.share', code: 'not_in_range', message: 'must be more than 0 and at most 1, got 1.5' }]);
      expect(withQuorum({ kind: 'each_party', share: 0.5 })).toEqual([{ path: 'committees[0].quorum.share', code: 'not_allowed_here', message: 'only goes with kind share (kind is each_party)' }]);
      expect(withQuorum({ kind: 'share', share: 1, proxiesAllowed: true, countsProxies: true, maxProxiesPerMember: 1 })).toEqual([]);
    });

    it('refuses proxy rules when proxies are not allowed', () => {
      expect(errorsOf(convention({ committees: [committee({ quorum: { kind: 'share', share: 0.5, countsProxies: true } })] }))).toEqual([
        { path: 'committees[0].quorum.proxiesAllowed', code: 'inconsistent', message: 'must be true when countsProxies or maxProxiesPerMember is set' },
      ]);
    });

    it('wants prerequisites and designating committees to name another committee of the file', () => {
      const technical = committee({ key: 'comite-technique', kind: 'technical', membersDesignatedBy: 'comite-technique' });
      const steering = committee({ prerequisites: [{ fromCommittee: 'comite-local', description: 'les documents' }] });
      expect(errorsOf(convention({ committees: [steering, technical] }))).toEqual([
        { path: 'committees[0].prerequisites[0].fromCommittee', code: 'unknown_reference', message: 'must name another committee of this file; committees are copil, comite-technique' },
        { path: 'committees[1].membersDesignatedBy', code: 'unknown_reference', message: 'must name another committee of this file; committees are copil, comite-technique' },
      ]);
    });

    it('refuses a school-type filter on a committee of the whole convention', () => {
      expect(errorsOf(convention({ committees: [committee({ schoolTypes: ['college'] })] }))).toEqual([
        { path: 'committees[0].schoolTypes', code: 'not_allowed_here', message: 'only goes with scope school or circonscription' },
      ]);
    });

    it('refuses a per-school committee that no covered school yields', () => {
      expect(errorsOf(convention({ committees: [committee({ scope: 'school', schoolTypes: ['college'] })] }))).toEqual([
        { path: 'committees[0].scope', code: 'unknown_reference', message: 'scope school yields no committee: no covered school of type college' },
      ]);
    });
  });

  describe('amendments', () => {
    const amendment = (reference: string, signedOn: string, fields: { addSchools?: string[]; removeSchools?: string[] }) => ({ reference, title: reference, signedOn, ...fields });

    it('refuses to add a school that is not listed, or that is already covered', () => {
      const amendments = [
        amendment('avenant-1', '2025-01-01', { addSchools: ['0380002W', '0382460T'] }),
        amendment('avenant-2', '2026-01-01', { addSchools: ['0382460T'] }),
      ];
      expect(errorsOf(convention({ amendments }))).toEqual([
        { path: 'amendments[0].addSchools[0]', code: 'unknown_reference', message: '0380002W is not listed under schools; list it there with its name, type and commune' },
        { path: 'amendments[1].addSchools[0]', code: 'duplicate', message: '0382460T is already covered when this amendment applies' },
      ]);
    });

    it('refuses to remove a school that is not covered at that point', () => {
      const amendments = [
        amendment('avenant-1', '2025-01-01', { removeSchools: ['0382460T'] }),
        amendment('avenant-2', '2026-01-01', { removeSchools: ['0382460T'] }),
      ];
      expect(errorsOf(convention({ amendments }))).toEqual([
        { path: 'amendments[1].removeSchools[0]', code: 'inconsistent', message: '0382460T is not covered when this amendment applies, so it cannot be removed' },
      ]);
    });

    it('applies amendments by date, not by their place in the file', () => {
      const amendments = [
        amendment('avenant-2', '2026-01-01', { addSchools: ['0382460T'] }),
        amendment('avenant-1', '2025-01-01', { removeSchools: ['0382460T'] }),
      ];
      expect(errorsOf(convention({ amendments }))).toEqual([]);
      expect(errorsOf(convention({ amendments: [amendment('avenant-1', '2025-01-01', { removeSchools: ['0380002W'] })] }))).toEqual([
        { path: 'amendments[0].removeSchools[0]', code: 'unknown_reference', message: '0380002W is not listed under schools; list it there with its name, type and commune' },
      ]);
    });
  });

  describe('members', () => {
    const withMembers = (members: MemberDefinitionDto[], overrides: Partial<CommitteeDefinitionDto> = {}) =>
      errorsOf(convention({ committees: [committee({ members, ...overrides })] }));

    it('accepts members on existing seats, people listed under people', () => {
      expect(withMembers([member(), member({ seat: 'ien', person: 'paul.durand@example.fr', substitute: 'lea.petit@example.fr' })])).toEqual([]);
    });

    it('refuses an unknown seat, a person or substitute not listed, a member as their own substitute', () => {
      expect(
        withMembers([
          member({ seat: 'maire' }),
          member({ person: 'inconnu@example.fr' }),
          member({ seat: 'ien', substitute: 'absent@example.fr' }),
          member({ seat: 'parents', person: 'lea.petit@example.fr', substitute: 'Lea.Petit@example.fr' }),
        ]),
      ).toEqual([
        { path: 'committees[0].members[0].seat', code: 'unknown_reference', message: '"maire" is not a seat of this committee; seats are elu, ien, parents' },
        { path: 'committees[0].members[1].person', code: 'unknown_reference', message: 'inconnu@example.fr is not listed under people' },
        { path: 'committees[0].members[2].substitute', code: 'unknown_reference', message: 'absent@example.fr is not listed under people' },
        { path: 'committees[0].members[3].substitute', code: 'inconsistent', message: 'must be someone other than the member' },
      ]);
    });

    it('refuses a membership that ends before it starts', () => {
      expect(withMembers([member({ endsOn: '2024-09-01' })])).toEqual([
        { path: 'committees[0].members[0].endsOn', code: 'inconsistent', message: 'must not be before startsOn (2024-09-02)' },
      ]);
    });

    it('wants the instance of a per-school committee, among its schools', () => {
      const perSchool = { key: 'copil-local', scope: 'school' as const };
      expect(withMembers([member()], perSchool)).toEqual([
        { path: 'committees[0].members[0].instance', code: 'required', message: 'name the UAI of the school: one of 0382460T, 0341301E' },
      ]);
      expect(withMembers([member({ instance: '0380002W' })], perSchool)).toEqual([
        { path: 'committees[0].members[0].instance', code: 'unknown_reference', message: '"0380002W" is not one of this committee\'s instances: 0382460T, 0341301E' },
      ]);
      expect(withMembers([member({ instance: '0382460t' })], perSchool)).toEqual([]);
    });

    it('wants the circonscription of a per-circonscription committee, and no instance for the whole convention', () => {
      expect(withMembers([member({ instance: 'Vercors' })], { scope: 'circonscription' })).toEqual([
        { path: 'committees[0].members[0].instance', code: 'unknown_reference', message: '"Vercors" is not one of this committee\'s instances: Grésivaudan' },
      ]);
      expect(withMembers([member({ instance: 'Grésivaudan' })])).toEqual([
        { path: 'committees[0].members[0].instance', code: 'not_allowed_here', message: 'only goes with a committee per school or per circonscription' },
      ]);
    });

    it('refuses more holders than places on the same days', () => {
      expect(withMembers([member(), member({ person: 'paul.durand@example.fr', startsOn: '2025-01-06' })])).toEqual([
        {
          path: 'committees[0].members[1].seat',
          code: 'too_many', message: 'seat "elu" holds 1 person, but 2 members hold it on 2025-01-06 (members[0], members[1])',
        },
      ]);
    });

    it('finds the overlap whatever order the members are listed in', () => {
      const [error] = withMembers([member({ startsOn: '2025-01-06' }), member({ person: 'paul.durand@example.fr' })]);
      expect(error).toEqual({ path: 'committees[0].members[0].seat', code: 'too_many', message: expect.stringContaining('2 members hold it on 2025-01-06') });
    });

    it('lets one holder follow another, and a seat of two places hold two people', () => {
      expect(
        withMembers([
          member({ endsOn: '2025-01-05' }),
          member({ person: 'paul.durand@example.fr', startsOn: '2025-01-06' }),
          member({ seat: 'ien', person: 'paul.durand@example.fr' }),
          member({ seat: 'ien', person: 'lea.petit@example.fr' }),
        ]),
      ).toEqual([]);
    });

    it('refuses the same membership twice', () => {
      expect(withMembers([member(), member()])).toEqual([{ path: 'committees[0].members[1]', code: 'duplicate', message: 'repeats members[0] (same seat, person and startsOn)' }]);
    });
  });
});

describe('rules of a second sitting and of minutes', () => {
  it('refuses a window that closes before it opens, and a second sitting\'s quorum over an unknown group', () => {
    const errors = checkDefinition(
      convention({ committees: [committee({ reconvening: { earliestDays: 15, latestDays: 8, quorum: { kind: 'share', share: 0.3333, overGroups: ['Collège des élus'] } } })] }),
    );
    expect(errors.map((error) => [error.path, error.code])).toEqual([
      ['committees[0].reconvening.latestDays', 'inconsistent'],
      ['committees[0].reconvening.quorum.overGroups[0]', 'unknown_reference'],
    ]);
  });

  it('refuses minutes written in turn by a party the convention does not have, or approved tacitly with no delay to object', () => {
    const errors = checkDefinition(
      convention({ committees: [committee({ minutes: { dueDays: 15, rotatesAmong: ['academie', 'ville'], submitWithinDays: 30, approval: 'tacit' } })] }),
    );
    expect(errors.map((error) => [error.path, error.code])).toEqual([
      ['committees[0].minutes.objectionDays', 'inconsistent'],
      ['committees[0].minutes.rotatesAmong[1]', 'unknown_reference'],
    ]);
  });

  it('refuses minutes written by a seat of another party', () => {
    const [error] = checkDefinition(convention({ committees: [committee({ minutes: { dueDays: 5, writtenBy: { party: 'academie', seat: 'elu' } } })] }));
    expect(error).toEqual({ path: 'committees[0].minutes.writtenBy.seat', code: 'inconsistent', message: 'seat "elu" belongs to commune, not academie' });
  });
});

describe('sittings due after events', () => {
  it('refuses the same event twice in a committee', () => {
    const [error] = checkDefinition(
      convention({ committees: [committee({ deadlines: [{ event: 'election_results', withinDays: 15 }, { event: 'election_results', withinDays: 30 }] })] }),
    );
    expect(error).toEqual({ path: 'committees[0].deadlines[1].event', code: 'duplicate', message: '"election_results" is already used by committees[0].deadlines[0].event' });
  });
});

describe('sittings on request', () => {
  it('refuses a rule that lets nobody ask, and a seat the committee does not have', () => {
    expect(checkDefinition(convention({ committees: [committee({ onRequest: { conveneWithinDays: 15 } })] }))).toEqual([
      { path: 'committees[0].onRequest', code: 'required', message: 'say who may ask: a share of the members, seats whose holder may ask alone, or both' },
    ]);
    const [error] = checkDefinition(convention({ committees: [committee({ onRequest: { seats: ['dasen'], conveneWithinDays: 15 } })] }));
    expect(error).toMatchObject({ path: 'committees[0].onRequest.seats[0]', code: 'unknown_reference' });
  });
});
