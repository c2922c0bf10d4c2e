import { Body, Controller, Get, Param, Post, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Request, Response } from 'express';
import { Permission } from '../auth';
import { DomainError } from '../common/domain-error';
import { IdParams } from '../common/validators';
import { CommitteeOverviewService, SchedulingContext } from '../dashboard/committee-overview.service';
import { MeetingsService } from '../meetings/meetings.service';
import { ScheduleMeetingDto } from '../meetings/dto/schedule-meeting.dto';
import { CsrfGuard } from './csrf';
import { FormBody, readForm } from './forms';
import { FieldMessage, formErrors } from './french-messages';
import { frenchZoneName } from '../common/french-time';
import { dayText, titleText } from './french-text';
import { MeetingFormValues, emptyMeetingForm, meetingFieldOf, meetingFormValues, scheduleBody, withMeetingWords } from './meeting-form';
import { WebExceptionFilter } from './web-exception.filter';
import { WebPage } from './web-page';
import { ScheduleCheckService } from '../dashboard/schedule-check.service';
import { TemplateRenderer } from '../templates/template-renderer';
import { scheduleCheckView } from './schedule-check.view';

/** Scheduling a committee's meeting: the form, and its refusals in French beside each field. */
@ApiExcludeController()
@Controller('comites/:id/reunions')
@UseGuards(CsrfGuard)
@UseFilters(WebExceptionFilter)
export class MeetingSchedulePageController {
  constructor(
    private readonly page: WebPage,
    private readonly overview: CommitteeOverviewService,
    private readonly meetings: MeetingsService,
    private readonly checks: ScheduleCheckService,
    private readonly templates: TemplateRenderer,
  ) {}

  @Get('nouvelle')
  @Permission('meeting.schedule', { committee: 'param:id' })
  async form(@Param() params: IdParams, @Query() query: Record<string, unknown>, @Req() request: Request, @Res() response: Response): Promise<void> {
    const context = await this.overview.schedulingContext(params.id);
    const values = emptyMeetingForm(query);
    this.show(request, response, context, values, await this.checkOf(params.id, values), [], 200);
  }

  /** The warnings of the date being typed in, as a fragment of the form (copil.js asks for it; nothing is saved). */
  @Get('verification')
  @Permission('meeting.schedule', { committee: 'param:id' })
  async check(@Param() params: IdParams, @Query() query: Record<string, unknown>, @Res() response: Response): Promise<void> {
    const text = (name: string) => (typeof query[name] === 'string' ? (query[name] as string) : '');
    const check = await this.checks.check(params.id, { date: text('date'), start: text('debut'), end: text('fin') });
    const html = this.templates.page('schedule-check', { check: scheduleCheckView(check) }, { layout: 'fragment' });
    response.status(200).setHeader('Cache-Control', 'no-store').type('text/html; charset=utf-8').send(html);
  }

  @Post()
  @Permission('meeting.schedule', { committee: 'param:id' })
  async schedule(@Param() params: IdParams, @Body() body: FormBody, @Req() request: Request, @Res() response: Response): Promise<void> {
    const values = meetingFormValues(body);
    try {
      const dto = await readForm(ScheduleMeetingDto, scheduleBody(values));
      const meeting = await this.meetings.schedule(params.id, dto);
      // Without an agenda it cannot be convened yet: the confirmation says what comes first.
      this.page.redirect(response, `/reunions/${meeting.id}?fait=${meeting.agenda.length ? 'reunion-programmee' : 'reunion-programmee-sans-ordre-du-jour'}`);
    } catch (error) {
      if (!(error instanceof DomainError) || !['invalid', 'rule'].includes(error.kind)) throw error;
      const errors = formErrors(error, (path) => meetingFieldOf(path, values), 'date').map((entry) => withClearerWords(entry, values));
      const context = await this.overview.schedulingContext(params.id);
      this.show(request, response, context, values, await this.checkOf(params.id, values, errors), errors, error.kind === 'invalid' ? 400 : 422);
    }
  }

  /** Without script, the same warnings come with the page: for the date of a proposal, or of a refused form. */
  private async checkOf(committeeId: string, values: MeetingFormValues, errors: FieldMessage[] = []) {
    if (!values.date) return scheduleCheckView(null);
    const check = scheduleCheckView(await this.checks.check(committeeId, { date: values.date, start: values.debut, end: values.fin }));
    // A refusal of the date already says it beside the field: the warnings do not repeat it.
    return errors.some((entry) => entry.field === 'date') ? { ...check, warnings: check.warnings.filter((text) => !text.startsWith('Trop tôt')) } : check;
  }

  private show(
    request: Request,
    response: Response,
    context: SchedulingContext,
    values: MeetingFormValues,
    check: ReturnType<typeof scheduleCheckView>,
    errors: FieldMessage[],
    status: number,
  ): void {
    const committee = context.committee;
    const inForce = context.inForce;
    // Not before the convention begins: the notice alone would offer days it does not cover.
    const earliestDay = inForce.from !== null && inForce.from > context.earliestLawfulDate ? inForce.from : context.earliestLawfulDate;
    this.page.send(
      request,
      response,
      'meeting-form',
      {
        committee: { id: committee.id, name: committee.name, conventionTitle: titleText(committee.convention.title), zoneName: frenchZoneName(committee.convention.timeZone) },
        earliestLawfulDate: dayText(earliestDay),
        earliestLawfulDateIso: earliestDay,
        ended: inForce.ended ? dayText(inForce.until) : null,
        startsOn: !inForce.ended && inForce.notYet && inForce.from ? dayText(inForce.from) : null,
        period: context.currentPeriod ? { label: context.currentPeriod.label, lastDayToConvene: dayText(context.currentPeriod.lastDayToConvene) } : null,
        guestsAllowed: committee.rules.guests.allowed,
        guestsText: committee.rules.guests.allowed ? committee.rules.guests.text : null,
        values,
        check,
        errors,
        kinds: [
          { value: 'ordinary', label: 'Ordinaire', checked: values.nature !== 'extraordinary' },
          { value: 'extraordinary', label: 'Extraordinaire', checked: values.nature === 'extraordinary' },
        ],
      },
      { title: `${errors.length ? 'Erreur – ' : ''}Programmer une réunion – ${committee.name}`, section: 'home', status },
    );
  }
}

/** Missing fields of this form deserve more precise words than the generic ones. */
function withClearerWords(entry: FieldMessage, values: MeetingFormValues): FieldMessage {
  if (entry.field === 'date' && values.date === '') return { ...entry, message: 'Indiquez la date de la réunion.' };
  if (entry.field === 'debut' && values.debut === '') return { ...entry, message: 'Indiquez l’heure de début.' };
  if (entry.field === 'fin' && values.fin === '') return { ...entry, message: 'Indiquez l’heure de fin.' };
  return withMeetingWords(entry, values);
}
