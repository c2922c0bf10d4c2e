import { DateRange, LocalDate, addDays, daysIn, instantAt, isWithin, later, localDate, localDateOf, localDateTimeText } from './local-date';
import { FrequencyTerms, MeetingRecord, requiredInPeriod } from './frequency.rule';
import { NoticeTerms, earliestLawfulMeetingDate, latestSendingDay } from './notice.rule';
import { SchoolHolidayCalendar } from './school-holidays.rule';
import { Period, periodsOverlapping } from './periods.rule';
import { Validity } from './validity.rule';
import { HolidayCalendar, isWorkingDay, nonWorkingReason } from './working-days.rule';

/**
 * Proposes the meetings a committee needs in a civil or school year: at least the minimum of each
 * due period, spread through the part of the period still reachable (one meeting near its middle,
 * two near its first and third quarters…), on working days of the territory outside the school
 * holidays of its zone (unless the committee meets during them), inside the validity,
 * no earlier than a convocation leaving now allows, and clear of the days and hours the same
 * people are already busy.
 */
export interface PlanningYear {
  calendar: 'civil' | 'school';
  /** The civil year, or the first year of a school year (2024 for 2024-2025). */
  year: number;
}

/** A whole local day, or an interval (another meeting of the same people). */
export type BusyTime = { date: LocalDate } | { start: Date; end: Date };

export interface PlanningInput {
  rule: FrequencyTerms;
  validity: Validity;
  year: PlanningYear;
  notice: NoticeTerms;
  now: Date;
  zone: string;
  holidays: HolidayCalendar;
  /** The school holidays of the convention's zone, avoided when given. */
  schoolHolidays?: SchoolHolidayCalendar;
  /** The committee's meetings already held or scheduled: they reduce what is still needed. */
  meetings?: readonly MeetingRecord[];
  busy?: readonly BusyTime[];
  /** Local wall-clock times, 14:00–16:00 unless said otherwise. */
  time?: { start: string; end: string };
}

export interface ProposedMeeting {
  localDate: LocalDate;
  /** ISO 8601 with the zone's offset that day: "2025-03-31T14:00:00+02:00". */
  localStart: string;
  localEnd: string;
  start: Date;
  end: Date;
}

export const PLAN_STATUSES = ['planned', 'covered', 'not_due', 'too_late', 'no_free_day'] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];

export interface PeriodPlan {
  period: Period;
  required: number;
  /** Meetings already held with quorum, or scheduled from today on. */
  alreadyCounted: number;
  proposals: ProposedMeeting[];
  status: PlanStatus;
  reasons: string[];
}

export interface Planning {
  range: DateRange;
  earliestLawfulDate: LocalDate;
  periods: PeriodPlan[];
}

export const DEFAULT_MEETING_TIME = { start: '14:00', end: '16:00' } as const;

export function planningRange(year: PlanningYear): DateRange {
  return year.calendar === 'civil'
    ? { start: localDate(year.year, 1, 1), end: localDate(year.year, 12, 31) }
    : { start: localDate(year.year, 9, 1), end: localDate(year.year + 1, 8, 31) };
}

function slotOn(date: LocalDate, input: PlanningInput): ProposedMeeting {
  const time = input.time ?? DEFAULT_MEETING_TIME;
  const start = instantAt(date, time.start, input.zone);
  const end = instantAt(date, time.end, input.zone);
  return { localDate: date, localStart: localDateTimeText(start, input.zone), localEnd: localDateTimeText(end, input.zone), start, end };
}

/** Why a day cannot take the meeting, or null when it can. */
function unavailability(date: LocalDate, input: PlanningInput, taken: ReadonlySet<LocalDate>): string | null {
  const nonWorking = nonWorkingReason(date, input.holidays);
  if (nonWorking) {
    return nonWorking;
  }
  const schoolHoliday = input.schoolHolidays?.holidayOn(date) ?? null;
  if (schoolHoliday) {
    return `${date} falls in the school holidays of zone ${input.schoolHolidays?.zone} (${schoolHoliday})`;
  }
  if (taken.has(date)) {
    return `the committee already meets on ${date}`;
  }
  const slot = slotOn(date, input);
  if (slot.start.getTime() <= input.now.getTime()) {
    return `${slot.localStart} has already passed`;
  }
  for (const busy of input.busy ?? []) {
    if ('date' in busy ? busy.date === date : slot.start < busy.end && busy.start < slot.end) {
      return `the members are busy on ${date}`;
    }
  }
  return null;
}

