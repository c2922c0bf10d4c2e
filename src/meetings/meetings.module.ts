import { Module } from '@nestjs/common';
import { MeetingsController } from './meetings.controller';
import { CommitteeReportsController } from './committee-reports.controller';
import { MeetingsService } from './meetings.service';
import { MeetingRecordsService } from './meeting-records.service';
import { MeetingDocumentsService } from './meeting-documents.service';
import { CommitteeReportsService } from './committee-reports.service';
import { MeetingSearch } from './meeting-search';

/** Meetings of committees under their conventions' rules, their records, and the committees' reports. */
@Module({
  controllers: [MeetingsController, CommitteeReportsController],
  providers: [MeetingsService, MeetingRecordsService, MeetingDocumentsService, CommitteeReportsService, MeetingSearch],
  exports: [MeetingsService, MeetingDocumentsService, MeetingRecordsService],
})
export class MeetingsModule {}
