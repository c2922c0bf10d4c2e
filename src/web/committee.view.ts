import { DateTime } from 'luxon';
import { CommitteeOverview, ProposedDates } from '../dashboard/committee-overview.service';
import { MeetingResponse } from '../meetings/dto/meeting.response';
import { frenchDate } from '../rules/local-date';
import { chairRuleText, committeeFollowUpView } from './committee-follow-up.view';
import { MEETING_STATE_LABELS, convocationStateText, dayText, frequencyText, momentText, noticeText, quorumText, spanText, standingView, titleText } from './french-text';
import { periodAheadStatus } from '../rules/frequency.rule';

const NO_PARTY = 'Sans signataire';

/** The committee page's words, from the overview the service gathered. */
export function committeeView(overview: CommitteeOverview) {
  const { committee, compliance } = overview;
  const rules = committee.rules;
  const groups = new Map<string, ReturnType<typeof seatView>[]>();
  for (const seat of committee.seats) {
    const group = seat.party?.name ?? seat.group ?? NO_PARTY;
    groups.set(group, [...(groups.get(group) ?? []), seatView(seat)]);
  }
  return {
    id: committee.id,
    name: committee.name,
    convention: { ...committee.convention, title: titleText(committee.convention.title) },
    article: committee.article,
    description: committee.description,
    school: committee.school,
    convenes: overview.convenes,
    standing: standingView(compliance.standing.status),
    // A missed period can decide the standing while the current one is on track: say which one did.
    standingPeriod: compliance.standing.period?.label ?? null,
    rules: {
      frequency: frequencyText(rules.frequency, rules.quorum),
      frequencyQuote: rules.frequency.text,
      notice: noticeText(rules.notice),
      noticeQuote: rules.notice.text,
      quorum: quorumText(rules.quorum),
      quorumQuote: rules.quorum.text,
      conveners: rules.conveners.map((convener) => convener.label),
      chair: chairRuleText(committee),
      prerequisites: rules.prerequisites.map((prerequisite) => prerequisite.description),
      guests: rules.guests.allowed ? (rules.guests.text ?? 'Le comité peut inviter des personnes qui n’y siègent pas.') : null,
    },
    followUp: committeeFollowUpView(committee, compliance),
    totals: totalsText(committee.totals),
    parties: [...groups.entries()].map(([name, seats], index) => ({ name, seats, captionId: `party-${index + 1}` })),
    coming: overview.coming.map((meeting) => comingRow(meeting, overview.plannedSendings.get(meeting.id) ?? null)),
    past: overview.past.map(meetingRow),
    cancelled: overview.cancelled.map((meeting) => ({ ...meetingRow(meeting), reason: meeting.cancellation?.reason ?? null })),
    periods: [...compliance.periods, ...(compliance.next ? [compliance.next] : [])].map((period) => periodView(period, compliance.today, overview.coming, overview.plannedSendings)),
  };
}

/** The proposed dates' page. */
export function proposedDatesView(proposed: ProposedDates) {
  const { committee, planning } = proposed;
  return {
    committee: { id: committee.id, name: committee.name },
    year: planning.year.label,
    earliestLawfulDate: dayText(planning.earliestLawfulDate),
    proposals: planning.proposals.map((proposal) => ({
      when: `${frenchDate(proposal.localDate)}, de ${hour(proposal.localStart)} à ${hour(proposal.localEnd)}`,
      period: proposal.period.label,
      convokeBy: dayText(proposal.convokeBy),
      link: `/comites/${committee.id}/reunions/nouvelle?date=${proposal.localDate}&debut=${proposal.localStart.slice(11, 16)}&fin=${proposal.localEnd.slice(11, 16)}`,
    })),
  };
}

function totalsText(totals: { places: number; filled: number; vacant: number }): string {
  const places = totals.places === 1 ? '1 place' : `${totals.places} places`;
  const filled = totals.filled === 1 ? '1 occupée' : `${totals.filled} occupées`;
  const vacant = totals.vacant === 0 ? '' : totals.vacant === 1 ? ', 1 vacante' : `, ${totals.vacant} vacantes`;
  return `${places} : ${filled}${vacant}.`.replace(' :', '\u00A0:');
}

function hour(localDateTime: string): string {
  const time = DateTime.fromISO(localDateTime);
  return time.minute === 0 ? `${time.hour}\u00A0h` : `${time.hour}\u00A0h\u00A0${time.toFormat('mm')}`;
}

function seatView(seat: CommitteeOverview['committee']['seats'][number]) {
  return {
    role: seat.role,
    count: seat.count,
    members: seat.members.map((member) => ({
      fullName: member.person.fullName,
      title: member.person.title,
      substitute: member.substitute ? member.substitute.fullName : null,
    })),
    vacant: seat.vacant,
    vacancyText: seat.vacant === 0 ? null : seat.vacant === 1 ? 'Un siège vacant' : `${seat.vacant} sièges vacants`,
  };
}

/**
 * One period of the timeline: the days the convention was in force in it (a convention signed in
 * January is not held to the autumn before), what was held against what is required, and the last
 * day to convene only while it can still be met.
 */
function periodView(period: CommitteeOverview['compliance']['periods'][number], today: string, coming: MeetingResponse[], plannedSendings: Map<string, Date>) {
  const span = period.inForce ?? { start: period.start, end: period.end };
  const partial = span.start !== period.start || span.end !== period.end;
  // A period not begun is not due yet: it reads « À venir », or « Dans les temps » once its sittings are scheduled.
  const status = period.start > today ? periodAheadStatus(period) : period.status;
  const open = status === 'on_track' || status === 'at_risk' || status === 'upcoming';
  return {
    label: period.label,
    range: `du ${frenchDate(span.start)} au ${frenchDate(span.end)}${partial ? ' (convention en vigueur)' : ''}`,
    standing: standingView(status),
    // The sittings to come in it, worded as in the list of meetings, so that its standing shows what it rests on.
    planned: coming
      .filter((meeting) => period.start <= meeting.start.local.slice(0, 10) && meeting.start.local.slice(0, 10) <= period.end)
      .map((meeting) => comingRow(meeting, plannedSendings.get(meeting.id) ?? null)),
    held: period.heldWithQuorum,
    required: period.required,
    withoutQuorum:
      period.heldWithoutQuorum === 0 ? null : period.heldWithoutQuorum === 1 ? '1 séance sans quorum, non comptée' : `${period.heldWithoutQuorum} séances sans quorum, non comptées`,
    lastDayToConvene: open ? dayText(period.lastDayToConvene) : null,
  };
}

/** A meeting to come, its state worded as on its own page: « Programmée, convoquée », « Programmée, convocation prévue le … ». */
function comingRow(meeting: MeetingResponse, plannedSending: Date | null) {
  const convocation = convocationStateText({
    state: meeting.state,
    convened: meeting.convenedAt !== null,
    plannedAt: plannedSending ? momentText(plannedSending, meeting.timeZone) : null,
  });
  const row = meetingRow(meeting);
  return { ...row, state: convocation ? `${row.state}, ${convocation}` : row.state };
}

function meetingRow(meeting: MeetingResponse) {
  return {
    id: meeting.id,
    when: spanText(new Date(meeting.start.utc), new Date(meeting.end.utc), meeting.timeZone),
    title: meeting.title,
    state: MEETING_STATE_LABELS[meeting.state],
    quorum: meeting.held ? (meeting.held.quorum.reached ? 'quorum atteint' : 'quorum non atteint') : null,
  };
}
