import { Attendance, AttendanceStatus, ExpectedAttendance, QuorumInput, QuorumSeat, QuorumTerms, quorumForecast, quorumReached, quorumRuleProblem } from './quorum.rule';

/** The Guyane steering committee, simplified: two signatories and a seat of no signatory. */
const seats: QuorumSeat[] = [
  { seatId: 'commune-elu', partyKey: 'commune', count: 1 },
  { seatId: 'commune-dsi', partyKey: 'commune', count: 1 },
  { seatId: 'academie-ien', partyKey: 'academie', count: 2 },
  { seatId: 'etablissements', partyKey: null, count: 2 },
];
const partyKeys = ['academie', 'commune'];

const eachParty: QuorumTerms = { kind: 'each_party', share: null, countsProxies: false, proxiesAllowed: false, maxProxiesPerMember: null };
const half = (overrides: Partial<QuorumTerms> = {}): QuorumTerms => ({
  kind: 'share',
  share: 0.5,
  countsProxies: false,
  proxiesAllowed: false,
  maxProxiesPerMember: null,
  ...overrides,
});

const member = (membershipId: string, seatId: string, status: AttendanceStatus, proxyHolderMembershipId: string | null = null): Attendance => ({
  membershipId,
  seatId,
  partyKey: seats.find((seat) => seat.seatId === seatId)?.partyKey ?? null,
  status,
  proxyHolderMembershipId,
});

const input = (rule: QuorumTerms, attendance: Attendance[], extra: Partial<QuorumInput> = {}): QuorumInput => ({ rule, seats, partyKeys, attendance, ...extra });

describe('quorum "at least one representative of each signatory"', () => {
  it('is reached when each signatory has someone present', () => {
    const decision = quorumReached(
      input(eachParty, [member('elu', 'commune-elu', 'present'), member('dsi', 'commune-dsi', 'absent'), member('ien1', 'academie-ien', 'present')]),
    );
    expect(decision).toMatchObject({ reached: true, kind: 'each_party', missingParties: [], presentCount: 2, requiredCount: 2 });
    expect(decision.reasons).toContain('commune: 1 representative');
  });

  it('is reached when a substitute stands in for the only member of a signatory', () => {
    const decision = quorumReached(
      input(eachParty, [member('elu', 'commune-elu', 'substituted'), member('dsi', 'commune-dsi', 'excused'), member('ien1', 'academie-ien', 'present')]),
    );
    expect(decision.reached).toBe(true);
    expect(decision.reasons).toContain('commune: 1 representative (including 1 substitute)');
  });

  it('is not reached when a signatory has nobody present, and names it', () => {
    const decision = quorumReached(
      input(eachParty, [
        member('elu', 'commune-elu', 'excused'),
        member('dsi', 'commune-dsi', 'absent'),
        member('ien1', 'academie-ien', 'present'),
        member('principal', 'etablissements', 'present'),
      ]),
    );
    expect(decision).toMatchObject({ reached: false, missingParties: ['commune'], presentCount: 2 });
    expect(decision.reasons[0]).toBe('quorum not reached: no representative of commune');
  });

  it('never counts a seat of no signatory for a party', () => {
    const decision = quorumReached(
      input(eachParty, [member('ien1', 'academie-ien', 'present'), member('principal', 'etablissements', 'present'), member('directeur', 'etablissements', 'present')]),
    );
    expect(decision.missingParties).toEqual(['commune']);
    expect(decision.reasons).toContain('2 people present on seats of no signatory, who count for no party');
  });

  it('does not let a proxy make a signatory present unless the rule counts proxies', () => {
    const attendance = [member('elu', 'commune-elu', 'represented', 'ien1'), member('ien1', 'academie-ien', 'present')];
    expect(quorumReached(input({ ...eachParty, proxiesAllowed: true }, attendance)).reached).toBe(false);
    expect(quorumReached(input({ ...eachParty, proxiesAllowed: true, countsProxies: true }, attendance)).reached).toBe(true);
  });

  it('never counts guests', () => {
    const decision = quorumReached(input(eachParty, [member('ien1', 'academie-ien', 'present')], { guests: [{ name: 'responsable informatique du collège' }] }));
    expect(decision.reached).toBe(false);
    expect(decision.presentCount).toBe(1);
    expect(decision.reasons).toContain('1 guest does not count towards the quorum');
  });

  it('is not reached for a convention without signatories', () => {
    expect(quorumReached({ ...input(eachParty, []), partyKeys: [] }).reached).toBe(false);
  });
});

