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
import { ReconveningService } from './reconvening.service';
import { ReconveneDto } from './dto/reconvene.dto';
import { ReconveningResponse } from './dto/reconvening.response';
import { MinutesService } from './minutes.service';
import { MinutesStatusResponse } from './dto/minutes-status.response';
import { MinutesObjectionDto } from './dto/minutes-objection.dto';
import { EventDeadlinesService } from './event-deadlines.service';
import { EventDeadlineResponse } from './dto/event-deadline.response';
import { RecordEventDto } from './dto/record-event.dto';
import { ConveningRequestsService } from './convening-requests.service';
import { ConveningRequestDto } from './dto/convening-request.dto';
import { ConveningRequestResponse } from './dto/convening-request.response';
import { ChairService } from './chair.service';
import { SittingChairResponse } from './dto/chair.response';
import { AccessPolicy, CurrentPrincipal, Permission, Principal } from '../auth';
import { MeetingSearch } from './meeting-search';
import { SearchMeetingsQuery } from './dto/search-meetings.query';
import { MeetingPageResponse } from './dto/meeting-page.response';
import { IdParams } from '../common/validators';
import { KeepResponse } from '../common/keep-response.interceptor';

const STALE = 'code stale_version (the version sent is not the current one) or meeting_<state> (not allowed in this state)';

