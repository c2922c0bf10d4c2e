import { MeetingOverview } from '../dashboard/meeting-overview.service';
import { ANSWER_LABELS } from '../convocations/answers.service';
import { MessageState } from '../convocations/outbound-message.entity';
import { RegisterEntryResponse } from '../convocations/dto/register.response';
import { withheldText } from './mail-supervision.view';
import { AttendanceStatus } from '../meetings/attendance.entity';
import { MEETING_STATE_LABELS, convocationStateText, momentText, spanText } from './french-text';
import { dateWarningText } from './schedule-check.view';
import { documentBesideItem } from '../common/french-names';
import type { DateWarning } from '../meetings/meeting-dates';

const DELIVERY_LABELS: Record<MessageState, string> = {
  pending: 'en attente d’envoi',
  sending: 'en cours d’envoi',
  sent: 'acceptée par le serveur',
  failed: 'refusée par le serveur',
  obsolete: 'remplacée',
  withheld: 'retenue',
};

/**
 * What became of one convocation, as its convener needs it: when the mail server accepted it (in the
 * convention's zone, with the shared zone wording), what the server answered when it refused it, or
 * why the rules withheld it.
 */
export function deliveryText(entry: RegisterEntryResponse): string {
  const label = DELIVERY_LABELS[entry.state];
  switch (entry.state) {
    case 'pending':
      return `${label}, prévu le ${entry.sendAfter.label}`;
    case 'sent':
      return entry.acceptedAt ? `${label} le ${entry.acceptedAt.label}` : label;
    case 'withheld':
      const why = withheldText(entry.lastError);
      return `${label}\u00A0: ${why.charAt(0).toLowerCase()}${why.slice(1)}`;
    case 'failed': {
      const refusal = [...entry.attemptLog].reverse().find((attempt) => attempt.smtpCode !== null && attempt.smtpCode >= 400);
      if (!refusal) return entry.lastError ? `échec de l’envoi\u00A0: ${entry.lastError}` : 'échec de l’envoi';
      const answer = refusal.response?.startsWith(String(refusal.smtpCode)) ? refusal.response : `${refusal.smtpCode}${refusal.response ? ` ${refusal.response}` : ''}`;
      return `${label}\u00A0: ${answer}`;
    }
    default:
      return label;
  }
}

export const ATTENDANCE_LABELS: Record<AttendanceStatus, string> = {
  present: 'Présent',
  absent: 'Absent',
  excused: 'Excusé',
  substituted: 'Remplacé par son suppléant',
  represented: 'A donné procuration',
};

export const OUTLOOK_TEXT = {
  reached: 'Avec les réponses reçues, le quorum est atteint.',
  pending: 'Le quorum n’est pas encore assuré\u00A0: il le sera si des personnes qui n’ont pas répondu viennent.',
  out_of_reach: 'Avec les réponses reçues, le quorum ne peut plus être atteint.',
} as const;

