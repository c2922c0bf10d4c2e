import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ATTENDANCE_STATUSES, AttendanceStatus } from '../attendance.entity';
import { DOCUMENT_KINDS, DocumentKind } from '../meeting-document.entity';
import { MEETING_KINDS, MEETING_STATES, MeetingKind, MeetingState } from '../meeting.entity';
import { ZonedTime } from '../meeting-time';

export class ZonedTimeResponse implements ZonedTime {
  @ApiProperty({ example: '2025-03-31T07:00:00.000Z' })
  utc: string;

  @ApiProperty({ example: '2025-03-31T09:00', description: "Wall-clock time in the convention's zone" })
  local: string;

  @ApiProperty({ example: 'Europe/Paris' })
  timeZone: string;

  @ApiProperty({ example: '+02:00' })
  offset: string;

  @ApiProperty({ example: 'lundi 31 mars 2025 à 9\u00A0h (heure de Paris)' })
  label: string;
}

export class DateWarningResponse {
  @ApiProperty({ enum: ['public_holiday', 'weekend', 'school_holidays', 'school_holidays_unknown', 'ambiguous_local_time', 'holidays_unknown'] })
  code: string;

  @ApiProperty({ format: 'date' })
  date: string;

  @ApiPropertyOptional({ example: 'Abolition de l’esclavage' })
  name?: string;

  @ApiProperty()
  message: string;
}

export class AttachedDocumentResponse {
  @ApiProperty()
  title: string;

  @ApiProperty()
  url: string;
}

export class AgendaItemResponse {
  @ApiProperty({ description: '1 for the first item' })
  position: number;

  @ApiProperty()
  title: string;

  @ApiProperty({ type: String, nullable: true })
  description: string | null;

  @ApiProperty({ type: String, nullable: true })
  presenter: string | null;

  @ApiProperty({ type: () => [AttachedDocumentResponse] })
  documents: AttachedDocumentResponse[];
}

export class PersonRefResponse {
  @ApiProperty({ format: 'uuid' })
  personId: string;

  @ApiProperty()
  fullName: string;

  @ApiProperty()
  email: string;
}

export class GuestResponse extends PersonRefResponse {
  @ApiProperty({ type: String, nullable: true, description: 'Their function, as the registry has it' })
  title: string | null;

  @ApiProperty({ type: String, nullable: true })
  organization: string | null;
}

export class MeetingDocumentResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: DOCUMENT_KINDS })
  kind: DocumentKind;

  @ApiProperty({ type: String, nullable: true })
  fromCommittee: string | null;

  @ApiProperty()
  title: string;

  @ApiProperty()
  url: string;

  @ApiProperty()
  attachedAt: string;
}

export class AttendanceResponse {
  @ApiProperty({ format: 'uuid' })
  personId: string;

  @ApiProperty()
  fullName: string;

  @ApiProperty({ enum: ATTENDANCE_STATUSES })
  status: AttendanceStatus;

  @ApiProperty({ description: 'A guest holds no seat and never counts for quorum' })
  guest: boolean;

  @ApiProperty({ type: String, nullable: true, description: 'Seat held, for a member' })
  seatKey: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'Signatory of the seat, for a member' })
  partyKey: string | null;

  @ApiProperty({ type: () => PersonRefResponse, nullable: true })
  substitute: PersonRefResponse | null;

  @ApiProperty({ type: () => PersonRefResponse, nullable: true })
  proxyHolder: PersonRefResponse | null;
}

export class QuorumResponse {
  @ApiProperty()
  reached: boolean;

  @ApiProperty({ type: [String] })
  reasons: string[];
}

export class HeldResponse {
  @ApiProperty()
  recordedAt: string;

  @ApiProperty({ type: () => QuorumResponse })
  quorum: QuorumResponse;

  @ApiProperty({ type: () => [AttendanceResponse] })
  attendance: AttendanceResponse[];
}

