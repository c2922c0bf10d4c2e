import { Injectable } from '@nestjs/common';
import { GrantedRole, Permission } from './permissions';

/** A grant as the policy sees it: a committee-scoped grant also carries its committee's convention. */
export interface SubjectGrant {
  role: GrantedRole;
  /** Null with a null committeeId and no académie or département: granted over everything. */
  conventionId: string | null;
  committeeId: string | null;
  /** Granted over an académie or a département (then conventionId and committeeId are null). */
  academie?: string | null;
  departement?: string | null;
  /** For a grant over an académie or a département: the conventions that belong to it today (SubjectLoader). */
  areaConventionIds?: string[];
}

export interface CommitteeRef {
  committeeId: string;
  conventionId: string;
}

/** Everything the policy knows about who is asking; loaded once per request. */
export interface Subject {
  personId: string;
  grants: SubjectGrant[];
  /** Committees in which the person holds or substitutes a current membership. */
  memberOf: CommitteeRef[];
  /** Committees whose convener rule names a seat the person currently holds (e.g. the school director's). */
  convenerBySeat: CommitteeRef[];
}

/**
 * What a request acts on. A committee always comes with its convention; nothing set means the
 * request acts on no particular convention (a list, a creation) or on something that does not
 * exist: both are decided as "everything", so only global roles pass and nothing leaks.
 */
export interface Target {
  conventionId: string | null;
  committeeId: string | null;
  meetingId?: string | null;
  /** The person a request acts for (meeting.answer: only oneself). */
  personId?: string | null;
  /** The request names a convention, committee, membership or meeting (in its path, body or query). */
  named?: boolean;
  /** It names it in its path (or through a custom resolver): a lookup, answered 404 to whoever may not see it. */
  lookedUp?: boolean;
}

/** What decides who may correct a person's email (AccessPolicy.mayCorrectEmail). */
export interface EmailCorrectionFacts {
  /** The person's account holds a grant (any role). */
  holdsRole: boolean;
  /** The committees in which they hold or substitute a current membership. */
  currentSeats: CommitteeRef[];
}

export type EmailCorrectionRefusal = 'holds_role' | 'no_current_seat' | 'seat_elsewhere';

export interface EmailCorrectionDecision extends Decision {
  refusal?: EmailCorrectionRefusal;
}

export const GLOBAL_TARGET: Target = { conventionId: null, committeeId: null };

export interface Decision {
  allowed: boolean;
  /** English, for logs and the 403 message: which rule allowed or refused. */
  reason: string;
}

const allow = (reason: string): Decision => ({ allowed: true, reason });
const refuse = (reason: string): Decision => ({ allowed: false, reason });

/** What a person may see in lists: everything, or these conventions and committees. */
/**
 * What lists may show. conventionIds: conventions someone is involved in (listed); committeeIds:
 * committees they sit on, convene or were granted; wholeConventionIds: conventions whose every
 * committee they may read (a convention-wide grant).
 */
export type VisibleScope =
  | { all: true }
  | { all: false; conventionIds: string[]; committeeIds: string[]; wholeConventionIds: string[] };

/**
 * The one place where copil decides who may do what. Pure: facts in, decision out; the guard
 * gathers the facts and applies the answer.
 */
