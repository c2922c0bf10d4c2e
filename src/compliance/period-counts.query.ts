import { EntityManager } from 'typeorm';
import type { CommitteeKind, CountedMeetingKinds, NoticeDayKind, PeriodCalendar, PeriodUnit } from '../committees/committee-rules';
import type { LocalDate } from '../rules/local-date';

/**
 * For one convention: the days it is in force and the days whose periods are asked for. validFrom
 * null: never in force (then no signature periods exist); validUntil null: no end known. Signature
 * periods are counted from validFrom, the convention's start.
 */
export interface ConventionWindow {
  conventionId: string;
  validFrom: LocalDate | null;
  validUntil: LocalDate | null;
  rangeFrom: LocalDate;
  rangeTo: LocalDate;
  /** Today in the convention's zone: scheduled meetings from this day on are still to come. */
  today: LocalDate;
  /** Public holidays of the territory from today on, for a notice in working days (jours ouvrés, ouvrables). */
  publicHolidays?: LocalDate[];
}

export interface PeriodCountsScope {
  committeeIds?: string[];
  kind?: CommitteeKind;
  /**
   * Keep only the last `latest` periods of each committee that start on or before today: what a
   * standing needs, whatever the length of the history.
   */
  latest?: number;
  /** Add the meetings of each period (id, start, state, quorum) — for one committee's page. */
  withMeetings?: boolean;
}

/** A committee in scope and the rule columns its periods are classified with. */
export interface CommitteeRuleRow {
  committeeId: string;
  committeeKey: string;
  committeeName: string;
  committeeKind: CommitteeKind;
  conventionId: string;
  frequencyMinimum: number;
  frequencyPeriod: PeriodUnit;
  frequencyCalendar: PeriodCalendar;
  frequencyMonths: number | null;
  frequencyText: string | null;
  noticeDays: number;
  noticeDayKind: NoticeDayKind;
  frequencyCounts: CountedMeetingKinds;
  meetsDuringSchoolHolidays: boolean;
}

export interface PeriodMeetingRow {
  id: string;
  startsAt: string;
  state: 'scheduled' | 'held';
  quorumReached: boolean | null;
  kind: 'ordinary' | 'extraordinary';
  /** Whether the meeting falls within the convention's validity (it counts only then). */
  inForce: boolean;
}

/** One period of one committee with its meetings counted, as the database computed it. */
export interface PeriodCountsRow {
  committeeId: string;
  periodStart: LocalDate;
  periodEnd: LocalDate;
  /** The part of the period inside the convention's validity; null when none is. */
  coveredStart: LocalDate | null;
  coveredEnd: LocalDate | null;
  /** Meetings (not cancelled) of the period's days outside the validity: shown, never counted. */
  outsideValidity: number;
  heldWithQuorum: number;
  heldWithoutQuorum: number;
  heldQuorumUnknown: number;
  /** Scheduled meetings in force, whatever their date. */
  scheduled: number;
  /** Scheduled meetings in force on today or later: the ones that may still be held. */
  scheduledAhead: number;
  /** Of those, the ones never convened whose convocation can no longer leave in time. */
  scheduledAheadUnconvenable: number;
  /** Sittings of a kind the rule does not count (extraordinary, where it counts ordinary ones). */
  otherKind: number;
  meetings?: PeriodMeetingRow[];
}

export interface PeriodCounts {
  committees: CommitteeRuleRow[];
  /** Ordered by committee, then period. */
  periods: PeriodCountsRow[];
}

/**
 * Every period of every committee in scope, with its meetings counted: two statements in one
 * snapshot, whatever the number of committees.
 *
 * Periods are generated once per rule shape of a convention (its committees mostly share a few),
 * the way `rules/periods.rule.ts` defines them: slices (month offset, length in months) of a
 * cycle — the civil or school year, or one signature period — repeated from an anchor. Each
 * boundary is counted from the anchor itself, as the rule does, so a month-end signature date
 * clamps the same way (PostgreSQL's date + interval and luxon's plus({months}) both keep the last
 * day of a shorter month). Local days become instants through the convention's zone, and meetings
 * are matched on their start instant, which the (committee_id, starts_at) index answers.
 */
export async function fetchPeriodCounts(
  manager: EntityManager,
  windows: ConventionWindow[],
  scope: PeriodCountsScope,
): Promise<PeriodCounts> {
  return inSnapshot(manager, windows, scope, (committees) => ({ committees, periods: [] }), async (transaction, committees, periods) => {
    const holidaysOf = new Map(windows.map((w) => [w.conventionId, (w.publicHolidays ?? []).join(',')]));
    const counted: CountRow[] = await transaction.query(...countMeetings(committees, periods, holidaysOf, scope.withMeetings === true ? 'meetings' : 'counts'));
    const countsOf = new Map<string, Map<number, CountRow>>();
    for (const row of counted) {
      const own = countsOf.get(row.committeeId);
      if (own) own.set(row.ordinal, row);
      else countsOf.set(row.committeeId, new Map([[row.ordinal, row]]));
    }
    const periodsOf = periodsByShape(periods);
    const rows: PeriodCountsRow[] = [];
    for (const committee of committees) {
      const own = periodsOf.get(committeeShapeKey(committee));
      if (!own) continue;
      const counts = countsOf.get(committee.committeeId);
      for (const period of own) rows.push(periodCountsRow(committee.committeeId, period, counts?.get(period.ordinal), scope.withMeetings === true));
    }
    return { committees, periods: rows };
  });
}

/** The columns of a committee's rule that its periods are classified with. */
export type RuleColumns = Omit<CommitteeRuleRow, 'committeeId' | 'committeeKey' | 'committeeName' | 'committeeKind' | 'frequencyText'>;

/** One rule of a convention in the report: its committees are classified alike. */
export type StandingRule = RuleColumns & {
  /** How many committees in scope follow it. */
  committeeCount: number;
};