describe('quorum as a share of the places', () => {
  const everyoneAbsent = (statuses: Record<string, AttendanceStatus>, holders: Record<string, string> = {}) =>
    [
      member('elu', 'commune-elu', statuses.elu ?? 'absent', holders.elu ?? null),
      member('dsi', 'commune-dsi', statuses.dsi ?? 'absent', holders.dsi ?? null),
      member('ien1', 'academie-ien', statuses.ien1 ?? 'absent', holders.ien1 ?? null),
      member('ien2', 'academie-ien', statuses.ien2 ?? 'absent', holders.ien2 ?? null),
      member('principal', 'etablissements', statuses.principal ?? 'absent', holders.principal ?? null),
    ];

  it('counts places from the composition, vacant ones included (6 places: 3 needed for one half)', () => {
    const decision = quorumReached(input(half(), everyoneAbsent({ elu: 'present', ien1: 'present', principal: 'substituted' })));
    expect(decision).toMatchObject({ reached: true, places: 6, requiredCount: 3, presentCount: 3 });
    expect(decision.reasons[0]).toBe('quorum reached: 3 present for 3 required (0.5 of 6 places)');
  });

  it('is not reached one person short', () => {
    const decision = quorumReached(input(half(), everyoneAbsent({ elu: 'present', ien1: 'present', principal: 'excused' })));
    expect(decision).toMatchObject({ reached: false, requiredCount: 3, presentCount: 2 });
  });

  it('rounds the people needed up, and does not turn a third of 9 into 4', () => {
    const nine: QuorumSeat[] = [{ seatId: 'college', partyKey: null, count: 9 }];
    const three = ['a', 'b', 'c'].map((id) => ({ membershipId: id, seatId: 'college', partyKey: null, status: 'present' as const }));
    expect(quorumReached({ rule: half({ share: 0.3333 }), seats: nine, partyKeys, attendance: three })).toMatchObject({ reached: true, requiredCount: 3 });
    expect(quorumReached({ rule: half({ share: 0.5 }), seats: nine, partyKeys, attendance: three })).toMatchObject({ reached: false, requiredCount: 5 });
  });

  it('counts members represented by a proxy when the rule says so', () => {
    const attendance = everyoneAbsent({ elu: 'present', ien1: 'present', dsi: 'represented' }, { dsi: 'elu' });
    expect(quorumReached(input(half({ proxiesAllowed: true, countsProxies: true }), attendance))).toMatchObject({
      reached: true,
      presentCount: 2,
      representedCount: 1,
    });
  });

  it('does not count proxies when the rule does not, though they are valid', () => {
    const attendance = everyoneAbsent({ elu: 'present', ien1: 'present', dsi: 'represented' }, { dsi: 'elu' });
    const decision = quorumReached(input(half({ proxiesAllowed: true, countsProxies: false }), attendance));
    expect(decision).toMatchObject({ reached: false, representedCount: 1 });
    expect(decision.reasons[0]).toBe('quorum not reached: 2 present (1 proxy not counted by this rule) for 3 required (0.5 of 6 places)');
  });

  it('ignores proxies where the committee does not allow them', () => {
    const attendance = everyoneAbsent({ elu: 'present', ien1: 'present', dsi: 'represented' }, { dsi: 'elu' });
    const decision = quorumReached(input(half({ proxiesAllowed: false, countsProxies: true }), attendance));
    expect(decision).toMatchObject({ reached: false, representedCount: 0 });
    expect(decision.ignoredProxies).toEqual([{ membershipId: 'dsi', reason: 'proxy of dsi ignored: this committee does not allow proxies' }]);
  });

  it('ignores proxies beyond the most a member may hold, in the order recorded', () => {
    const attendance = everyoneAbsent({ elu: 'present', dsi: 'represented', ien1: 'represented', ien2: 'represented' }, { dsi: 'elu', ien1: 'elu', ien2: 'elu' });
    const decision = quorumReached(input(half({ proxiesAllowed: true, countsProxies: true, maxProxiesPerMember: 1 }), attendance));
    expect(decision).toMatchObject({ reached: false, presentCount: 1, representedCount: 1 });
    expect(decision.ignoredProxies.map((proxy) => proxy.membershipId)).toEqual(['ien1', 'ien2']);
    expect(decision.reasons).toContain('proxy of ien1 ignored: elu already holds 1 proxy, the most allowed per member');

    const twoEach = quorumReached(input(half({ proxiesAllowed: true, countsProxies: true, maxProxiesPerMember: 2 }), attendance));
    expect(twoEach).toMatchObject({ reached: true, representedCount: 2 });
  });

  it('ignores a proxy given to someone who is not there', () => {
    const attendance = everyoneAbsent({ elu: 'present', ien1: 'present', dsi: 'represented' }, { dsi: 'ien2' });
    const decision = quorumReached(input(half({ proxiesAllowed: true, countsProxies: true }), attendance));
    expect(decision.reached).toBe(false);
    expect(decision.ignoredProxies[0].reason).toBe('proxy of dsi ignored: its holder ien2 is not present');
  });

  it('refuses a rule it cannot apply', () => {
    expect(quorumRuleProblem(half({ share: null }))).toMatch(/share/);
    expect(quorumRuleProblem(half({ share: 1.5 }))).toMatch(/share/);
    expect(quorumRuleProblem(half({ maxProxiesPerMember: 0 }))).toMatch(/maxProxiesPerMember/);
    expect(quorumRuleProblem(half())).toBeNull();
    expect(() => quorumReached(input(half({ share: 0 }), []))).toThrow(RangeError);
  });
});

