import { EntityManager } from 'typeorm';
import { Committee } from '../committees/committee.entity';
import { LocalDate, localDateOf } from '../rules/local-date';
import { MinutesRule, minutesStatus } from '../rules/minutes.rule';
import { territoryHolidays } from '../compliance/convention-context';
import { MinutesStatusResponse } from './dto/minutes-status.response';

interface HeldSittingRow {
  id: string;
  starts_at: Date;
  minutes_written_at: Date | null;
  minutes_submitted_at: Date | null;
  minutes_approved_at: Date | null;
  minutes_objected_at: Date | null;
  minutes_objection: string | null;
  sitting_index: number;
}

/**
 * The minutes of a committee's held sittings under its minutes rule, on `today` (local day), for
 * the sittings starting from `since` on (every one when null); none when the committee has no rule.
 * The turn of each sitting is its rank among all the committee's sittings held.
 */
export async function minutesStatuses(
  manager: EntityManager,
  committee: Pick<Committee, 'id' | 'minutesRule'> & { convention: { timeZone: string; holidayCountry: string; holidayRegion: string | null } },
  today: LocalDate,
  filter: { meetingId?: string; from?: Date; before?: Date } = {},
): Promise<MinutesStatusResponse[]> {
  const rule = committee.minutesRule;
  if (!rule) return [];
  const rows: HeldSittingRow[] = await manager.query(
    `SELECT * FROM (
       SELECT id, starts_at, minutes_written_at, minutes_submitted_at, minutes_approved_at, minutes_objected_at, minutes_objection,
              (row_number() OVER (ORDER BY starts_at, id) - 1)::int AS sitting_index
         FROM meetings WHERE committee_id = $1 AND state = 'held') AS held
      WHERE ($2::uuid IS NULL OR id = $2) AND ($3::timestamptz IS NULL OR starts_at >= $3) AND ($4::timestamptz IS NULL OR starts_at < $4)
      ORDER BY starts_at, id`,
    [committee.id, filter.meetingId ?? null, filter.from ?? null, filter.before ?? null],
  );
  const zone = committee.convention.timeZone;
  const holidays = territoryHolidays(committee.convention);
  const day = (instant: Date | null) => (instant ? localDateOf(new Date(instant), zone) : null);
  return rows.map((row) => {
    const record = {
      heldOn: localDateOf(new Date(row.starts_at), zone),
      sittingIndex: row.sitting_index,
      writtenOn: day(row.minutes_written_at),
      submittedOn: day(row.minutes_submitted_at),
      approvedOn: day(row.minutes_approved_at),
      objectedOn: day(row.minutes_objected_at),
    };
    const verdict = minutesStatus(record, rule as MinutesRule, today, holidays);
    return {
      meetingId: row.id,
      heldOn: record.heldOn,
      status: verdict.status,
      late: verdict.late,
      dueOn: verdict.dueOn,
      submitBy: verdict.submitBy,
      tacitApprovalOn: verdict.tacitApprovalOn,
      approvedOn: verdict.approvedOn,
      writer: verdict.writer,
      writtenOn: record.writtenOn,
      submittedOn: record.submittedOn,
      objectedOn: record.objectedOn,
      objection: row.minutes_objection,
      reasons: verdict.reasons,
    };
  });
}
