import { Injectable } from '@nestjs/common';
import { DataSource, In, MoreThan } from 'typeorm';
import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { Committee } from '../committees/committee.entity';
import { Seat } from '../committees/seat.entity';
import { Party } from '../conventions/party.entity';
import { Convocation } from '../convocations/convocation.entity';
import { Meeting } from '../meetings/meeting.entity';
import { Membership } from '../people/membership.entity';
import { Answer, ExpectedAttendance, QuorumForecast, quorumForecast } from '../rules/quorum.rule';
import { LocalDate, localDateOf } from '../rules/local-date';

/** A change of a committee's members, as a page proposes it before it is confirmed. */
export type MembershipChange =
  | { kind: 'end'; membershipId: string; endsOn: LocalDate }
  | { kind: 'add'; committeeId: string; seatKey: string; startsOn: LocalDate }
  /** A substitute named or changed: who holds the seat stays the same. */
  | { kind: 'substitute'; membershipId: string };

/** What the change does to one meeting still ahead. */
export interface MeetingEffect {
  meetingId: string;
  startsAt: Date;
  timeZone: string;
  convened: boolean;
  /** The quorum forecast of the meeting before and after the change (answers received, the others counted as coming at best). */
  before: QuorumForecast['outlook'];
  after: QuorumForecast['outlook'];
  /** The seat changed has fewer holders than places on the meeting's day, after the change. */
  seatVacant: boolean;
  /** Signatories with nobody who could come, after the change (names). */
  partiesWithoutAnyone: string[];
}

export interface MembershipChangeEffect {
  committeeId: string;
  committeeName: string;
  seatRole: string;
  /** The meetings ahead that the change reaches (from its date on), in order. */
  meetings: MeetingEffect[];
}

interface Holding {
  id: string;
  seatId: string;
  startsOn: LocalDate;
  endsOn: LocalDate | null;
}

const NEW_MEMBERSHIP = 'proposed';

/**
 * The effect on quorum of a change of members, before it is made: for each meeting of the
 * committee still ahead (scheduled, convened or not) that the change reaches, the quorum forecast
 * (the quorum rule's own) with the members in office on its day, before and after. Members already
 * convened count with their answer; the others as not having answered. Nothing is written.
 */
@Injectable()
export class MembershipEffectService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async of(change: MembershipChange): Promise<MembershipChangeEffect> {
    const manager = this.dataSource.manager;
    const target =
      change.kind === 'add'
        ? await manager.findOne(Seat, { where: { committeeId: change.committeeId, key: change.seatKey } })
        : await manager.findOne(Seat, { where: { memberships: { id: change.membershipId } } });
    if (!target) {
      throw change.kind === 'add' ? DomainError.notFound('seat', `key ${change.seatKey} in committee ${change.committeeId}`) : DomainError.notFound('membership', `id ${change.membershipId}`);
    }
    const committee = await manager.findOne(Committee, { where: { id: target.committeeId }, relations: { convention: true } });
    if (!committee) throw DomainError.notFound('committee', `id ${target.committeeId}`);
    const zone = committee.convention.timeZone;
    const [parties, seats, meetings] = await Promise.all([
      manager.find(Party, { where: { conventionId: committee.conventionId }, order: { position: 'ASC' } }),
      manager.find(Seat, { where: { committeeId: committee.id }, relations: { party: true } }),
      manager.find(Meeting, { where: { committeeId: committee.id, state: 'scheduled', startsAt: MoreThan(this.clock.now()) }, order: { startsAt: 'ASC' } }),
    ]);
    const holdings: Holding[] = await manager.find(Membership, { where: { seatId: In(seats.map((seat) => seat.id)) }, select: { id: true, seatId: true, startsOn: true, endsOn: true } });
    const changed = applied(holdings, change, target.id);
    const reached = meetings.filter((meeting) => reaches(change, holdings, localDateOf(meeting.startsAt, zone)));
    const convocations = reached.length
      ? await manager.find(Convocation, { where: { meetingId: In(reached.map((meeting) => meeting.id)), role: 'member' }, select: { id: true, meetingId: true, membershipId: true, answer: true, withdrawnAt: true } })
      : [];

