import type { CountedMeetingKinds } from '../committees/committee-rules';
import type { MeetingRecord } from './frequency.rule';
import { DateRange, LocalDate, localDate, yearOf } from './local-date';
import { dayAfter, noticeDayKindWords } from './notice.rule';
import type { HolidayCalendar } from './working-days.rule';
import type { MinutesDayKind } from './minutes.rule';

/**
 * « Le conseil se réunit dans les quinze jours qui suivent la proclamation des résultats des
 * élections. » « … au début de chaque année scolaire, dans le mois qui suit la rentrée. »
 *
 * A sitting due within a delay after an event, each time the event happens. The events are named
 * by the text (`election_results`, `installation`…) and recorded with their day, except
 * `school_year_start`, which happens every 1 September (the first day of the school year, as the
 * school calendar of the periods counts it).
 */
export const SCHOOL_YEAR_START = 'school_year_start';

export interface EventDeadlineRule {
  /** A key of the text's event: « proclamation des résultats » → `election_results`. */
  event: string;
  /** The sitting is held within this many days after the event (the event's day is day 0). */
  withinDays: number;
  dayKind: MinutesDayKind;
  /** Which sittings count: ordinary ones (the default) or any. */
  counts: CountedMeetingKinds;
  text: string | null;
}

export const DEADLINE_STATUSES = ['met', 'pending', 'at_risk', 'missed'] as const;
export type DeadlineStatus = (typeof DEADLINE_STATUSES)[number];

export interface DeadlineVerdict {
  event: string;
  occurredOn: LocalDate;
  /** The last day the sitting may be held on. */
  dueBy: LocalDate;
  status: DeadlineStatus;
  /** The sitting held with quorum that meets it, if any. */
  metOn: LocalDate | null;
  reasons: string[];
}

/** Every 1 September whose school year overlaps `range`: the occurrences of `school_year_start`. */
export function schoolYearStarts(range: DateRange): LocalDate[] {
  const starts: LocalDate[] = [];
  for (let year = yearOf(range.start) - 1; year <= yearOf(range.end); year += 1) {
    const start = localDate(year, 9, 1);
    if (start <= range.end && localDate(year + 1, 8, 31) >= range.start) starts.push(start);
  }
  return starts;
}

/**
 * Whether each occurrence of the event was followed in time by a sitting held with quorum. A
 * sitting counts from the day of the event to the last day of the delay, both included; only
 * sittings of the kinds the rule counts. Still open: `pending`, or `at_risk` when no sitting is
 * scheduled in what remains of the delay.
 */
export function eventDeadlines(input: {
  rule: EventDeadlineRule;
  occurrences: readonly LocalDate[];
  meetings: readonly MeetingRecord[];
  today: LocalDate;
  holidays: HolidayCalendar | null;
}): DeadlineVerdict[] {
  const { rule, today } = input;
  const counted = input.meetings.filter((meeting) => rule.counts === 'any' || (meeting.kind ?? 'ordinary') === 'ordinary');
  const delay = rule.dayKind === 'calendar' ? `${rule.withinDays} days` : `${rule.withinDays} ${noticeDayKindWords(rule.dayKind)}`;
  return [...input.occurrences].sort().map((occurredOn) => {
    const dueBy = dayAfter(occurredOn, rule.withinDays, { dayKind: rule.dayKind, holidays: input.holidays });
    const inWindow = counted.filter((meeting) => occurredOn <= meeting.localDate && meeting.localDate <= dueBy);
    const met = inWindow.find((meeting) => meeting.state === 'held' && meeting.quorumReached === true) ?? null;
    const base = { event: rule.event, occurredOn, dueBy };
    const window = `within ${delay} of ${rule.event} on ${occurredOn} (by ${dueBy})`;
    if (met) return { ...base, status: 'met', metOn: met.localDate, reasons: [`Met: a sitting was held with quorum on ${met.localDate}, ${window}.`] };
    const others = inWindow.filter((meeting) => meeting.state === 'held');
    const notCounting = others.length > 0 ? [`${others.length} sitting(s) held in the window without quorum, or not recorded, do not count.`] : [];
    if (today > dueBy) return { ...base, status: 'missed', metOn: null, reasons: [`Missed: no sitting was held with quorum ${window}.`, ...notCounting] };
    const scheduled = inWindow.filter((meeting) => meeting.state === 'scheduled' && meeting.localDate >= today);
    if (scheduled.length > 0) {
      return { ...base, status: 'pending', metOn: null, reasons: [`A sitting is scheduled on ${scheduled[0].localDate}, ${window}.`, ...notCounting] };
    }
    return { ...base, status: 'at_risk', metOn: null, reasons: [`No sitting is scheduled ${window}.`, ...notCounting] };
  });
}
