import { EntityManager } from 'typeorm';
import { Committee } from '../committees/committee.entity';
import { territoryHolidays } from '../compliance/convention-context';
import type { MeetingRecord } from '../rules/frequency.rule';
import { DateRange, LocalDate, localDateOf } from '../rules/local-date';
import { SCHOOL_YEAR_START, eventDeadlines, schoolYearStarts } from '../rules/event-deadlines.rule';
import { CommitteeEvent } from './committee-event.entity';
import { EventDeadlineResponse } from './dto/event-deadline.response';

type DeadlineCommittee = Pick<Committee, 'id' | 'eventDeadlines'> & { convention: { timeZone: string; holidayCountry: string; holidayRegion: string | null } };

/**
 * The sittings a committee's text calls for after events whose day falls in `range`: the events
 * recorded, and every 1 September for `school_year_start`; each judged against the committee's
 * meetings on `today`. None when the committee's rules name no event.
 */
export async function deadlineStatuses(manager: EntityManager, committee: DeadlineCommittee, today: LocalDate, range: DateRange): Promise<EventDeadlineResponse[]> {
  if (committee.eventDeadlines.length === 0) return [];
  const zone = committee.convention.timeZone;
  const recorded = await manager
    .createQueryBuilder(CommitteeEvent, 'event')
    .where('event.committeeId = :id AND event.occurredOn BETWEEN :from AND :to', { id: committee.id, from: range.start, to: range.end })
    .getMany();
  const rows: Array<{ starts_at: Date; state: 'scheduled' | 'held'; quorum_reached: boolean | null; kind: 'ordinary' | 'extraordinary' }> = await manager.query(
    `SELECT starts_at, state, quorum_reached, kind FROM meetings WHERE committee_id = $1 AND state IN ('scheduled', 'held') ORDER BY starts_at`,
    [committee.id],
  );
  const meetings: MeetingRecord[] = rows.map((row) => ({
    localDate: localDateOf(new Date(row.starts_at), zone),
    state: row.state,
    quorumReached: row.quorum_reached,
    kind: row.kind,
  }));
  const holidays = territoryHolidays(committee.convention);
  return committee.eventDeadlines.flatMap((rule) => {
    const occurrences =
      rule.event === SCHOOL_YEAR_START
        ? schoolYearStarts(range).filter((day) => range.start <= day && day <= range.end)
        : recorded.filter((event) => event.event === rule.event).map((event) => event.occurredOn);
    return eventDeadlines({ rule, occurrences, meetings, today, holidays }).map((verdict) => ({ ...verdict, text: rule.text }));
  });
}
