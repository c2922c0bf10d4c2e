import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CommitteesService } from './committees.service';
import { DEFAULT_COMMITTEES_PAGE_SIZE, ListCommitteesQuery } from './dto/list-committees.query';
import { CommitteeDetailQuery } from './dto/committee-detail.query';
import { CommitteeSummaryResponse } from './dto/committee-summary.response';
import { CommitteeDetailResponse } from './dto/committee-detail.response';
import { AccessPolicy, CurrentPrincipal, Permission, Principal } from '../auth';
import { IdParams } from '../common/validators';
import { KeepResponse } from '../common/keep-response.interceptor';

@ApiTags('committees')
@Controller('committees')
export class CommitteesController {
  constructor(
    private readonly committees: CommitteesService,
    private readonly policy: AccessPolicy,
  ) {}

  @Permission('registry.read')
  @KeepResponse()
  @Get()
  @ApiOperation({ summary: 'List committees, by convention, kind, scope, school or circonscription' })
  @ApiOkResponse({
    type: [CommitteeSummaryResponse],
    description: 'One page, by convention, kind and key',
    headers: { 'X-Total-Count': { description: 'How many committees match, all pages together', schema: { type: 'integer' } } },
  })
  @ApiBadRequestResponse({ description: 'A filter or the page is malformed (fields names it)' })
  async list(
    @Query() query: ListCommitteesQuery,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CommitteeSummaryResponse[]> {
    const { items, total } = await this.committees.summaryPage(
      { ...query, pageSize: query.pageSize ?? DEFAULT_COMMITTEES_PAGE_SIZE },
      this.policy.visibleScope(principal.subject),
    );
    response.setHeader('X-Total-Count', String(total));
    return items;
  }

  @Permission('registry.read', { committee: 'param:id' })
  @KeepResponse()
  @Get(':id')
  @ApiOperation({ summary: 'A committee: its rules, its seats and who holds them on a day (today by default)' })
  @ApiOkResponse({ type: CommitteeDetailResponse })
  @ApiBadRequestResponse({ description: 'The id is not a uuid, or on is not a date' })
  @ApiNotFoundResponse({ description: 'code committee_not_found' })
  get(@Param() params: IdParams, @Query() query: CommitteeDetailQuery): Promise<CommitteeDetailResponse> {
    return this.committees.detail(params.id, query.on);
  }
}
