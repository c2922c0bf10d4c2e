import type { NoticeDayKind, NoticeRule } from '../committees/committee-rules';
import { LocalDate, addDays, dayOfWeek, daysBetween, localDateOf } from './local-date';
import type { HolidayCalendar } from './working-days.rule';

/**
 * "La convocation … est envoyée … au moins 15 jours avant la réunion." Notice is counted in local
 * days of the convention's zone: sent on day D for a meeting on day M,
 * - calendar days (the default): M − D ≥ N;
 * - clear days (jours francs), which leave out the day of sending and the day of the meeting:
 *   M − D − 1 ≥ N;
 * - working days (jours ouvrés: Monday to Friday) and jours ouvrables (Monday to Saturday), never a
 *   public holiday of the convention's territory: at least N such days strictly between D and M.
 *   Like jours francs, neither the day of sending nor the day of the meeting counts: a day of
 *   notice is a day the members have to prepare, and « cinq jours ouvrés avant la séance » leaves
 *   them five whole working days.
 * "15 jours avant" and "au moins 15 jours avant" are both read as a minimum.
 */
export interface NoticeTerms extends Pick<NoticeRule, 'days' | 'dayKind'> {
  /** The territory's public holidays: needed for working days and jours ouvrables. */
  holidays?: HolidayCalendar | null;
}

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

const DAY_KIND_WORDS: Record<NoticeDayKind, string> = {
  calendar: 'calendar days',
  clear: 'clear days (jours francs)',
  working: 'working days (jours ouvrés)',
  workable: 'working days including Saturdays (jours ouvrables)',
};

/** "clear days (jours francs)", for reasons. */
export function noticeDayKindWords(dayKind: NoticeDayKind): string {
  return DAY_KIND_WORDS[dayKind];
}

function dayKindWords(terms: NoticeTerms): string {
  return noticeDayKindWords(terms.dayKind);
}

function countsWorkingDays(terms: NoticeTerms): boolean {
  return terms.dayKind === 'working' || terms.dayKind === 'workable';
}

function holidaysFor(terms: NoticeTerms): HolidayCalendar {
  if (!terms.holidays) {
    throw new RangeError(`a notice in ${dayKindWords(terms)} needs the public holidays of the convention's territory`);
  }
  return terms.holidays;
}

/** Whether `date` is a day of notice: Monday–Friday (ouvré) or Monday–Saturday (ouvrable), not a public holiday. */
export function isNoticeDay(date: LocalDate, terms: NoticeTerms): boolean {
  if (!countsWorkingDays(terms)) return true;
  const weekday = dayOfWeek(date);
  if (weekday === 7 || (terms.dayKind === 'working' && weekday === 6)) return false;
  return holidaysFor(terms).holidayOn(date) === null;
}

/** The `count`-th day of notice from `from` (included) in direction `step`. */
function nthNoticeDay(from: LocalDate, count: number, step: 1 | -1, terms: NoticeTerms): LocalDate {
  let found = 0;
  let date = from;
  for (;;) {
    if (isNoticeDay(date, terms)) {
      found += 1;
      if (found === count) return date;
    }
    date = addDays(date, step);
  }
}

export interface NoticeRuleWithUrgency extends NoticeTerms {
  /** The shorter notice the text allows in urgency, or null when it allows none. */
  urgentDays?: number | null;
}

/**
 * « En cas d'urgence, le délai peut être ramené à trois jours »: the shorter notice applies only to
 * a meeting marked urgent with its reason recorded, and only where the text provides one.
 */
export function applicableNotice(
  rule: NoticeRuleWithUrgency,
  urgencyReason: string | null,
  holidays: HolidayCalendar | null = null,
): NoticeTerms & { urgent: boolean } {
  const urgent = urgencyReason !== null && urgencyReason.trim() !== '' && rule.urgentDays !== null && rule.urgentDays !== undefined;
  const terms = { days: urgent ? (rule.urgentDays as number) : rule.days, dayKind: rule.dayKind, urgent };
  return holidays ? { ...terms, holidays } : terms;
}

/**
 * The day `days` days after `from`, counted in the terms' kind of days: « dans les quinze jours qui
 * suivent la séance » (calendar), « dans les cinq jours ouvrés » (the fifth working day after it).
 */
export function dayAfter(from: LocalDate, days: number, terms: Pick<NoticeTerms, 'dayKind' | 'holidays'>): LocalDate {
  if (days <= 0) return from;
  const counted = { days, ...terms };
  return countsWorkingDays(counted) ? nthNoticeDay(addDays(from, 1), days, 1, counted) : addDays(from, days);
}

/** Days of notice a convocation sent on `sentOn` gives a meeting on `meetingOn`, never negative. */
export function noticeDaysGiven(sentOn: LocalDate, meetingOn: LocalDate, terms: NoticeTerms): number {
  const between = daysBetween(sentOn, meetingOn);
  if (countsWorkingDays(terms)) {
    let given = 0;
    for (let date = addDays(sentOn, 1); date < meetingOn; date = addDays(date, 1)) {
      if (isNoticeDay(date, terms)) given += 1;
    }
    return given;
  }
  return Math.max(0, terms.dayKind === 'clear' ? between - 1 : between);
}

/** The last local day a convocation may leave for a meeting held on `meetingOn`. */
export function latestSendingDay(meetingOn: LocalDate, terms: NoticeTerms): LocalDate {
  if (countsWorkingDays(terms)) {
    return terms.days === 0 ? meetingOn : addDays(nthNoticeDay(addDays(meetingOn, -1), terms.days, -1, terms), -1);
  }
  return addDays(meetingOn, -(terms.days + (terms.dayKind === 'clear' ? 1 : 0)));
}

/** The first local day a meeting may be held when its convocation leaves on `sentOn`. */
export function earliestMeetingDay(sentOn: LocalDate, terms: NoticeTerms): LocalDate {
  if (countsWorkingDays(terms)) {
    return terms.days === 0 ? sentOn : addDays(nthNoticeDay(addDays(sentOn, 1), terms.days, 1, terms), 1);
  }
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
