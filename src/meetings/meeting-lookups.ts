import { EntityManager, In, IsNull, LessThanOrEqual, MoreThanOrEqual } from 'typeorm';
import { DomainError } from '../common/domain-error';
import { queryPrepared } from '../database/prepared';
import type { ErrorCode } from '../common/error-codes';
import { Committee } from '../committees/committee.entity';
import { Membership } from '../people/membership.entity';
import { Person } from '../people/person.entity';
import { LocalDate } from '../rules/local-date';
import { Meeting, MeetingState } from './meeting.entity';

/** Reads shared by the meeting services; each takes the transaction's manager. */

export async function findCommittee(manager: EntityManager, committeeId: string): Promise<Committee> {
  const committee = await manager.findOne(Committee, { where: { id: committeeId }, relations: { convention: true } });
  if (!committee) throw DomainError.notFound('committee', `id ${committeeId}`);
  return committee;
}

/**
 * The meeting, locked until the transaction ends, so two writers of the same meeting queue up and
 * the second one sees the version the first one left.
 */
export async function lockMeeting(manager: EntityManager, meetingId: string): Promise<Meeting> {
  const meeting = await manager.findOne(Meeting, { where: { id: meetingId }, lock: { mode: 'pessimistic_write' } });
  if (!meeting) throw DomainError.notFound('meeting', `id ${meetingId}`);
  return meeting;
}

/**
 * Locks the meeting's row as `lockMeeting` does, without loading it: for a caller that reads the
 * meeting its own way once the lock is held (convening reads it with its recipients in one statement).
 */
export async function lockMeetingRow(manager: EntityManager, meetingId: string): Promise<void> {
  // Prepared: run at every convening, it would otherwise be parsed and planned each time.
  const rows = await queryPrepared(manager, `SELECT 1 FROM meetings WHERE id = $1 FOR UPDATE`, [meetingId]);
  if (rows.length === 0) throw DomainError.notFound('meeting', `id ${meetingId}`);
}

export function checkVersion(meeting: Meeting, version: number | undefined): void {
  if (version !== undefined && version !== meeting.version) {
    throw DomainError.conflict(
      'stale_version',
      `The meeting was changed meanwhile: version ${version} was sent, the current one is ${meeting.version}; read it again and retry`,
      { currentVersion: meeting.version },
    );
  }
}

export function requireState(meeting: Pick<Meeting, 'state'>, allowed: MeetingState[], action: string): void {
  if (!allowed.includes(meeting.state)) {
    // "meeting_not_held" says what is missing; otherwise the state that stands in the way.
    const code: ErrorCode = allowed.length === 1 && allowed[0] === 'held' ? 'meeting_not_held' : `meeting_${meeting.state}`;
    throw DomainError.conflict(
      code,
      `Cannot ${action}: the meeting is ${meeting.state} (only a ${allowed.join(' or ')} meeting can be)`,
      { state: meeting.state },
    );
  }
}

/** Memberships of the committee in force on a local day, with their seat, party, person and substitute. */
export async function membershipsOn(manager: EntityManager, committeeId: string, date: LocalDate): Promise<Membership[]> {
  const inForce = { seat: { committeeId }, startsOn: LessThanOrEqual(date) };
  return manager.find(Membership, {
    where: [
      { ...inForce, endsOn: IsNull() },
      { ...inForce, endsOn: MoreThanOrEqual(date) },
    ],
    relations: { seat: { party: true }, person: true, substitute: true },
    order: { seat: { position: 'ASC', key: 'ASC' }, startsOn: 'ASC', id: 'ASC' },
  });
}

/**
 * The people named by ids in the body, or 404 naming the first unknown one and where it was given
 * (`guests[2]`).
 */
export async function findPeople(manager: EntityManager, ids: { path: string; id: string }[]): Promise<Map<string, Person>> {
  const unique = [...new Set(ids.map((entry) => entry.id))];
  const people = unique.length === 0 ? [] : await manager.findBy(Person, { id: In(unique) });
  const byId = new Map(people.map((person) => [person.id, person]));
  const unknown = ids.find((entry) => !byId.has(entry.id));
  if (unknown) {
    throw new DomainError('not_found', 'person_not_found', `No person with id ${unknown.id} (${unknown.path})`, {
      field: unknown.path,
      personId: unknown.id,
    });
  }
  return byId;
}
