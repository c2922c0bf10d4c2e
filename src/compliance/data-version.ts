import { EntityManager } from 'typeorm';

/** Rows of `data_changes` beyond which a reader folds them into the counts: versions stay one cheap statement. */
const FOLD_ABOVE = 1000;

/** The convention id under which writes that no convention owns are noted (school holidays, TRUNCATE). */
export const EVERY_CONVENTION = '00000000-0000-0000-0000-000000000000';

/** A convention as a report needs to know it before reading anything else: its zone and its version. */
export interface ConventionVersion {
  id: string;
  reference: string;
  timeZone: string;
  /** The writes committed to it, or to every convention, so far: grows with each of them. */
  version: number;
}

/**
 * The version of each convention's data, which reports are computed from: the number of committed
 * transactions that wrote its convention, committees, seats, memberships, meetings or attendance,
 * plus those that wrote what every convention reads (school holidays) — migration
 * TrackDataChangesByConvention. Each such transaction adds one row per convention as it writes,
 * visible once it commits; a later snapshot sees every transaction an earlier one saw, so two
 * reads of the same number saw the same writes to that convention, and any commit to it makes the
 * number grow.
 *
 * Read it before the data: what is then read is at least as new as the version it is kept under,
 * never older (a write committed in between only makes the next reader compute again).
 */
export async function conventionVersions(manager: EntityManager): Promise<ConventionVersion[]> {
  const rows: Array<{ id: string; reference: string; timeZone: string; own: string; every: string; pending: number }> = await manager.query(
    `WITH noted AS (
       SELECT convention_id, sum(transactions)::bigint AS n FROM (
         SELECT convention_id, transactions FROM data_changes_folded
         UNION ALL
         SELECT convention_id, count(*) FROM data_changes GROUP BY convention_id
       ) AS counts GROUP BY convention_id
     )
     SELECT c.id, c.reference, c.time_zone AS "timeZone", coalesce(own.n, 0) AS own,
            coalesce((SELECT n FROM noted WHERE convention_id = $1), 0) AS every,
            (SELECT count(*)::int FROM data_changes) AS pending
       FROM conventions c LEFT JOIN noted own ON own.convention_id = c.id`,
    [EVERY_CONVENTION],
  );
  if (rows.length > 0 && rows[0].pending > FOLD_ABOVE) await foldDataChanges(manager);
  return rows.map((row) => ({ id: row.id, reference: row.reference, timeZone: row.timeZone, version: Number(row.own) + Number(row.every) }));
}

/**
 * The versions of the conventions named, as conventionVersions counts them: one statement over
 * their rows only. A convention unknown (or removed) has the version of every convention alone.
 */
export async function versionsOf(manager: EntityManager, conventionIds: string[]): Promise<Map<string, number>> {
  const wanted = [...new Set(conventionIds)];
  const rows: Array<{ id: string; n: string }> = await manager.query(
    `SELECT noted.id, sum(noted.n)::bigint AS n FROM (
       SELECT convention_id AS id, transactions AS n FROM data_changes_folded WHERE convention_id = ANY($1::uuid[])
       UNION ALL
       SELECT convention_id, count(*) FROM data_changes WHERE convention_id = ANY($1::uuid[]) GROUP BY convention_id
     ) AS noted GROUP BY noted.id`,
    [[...wanted, EVERY_CONVENTION]],
  );
  const counts = new Map(rows.map((row) => [row.id, Number(row.n)]));
  const every = counts.get(EVERY_CONVENTION) ?? 0;
  return new Map(wanted.map((id) => [id, (counts.get(id) ?? 0) + every]));
}

/**
 * The version of all the data: the sum over conventions, and the writes to every convention.
 * Grows with any committed write.
 */
export async function dataVersion(manager: EntityManager): Promise<number> {
  const [row]: Array<{ n: string }> = await manager.query(
    `SELECT (SELECT coalesce(sum(transactions), 0) FROM data_changes_folded) + (SELECT count(*) FROM data_changes) AS n`,
  );
  return Number(row.n);
}

/**
 * Moves the rows of committed transactions into the counts, in one statement so that no reader
 * sees them both or neither. Rows of transactions still running are not visible, stay, and are
 * counted once committed. Two folds at once: the second waits on the rows the first deletes, finds
 * them gone, and adds nothing.
 */
export async function foldDataChanges(manager: EntityManager): Promise<void> {
  await manager.query(
    `WITH gone AS (DELETE FROM data_changes RETURNING convention_id),
          counted AS (SELECT convention_id, count(*) AS n FROM gone GROUP BY convention_id)
     INSERT INTO data_changes_folded (convention_id, transactions) SELECT convention_id, n FROM counted
     ON CONFLICT (convention_id) DO UPDATE SET transactions = data_changes_folded.transactions + excluded.transactions`,
  );
}
