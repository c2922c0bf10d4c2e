import type { CountedMeetingKinds, FrequencyRule } from '../committees/committee-rules';
import { DateRange, LocalDate, addDays, daysBetween, daysIn, isWithin } from './local-date';
import { NoticeTerms, latestSendingDay, noticeDayKindWords } from './notice.rule';

/** "8 days' notice", "5 working days (jours ouvrés) of notice". */
function noticeWords(notice: NoticeTerms): string {
  return notice.dayKind === 'calendar' ? `${notice.days} days' notice` : `${notice.days} ${noticeDayKindWords(notice.dayKind)} of notice`;
}
import { Period, periodsOverlapping } from './periods.rule';
import { Validity, describeValidity, validityOn } from './validity.rule';
import { SchoolHolidayCalendar } from './school-holidays.rule';
import { HolidayCalendar, isWorkingDay } from './working-days.rule';

/**
 * "Le comité de pilotage se réunit au moins une fois par semestre." A committee complies in a
 * period when at least `minimum` of its meetings of that period were held with quorum. A meeting
 * held without quorum is shown and does not count; neither does one whose quorum is not recorded.
 * Only ordinary sittings count unless the rule says any sitting does (`counts: any`): « se réunit
 * au moins une fois par an » asks for the ordinary sitting, an extraordinary one does not replace it.
 *
 * A period only partly inside the convention's validity is due in full when at least half of its
 * days are in force, and not due otherwise (see docs/rules.md).
 */
export type FrequencyTerms = Pick<FrequencyRule, 'minimum' | 'period' | 'calendar' | 'months'> & {
  /** ordinary when absent. */
  counts?: CountedMeetingKinds;
};

export const MEETING_KINDS = ['ordinary', 'extraordinary'] as const;
export type MeetingKind = (typeof MEETING_KINDS)[number];

export const MEETING_STATES = ['scheduled', 'held', 'cancelled'] as const;
export type MeetingState = (typeof MEETING_STATES)[number];

export interface MeetingRecord {
  /** The meeting's day in the convention's zone. */
  localDate: LocalDate;
  state: MeetingState;
  /** Recorded for held meetings; null while not recorded. */
  quorumReached: boolean | null;
  /** ordinary when absent. */
  kind?: MeetingKind;
  /** Whether its convocation was sent (decided); a scheduled meeting never convened is no promise. */
  convened?: boolean;
}

export const COMPLIANCE_STATUSES = ['met', 'on_track', 'at_risk', 'missed', 'not_due'] as const;
export type ComplianceStatus = (typeof COMPLIANCE_STATUSES)[number];

/** Worst first: the order in which a roll-up picks a committee's standing. */
const SEVERITY: Record<ComplianceStatus, number> = { missed: 4, at_risk: 3, on_track: 2, met: 1, not_due: 0 };

/** Below this many days before the last day to convene, an uncovered period is at risk. */
export const DEFAULT_WARNING_DAYS = 14;

export interface FrequencyInput {
  rule: FrequencyTerms;
  validity: Validity;
  /** The periods reported are those overlapping this range. */
  range: DateRange;
  meetings: readonly MeetingRecord[];
  notice: NoticeTerms;
  /** Today in the convention's zone (the caller reads the clock). */
  today: LocalDate;
  holidays: HolidayCalendar;
  /** The school holidays of the convention's zone, when the committee does not meet during them. */
  schoolHolidays?: SchoolHolidayCalendar;
  warningDays?: number;
}

export interface PeriodCompliance {
  period: Period;
  /** The period's days during which the convention is in force; null when none. */
  inForce: DateRange | null;
  required: number;
  heldWithQuorum: number;
  heldWithoutQuorum: number;
  /** Held, but the quorum is not recorded yet: not counted until it is. */
  heldQuorumUnknown: number;
  /** Scheduled meetings of the period, past or to come. */
  scheduled: number;
  status: ComplianceStatus;
  /** The last day a convocation can leave for a meeting on the period's last working day in force. */
  lastDayToConvene: LocalDate | null;
  reasons: string[];
}

export interface CommitteeStanding {
  status: ComplianceStatus;
  /** at_risk or missed: what the académie filters on. */
  behind: boolean;
  /** The period that decided the standing. */
  period: Period | null;
  reasons: string[];
}

export interface FrequencyCompliance {
  periods: PeriodCompliance[];
  standing: CommitteeStanding;
}

export interface PeriodRequirement {
  required: number;
  inForce: DateRange | null;
  reason: string | null;
}

