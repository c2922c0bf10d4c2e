import { EntityManager } from 'typeorm';
import type { CommitteeKind } from '../committees/committee-rules';
import type { LocalDate } from '../rules/local-date';
import type { PeriodComplianceResponse, StandingResponse } from './dto/compliance.response';
import { BOOKKEEPING } from '../database/local-writes';

/**
 * The shape of what is stored, and of the rules that computed it. Bump it with any change to
 * what a standing says (the frequency rule, the periods, the reasons' texts, public holidays'
 * tables): standings stored by the former code are then computed again, not read back.
 */
export const STORED_STANDINGS_FORMAT = 2;

/** Stored standings older than this are deleted when others are stored: a day's are read that day. */
const KEPT_FOR = '2 days';

/** A committee's standing and the periods behind it, as the académie's view shows them. */
export interface Verdict {
  standing: StandingResponse;
  /** The period that decided the standing, without its meetings. */
  deciding: PeriodComplianceResponse | null;
  /** The period containing the day, without its meetings. */
  current: PeriodComplianceResponse | null;
}

export interface ReportCommittee {
  committeeId: string;
  committeeKey: string;
  committeeName: string;
  committeeKind: CommitteeKind;
  conventionId: string;
}

/** One convention's standings on one day: `verdicts[i]` is `committees[i]`'s, shared by the committees that stand alike. */
export interface StandingsPart {
  committees: ReportCommittee[];
  verdicts: Verdict[];
}

/**
 * What is stored of a part: each committee as [id, key, name, kind, index of its verdict], each
 * verdict with the index of its periods, each period once.
 */
interface StoredPart {
  committees: Array<[string, string, string, CommitteeKind, number]>;
  verdicts: Array<{ standing: StandingResponse; deciding: number | null; current: number | null }>;
  periods: PeriodComplianceResponse[];
}

/** A convention's part wanted: valid only under this data version and for this day. */
export interface WantedPart {
  conventionId: string;
  version: number;
  day: LocalDate;
}

/**
 * The parts stored under the very version and day wanted (and by this format), by convention:
 * one statement for all of them. A part stored under another version or day is not returned.
 */
export async function readStandings(
  manager: EntityManager,
  kind: CommitteeKind | undefined,
  wanted: WantedPart[],
): Promise<Map<string, StandingsPart>> {
  const parts = new Map<string, StandingsPart>();
  if (wanted.length === 0) return parts;
  const rows: Array<{ id: string; standings: StoredPart }> = await manager.query(
    `SELECT s.convention_id AS id, s.standings
       FROM compliance_standings s
       JOIN unnest($1::uuid[], $2::date[], $3::bigint[]) AS w(convention_id, day, version)
         ON w.convention_id = s.convention_id AND w.day = s.day AND w.version = s.version
      WHERE s.kind = $4 AND s.format = $5`,
    [wanted.map((w) => w.conventionId), wanted.map((w) => w.day), wanted.map((w) => w.version), kind ?? '', STORED_STANDINGS_FORMAT],
  );
  for (const { id, standings } of rows) {
    const periodAt = (index: number | null) => (index === null ? null : standings.periods[index]);
    const shared = standings.verdicts.map((verdict) => ({ standing: verdict.standing, deciding: periodAt(verdict.deciding), current: periodAt(verdict.current) }));
    const committees: ReportCommittee[] = [];
    const verdicts: Verdict[] = [];
    for (const [committeeId, committeeKey, committeeName, committeeKind, verdict] of standings.committees) {
      committees.push({ committeeId, committeeKey, committeeName, committeeKind, conventionId: id });
      verdicts.push(shared[verdict]);
    }
    parts.set(id, { committees, verdicts });
  }
  return parts;
}

/**
 * Stores the parts computed, each under the version read before its data and its day, in one
 * statement; a part stored meanwhile under a newer version stays. Parts of conventions removed
 * since are skipped, and stored standings of past days deleted.
 */
export async function storeStandings(
  manager: EntityManager,
  now: Date,
  kind: CommitteeKind | undefined,
  parts: Array<WantedPart & { part: StandingsPart }>,
): Promise<void> {
  if (parts.length === 0) return;
  const texts = parts.map(({ part }) => {
    const index = new Map<Verdict, number>();
    for (const verdict of part.verdicts) if (!index.has(verdict)) index.set(verdict, index.size);
    const periods = new Map<PeriodComplianceResponse, number>();
    const periodIndex = (period: PeriodComplianceResponse | null): number | null => {
      if (period === null) return null;
      if (!periods.has(period)) periods.set(period, periods.size);
      return periods.get(period) as number;
    };
    const stored: StoredPart = {
      committees: part.committees.map((committee, position) => [
        committee.committeeId,
        committee.committeeKey,
        committee.committeeName,
        committee.committeeKind,
        index.get(part.verdicts[position]) as number,
      ]),
      verdicts: [...index.keys()].map((verdict) => ({ standing: verdict.standing, deciding: periodIndex(verdict.deciding), current: periodIndex(verdict.current) })),
      periods: [],
    };
    stored.periods = [...periods.keys()];
    return JSON.stringify(stored);
  });
  // Bookkeeping (local-writes.ts): stored standings only keep what the data of their version gives,
  // so storing them changes no response (and their table announces no write).
  await manager.query(`/* ${BOOKKEEPING} */ DELETE FROM compliance_standings WHERE stored_at < $1::timestamptz - $2::interval`, [now, KEPT_FOR]);
  // One parameter per text, not one array of them: the texts are JSON, full of the quotes an
  // array literal would escape on one side and parse on the other.
  const parameters: unknown[] = [kind ?? '', STORED_STANDINGS_FORMAT, now];
  const values = parts.map((part, index) => {
    parameters.push(part.conventionId, part.day, part.version, texts[index]);
    const at = parameters.length - 3;
    return `($${at}::uuid, $${at + 1}::date, $${at + 2}::bigint, $${at + 3}::json)`;
  });
  await manager.query(
    `/* ${BOOKKEEPING} */ INSERT INTO compliance_standings (convention_id, kind, day, version, format, standings, stored_at)
     SELECT p.convention_id, $1, p.day, p.version, $2, p.standings, $3
       FROM (VALUES ${values.join(', ')}) AS p(convention_id, day, version, standings)
      WHERE EXISTS (SELECT 1 FROM conventions c WHERE c.id = p.convention_id)
     ON CONFLICT (convention_id, kind, day) DO UPDATE
        SET version = excluded.version, format = excluded.format, standings = excluded.standings, stored_at = excluded.stored_at
      WHERE compliance_standings.version <= excluded.version`,
    parameters,
  );
}
