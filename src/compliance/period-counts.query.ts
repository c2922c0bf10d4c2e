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
  if (windows.length === 0 || (scope.committeeIds !== undefined && scope.committeeIds.length === 0)) {
    return { committees: [], periods: [] };
  }
  const parameters: unknown[] = [
    windows.map((w) => w.conventionId),
    windows.map((w) => w.validFrom),
    windows.map((w) => w.validUntil),
    windows.map((w) => w.rangeFrom),
    windows.map((w) => w.rangeTo),
    windows.map((w) => w.today),
    windows.map((w) => (w.publicHolidays ?? []).join(',')),
  ];
  const filters: string[] = [];
  if (scope.committeeIds !== undefined) {
    parameters.push(scope.committeeIds);
    filters.push(`c.id = ANY($${parameters.length}::uuid[])`);
  }
  if (scope.kind !== undefined) {
    parameters.push(scope.kind);
    filters.push(`c.kind = $${parameters.length}`);
  }
  const committeeParameters = [...parameters];
  let latestFilter = '';
  // Without a limit, periods from the range's start; with one, only as far back as the last
  // periods can reach (a school term is at most 5 months, a school semester 7: one period more
  // of the nominal length covers them).
  let firstDayNeeded = 'a.lo';
  if (scope.latest !== undefined) {
    parameters.push(scope.latest);
    const latest = `$${parameters.length}::int`;
    latestFilter = `WHERE sp.begun AND sp.rank_back <= ${latest}`;
    firstDayNeeded = `greatest(a.lo, (a.today - make_interval(months => (${latest} + 1) * a.length))::date)`;
  }
  const committeeFilter = filters.map((filter) => `AND ${filter}`).join(' ');
  const meetingsColumn = scope.withMeetings
    ? `, coalesce(json_agg(json_build_object('id', m.id, 'startsAt', m.starts_at, 'state', m.state,
                'quorumReached', m.quorum_reached, 'kind', m.kind, 'inForce', ${IN_FORCE}) ORDER BY m.starts_at), '[]') AS "meetings"`
    : '';

  return manager.transaction('REPEATABLE READ', async (transaction) => {
    // The planner cannot foresee how few periods generate_series yields; its guess would make
    // it compile the statement (JIT) for longer than the statement takes to run.
    await transaction.query('SET LOCAL jit = off');
    await transaction.query("SET LOCAL work_mem = '32MB'");
    const committees: CommitteeRuleRow[] = await transaction.query(
      `WITH ${WINDOW_CTE}
       SELECT c.id AS "committeeId", c.key AS "committeeKey", c.name AS "committeeName", c.kind AS "committeeKind",
              c.convention_id AS "conventionId", c.frequency_minimum AS "frequencyMinimum",
              c.frequency_period AS "frequencyPeriod", c.frequency_calendar AS "frequencyCalendar",
              c.frequency_months AS "frequencyMonths", c.frequency_text AS "frequencyText",
              c.notice_days AS "noticeDays", c.notice_day_kind AS "noticeDayKind",
              c.frequency_counts AS "frequencyCounts", c.meets_during_school_holidays AS "meetsDuringSchoolHolidays"
         FROM committees c
         JOIN window_of w ON w.convention_id = c.convention_id
        WHERE TRUE ${committeeFilter}
        ORDER BY c.id`,
      committeeParameters,
    );
    const periods: PeriodCountsRow[] = await transaction.query(
      `
WITH ${WINDOW_CTE},
scoped AS (
  SELECT c.id, c.convention_id, c.frequency_calendar AS calendar, c.frequency_period AS unit,
         coalesce(c.frequency_months, 0) AS months, c.frequency_counts = 'any' AS any_kind,
         c.notice_days + CASE c.notice_day_kind WHEN 'clear' THEN 1 ELSE 0 END AS notice_span,
         c.notice_days, c.notice_day_kind, string_to_array(w.public_holidays, ',') AS public_holidays,
         concat_ws('|', c.convention_id, c.frequency_calendar, c.frequency_period, c.frequency_months) AS shape_key
    FROM committees c
    JOIN window_of w ON w.convention_id = c.convention_id
   WHERE TRUE ${committeeFilter}
),
shape AS (
  SELECT DISTINCT s.shape_key, s.convention_id, s.calendar, s.unit, s.months FROM scoped s
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
  SELECT a.shape_key, a.time_zone, a.today, p.period_start, p.period_end,
         covered.covered_start, covered.covered_end,
         row_number() OVER (PARTITION BY a.shape_key, p.period_start <= a.today
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
),
kept_period AS MATERIALIZED (
  SELECT sp.*,
         (sp.period_start::timestamp AT TIME ZONE sp.time_zone) AS period_from,
         ((sp.period_end + 1)::timestamp AT TIME ZONE sp.time_zone) AS period_before,
         (sp.covered_start::timestamp AT TIME ZONE sp.time_zone) AS covered_from,
         ((sp.covered_end + 1)::timestamp AT TIME ZONE sp.time_zone) AS covered_before,
         (sp.today::timestamp AT TIME ZONE sp.time_zone) AS today_from
    FROM shape_period sp
   ${latestFilter}
)
SELECT s.id AS "committeeId",
       to_char(kp.period_start, 'YYYY-MM-DD') AS "periodStart", to_char(kp.period_end, 'YYYY-MM-DD') AS "periodEnd",
       to_char(kp.covered_start, 'YYYY-MM-DD') AS "coveredStart", to_char(kp.covered_end, 'YYYY-MM-DD') AS "coveredEnd",
       t.*
  FROM scoped s
  JOIN kept_period kp
    ON kp.shape_key = s.shape_key
 CROSS JOIN LATERAL (
   SELECT count(*) FILTER (WHERE NOT ${IN_FORCE})::int AS "outsideValidity",
          count(*) FILTER (WHERE ${IN_FORCE} AND NOT ${COUNTED_KIND})::int AS "otherKind",
          count(*) FILTER (WHERE ${COUNTED} AND m.state = 'held' AND m.quorum_reached)::int AS "heldWithQuorum",
          count(*) FILTER (WHERE ${COUNTED} AND m.state = 'held' AND NOT m.quorum_reached)::int AS "heldWithoutQuorum",
          count(*) FILTER (WHERE ${COUNTED} AND m.state = 'held' AND m.quorum_reached IS NULL)::int AS "heldQuorumUnknown",
          count(*) FILTER (WHERE ${COUNTED} AND m.state = 'scheduled')::int AS "scheduled",
          count(*) FILTER (WHERE ${COUNTED} AND m.state = 'scheduled' AND m.starts_at >= kp.today_from)::int AS "scheduledAhead",
          count(*) FILTER (WHERE ${COUNTED} AND m.state = 'scheduled' AND m.starts_at >= kp.today_from AND m.convened_at IS NULL
                             AND ${UNCONVENABLE})::int AS "scheduledAheadUnconvenable"
          ${meetingsColumn}
     FROM meetings m
    WHERE m.committee_id = s.id
      AND m.state IN ('scheduled', 'held')
      AND m.starts_at >= kp.period_from
      AND m.starts_at < kp.period_before
 ) AS t
 ORDER BY s.id, kp.period_start
`,
      parameters,
    );
    return { committees, periods };
  });
}