/** The meeting page's words, from the overview the service gathered. */
export function meetingView(overview: MeetingOverview) {
  const { meeting, committee, answers, register, may } = overview;
  const zone = meeting.timeZone;
  const scheduled = meeting.state === 'scheduled';
  const convened = answers !== null;
  // Convened for a later sending: nobody has received anything yet, so nothing is « convoquée » nor to remind.
  const plannedAt = answers && answers.invitations.sent === 0 && answers.invitations.nextSendingAt ? momentText(new Date(answers.invitations.nextSendingAt), zone) : null;
  const unansweredReached = (answers?.recipients ?? []).filter((recipient) => !recipient.withdrawn && recipient.answer === 'needs_action' && recipient.invitationSent).length;
  const vacantSeats = committee.seats.filter((seat) => seat.vacant > 0).map((seat) => `${seat.role}${seat.party ? ` (${seat.party.name})` : ''}`);
  const lastDelivery = new Map<string, string>();
  for (const entry of register?.entries ?? []) {
    if (entry.kind !== 'convocation' && entry.kind !== 'update') continue;
    lastDelivery.set(entry.recipient.convocationId, deliveryText(entry));
  }
  return {
    id: meeting.id,
    version: meeting.version,
    committee: { id: meeting.committee.id, name: meeting.committee.name },
    when: spanText(new Date(meeting.start.utc), new Date(meeting.end.utc), zone),
    title: meeting.title,
    kind: meeting.kind === 'extraordinary' ? 'Extraordinaire' : 'Ordinaire',
    chair: overview.chair.chair ? `${overview.chair.chair.name} (présidence tournante)` : null,
    state: MEETING_STATE_LABELS[meeting.state],
    location: meeting.location,
    videoUrl: meeting.videoUrl,
    agenda: meeting.agenda.map((item) => ({
      ...item,
      documents: item.documents.map((document) => ({ title: documentBesideItem(document.title, item.title), url: document.url })),
    })),
    guests: meeting.guests.map((guest) => ({ fullName: guest.fullName, about: [guest.title, guest.organization].filter(Boolean).join(', ') })),
    warnings: meeting.state === 'scheduled' ? meeting.warnings.map((warning) => dateWarningText(warning as DateWarning)).filter((text): text is string => text !== null) : [],
    cancellation: meeting.cancellation ? { reason: meeting.cancellation.reason } : null,
    scheduled,
    convened,
    convocationState: convocationStateText({ state: meeting.state, convened, plannedAt }),
    mayConvene: may.convene && scheduled && !convened,
    mayChange: may.schedule && scheduled,
    mayRecord: may.schedule && meeting.state !== 'cancelled',
    // Recording before the start is refused (meeting_not_started): the page does not offer it until then.
    mayRecordAttendance: may.schedule && meeting.state !== 'cancelled' && overview.started,
    // A meeting held without an attendance record (one taken over from before copil) takes its minutes too.
    mayAttachMinutes: may.schedule && meeting.state === 'held',
    mayRegister: may.convene && convened,
    mayRemind: may.convene && scheduled && convened && unansweredReached > 0,
    remindLater:
      may.convene && scheduled && convened && unansweredReached === 0 && (answers?.summary.needsAction ?? 0) > 0
        ? `Vous pourrez relancer les personnes sans réponse une fois la convocation partie${plannedAt ? `, le ${plannedAt}` : ''}.`
        : null,
    vacancy: vacantSeats.length === 0 ? null : `${vacantSeats.length === 1 ? 'Un siège est vacant' : `${vacantSeats.length} sièges sont vacants`}\u00A0: ${vacantSeats.join(', ')}. Ces places ne recevront pas de convocation.`,
    answers: answers
      ? {
          counts: answers.summary,
          // Guests answer too, but hold no seat: the members' count stands apart from theirs.
          countsText: countsText(tally(answers.recipients.filter((recipient) => !recipient.withdrawn && recipient.role !== 'guest'))),
          guestsCountsText: meeting.guests.length === 0 ? null : countsText(tally(answers.recipients.filter((recipient) => !recipient.withdrawn && recipient.role === 'guest')), false),
          quorum: answers.quorum.kind === 'none' ? 'Ce comité n’exige pas de quorum.' : OUTLOOK_TEXT[answers.quorum.outlook],
          quorumReached: answers.quorum.outlook === 'reached',
          parties: answers.parties.map((party) => ({
            name: party.name,
            coming: party.coming,
            declined: party.declined,
            unanswered: party.unanswered,
            nobodyComing: party.nobodyComing,
          })),
          recipients: answers.recipients
            .filter((recipient) => !recipient.withdrawn)
            .map((recipient) => {
              const delivery = lastDelivery.get(recipient.id);
              return {
                fullName: recipient.person.fullName,
                seat: recipient.role === 'guest' ? 'Invité' : (recipient.seat?.role ?? ''),
                party: recipient.party?.name ?? '',
                answer: ANSWER_LABELS[recipient.answer],
                delivery: delivery ?? '',
              };
            }),
        }
      : null,
    held: meeting.held
      ? {
          quorum: meeting.held.quorum.reached ? 'Quorum atteint' : 'Quorum non atteint',
          reached: meeting.held.quorum.reached,
          attendance: meeting.held.attendance.map((entry) => ({
            fullName: entry.fullName,
            status: ATTENDANCE_LABELS[entry.status],
            substitute: entry.substitute?.fullName ?? null,
            proxyHolder: entry.proxyHolder?.fullName ?? null,
          })),
        }
      : null,
    minutes: meeting.documents.filter((document) => document.kind === 'minutes').map((document) => ({ title: document.title, url: document.url })),
  };
}

function tally(recipients: Array<{ answer: string }>) {
  const count = (...answers: string[]) => recipients.filter((recipient) => answers.includes(recipient.answer)).length;
  return { accepted: count('accepted'), substitute: count('substitute'), declined: count('declined'), needsAction: count('needs_action') };
}

/** « 1 participera, 2 se feront remplacer, aucun ne pourra pas venir… »: the answers counted, in agreement. */
function countsText(counts: { accepted: number; substitute: number; declined: number; needsAction: number }, withSubstitutes = true): string {
  const say = (count: number, one: string, many: string) => `${count} ${count > 1 ? many : one}`;
  return [
    say(counts.accepted, 'participera', 'participeront'),
    ...(withSubstitutes ? [say(counts.substitute, 'se fera remplacer', 'se feront remplacer')] : []),
    say(counts.declined, 'ne pourra pas venir', 'ne pourront pas venir'),
    say(counts.needsAction, 'n’a pas encore répondu', 'n’ont pas encore répondu'),
  ].join(', ') + '.';
}
