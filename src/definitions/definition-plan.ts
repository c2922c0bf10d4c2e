import { schoolZoneOf } from '../rules/school-holidays.rule';
import type { SchoolZone } from '../rules/school-holidays.rule';
import type { NoticeUnit } from '../conventions/convention.entity';
import type { PartyKind } from '../conventions/party.entity';
import type { SchoolType } from '../schools/school.entity';
import type {
  CommitteeKind,
  CommitteeScope,
  ConvenerRule,
  FrequencyRule,
  NoticeRule,
  PrerequisiteDocuments,
  QuorumRule,
  ReportObligation,
} from '../committees/committee-rules';
import type { ConventionDefinitionDto } from './dto/convention-definition.dto';
import type { CommitteeDefinitionDto, QuorumDefinitionDto, SeatDefinitionDto } from './dto/committee-definition.dto';
import { figureFor, seatCountFrom } from '../rules/seat-figures.rule';
import type { Figure, FigureReading, FollowedCount, SeatCountRule } from '../rules/seat-figures.rule';
import type { ReconveningRule } from '../rules/reconvening.rule';
import type { MinutesRule } from '../rules/minutes.rule';
import type { EventDeadlineRule } from '../rules/event-deadlines.rule';
import type { ConveningRequestRule } from '../rules/convening-request.rule';
import type { TermOfOfficeRule } from '../rules/terms-of-office.rule';
import type { ChairRotationRule } from '../rules/chair-rotation.rule';
import type { RepresentativesRule } from '../rules/representation.rule';
import { termApplies, termEndsOn } from '../rules/terms-of-office.rule';
import { canonicalUai, coverageOf, expandCommittee } from './definition-expansion';

/**
 * What the database must hold after importing a definition: rows keyed by their natural keys,
 * every optional field resolved to its default. The importer compares these with what is stored.
 */
export interface DefinitionPlan {
  convention: PlannedConvention;
  parties: PlannedParty[];
  schools: PlannedSchool[];
  amendments: PlannedAmendment[];
  coverage: Array<{ uai: string; amendmentReference: string | null }>;
  people: PlannedPerson[];
  committees: PlannedCommittee[];
}

export interface PlannedConvention {
  reference: string;
  title: string;
  description: string | null;
  timeZone: string;
  holidayCountry: string;
  holidayRegion: string | null;
  schoolZone: SchoolZone | null;
  academie: string | null;
  departement: string | null;
  figures: Figure[];
  signedOn: string;
  effectiveFrom: string;
  durationMonths: number | null;
  endsOn: string | null;
  tacitRenewal: boolean;
  terminationNotice: { amount: number | null; unit: NoticeUnit | null; form: string | null };
}

export interface PlannedParty {
  key: string;
  kind: PartyKind;
  name: string;
  representativeName: string | null;
  representativeTitle: string | null;
  address: string | null;
  email: string | null;
  position: number;
}

export interface PlannedSchool {
  uai: string;
  name: string;
  type: SchoolType;
  commune: string;
  circonscription: string | null;
  referenceCollegeUai: string | null;
  address: string | null;
  figures: Figure[];
}

export interface PlannedAmendment {
  reference: string;
  title: string;
  signedOn: string;
  effectiveOn: string | null;
  summary: string | null;
  addedSchoolUais: string[];
  removedSchoolUais: string[];
}

export interface PlannedPerson {
  email: string;
  fullName: string;
  title: string | null;
  organization: string | null;
  phone: string | null;
}

/** The columns of a committee row the definition decides (ids aside). */
export interface PlannedCommitteeFields {
  key: string;
  definitionKey: string;
  kind: CommitteeKind;
  name: string;
  scope: CommitteeScope;
  circonscription: string | null;
  schoolTypes: SchoolType[] | null;
  article: string | null;
  description: string | null;
  frequency: FrequencyRule;
  notice: NoticeRule;
  quorum: QuorumRule;
  reconvening: ReconveningRule | null;
  minutesRule: MinutesRule | null;
  eventDeadlines: EventDeadlineRule[];
  conveningOnRequest: ConveningRequestRule | null;
  termOfOffice: TermOfOfficeRule | null;
  chairRotation: ChairRotationRule | null;
  conveners: ConvenerRule[];
  chairSeatKeys: string[];
  chairRotates: boolean;
  meetsDuringSchoolHolidays: boolean;
  guestsAllowed: boolean;
  guestsText: string | null;
  membersDesignatedBy: string | null;
  prerequisites: PrerequisiteDocuments[];
  reports: ReportObligation[];
}

