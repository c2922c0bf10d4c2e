import { LocalDate, addDays, addMonths, daysBetween } from './local-date';

/**
 * « Les membres du comité sont désignés pour une durée de trois ans, renouvelable une fois. »
 *
 * A member's term (mandat) runs `months` from the day they take their seat: a term of 36 months
 * begun on 6 January 2025 ends on 5 January 2028. When it ends the seat is vacant — no longer
 * convened, no longer counted for the quorum — until someone is appointed or the member is renewed.
 * A renewal is a new term of the same person on the same seat beginning the day after the last one
 * ends; `renewals` limits how many follow the first (0: not renewable, null: no limit). The
 * secretariat is warned `warningDays` before a term ends.
 */
export interface TermOfOfficeRule {
  months: number;
  /** How many times a term may be renewed in a row; null when the text sets no limit. */
  renewals: number | null;
  /** Flag a term as expiring this many days before its last day. */
  warningDays: number;
  /** Keys of the seats whose holders have such a term; every seat when empty. */
  seats: string[];
  text: string | null;
}

export type TermStatus = 'in_office' | 'expiring' | 'ended';

export interface HeldTerm {
  personId: string;
  startsOn: LocalDate;
  /** The last day held, as recorded; null when none was recorded. */
  endsOn: LocalDate | null;
}

export interface TermStanding {
  status: TermStatus;
  /** The last day of the term: the recorded end, else the end the rule sets. */
  endsOn: LocalDate;
  /** Days left after today (0 on the last day); negative once ended. */
  daysLeft: number;
  /** Terms of the same person on the seat that this one renews, in a row. */
  renewalsUsed: number;
  /** Whether one more term may follow this one. */
  mayBeRenewed: boolean;
  reason: string;
}

/** Whether the holders of a seat have a term of office under the rule. */
export function termApplies(rule: TermOfOfficeRule | null | undefined, seatKey: string): rule is TermOfOfficeRule {
  return !!rule && (rule.seats.length === 0 || rule.seats.includes(seatKey));
}

/** The last day of a term begun on `startsOn`: the day before the same date `months` later. */
export function termEndsOn(startsOn: LocalDate, rule: Pick<TermOfOfficeRule, 'months'>): LocalDate {
  return addDays(addMonths(startsOn, rule.months), -1);
}

/**
 * How many terms of the same person on the seat the term beginning on `startsOn` renews: those
 * that end the day before it, one after the other.
 */
export function renewalsBefore(term: Pick<HeldTerm, 'personId' | 'startsOn'>, others: readonly HeldTerm[]): number {
  let count = 0;
  let start = term.startsOn;
  for (;;) {
    const previous = others.find((other) => other.personId === term.personId && other.endsOn !== null && addDays(other.endsOn, 1) === start);
    if (!previous) return count;
    count += 1;
    start = previous.startsOn;
  }
}

/** Why a term beginning then may not be taken, or null when it may. */
export function renewalRefusal(term: Pick<HeldTerm, 'personId' | 'startsOn'>, others: readonly HeldTerm[], rule: TermOfOfficeRule): string | null {
  if (rule.renewals === null) return null;
  const used = renewalsBefore(term, others);
  if (used <= rule.renewals) return null;
  return rule.renewals === 0
    ? `the term of office is not renewable, and this would renew the term ending on ${addDays(term.startsOn, -1)}`
    : `the term of office may be renewed ${rule.renewals} time${rule.renewals > 1 ? 's' : ''} in a row, and this would be renewal ${used}`;
}

/** Where a member's term stands on `today`. */
export function termStanding(term: HeldTerm, others: readonly HeldTerm[], rule: TermOfOfficeRule, today: LocalDate): TermStanding {
  const endsOn = term.endsOn ?? termEndsOn(term.startsOn, rule);
  const daysLeft = daysBetween(today, endsOn);
  const renewalsUsed = renewalsBefore(term, others);
  const mayBeRenewed = rule.renewals === null || renewalsUsed < rule.renewals;
  const renewal = mayBeRenewed ? 'it may be renewed' : 'it may not be renewed';
  if (daysLeft < 0) {
    return { status: 'ended', endsOn, daysLeft, renewalsUsed, mayBeRenewed, reason: `The term ended on ${endsOn}: the seat is vacant until someone is appointed; ${renewal}.` };
  }
  if (daysLeft <= rule.warningDays) {
    return { status: 'expiring', endsOn, daysLeft, renewalsUsed, mayBeRenewed, reason: `The term ends on ${endsOn}, in ${daysLeft} days; ${renewal}.` };
  }
  return { status: 'in_office', endsOn, daysLeft, renewalsUsed, mayBeRenewed, reason: `The term runs until ${endsOn}.` };
}
