import { Controller, Get, Param, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Request, Response } from 'express';
import { Permission } from '../auth';
import { IdParams } from '../common/validators';
import { AuditSubject, AuditTrailService } from '../dashboard/audit-trail.service';
import { auditView } from './audit.view';
import { CsrfGuard } from './csrf';
import { WebExceptionFilter } from './web-exception.filter';
import { WebPage } from './web-page';

/** The most pages a trail is read through; the API's page cap. */
const MAX_PAGE = 10_000;

function pageOf(query: Record<string, unknown>): number {
  const page = typeof query.page === 'string' && /^\d{1,5}$/.test(query.page) ? Number(query.page) : 1;
  return Math.min(Math.max(page, 1), MAX_PAGE);
}

/** « Historique »: the audit trail of a convention, a committee, a meeting — who, when, what, before → after. */
@ApiExcludeController()
@Controller()
@UseGuards(CsrfGuard)
@UseFilters(WebExceptionFilter)
export class AuditPageController {
  constructor(
    private readonly page: WebPage,
    private readonly trails: AuditTrailService,
  ) {}

  @Get('suivi/conventions/:reference/historique')
  @Permission('audit.read', { conventionReference: 'param:reference' })
  async convention(@Param('reference') reference: string, @Query() query: Record<string, unknown>, @Req() request: Request, @Res() response: Response): Promise<void> {
    await this.show('convention', reference, pageOf(query), request, response);
  }

  @Get('comites/:id/historique')
  @Permission('audit.read', { committee: 'param:id' })
  async committee(@Param() params: IdParams, @Query() query: Record<string, unknown>, @Req() request: Request, @Res() response: Response): Promise<void> {
    await this.show('committee', params.id, pageOf(query), request, response);
  }

  @Get('reunions/:id/historique')
  @Permission('audit.read', { meeting: 'param:id' })
  async meeting(@Param() params: IdParams, @Query() query: Record<string, unknown>, @Req() request: Request, @Res() response: Response): Promise<void> {
    await this.show('meeting', params.id, pageOf(query), request, response);
  }

  private async show(kind: Exclude<AuditSubject['kind'], 'person'>, id: string, page: number, request: Request, response: Response): Promise<void> {
    const { subject, entries } = await this.trails.of(kind, id, page);
    const view = auditView(subject, entries);
    this.page.send(request, response, 'audit', view, { title: `Historique – ${view.subject.name}`, section: kind === 'convention' ? 'conventions' : 'home' });
  }
}
