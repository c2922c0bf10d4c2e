import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import {
  COMMITTEE_KINDS,
  COMMITTEE_SCOPES,
  CommitteeKind,
  CommitteeScope,
  NOTICE_DAY_KINDS,
  NoticeDayKind,
  PERIOD_CALENDARS,
  PERIOD_UNITS,
  PeriodCalendar,
  PeriodUnit,
  QUORUM_KINDS,
  COUNTED_MEETING_KINDS,
  CountedMeetingKinds,
  MAJORITY_BASES,
  MajorityBase,
  QuorumKind,
  REPORT_KINDS,
  ReportKind,
} from '../committee-rules';
import { Committee } from '../committee.entity';
import { Seat } from '../seat.entity';
import { Membership } from '../../people/membership.entity';
import { addDays } from '../../rules/local-date';
import { termApplies, termStanding } from '../../rules/terms-of-office.rule';
import { effectiveChairRotation } from '../../rules/chair-rotation.rule';
import { ChairRotationResponse } from '../../meetings/dto/chair.response';
import { seatCountReason } from '../../rules/seat-figures.rule';
import type { HeldTerm, TermOfOfficeRule } from '../../rules/terms-of-office.rule';
import { PARTY_KINDS, Party, PartyKind } from '../../conventions/party.entity';
import { CommitteeSchoolResponse } from './committee-summary.response';

export class CommitteeConventionResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  reference: string;

  @ApiProperty()
  title: string;

  @ApiProperty({ example: 'Europe/Paris' })
  timeZone: string;
}

export class FrequencyResponse {
  @ApiProperty({ description: 'At least this many meetings per period; 0 means "as needed"' })
  minimum: number;

  @ApiProperty({ enum: PERIOD_UNITS })
  period: PeriodUnit;

  @ApiProperty({ enum: PERIOD_CALENDARS })
  calendar: PeriodCalendar;

  @ApiProperty({ type: Number, nullable: true, description: 'Length of a period when period is months' })
  months: number | null;

  @ApiProperty({ enum: COUNTED_MEETING_KINDS, description: 'Which sittings count towards the minimum: ordinary ones, or any' })
  counts: CountedMeetingKinds;

  @ApiProperty({ type: String, nullable: true, example: 'au moins une fois par semestre' })
  text: string | null;
}

export class NoticeResponse {
  @ApiProperty()
  days: number;

  @ApiProperty({ enum: NOTICE_DAY_KINDS })
  dayKind: NoticeDayKind;

  @ApiProperty({ type: Number, nullable: true, description: 'Shorter notice for a meeting marked urgent; null when the text allows none' })
  urgentDays: number | null;

  @ApiProperty({ type: String, nullable: true })
  text: string | null;
}

@ApiSchema({ name: 'QuorumRuleResponse' })
export class QuorumResponse {
  @ApiProperty({ enum: QUORUM_KINDS })
  kind: QuorumKind;

  @ApiProperty({ type: Number, nullable: true, description: 'Share of the places when kind is share' })
  share: number | null;

  @ApiProperty()
  countsProxies: boolean;

  @ApiProperty()
  proxiesAllowed: boolean;

  @ApiProperty({ type: Number, nullable: true })
  maxProxiesPerMember: number | null;

  @ApiProperty({ enum: MAJORITY_BASES, nullable: true, description: 'With kind majority: more than half of the seats, or of the members in office' })
  majorityOf: MajorityBase | null;

  @ApiProperty({ type: [String], nullable: true, description: 'Only the seats of these groups count; every voting seat when null' })
  overGroups: string[] | null;

  @ApiProperty({ type: String, nullable: true })
  text: string | null;
}

export class PartyRefResponse {
  @ApiProperty()
  key: string;

  @ApiProperty({ type: String, nullable: true, description: 'Null only if the key names no party of the convention' })
  name: string | null;
}

export class SeatRoleResponse {
  @ApiProperty()
  key: string;

  @ApiProperty({ type: String, nullable: true, description: 'Null only if the key names no seat of the committee' })
  role: string | null;
}

export class ConvenerResponse {
  @ApiProperty({ type: () => PartyRefResponse })
  party: PartyRefResponse;

