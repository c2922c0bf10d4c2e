import { Module } from '@nestjs/common';
import { ComplianceModule } from '../compliance/compliance.module';
import { CommitteesModule } from '../committees/committees.module';
import { MeetingsModule } from '../meetings/meetings.module';
import { PlanningModule } from '../planning/planning.module';
import { CommitteeOverviewService } from './committee-overview.service';
import { DashboardService } from './dashboard.service';
import { MeetingOverviewService } from './meeting-overview.service';
import { SecretariatOverviewService } from './secretariat-overview.service';
import { ScheduleCheckService } from './schedule-check.service';
import { ConventionOverviewService } from './convention-overview.service';
import { AuditTrailService } from './audit-trail.service';
import { KeptCompliance } from '../compliance/kept-compliance';
import { MeetingCalendarService } from './meeting-calendar.service';
import { MembershipEffectService } from './membership-effect.service';
import { AuditModule } from '../audit/audit.module';
import { ConventionsModule } from '../conventions/conventions.module';
import { DefinitionsModule } from '../definitions/definitions.module';

/** What a person's home page shows: their committees, their standing, what waits for them. */
@Module({
  imports: [AuditModule, ComplianceModule, CommitteesModule, ConventionsModule, DefinitionsModule, MeetingsModule, PlanningModule],
  providers: [KeptCompliance, DashboardService, CommitteeOverviewService, MeetingOverviewService, SecretariatOverviewService, ConventionOverviewService, AuditTrailService, ScheduleCheckService, MeetingCalendarService, MembershipEffectService],
  exports: [DashboardService, CommitteeOverviewService, MeetingOverviewService, SecretariatOverviewService, ConventionOverviewService, AuditTrailService, ScheduleCheckService, MeetingCalendarService, MembershipEffectService],
})
export class DashboardModule {}
