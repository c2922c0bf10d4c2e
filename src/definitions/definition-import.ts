import { EntityManager, EntityTarget, In, ObjectLiteral } from 'typeorm';
import { DomainError } from '../common/domain-error';
import { Convention } from '../conventions/convention.entity';
import { Party } from '../conventions/party.entity';
import { Amendment } from '../conventions/amendment.entity';
import { ConventionSchool } from '../conventions/convention-school.entity';
import { School } from '../schools/school.entity';
import { Committee } from '../committees/committee.entity';
import { Seat } from '../committees/seat.entity';
import { Person } from '../people/person.entity';
import { Membership } from '../people/membership.entity';
import { Meeting } from '../meetings/meeting.entity';
import { DefinitionPlan, PlannedCommittee } from './definition-plan';
import { emptyChanges, emptyReport, hasChanges, ImportChanges, ImportReport, ImportResult, ReportedKind, RowChange, UntouchedRow } from './import-report';
import { runForConvention } from '../audit/audit-context';

export interface ImportOptions {
  /** Refuse (409) when a convention with this reference exists: POST /conventions. */
  createOnly?: boolean;
  /**
   * The conventions whoever imports may act for: every one (administrators, a global
   * secretariat, the command line) or these ids. People and schools that also serve other
   * conventions are then left as they are (see sharedRowWithin).
   */
  manages?: 'all' | readonly string[];
  /**
   * Carry out the removals the file implies (rows of this convention it no longer lists). Without
   * it, an import that would remove anything is refused (409 removals_need_confirmation, listing
   * them) and changes nothing.
   */
  confirmRemovals?: boolean;
}

/**
 * Writes one definition plan inside the caller's transaction. Rows are matched by natural key and
 * compared field by field: only rows that differ are saved, so importing the same file twice
 * issues no UPDATE at all. Every write goes through the EntityManager (save/remove) so that entity
 * subscribers see it.
 */
export class DefinitionImport {
  private readonly report: ImportReport = emptyReport();
  private readonly untouched: UntouchedRow[] = [];
  private readonly changes: ImportChanges = emptyChanges();
  private manages: 'all' | readonly string[] = 'all';
  private readonly membershipsChangedIn = new Set<string>();

  constructor(private readonly manager: EntityManager) {}

  /**
   * The committees whose memberships this import created, changed or removed: whoever convenes
   * late joiners and withdraws leavers looks at these, as after a change through the API.
   */
  get committeesWithMembershipChanges(): string[] {
    return [...this.membershipsChangedIn];
  }

  async run(plan: DefinitionPlan, options: ImportOptions = {}): Promise<ImportResult> {
    const m = this.manager;
    const existing = await m.findOne(Convention, { where: { reference: plan.convention.reference }, lock: { mode: 'pessimistic_write' } });
    if (existing && options.createOnly) {
      throw DomainError.conflict(
        'convention_exists',
        `A convention with reference ${plan.convention.reference} already exists; PUT /conventions/${plan.convention.reference}/definition replaces it`,
        { reference: plan.convention.reference },
      );
    }
    this.manages = options.manages ?? 'all';
    const previouslyMentioned = existing ? await this.schoolsMentionedBy(existing.id) : new Set<string>();

    const convention = await this.upsert('conventions', Convention, existing, plan.convention, plan.convention.reference);
    // People and schools belong to no convention: their changes are filed under this one.
    const result = await runForConvention(convention.id, () => this.apply(plan, convention, existing === null, previouslyMentioned));
    if (this.changes.removed.length > 0 && !options.confirmRemovals) {
      throw DomainError.conflict(
        'removals_need_confirmation',
        `Importing this definition would remove ${this.changes.removed.length} row(s) it no longer lists (removals: [{kind, key}]); ` +
          'import it with confirmRemovals=true to remove them, list them again, or end memberships with endsOn',
        { removals: this.changes.removed },
      );
    }
    return result;
  }

  private async apply(plan: DefinitionPlan, convention: Convention, created: boolean, previouslyMentioned: Set<string>): Promise<ImportResult> {
    const people = await this.upsertPeople(plan);
    const schools = await this.upsertSchools(plan);
    const parties = await this.upsertParties(convention.id, plan);
    const amendments = await this.upsertAmendments(convention.id, plan);
    await this.syncCoverage(convention.id, plan, schools, amendments.byReference);
    await this.syncCommittees(convention.id, plan, parties.byKey, schools, people);

    for (const party of parties.stale) await this.remove('parties', party, party.key);
    for (const amendment of amendments.stale) await this.remove('amendments', amendment, amendment.reference);
    await this.removeForgottenSchools(convention.id, previouslyMentioned, plan);

    return {
      conventionId: convention.id,
      reference: convention.reference,
      created,
      changed: hasChanges(this.report),
      report: this.report,
      changes: this.changes,
      untouched: this.untouched,
    };
  }

