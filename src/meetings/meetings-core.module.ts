import { Module } from '@nestjs/common';
import { MeetingsService } from './meetings.service';
import { MeetingRecordsService } from './meeting-records.service';
import { MeetingDocumentsService } from './meeting-documents.service';
import { CommitteeReportsService } from './committee-reports.service';
import { MeetingSearch } from './meeting-search';
import { ReconveningService } from './reconvening.service';
import { MinutesService } from './minutes.service';
import { EventDeadlinesService } from './event-deadlines.service';
import { ConveningRequestsService } from './convening-requests.service';
import { ChairService } from './chair.service';

/**
 * The meetings' services without their HTTP routes: the worker imports this one, since its
 * controllers ask the AccessPolicy, which only the API process provides.
 */
@Module({
  providers: [
    MeetingsService,
    MeetingRecordsService,
    MeetingDocumentsService,
    CommitteeReportsService,
    MeetingSearch,
    ReconveningService,
    MinutesService,
    EventDeadlinesService,
    ConveningRequestsService,
    ChairService,
  ],
  exports: [
    MeetingsService,
    MeetingDocumentsService,
    MeetingRecordsService,
    CommitteeReportsService,
    MeetingSearch,
    ReconveningService,
    MinutesService,
    EventDeadlinesService,
    ConveningRequestsService,
    ChairService,
  ],
})
export class MeetingsCoreModule {}
