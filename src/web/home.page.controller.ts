import { Controller, Get, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Request, Response } from 'express';
import { CurrentPrincipal, Principal, SignedIn } from '../auth';
import { DashboardService } from '../dashboard/dashboard.service';
import { CsrfGuard } from './csrf';
import { homeView } from './home.view';
import { WebExceptionFilter } from './web-exception.filter';
import { WebPage } from './web-page';

/** « Mes comités »: the home page of whoever signs in. */
@ApiExcludeController()
@Controller()
@UseGuards(CsrfGuard)
@UseFilters(WebExceptionFilter)
export class HomePageController {
  constructor(
    private readonly page: WebPage,
    private readonly dashboard: DashboardService,
  ) {}

  @Get()
  @SignedIn()
  async home(@CurrentPrincipal() principal: Principal, @Req() request: Request, @Res() response: Response): Promise<void> {
    await this.page.sendKept(request, response, async () => ({
      page: 'home',
      variables: { ...homeView(await this.dashboard.of(principal.subject)), firstName: principal.person.fullName },
      options: { title: 'Mes comités', section: 'home' },
    }));
  }
}