/** A committee in the report: what it is shown with, its rule, and where its meetings fall. */
export interface StandingCommittee {
  committeeId: string;
  committeeKey: string;
  committeeName: string;
  committeeKind: CommitteeKind;
  /** Index of its rule in `StandingCounts.rules`. */
  rule: number;
  /**
   * Its meetings' slots (see SLOT), as PostgreSQL writes an integer array ('{9,9,13}'), in no
   * particular order; null when none falls in the periods fetched.
   */
  slots: string | null;
}

/**
 * What a standing needs of many committees, in the fewest objects: the distinct rules of the
 * conventions (a few thousand for tens of thousands of committees) and, for each committee, its
 * rule's number and one slot per meeting (its period and what it counts for) — the database
 * groups the meetings by committee only. `tallies` turns a committee's slots into a text equal for
 * committees whose counts are equal in the periods named, and `rowsOf` turns that text back into
 * the rows of its rule's periods.
 */
export interface StandingCounts {
  rules: StandingRule[];
  committees: StandingCommittee[];
  /**
   * The committee's slots in the periods named, as a text; '' for none. `named[ordinal]` is true for
   * each period named by its ordinal (from 1, in the order of its rule's periods).
   */
  tallies(slots: string | null, named: readonly boolean[]): string;
  /** The periods of the rule, counted as `tallies` says (periods left out of it count nothing). */
  rowsOf(rule: number, tallies: string): PeriodCountsRow[];
}

/**
 * The committees of the conventions in scope (of one kind, if asked), their rules, and their
 * meetings placed in the last `latest` periods: three statements in one snapshot — the rules, their
 * shapes' periods, then the committees with their meetings' slots, in one scan of the meetings.
 */
export async function fetchStandingCounts(
  manager: EntityManager,
  windows: ConventionWindow[],
  scope: Pick<PeriodCountsScope, 'kind' | 'latest'>,
): Promise<StandingCounts> {
  const none: StandingCounts = { rules: [], committees: [], tallies: () => '', rowsOf: () => [] };
  if (windows.length === 0) return none;
  const parameters: unknown[] = [windows.map((w) => w.conventionId)];
  let kindFilter = '';
  if (scope.kind !== undefined) {
    parameters.push(scope.kind);
    kindFilter = `AND c.kind = $${parameters.length}`;
  }
  return manager.transaction('REPEATABLE READ', async (transaction) => {
    await tuneCounting(transaction);
    const rules: StandingRule[] = await transaction.query(
      `SELECT c.convention_id AS "conventionId", c.frequency_minimum AS "frequencyMinimum",
              c.frequency_period AS "frequencyPeriod", c.frequency_calendar AS "frequencyCalendar",
              c.frequency_months AS "frequencyMonths", c.notice_days AS "noticeDays", c.notice_day_kind AS "noticeDayKind",
              c.frequency_counts AS "frequencyCounts", c.meets_during_school_holidays AS "meetsDuringSchoolHolidays",
              count(*)::int AS "committeeCount"
         FROM committees c
        WHERE c.convention_id = ANY($1::uuid[]) ${kindFilter}
        GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9`,
      parameters,
    );
    if (rules.length === 0) return none;
    const shapes = new Map<string, { conventionId: string; calendar: string; unit: string; months: number }>();
    for (const rule of rules) {
      const key = committeeShapeKey(rule);
      if (!shapes.has(key)) shapes.set(key, { conventionId: rule.conventionId, calendar: rule.frequencyCalendar, unit: rule.frequencyPeriod, months: rule.frequencyMonths ?? 0 });
    }
    const periods = await shapePeriods(transaction, windows, [...shapes.values()], scope.latest);
    const holidaysOf = new Map(windows.map((w) => [w.conventionId, (w.publicHolidays ?? []).join(',')]));
    // The last statement of the snapshot, planned on estimates it cannot make: PostgreSQL multiplies
    // the selectivities of the nine columns that join the committees to their rules and expects one
    // committee, then would look each one's meetings up by index (minutes at 50,000 committees) and
    // sort the meetings to group them, where one hash join and one hash aggregate take well under a
    // second. And it reckons 8 kB per group for array_agg's state (some 500 bytes here) when it
    // decides to spill the groups to disk: the limit lets every committee's group stay in memory.
    const committeeCount = rules.reduce((sum, rule) => sum + rule.committeeCount, 0);
    await transaction.query('SET LOCAL enable_sort = off');
    await transaction.query('SET LOCAL enable_nestloop = off');
    await transaction.query(`SET LOCAL work_mem = '${Math.max(32 * 1024, committeeCount * 8 + 1024)}kB'`);
    const committees: StandingCommittee[] = await transaction.query(...countStandings(rules, periods, holidaysOf, parameters, kindFilter));
    const periodsOf = periodsByShape(periods);
    const periodsOfRule = rules.map((rule) => periodsOf.get(committeeShapeKey(rule)) ?? []);
    return { rules, committees, tallies: talliesOf, rowsOf: (rule, tallies) => rowsOfTallies(periodsOfRule[rule], tallies) };
  });
}

/**
 * What a meeting counts for in its period, one of eight classes that never overlap; the counts of a
 * period (PeriodTally) are sums of them. A meeting's slot is its period's ordinal × 8 + its class.
 */
