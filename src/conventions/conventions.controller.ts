import { Controller, Delete, Get, HttpCode, Param, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { ConventionsService } from './conventions.service';
import { ListConventionsQuery } from './dto/list-conventions.query';
import { ConventionDetailResponse, ConventionSummaryResponse } from './dto/convention.response';
import { CommitteeSummaryResponse } from '../committees/dto/committee-summary.response';
import { AccessPolicy, CurrentPrincipal, Permission, Principal } from '../auth';

const ID_OR_REFERENCE = {
  name: 'idOrReference',
  description: 'The convention\'s id, or its reference (e.g. grenoble-crets-en-belledonne-2016)',
};

@ApiTags('conventions')
@Controller('conventions')
export class ConventionsController {
  constructor(
    private readonly conventions: ConventionsService,
    private readonly policy: AccessPolicy,
  ) {}

  @Permission('registry.read')
  @Get()
  @ApiOperation({ summary: 'List conventions, optionally those whose title or reference contains q' })
  @ApiOkResponse({ type: [ConventionSummaryResponse] })
  @ApiBadRequestResponse({ description: 'q is empty' })
  list(@Query() query: ListConventionsQuery, @CurrentPrincipal() principal: Principal): Promise<ConventionSummaryResponse[]> {
    return this.conventions.list(query, this.policy.visibleScope(principal.subject));
  }

  @Permission('registry.read', { conventionIdOrReference: 'param:idOrReference' })
  @Get(':idOrReference')
  @ApiOperation({ summary: 'A convention with its parties, schools covered, amendments and committees' })
  @ApiParam(ID_OR_REFERENCE)
  @ApiOkResponse({ type: ConventionDetailResponse })
  @ApiNotFoundResponse({ description: 'code convention_not_found' })
  get(@Param('idOrReference') idOrReference: string): Promise<ConventionDetailResponse> {
    return this.conventions.get(idOrReference);
  }

  @Permission('registry.read', { conventionIdOrReference: 'param:idOrReference' })
  @Get(':idOrReference/committees')
  @ApiOperation({ summary: 'The committees of a convention' })
  @ApiParam(ID_OR_REFERENCE)
  @ApiOkResponse({ type: [CommitteeSummaryResponse] })
  @ApiNotFoundResponse({ description: 'code convention_not_found' })
  committees(@Param('idOrReference') idOrReference: string): Promise<CommitteeSummaryResponse[]> {
    return this.conventions.committeesOf(idOrReference);
  }

  @Permission('convention.manage', { conventionIdOrReference: 'param:idOrReference' })
  @Delete(':idOrReference')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a convention with its committees, seats and memberships' })
  @ApiParam(ID_OR_REFERENCE)
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiNotFoundResponse({ description: 'code convention_not_found' })
  async remove(@Param('idOrReference') idOrReference: string): Promise<void> {
    await this.conventions.remove(idOrReference);
  }
}