export class CancellationResponse {
  @ApiProperty()
  at: string;

  @ApiProperty()
  reason: string;
}

export class DecisionResponse {
  @ApiProperty()
  title: string;

  @ApiPropertyOptional()
  description?: string;
}

export class MeetingCommitteeResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  key: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ format: 'uuid' })
  conventionId: string;

  @ApiProperty()
  conventionReference: string;
}

export class MeetingResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ type: () => MeetingCommitteeResponse })
  committee: MeetingCommitteeResponse;

  @ApiProperty({ enum: MEETING_KINDS })
  kind: MeetingKind;

  @ApiProperty({ type: String, nullable: true, description: 'Why the meeting is urgent, when it is (the shorter notice for urgency applies)' })
  urgencyReason: string | null;

  @ApiProperty({ enum: MEETING_STATES })
  state: MeetingState;

  @ApiProperty({ type: String, nullable: true })
  title: string | null;

  @ApiProperty({ example: 'Europe/Paris' })
  timeZone: string;

  @ApiProperty({ type: () => ZonedTimeResponse })
  start: ZonedTimeResponse;

  @ApiProperty({ type: () => ZonedTimeResponse })
  end: ZonedTimeResponse;

  @ApiProperty({ type: String, nullable: true })
  location: string | null;

  @ApiProperty({ type: String, nullable: true })
  videoUrl: string | null;

  @ApiProperty({ example: '0b0c…@copil.example.fr', description: 'iCalendar UID, never changed' })
  icalUid: string;

  @ApiProperty({ description: 'iCalendar SEQUENCE, raised by each change sent to the recipients' })
  icalSequence: number;

  @ApiProperty({ description: 'Send it back with a change; a stale one is refused with 409' })
  version: number;

  @ApiProperty({
    type: () => ZonedTimeResponse,
    nullable: true,
    description: 'When the meeting was convened (POST /meetings/:id/convene); null while it has not been',
  })
  convenedAt: ZonedTimeResponse | null;

  @ApiProperty({ type: () => [AgendaItemResponse] })
  agenda: AgendaItemResponse[];

  @ApiProperty({ type: () => [GuestResponse], description: 'Convened without a seat: never counted for quorum' })
  guests: GuestResponse[];

  @ApiProperty({ type: () => [MeetingDocumentResponse] })
  documents: MeetingDocumentResponse[];

  @ApiProperty({ type: () => [DateWarningResponse], description: 'Weekends, public holidays of the territory, school holidays of the zone (for a committee that does not meet then): flagged, not refused' })
  warnings: DateWarningResponse[];

  @ApiProperty({ type: () => CancellationResponse, nullable: true })
  cancellation: CancellationResponse | null;

  @ApiProperty({ type: () => HeldResponse, nullable: true })
  held: HeldResponse | null;

  @ApiProperty({ description: 'Held with quorum, and of a kind the committee\'s rule counts (ordinary sittings, unless it counts any): counts towards the frequency rule' })
  countsForFrequency: boolean;

  @ApiProperty({ type: String, nullable: true })
  minutes: string | null;

  @ApiProperty({ type: () => [DecisionResponse] })
  decisions: DecisionResponse[];

  @ApiProperty()
  createdAt: string;

  @ApiProperty()
  updatedAt: string;
}

export class MissingPrerequisiteResponse {
  @ApiProperty({ example: 'technical' })
  fromCommittee: string;

  @ApiProperty({ example: 'l’ensemble des documents nécessaires à la séance' })
  description: string;
}

export class PrerequisitesResponse {
  @ApiProperty()
  satisfied: boolean;

  @ApiProperty({ type: () => [MissingPrerequisiteResponse] })
  missing: MissingPrerequisiteResponse[];

  @ApiProperty({ type: () => [MeetingDocumentResponse], description: 'Prerequisite documents received' })
  received: MeetingDocumentResponse[];
}
