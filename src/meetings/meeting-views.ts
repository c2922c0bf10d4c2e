import { EntityManager, In } from 'typeorm';
import { DomainError } from '../common/domain-error';
import { Committee } from '../committees/committee.entity';
import { Person } from '../people/person.entity';
import { AgendaItem } from './agenda-item.entity';
import { Attendance } from './attendance.entity';
import { MeetingDocument } from './meeting-document.entity';
import { MeetingGuest } from './meeting-guest.entity';
import { Meeting } from './meeting.entity';
import { dateWarnings } from './meeting-dates';
import { schoolHolidayCalendars } from '../school-holidays/school-holidays.store';
import { zonedTime } from './meeting-time';
import {
  AttendanceResponse,
  MeetingDocumentResponse,
  MeetingResponse,
  PersonRefResponse,
} from './dto/meeting.response';

function personRef(person: Person): PersonRefResponse {
  return { personId: person.id, fullName: person.fullName, email: person.email };
}

export function toDocumentResponse(document: MeetingDocument): MeetingDocumentResponse {
  return {
    id: document.id,
    kind: document.kind,
    fromCommittee: document.fromCommittee,
    title: document.title,
    url: document.url,
    attachedAt: document.attachedAt.toISOString(),
  };
}

function groupBy<T>(rows: T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const list = groups.get(key(row)) ?? [];
    list.push(row);
    groups.set(key(row), list);
  }
  return groups;
}

/**
 * Reads meetings with what hangs off them, and shows them in their convention's zone. `known`:
 * committees (with their convention) the caller has already read, not read again.
 */
