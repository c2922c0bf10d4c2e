import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditScope, AuditService } from '../audit/audit.service';
import { AuditPageResponse } from '../audit/dto/audit-entry.response';
import { DomainError } from '../common/domain-error';

export const AUDIT_PAGE_SIZE = 50;

/** What a trail belongs to: a convention, a committee or a meeting, named and placed in its zone. */
export interface AuditSubject {
  kind: 'convention' | 'committee' | 'meeting' | 'person';
  id: string;
  name: string;
  /** Where its page is. */
  link: string;
  timeZone: string;
  /** A meeting's start, to name it. */
  startsAt: Date | null;
}

const SCOPES: Record<Exclude<AuditSubject['kind'], 'person'>, AuditScope> = { convention: 'conventionId', committee: 'committeeId', meeting: 'meetingId' };

/** The audit trail of a convention, a committee or a meeting, newest first, with what it belongs to. */
@Injectable()
export class AuditTrailService {
  constructor(
    private readonly audit: AuditService,
    private readonly dataSource: DataSource,
  ) {}

  /**
   * The changes of a person's own row (name, address…), shown in Paris time: a person belongs to no
   * convention. Their seats' changes are in each committee's trail.
   */
  async ofPerson(id: string, fullName: string, page: number): Promise<{ subject: AuditSubject; entries: AuditPageResponse }> {
    const entries = await this.audit.listOf('Person', id, { page, pageSize: AUDIT_PAGE_SIZE });
    return { subject: { kind: 'person', id, name: fullName, link: `/personnes/${id}`, timeZone: 'Europe/Paris', startsAt: null }, entries };
  }

  async of(kind: Exclude<AuditSubject['kind'], 'person'>, idOrReference: string, page: number): Promise<{ subject: AuditSubject; entries: AuditPageResponse }> {
    const subject = await this.subject(kind, idOrReference);
    const entries = await this.audit.list(SCOPES[kind], subject.id, { page, pageSize: AUDIT_PAGE_SIZE });
    return { subject, entries };
  }

  private async subject(kind: Exclude<AuditSubject['kind'], 'person'>, idOrReference: string): Promise<AuditSubject> {
    const rows: { id: string; name: string; time_zone: string; link: string; starts_at: Date | null }[] =
      kind === 'convention'
        ? await this.dataSource.query(`SELECT id, title AS name, time_zone, '/suivi/conventions/' || reference AS link, NULL::timestamptz AS starts_at FROM conventions WHERE reference = $1`, [idOrReference])
        : kind === 'committee'
          ? await this.dataSource.query(
              `SELECT k.id, k.name, v.time_zone, '/comites/' || k.id AS link, NULL::timestamptz AS starts_at FROM committees k JOIN conventions v ON v.id = k.convention_id WHERE k.id = $1`,
              [idOrReference],
            )
          : await this.dataSource.query(
              `SELECT m.id, k.name, v.time_zone, '/reunions/' || m.id AS link, m.starts_at
                 FROM meetings m JOIN committees k ON k.id = m.committee_id JOIN conventions v ON v.id = k.convention_id WHERE m.id = $1`,
              [idOrReference],
            );
    const row = rows[0];
    if (!row) throw DomainError.notFound(kind, `${kind === 'convention' ? 'reference' : 'id'} ${idOrReference}`);
    return { kind, id: row.id, name: row.name, link: row.link, timeZone: row.time_zone, startsAt: row.starts_at };
  }
}
