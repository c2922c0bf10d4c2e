import { LocalDate, addDays } from './local-date';
import { dayAfter, noticeDayKindWords } from './notice.rule';
import type { HolidayCalendar } from './working-days.rule';
import type { MinutesDayKind } from './minutes.rule';

/**
 * « Le conseil se réunit en séance extraordinaire à la demande du tiers au moins de ses membres ou
 * du directeur académique ; il est alors convoqué dans les quinze jours qui suivent la demande. »
 *
 * Who may ask: at least a share of the members in office on the day of the request (rounded up:
 * a third of 7 members is 3), or the holder of a seat the text names (« le directeur
 * académique »). The convener then has until the last day of the delay (the request's day is day 0)
 * to send the convocation; copil warns from `warningDays` before that day.
 */
export interface ConveningRequestRule {
  /** Share of the members in office who together may ask; null when members may not. */
  share: number | null;
  /** Seats whose holder alone may ask, by key. */
  seats: string[];
  conveneWithinDays: number;
  dayKind: MinutesDayKind;
  /** Warn this many days before the last day to convene. */
  warningDays: number;
  text: string | null;
}

export interface RequestCheck {
  admissible: boolean;
  /** Members needed for the share, on the day. */
  required: number | null;
  reasons: string[];
}

/** Whether a request by these people, on a day when `membersInOffice` hold seats, may oblige the convener. */
export function requestAdmissible(
  rule: ConveningRequestRule,
  request: { requesterSeats: ReadonlyArray<string | null>; membersInOffice: number },
): RequestCheck {
  const bySeat = request.requesterSeats.find((seat) => seat !== null && rule.seats.includes(seat));
  if (bySeat) return { admissible: true, required: null, reasons: [`Asked by the holder of seat ${bySeat}, whom the text allows to ask alone.`] };
  const members = request.requesterSeats.filter((seat) => seat !== null).length;
  if (rule.share === null) {
    return {
      admissible: false,
      required: null,
      reasons: [rule.seats.length ? `Only the holder of ${rule.seats.join(' or ')} may ask for a sitting.` : 'The text lets nobody ask for a sitting.'],
    };
  }
  const required = Math.ceil(rule.share * request.membersInOffice - 1e-9);
  const enough = members >= required;
  return {
    admissible: enough,
    required,
    reasons: [`${members} member(s) asked; ${required} of the ${request.membersInOffice} in office are needed (${rule.share} of them)${enough ? '.' : ': not enough.'}`],
  };
}

export const REQUEST_STATUSES = ['to_convene', 'due_soon', 'overdue', 'convened', 'convened_late'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

export interface RequestVerdict {
  status: RequestStatus;
  /** The last day the convocation may leave. */
  conveneBy: LocalDate;
  /** From this day on the convener and the secretariat are warned. */
  warnFrom: LocalDate;
  warning: boolean;
  convenedOn: LocalDate | null;
  reasons: string[];
}

/**
 * Where a request stands on `today`: answered by the first convocation sent for the committee
 * on or after the day of the request.
 */
export function requestStatus(
  rule: ConveningRequestRule,
  request: { requestedOn: LocalDate; convenedOn: LocalDate | null },
  today: LocalDate,
  holidays: HolidayCalendar | null,
): RequestVerdict {
  const conveneBy = dayAfter(request.requestedOn, rule.conveneWithinDays, { dayKind: rule.dayKind, holidays });
  const warnFrom = addDays(conveneBy, -rule.warningDays);
  const delay = rule.dayKind === 'calendar' ? `${rule.conveneWithinDays} days` : `${rule.conveneWithinDays} ${noticeDayKindWords(rule.dayKind)}`;
  const base = { conveneBy, warnFrom, convenedOn: request.convenedOn };
  if (request.convenedOn !== null) {
    const late = request.convenedOn > conveneBy;
    return {
      ...base,
      status: late ? 'convened_late' : 'convened',
      warning: false,
      reasons: [`Convened on ${request.convenedOn}${late ? `, after ${conveneBy}` : ''}: the text asks for it within ${delay} of the request of ${request.requestedOn}.`],
    };
  }
  if (today > conveneBy) {
    return { ...base, status: 'overdue', warning: true, reasons: [`Not convened: the convocation had to leave by ${conveneBy}, ${delay} after the request of ${request.requestedOn}.`] };
  }
  const soon = today >= warnFrom;
  return {
    ...base,
    status: soon ? 'due_soon' : 'to_convene',
    warning: soon,
    reasons: [`To convene by ${conveneBy}, ${delay} after the request of ${request.requestedOn}${soon ? ` (warned from ${warnFrom})` : ''}.`],
  };
}