export async function meetingViews(manager: EntityManager, meetings: Meeting[], known: Committee[] = []): Promise<MeetingResponse[]> {
  if (meetings.length === 0) return [];
  const ids = meetings.map((meeting) => meeting.id);
  const committeeIds = [...new Set(meetings.map((meeting) => meeting.committeeId))].filter((id) => !known.some((committee) => committee.id === id));
  // Inside a transaction the manager holds one connection, which runs one query at a time (pg
  // deprecates queuing them, pg 9 refuses): read one after the other there, side by side otherwise.
  const inTransaction = manager.queryRunner?.isTransactionActive === true;
  const read = async <T>(queries: Array<() => Promise<T>>): Promise<T[]> => {
    if (!inTransaction) return Promise.all(queries.map((query) => query()));
    const results: T[] = [];
    for (const query of queries) results.push(await query());
    return results;
  };
  const [committees, agenda, guests, documents, attendance] = (await read<unknown[]>([
    async () => [...known, ...(committeeIds.length === 0 ? [] : await manager.find(Committee, { where: { id: In(committeeIds) }, relations: { convention: true } }))],
    () => manager.find(AgendaItem, { where: { meetingId: In(ids) }, order: { position: 'ASC' } }),
    () => manager.find(MeetingGuest, { where: { meetingId: In(ids) }, relations: { person: true }, order: { person: { fullName: 'ASC' } } }),
    () => manager.find(MeetingDocument, { where: { meetingId: In(ids) }, order: { attachedAt: 'ASC', id: 'ASC' } }),
    () =>
      manager.find(Attendance, {
        where: { meetingId: In(ids) },
        relations: { person: true, membership: { seat: { party: true } } },
        order: { guest: 'ASC', person: { fullName: 'ASC' } },
      }),
  ])) as [Committee[], AgendaItem[], MeetingGuest[], MeetingDocument[], Attendance[]];
  const standIns = [...new Set(attendance.flatMap((row) => [row.substitutePersonId, row.proxyHolderPersonId]).filter((id): id is string => id !== null))];
  const people = new Map(
    (standIns.length === 0 ? [] : await manager.findBy(Person, { id: In(standIns) })).map((person) => [person.id, person]),
  );
  const committeeById = new Map(committees.map((committee) => [committee.id, committee]));
  const schoolHolidays = await schoolHolidayCalendars(manager, committees.map((committee) => committee.convention.schoolZone));
  const agendaBy = groupBy(agenda, (item) => item.meetingId);
  const guestsBy = groupBy(guests, (guest) => guest.meetingId);
  const documentsBy = groupBy(documents, (document) => document.meetingId);
  const attendanceBy = groupBy(attendance, (row) => row.meetingId);

  return meetings.map((meeting) => {
    const committee = committeeById.get(meeting.committeeId) as Committee;
    const convention = committee.convention;
    const zone = convention.timeZone;
    const span = { start: meeting.startsAt, end: meeting.endsAt };
    const rows = attendanceBy.get(meeting.id) ?? [];
    const standIn = (id: string | null) => {
      const person = id === null ? undefined : people.get(id);
      return person ? personRef(person) : null;
    };
    return {
      id: meeting.id,
      committee: {
        id: committee.id,
        key: committee.key,
        name: committee.name,
        conventionId: convention.id,
        conventionReference: convention.reference,
      },
      kind: meeting.kind,
      urgencyReason: meeting.urgencyReason,
      state: meeting.state,
      title: meeting.title,
      timeZone: zone,
      start: zonedTime(meeting.startsAt, zone),
      end: zonedTime(meeting.endsAt, zone),
      location: meeting.location,
      videoUrl: meeting.videoUrl,
      icalUid: meeting.icalUid,
      icalSequence: meeting.icalSequence,
      version: meeting.version,
      convenedAt: meeting.convenedAt ? zonedTime(meeting.convenedAt, zone) : null,
      agenda: (agendaBy.get(meeting.id) ?? []).map((item) => ({
        position: item.position,
        title: item.title,
        description: item.description,
        presenter: item.presenter,
        documents: item.documents,
      })),
      guests: (guestsBy.get(meeting.id) ?? []).map(({ person }) => ({ ...personRef(person), title: person.title, organization: person.organization })),
      documents: (documentsBy.get(meeting.id) ?? []).map(toDocumentResponse),
      warnings:
        meeting.state === 'cancelled'
          ? []
          : dateWarnings(
              span,
              convention,
              committee.meetsDuringSchoolHolidays || !convention.schoolZone ? undefined : schoolHolidays.get(convention.schoolZone),
            ),
      cancellation:
        meeting.state === 'cancelled' && meeting.cancelledAt
          ? { at: meeting.cancelledAt.toISOString(), reason: meeting.cancellationReason ?? '' }
          : null,
      held:
        meeting.state === 'held' && meeting.heldRecordedAt
          ? {
              recordedAt: meeting.heldRecordedAt.toISOString(),
              quorum: { reached: meeting.quorumReached === true, reasons: meeting.quorumReasons },
              attendance: rows.map(
                (row): AttendanceResponse => ({
                  personId: row.personId,
                  fullName: row.person.fullName,
                  status: row.status,
                  guest: row.guest,
                  seatKey: row.membership?.seat.key ?? null,
                  partyKey: row.membership?.seat.party?.key ?? null,
                  substitute: standIn(row.substitutePersonId),
                  proxyHolder: standIn(row.proxyHolderPersonId),
                }),
              ),
            }
          : null,
      countsForFrequency:
        meeting.state === 'held' && meeting.quorumReached === true && (committee.frequency.counts === 'any' || meeting.kind === 'ordinary'),
      minutes: meeting.minutes,
      decisions: meeting.decisions,
      createdAt: meeting.createdAt.toISOString(),
      updatedAt: meeting.updatedAt.toISOString(),
    };
  });
}

export async function meetingView(manager: EntityManager, meetingId: string): Promise<MeetingResponse> {
  const meeting = await manager.findOneBy(Meeting, { id: meetingId });
  if (!meeting) throw DomainError.notFound('meeting', `id ${meetingId}`);
  const [view] = await meetingViews(manager, [meeting]);
  return view;
}
