import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { addDays, localDateOf } from '../rules/local-date';
import { SCHOOL_YEAR_START } from '../rules/event-deadlines.rule';
import { CommitteeEvent } from './committee-event.entity';
import { findCommittee } from './meeting-lookups';
import { deadlineStatuses } from './event-deadline-status';
import { EventDeadlineResponse } from './dto/event-deadline.response';
import { RecordEventDto } from './dto/record-event.dto';

/** How far back and ahead of today the deadlines of a committee are shown when no range is asked. */
const DEFAULT_SPAN_DAYS = 400;

/**
 * « … dans les quinze jours qui suivent la proclamation des résultats »: the events a committee's
 * sittings are counted from, recorded with their day, and the sittings they call for.
 */
@Injectable()
export class EventDeadlinesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async record(committeeId: string, dto: RecordEventDto): Promise<EventDeadlineResponse[]> {
    const committee = await findCommittee(this.dataSource.manager, committeeId);
    const events = committee.eventDeadlines.map((deadline) => deadline.event).filter((event) => event !== SCHOOL_YEAR_START);
    if (!events.includes(dto.event)) {
      throw new DomainError(
        'rule',
        'unknown_event',
        dto.event === SCHOOL_YEAR_START
          ? 'school_year_start happens every 1 September by itself; it is not recorded'
          : `Committee ${committee.key}'s rules count no sitting from ${dto.event}; ${events.length ? `they name ${events.join(', ')}` : 'they name no event to record'}`,
        { field: 'event', events },
      );
    }
    await this.dataSource.manager.insert(CommitteeEvent, { committeeId, event: dto.event, occurredOn: dto.occurredOn, note: dto.note ?? null });
    const today = localDateOf(this.clock.now(), committee.convention.timeZone);
    return (await deadlineStatuses(this.dataSource.manager, committee, today, { start: dto.occurredOn, end: dto.occurredOn })).filter(
      (verdict) => verdict.event === dto.event,
    );
  }

  async deadlines(committeeId: string): Promise<EventDeadlineResponse[]> {
    const committee = await findCommittee(this.dataSource.manager, committeeId);
    const today = localDateOf(this.clock.now(), committee.convention.timeZone);
    return deadlineStatuses(this.dataSource.manager, committee, today, { start: addDays(today, -DEFAULT_SPAN_DAYS), end: addDays(today, DEFAULT_SPAN_DAYS) });
  }
}
