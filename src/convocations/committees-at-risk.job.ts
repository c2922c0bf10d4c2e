import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../config/config.module';
import { AppConfig } from '../config/app-config';
import { Committee } from '../committees/committee.entity';
import { ComplianceService } from '../compliance/compliance.service';
import { ListComplianceQuery, MAX_PAGE_SIZE } from '../compliance/dto/list-compliance.query';
import { ComplianceRowResponse } from '../compliance/dto/compliance.response';
import { Party } from '../conventions/party.entity';
import { Clock } from '../common/clock';
import { localDateOf } from '../rules/local-date';
import { OutboxQueue } from '../queue/outbox-queue';
import { writeConvenerAlert } from './convener-alerts';
import { CommitteeAtRiskPayload } from './message-composer';
import { OutboxRepository } from './outbox.repository';
import { senderFor } from './sender';

/**
 * Daily: the committees the compliance report finds at risk of missing their current period's
 * meetings (frequency.rule.ts, through ComplianceService) get their conveners an email with the
 * last day to convene — also those whose standing is "missed" because they missed the previous
 * period, when the current one is at risk too. One email per committee, period and convener, ever.
 */
@Injectable()
export class CommitteesAtRiskJob {
  private readonly logger = new Logger('CommitteesAtRisk');

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly compliance: ComplianceService,
    private readonly queue: OutboxQueue,
    private readonly outbox: OutboxRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async run(): Promise<{ committees: number; emails: number }> {
    let committees = 0;
    let emails = 0;
    for (let page = 1; ; page += 1) {
      const query: ListComplianceQuery = { status: ['at_risk', 'missed'], page, pageSize: MAX_PAGE_SIZE };
      const result = await this.compliance.list(query);
      for (const row of result.items) {
        if (row.currentPeriod?.status !== 'at_risk') continue;
        const written = await this.alert(row);
        committees += 1;
        emails += written;
      }
      if (page * result.pageSize >= result.total) break;
    }
    if (emails > 0) this.logger.log(`${emails} email(s) to the conveners of ${committees} committee(s) at risk`);
    return { committees, emails };
  }

  private async alert(row: ComplianceRowResponse): Promise<number> {
    const period = row.currentPeriod;
    if (!period) return 0;
    const written = await this.dataSource.transaction(async (manager) => {
      const committee = await manager.findOne(Committee, { where: { id: row.committee.id }, relations: { convention: true } });
      if (!committee) return [];
      const parties = await manager.find(Party, { where: { conventionId: committee.conventionId }, order: { position: 'ASC' } });
      const convening = parties.find((party) => party.key === committee.conveners[0]?.partyKey) ?? null;
      const sender = senderFor(convening, this.config.mail);
      const payload: CommitteeAtRiskPayload = {
        committeeName: committee.name,
        conventionTitle: committee.convention.title,
        periodLabel: period.label,
        periodStart: period.start,
        periodEnd: period.end,
        lastDayToConvene: period.lastDayToConvene,
        frequencyText: committee.frequency.text,
        required: period.required,
        heldWithQuorum: period.heldWithQuorum,
        scheduled: period.scheduled,
      };
      return writeConvenerAlert(
        manager,
        {
          kind: 'committee_at_risk',
          committee,
          meetingId: null,
          convenedByPersonId: null,
          day: localDateOf(this.clock.now(), committee.convention.timeZone),
          payload: { ...payload },
          dedupeKey: `at-risk:${committee.id}:${period.key}`,
          fallback: { email: sender.email, name: sender.name },
        },
        this.outbox,
      );
    });
    await this.queue.enqueueAfterCommit(written);
    return written.length;
  }
}
