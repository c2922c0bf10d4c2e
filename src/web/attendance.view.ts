import { MeetingOverview } from '../dashboard/meeting-overview.service';
import { AttendanceStatus } from '../meetings/attendance.entity';
import { FormBody } from './forms';
import { ATTENDANCE_LABELS } from './meeting.view';

/** The attendance form: one line per member seated on the day, with the choices the rules allow. */
export function attendanceView(overview: MeetingOverview, body: FormBody | undefined) {
  const sent = (body?.presence ?? {}) as Record<string, unknown>;
  const recorded = new Map((overview.meeting.held?.attendance ?? []).map((entry) => [entry.personId, entry.status]));
  const members = overview.committee.seats.flatMap((seat) =>
    seat.members.map((member) => {
      const current = (typeof sent[member.person.id] === 'string' ? sent[member.person.id] : recorded.get(member.person.id)) ?? 'present';
      const statuses: AttendanceStatus[] = member.substitute ? ['present', 'substituted', 'excused', 'absent'] : ['present', 'excused', 'absent'];
      return {
        personId: member.person.id,
        fullName: member.person.fullName,
        seat: seat.role,
        party: seat.party?.name ?? seat.group ?? '',
        substitute: member.substitute?.fullName ?? null,
        substituteId: member.substitute?.id ?? null,
        choices: statuses.map((status) => ({
          value: status,
          id: `presence-${member.person.id}-${status}`,
          label: status === 'substituted' && member.substitute ? `Remplacé par ${member.substitute.fullName}` : ATTENDANCE_LABELS[status],
          checked: current === status,
        })),
      };
    }),
  );
  return { members };
}

/** The API's body for the attendance form: `presence[<personId>] = <status>`; a substitute is the member's own. */
export function attendanceBody(body: FormBody | undefined): Record<string, unknown> {
  const sent = (body?.presence ?? {}) as Record<string, unknown>;
  const substitutes = (body?.suppleant ?? {}) as Record<string, unknown>;
  return {
    attendance: Object.entries(sent).map(([personId, status]) => ({
      personId,
      status,
      ...(status === 'substituted' && typeof substitutes[personId] === 'string' ? { substitutePersonId: substitutes[personId] } : {}),
    })),
    version: Number(body?.version) || undefined,
  };
}