/** The free day nearest to `target` inside `window` (the earlier one on a tie), with why the target was not kept. */
function nearestFreeDay(
  target: LocalDate,
  window: DateRange,
  input: PlanningInput,
  taken: ReadonlySet<LocalDate>,
): { date: LocalDate; movedBecause: string | null } | null {
  const refusal = unavailability(target, input, taken);
  if (refusal === null) {
    return { date: target, movedBecause: null };
  }
  for (let distance = 1; distance < daysIn(window); distance += 1) {
    for (const date of [addDays(target, -distance), addDays(target, distance)]) {
      if (isWithin(date, window) && unavailability(date, input, taken) === null) {
        return { date, movedBecause: refusal };
      }
    }
  }
  return null;
}

function planPeriod(period: Period, input: PlanningInput, earliest: LocalDate, taken: Set<LocalDate>): PeriodPlan {
  const today = localDateOf(input.now, input.zone);
  const { required, inForce, reason } = requiredInPeriod(period, input.validity, input.rule.minimum);
  const reasons: string[] = reason ? [reason] : [];
  const plan = (status: PlanStatus, alreadyCounted: number, proposals: ProposedMeeting[], why: string): PeriodPlan => ({
    period,
    required,
    alreadyCounted,
    proposals,
    status,
    reasons: [why, ...reasons],
  });
  if (required === 0 || inForce === null) {
    return plan('not_due', 0, [], `${period.label}: nothing to plan`);
  }

  const ownMeetings = (input.meetings ?? []).filter(
    (meeting) =>
      isWithin(meeting.localDate, inForce) &&
      meeting.state !== 'cancelled' &&
      (input.rule.counts === 'any' || (meeting.kind ?? 'ordinary') === 'ordinary'),
  );
  // A scheduled meeting counts while it can still be held lawfully: convened, or its convocation can still leave.
  const alreadyCounted = ownMeetings.filter(
    (meeting) =>
      (meeting.state === 'held' && meeting.quorumReached === true) ||
      (meeting.state === 'scheduled' &&
        meeting.localDate >= today &&
        (meeting.convened === true || latestSendingDay(meeting.localDate, input.notice) >= today)),
  ).length;
  const needed = required - alreadyCounted;
  if (needed <= 0) {
    return plan('covered', alreadyCounted, [], `${period.label}: ${alreadyCounted} of ${required} required already held or scheduled`);
  }

  const window: DateRange = { start: later(inForce.start, earliest), end: inForce.end };
  if (window.end < window.start) {
    return plan(
      'too_late',
      alreadyCounted,
      [],
      `${period.label}: too late, it ends on ${inForce.end} and a convocation leaving now allows a meeting on ${earliest} at the earliest`,
    );
  }

  const school = input.schoolHolidays;
  if (school?.zone && !(school.covers(window.start) && school.covers(window.end))) {
    reasons.push(
      `the school holidays of zone ${school.zone} are not known for every day from ${window.start} to ${window.end}: ` +
        'an administrator imports the ministry\'s calendar (school-holidays import)',
    );
  }
  const proposals: ProposedMeeting[] = [];
  const length = daysIn(window);
  for (let rank = 0; rank < needed; rank += 1) {
    // Evenly spread: the middle of the window for one meeting, its quarters for two…
    const target = addDays(window.start, Math.floor(((rank + 0.5) * length) / needed));
    const found = nearestFreeDay(target, window, input, taken);
    if (!found) {
      break;
    }
    taken.add(found.date);
    proposals.push(slotOn(found.date, input));
    if (found.movedBecause) {
      reasons.push(`moved from ${target} to ${found.date}: ${found.movedBecause}`);
    }
  }
  proposals.sort((a, b) => a.start.getTime() - b.start.getTime());
  if (proposals.length < needed) {
    return plan(
      'no_free_day',
      alreadyCounted,
      proposals,
      `${period.label}: only ${proposals.length} of ${needed} meetings fit between ${window.start} and ${window.end} ` +
        '(working days outside the school holidays, clear of other meetings)',
    );
  }
  return plan('planned', alreadyCounted, proposals, `${period.label}: ${proposals.length} meeting${proposals.length === 1 ? '' : 's'} proposed`);
}

/** Proposed meetings for a committee and a year, period by period. */
export function proposePlanning(input: PlanningInput): Planning {
  const range = planningRange(input.year);
  const earliest = earliestLawfulMeetingDate(input.now, input.notice, input.zone);
  if (input.rule.calendar === 'signature' && input.validity.start === null) {
    return { range, earliestLawfulDate: earliest, periods: [] };
  }
  const taken = new Set<LocalDate>(
    (input.meetings ?? []).filter((meeting) => meeting.state !== 'cancelled').map((meeting) => meeting.localDate),
  );
  const periods = periodsOverlapping(range, input.rule, input.validity.start).map((period) => planPeriod(period, input, earliest, taken));
  return { range, earliestLawfulDate: earliest, periods };
}
