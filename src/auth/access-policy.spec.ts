import { AccessPolicy, Subject, Target } from './access-policy';
import { Permission, PERMISSIONS } from './permissions';

/*
 * Convention A has committees X and X2; convention B has committee Y. Every subject below is
 * checked against every target for every permission: the expected table is the specification.
 */
const A = 'conv-a';
const B = 'conv-b';
const X = { committeeId: 'committee-x', conventionId: A };
const X2 = { committeeId: 'committee-x2', conventionId: A };
const Y = { committeeId: 'committee-y', conventionId: B };

const TARGETS = {
  everything: { conventionId: null, committeeId: null },
  A: { conventionId: A, committeeId: null },
  B: { conventionId: B, committeeId: null },
  X: { ...X },
  X2: { ...X2 },
  Y: { ...Y },
} satisfies Record<string, Target>;
type TargetName = keyof typeof TARGETS;
const ALL: TargetName[] = ['everything', 'A', 'B', 'X', 'X2', 'Y'];

function subject(personId: string, facts: Partial<Omit<Subject, 'personId'>> = {}): Subject {
  return { personId, grants: [], memberOf: [], convenerBySeat: [], ...facts };
}

const SUBJECTS: Record<string, Subject> = {
  admin: subject('p-admin', { grants: [{ role: 'admin', conventionId: null, committeeId: null }] }),
  'global secretariat': subject('p-sec', { grants: [{ role: 'secretariat', conventionId: null, committeeId: null }] }),
  'secretariat of A': subject('p-sec-a', { grants: [{ role: 'secretariat', conventionId: A, committeeId: null }] }),
  'convener granted on X': subject('p-conv-x', { grants: [{ role: 'convener', ...X }] }),
  'convener granted on A': subject('p-conv-a', { grants: [{ role: 'convener', conventionId: A, committeeId: null }] }),
  'holder of the convener seat of X': subject('p-director', { memberOf: [X], convenerBySeat: [X] }),
  'member of X': subject('p-member-x', { memberOf: [X] }),
  'member of Y': subject('p-member-y', { memberOf: [Y] }),
  'person with no role': subject('p-nobody'),
};

const readsOfA: TargetName[] = ['everything', 'A', 'X', 'X2'];
const readsOfX: TargetName[] = ['everything', 'A', 'X'];

const adminOnly: Record<string, TargetName[]> = Object.fromEntries(Object.keys(SUBJECTS).map((name) => [name, name === 'admin' ? ALL : []]));

const secretariatOnly: Record<string, TargetName[]> = {
  admin: ALL,
  'global secretariat': ALL,
  'secretariat of A': ['A', 'X', 'X2'],
  'convener granted on X': [],
  'convener granted on A': [],
  'holder of the convener seat of X': [],
  'member of X': [],
  'member of Y': [],
  'person with no role': [],
};

const conveners: Record<string, TargetName[]> = {
  admin: ALL,
  'global secretariat': ALL,
  'secretariat of A': ['A', 'X', 'X2'],
  'convener granted on X': ['X'],
  'convener granted on A': ['X', 'X2'],
  'holder of the convener seat of X': ['X'],
  'member of X': [],
  'member of Y': [],
  'person with no role': [],
};

const readers: Record<string, TargetName[]> = {
  admin: ALL,
  'global secretariat': ALL,
  'secretariat of A': readsOfA,
  'convener granted on X': readsOfX,
  'convener granted on A': readsOfA,
  'holder of the convener seat of X': readsOfX,
  'member of X': readsOfX,
  'member of Y': ['everything', 'B', 'Y'],
  'person with no role': ['everything'],
};

/** For each permission and subject, the targets on which the answer is yes. */
const EXPECTED: Record<Exclude<Permission, 'meeting.answer'>, Record<string, TargetName[]>> = {
  'registry.read': readers,
  'meeting.read': readers,
  'convention.manage': secretariatOnly,
  'committee.manage_members': conveners,
  'people.read': {
    admin: ALL,
    'global secretariat': ALL,
    'secretariat of A': ALL,
    'convener granted on X': ALL,
    'convener granted on A': ALL,
    'holder of the convener seat of X': ALL,
    'member of X': [],
    'member of Y': [],
    'person with no role': [],
  },
  'people.manage': adminOnly,
  'school.manage': adminOnly,
  'account.manage': adminOnly,
  'audit.read': conveners,
  'meeting.schedule': conveners,
  'meeting.convene': conveners,
};

