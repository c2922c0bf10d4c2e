import { Body, Controller, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { MeetingsService } from './meetings.service';
import { MeetingRecordsService } from './meeting-records.service';
import { MeetingDocumentsService } from './meeting-documents.service';
import { ScheduleMeetingDto } from './dto/schedule-meeting.dto';
import { UpdateMeetingDto } from './dto/update-meeting.dto';
import { RescheduleMeetingDto } from './dto/reschedule-meeting.dto';
import { CancelMeetingDto } from './dto/cancel-meeting.dto';
import { RecordHeldDto } from './dto/record-held.dto';
import { MinutesDto } from './dto/minutes.dto';
import { AttachDocumentDto } from './dto/attach-document.dto';
import { ListMeetingsQuery } from './dto/list-meetings.query';
import { MeetingDocumentResponse, MeetingResponse, PrerequisitesResponse } from './dto/meeting.response';
import { AccessPolicy, CurrentPrincipal, Permission, Principal } from '../auth';
import { MeetingSearch } from './meeting-search';
import { SearchMeetingsQuery } from './dto/search-meetings.query';
import { MeetingPageResponse } from './dto/meeting-page.response';
import { IdParams } from '../common/validators';

const STALE = 'code stale_version (the version sent is not the current one) or meeting_<state> (not allowed in this state)';

@ApiTags('meetings')
@Controller()
export class MeetingsController {
  constructor(
    private readonly meetings: MeetingsService,
    private readonly records: MeetingRecordsService,
    private readonly documents: MeetingDocumentsService,
    private readonly search: MeetingSearch,
    private readonly policy: AccessPolicy,
  ) {}

  @Permission('meeting.read')
  @Get('meetings')
  @ApiOperation({ summary: "Meetings across committees, within the caller's scope: by convention, committee, state, convened or not, local days; paged" })
  @ApiOkResponse({ type: MeetingPageResponse })
  @ApiBadRequestResponse({ description: 'fields: [{path, code, message}]: a malformed filter, to before from, a page out of range' })
  searchMeetings(@Query() query: SearchMeetingsQuery, @CurrentPrincipal() principal: Principal): Promise<MeetingPageResponse> {
    return this.search.search(query, this.policy.visibleScope(principal.subject));
  }

  @Permission('meeting.schedule', { committee: 'param:id' })
  @Post('committees/:id/meetings')
  @ApiOperation({ summary: "Schedule a meeting; times are wall-clock times of the convention's zone unless they carry an offset" })
  @ApiCreatedResponse({ type: MeetingResponse })
  @ApiBadRequestResponse({ description: 'fields: [{path, code, message}], including a time skipped by the clocks going forward' })
  @ApiNotFoundResponse({ description: 'code committee_not_found or person_not_found (a guest)' })
  @ApiUnprocessableEntityResponse({ description: 'code notice_too_short (with earliestLawfulDate), outside_validity, guests_not_allowed, guest_is_member' })
  schedule(@Param() params: IdParams, @Body() dto: ScheduleMeetingDto): Promise<MeetingResponse> {
    return this.meetings.schedule(params.id, dto);
  }

  @Permission('meeting.read', { committee: 'param:id' })
  @Get('committees/:id/meetings')
  @ApiOperation({ summary: "A committee's meetings, by start; from and to are local days of the convention's zone" })
  @ApiOkResponse({ type: [MeetingResponse] })
  @ApiNotFoundResponse({ description: 'code committee_not_found' })
  list(@Param() params: IdParams, @Query() query: ListMeetingsQuery): Promise<MeetingResponse[]> {
    return this.meetings.list(params.id, query);
  }

  @Permission('meeting.read', { meeting: 'param:id' })
  @Get('meetings/:id')
  @ApiOperation({ summary: 'One meeting, its times shown in the convention’s zone' })
  @ApiOkResponse({ type: MeetingResponse })
  @ApiNotFoundResponse({ description: 'code meeting_not_found' })
  get(@Param() params: IdParams): Promise<MeetingResponse> {
    return this.meetings.get(params.id);
  }

  @Permission('meeting.schedule', { meeting: 'param:id' })
  @Patch('meetings/:id')
  @ApiOperation({ summary: 'Change kind, title, place, link, agenda or guests of a scheduled meeting (dates: reschedule)' })
  @ApiOkResponse({ type: MeetingResponse })
  @ApiConflictResponse({ description: STALE })
  update(@Param() params: IdParams, @Body() dto: UpdateMeetingDto): Promise<MeetingResponse> {
    return this.meetings.update(params.id, dto);
  }

  @Permission('meeting.schedule', { meeting: 'param:id' })
  @Post('meetings/:id/reschedule')
  @HttpCode(200)
  @ApiOperation({ summary: 'Move a scheduled meeting; the notice is checked again and the iCalendar sequence raised' })
  @ApiOkResponse({ type: MeetingResponse })
  @ApiConflictResponse({ description: STALE })
  @ApiUnprocessableEntityResponse({ description: 'code notice_too_short or outside_validity' })
  reschedule(@Param() params: IdParams, @Body() dto: RescheduleMeetingDto): Promise<MeetingResponse> {
    return this.meetings.reschedule(params.id, dto);
  }

  @Permission('meeting.schedule', { meeting: 'param:id' })
  @Post('meetings/:id/cancel')
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel a scheduled meeting, with the reason' })
  @ApiOkResponse({ type: MeetingResponse })
  @ApiConflictResponse({ description: STALE })
  cancel(@Param() params: IdParams, @Body() dto: CancelMeetingDto): Promise<MeetingResponse> {
    return this.meetings.cancel(params.id, dto);
  }

  @Permission('meeting.schedule', { meeting: 'param:id' })
  @Post('meetings/:id/held')
  @HttpCode(200)
  @ApiOperation({ summary: 'Record the meeting as held, with who came; the quorum is evaluated and stored (again on a correction)' })
  @ApiOkResponse({ type: MeetingResponse })
  @ApiConflictResponse({ description: STALE })
  @ApiUnprocessableEntityResponse({
    description: 'code meeting_not_started, not_a_member, not_the_substitute, representative_is_member, substitute_twice, proxies_not_allowed, proxy_holder_absent, guests_not_allowed…',
  })
  recordHeld(@Param() params: IdParams, @Body() dto: RecordHeldDto): Promise<MeetingResponse> {
    return this.records.recordHeld(params.id, dto);
  }

  @Permission('meeting.schedule', { meeting: 'param:id' })
  @Put('meetings/:id/minutes')
  @ApiOperation({ summary: 'Write the minutes and decisions of a held meeting' })
  @ApiOkResponse({ type: MeetingResponse })
  @ApiConflictResponse({ description: STALE })
  writeMinutes(@Param() params: IdParams, @Body() dto: MinutesDto): Promise<MeetingResponse> {
    return this.records.writeMinutes(params.id, dto);
  }

  @Permission('meeting.schedule', { meeting: 'param:id' })
  @Post('meetings/:id/documents')
  @ApiOperation({ summary: 'Attach a document; a prerequisite names the committee that sent it up' })
  @ApiCreatedResponse({ type: MeetingDocumentResponse })
  @ApiUnprocessableEntityResponse({ description: 'code not_a_prerequisite: the committee expects no documents from that one' })
  attach(@Param() params: IdParams, @Body() dto: AttachDocumentDto): Promise<MeetingDocumentResponse> {
    return this.documents.attach(params.id, dto);
  }

  @Permission('meeting.read', { meeting: 'param:id' })
  @Get('meetings/:id/documents')
  @ApiOperation({ summary: 'Documents attached to a meeting' })
  @ApiOkResponse({ type: [MeetingDocumentResponse] })
  listDocuments(@Param() params: IdParams): Promise<MeetingDocumentResponse[]> {
    return this.documents.list(params.id);
  }

  @Permission('meeting.read', { meeting: 'param:id' })
  @Get('meetings/:id/prerequisites')
  @ApiOperation({ summary: 'Whether the documents the committee needs beforehand have arrived, and which are missing' })
  @ApiOkResponse({ type: PrerequisitesResponse })
  prerequisites(@Param() params: IdParams): Promise<PrerequisitesResponse> {
    return this.documents.checkPrerequisites(params.id);
  }
}
