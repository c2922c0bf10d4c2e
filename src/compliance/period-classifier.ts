import type { FrequencyTerms, MeetingRecord, PeriodCompliance } from '../rules/frequency.rule';
import { frequencyCompliance, requiredInPeriod, PeriodRequirement } from '../rules/frequency.rule';
import { DateRange, LocalDate } from '../rules/local-date';
import type { NoticeTerms } from '../rules/notice.rule';
import { Period, periodContaining } from '../rules/periods.rule';
import type { Validity } from '../rules/validity.rule';
import type { HolidayCalendar } from '../rules/working-days.rule';
import type { SchoolHolidayCalendar } from '../rules/school-holidays.rule';

/** What the database counted for one period (see period-counts.query.ts). */
export interface PeriodTally {
  outsideValidity: number;
  heldWithQuorum: number;
  heldWithoutQuorum: number;
  heldQuorumUnknown: number;
  scheduled: number;
  scheduledAhead: number;
  scheduledAheadUnconvenable: number;
  otherKind: number;
}

/** Everything about a committee and its convention that a period's classification depends on. */
export interface ClassificationContext {
  /** Identifies `validity` and `holidays` within one classifier: the convention's id. */
  conventionKey: string;
  /** Identifies the whole context; made by contextKey(). */
  key: string;
  validity: Validity;
  holidays: HolidayCalendar;
  /** The zone's school holidays, for a committee that does not meet during them. */
  schoolHolidays?: SchoolHolidayCalendar;
  rule: FrequencyTerms;
  notice: NoticeTerms;
  today: LocalDate;
}

/**
 * Classifies aggregated rows with `rules/frequency.rule.ts` itself, so the set-based report and
 * the unit-tested rule cannot disagree. The rule reads meetings one by one; a tally is turned back
 * into stand-in meetings placed on days that the rule sorts the same way (in force or not, before
 * or from today) — it only ever compares a meeting's day with the period, the validity and today.
 *
 * The rule computes with luxon, some hundred microseconds a period; across tens of thousands of
 * committees most periods share their convention, rule and counts, so each outcome is computed
 * once per classifier (one report) and reused.
 */
export class PeriodClassifier {
  /** Shared by every context: civil and school periods do not depend on the convention. */
  private readonly periods = new Map<string, Period>();
  /** Per context (its key), by period start, then by tally. */
  private readonly contexts = new Map<string, ContextCache>();
  /** Outcomes of periods with days in force, shared by conventions alike (alikeConventionsKey). */
  private readonly alike = new Map<string, PeriodCompliance>();

  /** The period of periods.rule that starts on `start`; its end must be the one the database computed. */
  period(start: LocalDate, end: LocalDate, context: ClassificationContext): Period {
    const cache = this.cacheOf(context);
    let period = cache.periods.get(start);
    if (!period) {
      const { rule } = context;
      const anchor = rule.calendar === 'signature' ? context.validity.start : null;
      const key = `${rule.calendar}|${rule.period}|${rule.months}|${anchor}|${start}`;
      period = this.periods.get(key) ?? periodContaining(start, rule, anchor) ?? undefined;
      if (!period || period.start !== start || period.end !== end) {
        throw new Error(
          `the database's period ${start}..${end} is not a ${rule.calendar} ${rule.period} period ` +
            `(the rule gives ${period ? `${period.start}..${period.end}` : 'none'})`,
        );
      }
      this.periods.set(key, period);
      cache.periods.set(start, period);
    }
    return period;
  }

  /** Meetings the period requires given the validity (the partial-period rule). */
  requirement(period: Period, context: ClassificationContext): PeriodRequirement {
    const cache = this.cacheOf(context);
    let requirement = cache.requirements.get(period.start);
    if (!requirement) {
      requirement = requiredInPeriod(period, context.validity, context.rule.minimum);
      cache.requirements.set(period.start, requirement);
    }
    return requirement;
  }

  classify(period: Period, tally: PeriodTally, context: ClassificationContext): PeriodCompliance {
    const cache = this.cacheOf(context);
    const key = `${period.start}|${tallyKey(tally)}`;
    let outcome = cache.outcomes.get(key);
    if (!outcome) {
      const inForce = this.requirement(period, context).inForce;
      // Within its days in force, a period's outcome depends on the convention only through those
      // days, its territory's holidays and its school zone: conventions alike there share it.
      const alikeKey = inForce === null ? null : alikeConventionsKey(period, inForce, key, context);
      outcome = alikeKey === null ? undefined : this.alike.get(alikeKey);
      if (outcome) {
        cache.outcomes.set(key, outcome);
        return outcome;
      }
      [outcome] = frequencyCompliance({
        rule: context.rule,
        validity: context.validity,
        range: { start: period.start, end: period.start },
        meetings: standInMeetings(period, inForce, tally, context.today),
        notice: context.notice,
        today: context.today,
        holidays: context.holidays,
        schoolHolidays: context.schoolHolidays,
      }).periods;
      cache.outcomes.set(key, outcome);
      if (alikeKey !== null) this.alike.set(alikeKey, outcome);
    }
    return outcome;
  }

