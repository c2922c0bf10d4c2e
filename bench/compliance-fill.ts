import { Client } from 'pg';

/**
 * The benchmark's data, written by a handful of set-based statements: conventions in the three
 * zones of the reference texts, committees with a mix of calendars and frequencies, and three
 * years of meetings for each (6 to 12), past ones held (some without quorum, some cancelled),
 * later ones scheduled. Everything derives from generate_series indexes, so two runs fill the
 * same data.
 */
export interface FillSize {
  conventions: number;
  committees: number;
}

/** What an earlier fill of the same database wrote: a second fill adds after it, alike. */
export interface FillOffset {
  conventions: number;
  committees: number;
}

export interface FillCounts {
  conventions: number;
  committees: number;
  meetings: number;
}

export async function fillComplianceData(client: Client, size: FillSize, now: Date, offset: FillOffset = { conventions: 0, committees: 0 }): Promise<FillCounts> {
  await client.query(
    `INSERT INTO conventions (reference, title, time_zone, holiday_country, signed_on, duration_months, tacit_renewal, version)
     SELECT 'bench-' || i,
            'Convention de banc d''essai n° ' || i,
            (ARRAY['Europe/Paris', 'America/Cayenne', 'Indian/Reunion'])[1 + i % 3],
            (ARRAY['FR', 'GF', 'RE'])[1 + i % 3],
            date '2022-01-03' + (i * 37) % 360,
            (ARRAY[36, 48, 12])[1 + (i / 3) % 3],
            i % 2 = 0,
            1
       FROM generate_series($2::int + 1, $2::int + $1::int) AS i`,
    [size.conventions, offset.conventions],
  );

  // Eight rule shapes, from the reference conventions and beyond: school terms, civil semesters,
  // civil and school years, periods counted from the signature, and "as needed".
  await client.query(
    `INSERT INTO committees (convention_id, key, definition_key, kind, name, scope, version,
                             frequency_minimum, frequency_period, frequency_calendar, frequency_months,
                             notice_days, notice_day_kind)
     SELECT cv.id, 'committee-' || i, 'shape-' || (i % 8),
            CASE WHEN i % 8 = 6 THEN 'technical' ELSE 'steering' END,
            'Comité n° ' || i, 'convention', 1,
            (ARRAY[1, 1, 1, 2, 1, 1, 0, 1])[1 + i % 8],
            (ARRAY['quarter', 'semester', 'year', 'year', 'semester', 'months', 'year', 'semester'])[1 + i % 8],
            (ARRAY['school', 'civil', 'civil', 'school', 'signature', 'signature', 'civil', 'school'])[1 + i % 8],
            CASE WHEN i % 8 = 5 THEN 4 END,
            (ARRAY[8, 15, 15, 15, 15, 10, 0, 5])[1 + i % 8],
            CASE WHEN i % 8 = 7 THEN 'clear' ELSE 'calendar' END
       FROM generate_series($3::int + 1, $3::int + $1::int) AS i
       JOIN conventions cv ON cv.reference = 'bench-' || ($4::int + 1 + i % $2::int)`,
    [size.committees, size.conventions, offset.committees, offset.conventions],
  );

  // Three years from a few weeks after the signature, evenly spread with a little jitter, at
  // 14:00 local time; the committee's number drives how many meetings it has.
  await client.query(
    `WITH numbered AS (
       SELECT c.id, cv.time_zone, cv.signed_on, i
         FROM committees c JOIN conventions cv ON cv.id = c.convention_id
        -- Guarded: other committees of the database (an imported convention's) have other keys.
        CROSS JOIN LATERAL (SELECT CASE WHEN c.key ~ '^committee-[0-9]+$' THEN substring(c.key FROM 11)::int END AS i) AS numbered_key
        WHERE cv.reference LIKE 'bench-%' AND i > $2::int
     ),
     planned AS (
       SELECT n.id, n.i, k, count_of,
              ((n.signed_on + 20 + ((k * 2 - 1) * 1080) / (2 * count_of) + ((n.i * k) % 11) - 5)::timestamp
                + time '14:00') AT TIME ZONE n.time_zone AS starts_at
         FROM numbered n
        CROSS JOIN LATERAL (SELECT 6 + (n.i * 7919) % 7 AS count_of) AS sized
        CROSS JOIN LATERAL generate_series(1, sized.count_of) AS k
     )
     INSERT INTO meetings (committee_id, kind, state, title, starts_at, ends_at, ical_uid, quorum_reached, version)
     SELECT p.id, 'ordinary',
            CASE WHEN (p.i + k) % 17 = 0 THEN 'cancelled'
                 WHEN p.starts_at < $1::timestamptz THEN 'held'
                 ELSE 'scheduled' END,
            'Séance ' || k,
            p.starts_at, p.starts_at + interval '2 hours',
            'bench-' || p.i || '-' || k || '@copil',
            CASE WHEN (p.i + k) % 17 <> 0 AND p.starts_at < $1::timestamptz THEN (p.i * 3 + k) % 10 <> 0 END,
            1
       FROM planned p`,
    [now.toISOString(), offset.committees],
  );
  await client.query('ANALYZE conventions, committees, meetings');

  const [counts] = (
    await client.query<FillCounts>(
      `SELECT (SELECT count(*) FROM conventions)::int AS conventions,
              (SELECT count(*) FROM committees)::int AS committees,
              (SELECT count(*) FROM meetings)::int AS meetings`,
    )
  ).rows;
  return counts;
}
