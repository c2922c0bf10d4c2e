import { Body, Controller, Get, Param, Post, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Request, Response } from 'express';
import { CurrentPrincipal, Principal, SignedIn } from '../auth';
import { DomainError } from '../common/domain-error';
import { IdParams } from '../common/validators';
import { CalendarFeedsService } from '../calendar-feeds/calendar-feeds.service';
import { CreateCalendarFeedDto } from '../calendar-feeds/dto/create-calendar-feed.dto';
import { CsrfGuard } from './csrf';
import { FormBody, readForm, textOf } from './forms';
import { FieldMessage } from './french-messages';
import { CALENDAR_FIELD, IssuedView, calendarFeedsView, createDtoOf, issuedView } from './calendar-feeds.view';
import { WebExceptionFilter } from './web-exception.filter';
import { WebPage } from './web-page';

const REFUSALS = ['invalid', 'forbidden', 'not_found'];

/**
 * « Mes calendriers »: the person's subscribable calendars (docs/calendar-feeds.md), made, given a
 * new address and deleted with plain forms. An address is shown once, on the page that answers
 * the form that made it: only a hash of it is kept, so it cannot travel through a redirect.
 */
@ApiExcludeController()
@Controller('mes-calendriers')
@UseGuards(CsrfGuard)
@UseFilters(WebExceptionFilter)
export class CalendarFeedsPageController {
  constructor(
    private readonly page: WebPage,
    private readonly feeds: CalendarFeedsService,
  ) {}

  @Get()
  @SignedIn()
  async list(@CurrentPrincipal() principal: Principal, @Req() request: Request, @Res() response: Response): Promise<void> {
    await this.show(principal, request, response, { choice: 'person', errors: [], issued: null, revoked: request.query.supprime === '1' }, 200);
  }

  @Post()
  @SignedIn()
  async create(@Body() body: FormBody, @CurrentPrincipal() principal: Principal, @Req() request: Request, @Res() response: Response): Promise<void> {
    const choice = textOf(body, CALENDAR_FIELD);
    try {
      const dto = await readForm(CreateCalendarFeedDto, createDtoOf(choice));
      const feed = await this.feeds.create(principal, dto);
      await this.show(principal, request, response, { choice: 'person', errors: [], issued: (overview) => issuedView(feed, overview, false), revoked: false }, 200);
    } catch (error) {
      if (!(error instanceof DomainError) || !REFUSALS.includes(error.kind)) throw error;
      const message =
        error.kind === 'forbidden'
          ? 'Ce calendrier est réservé aux personnes qui convoquent ce comité ou suivent cette convention.'
          : 'Choisissez un calendrier dans la liste.';
      await this.show(principal, request, response, { choice, errors: [{ field: CALENDAR_FIELD, message }], issued: null, revoked: false }, error.kind === 'forbidden' ? 403 : 400);
    }
  }

  @Post(':id/nouvelle-adresse')
  @SignedIn()
  async rotate(@Param() params: IdParams, @CurrentPrincipal() principal: Principal, @Req() request: Request, @Res() response: Response): Promise<void> {
    const feed = await this.feeds.rotate(principal, params.id);
    await this.show(principal, request, response, { choice: 'person', errors: [], issued: (overview) => issuedView(feed, overview, true), revoked: false }, 200);
  }

  @Post(':id/suppression')
  @SignedIn()
  async revoke(@Param() params: IdParams, @CurrentPrincipal() principal: Principal, @Res() response: Response): Promise<void> {
    await this.feeds.revoke(principal, params.id);
    this.page.redirect(response, '/mes-calendriers?supprime=1');
  }

  private async show(
    principal: Principal,
    request: Request,
    response: Response,
    form: { choice: string; errors: FieldMessage[]; issued: ((overview: Awaited<ReturnType<CalendarFeedsService['overview']>>) => IssuedView) | null; revoked: boolean },
    status: number,
  ): Promise<void> {
    const overview = await this.feeds.overview(principal);
    const view = calendarFeedsView(overview, { ...form, issued: form.issued ? form.issued(overview) : null });
    this.page.send(request, response, 'calendar-feeds', view, { title: `${form.errors.length ? 'Erreur – ' : ''}Mes calendriers`, section: 'my-calendars', status });
  }
}