@Injectable()
export class AccessPolicy {
  decide(subject: Subject, permission: Permission, target: Target): Decision {
    switch (permission) {
      case 'account.manage':
      case 'people.manage':
      case 'school.manage':
        return isAdmin(subject) ? allow('admin') : refuse(`${permission} is reserved to administrators`);

      case 'registry.read':
        return this.read(subject, target, false);

      case 'meeting.read':
        return this.read(subject, target, true);

      case 'convention.manage':
        if (isAdmin(subject)) return allow('admin');
        if (isSecretariatOf(subject, target)) return allow('secretariat');
        return refuse(`${permission} needs the secretariat of ${describe(target)}`);

      // Whoever convenes a committee keeps its members (the director fills the parents' seat):
      // that committee only, never its convention nor its other committees.
      case 'committee.manage_members':
        if (isAdmin(subject)) return allow('admin');
        if (isSecretariatOf(subject, target)) return allow('secretariat');
        if (convenes(subject, target)) return allow('convener of the committee');
        return refuse(`${permission} needs a convener of ${describe(target)} or its secretariat`);

      case 'people.read':
        if (isAdmin(subject)) return allow('admin');
        if (subject.grants.some((grant) => grant.role === 'secretariat')) return allow('secretariat');
        if (subject.grants.some((grant) => grant.role === 'convener') || subject.convenerBySeat.length > 0) {
          return allow('convener');
        }
        return refuse('people.read needs a secretariat or convener role');

      case 'audit.read':
      case 'meeting.schedule':
      case 'meeting.convene':
        if (isAdmin(subject)) return allow('admin');
        if (isSecretariatOf(subject, target)) return allow('secretariat');
        if (convenes(subject, target)) return allow('convener');
        return refuse(`${permission} needs a convener of ${describe(target)} or its secretariat`);

      case 'meeting.answer':
        if (target.personId && target.personId === subject.personId) return allow('oneself');
        return refuse('meeting.answer is only for oneself');
    }
  }

  /**
   * Who may correct a person's email, which is where their sign-in links go. An administrator
   * always; anyone else only for someone who holds no role (no grant) and whose every current seat
   * (held or substituted) is in a committee whose members the caller keeps (its secretariat, its
   * convener): otherwise a convener could take over the sign-in of a person she does not answer for.
   */
  mayCorrectEmail(subject: Subject, facts: EmailCorrectionFacts): EmailCorrectionDecision {
    if (isAdmin(subject)) return { allowed: true, reason: 'admin' };
    if (facts.holdsRole) return { allowed: false, reason: 'the person holds a role: administrators only', refusal: 'holds_role' };
    if (facts.currentSeats.length === 0) return { allowed: false, reason: 'the person holds no current seat: administrators only', refusal: 'no_current_seat' };
    const elsewhere = facts.currentSeats.filter((seat) => !this.decide(subject, 'committee.manage_members', { ...seat, named: true }).allowed);
    if (elsewhere.length > 0) {
      return { allowed: false, reason: `the person sits in ${elsewhere.length} committee(s) whose members the caller does not keep`, refusal: 'seat_elsewhere' };
    }
    return { allowed: true, reason: 'keeps the members of every committee the person sits in' };
  }

  /** Administrators and a global secretariat see every convention, and learn what does not exist. */
  seesEverything(subject: Subject): boolean {
    return isAdmin(subject) || subject.grants.some((grant) => grant.role === 'secretariat' && isGlobal(grant));
  }

  /**
   * Whether the person may know that the target exists: registry.read on it. A target that names
   * nothing (absent, or a list) is known only to those who see everything.
   */
  mayRead(subject: Subject, target: Target): boolean {
    if (target.conventionId === null) return this.seesEverything(subject);
    return this.read(subject, target, false).allowed;
  }

  /** The conventions whose definition and members the person manages (convention.manage). */
  managedConventions(subject: Subject): 'all' | string[] {
    if (this.seesEverything(subject)) return 'all';
    const ids = new Set<string>();
    for (const grant of subject.grants) if (grant.role === 'secretariat') coveredConventions(grant).forEach((id) => ids.add(id));
    return [...ids];
  }