    const quorumSeats = seats.map((seat) => ({ seatId: seat.id, partyKey: seat.party?.key ?? null, count: seat.count, consultative: seat.consultative, group: seat.groupLabel }));
    const partyOfSeat = new Map(seats.map((seat) => [seat.id, seat.party?.key ?? null]));
    const forecast = (day: LocalDate, held: Holding[], meetingId: string) => {
      const answerOf = new Map(
        convocations.filter((c) => c.meetingId === meetingId && c.withdrawnAt === null && c.membershipId).map((c) => [c.membershipId as string, forecastAnswer(c.answer)]),
      );
      const answers: ExpectedAttendance[] = inOffice(held, day).map((holding) => ({
        membershipId: holding.id,
        seatId: holding.seatId,
        partyKey: partyOfSeat.get(holding.seatId) ?? null,
        answer: answerOf.get(holding.id) ?? 'no_answer',
      }));
      return quorumForecast({ rule: committee.quorum, seats: quorumSeats, partyKeys: parties.map((party) => party.key), answers });
    };

    return {
      committeeId: committee.id,
      committeeName: committee.name,
      seatRole: target.role,
      meetings: reached.map((meeting) => {
        const day = localDateOf(meeting.startsAt, zone);
        const before = forecast(day, holdings, meeting.id);
        const after = forecast(day, changed, meeting.id);
        const missing = new Set(after.ifAllUnansweredCome.missingParties);
        return {
          meetingId: meeting.id,
          startsAt: meeting.startsAt,
          timeZone: zone,
          convened: meeting.convenedAt !== null,
          before: before.outlook,
          after: after.outlook,
          seatVacant: inOffice(changed, day).filter((holding) => holding.seatId === target.id).length < target.count,
          partiesWithoutAnyone: parties.filter((party) => missing.has(party.key)).map((party) => party.name),
        };
      }),
    };
  }
}

function inOffice(holdings: Holding[], day: LocalDate): Holding[] {
  return holdings.filter((holding) => holding.startsOn <= day && (holding.endsOn === null || holding.endsOn >= day));
}

/** The memberships as they would be once the change is made. */
function applied(holdings: Holding[], change: MembershipChange, seatId: string): Holding[] {
  switch (change.kind) {
    case 'end':
      return holdings.map((holding) => (holding.id === change.membershipId ? { ...holding, endsOn: change.endsOn } : holding));
    case 'add':
      return [...holdings, { id: NEW_MEMBERSHIP, seatId, startsOn: change.startsOn, endsOn: null }];
    case 'substitute':
      return holdings;
  }
}

/** Whether a meeting on `day` sees the change: after the last day of an ended term, from the first day of a new one; a substitute from now on. */
function reaches(change: MembershipChange, holdings: Holding[], day: LocalDate): boolean {
  switch (change.kind) {
    case 'end': {
      const holding = holdings.find((candidate) => candidate.id === change.membershipId);
      return day > change.endsOn && (holding?.endsOn === null || (holding?.endsOn ?? '') >= day);
    }
    case 'add':
      return day >= change.startsOn;
    case 'substitute': {
      const holding = holdings.find((candidate) => candidate.id === change.membershipId);
      return !!holding && inOffice([holding], day).length === 1;
    }
  }
}

/** A convened member's answer as the forecast reads it (as the meeting page's answers do): « peut-être » is no promise. */
function forecastAnswer(answer: Convocation['answer']): Answer {
  switch (answer) {
    case 'accepted':
      return 'accepted';
    case 'declined':
      return 'declined';
    case 'substitute':
      return 'substitute';
    default:
      return 'no_answer';
  }
}