/** The meetings a period requires given the validity: the minimum, or none (with why). */
export function requiredInPeriod(period: Period, validity: Validity, minimum: number): PeriodRequirement {
  const inForce = validityOn(period, validity);
  if (minimum <= 0) {
    return { required: 0, inForce, reason: 'meets as needed ("autant que de besoin"): no minimum to fall behind' };
  }
  if (inForce === null) {
    return { required: 0, inForce, reason: `the convention is not in force during ${period.label} (${describeValidity(validity)})` };
  }
  const inForceDays = daysIn(inForce);
  const periodDays = daysIn(period);
  if (inForceDays * 2 < periodDays) {
    return {
      required: 0,
      inForce,
      reason: `only ${inForceDays} of the ${periodDays} days of ${period.label} are within the validity, less than half: not due`,
    };
  }
  const partly = inForceDays < periodDays ? ` (${inForceDays} of its ${periodDays} days are within the validity, at least half)` : '';
  return { required: minimum, inForce, reason: partly ? `due in full${partly}` : null };
}

/**
 * How a period not begun yet reads ahead of time. Nothing is due before it starts (periodCompliance
 * calls it not_due, and it never weighs on a standing), but a convener who has already scheduled
 * its sittings should see it covered: on track once the sittings scheduled in it reach its minimum,
 * upcoming otherwise (also when it requires none: nothing to be on track for).
 */
export function periodAheadStatus(period: { required: number; scheduled: number }): 'on_track' | 'upcoming' {
  return period.required > 0 && period.scheduled >= period.required ? 'on_track' : 'upcoming';
}

/** A day a meeting can be held on: a working day of the territory, outside the school holidays when given. */
export function isMeetingDay(date: LocalDate, holidays: HolidayCalendar, schoolHolidays?: SchoolHolidayCalendar): boolean {
  return isWorkingDay(date, holidays) && (schoolHolidays?.holidayOn(date) ?? null) === null;
}

/**
 * The latest day a convocation can leave for a meeting on the last meeting day of `days`: its last
 * working day, outside the school holidays when given (a school year's last meeting day is before
 * the summer holidays, not on 31 August).
 */
