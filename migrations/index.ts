import { CreateRegistry1763900000000 } from './1763900000000-create-registry';
import { CreateMeetings1763900000100 } from './1763900000100-create-meetings';
import { AddCommitteeSchoolTypes1763900001000 } from './1763900001000-add-committee-school-types';
import { CreateAccessControlAndAudit1763900003000 } from './1763900003000-create-access-control-and-audit';
import { CreateConvocations1763900004000 } from './1763900004000-create-convocations';
import { AddMembershipSource1763900012000 } from './1763900012000-add-membership-source';
import { AddRuleVariantsAndSchoolHolidays1763900013000 } from './1763900013000-add-rule-variants-and-school-holidays';
import { AddConsultativeSeatsAndQuorumGroups1763900013100 } from './1763900013100-add-consultative-seats-and-quorum-groups';
import { CreateCalendarFeeds1763900019000 } from './1763900019000-create-calendar-feeds';
import { AddUrgentNotice1763900020000 } from './1763900020000-add-urgent-notice';
import { IndexAgendaItemsByMeeting1763900021000 } from './1763900021000-index-agenda-items-by-meeting';
import { KeepSentMessages1763900021200 } from './1763900021200-keep-sent-messages';
import { AddAcademieScope1763900022000 } from './1763900022000-add-academie-scope';
import { AddAnswerHistory1763900023500 } from './1763900023500-add-answer-history';
import { AddReconvening1763900024500 } from './1763900024500-add-reconvening';
import { AddMinutesRule1763900024600 } from './1763900024600-add-minutes-rule';
import { AddEventDeadlines1763900024700 } from './1763900024700-add-event-deadlines';
import { AddConveningRequests1763900024800 } from './1763900024800-add-convening-requests';
import { IndexMembershipsBySubstitute1763900025300 } from './1763900025300-index-memberships-by-substitute';
import { TrackDataChanges1764700000000 } from './1764700000000-track-data-changes';
import { AddTermsOfOffice1764700000100 } from './1764700000100-add-terms-of-office';
import { AddSeatFigures1764700000200 } from './1764700000200-add-seat-figures';
import { IndexAuditEntriesByEntity1764800000000 } from './1764800000000-index-audit-entries-by-entity';
import { TrackDataChangesByConvention1764800000100 } from './1764800000100-track-data-changes-by-convention';
import { IndexSignInsForPurge1764900000000 } from './1764900000000-index-sign-ins-for-purge';
import { AddChairRotation1764900000100 } from './1764900000100-add-chair-rotation';
import { KeepComplianceStandings1764910000000 } from './1764910000000-keep-compliance-standings';
import { IndexCommitteesByCirconscription1764950000000 } from './1764950000000-index-committees-by-circonscription';
import { NotifyWrites1765000000000 } from './1765000000000-notify-writes';
import { AddSeatRepresentatives1764960000000 } from './1764960000000-add-seat-representatives';

/** Every migration, in order. A new migration is added here as well as in its own file. */
export const MIGRATIONS: Function[] = [
  CreateRegistry1763900000000,
  CreateMeetings1763900000100,
  AddCommitteeSchoolTypes1763900001000,
  CreateAccessControlAndAudit1763900003000,
  CreateConvocations1763900004000,
  AddMembershipSource1763900012000,
  AddRuleVariantsAndSchoolHolidays1763900013000,
  AddConsultativeSeatsAndQuorumGroups1763900013100,
  CreateCalendarFeeds1763900019000,
  AddUrgentNotice1763900020000,
  IndexAgendaItemsByMeeting1763900021000,
  KeepSentMessages1763900021200,
  AddAcademieScope1763900022000,
  AddAnswerHistory1763900023500,
  AddReconvening1763900024500,
  AddMinutesRule1763900024600,
  AddEventDeadlines1763900024700,
  AddConveningRequests1763900024800,
  IndexMembershipsBySubstitute1763900025300,
  TrackDataChanges1764700000000,
  AddTermsOfOffice1764700000100,
  AddSeatFigures1764700000200,
  IndexAuditEntriesByEntity1764800000000,
  TrackDataChangesByConvention1764800000100,
  IndexSignInsForPurge1764900000000,
  AddChairRotation1764900000100,
  KeepComplianceStandings1764910000000,
  IndexCommitteesByCirconscription1764950000000,
  AddSeatRepresentatives1764960000000,
  NotifyWrites1765000000000,
];
