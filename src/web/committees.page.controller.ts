import { Controller, Get, Param, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Request, Response } from 'express';
import { CurrentPrincipal, Permission, Principal } from '../auth';
import { IdParams } from '../common/validators';
import { CommitteeOverviewService } from '../dashboard/committee-overview.service';
import { committeeView, proposedDatesView } from './committee.view';
import { CsrfGuard } from './csrf';
import { WebExceptionFilter } from './web-exception.filter';
import { WebPage } from './web-page';

/** A committee's page: its rules, seats, meetings, periods and proposed dates. */
@ApiExcludeController()
@Controller('comites')
@UseGuards(CsrfGuard)
@UseFilters(WebExceptionFilter)
export class CommitteesPageController {
  constructor(
    private readonly page: WebPage,
    private readonly overview: CommitteeOverviewService,
  ) {}

  @Get(':id')
  @Permission('registry.read', { committee: 'param:id' })
  async committee(@Param() params: IdParams, @CurrentPrincipal() principal: Principal, @Req() request: Request, @Res() response: Response): Promise<void> {
    await this.page.sendKept(request, response, async () => {
      const view = committeeView(await this.overview.of(params.id, principal.subject));
      return { page: 'committee', variables: view, options: { title: view.name, section: 'home' } };
    });
  }

  @Get(':id/dates-proposees')
  @Permission('meeting.schedule', { committee: 'param:id' })
  async proposedDates(@Param() params: IdParams, @Req() request: Request, @Res() response: Response): Promise<void> {
    const view = proposedDatesView(await this.overview.proposedDates(params.id));
    this.page.send(request, response, 'committee-dates', view, { title: `Dates proposées – ${view.committee.name}`, section: 'home' });
  }
}
