import type { PeriodCalendar } from '../committees/committee-rules';
import { LocalDate, addMonths, monthOf, yearOf } from './local-date';

/**
 * « La présidence du comité est assurée à tour de rôle, pour une année scolaire, par chacun des
 * signataires. » « Le conseil est présidé alternativement, séance après séance, par le maire et
 * par l'IEN de circonscription. »
 *
 * The chair passes from one party (or seat) to the next in the order the text names them: sitting
 * after sitting, or year after year. The turn of a sitting is its rank among the committee's
 * sittings not cancelled (held or to come), from 0; the turn of a year counts the years of the
 * calendar named (civil from 1 January, school from 1 September, or twelve months from the
 * convention's start) since the one the convention started in.
 */
export const CHAIR_ROTATION_AMONG = ['parties', 'seats'] as const;
export type ChairRotationAmong = (typeof CHAIR_ROTATION_AMONG)[number];

export const CHAIR_ROTATION_EVERY = ['sitting', 'year'] as const;
export type ChairRotationEvery = (typeof CHAIR_ROTATION_EVERY)[number];

export interface ChairRotationRule {
  among: ChairRotationAmong;
  /** The keys of the parties or seats, in the order the chair passes between them. */
  order: string[];
  every: ChairRotationEvery;
  /** With `every: year`: whose years. */
  calendar: PeriodCalendar;
  text: string | null;
}

export interface ChairTurn {
  among: ChairRotationAmong;
  /** The party's or seat's key whose turn it is. */
  key: string;
  /** The sitting's rank or the year's, from 0. */
  turn: number;
  reason: string;
}

/**
 * The rule a committee's chair follows: its own `chairRotation`, or, for a definition that only
 * said `chairRotates` with its co-chairs' seats, those seats in turn, sitting after sitting.
 */
export function effectiveChairRotation(committee: {
  chairRotation: ChairRotationRule | null;
  chairRotates: boolean;
  chairSeatKeys: readonly string[];
}): ChairRotationRule | null {
  if (committee.chairRotation) return committee.chairRotation;
  if (committee.chairRotates && committee.chairSeatKeys.length >= 2) {
    return { among: 'seats', order: [...committee.chairSeatKeys], every: 'sitting', calendar: 'civil', text: null };
  }
  return null;
}

/** Which year of the calendar `day` falls in, counted from the one `start` falls in (0), never negative. */
export function yearsSince(start: LocalDate, day: LocalDate, calendar: PeriodCalendar): number {
  if (day <= start) return 0;
  switch (calendar) {
    case 'civil':
      return yearOf(day) - yearOf(start);
    case 'school': {
      const schoolYear = (date: LocalDate) => (monthOf(date) >= 9 ? yearOf(date) : yearOf(date) - 1);
      return schoolYear(day) - schoolYear(start);
    }
    case 'signature': {
      let years = Math.max(0, yearOf(day) - yearOf(start) - 1);
      while (addMonths(start, 12 * (years + 1)) <= day) years += 1;
      return years;
    }
  }
}

const YEAR_WORDS: Record<PeriodCalendar, string> = {
  civil: 'civil year',
  school: 'school year',
  signature: 'year of the convention',
};

/**
 * Who chairs a sitting: `sittingIndex` is its rank among the committee's sittings not cancelled,
 * `day` its local day, `start` the convention's first day in force.
 */
export function chairOfSitting(rule: ChairRotationRule, sitting: { sittingIndex: number; day: LocalDate }, start: LocalDate): ChairTurn {
  const turn = rule.every === 'sitting' ? sitting.sittingIndex : yearsSince(start, sitting.day, rule.calendar);
  const key = rule.order[turn % rule.order.length];
  const who = rule.among === 'parties' ? `party ${key}` : `seat ${key}`;
  const reason =
    rule.every === 'sitting'
      ? `Sitting ${turn + 1} of the committee: ${who} chairs it (in turn among ${rule.order.join(', ')}, sitting after sitting).`
      : `${ordinal(turn + 1)} ${YEAR_WORDS[rule.calendar]} since the convention began (${start}): ${who} chairs its sittings (in turn among ${rule.order.join(', ')}, year after year).`;
  return { among: rule.among, key, turn, reason };
}

function ordinal(n: number): string {
  const suffix = n % 100 >= 11 && n % 100 <= 13 ? 'th' : ({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th';
  return `${n}${suffix}`;
}

/** Why a rotation cannot be applied, or null; for definition files. */
export function chairRotationProblem(rule: Pick<ChairRotationRule, 'among' | 'order'>, known: { parties: readonly string[]; seats: readonly string[] }): { field: string; code: 'too_few' | 'unknown_reference' | 'duplicate'; message: string } | null {
  if (rule.order.length < 2) return { field: 'order', code: 'too_few', message: 'the chair rotates among at least two parties or seats' };
  const keys = rule.among === 'parties' ? known.parties : known.seats;
  const unknown = rule.order.find((key) => !keys.includes(key));
  if (unknown !== undefined) {
    return {
      field: 'order',
      code: 'unknown_reference',
      message: `"${unknown}" is not ${rule.among === 'parties' ? 'a party of this convention' : 'a seat of this committee'}; ${rule.among} are ${keys.join(', ')}`,
    };
  }
  const twice = rule.order.find((key, index) => rule.order.indexOf(key) !== index);
  if (twice !== undefined) return { field: 'order', code: 'duplicate', message: `"${twice}" is named twice` };
  return null;
}