export interface PlannedCommittee {
  fields: PlannedCommitteeFields;
  schoolUai: string | null;
  seats: PlannedSeat[];
  /** null: the file does not manage this committee's memberships. */
  memberships: PlannedMembership[] | null;
}

export interface PlannedSeat {
  key: string;
  partyKey: string | null;
  role: string;
  count: number;
  countFollows: FollowedCount | null;
  groupLabel: string | null;
  mayBeRepresented: boolean;
  representedBy: RepresentativesRule | null;
  consultative: boolean;
  position: number;
}

export interface PlannedMembership {
  seatKey: string;
  email: string;
  startsOn: string;
  endsOn: string | null;
  substituteEmail: string | null;
}

const orNull = <T>(value: T | null | undefined): T | null => (value === undefined ? null : value);

/** The plan of a definition that passed validation (field rules and checkDefinition). */
export function planDefinition(definition: ConventionDefinitionDto): DefinitionPlan {
  const coverage = coverageOf(definition);
  return {
    convention: {
      reference: definition.reference,
      title: definition.title,
      description: orNull(definition.description),
      timeZone: definition.timeZone,
      holidayCountry: definition.holidays.country,
      holidayRegion: orNull(definition.holidays.region),
      schoolZone:
        definition.schoolZone ??
        schoolZoneOf(
          definition.parties.filter((party) => party.kind === 'academie').map((party) => party.name),
          definition.holidays.country,
        ),
      academie: orNull(definition.academie),
      departement: orNull(definition.departement),
      figures: figuresOf(definition.figures),
      signedOn: definition.signedOn,
      effectiveFrom: definition.effectiveFrom ?? definition.signedOn,
      durationMonths: orNull(definition.durationMonths),
      endsOn: orNull(definition.endsOn),
      tacitRenewal: definition.tacitRenewal ?? false,
      terminationNotice: {
        amount: definition.terminationNotice?.amount ?? null,
        unit: definition.terminationNotice?.unit ?? null,
        form: orNull(definition.terminationNotice?.form),
      },
    },
    parties: definition.parties.map((party, position) => ({
      key: party.key,
      kind: party.kind,
      name: party.name,
      representativeName: party.representative?.name ?? null,
      representativeTitle: orNull(party.representative?.title),
      address: orNull(party.address),
      email: party.email ? party.email.toLowerCase() : null,
      position,
    })),
    schools: (definition.schools ?? []).map((school) => ({
      uai: canonicalUai(school.uai),
      name: school.name,
      type: school.type,
      commune: school.commune,
      circonscription: orNull(school.circonscription),
      referenceCollegeUai: school.referenceCollege ? canonicalUai(school.referenceCollege) : null,
      address: orNull(school.address),
      figures: figuresOf(school.figures),
    })),
    amendments: (definition.amendments ?? []).map((amendment) => ({
      reference: amendment.reference,
      title: amendment.title,
      signedOn: amendment.signedOn,
      effectiveOn: orNull(amendment.effectiveOn),
      summary: orNull(amendment.summary),
      addedSchoolUais: (amendment.addSchools ?? []).map(canonicalUai),
      removedSchoolUais: (amendment.removeSchools ?? []).map(canonicalUai),
    })),
    coverage: coverage.covered.map(({ uai, amendment }) => ({ uai, amendmentReference: amendment })),
    people: (definition.people ?? []).map((person) => ({
      email: person.email.toLowerCase(),
      fullName: person.fullName,
      title: orNull(person.title),
      organization: orNull(person.organization),
      phone: orNull(person.phone),
    })),
    committees: (definition.committees ?? []).flatMap((committee) =>
      expandCommittee(committee, coverage).map((instance) => ({
        fields: { ...committeeFields(committee), key: instance.key, name: instance.name, circonscription: instance.circonscription },
        schoolUai: instance.schoolUai,
        seats: committee.seats.map((seat, position) => ({
          key: seat.key,
          partyKey: orNull(seat.party),
          role: seat.role,
          ...seatCount(seat, definition, instance.schoolUai),
          groupLabel: orNull(seat.group),
          mayBeRepresented: seat.mayBeRepresented ?? false,
          representedBy: seat.representedBy ? { people: seat.representedBy.people.map((email) => email.toLowerCase()), text: orNull(seat.representedBy.text) } : null,
          consultative: seat.consultative ?? false,
          position,
        })),
        memberships: committee.members
          ? committee.members
              .filter((member) => sameInstance(committee, member.instance, instance.instance))
              .map((member) => ({
                seatKey: member.seat,
                email: member.person.toLowerCase(),
                startsOn: member.startsOn,
                // A member named without an end holds the seat for one term when the text sets one.
                endsOn: orNull(member.endsOn) ?? defaultTermEnd(termOfOfficeRule(committee), member.seat, member.startsOn),
                substituteEmail: member.substitute ? member.substitute.toLowerCase() : null,
              }))
          : null,
      })),
    ),
  };
}

