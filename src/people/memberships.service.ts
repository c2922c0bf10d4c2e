import { Injectable, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, Not } from 'typeorm';
import { DomainError, FieldError } from '../common/domain-error';
import { Committee } from '../committees/committee.entity';
import { Seat } from '../committees/seat.entity';
import { MembershipChangeListener } from '../convocations/membership-change.listener';
import type { DueMessage } from '../queue/outbox-queue';
import { Membership } from './membership.entity';
import { Person } from './person.entity';
import { HeldPeriod, peakOccupancy, periodsOverlap } from './membership-periods';
import { CreateMembershipDto } from './dto/create-membership.dto';
import { UpdateMembershipDto } from './dto/update-membership.dto';
import { CreatePersonDto } from './dto/create-person.dto';
import { MembershipResponse, toMembershipResponse } from './dto/membership.response';
import { renewalRefusal, termApplies, termEndsOn } from '../rules/terms-of-office.rule';
import type { TermOfOfficeRule } from '../rules/terms-of-office.rule';

/**
 * Who holds which seat, when. The seat row is locked FOR UPDATE before its memberships are read,
 * so two requests filling the last place of a seat are answered one after the other, never both.
 */
@Injectable()
export class MembershipsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    // Convenes those who join after a meeting was convened, withdraws those who leave; absent where convocations are not loaded.
    @Optional() private readonly convocations?: MembershipChangeListener,
  ) {}

  async create(committeeId: string, dto: CreateMembershipDto): Promise<MembershipResponse> {
    const period: HeldPeriod = { startsOn: dto.startsOn, endsOn: dto.endsOn ?? null };
    assertOneWay(dto.personId, dto.person, 'person');
    assertOneWay(dto.substituteId, dto.substitute, 'substitute');
    if (dto.personId) assertCoherent(period, dto.personId, dto.substituteId ?? null);
    let messages: DueMessage[] = [];
    const response = await this.dataSource.transaction(async (manager) => {
      const committee = await manager.findOne(Committee, { where: { id: committeeId }, select: { id: true, termOfOffice: true } });
      if (!committee) throw DomainError.notFound('committee', `id ${committeeId}`);
      const seat = await manager
        .createQueryBuilder(Seat, 'seat')
        .setLock('pessimistic_write')
        .where('seat.committeeId = :committeeId AND seat.key = :key', { committeeId, key: dto.seatKey })
        .getOne();
      if (!seat) throw DomainError.notFound('seat', `key ${dto.seatKey} in committee ${committeeId}`);
      const person = dto.personId ? await findPerson(manager, dto.personId, 'personId') : await knownOrNewPerson(manager, dto.person as CreatePersonDto);
      const substitute = dto.substituteId
        ? await findPerson(manager, dto.substituteId, 'substituteId')
        : dto.substitute
          ? await knownOrNewPerson(manager, dto.substitute)
          : null;
      assertCoherent(period, person.id, substitute?.id ?? null);
      const others = await manager.findBy(Membership, { seatId: seat.id });
      if (termApplies(committee.termOfOffice, seat.key)) {
        assertWithinTerm(committee.termOfOffice, period, dto.endsOn === undefined || dto.endsOn === null);
        const refusal = renewalRefusal({ personId: person.id, startsOn: period.startsOn }, others, committee.termOfOffice);
        if (refusal) throw DomainError.invalid([{ path: 'startsOn', code: 'renewals_exceeded', message: refusal }]);
      }
      assertRoomFor(seat, person, period, others);
      const membership = await manager.save(
        manager.create(Membership, {
          seatId: seat.id,
          personId: person.id,
          startsOn: period.startsOn,
          endsOn: period.endsOn,
          substituteId: substitute?.id ?? null,
          source: 'api',
        }),
      );
      messages = await this.tell(committeeId, manager);
      return toMembershipResponse(membership, seat, person, substitute);
    });
    await this.convocations?.afterCommit(messages);
    return response;
  }

  async get(id: string): Promise<MembershipResponse> {
    const membership = await this.dataSource.manager.findOne(Membership, {
      where: { id },
      relations: { seat: true, person: true, substitute: true },
    });
    if (!membership) throw DomainError.notFound('membership', `id ${id}`);
    return toMembershipResponse(membership, membership.seat, membership.person, membership.substitute);
  }

  async update(id: string, dto: UpdateMembershipDto): Promise<MembershipResponse> {
    assertOneWay(dto.substituteId ?? undefined, dto.substitute, 'substitute');
    let messages: DueMessage[] = [];
    const response = await this.dataSource.transaction(async (manager) => {
      const seatId = (await manager.findOne(Membership, { where: { id }, select: { id: true, seatId: true } }))?.seatId;
      if (!seatId) throw DomainError.notFound('membership', `id ${id}`);
      // Same lock as create, taken before the memberships are re-read.
      const seat = await manager.createQueryBuilder(Seat, 'seat').setLock('pessimistic_write').where('seat.id = :seatId', { seatId }).getOneOrFail();
      const membership = await manager.findOne(Membership, { where: { id }, relations: { person: true, substitute: true } });
      if (!membership) throw DomainError.notFound('membership', `id ${id}`);

      const period: HeldPeriod = { startsOn: membership.startsOn, endsOn: dto.endsOn === undefined ? membership.endsOn : dto.endsOn };
      const named = dto.substitute ? await knownOrNewPerson(manager, dto.substitute) : undefined;
      const substituteId = named ? named.id : dto.substituteId === undefined ? membership.substituteId : dto.substituteId;
      assertCoherent(period, membership.personId, substituteId);
      const substitute =
        named ?? (dto.substituteId === undefined ? membership.substitute : substituteId === null ? null : await findPerson(manager, substituteId, 'substituteId'));
      const others = await manager.findBy(Membership, { seatId, id: Not(id) });
      assertRoomFor(seat, membership.person, period, others);

      // Loaded, changed and saved (not updated by criteria) so that the audit trail sees before and after.
      membership.endsOn = period.endsOn;
      membership.substitute = substitute;
      membership.substituteId = substitute?.id ?? null;
      await manager.save(membership);
      messages = await this.tell(seat.committeeId, manager);
      return toMembershipResponse(membership, seat, membership.person, substitute);
    });
    await this.convocations?.afterCommit(messages);
    return response;
  }

  async remove(id: string): Promise<void> {
    let messages: DueMessage[] = [];
    await this.dataSource.transaction(async (manager) => {
      const membership = await manager.findOne(Membership, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!membership) throw DomainError.notFound('membership', `id ${id}`);
      const committeeId = (await manager.findOneOrFail(Seat, { where: { id: membership.seatId }, select: { id: true, committeeId: true } })).committeeId;
      await manager.remove(membership);
      messages = await this.tell(committeeId, manager);
    });
    await this.convocations?.afterCommit(messages);
  }

  /** The convocations this change of the committee's members calls for, written in the same transaction. */
  private async tell(committeeId: string, manager: EntityManager): Promise<DueMessage[]> {
    return this.convocations ? this.convocations.onMembershipsChanged(committeeId, manager) : [];
  }
}

