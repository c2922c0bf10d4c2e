import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { localDateOf } from '../rules/local-date';
import { requestAdmissible } from '../rules/convening-request.rule';
import { ConveningRequest } from './convening-request.entity';
import { findCommittee, findPeople, membershipsOn } from './meeting-lookups';
import { requestStatuses } from './convening-requests';
import { ConveningRequestDto } from './dto/convening-request.dto';
import { ConveningRequestResponse } from './dto/convening-request.response';

/**
 * « … à la demande du tiers au moins de ses membres ou du DASEN »: requests for a sitting, checked
 * against who may ask on the day, and the deadline by which the convener must convene.
 */
@Injectable()
export class ConveningRequestsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async record(committeeId: string, dto: ConveningRequestDto): Promise<ConveningRequestResponse> {
    return this.dataSource.transaction(async (manager) => {
      const committee = await findCommittee(manager, committeeId);
      const rule = committee.conveningOnRequest;
      if (!rule) {
        throw new DomainError('rule', 'requests_not_provided', `Committee ${committee.key}'s rules provide no sitting on request`, {});
      }
      const requesters = [...new Set(dto.requesters)];
      await findPeople(manager, requesters.map((id, index) => ({ path: `requesters[${index}]`, id })));
      const memberships = await membershipsOn(manager, committee.id, dto.requestedOn);
      const seatOf = new Map<string, string>();
      for (const membership of memberships) if (!seatOf.has(membership.personId)) seatOf.set(membership.personId, membership.seat.key);
      const check = requestAdmissible(rule, { requesterSeats: requesters.map((id) => seatOf.get(id) ?? null), membersInOffice: seatOf.size });
      if (!check.admissible) {
        throw new DomainError('rule', 'request_not_admissible', check.reasons.join(' '), { required: check.required, reasons: check.reasons });
      }
      const saved = await manager.save(manager.create(ConveningRequest, { committeeId, requestedOn: dto.requestedOn, requesterPersonIds: requesters, reason: dto.reason }));
      const today = localDateOf(this.clock.now(), committee.convention.timeZone);
      const statuses = await requestStatuses(manager, committee, today, { start: dto.requestedOn, end: dto.requestedOn });
      return statuses.find((status) => status.id === saved.id) as ConveningRequestResponse;
    });
  }

  async list(committeeId: string): Promise<ConveningRequestResponse[]> {
    const committee = await findCommittee(this.dataSource.manager, committeeId);
    return requestStatuses(this.dataSource.manager, committee, localDateOf(this.clock.now(), committee.convention.timeZone), null);
  }
}