const SLOT_CLASSES = 8;
const [OUTSIDE_VALIDITY, OTHER_KIND, HELD_WITH_QUORUM, HELD_WITHOUT_QUORUM, HELD_QUORUM_UNKNOWN, SCHEDULED_PAST, SCHEDULED_AHEAD, SCHEDULED_AHEAD_UNCONVENABLE] = [0, 1, 2, 3, 4, 5, 6, 7];
const SLOT = `m.ordinal * ${SLOT_CLASSES} + CASE
           WHEN NOT m.in_force THEN ${OUTSIDE_VALIDITY}
           WHEN NOT m.counted_kind THEN ${OTHER_KIND}
           WHEN m.state = 'held' THEN CASE WHEN m.quorum_reached THEN ${HELD_WITH_QUORUM} WHEN NOT m.quorum_reached THEN ${HELD_WITHOUT_QUORUM} ELSE ${HELD_QUORUM_UNKNOWN} END
           WHEN NOT m.ahead THEN ${SCHEDULED_PAST}
           WHEN m.unconvenable THEN ${SCHEDULED_AHEAD_UNCONVENABLE}
           ELSE ${SCHEDULED_AHEAD} END`;

/** The slots kept by talliesOf, reused from one committee to the next. */
const keptSlots: number[] = [];

/** The slots of the periods named, in order: '9,9,13'. Equal texts, equal counts in those periods. */
function talliesOf(slots: string | null, named: readonly boolean[]): string {
  if (slots === null) return '';
  keptSlots.length = 0;
  let value = 0;
  // '{9,9,13}': digits and commas between braces. A committee has a few slots: sorted by insertion.
  for (let index = 1; index < slots.length; index += 1) {
    const code = slots.charCodeAt(index);
    if (code >= 48 && code <= 57) {
      value = value * 10 + code - 48;
      continue;
    }
    if (named[Math.floor(value / SLOT_CLASSES)] === true) {
      let at = keptSlots.length;
      while (at > 0 && keptSlots[at - 1] > value) {
        keptSlots[at] = keptSlots[at - 1];
        at -= 1;
      }
      keptSlots[at] = value;
    }
    value = 0;
  }
  return keptSlots.length === 0 ? '' : keptSlots.join(',');
}

function rowsOfTallies(periods: ShapePeriodRow[], tallies: string): PeriodCountsRow[] {
  const byOrdinal = new Map<number, CountRow>();
  for (const part of tallies === '' ? [] : tallies.split(',')) {
    const slot = Number(part);
    const ordinal = Math.floor(slot / SLOT_CLASSES);
    let counts = byOrdinal.get(ordinal);
    if (!counts) {
      counts = {
        committeeId: '',
        ordinal,
        outsideValidity: 0,
        otherKind: 0,
        heldWithQuorum: 0,
        heldWithoutQuorum: 0,
        heldQuorumUnknown: 0,
        scheduled: 0,
        scheduledAhead: 0,
        scheduledAheadUnconvenable: 0,
      };
      byOrdinal.set(ordinal, counts);
    }
    switch (slot % SLOT_CLASSES) {
      case OUTSIDE_VALIDITY:
        counts.outsideValidity += 1;
        break;
      case OTHER_KIND:
        counts.otherKind += 1;
        break;
      case HELD_WITH_QUORUM:
        counts.heldWithQuorum += 1;
        break;
      case HELD_WITHOUT_QUORUM:
        counts.heldWithoutQuorum += 1;
        break;
      case HELD_QUORUM_UNKNOWN:
        counts.heldQuorumUnknown += 1;
        break;
      case SCHEDULED_PAST:
        counts.scheduled += 1;
        break;
      case SCHEDULED_AHEAD:
        counts.scheduled += 1;
        counts.scheduledAhead += 1;
        break;
      case SCHEDULED_AHEAD_UNCONVENABLE:
        counts.scheduled += 1;
        counts.scheduledAhead += 1;
        counts.scheduledAheadUnconvenable += 1;
        break;
    }
  }
  return periods.map((period) => periodCountsRow('', period, byOrdinal.get(period.ordinal), false));
}

/**
 * The committees in scope and their shapes' periods, read in one REPEATABLE READ snapshot with
 * what `then` reads after them; when there is nothing to count, `none` answers instead.
 */
async function inSnapshot<T>(
  manager: EntityManager,
  windows: ConventionWindow[],
  scope: PeriodCountsScope,
  none: (committees: CommitteeRuleRow[]) => T,
  then: (transaction: EntityManager, committees: CommitteeRuleRow[], periods: ShapePeriodRow[]) => Promise<T>,
): Promise<T> {
  if (windows.length === 0 || (scope.committeeIds !== undefined && scope.committeeIds.length === 0)) {
    return none([]);
  }
  const committeeParameters: unknown[] = [windows.map((w) => w.conventionId)];
  const filters: string[] = [];
  if (scope.committeeIds !== undefined) {
    committeeParameters.push(scope.committeeIds);
    filters.push(`c.id = ANY($${committeeParameters.length}::uuid[])`);
  }
  if (scope.kind !== undefined) {
    committeeParameters.push(scope.kind);
    filters.push(`c.kind = $${committeeParameters.length}`);
  }
  const committeeFilter = filters.map((filter) => `AND ${filter}`).join(' ');

  return manager.transaction('REPEATABLE READ', async (transaction) => {
    await tuneCounting(transaction);
    const committees: CommitteeRuleRow[] = await transaction.query(
      `SELECT c.id AS "committeeId", c.key AS "committeeKey", c.name AS "committeeName", c.kind AS "committeeKind",
              c.convention_id AS "conventionId", c.frequency_minimum AS "frequencyMinimum",
              c.frequency_period AS "frequencyPeriod", c.frequency_calendar AS "frequencyCalendar",
              c.frequency_months AS "frequencyMonths", c.frequency_text AS "frequencyText",
              c.notice_days AS "noticeDays", c.notice_day_kind AS "noticeDayKind",
              c.frequency_counts AS "frequencyCounts", c.meets_during_school_holidays AS "meetsDuringSchoolHolidays"
         FROM committees c
        WHERE c.convention_id = ANY($1::uuid[]) ${committeeFilter}
        ORDER BY c.id`,
      committeeParameters,
    );
    if (committees.length === 0) return none(committees);

    // The rule shapes of each convention: its committees mostly share a few.
    const shapes = new Map<string, { conventionId: string; calendar: string; unit: string; months: number }>();
    for (const committee of committees) {
      const key = committeeShapeKey(committee);
      if (!shapes.has(key)) {
        shapes.set(key, {
          conventionId: committee.conventionId,
          calendar: committee.frequencyCalendar,
          unit: committee.frequencyPeriod,
          months: committee.frequencyMonths ?? 0,
        });
      }
    }
    const periods = await shapePeriods(transaction, windows, [...shapes.values()], scope.latest);
    if (periods.length === 0) return none(committees);
    return then(transaction, committees, periods);
  });
}

