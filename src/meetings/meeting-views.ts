import { EntityManager, In } from 'typeorm';
import { DomainError } from '../common/domain-error';
import { Committee } from '../committees/committee.entity';
import { MeetingDocument } from './meeting-document.entity';
import { Meeting } from './meeting.entity';
import { dateWarnings } from './meeting-dates';
import { schoolHolidayCalendars } from '../school-holidays/school-holidays.store';
import { zonedTime } from './meeting-time';
import {
  AttendanceResponse,
  MeetingDocumentResponse,
  MeetingResponse,
} from './dto/meeting.response';

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

/**
 * Reads meetings with what hangs off them, and shows them in their convention's zone. `known`:
 * committees (with their convention) the caller has already read, not read again.
 */
export async function meetingViews(manager: EntityManager, meetings: Meeting[], known: Committee[] = []): Promise<MeetingResponse[]> {
  if (meetings.length === 0) return [];
  const ids = meetings.map((meeting) => meeting.id);
  const committeeIds = [...new Set(meetings.map((meeting) => meeting.committeeId))].filter((id) => !known.some((committee) => committee.id === id));
  const readCommittees = async (): Promise<Committee[]> =>
    committeeIds.length === 0 ? known : [...known, ...(await manager.find(Committee, { where: { id: In(committeeIds) }, relations: { convention: true } }))];
  // Inside a transaction the manager holds one connection, which runs one query at a time (pg
  // deprecates queuing them, pg 9 refuses): read one after the other there, side by side otherwise.
  const [committees, hanging] =
    manager.queryRunner?.isTransactionActive === true
      ? [await readCommittees(), await hangingOff(manager, ids)]
      : await Promise.all([readCommittees(), hangingOff(manager, ids)]);
  const committeeById = new Map(committees.map((committee) => [committee.id, committee]));
  const schoolHolidays = await schoolHolidayCalendars(manager, committees.map((committee) => committee.convention.schoolZone));
  const hangingBy = new Map(hanging.map((row) => [row.id, row]));

  return meetings.map((meeting) => {
    const committee = committeeById.get(meeting.committeeId) as Committee;
    const convention = committee.convention;
    const zone = convention.timeZone;
    const span = { start: meeting.startsAt, end: meeting.endsAt };
    const own = hangingBy.get(meeting.id) as HangingRow;
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
      agenda: own.agenda,
      guests: own.guests,
      documents: own.documents.map((document) => ({ ...document, attachedAt: new Date(document.attachedAt).toISOString() })),
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
              attendance: own.attendance,
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

/** What hangs off one meeting, as its view shows it, ordered as it is shown. */
interface HangingRow {
  id: string;
  agenda: MeetingResponse['agenda'];
  guests: MeetingResponse['guests'];
  documents: MeetingDocumentResponse[];
  attendance: AttendanceResponse[];
}

/**
 * The agenda, guests, documents and attendance of the meetings, in one statement (four lists and
 * the stand-ins' names, each ordered as shown): a list of meetings reads them in one round trip.
 */
function hangingOff(manager: EntityManager, ids: string[]): Promise<HangingRow[]> {
  const person = (alias: string) => `CASE WHEN ${alias}.id IS NULL THEN NULL ELSE json_build_object('personId', ${alias}.id, 'fullName', ${alias}.full_name, 'email', ${alias}.email) END`;
  return manager.query(
    `SELECT m.id,
            (SELECT coalesce(json_agg(json_build_object('position', a.position, 'title', a.title, 'description', a.description,
                                                        'presenter', a.presenter, 'documents', a.documents) ORDER BY a.position), '[]'::json)
               FROM agenda_items a WHERE a.meeting_id = m.id) AS agenda,
            (SELECT coalesce(json_agg(json_build_object('personId', p.id, 'fullName', p.full_name, 'email', p.email,
                                                        'title', p.title, 'organization', p.organization) ORDER BY p.full_name), '[]'::json)
               FROM meeting_guests g JOIN people p ON p.id = g.person_id WHERE g.meeting_id = m.id) AS guests,
            (SELECT coalesce(json_agg(json_build_object('id', d.id, 'kind', d.kind, 'fromCommittee', d.from_committee, 'title', d.title,
                                                        'url', d.url, 'attachedAt', d.attached_at) ORDER BY d.attached_at, d.id), '[]'::json)
               FROM meeting_documents d WHERE d.meeting_id = m.id) AS documents,
            (SELECT coalesce(json_agg(json_build_object('personId', t.person_id, 'fullName', p.full_name, 'status', t.status, 'guest', t.guest,
                                                        'seatKey', s.key, 'partyKey', party.key,
                                                        'substitute', ${person('sub')}, 'proxyHolder', ${person('proxy')})
                                      ORDER BY t.guest, p.full_name), '[]'::json)
               FROM attendance t
               JOIN people p ON p.id = t.person_id
               LEFT JOIN memberships ms ON ms.id = t.membership_id
               LEFT JOIN seats s ON s.id = ms.seat_id
               LEFT JOIN parties party ON party.id = s.party_id
               LEFT JOIN people sub ON sub.id = t.substitute_person_id
               LEFT JOIN people proxy ON proxy.id = t.proxy_holder_person_id
              WHERE t.meeting_id = m.id) AS attendance
       FROM unnest($1::uuid[]) AS m(id)`,
    [ids],
  );
}