@ApiTags('meetings')
@Controller()
export class MeetingsController {
  constructor(
    private readonly meetings: MeetingsService,
    private readonly records: MeetingRecordsService,
    private readonly documents: MeetingDocumentsService,
    private readonly reconvening: ReconveningService,
    private readonly minutes: MinutesService,
    private readonly events: EventDeadlinesService,
    private readonly requests: ConveningRequestsService,
    private readonly chairs: ChairService,
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
  @Post('committees/:id/requests')
  @ApiOperation({ summary: 'Record a request for a sitting (« à la demande du tiers de ses membres »), checked against who may ask; gives the last day to convene' })
  @ApiCreatedResponse({ type: ConveningRequestResponse })
  @ApiUnprocessableEntityResponse({ description: 'code requests_not_provided, request_not_admissible (with required and reasons)' })
  recordRequest(@Param() params: IdParams, @Body() dto: ConveningRequestDto): Promise<ConveningRequestResponse> {
    return this.requests.record(params.id, dto);
  }

  @Permission('meeting.read', { committee: 'param:id' })
  @Get('committees/:id/requests')
  @ApiOperation({ summary: "The committee's requests for a sitting, each with its last day to convene, warning and status" })
  @ApiOkResponse({ type: [ConveningRequestResponse] })
  listRequests(@Param() params: IdParams): Promise<ConveningRequestResponse[]> {
    return this.requests.list(params.id);
  }

  @Permission('meeting.schedule', { committee: 'param:id' })
  @Post('committees/:id/events')
  @ApiOperation({ summary: "Record an event the committee's sittings are counted from (« la proclamation des résultats des élections »), with its local day" })
  @ApiCreatedResponse({ type: [EventDeadlineResponse], description: 'The sitting it calls for' })
  @ApiUnprocessableEntityResponse({ description: 'code unknown_event (with events: the ones the rules name)' })
  recordEvent(@Param() params: IdParams, @Body() dto: RecordEventDto): Promise<EventDeadlineResponse[]> {
    return this.events.record(params.id, dto);
  }

  @Permission('meeting.read', { committee: 'param:id' })
  @Get('committees/:id/deadlines')
  @ApiOperation({ summary: 'The sittings due after events (recorded ones, and every 1 September for school_year_start) within about a year of today, each met, pending, at risk or missed' })
  @ApiOkResponse({ type: [EventDeadlineResponse] })
  deadlines(@Param() params: IdParams): Promise<EventDeadlineResponse[]> {
    return this.events.deadlines(params.id);
  }

  @Permission('meeting.read', { meeting: 'param:id' })
  @Get('meetings/:id/chair')
  @ApiOperation({ summary: "Who chairs the sitting when the committee's chair rotates among parties or seats (sitting after sitting, or year after year), with the reason" })
  @ApiOkResponse({ type: SittingChairResponse })
  chair(@Param() params: IdParams): Promise<SittingChairResponse> {
    return this.chairs.chairOf(params.id);
  }

  @Permission('meeting.read', { meeting: 'param:id' })
  @Get('meetings/:id/minutes/status')
  @ApiOperation({ summary: "Where the sitting's minutes stand under the committee's minutes rule: due day, writer in turn, sending, approval (tacit included), lateness" })
  @ApiOkResponse({ type: MinutesStatusResponse })
  @ApiConflictResponse({ description: 'code meeting_not_held' })
  @ApiUnprocessableEntityResponse({ description: 'code no_minutes_rule' })
  minutesStatus(@Param() params: IdParams): Promise<MinutesStatusResponse> {
    return this.minutes.status(params.id);
  }

  @Permission('meeting.schedule', { meeting: 'param:id' })
  @Post('meetings/:id/minutes/submit')
  @HttpCode(200)
  @ApiOperation({ summary: 'Record that the written minutes were sent to the members for approval' })
  @ApiOkResponse({ type: MinutesStatusResponse })
  @ApiConflictResponse({ description: 'code minutes_not_written, meeting_not_held' })
  @ApiUnprocessableEntityResponse({ description: 'code no_minutes_rule, minutes_approval_not_provided' })
  submitMinutes(@Param() params: IdParams): Promise<MinutesStatusResponse> {
    return this.minutes.submit(params.id);
  }

  @Permission('meeting.schedule', { meeting: 'param:id' })
  @Post('meetings/:id/minutes/approve')
  @HttpCode(200)
  @ApiOperation({ summary: 'Record that the committee approved the minutes' })
  @ApiOkResponse({ type: MinutesStatusResponse })
  @ApiConflictResponse({ description: 'code minutes_not_submitted, meeting_not_held' })
  approveMinutes(@Param() params: IdParams): Promise<MinutesStatusResponse> {
    return this.minutes.approve(params.id);
  }

  @Permission('meeting.schedule', { meeting: 'param:id' })
  @Post('meetings/:id/minutes/objection')
  @HttpCode(200)
  @ApiOperation({ summary: "Record a member's objection to the minutes sent: no tacit approval then" })
  @ApiOkResponse({ type: MinutesStatusResponse })
  @ApiConflictResponse({ description: 'code minutes_not_submitted, minutes_approved, meeting_not_held' })
  objectToMinutes(@Param() params: IdParams, @Body() dto: MinutesObjectionDto): Promise<MinutesStatusResponse> {
    return this.minutes.object(params.id, dto);
  }

  @Permission('meeting.read', { meeting: 'param:id' })
  @Get('meetings/:id/reconvening')
  @ApiOperation({ summary: 'For a sitting held without its quorum: whether, between which days and on which proposed day a second sitting may be held, with its notice and quorum' })
  @ApiOkResponse({ type: ReconveningResponse })
  @ApiNotFoundResponse({ description: 'code meeting_not_found' })
  reconveningOf(@Param() params: IdParams): Promise<ReconveningResponse> {
    return this.reconvening.of(params.id);
  }

  @Permission('meeting.schedule', { meeting: 'param:id' })
  @Post('meetings/:id/reconvene')
  @ApiOperation({ summary: 'Schedule the second sitting after a failed quorum, on the same agenda: on the proposed day at the same hours, or at start and end' })
  @ApiCreatedResponse({ type: ReconveningResponse })
  @ApiConflictResponse({ description: 'code already_reconvened' })
  @ApiUnprocessableEntityResponse({ description: 'code reconvening_not_allowed, outside_reconvening_window (with window), notice_too_short, outside_validity' })
  reconvene(@Param() params: IdParams, @Body() dto: ReconveneDto): Promise<ReconveningResponse> {
    return this.reconvening.reconvene(params.id, dto);
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
  @KeepResponse()
  @Get('committees/:id/meetings')
  @ApiOperation({ summary: "A committee's meetings, by start; from and to are local days of the convention's zone" })
  @ApiOkResponse({ type: [MeetingResponse] })
  @ApiNotFoundResponse({ description: 'code committee_not_found' })
  list(@Param() params: IdParams, @Query() query: ListMeetingsQuery): Promise<MeetingResponse[]> {
    return this.meetings.list(params.id, query);
  }

  @Permission('meeting.read', { meeting: 'param:id' })
  @KeepResponse()
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
    description: 'code meeting_not_started, not_a_member, not_the_substitute, representative_is_member, not_an_allowed_representative, substitute_twice, proxies_not_allowed, proxy_holder_absent, guests_not_allowed…',
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
