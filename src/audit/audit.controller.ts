import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Permission } from '../auth/permission.decorator';
import { AuditService } from './audit.service';
import { AuditPageQuery } from './dto/audit-page.query';
import { AuditPageResponse } from './dto/audit-entry.response';
import { IdParams } from '../common/validators';

/** The trail is read-only through the API: no route changes or deletes an entry. */
@ApiTags('audit')
@Controller()
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get('conventions/:id/audit')
  @Permission('audit.read', { convention: 'param:id' })
  @ApiOperation({ summary: 'Changes to a convention and everything in it, newest first' })
  @ApiOkResponse({ type: AuditPageResponse })
  @ApiBadRequestResponse({ description: 'The id is not a uuid, or the page is malformed' })
  @ApiForbiddenResponse({ description: 'Needs audit.read on the convention' })
  forConvention(@Param() params: IdParams, @Query() query: AuditPageQuery): Promise<AuditPageResponse> {
    return this.audit.list('conventionId', params.id, query);
  }

  @Get('committees/:id/audit')
  @Permission('audit.read', { committee: 'param:id' })
  @ApiOperation({ summary: 'Changes to a committee, its seats, memberships and meetings, newest first' })
  @ApiOkResponse({ type: AuditPageResponse })
  @ApiBadRequestResponse({ description: 'The id is not a uuid, or the page is malformed' })
  @ApiForbiddenResponse({ description: 'Needs audit.read on the committee' })
  forCommittee(@Param() params: IdParams, @Query() query: AuditPageQuery): Promise<AuditPageResponse> {
    return this.audit.list('committeeId', params.id, query);
  }

  @Get('meetings/:id/audit')
  @Permission('audit.read', { meeting: 'param:id' })
  @ApiOperation({ summary: 'Changes to a meeting, its agenda, attendance and guests, newest first' })
  @ApiOkResponse({ type: AuditPageResponse })
  @ApiBadRequestResponse({ description: 'The id is not a uuid, or the page is malformed' })
  @ApiForbiddenResponse({ description: 'Needs audit.read on the meeting' })
  forMeeting(@Param() params: IdParams, @Query() query: AuditPageQuery): Promise<AuditPageResponse> {
    return this.audit.list('meetingId', params.id, query);
  }
}