function sameInstance(committee: CommitteeDefinitionDto, named: string | null | undefined, instance: string | null): boolean {
  if (committee.scope === 'convention') return true;
  if (!named) return false;
  return committee.scope === 'school' ? canonicalUai(named) === instance : named === instance;
}

function quorumFields(quorum: QuorumDefinitionDto | null | undefined): QuorumRule {
  return {
    kind: quorum?.kind ?? 'none',
    share: orNull(quorum?.share),
    countsProxies: quorum?.countsProxies ?? false,
    proxiesAllowed: quorum?.proxiesAllowed ?? false,
    maxProxiesPerMember: orNull(quorum?.maxProxiesPerMember),
    majorityOf: quorum?.kind === 'majority' ? (quorum.majorityOf ?? 'seats') : null,
    overGroups: quorum?.overGroups?.length ? [...quorum.overGroups] : null,
    text: orNull(quorum?.text),
  };
}

function committeeFields(committee: CommitteeDefinitionDto): Omit<PlannedCommitteeFields, 'key' | 'name' | 'circonscription'> {
  const quorum = committee.quorum;
  return {
    definitionKey: committee.key,
    kind: committee.kind,
    scope: committee.scope,
    schoolTypes: committee.schoolTypes && committee.schoolTypes.length > 0 ? [...committee.schoolTypes] : null,
    article: orNull(committee.article),
    description: orNull(committee.description),
    frequency: {
      minimum: committee.frequency.minimum,
      period: committee.frequency.period,
      calendar: committee.frequency.calendar ?? 'civil',
      months: orNull(committee.frequency.months),
      counts: committee.frequency.counts ?? 'ordinary',
      text: orNull(committee.frequency.text),
    },
    notice: {
      days: committee.notice?.days ?? 0,
      dayKind: committee.notice?.dayKind ?? 'calendar',
      urgentDays: orNull(committee.notice?.urgentDays),
      text: orNull(committee.notice?.text),
    },
    quorum: quorumFields(quorum),
    reconvening: committee.reconvening
      ? {
          earliestDays: committee.reconvening.earliestDays,
          latestDays: committee.reconvening.latestDays,
          notice: committee.reconvening.notice
            ? { days: committee.reconvening.notice.days, dayKind: committee.reconvening.notice.dayKind ?? 'calendar', text: orNull(committee.reconvening.notice.text) }
            : null,
          quorum: committee.reconvening.quorum ? quorumFields(committee.reconvening.quorum) : null,
          text: orNull(committee.reconvening.text),
        }
      : null,
    minutesRule: committee.minutes
      ? {
          dueDays: committee.minutes.dueDays,
          dayKind: committee.minutes.dayKind ?? 'calendar',
          writtenBy: committee.minutes.writtenBy ? { party: orNull(committee.minutes.writtenBy.party), seat: orNull(committee.minutes.writtenBy.seat) } : null,
          rotatesAmong: committee.minutes.rotatesAmong?.length ? [...committee.minutes.rotatesAmong] : null,
          submitWithinDays: orNull(committee.minutes.submitWithinDays),
          approval: orNull(committee.minutes.approval),
          objectionDays: orNull(committee.minutes.objectionDays),
          text: orNull(committee.minutes.text),
        }
      : null,
    eventDeadlines: (committee.deadlines ?? []).map((deadline) => ({
      event: deadline.event,
      withinDays: deadline.withinDays,
      dayKind: deadline.dayKind ?? 'calendar',
      counts: deadline.counts ?? 'ordinary',
      text: orNull(deadline.text),
    })),
    conveningOnRequest: committee.onRequest
      ? {
          share: orNull(committee.onRequest.share),
          seats: [...(committee.onRequest.seats ?? [])],
          conveneWithinDays: committee.onRequest.conveneWithinDays,
          dayKind: committee.onRequest.dayKind ?? 'calendar',
          warningDays: committee.onRequest.warningDays ?? 5,
          text: orNull(committee.onRequest.text),
        }
      : null,
    termOfOffice: termOfOfficeRule(committee),
    chairRotation: committee.chairRotation
      ? {
          among: committee.chairRotation.among,
          order: [...committee.chairRotation.order],
          every: committee.chairRotation.every ?? 'sitting',
          calendar: committee.chairRotation.calendar ?? committee.frequency.calendar ?? 'civil',
          text: orNull(committee.chairRotation.text),
        }
      : null,
    conveners: committee.conveners.map((convener) => ({ partyKey: convener.party, seatKey: orNull(convener.seat), label: convener.label })),
    chairSeatKeys: [...(committee.chairs ?? [])],
    chairRotates: committee.chairRotates ?? false,
    meetsDuringSchoolHolidays: committee.meetsDuringSchoolHolidays ?? false,
    guestsAllowed: committee.guests?.allowed ?? false,
    guestsText: orNull(committee.guests?.text),
    membersDesignatedBy: orNull(committee.membersDesignatedBy),
    prerequisites: (committee.prerequisites ?? []).map((p) => ({ fromCommittee: p.fromCommittee, description: p.description })),
    reports: (committee.reports ?? []).map((r) => (r.text != null ? { kind: r.kind, period: r.period, text: r.text } : { kind: r.kind, period: r.period })),
  };
}

