import { Module } from '@nestjs/common';
import { MeetingsService } from './meetings.service';
import { MeetingRecordsService } from './meeting-records.service';
import { MeetingDocumentsService } from './meeting-documents.service';
import { CommitteeReportsService } from './committee-reports.service';
import { MeetingSearch } from './meeting-search';

/**
 * The meetings' services without their HTTP routes: the worker imports this one, since its
 * controllers ask the AccessPolicy, which only the API process provides.
 */
@Module({
  providers: [MeetingsService, MeetingRecordsService, MeetingDocumentsService, CommitteeReportsService, MeetingSearch],
  exports: [MeetingsService, MeetingDocumentsService, MeetingRecordsService, CommitteeReportsService, MeetingSearch],
})
export class MeetingsCoreModule {}