const WINDOW_CTE = `window_of AS (
  SELECT * FROM unnest($1::uuid[], $2::date[], $3::date[], $4::date[], $5::date[], $6::date[], $7::text[])
         AS w(convention_id, valid_from, valid_until, range_from, range_to, today, public_holidays)
)`;

/**
 * A meeting whose convocation can no longer leave in time (notice.rule's latestSendingDay before
 * today). In working days (jours ouvrés: Monday–Friday; ouvrables: Monday–Saturday; never a public
 * holiday), the days strictly between today and the meeting must number at least the notice.
 */
const UNCONVENABLE = `CASE WHEN s.notice_day_kind IN ('working', 'workable') THEN
         (SELECT count(*) FROM generate_series(kp.today + 1, (m.starts_at AT TIME ZONE kp.time_zone)::date - 1, interval '1 day') AS g(d)
           WHERE extract(isodow FROM g.d) < CASE s.notice_day_kind WHEN 'working' THEN 6 ELSE 7 END
             AND NOT (to_char(g.d, 'YYYY-MM-DD') = ANY (coalesce(s.public_holidays, '{}')))) < s.notice_days
       ELSE (m.starts_at AT TIME ZONE kp.time_zone)::date - s.notice_span < kp.today END`;

// Null bounds (no day of the period in force) must read as "not in force", not as unknown.
const IN_FORCE = 'coalesce(m.starts_at >= kp.covered_from AND m.starts_at < kp.covered_before, false)';
// « Se réunit » counts the ordinary sittings, unless the rule counts any.
const COUNTED_KIND = "(s.any_kind OR m.kind = 'ordinary')";
const COUNTED = `${IN_FORCE} AND ${COUNTED_KIND}`;
