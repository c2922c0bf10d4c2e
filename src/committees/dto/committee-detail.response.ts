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

  @ApiProperty({ description: '"ou son représentant"' })
  mayBeRepresented: boolean;

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
}

/**
 * `committee` comes with its convention (and the convention's parties), its school and its seats
 * (with their party); `members` are the memberships held on `on`, with person and substitute.
 */
export function toCommitteeDetailResponse(committee: Committee, parties: Party[], members: Membership[], on: string): CommitteeDetailResponse {
  const seats = [...committee.seats].sort((a, b) => a.position - b.position || a.key.localeCompare(b.key)).map((seat) => toSeatResponse(seat, members));
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
  };
}

function toSeatResponse(seat: Seat, memberships: Membership[]): CommitteeSeatResponse {
  const members = memberships
    .filter((membership) => membership.seatId === seat.id)
    .sort((a, b) => a.startsOn.localeCompare(b.startsOn) || a.person.fullName.localeCompare(b.person.fullName, 'fr'))
    .map(toSeatMemberResponse);
  // Only the API's capacity check keeps seats within their count; data written otherwise may not be.
  const filled = Math.min(members.length, seat.count);
  return {
    id: seat.id,
    key: seat.key,
    party: seat.party ? { key: seat.party.key, kind: seat.party.kind, name: seat.party.name } : null,
    group: seat.groupLabel,
    role: seat.role,
    count: seat.count,
    mayBeRepresented: seat.mayBeRepresented,
    consultative: seat.consultative,
    filled,
    vacant: seat.count - filled,
    members,
  };
}

function toSeatMemberResponse(membership: Membership): SeatMemberResponse {
  const { person, substitute } = membership;
  return {
    membershipId: membership.id,
    person: {
      id: person.id,
      fullName: person.fullName,
      email: person.email,
      title: person.title,
      organization: person.organization,
    },
    startsOn: membership.startsOn,
    endsOn: membership.endsOn,
    substitute: substitute ? { id: substitute.id, fullName: substitute.fullName, email: substitute.email } : null,
  };
}