  private async upsertPeople(plan: DefinitionPlan): Promise<Map<string, Person>> {
    const emails = plan.people.map((p) => p.email);
    const stored = emails.length ? await this.manager.find(Person, { where: { email: In(emails) } }) : [];
    const byEmail = new Map(stored.map((p) => [p.email, p]));
    for (const [index, person] of plan.people.entries()) {
      const current = byEmail.get(person.email) ?? null;
      if (current && !(await this.sharedRowWithin('people', `people[${index}]`, person.email, current, person, PERSON_CONVENTIONS))) continue;
      byEmail.set(person.email, await this.upsert('people', Person, current, person, person.email));
    }
    return byEmail;
  }

  private async upsertSchools(plan: DefinitionPlan): Promise<Map<string, School>> {
    const uais = plan.schools.map((s) => s.uai);
    const stored = uais.length ? await this.manager.find(School, { where: { uai: In(uais) } }) : [];
    const byUai = new Map(stored.map((s) => [s.uai, s]));
    for (const [index, school] of plan.schools.entries()) {
      const current = byUai.get(school.uai) ?? null;
      if (current && !(await this.sharedRowWithin('schools', `schools[${index}]`, school.uai, current, school, SCHOOL_CONVENTIONS))) continue;
      byUai.set(school.uai, await this.upsert('schools', School, current, school, school.uai));
    }
    return byUai;
  }

  /**
   * Whether a definition may change this stored person or school: yes when nothing differs, when
   * whoever imports acts for every convention, or when every convention the row serves is one
   * they act for. Otherwise the row stays as it is — another convention relies on it — and the
   * result lists it under `untouched`, with the path of the entry in the file.
   */
  private async sharedRowWithin<T extends ObjectLiteral>(
    kind: 'people' | 'schools',
    path: string,
    key: string,
    stored: T,
    desired: Partial<T>,
    conventionsOfRow: string,
  ): Promise<boolean> {
    if (this.manages === 'all' || !differs(stored, desired)) return true;
    const rows: Array<{ id: string | null }> = await this.manager.query(conventionsOfRow, [stored.id]);
    const managed = this.manages;
    const others = rows.filter((row) => row.id === null || !managed.includes(row.id));
    if (others.length === 0) return true;
    this.count(kind, 'unchanged');
    this.untouched.push({
      path,
      kind,
      key,
      reason: `also serves ${others.some((row) => row.id === null) ? 'every convention' : `${others.length} other convention(s)`} you do not manage: left as it is`,
    });
    return false;
  }

  private async upsertParties(conventionId: string, plan: DefinitionPlan): Promise<{ byKey: Map<string, Party>; stale: Party[] }> {
    const stored = await this.manager.find(Party, { where: { conventionId } });
    const byKey = new Map<string, Party>();
    for (const party of plan.parties) {
      const current = stored.find((p) => p.key === party.key) ?? null;
      byKey.set(party.key, await this.upsert('parties', Party, current, { ...party, conventionId }, party.key));
    }
    return { byKey, stale: stored.filter((p) => !byKey.has(p.key)) };
  }

  private async upsertAmendments(conventionId: string, plan: DefinitionPlan): Promise<{ byReference: Map<string, Amendment>; stale: Amendment[] }> {
    const stored = await this.manager.find(Amendment, { where: { conventionId } });
    const byReference = new Map<string, Amendment>();
    for (const amendment of plan.amendments) {
      const current = stored.find((a) => a.reference === amendment.reference) ?? null;
      byReference.set(amendment.reference, await this.upsert('amendments', Amendment, current, { ...amendment, conventionId }, amendment.reference));
    }
    return { byReference, stale: stored.filter((a) => !byReference.has(a.reference)) };
  }

