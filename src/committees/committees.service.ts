import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { DateTime } from 'luxon';
import { DomainError } from '../common/domain-error';
import { Clock } from '../common/clock';
import { Committee } from './committee.entity';
import type { VisibleScope } from '../auth';
import { Membership } from '../people/membership.entity';
import { Party } from '../conventions/party.entity';
import { foldText, foldedColumn } from '../people/folded-text';
import { CommitteeSummaryResponse, CommitteeSummaryRow, toCommitteeSummaryResponse } from './dto/committee-summary.response';
import { CommitteeDetailResponse, toCommitteeDetailResponse } from './dto/committee-detail.response';
import { ListCommitteesQuery } from './dto/list-committees.query';

@Injectable()
export class CommitteesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  /** Committee summaries matching the filter, within what the asker may see (everything by default), with places held today. */
  async summaries(filter: ListCommitteesQuery, visible: VisibleScope = { all: true }): Promise<CommitteeSummaryResponse[]> {
    return (await this.summaryPage(filter, visible)).items;
  }

  /**
   * One page of summaries (all of them when the filter names no page size) and how many match.
   * Places are counted for the page's committees only, in one pass over their seats and
   * memberships, "today" being read in each convention's own time zone.
   */
  async summaryPage(filter: ListCommitteesQuery, visible: VisibleScope = { all: true }): Promise<{ items: CommitteeSummaryResponse[]; total: number }> {
    const conditions: string[] = [];
    const parameters: unknown[] = [this.clock.now()];
    const where = (sql: (placeholder: string) => string, value: unknown) => {
      parameters.push(value);
      conditions.push(sql(`$${parameters.length}`));
    };
    if (!visible.all) {
      parameters.push(visible.committeeIds, visible.wholeConventionIds);
      conditions.push(`(c.id = ANY($${parameters.length - 1}::uuid[]) OR c.convention_id = ANY($${parameters.length}::uuid[]))`);
    }
    if (filter.conventionId !== undefined) where((p) => `c.convention_id = ${p}`, filter.conventionId);
    if (filter.kind !== undefined) where((p) => `c.kind = ${p}`, filter.kind);
    if (filter.scope !== undefined) where((p) => `c.scope = ${p}`, filter.scope);
    if (filter.uai !== undefined) where((p) => `school.uai = ${p}`, filter.uai);
    if (filter.circonscription !== undefined) {
      where((p) => `${foldedColumn('c.circonscription')} = ${p}`, foldText(filter.circonscription.trim()));
    }
    let window = '';
    if (filter.pageSize !== undefined) {
      parameters.push(filter.pageSize, ((filter.page ?? 1) - 1) * filter.pageSize);
      window = `LIMIT $${parameters.length - 1} OFFSET $${parameters.length}`;
    }
    const rows: Array<CommitteeSummaryRow & { total: number }> = await this.dataSource.query(
      `WITH page AS (
         SELECT c.id, c.convention_id AS "conventionId", c.key, c.definition_key AS "definitionKey", c.kind, c.name,
                c.scope, c.circonscription, school.uai AS "schoolUai", school.name AS "schoolName",
                ($1::timestamptz AT TIME ZONE conv.time_zone)::date AS today, conv.reference,
                count(*) OVER ()::int AS total
           FROM committees c
           JOIN conventions conv ON conv.id = c.convention_id
           LEFT JOIN schools school ON school.id = c.school_id
          ${conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : ''}
          ORDER BY conv.reference, c.kind, c.key
          ${window}
       ),
       seat_held AS (
         SELECT seat.committee_id, seat.count, count(m.id) AS holders
           FROM page
           JOIN seats seat ON seat.committee_id = page.id
           LEFT JOIN memberships m ON m.seat_id = seat.id AND m.starts_on <= page.today AND (m.ends_on IS NULL OR m.ends_on >= page.today)
          GROUP BY seat.id
       ),
       places AS (
         SELECT committee_id, sum(count) AS total, sum(LEAST(count, holders)) AS filled FROM seat_held GROUP BY committee_id
       )
       SELECT page.id, page."conventionId", page.key, page."definitionKey", page.kind, page.name, page.scope, page.circonscription,
              page."schoolUai", page."schoolName", COALESCE(places.total, 0)::int AS places, COALESCE(places.filled, 0)::int AS filled,
              page.total
         FROM page
         LEFT JOIN places ON places.committee_id = page.id
        ORDER BY page.reference, page.kind, page.key`,
      parameters,
    );
    if (rows.length === 0 && filter.pageSize !== undefined && (filter.page ?? 1) > 1) {
      // Past the last page: the total still says how many match.
      const { total } = await this.summaryPage({ ...filter, page: 1, pageSize: 1 }, visible);
      return { items: [], total };
    }
    return { items: rows.map(toCommitteeSummaryResponse), total: rows[0]?.total ?? 0 };
  }

  async detail(id: string, on?: string): Promise<CommitteeDetailResponse> {
    // find, not findOne: with a one-to-many relation findOne first selects the distinct id to take
    // one (a second statement); the id is the key, so find gives one committee anyway.
    const [committee] = await this.dataSource.manager.find(Committee, {
      where: { id },
      relations: { convention: true, school: true, seats: { party: true } },
    });
    if (!committee) throw DomainError.notFound('committee', `id ${id}`);
    const day = on ?? DateTime.fromJSDate(this.clock.now()).setZone(committee.convention.timeZone).toISODate();
    if (day === null) throw new Error(`Convention ${committee.convention.reference} has an invalid time zone`);
    const seatIds = committee.seats.map((seat) => seat.id);
    // Every membership of the seats: today's members, and before them the terms they renew or that ended.
    const [parties, history] = await Promise.all([
      this.dataSource.manager.find(Party, { where: { conventionId: committee.conventionId }, order: { position: 'ASC' } }),
      seatIds.length === 0 ? Promise.resolve([]) : this.dataSource.manager.find(Membership, { where: { seatId: In(seatIds) }, relations: { person: true, substitute: true } }),
    ]);
    const members = history.filter((membership) => membership.startsOn <= day && (membership.endsOn === null || membership.endsOn >= day));
    return toCommitteeDetailResponse(committee, parties, members, day, history);
  }
}
