import { EntityManager } from 'typeorm';
import { Committee } from '../committees/committee.entity';
import { territoryHolidays } from '../compliance/convention-context';
import { DateRange, LocalDate, localDateOf } from '../rules/local-date';
import { requestStatus } from '../rules/convening-request.rule';
import { ConveningRequest } from './convening-request.entity';
import { ConveningRequestResponse } from './dto/convening-request.response';

export type RequestCommittee = Pick<Committee, 'id' | 'conveningOnRequest'> & { convention: { timeZone: string; holidayCountry: string; holidayRegion: string | null } };

/**
 * The requests for a sitting received in `range` (every one when null) and where each stands on
 * `today`. A request is answered by the first convocation of the committee sent on or after its day.
 */
export async function requestStatuses(manager: EntityManager, committee: RequestCommittee, today: LocalDate, range: DateRange | null): Promise<ConveningRequestResponse[]> {
  const rule = committee.conveningOnRequest;
  if (!rule) return [];
  const builder = manager.createQueryBuilder(ConveningRequest, 'request').where('request.committeeId = :id', { id: committee.id });
  if (range) builder.andWhere('request.requestedOn BETWEEN :from AND :to', { from: range.start, to: range.end });
  const requests = await builder.orderBy('request.requestedOn', 'ASC').addOrderBy('request.createdAt', 'ASC').getMany();
  if (requests.length === 0) return [];
  const zone = committee.convention.timeZone;
  const convened: Array<{ convened_at: Date }> = await manager.query(
    `SELECT convened_at FROM meetings WHERE committee_id = $1 AND convened_at IS NOT NULL ORDER BY convened_at`,
    [committee.id],
  );
  const convenedDays = convened.map((row) => localDateOf(new Date(row.convened_at), zone));
  const holidays = territoryHolidays(committee.convention);
  return requests.map((request) => {
    const convenedOn = convenedDays.find((day) => day >= request.requestedOn) ?? null;
    const verdict = requestStatus(rule, { requestedOn: request.requestedOn, convenedOn }, today, holidays);
    return {
      id: request.id,
      requestedOn: request.requestedOn,
      requesters: request.requesterPersonIds,
      reason: request.reason,
      status: verdict.status,
      conveneBy: verdict.conveneBy,
      warnFrom: verdict.warnFrom,
      warning: verdict.warning,
      convenedOn: verdict.convenedOn,
      reasons: verdict.reasons,
    };
  });
}