/** The planner's settings for the counting statements, for the rest of the transaction. */
async function tuneCounting(transaction: EntityManager): Promise<void> {
  // The planner cannot foresee how few periods generate_series yields; its guess would make
  // it compile the statement (JIT) for longer than the statement takes to run.
  await transaction.query('SET LOCAL jit = off');
  await transaction.query("SET LOCAL work_mem = '32MB'");
  // On two shared cores, parallel workers only add their start and a merge: each would scan
  // the meetings and sort its share, where one hash join and one hash aggregate do.
  await transaction.query('SET LOCAL max_parallel_workers_per_gather = 0');
}

function periodsByShape(periods: ShapePeriodRow[]): Map<string, ShapePeriodRow[]> {
  const periodsOf = new Map<string, ShapePeriodRow[]>();
  for (const period of periods) {
    const key = shapeKey(period.conventionId, period.calendar, period.unit, period.months);
    const list = periodsOf.get(key);
    if (list) list.push(period);
    else periodsOf.set(key, [period]);
  }
  return periodsOf;
}

function periodCountsRow(committeeId: string, period: ShapePeriodRow, counts: CountRow | undefined, withMeetings: boolean): PeriodCountsRow {
  const row: PeriodCountsRow = {
    committeeId,
    periodStart: period.periodStart,
    periodEnd: period.periodEnd,
    coveredStart: period.coveredStart,
    coveredEnd: period.coveredEnd,
    outsideValidity: counts?.outsideValidity ?? 0,
    otherKind: counts?.otherKind ?? 0,
    heldWithQuorum: counts?.heldWithQuorum ?? 0,
    heldWithoutQuorum: counts?.heldWithoutQuorum ?? 0,
    heldQuorumUnknown: counts?.heldQuorumUnknown ?? 0,
    scheduled: counts?.scheduled ?? 0,
    scheduledAhead: counts?.scheduledAhead ?? 0,
    scheduledAheadUnconvenable: counts?.scheduledAheadUnconvenable ?? 0,
  };
  if (withMeetings) row.meetings = counts?.meetings ?? [];
  return row;
}

function committeeShapeKey(committee: RuleColumns): string {
  return shapeKey(committee.conventionId, committee.frequencyCalendar, committee.frequencyPeriod, committee.frequencyMonths ?? 0);
}

function shapeKey(conventionId: string, calendar: string, unit: string, months: number): string {
  return `${conventionId}|${calendar}|${unit}|${months}`;
}

/** One period of one rule shape of a convention, with its bounds as instants of the convention's zone. */
interface ShapePeriodRow {
  conventionId: string;
  calendar: string;
  unit: string;
  months: number;
  /** 1, 2… in the order of the shape's periods. */
  ordinal: number;
  periodStart: LocalDate;
  periodEnd: LocalDate;
  coveredStart: LocalDate | null;
  coveredEnd: LocalDate | null;
  periodFrom: string;
  periodBefore: string;
  coveredFrom: string | null;
  coveredBefore: string | null;
  todayFrom: string;
  today: LocalDate;
  timeZone: string;
}

interface CountRow {
  committeeId: string;
  ordinal: number;
  outsideValidity: number;
  otherKind: number;
  heldWithQuorum: number;
  heldWithoutQuorum: number;
  heldQuorumUnknown: number;
  scheduled: number;
  scheduledAhead: number;
  scheduledAheadUnconvenable: number;
  meetings?: PeriodMeetingRow[];
}

/**
 * The periods of each shape overlapping its convention's range, generated in SQL (a few thousand
 * rows for fifty thousand committees), each with the part in force and the instants bounding them.
 */
