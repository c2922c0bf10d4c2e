/**
 * Periods during which a seat is held: from startsOn to endsOn, both days included; endsOn null
 * means open-ended. Dates are YYYY-MM-DD strings, so they compare as strings.
 */
export interface HeldPeriod {
  startsOn: string;
  endsOn: string | null;
}

export function coversDay(period: HeldPeriod, day: string): boolean {
  return period.startsOn <= day && (period.endsOn === null || day <= period.endsOn);
}

export function periodsOverlap(a: HeldPeriod, b: HeldPeriod): boolean {
  return (b.endsOn === null || a.startsOn <= b.endsOn) && (a.endsOn === null || b.startsOn <= a.endsOn);
}

/**
 * The most of `others` held on one same day of `period`. A seat of count N is full for a new
 * period when this reaches N. Counting every overlapping membership would be too strict: two
 * successive holders (January–March, then June–December) occupy one place, not two.
 * Occupancy only rises on a start day, so the peak is on the period's first day or on a start.
 */
export function peakOccupancy(period: HeldPeriod, others: HeldPeriod[]): number {
  const overlapping = others.filter((other) => periodsOverlap(period, other));
  const candidateDays = [period.startsOn, ...overlapping.map((other) => other.startsOn).filter((day) => coversDay(period, day))];
  return Math.max(0, ...candidateDays.map((day) => overlapping.filter((other) => coversDay(other, day)).length));
}
