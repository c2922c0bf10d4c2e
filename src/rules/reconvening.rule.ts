import type { NoticeDayKind, NoticeRule } from '../committees/committee-rules';
import { DateRange, LocalDate, addDays, later } from './local-date';
import { NoticeTerms, earliestMeetingDay } from './notice.rule';
import type { QuorumTerms } from './quorum.rule';
import type { HolidayCalendar } from './working-days.rule';
import { isWorkingDay } from './working-days.rule';
import type { SchoolHolidayCalendar } from './school-holidays.rule';

/**
 * « Si ce quorum n'est pas atteint, le conseil est convoqué en vue d'une nouvelle réunion, qui doit
 * se tenir dans un délai minimum de huit jours et maximum de quinze jours ; il délibère alors
 * valablement, quel que soit le nombre des membres présents. » (Code de l'éducation, R. 421-25,
 * for the conseil d'administration of a collège or lycée; many conventions copy it.)
 *
 * A sitting held without its quorum may be followed by a second sitting on the same agenda, held
 * from `earliestDays` to `latestDays` days after the first (calendar days, both ends included),
 * convened with its own notice (the committee's when the text sets none), and judged by its own
 * quorum: none at all (« quel que soit le nombre des membres présents »: somebody must still be
 * there) unless the text sets a lower one (« le tiers des membres »).
 */
export interface ReconveningRule {
  earliestDays: number;
  latestDays: number;
  /** The second sitting's notice; the committee's when null. */
  notice: { days: number; dayKind: NoticeDayKind; text?: string | null } | null;
  /** The second sitting's quorum; null: whatever the number present. */
  quorum: (QuorumTerms & { text?: string | null }) | null;
  /** The text's own words. */
  text: string | null;
}

/** What a first sitting looks like to this rule. */
export interface FailedSitting {
  localDate: LocalDate;
  state: 'scheduled' | 'held' | 'cancelled';
  quorumReached: boolean | null;
  /** Whether it was itself a second sitting: a second sitting is not reconvened again. */
  reconvened: boolean;
}

/** The days the second sitting may be held on. */
export function reconveningWindow(failedOn: LocalDate, rule: Pick<ReconveningRule, 'earliestDays' | 'latestDays'>): DateRange {
  return { start: addDays(failedOn, rule.earliestDays), end: addDays(failedOn, rule.latestDays) };
}

/** The notice the second sitting is convened with: its own, or the committee's. */
export function reconveningNotice(rule: ReconveningRule, committeeNotice: NoticeRule): NoticeRule {
  return rule.notice ? { days: rule.notice.days, dayKind: rule.notice.dayKind, urgentDays: null, text: rule.notice.text ?? null } : committeeNotice;
}

/** The notice of a meeting: a second sitting's own where the text sets one, else the committee's. */
export function noticeRuleOf(
  committee: { notice: NoticeRule; reconvening?: ReconveningRule | null },
  meeting: { reconvenesMeetingId?: string | null },
): NoticeRule {
  return meeting.reconvenesMeetingId && committee.reconvening ? reconveningNotice(committee.reconvening, committee.notice) : committee.notice;
}

/** The quorum a second sitting is judged by: « quel que soit le nombre des membres présents » unless the text sets one. */
export function reconvenedQuorum(rule: ReconveningRule): QuorumTerms & { text?: string | null } {
  return rule.quorum ?? { kind: 'none', share: null, countsProxies: false, proxiesAllowed: false, maxProxiesPerMember: null, text: null };
}

export interface ReconveningCheck {
  allowed: boolean;
  window: DateRange | null;
  reasons: string[];
}

/** Whether `first` may be followed by a second sitting on `proposedOn` (null: whether it may at all). */
export function checkReconvening(first: FailedSitting, rule: ReconveningRule | null, proposedOn: LocalDate | null = null): ReconveningCheck {
  if (!rule) {
    return { allowed: false, window: null, reasons: ["The committee's rules provide no second sitting after a failed quorum."] };
  }
  if (first.state !== 'held' || first.quorumReached !== false) {
    const what = first.state !== 'held' ? `it is ${first.state}, not held` : first.quorumReached ? 'it reached its quorum' : 'its quorum is not recorded';
    return { allowed: false, window: null, reasons: [`Only a sitting held without its quorum is followed by a second sitting; ${what}.`] };
  }
  if (first.reconvened) {
    return { allowed: false, window: null, reasons: ['This sitting was itself the second sitting after a failed quorum; it is not reconvened again.'] };
  }
  const window = reconveningWindow(first.localDate, rule);
  const span = `between ${window.start} and ${window.end} (${rule.earliestDays} to ${rule.latestDays} days after the sitting of ${first.localDate})`;
  if (proposedOn !== null && (proposedOn < window.start || proposedOn > window.end)) {
    return { allowed: false, window, reasons: [`The second sitting must be held ${span}; ${proposedOn} is outside.`] };
  }
  return { allowed: true, window, reasons: [`The sitting of ${first.localDate} lacked its quorum: a second sitting on the same agenda may be held ${span}.`] };
}

export interface ReconveningProposalInput {
  first: FailedSitting;
  rule: ReconveningRule;
  /** The notice the second sitting is convened with (reconveningNotice), with the territory's holidays. */
  notice: NoticeTerms;
  /** Today in the convention's zone: the convocation cannot leave before. */
  today: LocalDate;
  holidays: HolidayCalendar;
  /** The school holidays, for a committee that does not meet during them. */
  schoolHolidays?: SchoolHolidayCalendar;
  /** Days the committee already meets on. */
  busyDays?: ReadonlySet<LocalDate>;
}

export interface ReconveningProposal {
  window: DateRange | null;
  /** The first lawful day for the second sitting: in the window, with the notice, a working day. */
  proposedOn: LocalDate | null;
  reasons: string[];
}

/** The first day the second sitting can lawfully be held on, convened today. */
export function proposeReconvening(input: ReconveningProposalInput): ReconveningProposal {
  const check = checkReconvening(input.first, input.rule);
  if (!check.allowed || !check.window) return { window: check.window, proposedOn: null, reasons: check.reasons };
  const window = check.window;
  const earliest = earliestMeetingDay(input.today, input.notice);
  const from = later(window.start, earliest);
  const reasons = [...check.reasons];
  if (from > window.start) reasons.push(`Convened today (${input.today}), the notice allows a sitting from ${earliest}.`);
  for (let day = from; day <= window.end; day = addDays(day, 1)) {
    const schoolHoliday = input.schoolHolidays?.holidayOn(day) ?? null;
    if (isWorkingDay(day, input.holidays) && schoolHoliday === null && !input.busyDays?.has(day)) {
      return { window, proposedOn: day, reasons: [...reasons, `Proposed: ${day}, the first working day of the window the notice still allows.`] };
    }
  }
  return {
    window,
    proposedOn: null,
    reasons: [...reasons, `No working day is left between ${from} and ${window.end}: the second sitting can no longer be held within the window.`],
  };
}