async function shapePeriods(
  transaction: EntityManager,
  windows: ConventionWindow[],
  shapes: Array<{ conventionId: string; calendar: string; unit: string; months: number }>,
  latest: number | undefined,
): Promise<ShapePeriodRow[]> {
  const parameters: unknown[] = [
    windows.map((w) => w.conventionId),
    windows.map((w) => w.validFrom),
    windows.map((w) => w.validUntil),
    windows.map((w) => w.rangeFrom),
    windows.map((w) => w.rangeTo),
    windows.map((w) => w.today),
    shapes.map((shape) => shape.conventionId),
    shapes.map((shape) => shape.calendar),
    shapes.map((shape) => shape.unit),
    shapes.map((shape) => shape.months),
  ];
  let latestFilter = '';
  // Without a limit, periods from the range's start; with one, only as far back as the last
  // periods can reach (a school term is at most 5 months, a school semester 7: one period more
  // of the nominal length covers them).
  let firstDayNeeded = 'a.lo';
  if (latest !== undefined) {
    parameters.push(latest);
    const limit = `$${parameters.length}::int`;
    latestFilter = `AND sp.begun AND sp.rank_back <= ${limit}`;
    firstDayNeeded = `greatest(a.lo, (a.today - make_interval(months => (${limit} + 1) * a.length))::date)`;
  }
  return transaction.query(
    `
WITH ${WINDOW_CTE},
shape AS (
  SELECT * FROM unnest($7::uuid[], $8::text[], $9::text[], $10::int[]) AS sh(convention_id, calendar, unit, months)
),
anchored AS (
  SELECT sh.*, cv.time_zone, w.valid_from, w.valid_until, w.today, w.range_from AS lo, w.range_to AS hi,
         CASE sh.calendar WHEN 'signature' THEN w.valid_from WHEN 'school' THEN date '2000-09-01' ELSE date '2000-01-01' END AS anchor,
         CASE sh.unit WHEN 'quarter' THEN 3 WHEN 'semester' THEN 6 WHEN 'year' THEN 12 ELSE sh.months END AS length
    FROM shape sh
    JOIN window_of w ON w.convention_id = sh.convention_id
    JOIN conventions cv ON cv.id = sh.convention_id
   WHERE w.range_from <= w.range_to
),
needed AS (
  SELECT a.*, ${firstDayNeeded} AS first_needed
    FROM anchored a
   WHERE a.length >= 1 AND (a.calendar = 'signature' OR a.length <= 12)
),
cycled AS (
  SELECT a.*,
         CASE WHEN a.calendar = 'signature' THEN a.length ELSE 12 END AS cycle,
         (extract(year FROM a.first_needed)::int - extract(year FROM a.anchor)::int) * 12
           + extract(month FROM a.first_needed)::int - extract(month FROM a.anchor)::int AS months_to_lo,
         (extract(year FROM a.hi)::int - extract(year FROM a.anchor)::int) * 12
           + extract(month FROM a.hi)::int - extract(month FROM a.anchor)::int AS months_to_hi
    FROM needed a
),
shape_period AS (
  SELECT a.convention_id, a.calendar, a.unit, a.months, a.time_zone, a.today, p.period_start, p.period_end,
         covered.covered_start, covered.covered_end,
         row_number() OVER (PARTITION BY a.convention_id, a.calendar, a.unit, a.months, p.period_start <= a.today
                            ORDER BY p.period_start DESC) AS rank_back,
         p.period_start <= a.today AS begun
    FROM cycled a
   CROSS JOIN LATERAL (
     SELECT CASE
              WHEN a.calendar = 'school' AND a.unit = 'quarter' THEN ARRAY[0, 4, 7]
              WHEN a.calendar = 'school' AND a.unit = 'semester' THEN ARRAY[0, 5]
              WHEN a.calendar = 'signature' THEN ARRAY[0]
              ELSE ARRAY(SELECT generate_series(0, 11, a.length))
            END AS offsets,
            CASE
              WHEN a.calendar = 'school' AND a.unit = 'quarter' THEN ARRAY[4, 3, 5]
              WHEN a.calendar = 'school' AND a.unit = 'semester' THEN ARRAY[5, 7]
              WHEN a.calendar = 'signature' THEN ARRAY[a.length]
              ELSE ARRAY(SELECT least(a.length, 12 - g) FROM generate_series(0, 11, a.length) AS g)
            END AS lengths
   ) AS slices
   CROSS JOIN LATERAL generate_series(
     CASE WHEN a.calendar = 'signature' THEN greatest(0, floor(a.months_to_lo::numeric / a.cycle)::int - 1)
          ELSE floor(a.months_to_lo::numeric / a.cycle)::int - 1 END,
     floor(a.months_to_hi::numeric / a.cycle)::int + 1
   ) AS cycle_index
   CROSS JOIN LATERAL unnest(slices.offsets, slices.lengths) AS slice(month_offset, months)
   CROSS JOIN LATERAL (
     SELECT (a.anchor + make_interval(months => cycle_index * a.cycle + slice.month_offset))::date AS period_start,
            ((a.anchor + make_interval(months => cycle_index * a.cycle + slice.month_offset + slice.months))::date - 1) AS period_end
   ) AS p
   CROSS JOIN LATERAL (
     SELECT CASE WHEN a.valid_from IS NOT NULL THEN greatest(p.period_start, a.valid_from) END AS first_day,
            least(p.period_end, coalesce(a.valid_until, p.period_end)) AS last_day
   ) AS bounds
   CROSS JOIN LATERAL (
     SELECT CASE WHEN bounds.first_day <= bounds.last_day THEN bounds.first_day END AS covered_start,
            CASE WHEN bounds.first_day <= bounds.last_day THEN bounds.last_day END AS covered_end
   ) AS covered
   WHERE p.period_start <= a.hi AND p.period_end >= a.first_needed
)
SELECT sp.convention_id AS "conventionId", sp.calendar, sp.unit, sp.months,
       row_number() OVER (PARTITION BY sp.convention_id, sp.calendar, sp.unit, sp.months ORDER BY sp.period_start)::int AS ordinal,
       to_char(sp.period_start, 'YYYY-MM-DD') AS "periodStart", to_char(sp.period_end, 'YYYY-MM-DD') AS "periodEnd",
       to_char(sp.covered_start, 'YYYY-MM-DD') AS "coveredStart", to_char(sp.covered_end, 'YYYY-MM-DD') AS "coveredEnd",
       (sp.period_start::timestamp AT TIME ZONE sp.time_zone)::text AS "periodFrom",
       ((sp.period_end + 1)::timestamp AT TIME ZONE sp.time_zone)::text AS "periodBefore",
       (sp.covered_start::timestamp AT TIME ZONE sp.time_zone)::text AS "coveredFrom",
       ((sp.covered_end + 1)::timestamp AT TIME ZONE sp.time_zone)::text AS "coveredBefore",
       (sp.today::timestamp AT TIME ZONE sp.time_zone)::text AS "todayFrom",
       to_char(sp.today, 'YYYY-MM-DD') AS today, sp.time_zone AS "timeZone"
  FROM shape_period sp
 WHERE TRUE ${latestFilter}
 ORDER BY sp.convention_id, sp.calendar, sp.unit, sp.months, sp.period_start
`,
    parameters,
  );
}

/**
 * The meetings of the committees in scope counted per period, in one scan: each meeting finds its
 * committee (a hash join), then its period by its start among its shape's bounds (`width_bucket`
 * over the shape's sorted instants: one comparison per bound, no row per candidate period), and
 * the counts are grouped by committee and period. Periods without a meeting yield no row.
 */
