import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AccessPolicy, Subject, VisibleScope } from '../auth';
import { answersOverview } from '../convocations/answers-view';
import { QuorumForecastResponse } from '../convocations/dto/answers.response';
import { MeetingResponse } from '../meetings/dto/meeting.response';
import { MeetingSearch } from '../meetings/meeting-search';
import { LocalDate, addDays, addMonths } from '../rules/local-date';

/** A month holds a few meetings per committee at most; past this many, the page says to filter. */
export const CALENDAR_MONTH_SIZE = 200;
export const CALENDAR_LIST_SIZE = 50;

/** A meeting's state as a calendar tells it: a scheduled meeting is « convened » once its convocations left. */
export type CalendarState = 'scheduled' | 'convened' | 'held' | 'cancelled';

export interface CalendarMeeting {
  meeting: MeetingResponse;
  state: CalendarState;
  /** The answers' quorum forecast, for a convened meeting still to be held. */
  quorum: QuorumForecastResponse | null;
}

export interface CalendarFilters {
  conventionId?: string;
  committeeId?: string;
}

export interface MeetingCalendar {
  /** First and last day of the month shown (`YYYY-MM-01` …). */
  first: LocalDate;
  last: LocalDate;
  meetings: CalendarMeeting[];
  total: number;
  page: number;
  pageSize: number;
  /** What the filters offer: the conventions in view, and the committees of the one chosen. */
  choices: { conventions: { id: string; title: string }[]; committees: { id: string; name: string }[] };
}

/**
 * The calendar of meetings: every meeting of the committees a person may read (the scope of
 * GET /meetings, through its search), one month at a time, with each convened meeting's quorum forecast.
 */
@Injectable()
export class MeetingCalendarService {
  constructor(
    private readonly search: MeetingSearch,
    private readonly policy: AccessPolicy,
    private readonly dataSource: DataSource,
  ) {}

  async month(subject: Subject, first: LocalDate, filters: CalendarFilters, page: number, pageSize: number): Promise<MeetingCalendar> {
    const visible = this.policy.visibleScope(subject);
    const last = addDays(addMonths(first, 1), -1);
    const found = await this.search.search({ ...filters, from: first, to: last, page, pageSize }, visible);
    const meetings: CalendarMeeting[] = [];
    // One at a time: a page holds at most a few dozen convened meetings, and the pool serves other requests.
    for (const meeting of found.items) {
      const convened = meeting.convenedAt !== null;
      const state: CalendarState = meeting.state === 'scheduled' && convened ? 'convened' : meeting.state;
      const quorum = state === 'convened' ? (await answersOverview(this.dataSource.manager, meeting.id)).quorum : null;
      meetings.push({ meeting, state, quorum });
    }
    return { first, last, meetings, total: found.total, page: found.page, pageSize: found.pageSize, choices: await this.choices(visible, filters.conventionId) };
  }

  private async choices(visible: VisibleScope, conventionId: string | undefined): Promise<MeetingCalendar['choices']> {
    const all = visible.all;
    const committeeIds = visible.all ? [] : visible.committeeIds;
    const wholeIds = visible.all ? [] : visible.wholeConventionIds;
    // The same scope as the search: a committee of one's own, or any of a convention one serves whole.
    const conventions: { id: string; title: string }[] = await this.dataSource.query(
      `SELECT id, title FROM conventions c
        WHERE $1 OR c.id = ANY($3::uuid[]) OR EXISTS (SELECT 1 FROM committees k WHERE k.convention_id = c.id AND k.id = ANY($2::uuid[]))
        ORDER BY title, id`,
      [all, committeeIds, wholeIds],
    );
    const committees: { id: string; name: string }[] = conventionId
      ? await this.dataSource.query(
          `SELECT id, name FROM committees k
            WHERE k.convention_id = $4 AND ($1 OR k.id = ANY($2::uuid[]) OR k.convention_id = ANY($3::uuid[]))
            ORDER BY name, id`,
          [all, committeeIds, wholeIds, conventionId],
        )
      : [];
    return { conventions, committees };
  }
}