/** The committee's terms of office, defaults resolved; null when its text sets none. */
export function termOfOfficeRule(committee: CommitteeDefinitionDto): TermOfOfficeRule | null {
  const term = committee.termOfOffice;
  return term
    ? { months: term.months, renewals: orNull(term.renewals), warningDays: term.warningDays ?? 60, seats: [...(term.seats ?? [])], text: orNull(term.text) }
    : null;
}

function defaultTermEnd(rule: TermOfOfficeRule | null, seatKey: string, startsOn: string): string | null {
  return termApplies(rule, seatKey) ? termEndsOn(startsOn, rule) : null;
}

function figuresOf(figures: ReadonlyArray<{ name: string; value: number }> | null | undefined): Figure[] {
  return (figures ?? []).map((figure) => ({ name: figure.name, value: figure.value }));
}

/** The rule of a seat whose count follows a figure, defaults resolved; null for a written count. */
export function seatCountRule(seat: SeatDefinitionDto): SeatCountRule | null {
  const follows = seat.countFollows;
  return follows
    ? { figure: follows.figure, per: follows.per ?? 1, minimum: follows.minimum ?? 1, maximum: orNull(follows.maximum), text: orNull(follows.text) }
    : null;
}

/** The figure a seat of the committee instance for this school (or of the convention) follows. */
export function seatFigure(rule: SeatCountRule, definition: ConventionDefinitionDto, schoolUai: string | null): FigureReading | null {
  const school = schoolUai === null ? undefined : (definition.schools ?? []).find((candidate) => canonicalUai(candidate.uai) === schoolUai);
  return figureFor(rule.figure, school ? figuresOf(school.figures) : null, figuresOf(definition.figures));
}

function seatCount(seat: SeatDefinitionDto, definition: ConventionDefinitionDto, schoolUai: string | null): { count: number; countFollows: FollowedCount | null } {
  const rule = seatCountRule(seat);
  // The checks refuse a file whose figure is missing, so the reading is there when a plan is made.
  const reading = rule ? seatFigure(rule, definition, schoolUai) : null;
  if (!rule || !reading) return { count: seat.count ?? 1, countFollows: null };
  return { count: seatCountFrom(rule, reading.value), countFollows: { ...rule, value: reading.value, from: reading.from } };
}
