import { Module } from '@nestjs/common';
import { ComplianceModule } from '../compliance/compliance.module';
import { DashboardService } from './dashboard.service';

/** What a person's home page shows: their committees, their standing, what waits for them. */
@Module({
  imports: [ComplianceModule],
  providers: [DashboardService],
  exports: [DashboardService],
})
export class DashboardModule {}