  /** Lists are filtered by this rather than refused: anyone signed in may ask, and sees their scope. */
  visibleScope(subject: Subject): VisibleScope {
    if (this.seesEverything(subject)) return { all: true };
    const conventionIds = new Set<string>();
    const committeeIds = new Set<string>();
    const wholeConventionIds = new Set<string>();
    for (const grant of subject.grants) {
      if (grant.committeeId) committeeIds.add(grant.committeeId);
      for (const id of coveredConventions(grant)) {
        conventionIds.add(id);
        if (!grant.committeeId) wholeConventionIds.add(id);
      }
    }
    for (const ref of [...subject.memberOf, ...subject.convenerBySeat]) {
      committeeIds.add(ref.committeeId);
      conventionIds.add(ref.conventionId);
    }
    return { all: false, conventionIds: [...conventionIds], committeeIds: [...committeeIds], wholeConventionIds: [...wholeConventionIds] };
  }

  /**
   * Reading: a convention by anyone who has a role in it or sits in one of its committees; a
   * committee by its secretariat, conveners and members. Without a target (a list) anyone signed
   * in may ask: the list is filtered by visibleScope.
   */
  private read(subject: Subject, target: Target, meeting: boolean): Decision {
    const what = meeting ? 'meeting.read' : 'registry.read';
    if (isAdmin(subject)) return allow('admin');
    if (target.conventionId === null) return allow('signed in: lists are filtered by scope');
    if (isSecretariatOf(subject, target)) return allow('secretariat');
    if (target.committeeId === null) {
      const involved =
        subject.grants.some((grant) => coversConvention(grant, target.conventionId)) ||
        [...subject.memberOf, ...subject.convenerBySeat].some((ref) => ref.conventionId === target.conventionId);
      return involved ? allow('involved in the convention') : refuse(`${what} needs a role in ${describe(target)}`);
    }
    if (convenes(subject, target)) return allow('convener');
    if (subject.memberOf.some((ref) => ref.committeeId === target.committeeId)) return allow('member');
    return refuse(`${what} needs a role in or a seat on ${describe(target)}`);
  }
}

function isAdmin(subject: Subject): boolean {
  return subject.grants.some((grant) => grant.role === 'admin');
}

/** Granted over everything: no convention, committee, académie nor département. */
function isGlobal(grant: SubjectGrant): boolean {
  return grant.conventionId === null && grant.committeeId === null && !grant.academie && !grant.departement;
}

/** Whether a grant is over an académie or a département rather than a convention or a committee. */
function isArea(grant: SubjectGrant): boolean {
  return grant.committeeId === null && grant.conventionId === null && (!!grant.academie || !!grant.departement);
}

/** The conventions a grant names or covers: its own, or those of its académie or département. */
function coveredConventions(grant: SubjectGrant): string[] {
  if (isArea(grant)) return grant.areaConventionIds ?? [];
  return grant.conventionId ? [grant.conventionId] : [];
}

/** A grant over the convention itself (or one of its committees), or over its académie or département. */
function coversConvention(grant: SubjectGrant, conventionId: string | null): boolean {
  if (conventionId === null) return false;
  if (isArea(grant)) return (grant.areaConventionIds ?? []).includes(conventionId);
  return grant.conventionId === conventionId;
}

/**
 * Global secretariat acts everywhere; a convention's secretariat acts on it and its committees;
 * an académie's or a département's on every convention of it and their committees.
 */
function isSecretariatOf(subject: Subject, target: Target): boolean {
  return subject.grants.some(
    (grant) => grant.role === 'secretariat' && grant.committeeId === null && (isGlobal(grant) || coversConvention(grant, target.conventionId)),
  );
}

/** Conveners act on a committee: granted on it, on its convention (or its académie, its département), or holding its convener seat. */
function convenes(subject: Subject, target: Target): boolean {
  if (target.committeeId === null) return false;
  const byGrant = subject.grants.some(
    (grant) =>
      grant.role === 'convener' &&
      (grant.committeeId === target.committeeId || (grant.committeeId === null && coversConvention(grant, target.conventionId))),
  );
  return byGrant || subject.convenerBySeat.some((ref) => ref.committeeId === target.committeeId);
}

function describe(target: Target): string {
  if (target.committeeId) return `committee ${target.committeeId}`;
  if (target.conventionId) return `convention ${target.conventionId}`;
  return 'every convention';
}
