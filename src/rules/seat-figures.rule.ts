/**
 * « Le conseil comprend autant de représentants des parents d'élèves que l'école compte de classes. »
 *
 * A seat whose number follows a figure set elsewhere — the classes of a school, the communes of a
 * grouping, a number another body fixes — rather than written in the committee. The figure is
 * stated per school (`schools[].figures`) or for the whole convention (`figures`); a committee per
 * school reads its school's figure first, then the convention's. One place per `per` of the figure,
 * rounded up (« un représentant pour deux classes »: 5 classes give 3), never fewer than `minimum`
 * nor, when the text caps it, more than `maximum`.
 */
export interface SeatCountRule {
  /** The figure's name, as the file names it: "classes", "communes". */
  figure: string;
  per: number;
  minimum: number;
  maximum: number | null;
  text: string | null;
}

export interface Figure {
  name: string;
  value: number;
}

export interface FigureReading {
  value: number;
  /** Where it was read: the school's figures, or the convention's. */
  from: 'school' | 'convention';
}

/** The figure for a committee: its school's, else the convention's; null when neither states it. */
export function figureFor(name: string, schoolFigures: readonly Figure[] | null, conventionFigures: readonly Figure[]): FigureReading | null {
  const ofSchool = schoolFigures?.find((figure) => figure.name === name);
  if (ofSchool) return { value: ofSchool.value, from: 'school' };
  const ofConvention = conventionFigures.find((figure) => figure.name === name);
  return ofConvention ? { value: ofConvention.value, from: 'convention' } : null;
}

/** The number of places: one per `per` of the figure, rounded up, within the minimum and maximum. */
export function seatCountFrom(rule: Pick<SeatCountRule, 'per' | 'minimum' | 'maximum'>, value: number): number {
  const count = Math.max(rule.minimum, Math.ceil(value / rule.per));
  return rule.maximum === null ? count : Math.min(count, rule.maximum);
}

/** Why the count is what it is, for the API. */
export function seatCountReason(rule: SeatCountRule, reading: FigureReading): string {
  const per = rule.per === 1 ? `one place per ${rule.figure}` : `one place per ${rule.per} ${rule.figure}, rounded up`;
  return `${reading.value} ${rule.figure} (stated for the ${reading.from}): ${per}, at least ${rule.minimum}${rule.maximum === null ? '' : `, at most ${rule.maximum}`}, so ${seatCountFrom(rule, reading.value)}.`;
}

/** What a seat keeps of the rule and of the figure its count was read from. */
export interface FollowedCount extends SeatCountRule {
  value: number;
  from: FigureReading['from'];
}
