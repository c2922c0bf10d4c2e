import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { DomainError, FieldError } from '../common/domain-error';
import type { ErrorCode } from '../common/error-codes';
import { Committee } from '../committees/committee.entity';
import { Seat } from '../committees/seat.entity';
import { Party } from '../conventions/party.entity';
import { Membership } from '../people/membership.entity';
import { localDateOf } from '../rules/local-date';
import { Attendance as QuorumAttendance, quorumReached, quorumRuleProblem } from '../rules/quorum.rule';
import { ReconveningRule, reconvenedQuorum } from '../rules/reconvening.rule';
import { standInDecision } from '../rules/representation.rule';
import { Attendance } from './attendance.entity';
import { Clock } from '../common/clock';
import { Meeting } from './meeting.entity';
import { checkVersion, findCommittee, findPeople, lockMeeting, membershipsOn, requireState } from './meeting-lookups';
import { meetingView } from './meeting-views';
import { MeetingResponse } from './dto/meeting.response';
import { MinutesDto } from './dto/minutes.dto';
import { AttendanceEntryDto, RecordHeldDto } from './dto/record-held.dto';

function refuse(code: ErrorCode, message: string, field: string): DomainError {
  return new DomainError('rule', code, message, { field });
}

/** Shape errors that need no database: the stand-in fields that go with each status. */
function standInFieldErrors(entries: AttendanceEntryDto[]): FieldError[] {
  const fields: FieldError[] = [];
  const seen = new Set<string>();
  entries.forEach((entry, index) => {
    const at = `attendance[${index}]`;
    if (seen.has(entry.personId)) fields.push({ path: `${at}.personId`, code: 'duplicate', message: 'is listed more than once' });
    seen.add(entry.personId);
    if (entry.status === 'substituted' && entry.substitutePersonId === undefined) {
      fields.push({ path: `${at}.substitutePersonId`, code: 'required', message: 'is required when the status is substituted' });
    }
    if (entry.status !== 'substituted' && entry.substitutePersonId !== undefined) {
      fields.push({ path: `${at}.substitutePersonId`, code: 'not_allowed_here', message: 'is only given when the status is substituted' });
    }
    if (entry.status === 'represented' && entry.proxyHolderPersonId === undefined) {
      fields.push({ path: `${at}.proxyHolderPersonId`, code: 'required', message: 'is required when the status is represented' });
    }
    if (entry.status !== 'represented' && entry.proxyHolderPersonId !== undefined) {
      fields.push({ path: `${at}.proxyHolderPersonId`, code: 'not_allowed_here', message: 'is only given when the status is represented' });
    }
  });
  return fields;
}

/**
 * Recording a meeting as held: who came, whether the quorum was reached; then its minutes and
 * decisions.
 */
@Injectable()
export class MeetingRecordsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async recordHeld(meetingId: string, dto: RecordHeldDto): Promise<MeetingResponse> {
    const shapeErrors = standInFieldErrors(dto.attendance);
    if (shapeErrors.length > 0) throw DomainError.invalid(shapeErrors);