describe('AccessPolicy', () => {
  const policy = new AccessPolicy();

  it('has an expected answer for every permission except meeting.answer', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(PERMISSIONS.filter((p) => p !== 'meeting.answer').sort());
  });

  for (const [permission, bySubject] of Object.entries(EXPECTED)) {
    describe(permission, () => {
      for (const [name, allowedOn] of Object.entries(bySubject)) {
        for (const targetName of ALL) {
          const expected = allowedOn.includes(targetName);
          it(`${expected ? 'lets' : 'refuses'} the ${name} on ${targetName}`, () => {
            const decision = policy.decide(SUBJECTS[name], permission as Permission, TARGETS[targetName]);
            expect(decision.allowed).toBe(expected);
            expect(decision.reason).not.toBe('');
          });
        }
      }
    });
  }

  describe('meeting.answer', () => {
    for (const [name, who] of Object.entries(SUBJECTS)) {
      it(`lets the ${name} answer for themselves only`, () => {
        expect(policy.decide(who, 'meeting.answer', { ...X, personId: who.personId }).allowed).toBe(true);
        expect(policy.decide(who, 'meeting.answer', { ...X, personId: 'someone-else' }).allowed).toBe(false);
        expect(policy.decide(who, 'meeting.answer', { ...X }).allowed).toBe(false);
      });
    }
  });

  it('says which rule refused, naming the scope', () => {
    const decision = policy.decide(SUBJECTS['secretariat of A'], 'convention.manage', TARGETS.B);
    expect(decision).toEqual({ allowed: false, reason: `convention.manage needs the secretariat of convention ${B}` });
  });

  it('stops counting a membership the moment the subject no longer holds it', () => {
    const former = subject('p-former', { memberOf: [] });
    expect(policy.decide(former, 'registry.read', TARGETS.X).allowed).toBe(false);
  });

  describe('visibleScope', () => {
    it('shows everything to admins and the global secretariat', () => {
      expect(policy.visibleScope(SUBJECTS.admin)).toEqual({ all: true });
      expect(policy.visibleScope(SUBJECTS['global secretariat'])).toEqual({ all: true });
    });

    it('shows a member their committee and its convention', () => {
      expect(policy.visibleScope(SUBJECTS['member of X'])).toEqual({ all: false, conventionIds: [A], committeeIds: [X.committeeId], wholeConventionIds: [] });
    });

    it('shows a convention secretariat their convention', () => {
      expect(policy.visibleScope(SUBJECTS['secretariat of A'])).toEqual({ all: false, conventionIds: [A], committeeIds: [], wholeConventionIds: [A] });
    });

    it('shows nothing to a person with no role', () => {
      expect(policy.visibleScope(SUBJECTS['person with no role'])).toEqual({ all: false, conventionIds: [], committeeIds: [], wholeConventionIds: [] });
    });
  });

  describe('mayRead: who may learn that a target exists', () => {
    it('tells only administrators and the global secretariat about a target that names nothing', () => {
      const told = Object.keys(SUBJECTS).filter((name) => policy.mayRead(SUBJECTS[name], TARGETS.everything));
      expect(told).toEqual(['admin', 'global secretariat']);
    });

    it('tells whoever may read it, and nobody else', () => {
      expect(policy.mayRead(SUBJECTS['member of X'], TARGETS.A)).toBe(true);
      expect(policy.mayRead(SUBJECTS['member of X'], TARGETS.X2)).toBe(false);
      expect(policy.mayRead(SUBJECTS['member of X'], TARGETS.B)).toBe(false);
      expect(policy.mayRead(SUBJECTS['secretariat of A'], TARGETS.Y)).toBe(false);
    });
  });

  describe('managedConventions', () => {
    it('gives every convention to administrators and the global secretariat, and a secretariat its own', () => {
      expect(policy.managedConventions(SUBJECTS.admin)).toBe('all');
      expect(policy.managedConventions(SUBJECTS['global secretariat'])).toBe('all');
      expect(policy.managedConventions(SUBJECTS['secretariat of A'])).toEqual([A]);
      expect(policy.managedConventions(SUBJECTS['convener granted on A'])).toEqual([]);
    });
  });

  /*
   * Grants over an académie or a département: A is in département 38 (académie de Grenoble), B in
   * 973 (académie de Guyane). SubjectLoader gives each such grant the conventions of its area.
   */
  describe('grants over an académie or a département', () => {
    const secretariat38 = subject('p-dasen-38', { grants: [{ role: 'secretariat', conventionId: null, committeeId: null, departement: '38', areaConventionIds: [A] }] });
    const secretariatGrenoble = subject('p-rectorat', { grants: [{ role: 'secretariat', conventionId: null, committeeId: null, academie: 'Grenoble', areaConventionIds: [A] }] });
    const convenerGuyane = subject('p-conv-gf', { grants: [{ role: 'convener', conventionId: null, committeeId: null, academie: 'Guyane', areaConventionIds: [B] }] });
    const emptyArea = subject('p-sec-80', { grants: [{ role: 'secretariat', conventionId: null, committeeId: null, departement: '80', areaConventionIds: [] }] });
    const allows = (who: Subject, permission: Permission) => ALL.filter((name) => policy.decide(who, permission, TARGETS[name]).allowed);

    it('lets a département\'s secretariat act for every convention of it and their committees, and nowhere else', () => {
      for (const permission of ['convention.manage', 'committee.manage_members', 'meeting.convene', 'meeting.schedule', 'audit.read'] as Permission[]) {
        expect([permission, allows(secretariat38, permission)]).toEqual([permission, ['A', 'X', 'X2']]);
        expect([permission, allows(secretariatGrenoble, permission)]).toEqual([permission, ['A', 'X', 'X2']]);
      }
      expect(allows(secretariat38, 'registry.read')).toEqual(['everything', 'A', 'X', 'X2']);
      expect(allows(secretariat38, 'meeting.read')).toEqual(['everything', 'A', 'X', 'X2']);
    });

    it('does not make an area grant a grant over everything', () => {
      expect(policy.seesEverything(secretariat38)).toBe(false);
      expect(policy.mayRead(secretariat38, TARGETS.everything)).toBe(false);
      expect(policy.mayRead(secretariat38, TARGETS.A)).toBe(true);
      expect(policy.mayRead(secretariat38, TARGETS.Y)).toBe(false);
      expect(allows(emptyArea, 'convention.manage')).toEqual([]);
      expect(allows(emptyArea, 'account.manage')).toEqual([]);
    });

    it('lets an académie\'s convener convene every committee of its conventions, without managing them', () => {
      expect(allows(convenerGuyane, 'meeting.convene')).toEqual(['Y']);
      expect(allows(convenerGuyane, 'convention.manage')).toEqual([]);
      expect(allows(convenerGuyane, 'registry.read')).toEqual(['everything', 'B', 'Y']);
    });

    it('lists the conventions of the area, whole', () => {
      expect(policy.visibleScope(secretariat38)).toEqual({ all: false, conventionIds: [A], committeeIds: [], wholeConventionIds: [A] });
      expect(policy.visibleScope(convenerGuyane)).toEqual({ all: false, conventionIds: [B], committeeIds: [], wholeConventionIds: [B] });
      expect(policy.visibleScope(emptyArea)).toEqual({ all: false, conventionIds: [], committeeIds: [], wholeConventionIds: [] });
      expect(policy.managedConventions(secretariat38)).toEqual([A]);
      expect(policy.managedConventions(convenerGuyane)).toEqual([]);
    });
  });

  describe('mayCorrectEmail: whose sign-in address a non-administrator may change', () => {
    const inX = { holdsRole: false, currentSeats: [X] };
    const refusalOf = (name: string, facts: Parameters<AccessPolicy['mayCorrectEmail']>[1]) => policy.mayCorrectEmail(SUBJECTS[name], facts).refusal ?? 'allowed';

    it('lets the administrator change anyone’s, roles included', () => {
      expect(refusalOf('admin', { holdsRole: true, currentSeats: [] })).toBe('allowed');
    });

    it('lets the committee’s convener and its secretariat change a member’s who sits only there', () => {
      for (const name of ['holder of the convener seat of X', 'convener granted on X', 'convener granted on A', 'secretariat of A', 'global secretariat']) {
        expect([name, refusalOf(name, inX)]).toEqual([name, 'allowed']);
      }
    });

    it('refuses a member, and whoever does not keep the committee', () => {
      expect(refusalOf('member of X', inX)).toBe('seat_elsewhere');
      expect(refusalOf('member of Y', inX)).toBe('seat_elsewhere');
      expect(refusalOf('person with no role', inX)).toBe('seat_elsewhere');
    });

    it('refuses the convener of X for a person who also sits in another committee, even of the same convention', () => {
      expect(refusalOf('holder of the convener seat of X', { holdsRole: false, currentSeats: [X, X2] })).toBe('seat_elsewhere');
      expect(refusalOf('secretariat of A', { holdsRole: false, currentSeats: [X, Y] })).toBe('seat_elsewhere');
      expect(refusalOf('convener granted on A', { holdsRole: false, currentSeats: [X, X2] })).toBe('allowed');
    });

    it('refuses anyone but an administrator for a person who holds a role or no current seat', () => {
      expect(refusalOf('secretariat of A', { holdsRole: true, currentSeats: [X] })).toBe('holds_role');
      expect(refusalOf('global secretariat', { holdsRole: false, currentSeats: [] })).toBe('no_current_seat');
    });
  });
});
