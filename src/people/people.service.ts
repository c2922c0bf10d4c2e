import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { DomainError } from '../common/domain-error';
import type { VisibleScope } from '../auth';
import { Person } from './person.entity';
import { containsPattern, foldedColumn } from './folded-text';
import { CreatePersonDto } from './dto/create-person.dto';
import { UpdatePersonDto } from './dto/update-person.dto';
import { ListPeopleQuery } from './dto/list-people.query';
import {
  PersonDetailResponse,
  PersonMembershipRow,
  PersonResponse,
  toPersonDetailResponse,
  toPersonResponse,
} from './dto/person.response';

@Injectable()
export class PeopleService {
  constructor(@InjectRepository(Person) private readonly people: Repository<Person>) {}

  /**
   * People within `visible` (see peopleWithin), or anyone by their exact email: people are shared
   * between conventions, and whoever seats or invites someone must find them by their address.
   */
  async list(query: ListPeopleQuery, visible: VisibleScope = { all: true }, selfId: string | null = null): Promise<PersonResponse[]> {
    const builder = this.people.createQueryBuilder('person').orderBy('person.fullName').addOrderBy('person.email');
    if (query.email !== undefined) builder.andWhere('person.email = :email', { email: query.email });
    else if (!visible.all) {
      builder.andWhere(`(person.id = :selfId OR person.id IN (${peopleWithin('CAST(:committeeIds AS uuid[])', 'CAST(:conventionIds AS uuid[])')}))`, {
        selfId,
        committeeIds: visible.committeeIds,
        conventionIds: visible.wholeConventionIds,
      });
    }
    if (query.q !== undefined) {
      builder.andWhere(
        `(${foldedColumn('person.fullName')} LIKE :pattern OR ${foldedColumn('person.email')} LIKE :pattern OR ${foldedColumn('person.organization')} LIKE :pattern)`,
        { pattern: containsPattern(query.q.trim()) },
      );
    }
    return (await builder.getMany()).map(toPersonResponse);
  }

  /**
   * One person and their memberships, as far as `visible` goes: someone outside it answers as
   * someone who does not exist, and only the memberships of committees within it are shown.
   */
  async get(id: string, visible: VisibleScope = { all: true }, selfId: string | null = null): Promise<PersonDetailResponse> {
    const person = await this.findOrFail(id);
    if (!visible.all && person.id !== selfId) {
      const [{ within }] = await this.people.manager.query(
        `SELECT $1::uuid IN (${peopleWithin('$2::uuid[]', '$3::uuid[]')}) AS within`,
        [person.id, visible.committeeIds, visible.wholeConventionIds],
      );
      if (!within) throw DomainError.notFound('person', `id ${id}`);
    }
    const rows: PersonMembershipRow[] = await this.people.manager.query(
      `SELECT m.id AS "membershipId", m.starts_on::text AS "startsOn", m.ends_on::text AS "endsOn",
              s.id AS "seatId", s.key AS "seatKey", s.role AS "seatRole",
              c.id AS "committeeId", c.name AS "committeeName",
              conv.id AS "conventionId", conv.reference AS "conventionReference", conv.title AS "conventionTitle",
              member.id AS "memberId", member.full_name AS "memberFullName",
              substitute.id AS "substituteId", substitute.full_name AS "substituteFullName"
         FROM memberships m
         JOIN seats s ON s.id = m.seat_id
         JOIN committees c ON c.id = s.committee_id
         JOIN conventions conv ON conv.id = c.convention_id
         JOIN people member ON member.id = m.person_id
         LEFT JOIN people substitute ON substitute.id = m.substitute_id
        WHERE (m.person_id = $1 OR m.substitute_id = $1)
          AND ($2::boolean OR c.id = ANY($3::uuid[]) OR c.convention_id = ANY($4::uuid[]))
        ORDER BY m.starts_on DESC, conv.reference, c.name, s.position`,
      [person.id, visible.all, visible.all ? [] : visible.committeeIds, visible.all ? [] : visible.wholeConventionIds],
    );
    return toPersonDetailResponse(person, rows);
  }

