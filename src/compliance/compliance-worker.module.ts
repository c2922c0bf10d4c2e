import { Module } from '@nestjs/common';
import { ComplianceModule } from './compliance.module';
import { ComplianceWorkers } from './compliance-workers';
import { DayStandingsJob } from './day-standings.job';

/** Compliance in the worker: the day's standings computed and stored ahead of the day's first report. */
@Module({
  imports: [ComplianceModule],
  providers: [DayStandingsJob, ComplianceWorkers],
  exports: [DayStandingsJob],
})
export class ComplianceWorkerModule {}