  @ApiProperty({ type: () => SeatRoleResponse, nullable: true, description: 'The seat whose holder convenes, when one does' })
  seat: SeatRoleResponse | null;

  @ApiProperty({ example: "le directeur d'école" })
  label: string;
}

export class ChairResponse {
  @ApiProperty()
  seatKey: string;

  @ApiProperty({ type: String, nullable: true, description: 'Null only if the key names no seat of the committee' })
  role: string | null;
}

export class GuestsResponse {
  @ApiProperty()
  allowed: boolean;

  @ApiProperty({ type: String, nullable: true })
  text: string | null;
}

export class PrerequisiteResponse {
  @ApiProperty({ description: 'Definition key of the committee that sends the documents first' })
  fromCommittee: string;

  @ApiProperty()
  description: string;
}

@ApiSchema({ name: 'ReportObligationResponse' })
export class ReportResponse {
  @ApiProperty({ enum: REPORT_KINDS })
  kind: ReportKind;

  @ApiProperty({ enum: PERIOD_UNITS })
  period: PeriodUnit;

  @ApiProperty({ type: String, nullable: true })
  text: string | null;
}

export class CommitteeRulesResponse {
  @ApiProperty({ type: () => FrequencyResponse })
  frequency: FrequencyResponse;

  @ApiProperty({ type: () => NoticeResponse })
  notice: NoticeResponse;

  @ApiProperty({ type: () => QuorumResponse })
  quorum: QuorumResponse;

  @ApiProperty({ type: () => [ConvenerResponse] })
  conveners: ConvenerResponse[];

  @ApiProperty({ type: () => [ChairResponse] })
  chairs: ChairResponse[];

  @ApiProperty()
  chairRotates: boolean;

  @ApiProperty({ type: () => ChairRotationResponse, nullable: true, description: 'Who chairs which sitting: the rotation among parties or seats (chairRotates reads as the chairs\' seats in turn, sitting after sitting); null when the chair does not rotate. GET /meetings/:id/chair says whose turn a sitting is' })
  chairRotation: ChairRotationResponse | null;

  @ApiProperty({ type: () => GuestsResponse })
  guests: GuestsResponse;

  @ApiProperty({ type: () => [PrerequisiteResponse] })
  prerequisites: PrerequisiteResponse[];

  @ApiProperty({ type: () => [ReportResponse] })
  reports: ReportResponse[];

  @ApiProperty({ type: String, nullable: true, description: 'Definition key of the committee whose members designate this one\'s' })
  membersDesignatedBy: string | null;
}

export class SeatPartyResponse {
  @ApiProperty()
  key: string;

  @ApiProperty({ enum: PARTY_KINDS })
  kind: PartyKind;

  @ApiProperty()
  name: string;
}

export class MemberPersonResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  fullName: string;

  @ApiProperty()
  email: string;

  @ApiProperty({ type: String, nullable: true })
  title: string | null;

  @ApiProperty({ type: String, nullable: true })
  organization: string | null;
}

export class SubstituteResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  fullName: string;

  @ApiProperty()
  email: string;
}

export class TermStandingResponse {
  @ApiProperty({ enum: ['in_office', 'expiring', 'ended'], description: 'expiring: ends within the warning days of the committee\'s rule' })
  status: 'in_office' | 'expiring' | 'ended';

  @ApiProperty({ format: 'date', description: 'Last day of the term' })
  endsOn: string;

  @ApiProperty({ description: 'Days left after the day asked for (0 on the last day)' })
  daysLeft: number;

  @ApiProperty({ description: 'Terms of the same person on the seat that this one renews, in a row' })
  renewalsUsed: number;

  @ApiProperty()
  mayBeRenewed: boolean;

  @ApiProperty()
  reason: string;
}

export class EndedTermResponse {
  @ApiProperty({ format: 'uuid' })
  membershipId: string;

  @ApiProperty()
  seatKey: string;

  @ApiProperty({ type: () => MemberPersonResponse })
  person: MemberPersonResponse;

  @ApiProperty({ type: () => TermStandingResponse })
  term: TermStandingResponse;
}

