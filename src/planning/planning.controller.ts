import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Permission } from '../auth/permission.decorator';
import { PlanningQuery } from './dto/planning.query';
import { PlanningResponse } from './dto/planning.response';
import { PlanningService } from './planning.service';
import { IdParams } from '../common/validators';

@ApiTags('planning')
@Controller('committees/:id/planning')
export class PlanningController {
  constructor(private readonly planning: PlanningService) {}

  @Get()
  @Permission('meeting.schedule', { committee: 'param:id' })
  @ApiOperation({
    summary: 'Dates proposed for a civil or school year that meet the committee\'s frequency rule',
    description:
      'Working days of the territory, within the convention\'s validity, late enough for the notice from now, ' +
      'clear of the meetings its members hold on other committees. Nothing is written.',
  })
  @ApiOkResponse({ type: PlanningResponse })
  @ApiBadRequestResponse({ description: 'fields: [{path, code, message}] — a malformed id or year' })
  @ApiNotFoundResponse({ description: 'code committee_not_found' })
  plan(@Param() params: IdParams, @Query() query: PlanningQuery): Promise<PlanningResponse> {
    return this.planning.plan(params.id, query.year);
  }
}
