import { Controller, Get, Param, Query, Req } from '@nestjs/common';
import { Request } from 'express';
import { AccessPolicy } from '../auth/access-policy';
import { Permission } from '../auth/permission.decorator';
import { principalOf } from '../auth/principal';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ComplianceService } from './compliance.service';
import { ConventionRefParams } from './dto/convention-ref.params';
import { CommitteeComplianceQuery } from './dto/committee-compliance.query';
import { ListComplianceQuery } from './dto/list-compliance.query';
import { CommitteeComplianceResponse, ComplianceListResponse, ConventionComplianceResponse } from './dto/compliance.response';
import { IdParams } from '../common/validators';
import { KeepResponse } from '../common/keep-response.interceptor';

/** Pure: deciding who sees which committee needs no request-scoped state. */
const POLICY = new AccessPolicy();

@ApiTags('compliance')
@Controller()
@KeepResponse()
export class ComplianceController {
  constructor(private readonly compliance: ComplianceService) {}

  @Get('committees/:id/compliance')
  @Permission('meeting.read', { committee: 'param:id' })
  @ApiOperation({
    summary: 'A committee\'s periods and whether each met its frequency rule',
    description: 'By default the current period and the previous ones within the convention\'s validity.',
  })
  @ApiOkResponse({ type: CommitteeComplianceResponse })
  @ApiBadRequestResponse({ description: 'fields: [{path, code, message}] — a malformed id, from or to' })
  @ApiNotFoundResponse({ description: 'code committee_not_found' })
  committee(@Param() params: IdParams, @Query() query: CommitteeComplianceQuery): Promise<CommitteeComplianceResponse> {
    return this.compliance.committeeCompliance(params.id, query);
  }

  @Get('conventions/:idOrReference/compliance')
  @Permission('meeting.read', { conventionIdOrReference: 'param:idOrReference' })
  @ApiOperation({ summary: 'Each committee of a convention: its standing and its periods' })
  @ApiOkResponse({ type: ConventionComplianceResponse })
  @ApiNotFoundResponse({ description: 'code convention_not_found' })
  convention(@Param() params: ConventionRefParams): Promise<ConventionComplianceResponse> {
    return this.compliance.conventionCompliance(params.idOrReference);
  }

  @Get('compliance')
  @Permission('meeting.read')
  @ApiOperation({
    summary: 'Committees of the conventions in force, by standing: which ones are behind their obligations',
    description:
      'A standing is the worse of the current period and the last due period ended. Worst first, then by convention ' +
      'and committee. Each person sees the committees they may read.',
  })
  @ApiOkResponse({ type: ComplianceListResponse })
  @ApiBadRequestResponse({ description: 'fields: [{path, code, message}] — e.g. an unknown status' })
  list(@Query() query: ListComplianceQuery, @Req() request: Request): Promise<ComplianceListResponse> {
    // Anyone signed in may ask; each sees the committees they could read one by one.
    const principal = principalOf(request);
    const visible = principal
      ? (conventionId: string, committeeId: string) => POLICY.decide(principal.subject, 'meeting.read', { conventionId, committeeId }).allowed
      : undefined;
    return this.compliance.list(query, visible);
  }
}
