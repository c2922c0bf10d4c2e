import type { Convention } from '../conventions/convention.entity';
import { DateRange, LocalDate, addDays, addMonths, daysBetween, earlier, intersection } from './local-date';

/**
 * When a convention is in force. "Valable pour une période de trois ans à compter de la date de sa
 * signature et reconductible tacitement"; "prend effet à la date de signature et se termine au 31
 * octobre 2021".
 * - start: the effective date, else the signature date; without either it is not in force;
 * - first term: up to `endsOn` when written, else start + duration − 1 day (three years from
 *   15 September 2015 end on 14 September 2018); neither means no end was agreed;
 * - tacit renewal: the term starts again for the same duration, again and again;
 * - termination: `terminatedOn` is the last day in force, whatever term it falls in.
 * All days are inclusive local dates.
 */
export type ConventionTerms = Pick<Convention, 'signedOn' | 'effectiveFrom' | 'durationMonths' | 'endsOn' | 'tacitRenewal' | 'terminatedOn'>;

export interface Validity {
  /** First day in force; null when the convention is neither signed nor given an effective date. */
  start: LocalDate | null;
  /** Last day in force; null when no end is known yet (tacitly renewed, or agreed without a term). */
  end: LocalDate | null;
  /** Last day of the first term, before any renewal. */
  firstTermEnd: LocalDate | null;
  tacitRenewal: boolean;
  terminatedOn: LocalDate | null;
  /** Length of a renewed term: in months when the duration is, else in days like the first term. */
  termMonths: number | null;
  termDays: number | null;
}

export interface Term {
  /** 0 for the first term, 1 for the first renewal… */
  renewal: number;
  start: LocalDate;
  /** Null for a convention agreed without a term and not terminated. */
  end: LocalDate | null;
}

export type ValidityCheck =
  | { within: true; validFrom: LocalDate; validUntil: LocalDate | null }
  | { within: false; validFrom: LocalDate | null; validUntil: LocalDate | null; reason: string };

export function conventionValidity(terms: ConventionTerms): Validity {
  const start = terms.effectiveFrom ?? terms.signedOn ?? null;
  const durationMonths = terms.durationMonths && terms.durationMonths > 0 ? terms.durationMonths : null;
  const firstTermEnd = start === null ? null : (terms.endsOn ?? (durationMonths ? addDays(addMonths(start, durationMonths), -1) : null));
  const termDays = firstTermEnd !== null && start !== null && durationMonths === null ? daysBetween(start, firstTermEnd) + 1 : null;
  const renewable = terms.tacitRenewal && firstTermEnd !== null;
  const naturalEnd = renewable ? null : firstTermEnd;
  const terminatedOn = terms.terminatedOn ?? null;
  const end = terminatedOn === null ? naturalEnd : naturalEnd === null ? terminatedOn : earlier(naturalEnd, terminatedOn);
  return { start, end, firstTermEnd, tacitRenewal: renewable, terminatedOn, termMonths: durationMonths, termDays };
}

/** True when the convention never was in force: no start, or ended before it began. */
export function neverInForce(validity: Validity): boolean {
  return validity.start === null || (validity.end !== null && validity.end < validity.start);
}

export function isWithinValidity(date: LocalDate, validity: Validity): boolean {
  return !neverInForce(validity) && (validity.start as LocalDate) <= date && (validity.end === null || date <= validity.end);
}

/** The days of `range` during which the convention is in force, or null when there are none. */
export function validityOn(range: DateRange, validity: Validity): DateRange | null {
  if (neverInForce(validity)) {
    return null;
  }
  return intersection(range, { start: validity.start as LocalDate, end: validity.end ?? range.end });
}

/** "from 2016-09-01 to 2017-08-31", "from 2015-09-15, tacitly renewed every 36 months"… */
export function describeValidity(validity: Validity): string {
  if (validity.start === null) {
    return 'not in force: it has neither a signature date nor an effective date';
  }
  if (validity.end !== null && validity.end < validity.start) {
    return `never in force: terminated on ${validity.end}, before its start on ${validity.start}`;
  }
  if (validity.end === null) {
    const every = validity.termMonths !== null ? `${validity.termMonths} months` : `${validity.termDays} days`;
    return validity.tacitRenewal ? `from ${validity.start}, tacitly renewed every ${every}` : `from ${validity.start}, with no end date`;
  }
  const cutByTermination =
    validity.end === validity.terminatedOn && (validity.firstTermEnd === null || validity.tacitRenewal || validity.end < validity.firstTermEnd);
  return `from ${validity.start} to ${validity.end}${cutByTermination ? ' (terminated)' : ''}`;
}

/** Whether a day is in force and, when it is not, a reason naming the bounds. */
export function checkValidity(date: LocalDate, validity: Validity): ValidityCheck {
  if (isWithinValidity(date, validity)) {
    return { within: true, validFrom: validity.start as LocalDate, validUntil: validity.end };
  }
  return {
    within: false,
    validFrom: validity.start,
    validUntil: validity.end,
    reason: `${date} is outside the convention's validity (${describeValidity(validity)})`,
  };
}

/** The term (first term or renewal) a day of validity falls in; null outside the validity. */
export function termOn(date: LocalDate, validity: Validity): Term | null {
  if (!isWithinValidity(date, validity)) {
    return null;
  }
  const start = validity.start as LocalDate;
  if (validity.firstTermEnd === null || date <= validity.firstTermEnd) {
    const end = validity.firstTermEnd === null ? validity.end : earlier(validity.firstTermEnd, validity.end ?? validity.firstTermEnd);
    return { renewal: 0, start, end };
  }
  const renewalsStart = addDays(validity.firstTermEnd, 1);
  const renewalTerm = (renewal: number): Term & { end: LocalDate } => {
    if (validity.termMonths !== null) {
      return {
        renewal,
        start: addMonths(renewalsStart, (renewal - 1) * validity.termMonths),
        end: addDays(addMonths(renewalsStart, renewal * validity.termMonths), -1),
      };
    }
    const days = validity.termDays as number;
    return { renewal, start: addDays(renewalsStart, (renewal - 1) * days), end: addDays(renewalsStart, renewal * days - 1) };
  };
  // A term of M months never exceeds 31 × M days, so this first guess never overshoots.
  const longestTerm = validity.termMonths !== null ? validity.termMonths * 31 : (validity.termDays as number);
  let renewal = 1 + Math.floor(daysBetween(renewalsStart, date) / longestTerm);
  while (renewalTerm(renewal).end < date) {
    renewal += 1;
  }
  const term = renewalTerm(renewal);
  return validity.end !== null && validity.end < term.end ? { ...term, end: validity.end } : term;
}