describe('no quorum', () => {
  const none: QuorumTerms = { ...eachParty, kind: 'none' };

  it('is reached by one member in the room, whoever it is', () => {
    const decision = quorumReached(input(none, [member('principal', 'etablissements', 'present'), member('elu', 'commune-elu', 'absent')]));
    expect(decision).toMatchObject({ reached: true, requiredCount: 1, presentCount: 1 });
  });

  it('is not reached by a sitting recorded with nobody present', () => {
    const decision = quorumReached(input(none, [member('elu', 'commune-elu', 'absent'), member('ien1', 'academie-ien', 'excused')]));
    expect(decision.reached).toBe(false);
    expect(decision.reasons[0]).toMatch(/nobody was recorded present/);
    expect(quorumReached(input(none, [])).reached).toBe(false);
  });
});

describe('quorum « la majorité des membres »', () => {
  // Ten places: the six seats above plus four more of the académie.
  const tenPlaces: QuorumSeat[] = [...seats, { seatId: 'academie-cpc', partyKey: 'academie', count: 4 }];
  const majority = (majorityOf: 'seats' | 'members' | null = null): QuorumTerms => ({ ...eachParty, kind: 'majority', majorityOf });
  const presentOn = (count: number): Attendance[] =>
    Array.from({ length: count }, (_, index) => ({ membershipId: `m${index}`, seatId: 'academie-cpc', partyKey: 'academie', status: 'present' as const }));

  it('takes more than half of the places: 5 of 10 is not a majority, 6 is', () => {
    expect(quorumReached({ ...input(majority(), presentOn(5)), seats: tenPlaces })).toMatchObject({ reached: false, requiredCount: 6, places: 10 });
    expect(quorumReached({ ...input(majority(), presentOn(6)), seats: tenPlaces })).toMatchObject({ reached: true, requiredCount: 6 });
  });

  it('keeps share 0.5 meaning "at least half": 5 of 10 reach it', () => {
    expect(quorumReached({ ...input(half(), presentOn(5)), seats: tenPlaces })).toMatchObject({ reached: true, requiredCount: 5 });
  });

  it('counts over the members in office when the text says so: 4 present of 7 members, 10 places', () => {
    const sevenMembers = (present: number): Attendance[] =>
      presentOn(7).map((record, index) => (index < present ? record : { ...record, status: 'absent' as const }));
    const decision = quorumReached({ ...input(majority('members'), sevenMembers(4)), seats: tenPlaces });
    expect(decision).toMatchObject({ reached: true, requiredCount: 4 });
    expect(decision.reasons[0]).toBe('quorum reached: 4 present for 4 required (more than half of 7 members in office)');
    expect(quorumReached({ ...input(majority('members'), sevenMembers(3)), seats: tenPlaces }).reached).toBe(false);
  });
});