function countMeetings(
  committees: CommitteeRuleRow[],
  periods: ShapePeriodRow[],
  holidaysOf: Map<string, string>,
  shown: 'counts' | 'meetings',
): [string, unknown[]] {
  const bounds = shapeBounds(periods);
  const scoped = committees.flatMap((committee) => {
    const shape = bounds.numbers.get(committeeShapeKey(committee));
    if (shape === undefined) return [];
    return [{ id: committee.committeeId, shape, anyKind: committee.frequencyCounts === 'any', noticeDays: committee.noticeDays, noticeDayKind: committee.noticeDayKind }];
  });
  const parameters: unknown[] = [
    plainArray(scoped.map((c) => c.id)),
    plainArray(scoped.map((c) => c.shape)),
    plainArray(scoped.map((c) => c.anyKind)),
    plainArray(scoped.map((c) => c.noticeDays)),
    scoped.map((c) => c.noticeDayKind),
  ];
  const placed = placedMeetings(
    bounds,
    holidaysOf,
    parameters,
    // Joined to the table by its key so that the planner knows the ids are distinct: it then hashes
    // these few rows, and the meetings stream through them (as an unnest alone, it guessed 200
    // distinct ids and hashed the meetings instead).
    `ruled AS (
  SELECT c.id AS committee_id, s.shape, s.any_kind, s.notice_days, s.notice_day_kind
    FROM unnest($1::uuid[], $2::int[], $3::boolean[], $4::int[], $5::text[]) AS s(committee_id, shape, any_kind, notice_days, notice_day_kind)
    JOIN committees c ON c.id = s.committee_id
)`,
  );
  const measures: Array<[string, string]> = [
    ['outsideValidity', 'NOT m.in_force'],
    ['otherKind', 'm.in_force AND NOT m.counted_kind'],
    ['heldWithQuorum', `${COUNTED} AND m.state = 'held' AND m.quorum_reached`],
    ['heldWithoutQuorum', `${COUNTED} AND m.state = 'held' AND NOT m.quorum_reached`],
    ['heldQuorumUnknown', `${COUNTED} AND m.state = 'held' AND m.quorum_reached IS NULL`],
    ['scheduled', `${COUNTED} AND m.state = 'scheduled'`],
    ['scheduledAhead', `${COUNTED} AND m.state = 'scheduled' AND m.ahead`],
    ['scheduledAheadUnconvenable', `${COUNTED} AND m.state = 'scheduled' AND m.ahead AND m.unconvenable`],
  ];
  const meetingsColumn =
    shown === 'meetings'
      ? `, json_agg(json_build_object('id', m.id, 'startsAt', m.starts_at, 'state', m.state,
              'quorumReached', m.quorum_reached, 'kind', m.kind, 'inForce', m.in_force) ORDER BY m.starts_at) AS "meetings"`
      : '';
  return [
    `${placed}
SELECT m.committee_id AS "committeeId", m.ordinal,
       ${measures.map(([name, filter]) => `count(*) FILTER (WHERE ${filter})::int AS "${name}"`).join(',\n       ')}
       ${meetingsColumn}
  FROM placed m
 GROUP BY m.committee_id, m.ordinal`,
    parameters,
  ];
}

/**
 * The report's committees with their rule's number and their meetings' slots, in one scan of the
 * meetings. The committees find their rule by its columns (a hash join to the few thousand rules),
 * so that no list of their ids travels to the database; each meeting yields one slot, and the
 * slots of a committee are gathered in one array — one aggregate per meeting, where a count per
 * period and measure made thirty. The committees are read once: what the answer shows of them
 * rides along the meetings to the grouping (a second pass over them, materialized and joined to
 * the groups, took a sixth of the statement).
 */
