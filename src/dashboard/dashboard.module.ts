import { Module } from '@nestjs/common';
import { ComplianceModule } from '../compliance/compliance.module';
import { CommitteesModule } from '../committees/committees.module';
import { MeetingsModule } from '../meetings/meetings.module';
import { PlanningModule } from '../planning/planning.module';
import { CommitteeOverviewService } from './committee-overview.service';
import { DashboardService } from './dashboard.service';
import { MeetingOverviewService } from './meeting-overview.service';
import { SecretariatOverviewService } from './secretariat-overview.service';

/** What a person's home page shows: their committees, their standing, what waits for them. */
@Module({
  imports: [ComplianceModule, CommitteesModule, MeetingsModule, PlanningModule],
  providers: [DashboardService, CommitteeOverviewService, MeetingOverviewService, SecretariatOverviewService],
  exports: [DashboardService, CommitteeOverviewService, MeetingOverviewService, SecretariatOverviewService],
})
export class DashboardModule {}
