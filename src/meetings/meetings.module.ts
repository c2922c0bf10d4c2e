import { Module } from '@nestjs/common';
import { MeetingsController } from './meetings.controller';
import { CommitteeReportsController } from './committee-reports.controller';
import { MeetingsCoreModule } from './meetings-core.module';

/** Meetings of committees under their conventions' rules, their records, and the committees' reports: the API's routes over MeetingsCoreModule. */
@Module({
  imports: [MeetingsCoreModule],
  controllers: [MeetingsController, CommitteeReportsController],
  exports: [MeetingsCoreModule],
})
export class MeetingsModule {}