export class RepresentedByResponse {
  @ApiProperty({ type: [String], description: 'Emails of the people who may represent the holder' })
  people: string[];

  @ApiProperty({ type: String, nullable: true })
  text: string | null;
}

export class TermOfOfficeRuleResponse {
  @ApiProperty()
  months: number;

  @ApiProperty({ type: Number, nullable: true, description: 'Renewals allowed in a row; null: no limit' })
  renewals: number | null;

  @ApiProperty()
  warningDays: number;

  @ApiProperty({ type: [String], description: 'Seats concerned; every seat when empty' })
  seats: string[];

  @ApiProperty({ type: String, nullable: true })
  text: string | null;
}

export class SeatMemberResponse {
  @ApiProperty({ format: 'uuid' })
  membershipId: string;

  @ApiProperty({ type: () => MemberPersonResponse })
  person: MemberPersonResponse;

  @ApiProperty({ format: 'date' })
  startsOn: string;

  @ApiProperty({ type: String, format: 'date', nullable: true })
  endsOn: string | null;

  @ApiProperty({ type: () => SubstituteResponse, nullable: true })
  substitute: SubstituteResponse | null;

  @ApiProperty({ type: () => TermStandingResponse, nullable: true, description: 'Where the term of office stands; null when the committee\'s text sets none for the seat' })
  term: TermStandingResponse | null;
}

export class SeatCountFollowsResponse {
  @ApiProperty({ example: 'classes' })
  figure: string;

  @ApiProperty({ description: 'The figure as stated' })
  value: number;

  @ApiProperty({ enum: ['school', 'convention'], description: 'Where the figure was stated' })
  from: 'school' | 'convention';

  @ApiProperty({ description: 'One place per this many of the figure, rounded up' })
  per: number;

  @ApiProperty()
  minimum: number;

  @ApiProperty({ type: Number, nullable: true })
  maximum: number | null;

  @ApiProperty({ type: String, nullable: true })
  text: string | null;

  @ApiProperty()
  reason: string;
}

export class CommitteeSeatResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  key: string;

  @ApiProperty({ type: () => SeatPartyResponse, nullable: true, description: 'Null for seats that represent no signatory (parents, établissements)' })
  party: SeatPartyResponse | null;

  @ApiProperty({ type: String, nullable: true, description: 'Heading the convention lists the seat under, when not the party' })
  group: string | null;

  @ApiProperty({ example: "l'IEN de circonscription" })
  role: string;

  @ApiProperty({ description: 'How many people hold this role' })
  count: number;

  @ApiProperty({ type: () => SeatCountFollowsResponse, nullable: true, description: '« Autant que de classes »: the figure the count follows; null when the committee writes it' })
  countFollows: SeatCountFollowsResponse | null;

  @ApiProperty({ description: '"ou son représentant"' })
  mayBeRepresented: boolean;

  @ApiProperty({ type: () => RepresentedByResponse, nullable: true, description: '« … ou l\'un de ses adjoints »: the only people who may represent the holder; null: anyone who does not sit that day (when mayBeRepresented)' })
  representedBy: RepresentedByResponse | null;

  @ApiProperty({ description: '« Avec voix consultative »: sits, never counted for the quorum' })
  consultative: boolean;

  @ApiProperty()
  filled: number;

  @ApiProperty()
  vacant: number;

  @ApiProperty({ type: () => [SeatMemberResponse], description: 'Members on the day asked for' })
  members: SeatMemberResponse[];
}

export class CommitteeTotalsResponse {
  @ApiProperty()
  places: number;

  @ApiProperty()
  filled: number;

  @ApiProperty()
  vacant: number;
}

