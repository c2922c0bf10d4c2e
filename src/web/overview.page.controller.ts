import { Controller, Get, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Request, Response } from 'express';
import { CurrentPrincipal, Permission, Principal } from '../auth';
import { OVERVIEW_PAGE_SIZE, SecretariatOverviewService, YEAR_PAGE_SIZE } from '../dashboard/secretariat-overview.service';
import { CsrfGuard } from './csrf';
import { overviewCsv, overviewView, readOverviewQuery, yearView } from './overview.view';
import { WebExceptionFilter } from './web-exception.filter';
import { WebPage } from './web-page';

/**
 * « Suivi des comités »: the overview of a secretariat (its conventions) and of the académie
 * (every convention), as a table or a year, filtered by a GET form, and its export.
 */
@ApiExcludeController()
@Controller('suivi')
@UseGuards(CsrfGuard)
@UseFilters(WebExceptionFilter)
export class OverviewPageController {
  constructor(
    private readonly page: WebPage,
    private readonly overview: SecretariatOverviewService,
  ) {}

  /** Anyone signed in may ask, as on GET /compliance: each sees the committees they may read. */
  @Get()
  @Permission('registry.read')
  async show(@Query() query: Record<string, unknown>, @CurrentPrincipal() principal: Principal, @Req() request: Request, @Res() response: Response): Promise<void> {
    const { values, filters, errors } = readOverviewQuery(query);
    const year = values.vue === 'annee';
    const overview = await this.overview.overview(principal.subject, errors.length ? {} : filters, values.page, year ? YEAR_PAGE_SIZE : OVERVIEW_PAGE_SIZE);
    const view = overviewView(overview, values, errors);
    const yearPart = year ? yearView(await this.overview.year(overview.rows)) : null;
    this.page.send(request, response, 'overview', { ...view, yearView: yearPart }, {
      title: `${errors.length ? 'Erreur – ' : ''}Suivi des comités`,
      section: 'overview',
      status: errors.length ? 400 : 200,
    });
  }

  @Get('export.csv')
  @Permission('registry.read')
  async export(@Query() query: Record<string, unknown>, @CurrentPrincipal() principal: Principal, @Req() request: Request, @Res() response: Response): Promise<void> {
    const { filters, errors } = readOverviewQuery(query);
    if (errors.length) {
      const overview = await this.overview.overview(principal.subject, {}, 1);
      const { values } = readOverviewQuery(query);
      this.page.send(request, response, 'overview', { ...overviewView(overview, values, errors), yearView: null }, { title: 'Erreur – Suivi des comités', section: 'overview', status: 400 });
      return;
    }
    const { rows } = await this.overview.rows(principal.subject, filters);
    response.setHeader('Content-Type', 'text/csv; charset=utf-8');
    response.setHeader('Content-Disposition', 'attachment; filename="suivi-des-comites.csv"');
    response.setHeader('Cache-Control', 'no-store');
    response.send(Buffer.from(overviewCsv(rows), 'utf8'));
  }
}