  private async syncCoverage(conventionId: string, plan: DefinitionPlan, schools: Map<string, School>, amendments: Map<string, Amendment>): Promise<void> {
    const stored = await this.manager.find(ConventionSchool, { where: { conventionId }, relations: { school: true } });
    const wanted = new Set<string>();
    for (const link of plan.coverage) {
      const schoolId = schools.get(link.uai)!.id;
      wanted.add(schoolId);
      const amendmentId = link.amendmentReference ? amendments.get(link.amendmentReference)!.id : null;
      const current = stored.find((s) => s.schoolId === schoolId) ?? null;
      await this.upsert('coverage', ConventionSchool, current, { conventionId, schoolId, amendmentId }, link.uai);
    }
    for (const link of stored) if (!wanted.has(link.schoolId)) await this.remove('coverage', link, link.school.uai);
  }

  private async syncCommittees(
    conventionId: string,
    plan: DefinitionPlan,
    parties: Map<string, Party>,
    schools: Map<string, School>,
    people: Map<string, Person>,
  ): Promise<void> {
    const m = this.manager;
    const storedCommittees = await m.find(Committee, { where: { conventionId } });
    const committeeIds = storedCommittees.map((c) => c.id);
    const storedSeats = committeeIds.length ? await m.find(Seat, { where: { committeeId: In(committeeIds) } }) : [];
    const seatIds = storedSeats.map((s) => s.id);
    const storedMemberships = seatIds.length ? await m.find(Membership, { where: { seatId: In(seatIds) } }) : [];
    const emails = await this.emailsOf(storedMemberships.flatMap((ms) => [ms.personId, ...(ms.substituteId ? [ms.substituteId] : [])]));
    const committeeKeyOf = new Map(storedCommittees.map((c) => [c.id, c.key]));
    const seatKeyOf = new Map(storedSeats.map((seat) => [seat.id, `${committeeKeyOf.get(seat.committeeId)}/${seat.key}`]));
    const membershipKey = (ms: Membership) => `${seatKeyOf.get(ms.seatId)}/${emails.get(ms.personId)}/${ms.startsOn}`;

    const keptCommittees = new Set<string>();
    const keptSeats = new Set<string>();
    const keptMemberships = new Set<string>();
    const managedSeats = new Set<string>();

    for (const planned of plan.committees) {
      const current = storedCommittees.find((c) => c.key === planned.fields.key) ?? null;
      const schoolId = planned.schoolUai ? schools.get(planned.schoolUai)!.id : null;
      const committee = await this.upsert('committees', Committee, current, { ...planned.fields, conventionId, schoolId }, planned.fields.key);
      keptCommittees.add(committee.id);
      const seatsByKey = await this.syncSeats(committee, planned, parties, storedSeats, keptSeats);
      if (planned.memberships === null) continue;
      for (const seat of seatsByKey.values()) managedSeats.add(seat.id);
      for (const membership of planned.memberships) {
        const seat = seatsByKey.get(membership.seatKey)!;
        const person = people.get(membership.email)!;
        const substituteId = membership.substituteEmail ? people.get(membership.substituteEmail)!.id : null;
        const current = storedMemberships.find((s) => s.seatId === seat.id && s.personId === person.id && s.startsOn === membership.startsOn) ?? null;
        const key = `${planned.fields.key}/${seat.key}/${membership.email}/${membership.startsOn}`;
        if (current?.substituteId && substituteId === null) {
          this.changes.removed.push({ kind: 'substitutes', key, id: current.id, source: current.source, person: emails.get(current.substituteId) });
        }
        // An end entered (through the API, or by an earlier file) that the file leaves out would
        // silently bring the member back: it is a removal, like any other.
        if (current?.endsOn && membership.endsOn === null) {
          this.changes.removed.push({ kind: 'end_dates', key, id: current.id, source: current.source, endsOn: current.endsOn });
        }
        // A membership the file lists is the file's from now on, wherever it was entered.
        const desired: Partial<Membership> = { seatId: seat.id, personId: person.id, startsOn: membership.startsOn, endsOn: membership.endsOn, substituteId, source: 'definition' };
        if (current === null || differs(current, desired)) this.membershipsChangedIn.add(committee.id);
        const saved = await this.upsert('memberships', Membership, current, desired, key);
        keptMemberships.add(saved.id);
      }
    }

    await this.refuseRemovingCommitteesWithMeetings(storedCommittees.filter((c) => !keptCommittees.has(c.id)));

    // Children before parents: memberships, then seats, then committees. A membership entered
    // through the API that the file does not list stays (kept), unless its seat goes.
    for (const membership of storedMemberships) {
      if (keptMemberships.has(membership.id)) continue;
      const key = membershipKey(membership);
      const seatGoes = !keptSeats.has(membership.seatId);
      const fileDropsIt = managedSeats.has(membership.seatId) && membership.source === 'definition';
      if (seatGoes || fileDropsIt) {
        const committeeId = storedSeats.find((seat) => seat.id === membership.seatId)!.committeeId;
        if (keptCommittees.has(committeeId)) this.membershipsChangedIn.add(committeeId);
        await this.remove('memberships', membership, key, { source: membership.source, person: emails.get(membership.personId) });
        continue;
      }
      this.count('memberships', 'unchanged');
      if (managedSeats.has(membership.seatId)) {
        this.changes.kept.push({ kind: 'memberships', key, id: membership.id, source: membership.source, person: emails.get(membership.personId) });
      }
    }
    for (const seat of storedSeats) if (!keptSeats.has(seat.id)) await this.remove('seats', seat, seatKeyOf.get(seat.id)!);
    for (const committee of storedCommittees) if (!keptCommittees.has(committee.id)) await this.remove('committees', committee, committee.key);
  }

