import { EntityManager } from 'typeorm';

/** Rows of `data_changes` beyond which a reader folds them into the count: the version stays one cheap statement. */
const FOLD_ABOVE = 1000;

/**
 * The version of the data reports are computed from: the number of committed transactions that
 * wrote conventions, committees, seats, memberships, meetings, attendance or school holidays
 * (migration TrackDataChanges). Each such transaction adds one row as it writes, visible once it
 * commits; a later snapshot sees every transaction an earlier one saw, so two reads of the same
 * number saw the same writes, and any commit makes the number grow.
 *
 * Read it before the data: what is then read is at least as new as the version it is kept under,
 * never older (a write committed in between only makes the next reader compute again).
 */
export async function dataVersion(manager: EntityManager): Promise<number> {
  const [row]: Array<{ folded: string; pending: number }> = await manager.query(
    `SELECT (SELECT transactions FROM data_changes_folded) AS folded, (SELECT count(*)::int FROM data_changes) AS pending`,
  );
  if (row.pending > FOLD_ABOVE) await foldDataChanges(manager);
  return Number(row.folded) + row.pending;
}

/**
 * Moves the rows of committed transactions into the count, in one statement so that no reader
 * sees them both or neither. Rows of transactions still running are not visible, stay, and are
 * counted once committed. Two folds at once: the second waits on the rows the first deletes, finds
 * them gone, and adds nothing.
 */
export async function foldDataChanges(manager: EntityManager): Promise<void> {
  await manager.query(
    `WITH gone AS (DELETE FROM data_changes RETURNING 1)
     UPDATE data_changes_folded SET transactions = transactions + (SELECT count(*) FROM gone)`,
  );
}