function countStandings(
  rules: StandingRule[],
  periods: ShapePeriodRow[],
  holidaysOf: Map<string, string>,
  committeeParameters: unknown[],
  kindFilter: string,
): [string, unknown[]] {
  const bounds = shapeBounds(periods);
  const parameters: unknown[] = [
    ...committeeParameters,
    rules.map((r) => r.conventionId),
    plainArray(rules.map((r) => r.frequencyMinimum)),
    rules.map((r) => r.frequencyPeriod),
    rules.map((r) => r.frequencyCalendar),
    // A rule without months is told apart by -1, so that the committees' hash join can match it.
    plainArray(rules.map((r) => r.frequencyMonths ?? -1)),
    plainArray(rules.map((r) => r.noticeDays)),
    rules.map((r) => r.noticeDayKind),
    rules.map((r) => r.frequencyCounts),
    plainArray(rules.map((r) => r.meetsDuringSchoolHolidays)),
    // The rule's shape number; 0 for a shape without periods, which no meeting falls in.
    plainArray(rules.map((r) => bounds.numbers.get(committeeShapeKey(r)) ?? 0)),
  ];
  const at = (index: number): string => `$${committeeParameters.length + index}`;
  const shapes = shapeTables(bounds, holidaysOf, parameters);
  return [
    `
WITH ${shapes},
rule AS (
  SELECT (r.rule - 1)::int AS rule, r.convention_id, r.minimum, r.unit, r.calendar, r.months, r.notice_days, r.notice_day_kind,
         r.counts, r.counts = 'any' AS any_kind, r.meets, r.shape
    FROM unnest(${at(1)}::uuid[], ${at(2)}::int[], ${at(3)}::text[], ${at(4)}::text[], ${at(5)}::int[], ${at(6)}::int[], ${at(7)}::text[],
                ${at(8)}::text[], ${at(9)}::boolean[], ${at(10)}::int[])
         WITH ORDINALITY AS r(convention_id, minimum, unit, calendar, months, notice_days, notice_day_kind, counts, meets, shape, rule)
),
-- Each committee in scope with its rule and the meetings of its shape's span (one row of nulls
-- when it has none): the committees are hashed with what the answer shows of them, and the
-- meetings stream through them.
bucketed AS (
  SELECT c.id AS committee_id, c.key, c.name, c.kind AS committee_kind, r.rule,
         m.starts_at, m.state, m.quorum_reached, m.kind, m.convened_at,
         r.any_kind, r.notice_days, r.notice_day_kind, p.today_from, p.today, p.time_zone, p.public_holidays,
         p.ordinals, p.covered_from, p.covered_before,
         width_bucket(m.starts_at, p.thresholds) AS bucket
    FROM committees c
    JOIN rule r ON r.convention_id = c.convention_id AND r.minimum = c.frequency_minimum AND r.unit = c.frequency_period
               AND r.calendar = c.frequency_calendar AND r.months = coalesce(c.frequency_months, -1)
               AND r.notice_days = c.notice_days AND r.notice_day_kind = c.notice_day_kind
               AND r.counts = c.frequency_counts AND r.meets = c.meets_during_school_holidays
    LEFT JOIN shape q ON q.shape = r.shape
    LEFT JOIN meetings m ON m.committee_id = c.id AND m.state IN ('scheduled', 'held')
                        AND m.starts_at >= q.first_from AND m.starts_at < q.last_before
    LEFT JOIN shape p ON p.shape = r.shape AND m.starts_at IS NOT NULL
   WHERE c.convention_id = ANY($1::uuid[]) ${kindFilter}
  OFFSET 0
),
placed AS (
  SELECT m.committee_id, m.key, m.name, m.committee_kind, m.rule, m.state, m.quorum_reached, ${PLACED_COLUMNS}
    FROM bucketed m
  OFFSET 0
)
SELECT m.committee_id AS "committeeId", m.key AS "committeeKey", m.name AS "committeeName", m.committee_kind AS "committeeKind", m.rule,
       (array_agg(${SLOT}) FILTER (WHERE m.ordinal IS NOT NULL))::text AS slots
  FROM placed m
 GROUP BY m.committee_id, m.key, m.name, m.committee_kind, m.rule`,
    parameters,
  ];
}

/** The shapes' bounds and periods as two CTEs, `bound` and `shape`; their parameters are added to `parameters`. */
function shapeTables(bounds: ShapeBounds, holidaysOf: Map<string, string>, parameters: unknown[]): string {
  const first = parameters.length;
  parameters.push(
    bounds.rows.map((b) => b.shape),
    bounds.rows.map((b) => b.index),
    bounds.rows.map((b) => b.threshold),
    bounds.rows.map((b) => b.ordinal),
    bounds.rows.map((b) => b.coveredFrom),
    bounds.rows.map((b) => b.coveredBefore),
    bounds.shapes.map((s) => s.shape),
    bounds.shapes.map((s) => s.todayFrom),
    bounds.shapes.map((s) => s.today),
    bounds.shapes.map((s) => s.timeZone),
    bounds.shapes.map((s) => holidaysOf.get(s.conventionId) ?? ''),
  );
  const at = (index: number): string => `$${first + index}`;
  return `bound AS (
  SELECT * FROM unnest(${at(1)}::int[], ${at(2)}::int[], ${at(3)}::timestamptz[], ${at(4)}::int[], ${at(5)}::timestamptz[], ${at(6)}::timestamptz[])
         AS b(shape, index, threshold, ordinal, covered_from, covered_before)
),
-- Materialized: a few hundred rows, joined whole to the committees before they meet the meetings.
shape AS MATERIALIZED (
  SELECT sh.shape, sh.today_from, sh.today, sh.time_zone, sh.public_holidays,
         b.thresholds, b.ordinals, b.covered_from, b.covered_before, b.thresholds[1] AS first_from, b.thresholds[b.count] AS last_before
    FROM unnest(${at(7)}::int[], ${at(8)}::timestamptz[], ${at(9)}::date[], ${at(10)}::text[], ${at(11)}::text[])
         AS sh(shape, today_from, today, time_zone, public_holidays)
    JOIN (SELECT shape, array_agg(threshold ORDER BY index) AS thresholds, array_agg(ordinal ORDER BY index) AS ordinals,
                 array_agg(covered_from ORDER BY index) AS covered_from, array_agg(covered_before ORDER BY index) AS covered_before,
                 count(*)::int AS count
            FROM bound GROUP BY shape) AS b ON b.shape = sh.shape
)`;
}

/**
 * The statement's first part, up to the meetings of the committees `ruled` yields (committee_id,
 * shape, any_kind, notice_days, notice_day_kind) placed in their periods: each with its period's
 * ordinal and what it counts for. The shapes' parameters are added to `parameters`.
 */
function placedMeetings(bounds: ShapeBounds, holidaysOf: Map<string, string>, parameters: unknown[], ruled: string): string {
  // Each meeting's period and what it counts for, computed once per meeting (OFFSET 0 keeps
  // PostgreSQL from inlining these expressions into every count that reads them).
  return `
WITH ${shapeTables(bounds, holidaysOf, parameters)},
${ruled},
-- The committees with the instants their shape's periods span: a meeting before the first or from
-- the last falls in no period, and is left at the join, before anything is computed for it. This
-- small side is the one hashed, kept narrow (the shape's number, not its arrays: at 100,000
-- committees a hash table carrying them outgrew the caches and cost more than the join to the few
-- hundred shapes after it); the meetings stream through it.
scoped AS (
  SELECT s.committee_id, s.shape, s.any_kind, s.notice_days, s.notice_day_kind, p.first_from, p.last_before
    FROM ruled s
    JOIN shape p ON p.shape = s.shape
),
bucketed AS (
  SELECT m.id, m.committee_id, m.starts_at, m.state, m.quorum_reached, m.kind, m.convened_at,
         s.any_kind, s.notice_days, s.notice_day_kind, p.today_from, p.today, p.time_zone, p.public_holidays,
         p.ordinals, p.covered_from, p.covered_before,
         -- The bucket i holds the starts from thresholds[i] to before thresholds[i + 1].
         width_bucket(m.starts_at, p.thresholds) AS bucket
    FROM meetings m
    JOIN scoped s ON s.committee_id = m.committee_id AND m.starts_at >= s.first_from AND m.starts_at < s.last_before
    JOIN shape p ON p.shape = s.shape
   WHERE m.state IN ('scheduled', 'held')
  OFFSET 0
),
placed AS (
  SELECT m.id, m.committee_id, m.starts_at, m.state, m.quorum_reached, m.kind, ${PLACED_COLUMNS}
    FROM bucketed m
   WHERE m.ordinals[m.bucket] IS NOT NULL
  OFFSET 0
)`;
}