  /**
   * A committee that has met, or will, is part of the record: a definition that drops or renames
   * it must not erase its meetings (they would go with it, by cascade).
   */
  private async refuseRemovingCommitteesWithMeetings(leaving: Committee[]): Promise<void> {
    if (leaving.length === 0) return;
    const withMeetings = await this.manager
      .createQueryBuilder(Meeting, 'meeting')
      .select('meeting.committeeId', 'committeeId')
      .addSelect('count(*)::int', 'meetings')
      .where('meeting.committeeId IN (:...ids)', { ids: leaving.map((c) => c.id) })
      .groupBy('meeting.committeeId')
      .getRawMany<{ committeeId: string; meetings: number }>();
    if (withMeetings.length === 0) return;
    const committees = withMeetings.map(({ committeeId, meetings }) => ({
      key: leaving.find((c) => c.id === committeeId)!.key,
      meetings,
    }));
    throw DomainError.conflict(
      'committee_has_meetings',
      `The definition no longer has committee ${committees.map((c) => c.key).join(', ')}, which has meetings; keep it in the file (its meetings are part of the record)`,
      { committees },
    );
  }

  private async syncSeats(
    committee: Committee,
    planned: PlannedCommittee,
    parties: Map<string, Party>,
    storedSeats: Seat[],
    keptSeats: Set<string>,
  ): Promise<Map<string, Seat>> {
    const seatsByKey = new Map<string, Seat>();
    for (const seat of planned.seats) {
      const current = storedSeats.find((s) => s.committeeId === committee.id && s.key === seat.key) ?? null;
      const { partyKey, ...fields } = seat;
      const partyId = partyKey === null ? null : parties.get(partyKey)!.id;
      const saved = await this.upsert('seats', Seat, current, { ...fields, partyId, committeeId: committee.id }, `${committee.key}/${seat.key}`);
      keptSeats.add(saved.id);
      seatsByKey.set(seat.key, saved);
    }
    return seatsByKey;
  }

  private async schoolsMentionedBy(conventionId: string): Promise<Set<string>> {
    const links = await this.manager.find(ConventionSchool, { where: { conventionId }, relations: { school: true } });
    const amendments = await this.manager.find(Amendment, { where: { conventionId } });
    return new Set([...links.map((l) => l.school.uai), ...amendments.flatMap((a) => [...a.addedSchoolUais, ...a.removedSchoolUais])]);
  }

  /**
   * Schools are shared: one this file no longer mentions leaves the registry only when no other
   * convention covers it or names it in an amendment, and no committee sits for it.
   */
  private async removeForgottenSchools(conventionId: string, previouslyMentioned: Set<string>, plan: DefinitionPlan): Promise<void> {
    const stillMentioned = new Set(plan.schools.map((s) => s.uai));
    const candidates = [...previouslyMentioned].filter((uai) => !stillMentioned.has(uai));
    if (candidates.length === 0) return;
    for (const school of await this.manager.find(School, { where: { uai: In(candidates) } })) {
      const covered = await this.manager.count(ConventionSchool, { where: { schoolId: school.id } });
      const sitting = await this.manager.count(Committee, { where: { schoolId: school.id } });
      const named = await this.manager
        .createQueryBuilder(Amendment, 'a')
        .where('a.conventionId <> :conventionId', { conventionId })
        .andWhere('(:uai = ANY(a.addedSchoolUais) OR :uai = ANY(a.removedSchoolUais))', { uai: school.uai })
        .getCount();
      if (covered + sitting + named === 0) await this.remove('schools', school, school.uai);
    }
  }