export function lastDayToConvene(
  days: DateRange,
  notice: NoticeTerms,
  holidays: HolidayCalendar,
  schoolHolidays?: SchoolHolidayCalendar,
): LocalDate | null {
  for (let day = days.end; day >= days.start; day = addDays(day, -1)) {
    if (isMeetingDay(day, holidays, schoolHolidays)) {
      return latestSendingDay(day, notice);
    }
  }
  return null;
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

function periodCompliance(period: Period, input: FrequencyInput): PeriodCompliance {
  const { required, inForce, reason } = requiredInPeriod(period, input.validity, input.rule.minimum);
  const reasons: string[] = reason ? [reason] : [];
  const ofPeriod = input.meetings.filter((meeting) => isWithin(meeting.localDate, period) && meeting.state !== 'cancelled');
  const inValidity = inForce ? ofPeriod.filter((meeting) => isWithin(meeting.localDate, inForce)) : [];
  if (inValidity.length < ofPeriod.length) {
    reasons.push(`${plural(ofPeriod.length - inValidity.length, 'meeting', 'meetings')} outside the convention's validity not counted`);
  }
  const anyKind = input.rule.counts === 'any';
  const counted = anyKind ? inValidity : inValidity.filter((meeting) => (meeting.kind ?? 'ordinary') === 'ordinary');
  if (counted.length < inValidity.length) {
    reasons.push(`${plural(inValidity.length - counted.length, 'extraordinary sitting', 'extraordinary sittings')} not counted: the rule asks for ordinary sittings`);
  }
  const held = counted.filter((meeting) => meeting.state === 'held');
  const heldWithQuorum = held.filter((meeting) => meeting.quorumReached === true).length;
  const heldWithoutQuorum = held.filter((meeting) => meeting.quorumReached === false).length;
  const heldQuorumUnknown = held.filter((meeting) => meeting.quorumReached === null).length;
  const scheduledMeetings = counted.filter((meeting) => meeting.state === 'scheduled');
  if (heldWithoutQuorum > 0) {
    reasons.push(`${plural(heldWithoutQuorum, 'meeting', 'meetings')} held without quorum, not counted`);
  }
  if (heldQuorumUnknown > 0) {
    reasons.push(`${plural(heldQuorumUnknown, 'meeting', 'meetings')} held with no quorum recorded, not counted until it is`);
  }
  const lastDay = inForce ? lastDayToConvene(inForce, input.notice, input.holidays, input.schoolHolidays) : null;
  const result = (status: ComplianceStatus, why: string): PeriodCompliance => ({
    period,
    inForce,
    required,
    heldWithQuorum,
    heldWithoutQuorum,
    heldQuorumUnknown,
    scheduled: scheduledMeetings.length,
    status,
    lastDayToConvene: lastDay,
    reasons: [why, ...reasons],
  });

  if (required === 0 || inForce === null) {
    return result('not_due', `${period.label}: nothing required`);
  }
  const tally = `${heldWithQuorum} of ${required} required held with quorum`;
  if (heldWithQuorum >= required) {
    return result('met', `${period.label}: met, ${tally}`);
  }
  if (inForce.end < input.today) {
    return result('missed', `${period.label}: missed, ${tally} by its end on ${inForce.end}`);
  }
  if (inForce.start > input.today) {
    return result('not_due', `${period.label}: not begun, it starts on ${inForce.start}`);
  }

  const gap = required - heldWithQuorum;
  const ahead = scheduledMeetings.filter((meeting) => meeting.localDate >= input.today);
  // A meeting only scheduled is a promise only while its convocation can still leave in time.
  const upcoming = ahead.filter((meeting) => meeting.convened === true || latestSendingDay(meeting.localDate, input.notice) >= input.today).length;
  const overdue = scheduledMeetings.length - ahead.length;
  if (overdue > 0) {
    reasons.push(`${plural(overdue, 'scheduled meeting is', 'scheduled meetings are')} past with no outcome recorded`);
  }
  if (ahead.length > upcoming) {
    reasons.push(
      `${plural(ahead.length - upcoming, 'scheduled meeting was', 'scheduled meetings were')} never convened and can no longer be convened with ${noticeWords(input.notice)}`,
    );
  }
  if (upcoming >= gap) {
    return result('on_track', `${period.label}: on track, ${tally} and ${plural(upcoming, 'meeting', 'meetings')} scheduled`);
  }
  const missing = `${tally}, ${upcoming} scheduled`;
  if (lastDay === null || lastDay < input.today) {
    return result(
      'at_risk',
      `${period.label}: at risk, ${missing}, and a convocation leaving today is too late for a meeting by ${inForce.end}` +
        (lastDay ? ` (the last day to convene was ${lastDay})` : ''),
    );
  }
  const warningDays = input.warningDays ?? DEFAULT_WARNING_DAYS;
  const daysLeft = daysBetween(input.today, lastDay);
  if (daysLeft < warningDays) {
    return result('at_risk', `${period.label}: at risk, ${missing}, and convocations must leave by ${lastDay} (${plural(daysLeft, 'day', 'days')} left)`);
  }
  return result('on_track', `${period.label}: on track, ${missing}; convocations can leave until ${lastDay}`);
}

/**
 * The committee's standing: the worse of its current period and its most recent due period that
 * has ended, so a committee that missed last semester stays behind until the current one is met.
 */
export function committeeStanding(periods: readonly PeriodCompliance[], today: LocalDate): CommitteeStanding {
  const current = periods.find((entry) => entry.period.start <= today && today <= entry.period.end) ?? null;
  const recent =
    [...periods].reverse().find((entry) => entry.period.end < today && entry.required > 0 && entry.inForce !== null) ?? null;
  const candidates = [current, recent].filter((entry): entry is PeriodCompliance => entry !== null);
  if (candidates.length === 0) {
    return { status: 'not_due', behind: false, period: null, reasons: ['no current or past period in the range'] };
  }
  const decisive = candidates.reduce((worst, entry) => (SEVERITY[entry.status] > SEVERITY[worst.status] ? entry : worst));
  return {
    status: decisive.status,
    behind: decisive.status === 'missed' || decisive.status === 'at_risk',
    period: decisive.period,
    reasons: decisive.reasons,
  };
}

/** Compliance of one committee with its frequency rule, period by period, and its standing. */
export function frequencyCompliance(input: FrequencyInput): FrequencyCompliance {
  let periods: Period[];
  if (input.rule.calendar === 'signature' && input.validity.start === null) {
    periods = [];
  } else {
    periods = periodsOverlapping(input.range, input.rule, input.validity.start);
  }
  const compliance = periods.map((period) => periodCompliance(period, input));
  const standing = committeeStanding(compliance, input.today);
  if (periods.length === 0 && input.rule.calendar === 'signature') {
    standing.reasons = [`periods are counted from the convention's start, and it has none (${describeValidity(input.validity)})`];
  }
  return { periods: compliance, standing };
}