  private cacheOf(context: ClassificationContext): ContextCache {
    let cache = this.contexts.get(context.key);
    if (!cache) {
      cache = { periods: new Map(), requirements: new Map(), outcomes: new Map() };
      this.contexts.set(context.key, cache);
    }
    return cache;
  }
}

interface ContextCache {
  periods: Map<LocalDate, Period>;
  requirements: Map<LocalDate, PeriodRequirement>;
  outcomes: Map<string, PeriodCompliance>;
}

/**
 * What a period's outcome depends on once some of its days are in force: frequencyCompliance reads
 * the validity only through those days (the requirement, the stand-in meetings' days, the last day
 * to convene) — only a period with none in force names the validity in its reasons — and the
 * holidays only through the territory's calendar. The rest is contextKey's without the convention,
 * and the period itself (a signature period's label depends on its anchor, so it is part of it).
 */
function alikeConventionsKey(period: Period, inForce: DateRange, periodAndTally: string, context: ClassificationContext): string {
  return [
    context.today,
    context.holidays.territory,
    context.schoolHolidays?.zone ?? '-',
    ...ruleKeyParts(context),
    period.key,
    period.label,
    period.end,
    inForce.start,
    inForce.end,
    periodAndTally,
  ].join('|');
}

/** What tells two tallies apart. */
export function tallyKey(tally: PeriodTally): string {
  return (
    `${tally.outsideValidity}|${tally.heldWithQuorum}|${tally.heldWithoutQuorum}|${tally.heldQuorumUnknown}|` +
    `${tally.scheduled}|${tally.scheduledAhead}|${tally.scheduledAheadUnconvenable}|${tally.otherKind}`
  );
}

/** What tells two classification contexts apart. */
export function contextKey(context: Omit<ClassificationContext, 'key'>): string {
  return [context.conventionKey, context.today, ...ruleKeyParts(context), context.schoolHolidays?.zone ?? '-'].join('|');
}

/** The frequency rule and the notice, as both keys above tell them apart. */
function ruleKeyParts({ rule, notice }: Pick<ClassificationContext, 'rule' | 'notice'>): Array<string | number | null> {
  return [rule.calendar, rule.period, rule.months, rule.minimum, rule.counts ?? 'ordinary', notice.days, notice.dayKind];
}

/** Meetings that the rule counts exactly as the tally says. */
export function standInMeetings(period: Period, inForce: DateRange | null, tally: PeriodTally, today: LocalDate): MeetingRecord[] {
  const meetings: MeetingRecord[] = [];
  const add = (count: number, record: MeetingRecord): void => {
    for (let index = 0; index < count; index += 1) meetings.push(record);
  };
  if (tally.outsideValidity > 0) {
    const outsideDay = inForce === null || period.start < inForce.start ? period.start : period.end;
    add(tally.outsideValidity, { localDate: outsideDay, state: 'held', quorumReached: true });
  }
  if (inForce === null) {
    return meetings;
  }
  add(tally.heldWithQuorum, { localDate: inForce.start, state: 'held', quorumReached: true });
  add(tally.heldWithoutQuorum, { localDate: inForce.start, state: 'held', quorumReached: false });
  add(tally.heldQuorumUnknown, { localDate: inForce.start, state: 'held', quorumReached: null });
  add(tally.otherKind, { localDate: inForce.start, state: 'held', quorumReached: true, kind: 'extraordinary' });
  // Scheduled meetings still to come sit on today or later, the others before today. Those never
  // convened whose convocation can no longer leave sit on today unconvened (with a notice of at
  // least a day, today is past their last day to convene); the others are as good as convened.
  const aheadDay = today > inForce.start ? today : inForce.start;
  add(tally.scheduledAhead - tally.scheduledAheadUnconvenable, { localDate: aheadDay, state: 'scheduled', quorumReached: null, convened: true });
  add(tally.scheduledAheadUnconvenable, { localDate: aheadDay, state: 'scheduled', quorumReached: null, convened: false });
  add(tally.scheduled - tally.scheduledAhead, { localDate: inForce.start, state: 'scheduled', quorumReached: null });
  return meetings;
}
