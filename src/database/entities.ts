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
import { AgendaItem } from '../meetings/agenda-item.entity';
import { Attendance } from '../meetings/attendance.entity';
import { MeetingDocument } from '../meetings/meeting-document.entity';
import { MeetingGuest } from '../meetings/meeting-guest.entity';
import { CommitteeReport } from '../meetings/committee-report.entity';
import { CommitteeEvent } from '../meetings/committee-event.entity';
import { ConveningRequest } from '../meetings/convening-request.entity';
import { Account } from '../auth/account.entity';
import { Grant } from '../auth/grant.entity';
import { AccessToken } from '../auth/access-token.entity';
import { SignInLink } from '../auth/sign-in-link.entity';
import { AuditEntry } from '../audit/audit-entry.entity';
import { Convocation } from '../convocations/convocation.entity';
import { AnswerHistoryEntry } from '../convocations/answer-history.entity';
import { OutboundMessage } from '../convocations/outbound-message.entity';
import { DeliveryAttempt } from '../convocations/delivery-attempt.entity';
import { SchoolHoliday } from '../school-holidays/school-holiday.entity';
import { CalendarFeed } from '../calendar-feeds/calendar-feed.entity';

/** Every entity, listed once: the app, the CLI and the tests load the same set. */
export const ENTITIES = [
  Convention,
  Party,
  Amendment,
  ConventionSchool,
  School,
  Committee,
  Seat,
  Person,
  Membership,
  Meeting,
  AgendaItem,
  Attendance,
  MeetingDocument,
  MeetingGuest,
  CommitteeReport,
  CommitteeEvent,
  ConveningRequest,
  Account,
  Grant,
  AccessToken,
  SignInLink,
  AuditEntry,
  Convocation,
  AnswerHistoryEntry,
  OutboundMessage,
  DeliveryAttempt,
  SchoolHoliday,
  CalendarFeed,
];
