import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { VisibleScope } from '../auth';
import { DomainError } from '../common/domain-error';
import { Meeting } from './meeting.entity';
import { meetingViews } from './meeting-views';
import { MeetingPageResponse } from './dto/meeting-page.response';
import { SearchMeetingsQuery } from './dto/search-meetings.query';

const DEFAULT_PAGE_SIZE = 50;

/** GET /meetings: the meetings of every committee the caller may read, filtered and paged. */
@Injectable()
export class MeetingSearch {
  constructor(private readonly dataSource: DataSource) {}

  async search(query: SearchMeetingsQuery, visible: VisibleScope): Promise<MeetingPageResponse> {
    if (query.from !== undefined && query.to !== undefined && query.to < query.from) {
      throw DomainError.invalid([{ path: 'to', code: 'inconsistent', message: `must not be before from (${query.from})` }]);
    }
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? DEFAULT_PAGE_SIZE;
    const manager = this.dataSource.manager;
    const builder = manager
      .createQueryBuilder(Meeting, 'meeting')
      .innerJoin('committees', 'committee', 'committee.id = meeting.committee_id')
      .innerJoin('conventions', 'convention', 'convention.id = committee.convention_id');
    // The same scope as GET /committees: a committee of one's own, or any of a convention one serves whole.
    if (!visible.all) {
      builder.andWhere('(committee.id = ANY(:committeeIds::uuid[]) OR committee.convention_id = ANY(:conventionIds::uuid[]))', {
        committeeIds: visible.committeeIds,
        conventionIds: visible.wholeConventionIds,
      });
    }
    if (query.conventionId !== undefined) builder.andWhere('committee.convention_id = :conventionId', { conventionId: query.conventionId });
    if (query.committeeId !== undefined) builder.andWhere('meeting.committee_id = :committeeId', { committeeId: query.committeeId });
    if (query.state !== undefined) builder.andWhere('meeting.state = :state', { state: query.state });
    if (query.convened !== undefined) builder.andWhere(`meeting.convened_at IS ${query.convened === 'true' ? 'NOT ' : ''}NULL`);
    // Local days of each meeting's own convention zone: a meeting belongs to the day its start falls on there.
    if (query.from !== undefined) builder.andWhere('meeting.starts_at >= (CAST(:from AS date)::timestamp AT TIME ZONE convention.time_zone)', { from: query.from });
    if (query.to !== undefined) builder.andWhere('meeting.starts_at < ((CAST(:to AS date) + 1)::timestamp AT TIME ZONE convention.time_zone)', { to: query.to });
    const [meetings, total] = await builder
      .orderBy('meeting.startsAt', 'ASC')
      .addOrderBy('meeting.id', 'ASC')
      .skip((page - 1) * pageSize)
      .take(pageSize)
      .getManyAndCount();
    return { items: await meetingViews(manager, meetings), page, pageSize, total };
  }
}