export class CommitteeDetailResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ type: () => CommitteeConventionResponse })
  convention: CommitteeConventionResponse;

  @ApiProperty()
  key: string;

  @ApiProperty()
  definitionKey: string;

  @ApiProperty({ enum: COMMITTEE_KINDS })
  kind: CommitteeKind;

  @ApiProperty()
  name: string;

  @ApiProperty({ enum: COMMITTEE_SCOPES })
  scope: CommitteeScope;

  @ApiProperty({ type: () => CommitteeSchoolResponse, nullable: true })
  school: CommitteeSchoolResponse | null;

  @ApiProperty({ type: String, nullable: true })
  circonscription: string | null;

  @ApiProperty({ type: String, nullable: true, example: '3.1' })
  article: string | null;

  @ApiProperty({ type: String, nullable: true })
  description: string | null;

  @ApiProperty({ type: () => CommitteeRulesResponse })
  rules: CommitteeRulesResponse;

  @ApiProperty({ format: 'date', description: 'The day members are shown for' })
  on: string;

  @ApiProperty({ type: () => [CommitteeSeatResponse], description: 'In the order the convention lists them' })
  seats: CommitteeSeatResponse[];

  @ApiProperty({ type: () => CommitteeTotalsResponse })
  totals: CommitteeTotalsResponse;

  @ApiProperty({ type: () => TermOfOfficeRuleResponse, nullable: true })
  termOfOffice: TermOfOfficeRuleResponse | null;

  @ApiProperty({ type: () => [EndedTermResponse], description: 'Terms ended within the last year whose seat nobody took up since: the seat is vacant' })
  termsEnded: EndedTermResponse[];
}

/**
 * `committee` comes with its convention (and the convention's parties), its school and its seats
 * (with their party); `members` are the memberships held on `on`, with person and substitute.
 */
export function toCommitteeDetailResponse(committee: Committee, parties: Party[], members: Membership[], on: string, history: Membership[] = members): CommitteeDetailResponse {
  const terms = new TermReader(committee, history, on);
  const seats = [...committee.seats].sort((a, b) => a.position - b.position || a.key.localeCompare(b.key)).map((seat) => toSeatResponse(seat, members, terms));
  const places = seats.reduce((sum, seat) => sum + seat.count, 0);
  const filled = seats.reduce((sum, seat) => sum + seat.filled, 0);
  const partyByKey = new Map(parties.map((party) => [party.key, party]));
  const seatByKey = new Map(committee.seats.map((seat) => [seat.key, seat]));
  return {
    id: committee.id,
    convention: {
      id: committee.convention.id,
      reference: committee.convention.reference,
      title: committee.convention.title,
      timeZone: committee.convention.timeZone,
    },
    key: committee.key,
    definitionKey: committee.definitionKey,
    kind: committee.kind,
    name: committee.name,
    scope: committee.scope,
    school: committee.school ? { uai: committee.school.uai, name: committee.school.name } : null,
    circonscription: committee.circonscription,
    article: committee.article,
    description: committee.description,
    rules: {
      frequency: {
        minimum: committee.frequency.minimum,
        period: committee.frequency.period,
        calendar: committee.frequency.calendar,
        months: committee.frequency.months,
        counts: committee.frequency.counts,
        text: committee.frequency.text,
      },
      notice: { days: committee.notice.days, dayKind: committee.notice.dayKind, urgentDays: committee.notice.urgentDays, text: committee.notice.text },
      quorum: {
        kind: committee.quorum.kind,
        share: committee.quorum.share,
        countsProxies: committee.quorum.countsProxies,
        proxiesAllowed: committee.quorum.proxiesAllowed,
        maxProxiesPerMember: committee.quorum.maxProxiesPerMember,
        majorityOf: committee.quorum.majorityOf,
        overGroups: committee.quorum.overGroups,
        text: committee.quorum.text,
      },
      conveners: committee.conveners.map((convener) => {
        const seat = convener.seatKey === null ? undefined : seatByKey.get(convener.seatKey);
        return {
          party: { key: convener.partyKey, name: partyByKey.get(convener.partyKey)?.name ?? null },
          seat: convener.seatKey === null ? null : { key: convener.seatKey, role: seat?.role ?? null },
          label: convener.label,
        };
      }),
      chairs: committee.chairSeatKeys.map((seatKey) => ({ seatKey, role: seatByKey.get(seatKey)?.role ?? null })),
      chairRotates: committee.chairRotates,
      chairRotation: rotationResponse(committee),
      guests: { allowed: committee.guestsAllowed, text: committee.guestsText },
      prerequisites: committee.prerequisites.map((prerequisite) => ({
        fromCommittee: prerequisite.fromCommittee,
        description: prerequisite.description,
      })),
      reports: committee.reports.map((report) => ({ kind: report.kind, period: report.period, text: report.text ?? null })),
      membersDesignatedBy: committee.membersDesignatedBy,
    },
    on,
    seats,
    totals: { places, filled, vacant: places - filled },
    termOfOffice: committee.termOfOffice ? { ...committee.termOfOffice } : null,
    termsEnded: terms.endedWithoutSuccessor(),
  };
}

