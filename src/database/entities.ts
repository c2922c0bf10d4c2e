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
];