  private async upsert<T extends ObjectLiteral>(kind: ReportedKind, target: EntityTarget<T>, current: T | null, desired: Partial<T>, key: string): Promise<T> {
    if (current === null) {
      const created = await this.manager.save(target, this.manager.create(target, desired as T));
      this.count(kind, 'created');
      this.changes.created.push({ kind, key, id: identity(created) });
      return created;
    }
    const fields = assignDifferences(current, desired);
    if (fields.length === 0) {
      this.count(kind, 'unchanged');
      return current;
    }
    const saved = await this.manager.save(target, current);
    this.count(kind, 'updated');
    this.changes.updated.push({ kind, key, id: identity(saved), fields });
    return saved;
  }

  private async remove<T extends ObjectLiteral>(kind: ReportedKind, entity: T, key: string, about: Partial<RowChange> = {}): Promise<void> {
    const id = identity(entity);
    await this.manager.remove(entity);
    this.count(kind, 'deleted');
    this.changes.removed.push({ kind, key, id, ...about });
  }

  private async emailsOf(personIds: string[]): Promise<Map<string, string>> {
    if (personIds.length === 0) return new Map();
    const people = await this.manager.find(Person, { where: { id: In([...new Set(personIds)]) }, select: { id: true, email: true } });
    return new Map(people.map((person) => [person.id, person.email]));
  }

  private count(kind: ReportedKind, change: 'created' | 'updated' | 'deleted' | 'unchanged'): void {
    this.report[kind][change] += 1;
  }
}

/**
 * The conventions a person serves ($1: their id): where they hold or substitute a membership, were
 * invited to or recorded at a meeting, or hold a role. A role over every convention (admin, global
 * secretariat) gives a null row: that person serves everyone.
 */
const PERSON_CONVENTIONS = `
  SELECT c.convention_id AS id FROM memberships m JOIN seats s ON s.id = m.seat_id JOIN committees c ON c.id = s.committee_id
   WHERE m.person_id = $1 OR m.substitute_id = $1
  UNION SELECT c.convention_id FROM meeting_guests g JOIN meetings mt ON mt.id = g.meeting_id JOIN committees c ON c.id = mt.committee_id
   WHERE g.person_id = $1
  UNION SELECT c.convention_id FROM attendance a JOIN meetings mt ON mt.id = a.meeting_id JOIN committees c ON c.id = mt.committee_id
   WHERE a.person_id = $1
  UNION SELECT COALESCE(g.convention_id, c.convention_id) FROM grants g JOIN accounts acc ON acc.id = g.account_id
    LEFT JOIN committees c ON c.id = g.committee_id WHERE acc.person_id = $1 AND g.academie IS NULL AND g.departement IS NULL
  UNION SELECT v.id FROM grants g JOIN accounts acc ON acc.id = g.account_id
    JOIN conventions v ON v.academie = g.academie OR v.departement = g.departement WHERE acc.person_id = $1`;

/** The conventions a school serves ($1: its id): covering it, naming it in an amendment, or sitting a committee for it. */
const SCHOOL_CONVENTIONS = `
  SELECT convention_id AS id FROM convention_schools WHERE school_id = $1
  UNION SELECT a.convention_id FROM amendments a, schools s
   WHERE s.id = $1 AND (s.uai = ANY(a.added_school_uais) OR s.uai = ANY(a.removed_school_uais))
  UNION SELECT convention_id FROM committees WHERE school_id = $1`;

/** Whether any field of `desired` differs from the stored row. */
function differs<T extends ObjectLiteral>(stored: T, desired: Partial<T>): boolean {
  return Object.entries(desired).some(([field, value]) => !sameValue(stored[field], value));
}

/** Copies onto the stored row the fields that differ, and names them. */
export function assignDifferences<T extends ObjectLiteral>(stored: T, desired: Partial<T>): string[] {
  const changed: string[] = [];
  for (const [field, value] of Object.entries(desired)) {
    if (!sameValue(stored[field], value)) {
      (stored as Record<string, unknown>)[field] = value;
      changed.push(field);
    }
  }
  return changed;
}

function identity(row: ObjectLiteral): string | null {
  return typeof row.id === 'string' ? row.id : null;
}

/** Deep equality for column values: null and undefined alike, objects compared key by key whatever their order (jsonb reorders keys). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === undefined || a === null || b === undefined || b === null) return (a ?? null) === (b ?? null);
  if (a instanceof Date || b instanceof Date) return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, i) => sameValue(item, b[i]));
  }
  if (typeof a === 'object' && typeof b === 'object') {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every((key) => sameValue((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
  }
  return a === b;
}