describe('quorum over the voting seats, or over one college', () => {
  // « Le conseil comprend : six élus, quatre représentants des parents ; le DASEN y siège avec voix consultative. »
  const council: QuorumSeat[] = [
    { seatId: 'elus', partyKey: 'commune', count: 6, group: 'Collège des élus' },
    { seatId: 'parents', partyKey: null, count: 4, group: 'Collège des parents' },
    { seatId: 'dasen', partyKey: 'academie', count: 1, consultative: true },
  ];
  const on = (seatId: string, count: number, from = 0): Attendance[] =>
    Array.from({ length: count }, (_, index) => ({ membershipId: `${seatId}${from + index}`, seatId, partyKey: null, status: 'present' as const }));
  const rule = (overrides: Partial<QuorumTerms>): QuorumTerms => ({ ...eachParty, kind: 'majority', majorityOf: null, ...overrides });

  it('never counts a consultative member, neither as a place nor as present, and says so', () => {
    const decision = quorumReached({ ...input(rule({}), [...on('elus', 5), ...on('dasen', 1)]), seats: council });
    // 10 voting places: a majority is 6; the DASEN's presence does not make the fifth elected member a quorum.
    expect(decision).toMatchObject({ reached: false, requiredCount: 6, places: 10, presentCount: 5 });
    expect(decision.reasons).toContain('1 consultative member present, never counted for the quorum');
  });

  it('counts over the college the text names: « la moitié au moins des élus »', () => {
    const elected = rule({ kind: 'share', share: 0.5, overGroups: ['Collège des élus'] });
    const decision = quorumReached({ ...input(elected, [...on('elus', 3), ...on('parents', 4)]), seats: council });
    expect(decision).toMatchObject({ reached: true, requiredCount: 3, places: 6, presentCount: 3 });
    expect(decision.reasons).toContain('4 members present outside Collège des élus, not counted for the quorum');
    expect(quorumReached({ ...input(elected, [...on('elus', 2), ...on('parents', 4)]), seats: council }).reached).toBe(false);
  });
});

describe('quorum forecast from the answers to a convocation', () => {
  const answer = (membershipId: string, seatId: string, value: ExpectedAttendance['answer'], proxyHolderMembershipId: string | null = null): ExpectedAttendance => ({
    membershipId,
    seatId,
    partyKey: seats.find((seat) => seat.seatId === seatId)?.partyKey ?? null,
    answer: value,
    proxyHolderMembershipId,
  });

  it('expects the quorum when each signatory has accepted or sends a substitute', () => {
    const forecast = quorumForecast({ rule: eachParty, seats, partyKeys, answers: [answer('elu', 'commune-elu', 'substitute'), answer('ien1', 'academie-ien', 'accepted')] });
    expect(forecast.outlook).toBe('reached');
    expect(forecast.expected.reached).toBe(true);
  });

  it('waits on the answers still missing', () => {
    const forecast = quorumForecast({
      rule: eachParty,
      seats,
      partyKeys,
      answers: [answer('elu', 'commune-elu', 'no_answer'), answer('dsi', 'commune-dsi', 'declined'), answer('ien1', 'academie-ien', 'accepted')],
    });
    expect(forecast).toMatchObject({ outlook: 'pending', unanswered: 1 });
    expect(forecast.expected.missingParties).toEqual(['commune']);
    expect(forecast.ifAllUnansweredCome.reached).toBe(true);
  });

  it('says when the quorum is out of reach whatever the silent members do', () => {
    const forecast = quorumForecast({
      rule: eachParty,
      seats,
      partyKeys,
      answers: [answer('elu', 'commune-elu', 'declined'), answer('dsi', 'commune-dsi', 'declined'), answer('ien1', 'academie-ien', 'no_answer')],
    });
    expect(forecast.outlook).toBe('out_of_reach');
    expect(forecast.ifAllUnansweredCome.missingParties).toEqual(['commune']);
  });

  it('counts a declined member who gave a proxy, where proxies count', () => {
    const rule = half({ proxiesAllowed: true, countsProxies: true });
    const forecast = quorumForecast({
      rule,
      seats,
      partyKeys,
      answers: [answer('elu', 'commune-elu', 'accepted'), answer('ien1', 'academie-ien', 'accepted'), answer('dsi', 'commune-dsi', 'declined', 'elu')],
    });
    expect(forecast.expected).toMatchObject({ reached: true, presentCount: 2, representedCount: 1 });
  });
});