/**
 * A member named without an end holds the seat for one term of office; an end after the term is
 * refused (the text sets how long members sit). Changes `period` in place.
 */
function assertWithinTerm(rule: TermOfOfficeRule, period: HeldPeriod, endOmitted: boolean): void {
  const last = termEndsOn(period.startsOn, rule);
  if (endOmitted) period.endsOn = last;
  else if (period.endsOn !== null && period.endsOn > last) {
    throw DomainError.invalid([{ path: 'endsOn', code: 'term_exceeded', message: `a term of ${rule.months} months begun on ${period.startsOn} ends on ${last} at the latest` }]);
  }
}

/** What the request alone can be refused for, before anything is read. */
function assertCoherent(period: HeldPeriod, personId: string, substituteId: string | null): void {
  const fields: FieldError[] = [];
  if (period.endsOn !== null && period.endsOn < period.startsOn) {
    fields.push({ path: 'endsOn', code: 'inconsistent', message: `must not be before startsOn (${period.startsOn})` });
  }
  if (substituteId !== null && substituteId.toLowerCase() === personId.toLowerCase()) {
    fields.push({ path: 'substituteId', code: 'inconsistent', message: 'must be another person than the member' });
  }
  if (fields.length > 0) throw DomainError.invalid(fields);
}

function assertRoomFor(seat: Seat, person: Person, period: HeldPeriod, others: Membership[]): void {
  const own = others.find((other) => other.personId === person.id && periodsOverlap(period, other));
  if (own) {
    throw DomainError.conflict(
      'membership_overlaps',
      `${person.fullName} already holds seat ${seat.key} from ${own.startsOn}${own.endsOn ? ` to ${own.endsOn}` : ''}; end that membership first or start after it`,
      { membershipId: own.id },
    );
  }
  if (peakOccupancy(period, others) >= seat.count) {
    throw DomainError.conflict(
      'seat_full',
      `Seat ${seat.key} has ${seat.count} place${seat.count > 1 ? 's' : ''}, all held during part of that period; end a membership first or choose other dates`,
      { seatKey: seat.key, count: seat.count },
    );
  }
}

/** A person named by id or by their details, not both (nor, for the member, neither). */
function assertOneWay(id: string | null | undefined, details: CreatePersonDto | undefined, field: 'person' | 'substitute'): void {
  if (id !== undefined && id !== null && details !== undefined) {
    throw DomainError.invalid([{ path: field, code: 'inconsistent', message: `give ${field}Id or ${field}, not both` }]);
  }
}

/**
 * The person with this address, or a new one: a convener seats a parent representative without an
 * administrator creating them first. A known address keeps its person as recorded (name included).
 */
async function knownOrNewPerson(manager: EntityManager, details: CreatePersonDto): Promise<Person> {
  const known = await manager.findOneBy(Person, { email: details.email });
  if (known) return known;
  return manager.save(
    manager.create(Person, { fullName: details.fullName, email: details.email, title: details.title ?? null, organization: details.organization ?? null, phone: details.phone ?? null }),
  );
}

async function findPerson(manager: EntityManager, id: string, field: 'personId' | 'substituteId'): Promise<Person> {
  const person = await manager.findOneBy(Person, { id });
  if (!person) throw new DomainError('not_found', 'person_not_found', `No person with id ${id} (${field})`, { field });
  return person;
}