/** The bounds of each shape's periods, in order, for width_bucket: one threshold per period start, and the end of a run of periods. */
interface ShapeBounds {
  /** Shape numbers by shapeKey: they travel as integers. */
  numbers: Map<string, number>;
  /** One row per threshold; `ordinal` and the covered bounds are those of the bucket starting at it (null: no period, a gap or the end). */
  rows: Array<{ shape: number; index: number; threshold: string; ordinal: number | null; coveredFrom: string | null; coveredBefore: string | null }>;
  shapes: Array<{ shape: number; conventionId: string; todayFrom: string; today: LocalDate; timeZone: string }>;
}

/**
 * The thresholds of each shape: its periods' starts, in order, and the instant after each one
 * that the next period does not start on (the last one's end, or a gap). `periods` come ordered
 * by shape, then start, and a shape's periods never overlap.
 */
function shapeBounds(periods: ShapePeriodRow[]): ShapeBounds {
  const bounds: ShapeBounds = { numbers: new Map(), rows: [], shapes: [] };
  let shape = 0;
  let index = 0;
  let openBefore: string | null = null;
  for (const period of periods) {
    const key = shapeKey(period.conventionId, period.calendar, period.unit, period.months);
    if (!bounds.numbers.has(key)) {
      if (openBefore !== null) bounds.rows.push({ shape, index: (index += 1), threshold: openBefore, ordinal: null, coveredFrom: null, coveredBefore: null });
      shape = bounds.numbers.size + 1;
      index = 0;
      openBefore = null;
      bounds.numbers.set(key, shape);
      bounds.shapes.push({ shape, conventionId: period.conventionId, todayFrom: period.todayFrom, today: period.today, timeZone: period.timeZone });
    }
    if (openBefore !== null && openBefore !== period.periodFrom) {
      bounds.rows.push({ shape, index: (index += 1), threshold: openBefore, ordinal: null, coveredFrom: null, coveredBefore: null });
    }
    bounds.rows.push({ shape, index: (index += 1), threshold: period.periodFrom, ordinal: period.ordinal, coveredFrom: period.coveredFrom, coveredBefore: period.coveredBefore });
    openBefore = period.periodBefore;
  }
  if (openBefore !== null) bounds.rows.push({ shape, index: (index += 1), threshold: openBefore, ordinal: null, coveredFrom: null, coveredBefore: null });
  return bounds;
}

/**
 * An array parameter written as PostgreSQL's array literal at once, for values that need no
 * quoting (ids read from the database, numbers, booleans): the driver's general writer escapes each
 * element apart, some 40 ms for the report's five arrays of 38,000 committees.
 */
function plainArray(values: Array<string | number | boolean>): string {
  return `{${values.join(',')}}`;
}

const WINDOW_CTE = `window_of AS (
  SELECT * FROM unnest($1::uuid[], $2::date[], $3::date[], $4::date[], $5::date[], $6::date[])
         AS w(convention_id, valid_from, valid_until, range_from, range_to, today)
)`;

const COUNTED = 'm.in_force AND m.counted_kind';

/**
 * A meeting whose convocation can no longer leave in time (notice.rule's latestSendingDay before
 * today). In working days (jours ouvrés: Monday–Friday; ouvrables: Monday–Saturday; never a public
 * holiday), the days strictly between today and the meeting must number at least the notice;
 * in calendar or clear days, a subtraction.
 */
const UNCONVENABLE = `CASE WHEN m.notice_day_kind IN ('working', 'workable') THEN
         (SELECT count(*) FROM generate_series(m.today + 1, (m.starts_at AT TIME ZONE m.time_zone)::date - 1, interval '1 day') AS g(d)
           WHERE extract(isodow FROM g.d) < CASE m.notice_day_kind WHEN 'working' THEN 6 ELSE 7 END
             AND NOT (to_char(g.d, 'YYYY-MM-DD') = ANY (string_to_array(m.public_holidays, ',')))) < m.notice_days
       ELSE (m.starts_at AT TIME ZONE m.time_zone)::date - (m.notice_days + CASE m.notice_day_kind WHEN 'clear' THEN 1 ELSE 0 END) < m.today END`;

/**
 * What a meeting of `bucketed` (its period's bucket, bounds and ordinals, its committee's rule and
 * its convention's day) counts for in its period: the columns both counting statements place it with.
 */
const PLACED_COLUMNS = `m.ordinals[m.bucket] AS ordinal,
         -- Null bounds (no day of the period in force) must read as "not in force", not as unknown.
         coalesce(m.starts_at >= m.covered_from[m.bucket] AND m.starts_at < m.covered_before[m.bucket], false) AS in_force,
         (m.any_kind OR m.kind = 'ordinary') AS counted_kind,
         m.starts_at >= m.today_from AS ahead,
         CASE WHEN m.state = 'scheduled' AND m.starts_at >= m.today_from THEN m.convened_at IS NULL AND ${UNCONVENABLE} ELSE false END AS unconvenable`;