function rotationResponse(committee: Committee): ChairRotationResponse | null {
  const rotation = effectiveChairRotation(committee);
  return rotation ? { ...rotation, order: [...rotation.order] } : null;
}

/** The terms of office of a committee's members on a day, read from every membership of its seats. */
class TermReader {
  private readonly seatKeyOf: Map<string, string>;

  constructor(
    private readonly committee: Committee,
    private readonly history: Membership[],
    private readonly on: string,
  ) {
    this.seatKeyOf = new Map(committee.seats.map((seat) => [seat.id, seat.key]));
  }

  private get rule(): TermOfOfficeRule | null {
    return this.committee.termOfOffice;
  }

  standing(membership: Membership): TermStandingResponse | null {
    const rule = this.rule;
    if (!termApplies(rule, this.seatKeyOf.get(membership.seatId) ?? '')) return null;
    const others: HeldTerm[] = this.history.filter((other) => other.seatId === membership.seatId && other.id !== membership.id);
    return termStanding(membership, others, rule, this.on);
  }

  /** Terms ended in the last year with nobody appointed to the seat since. */
  endedWithoutSuccessor(): EndedTermResponse[] {
    const yearAgo = addDays(this.on, -365);
    return this.history
      .filter((membership) => membership.endsOn !== null && membership.endsOn < this.on && membership.endsOn >= yearAgo)
      .filter((membership) => !this.history.some((other) => other.seatId === membership.seatId && other.startsOn > (membership.endsOn as string)))
      .flatMap((membership) => {
        const term = this.standing(membership);
        return term ? [{ membershipId: membership.id, seatKey: this.seatKeyOf.get(membership.seatId) as string, person: toMemberPerson(membership), term }] : [];
      })
      .sort((a, b) => a.term.endsOn.localeCompare(b.term.endsOn));
  }
}

function toSeatResponse(seat: Seat, memberships: Membership[], terms: TermReader): CommitteeSeatResponse {
  const members = memberships
    .filter((membership) => membership.seatId === seat.id)
    .sort((a, b) => a.startsOn.localeCompare(b.startsOn) || a.person.fullName.localeCompare(b.person.fullName, 'fr'))
    .map((membership) => toSeatMemberResponse(membership, terms));
  // Only the API's capacity check keeps seats within their count; data written otherwise may not be.
  const filled = Math.min(members.length, seat.count);
  return {
    id: seat.id,
    key: seat.key,
    party: seat.party ? { key: seat.party.key, kind: seat.party.kind, name: seat.party.name } : null,
    group: seat.groupLabel,
    role: seat.role,
    count: seat.count,
    countFollows: seat.countFollows ? { ...seat.countFollows, reason: seatCountReason(seat.countFollows, seat.countFollows) } : null,
    mayBeRepresented: seat.mayBeRepresented,
    representedBy: seat.representedBy ? { people: [...seat.representedBy.people], text: seat.representedBy.text } : null,
    consultative: seat.consultative,
    filled,
    vacant: seat.count - filled,
    members,
  };
}

function toMemberPerson({ person }: Membership): MemberPersonResponse {
  return { id: person.id, fullName: person.fullName, email: person.email, title: person.title, organization: person.organization };
}

function toSeatMemberResponse(membership: Membership, terms: TermReader): SeatMemberResponse {
  const { substitute } = membership;
  return {
    membershipId: membership.id,
    person: toMemberPerson(membership),
    startsOn: membership.startsOn,
    endsOn: membership.endsOn,
    substitute: substitute ? { id: substitute.id, fullName: substitute.fullName, email: substitute.email } : null,
    term: terms.standing(membership),
  };
}
