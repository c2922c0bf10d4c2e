import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AuditEntry } from './audit-entry.entity';
import { AuditPageQuery } from './dto/audit-page.query';
import { AuditPageResponse, toAuditEntryResponse } from './dto/audit-entry.response';

export type AuditScope = 'conventionId' | 'committeeId' | 'meetingId';

/** Reads the trail; nothing here or anywhere else changes or removes an entry. */
@Injectable()
export class AuditService {
  constructor(@InjectRepository(AuditEntry) private readonly entries: Repository<AuditEntry>) {}

  async list(scope: AuditScope, id: string, query: AuditPageQuery): Promise<AuditPageResponse> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 50;
    const [rows, total] = await this.entries.findAndCount({
      where: { [scope]: id },
      order: { id: 'DESC' },
      skip: (page - 1) * pageSize,
      take: pageSize,
    });
    return { items: rows.map(toAuditEntryResponse), page, pageSize, total };
  }

  /** The changes of one row (a person: their name, their address), newest first. */
  async listOf(entityType: string, entityId: string, query: AuditPageQuery): Promise<AuditPageResponse> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 50;
    const [rows, total] = await this.entries.findAndCount({
      where: { entityType, entityId },
      order: { id: 'DESC' },
      skip: (page - 1) * pageSize,
      take: pageSize,
    });
    return { items: rows.map(toAuditEntryResponse), page, pageSize, total };
  }
}
