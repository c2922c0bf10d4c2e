import { Injectable } from '@nestjs/common';
import type { VisibleScope } from '../auth';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { DomainError } from '../common/domain-error';
import { Convention } from './convention.entity';
import { Committee } from '../committees/committee.entity';
import { CommitteesService } from '../committees/committees.service';
import { CommitteeSummaryResponse } from '../committees/dto/committee-summary.response';
import { containsPattern, foldedColumn } from '../people/folded-text';
import { ListConventionsQuery } from './dto/list-conventions.query';
import {
  ConventionDetailResponse,
  ConventionSummaryResponse,
  toConventionDetailResponse,
  toConventionSummaryResponse,
} from './dto/convention.response';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The read side of conventions; creating and replacing them belongs to the definition importer. */
@Injectable()
export class ConventionsService {
  constructor(
    @InjectRepository(Convention) private readonly conventions: Repository<Convention>,
    private readonly committees: CommitteesService,
  ) {}

  /** Conventions matching the query, within what the asker may see (everything by default). */
  async list(query: ListConventionsQuery, visible: VisibleScope = { all: true }): Promise<ConventionSummaryResponse[]> {
    if (!visible.all && visible.conventionIds.length === 0) return [];
    const builder = this.conventions
      .createQueryBuilder('convention')
      .leftJoinAndSelect('convention.parties', 'party')
      .orderBy('convention.reference')
      .addOrderBy('party.position');
    if (!visible.all) builder.andWhere('convention.id IN (:...visibleIds)', { visibleIds: visible.conventionIds });
    if (query.q !== undefined) {
      builder.andWhere(`(${foldedColumn('convention.title')} LIKE :pattern OR ${foldedColumn('convention.reference')} LIKE :pattern)`, {
        pattern: containsPattern(query.q.trim()),
      });
    }
    const conventions = await builder.getMany();
    if (conventions.length === 0) return [];
    const counts: { id: string; schools: number; committees: number }[] = await this.conventions.manager.query(
      `SELECT c.id,
              (SELECT count(*) FROM convention_schools cs WHERE cs.convention_id = c.id)::int AS schools,
              (SELECT count(*) FROM committees k WHERE k.convention_id = c.id)::int AS committees
         FROM conventions c WHERE c.id = ANY($1::uuid[])`,
      [conventions.map((convention) => convention.id)],
    );
    const countsById = new Map(counts.map((row) => [row.id, row]));
    return conventions.map((convention) =>
      toConventionSummaryResponse(convention, countsById.get(convention.id) ?? { schools: 0, committees: 0 }),
    );
  }

  async get(idOrReference: string): Promise<ConventionDetailResponse> {
    const { id } = await this.resolve(idOrReference);
    const convention = await this.conventions.findOneOrFail({
      where: { id },
      relations: { parties: true, amendments: true, schools: { school: true, amendment: true } },
    });
    const committees = await this.committees.summaries({ conventionId: id });
    return toConventionDetailResponse(convention, committees);
  }

  async committeesOf(idOrReference: string): Promise<CommitteeSummaryResponse[]> {
    const { id } = await this.resolve(idOrReference);
    return this.committees.summaries({ conventionId: id });
  }

  /**
   * Parties, schools covered, amendments, committees, seats and memberships go with it. Committees
   * are deleted first: seats RESTRICT the deletion of their party, and the cascade from the
   * convention would reach the parties before the seats.
   */
  async remove(idOrReference: string): Promise<void> {
    const { id } = await this.resolve(idOrReference);
    await this.conventions.manager.transaction(async (manager) => {
      // Loaded and removed (not deleted by criteria) so that the audit trail records each one.
      await manager.remove(await manager.find(Committee, { where: { conventionId: id } }));
      await manager.remove(await manager.findOneOrFail(Convention, { where: { id } }));
    });
  }

  /** A uuid is tried as an id, then as a reference; anything else is a reference. */
  private async resolve(idOrReference: string): Promise<{ id: string }> {
    const where = UUID.test(idOrReference) ? [{ id: idOrReference }, { reference: idOrReference }] : { reference: idOrReference };
    // PostgreSQL text cannot hold NUL, so no reference contains one (and the query would fail).
    const convention = idOrReference.includes('\u0000') ? null : await this.conventions.findOne({ where, select: { id: true } });
    if (!convention) throw DomainError.notFound('convention', `id or reference ${idOrReference}`);
    return convention;
  }
}
