import { MeetingOverview } from '../dashboard/meeting-overview.service';
import { AttendanceStatus } from '../meetings/attendance.entity';
import { FormBody } from './forms';
import { FieldMessage } from './french-messages';
import { ATTENDANCE_LABELS } from './meeting.view';

/**
 * The attendance form: one line per member seated on the day, with the choices the rules allow —
 * « remplacé » when the member has a substitute, « représenté(e) » with the member present who holds
 * the proxy when the committee's quorum rule allows proxies.
 */
export function attendanceView(overview: MeetingOverview, body: FormBody | undefined, errors: FieldMessage[] = []) {
  const sent = (body?.presence ?? {}) as Record<string, unknown>;
  const sentProxies = (body?.procuration ?? {}) as Record<string, unknown>;
  const proxiesAllowed = overview.committee.rules.quorum.proxiesAllowed;
  const recorded = new Map((overview.meeting.held?.attendance ?? []).map((entry) => [entry.personId, entry]));
  const everyone = overview.committee.seats.flatMap((seat) => seat.members.map((member) => ({ id: member.person.id, fullName: member.person.fullName })));
  const errorOf = (field: string) => errors.find((error) => error.field === field)?.message ?? null;
  const members = overview.committee.seats.flatMap((seat) =>
    seat.members.map((member) => {
      const personId = member.person.id;
      const current = (typeof sent[personId] === 'string' ? sent[personId] : recorded.get(personId)?.status) ?? 'present';
      const holder = (typeof sentProxies[personId] === 'string' ? sentProxies[personId] : recorded.get(personId)?.proxyHolder?.personId) ?? '';
      const statuses: AttendanceStatus[] = [
        'present',
        ...(member.substitute ? (['substituted'] as const) : []),
        ...(proxiesAllowed ? (['represented'] as const) : []),
        'excused',
        'absent',
      ];
      const fieldId = `presence-${personId}`;
      const proxyId = `procuration-${personId}`;
      return {
        personId,
        fieldId,
        fieldError: errorOf(fieldId),
        fullName: member.person.fullName,
        seat: seat.role,
        party: seat.party?.name ?? seat.group ?? '',
        substitute: member.substitute?.fullName ?? null,
        substituteId: member.substitute?.id ?? null,
        choices: statuses.map((status) => ({
          value: status,
          id: `presence-${personId}-${status}`,
          label:
            status === 'substituted' && member.substitute
              ? `Remplacé(e) par ${member.substitute.fullName}`
              : status === 'represented'
                ? 'Représenté(e) par procuration'
                : ATTENDANCE_LABELS[status],
          checked: current === status,
        })),
        proxy: proxiesAllowed
          ? {
              id: proxyId,
              error: errorOf(proxyId),
              options: everyone.filter((other) => other.id !== personId).map((other) => ({ ...other, selected: other.id === holder })),
            }
          : null,
      };
    }),
  );
  return { members, proxiesAllowed };
}

/**
 * The API's body for the attendance form: `presence[<personId>] = <status>`; a substitute is the
 * member's own; a proxy holder is `procuration[<personId>]`, sent only with « représenté(e) ».
 */
export function attendanceBody(body: FormBody | undefined): Record<string, unknown> {
  const sent = (body?.presence ?? {}) as Record<string, unknown>;
  const substitutes = (body?.suppleant ?? {}) as Record<string, unknown>;
  const proxies = (body?.procuration ?? {}) as Record<string, unknown>;
  return {
    attendance: Object.entries(sent).map(([personId, status]) => ({
      personId,
      status,
      ...(status === 'substituted' && typeof substitutes[personId] === 'string' ? { substitutePersonId: substitutes[personId] } : {}),
      ...(status === 'represented' && typeof proxies[personId] === 'string' && proxies[personId] !== '' ? { proxyHolderPersonId: proxies[personId] } : {}),
    })),
    version: Number(body?.version) || undefined,
  };
}

/** The form field an API error path names: `attendance[i].proxyHolderPersonId` is that member's proxy list, any other `attendance[i]…` his line. */
export function attendanceFieldOf(body: FormBody | undefined): (path: string) => string {
  const personIds = Object.keys((body?.presence ?? {}) as Record<string, unknown>);
  return (path) => {
    const match = /^attendance\[(\d+)\](?:\.(\w+))?/.exec(path);
    const personId = match ? personIds[Number(match[1])] : undefined;
    if (!personId) return 'presences';
    return match?.[2] === 'proxyHolderPersonId' ? `procuration-${personId}` : `presence-${personId}`;
  };
}
