import { Controller, Get, Inject, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Request, Response } from 'express';
import { CurrentPrincipal, Permission, Principal } from '../auth';
import { APP_CONFIG } from '../config/config.module';
import { AppConfig } from '../config/app-config';
import { Clock } from '../common/clock';
import { CALENDAR_LIST_SIZE, CALENDAR_MONTH_SIZE, MeetingCalendarService } from '../dashboard/meeting-calendar.service';
import { localDateOf } from '../rules/local-date';
import { calendarView, readCalendarQuery } from './calendar.view';
import { CsrfGuard } from './csrf';
import { WebExceptionFilter } from './web-exception.filter';
import { WebPage } from './web-page';

/** « Calendrier des réunions »: the meetings one may read, by month (a grid) or as a list, filtered by a GET form. */
@ApiExcludeController()
@Controller('calendrier')
@UseGuards(CsrfGuard)
@UseFilters(WebExceptionFilter)
export class CalendarPageController {
  constructor(
    private readonly page: WebPage,
    private readonly calendar: MeetingCalendarService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Anyone signed in may ask, as on GET /meetings: each sees the meetings of the committees they may read. */
  @Get()
  @Permission('registry.read')
  async show(@Query() query: Record<string, unknown>, @CurrentPrincipal() principal: Principal, @Req() request: Request, @Res() response: Response): Promise<void> {
    // This month as the organization's own zone counts it (that of its daily checks).
    const { values, first, filters, errors } = readCalendarQuery(query, localDateOf(this.clock.now(), this.config.convocations.dailyCheckTimeZone));
    const list = values.vue === 'liste';
    const calendar = await this.calendar.month(principal.subject, first, errors.length ? {} : filters, list ? values.page : 1, list ? CALENDAR_LIST_SIZE : CALENDAR_MONTH_SIZE);
    const view = calendarView(calendar, values, errors);
    this.page.send(request, response, 'calendar', view, {
      title: `${errors.length ? 'Erreur – ' : ''}Calendrier des réunions – ${view.month}`,
      section: 'calendar',
      status: errors.length ? 400 : 200,
    });
  }
}