  async create(dto: CreatePersonDto): Promise<PersonResponse> {
    await this.assertEmailFree(dto.email);
    const person = this.people.create({
      fullName: dto.fullName,
      email: dto.email,
      title: dto.title ?? null,
      organization: dto.organization ?? null,
      phone: dto.phone ?? null,
    });
    // A concurrent insert of the same address still fails on the unique index (409 from the filter).
    return toPersonResponse(await this.people.save(person));
  }

  async update(id: string, dto: UpdatePersonDto): Promise<PersonResponse> {
    const person = await this.findOrFail(id);
    if (dto.email !== undefined && dto.email !== person.email) {
      await this.assertEmailFree(dto.email);
      person.email = dto.email;
    }
    if (dto.fullName !== undefined) person.fullName = dto.fullName;
    if (dto.title !== undefined) person.title = dto.title;
    if (dto.organization !== undefined) person.organization = dto.organization;
    if (dto.phone !== undefined) person.phone = dto.phone;
    return toPersonResponse(await this.people.save(person));
  }

  /** Memberships keep the history of who sat where, accounts the audit trail's authors: a person named in either is not deleted. */
  async remove(id: string): Promise<void> {
    await this.people.manager.transaction(async (manager) => {
      const person = await manager.findOne(Person, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!person) throw DomainError.notFound('person', `id ${id}`);
      const [{ held, substituted }] = await manager.query(
        `SELECT count(*) FILTER (WHERE person_id = $1)::int AS held, count(*) FILTER (WHERE substitute_id = $1)::int AS substituted
           FROM memberships WHERE person_id = $1 OR substitute_id = $1`,
        [id],
      );
      if (held + substituted > 0) {
        throw DomainError.conflict(
          'person_has_memberships',
          `${person.fullName} holds ${held} membership(s) and substitutes in ${substituted}; delete or reassign them first`,
          { memberships: held, substitutions: substituted },
        );
      }
      // An account's person stays: the audit trail names its author through it.
      const [account]: Array<{ active: boolean }> = await manager.query(`SELECT active FROM accounts WHERE person_id = $1`, [id]);
      if (account) {
        throw DomainError.conflict(
          'person_has_account',
          `${person.fullName} has a sign-in account (${account.active ? 'active' : 'deactivated'}), which the audit trail refers to: deactivate the account instead of deleting the person`,
          { accountActive: account.active },
        );
      }
      await manager.remove(person);
    });
  }

  private async findOrFail(id: string): Promise<Person> {
    const person = await this.people.findOneBy({ id });
    if (!person) throw DomainError.notFound('person', `id ${id}`);
    return person;
  }

  private async assertEmailFree(email: string): Promise<void> {
    const holder = await this.people.findOneBy({ email });
    if (holder) {
      throw DomainError.conflict('email_already_used', `${email} is already the address of another person`, { personId: holder.id });
    }
  }
}

/**
 * The people someone with a limited view may see: those who hold or substitute a membership, or
 * were invited to or recorded at a meeting, of a committee they see (one of `committeeIds`, or of
 * a convention among `conventionIds`). Past memberships count: they are the committee's history.
 */
function peopleWithin(committeeIds: string, conventionIds: string): string {
  const visibleCommittee = `(c.id = ANY(${committeeIds}) OR c.convention_id = ANY(${conventionIds}))`;
  return `SELECT unnest(ARRAY[m.person_id, m.substitute_id]) FROM memberships m
            JOIN seats s ON s.id = m.seat_id JOIN committees c ON c.id = s.committee_id WHERE ${visibleCommittee}
          UNION SELECT g.person_id FROM meeting_guests g
            JOIN meetings mt ON mt.id = g.meeting_id JOIN committees c ON c.id = mt.committee_id WHERE ${visibleCommittee}
          UNION SELECT a.person_id FROM attendance a
            JOIN meetings mt ON mt.id = a.meeting_id JOIN committees c ON c.id = mt.committee_id WHERE ${visibleCommittee}`;
}
