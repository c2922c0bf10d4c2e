import type { NoticeDayKind, NoticeRule } from '../committees/committee-rules';
import { LocalDate, addDays, daysBetween, localDateOf } from './local-date';

/**
 * "La convocation … est envoyée … au moins 15 jours avant la réunion." Notice is counted in local
 * days of the convention's zone: sent on day D for a meeting on day M,
 * - calendar days (the default): M − D ≥ N;
 * - clear days (jours francs), which leave out the day of sending and the day of the meeting:
 *   M − D − 1 ≥ N.
 * "15 jours avant" and "au moins 15 jours avant" are both read as a minimum.
 */
export type NoticeTerms = Pick<NoticeRule, 'days' | 'dayKind'>;

export interface NoticeCheck {
  respected: boolean;
  daysGiven: number;
  daysRequired: number;
  dayKind: NoticeDayKind;
  sentOn: LocalDate;
  meetingOn: LocalDate;
  /** The last local day the convocation could leave for this meeting. */
  latestSendingDate: LocalDate;
  /** The first local day a meeting could be held with a convocation leaving when this one did. */
  earliestLawfulMeetingDate: LocalDate;
  reason: string;
}

function dayKindWords(terms: NoticeTerms): string {
  return terms.dayKind === 'clear' ? 'clear days (jours francs)' : 'calendar days';
}

export interface NoticeRuleWithUrgency extends NoticeTerms {
  /** The shorter notice the text allows in urgency, or null when it allows none. */
  urgentDays?: number | null;
}

/**
 * « En cas d'urgence, le délai peut être ramené à trois jours »: the shorter notice applies only to
 * a meeting marked urgent with its reason recorded, and only where the text provides one.
 */
export function applicableNotice(rule: NoticeRuleWithUrgency, urgencyReason: string | null): NoticeTerms & { urgent: boolean } {
  const urgent = urgencyReason !== null && urgencyReason.trim() !== '' && rule.urgentDays !== null && rule.urgentDays !== undefined;
  return { days: urgent ? (rule.urgentDays as number) : rule.days, dayKind: rule.dayKind, urgent };
}

/** Days of notice a convocation sent on `sentOn` gives a meeting on `meetingOn`, never negative. */
export function noticeDaysGiven(sentOn: LocalDate, meetingOn: LocalDate, terms: NoticeTerms): number {
  const between = daysBetween(sentOn, meetingOn);
  return Math.max(0, terms.dayKind === 'clear' ? between - 1 : between);
}

/** The last local day a convocation may leave for a meeting held on `meetingOn`. */
export function latestSendingDay(meetingOn: LocalDate, terms: NoticeTerms): LocalDate {
  return addDays(meetingOn, -(terms.days + (terms.dayKind === 'clear' ? 1 : 0)));
}

/** The first local day a meeting may be held when its convocation leaves on `sentOn`. */
export function earliestMeetingDay(sentOn: LocalDate, terms: NoticeTerms): LocalDate {
  return addDays(sentOn, terms.days + (terms.dayKind === 'clear' ? 1 : 0));
}

export function noticeRespected(sentAt: Date, meetingStart: Date, terms: NoticeTerms, zone: string): NoticeCheck {
  const sentOn = localDateOf(sentAt, zone);
  const meetingOn = localDateOf(meetingStart, zone);
  const daysGiven = noticeDaysGiven(sentOn, meetingOn, terms);
  const latestSendingDate = latestSendingDay(meetingOn, terms);
  const earliestLawfulMeetingDate = earliestMeetingDay(sentOn, terms);
  const facts = { daysGiven, daysRequired: terms.days, dayKind: terms.dayKind, sentOn, meetingOn, latestSendingDate, earliestLawfulMeetingDate };

  if (sentAt.getTime() >= meetingStart.getTime()) {
    return {
      ...facts,
      respected: false,
      reason: `The convocation was sent at ${sentAt.toISOString()}, after the meeting began (${meetingStart.toISOString()}).`,
    };
  }
  const respected = sentOn <= latestSendingDate;
  const given = `sent on ${sentOn} (${zone}) for a meeting on ${meetingOn}, it gives ${daysGiven} ${dayKindWords(terms)}`;
  return {
    ...facts,
    respected,
    reason: respected
      ? `Notice respected: ${given}; at least ${terms.days} required.`
      : `Notice too short: ${given} where at least ${terms.days} are required. It had to leave by ${latestSendingDate}, ` +
        `or the meeting be held on ${earliestLawfulMeetingDate} or later.`,
  };
}

/** The last local day the convocation may leave for a meeting starting at `meetingStart`. */
export function latestSendingDate(meetingStart: Date, terms: NoticeTerms, zone: string): LocalDate {
  return latestSendingDay(localDateOf(meetingStart, zone), terms);
}

/**
 * The first local day a meeting can be held if its convocation leaves `now`; a meeting asked for
 * earlier is refused with this date.
 */
export function earliestLawfulMeetingDate(now: Date, terms: NoticeTerms, zone: string): LocalDate {
  return earliestMeetingDay(localDateOf(now, zone), terms);
}