    return this.dataSource.transaction(async (manager) => {
      const meeting = await lockMeeting(manager, meetingId);
      checkVersion(meeting, dto.version);
      // Recording again corrects the attendance of a meeting already recorded as held.
      requireState(meeting, ['scheduled', 'held'], 'record the meeting as held');
      const now = this.clock.now();
      if (now.getTime() < meeting.startsAt.getTime()) {
        throw new DomainError('rule', 'meeting_not_started', `The meeting starts at ${meeting.startsAt.toISOString()}; it cannot be recorded as held before`, {
          startsAt: meeting.startsAt.toISOString(),
        });
      }
      const committee = await findCommittee(manager, meeting.committeeId);
      // A second sitting after a failed quorum is judged by the quorum the text sets for it.
      const secondSitting = meeting.reconvenesMeetingId !== null && committee.reconvening !== null;
      const quorumRule = secondSitting ? reconvenedQuorum(committee.reconvening as ReconveningRule) : committee.quorum;
      const ruleProblem = quorumRuleProblem(quorumRule);
      if (ruleProblem) {
        throw new DomainError('rule', 'quorum_rule_unusable', `The quorum rule of committee ${committee.key} cannot be applied: ${ruleProblem}`);
      }
      const day = localDateOf(meeting.startsAt, committee.convention.timeZone);
      const memberships = await membershipsOn(manager, committee.id, day);
      // A person holding two seats of the committee is recorded once, on the first seat.
      const membershipOf = new Map<string, Membership>();
      for (const membership of memberships) {
        if (!membershipOf.has(membership.personId)) membershipOf.set(membership.personId, membership);
      }

      const guestsPresent = dto.guestsPresent ?? [];
      const named = await findPeople(manager, [
        ...dto.attendance.flatMap((entry, index) => [
          { path: `attendance[${index}].personId`, id: entry.personId },
          ...(entry.substitutePersonId ? [{ path: `attendance[${index}].substitutePersonId`, id: entry.substitutePersonId }] : []),
          ...(entry.proxyHolderPersonId ? [{ path: `attendance[${index}].proxyHolderPersonId`, id: entry.proxyHolderPersonId }] : []),
        ]),
        ...guestsPresent.map((id, index) => ({ path: `guestsPresent[${index}]`, id })),
      ]);
      this.checkEntries(committee, day, dto.attendance, membershipOf, named);
      this.checkGuests(committee, day, guestsPresent, membershipOf);

      const statusOf = new Map(dto.attendance.map((entry) => [entry.personId, entry]));
      const rows = [...membershipOf.values()].map((membership) => {
        const entry = statusOf.get(membership.personId);
        return {
          meetingId,
          personId: membership.personId,
          membershipId: membership.id,
          guest: false,
          status: entry?.status ?? 'absent',
          substitutePersonId: entry?.substitutePersonId ?? null,
          proxyHolderPersonId: entry?.proxyHolderPersonId ?? null,
        };
      });
      const guestRows = guestsPresent.map((personId) => ({
        meetingId,
        personId,
        membershipId: null,
        guest: true,
        status: 'present' as const,
        substitutePersonId: null,
        proxyHolderPersonId: null,
      }));

      const decision = quorumReached({
        rule: quorumRule,
        seats: (await manager.find(Seat, { where: { committeeId: committee.id }, relations: { party: true } })).map((seat) => ({
          seatId: seat.id,
          partyKey: seat.party?.key ?? null,
          count: seat.count,
          consultative: seat.consultative,
          group: seat.groupLabel,
        })),
        partyKeys: (await manager.find(Party, { where: { conventionId: committee.conventionId }, order: { position: 'ASC' } })).map((party) => party.key),
        attendance: rows.map((row): QuorumAttendance => {
          const membership = membershipOf.get(row.personId) as Membership;
          return {
            membershipId: membership.id,
            seatId: membership.seatId,
            partyKey: membership.seat.party?.key ?? null,
            status: row.status,
            proxyHolderMembershipId: row.proxyHolderPersonId ? (membershipOf.get(row.proxyHolderPersonId)?.id ?? null) : null,
          };
        }),
        guests: guestRows,
      });

      // Removed row by row, not by criteria, so that the audit trail keeps the attendance it replaces.
      await manager.remove(await manager.find(Attendance, { where: { meetingId } }));
      if (rows.length + guestRows.length > 0) await manager.insert(Attendance, [...rows, ...guestRows]);
      meeting.state = 'held';
      meeting.heldRecordedAt = now;
      meeting.quorumReached = decision.reached;
      meeting.quorumReasons = secondSitting
        ? [`Second sitting after the failed quorum of ${await firstSittingDay(manager, meeting, committee.convention.timeZone)}: judged by its own quorum rule (${quorumRule.kind === 'none' ? 'whatever the number present' : quorumRule.kind}).`, ...decision.reasons]
        : decision.reasons;
      if (dto.minutes !== undefined) meeting.minutes = dto.minutes;
      if (dto.minutes !== undefined && meeting.minutesWrittenAt === null) meeting.minutesWrittenAt = now;
      if (dto.decisions !== undefined) meeting.decisions = dto.decisions.map(({ title, description }) => (description === undefined ? { title } : { title, description }));
      await manager.save(meeting);
      return meetingView(manager, meetingId);
    });
  }

  async writeMinutes(meetingId: string, dto: MinutesDto): Promise<MeetingResponse> {
    return this.dataSource.transaction(async (manager: EntityManager) => {
      const meeting: Meeting = await lockMeeting(manager, meetingId);
      checkVersion(meeting, dto.version);
      requireState(meeting, ['held'], 'write minutes');
      meeting.minutes = dto.minutes;
      // The first writing is what the minutes rule's delay is measured against; corrections keep it.
      if (meeting.minutesWrittenAt === null) meeting.minutesWrittenAt = this.clock.now();
      meeting.decisions = dto.decisions.map(({ title, description }) => (description === undefined ? { title } : { title, description }));
      await manager.save(meeting);
      return meetingView(manager, meetingId);
    });
  }

  /**
   * Each person listed holds a seat on the day; a substitute stands in only for the member whose
   * recorded substitute they are, or for a seat that may be represented, anyone who does not sit
   * in the committee that day (rules/representation.rule.ts); a proxy goes to a member who is there, and only where the
   * committee's quorum rule allows proxies.
   */
  private checkEntries(committee: Committee, day: string, entries: AttendanceEntryDto[], membershipOf: Map<string, Membership>, named: Map<string, { email: string }>): void {
    const statusOf = new Map(entries.map((entry) => [entry.personId, entry.status]));
    const standingIn = new Map<string, number>();
    entries.forEach((entry, index) => {
      const at = `attendance[${index}]`;
      const membership = membershipOf.get(entry.personId);
      if (!membership) {
        throw refuse('not_a_member', `Person ${entry.personId} holds no seat in committee ${committee.key} on ${day}`, `${at}.personId`);
      }
      if (entry.status === 'substituted') {
        const substitute = entry.substitutePersonId as string;
        const decision = standInDecision({
          memberName: membership.person.fullName,
          seatMayBeRepresented: membership.seat.mayBeRepresented,
          registeredSubstituteId: membership.substituteId,
          standInId: substitute,
          standInIsMember: membershipOf.has(substitute),
          representatives: membership.seat.representedBy,
          standInEmail: named.get(substitute)?.email ?? null,
        });
        // A refused stand-in carries one of the refusal codes, never registered_substitute nor representative.
        if (!decision.allowed) {
          throw refuse(decision.code as 'not_the_substitute' | 'representative_is_member' | 'not_an_allowed_representative', decision.reason, `${at}.substitutePersonId`);
        }
        const already = standingIn.get(substitute);
        if (already !== undefined) {
          throw refuse('substitute_twice', `Person ${substitute} already stands in for attendance[${already}]; one person fills one seat`, `${at}.substitutePersonId`);
        }
        standingIn.set(substitute, index);
      }
      if (entry.status === 'represented') {
        const holder = entry.proxyHolderPersonId as string;
        if (!committee.quorum.proxiesAllowed) {
          throw refuse('proxies_not_allowed', `Committee ${committee.key} does not allow proxies: its quorum rule makes no provision for them`, `${at}.status`);
        }
        if (holder === entry.personId) {
          throw refuse('proxy_to_self', 'A member cannot hold their own proxy', `${at}.proxyHolderPersonId`);
        }
        if (!membershipOf.has(holder)) {
          throw refuse('proxy_holder_not_member', `The proxy holder ${holder} holds no seat in committee ${committee.key} on ${day}`, `${at}.proxyHolderPersonId`);
        }
        if (statusOf.get(holder) !== 'present') {
          throw refuse('proxy_holder_absent', `The proxy holder ${holder} is not recorded present`, `${at}.proxyHolderPersonId`);
        }
      }
    });
  }

  private checkGuests(committee: Committee, day: string, guests: string[], membershipOf: Map<string, Membership>): void {
    if (guests.length === 0) return;
    if (!committee.guestsAllowed) {
      throw refuse('guests_not_allowed', `Committee ${committee.key} does not allow guests`, 'guestsPresent');
    }
    const index = guests.findIndex((id) => membershipOf.has(id));
    if (index >= 0) {
      throw refuse('guest_is_member', `Person ${guests[index]} holds a seat in committee ${committee.key} on ${day}; record them in attendance`, `guestsPresent[${index}]`);
    }
  }
}

/** The local day of the sitting a second sitting reconvenes. */
async function firstSittingDay(manager: EntityManager, meeting: Meeting, zone: string): Promise<string> {
  const first = await manager.findOneBy(Meeting, { id: meeting.reconvenesMeetingId as string });
  return first ? localDateOf(first.startsAt, zone) : 'an unknown day';
}
