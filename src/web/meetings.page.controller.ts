import { Body, Controller, Get, Param, Post, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Request, Response } from 'express';
import { CurrentPrincipal, Permission, Principal } from '../auth';
import { DomainError } from '../common/domain-error';
import { IdParams } from '../common/validators';
import { MeetingOverviewService } from '../dashboard/meeting-overview.service';
import { ConvocationsService } from '../convocations/convocations.service';
import { RegisterService } from '../convocations/register.service';
import { ManualRemindersService } from '../convocations/manual-reminders.service';
import { UpdateMeetingDto } from '../meetings/dto/update-meeting.dto';
import { meetingEditValues, meetingFieldOf, meetingFormValues, MeetingFormValues, timeFieldOf, updateBody, withDateWords, withMeetingWords } from './meeting-form';
import { ConveneDto } from '../convocations/dto/convene.dto';
import { MeetingsService } from '../meetings/meetings.service';
import { MeetingRecordsService } from '../meetings/meeting-records.service';
import { MeetingDocumentsService } from '../meetings/meeting-documents.service';
import { CancelMeetingDto } from '../meetings/dto/cancel-meeting.dto';
import { RescheduleMeetingDto } from '../meetings/dto/reschedule-meeting.dto';
import { RecordHeldDto } from '../meetings/dto/record-held.dto';
import { AttachDocumentDto } from '../meetings/dto/attach-document.dto';
import { CsrfGuard } from './csrf';
import { FormBody, readForm, textOf } from './forms';
import { conveningTooLateMessage, FieldMessage, formErrors } from './french-messages';
import { attendanceBody, attendanceFieldOf, attendanceView } from './attendance.view';
import { meetingView } from './meeting.view';
import { WebExceptionFilter } from './web-exception.filter';
import { WebPage } from './web-page';

const REFUSALS = ['invalid', 'rule', 'conflict'];

/** A meeting's page and what its convener does there: convene, cancel, record attendance, attach minutes. */
@ApiExcludeController()
@Controller('reunions/:id')
@UseGuards(CsrfGuard)
@UseFilters(WebExceptionFilter)
export class MeetingsPageController {
  constructor(
    private readonly page: WebPage,
    private readonly overview: MeetingOverviewService,
    private readonly meetings: MeetingsService,
    private readonly records: MeetingRecordsService,
    private readonly documents: MeetingDocumentsService,
    private readonly convocations: ConvocationsService,
    private readonly registers: RegisterService,
    private readonly reminders: ManualRemindersService,
  ) {}

  @Get()
  @Permission('meeting.read', { meeting: 'param:id' })
  async meeting(@Param() params: IdParams, @CurrentPrincipal() principal: Principal, @Req() request: Request, @Res() response: Response): Promise<void> {
    await this.showMeeting(params.id, principal, request, response, { values: { quand: 'maintenant', envoi: '', compteRendu: '' }, errors: [], status: 200 });
  }

  @Post('convocation')
  @Permission('meeting.convene', { meeting: 'param:id' })
  async convene(@Param() params: IdParams, @Body() body: FormBody, @CurrentPrincipal() principal: Principal, @Req() request: Request, @Res() response: Response): Promise<void> {
    const later = textOf(body, 'quand') === 'plus-tard';
    try {
      const dto = await readForm(ConveneDto, later ? { sendAt: textOf(body, 'envoi') || 'manquant' } : {});
      await this.convocations.convene(params.id, dto, principal.person.id);
      this.page.redirect(response, `/reunions/${params.id}?fait=${later ? 'convocation-programmee' : 'reunion-convoquee'}`);
    } catch (error) {
      if (!(error instanceof DomainError) || !REFUSALS.includes(error.kind)) throw error;
      const field = later ? 'envoi' : 'quand-maintenant';
      const errors: FieldMessage[] = error.code === 'notice_too_short' ? [{ field, message: conveningTooLateMessage(error, later) }] : formErrors(error, () => field, field);
      // The agenda is not on this page: the refusal leads to the form that edits it (its conveners may edit it).
      if (error.code === 'agenda_required') errors[0] = { ...errors[0], remedy: { href: `/reunions/${params.id}/modification`, text: 'Modifier le lieu ou l’ordre du jour' } };
      const values = { quand: later ? 'plus-tard' : 'maintenant', envoi: textOf(body, 'envoi'), compteRendu: '' };
      await this.showMeeting(params.id, principal, request, response, { values, errors, status: error.kind === 'invalid' ? 400 : 422 });
    }
  }

  /** « Relancer »: a reminder now to those who have not answered and received their convocation (once a day each). */
  @Post('relance')
  @Permission('meeting.convene', { meeting: 'param:id' })
  async remind(@Param() params: IdParams, @Res() response: Response): Promise<void> {
    const { reminded, notYetSent } = await this.reminders.remindNow(params.id);
    const outcome = reminded === 0 ? 'relance-inutile' : notYetSent > 0 ? 'relance-envoyee-en-partie' : 'relance-envoyee';
    this.page.redirect(response, `/reunions/${params.id}?fait=${outcome}`);
  }

  /** Its place, video link, title and agenda; the people convened get the update (their answers stand). */
  @Get('modification')
  @Permission('meeting.schedule', { meeting: 'param:id' })
  async editForm(@Param() params: IdParams, @CurrentPrincipal() principal: Principal, @Req() request: Request, @Res() response: Response): Promise<void> {
    const overview = await this.overview.of(params.id, principal.subject);
    await this.showEdit(overview, request, response, meetingEditValues(overview.meeting), [], 200);
  }

  @Post('modification')
  @Permission('meeting.schedule', { meeting: 'param:id' })
  async edit(@Param() params: IdParams, @Body() body: FormBody, @CurrentPrincipal() principal: Principal, @Req() request: Request, @Res() response: Response): Promise<void> {
    const values = meetingFormValues(body);
    try {
      const dto = await readForm(UpdateMeetingDto, updateBody(values, Number(textOf(body, 'version')) || undefined));
      const updated = await this.meetings.update(params.id, dto);
      // As for a cancellation: nobody is told of a change to a meeting never convened.
      this.page.redirect(response, `/reunions/${params.id}?fait=${updated.convenedAt ? 'reunion-modifiee' : 'reunion-modifiee-sans-convocation'}`);
    } catch (error) {
      if (!(error instanceof DomainError) || !REFUSALS.includes(error.kind)) throw error;
      const errors = formErrors(error, (path) => meetingFieldOf(path, values), 'lieu').map((entry) => withMeetingWords(entry, values));
      await this.showEdit(await this.overview.of(params.id, principal.subject), request, response, values, errors, error.kind === 'invalid' ? 400 : error.kind === 'conflict' ? 409 : 422);
    }
  }

  @Post('compte-rendu')
  @Permission('meeting.schedule', { meeting: 'param:id' })
  async attachMinutes(@Param() params: IdParams, @Body() body: FormBody, @CurrentPrincipal() principal: Principal, @Req() request: Request, @Res() response: Response): Promise<void> {
    try {
      const dto = await readForm(AttachDocumentDto, { kind: 'minutes', title: 'Compte rendu', url: textOf(body, 'compteRendu') });
      await this.documents.attach(params.id, dto);
      this.page.redirect(response, `/reunions/${params.id}?fait=compte-rendu-joint`);
    } catch (error) {
      if (!(error instanceof DomainError) || !REFUSALS.includes(error.kind)) throw error;
      const errors = formErrors(error, () => 'compteRendu', 'compteRendu');
      await this.showMeeting(params.id, principal, request, response, { values: { quand: 'maintenant', envoi: '', compteRendu: textOf(body, 'compteRendu') }, errors, status: 400 });
    }
  }

  @Get('annulation')
  @Permission('meeting.schedule', { meeting: 'param:id' })
  async cancelForm(@Param() params: IdParams, @CurrentPrincipal() principal: Principal, @Req() request: Request, @Res() response: Response): Promise<void> {
    const view = meetingView(await this.overview.of(params.id, principal.subject));
    this.page.send(request, response, 'meeting-cancel', { meeting: view, reason: '', errors: [] }, { title: `Annuler la réunion – ${view.committee.name}`, section: 'home' });
  }

  @Post('annulation')
  @Permission('meeting.schedule', { meeting: 'param:id' })
  async cancel(@Param() params: IdParams, @Body() body: FormBody, @CurrentPrincipal() principal: Principal, @Req() request: Request, @Res() response: Response): Promise<void> {
    try {
      const dto = await readForm(CancelMeetingDto, { reason: textOf(body, 'motif'), version: Number(textOf(body, 'version')) || undefined });
      const { meeting: cancelled, cancellationsSent } = await this.meetings.cancelTelling(params.id, dto);
      // Only those whose invitation left are told: the confirmation says so, and nothing more.
      const done = !cancelled.convenedAt ? 'reunion-annulee-sans-convocation' : cancellationsSent > 0 ? 'reunion-annulee' : 'reunion-annulee-avant-envoi';
      this.page.redirect(response, `/reunions/${params.id}?fait=${done}`);
    } catch (error) {
      if (!(error instanceof DomainError) || !REFUSALS.includes(error.kind)) throw error;
      const view = meetingView(await this.overview.of(params.id, principal.subject));
      const why = view.convened ? 'il est envoyé aux personnes convoquées' : 'il reste affiché sur la page de la réunion';
      const errors = formErrors(error, () => 'motif', 'motif').map((entry) =>
        textOf(body, 'motif').trim() === '' ? { ...entry, message: `Indiquez le motif de l’annulation\u00A0: ${why}.` } : entry,
      );
      this.page.send(request, response, 'meeting-cancel', { meeting: view, reason: textOf(body, 'motif'), errors }, { title: `Erreur – Annuler la réunion – ${view.committee.name}`, section: 'home', status: 400 });
    }
  }

  @Get('deplacement')
  @Permission('meeting.schedule', { meeting: 'param:id' })
  async rescheduleForm(@Param() params: IdParams, @CurrentPrincipal() principal: Principal, @Req() request: Request, @Res() response: Response): Promise<void> {
    await this.showReschedule(params.id, principal, request, response, undefined, [], 200);
  }

  @Post('deplacement')
  @Permission('meeting.schedule', { meeting: 'param:id' })
  async reschedule(@Param() params: IdParams, @Body() body: FormBody, @CurrentPrincipal() principal: Principal, @Req() request: Request, @Res() response: Response): Promise<void> {
    const date = textOf(body, 'date');
    const at = (time: string) => (date && time ? `${date}T${time}` : undefined);
    try {
      const dto = await readForm(RescheduleMeetingDto, { start: at(textOf(body, 'debut')), end: at(textOf(body, 'fin')), version: Number(textOf(body, 'version')) || undefined });
      const moved = await this.meetings.reschedule(params.id, dto);
      this.page.redirect(response, `/reunions/${params.id}?fait=${moved.convenedAt ? 'reunion-deplacee' : 'reunion-deplacee-sans-convocation'}`);
    } catch (error) {
      if (!(error instanceof DomainError) || !REFUSALS.includes(error.kind)) throw error;
      const errors = formErrors(error, (path) => timeFieldOf(path, date) ?? 'date', 'date').map((entry) => withDateWords(entry, date));
      await this.showReschedule(params.id, principal, request, response, body, errors, error.kind === 'invalid' ? 400 : 422);
    }
  }

  @Get('presences')
  @Permission('meeting.schedule', { meeting: 'param:id' })
  async attendanceForm(@Param() params: IdParams, @CurrentPrincipal() principal: Principal, @Req() request: Request, @Res() response: Response): Promise<void> {
    await this.showAttendance(params.id, principal, request, response, undefined, [], 200);
  }

  @Post('presences')
  @Permission('meeting.schedule', { meeting: 'param:id' })
  async recordAttendance(@Param() params: IdParams, @Body() body: FormBody, @CurrentPrincipal() principal: Principal, @Req() request: Request, @Res() response: Response): Promise<void> {
    try {
      const dto = await readForm(RecordHeldDto, attendanceBody(body));
      await this.records.recordHeld(params.id, dto);
      this.page.redirect(response, `/reunions/${params.id}?fait=presence-enregistree`);
    } catch (error) {
      if (!(error instanceof DomainError) || !REFUSALS.includes(error.kind)) throw error;
      await this.showAttendance(params.id, principal, request, response, body, formErrors(error, attendanceFieldOf(body), 'presences'), 422);
    }
  }

  /** The attendance sheet to print and sign (émargement). */
  @Get('emargement')
  @Permission('meeting.schedule', { meeting: 'param:id' })
  async signInSheet(@Param() params: IdParams, @CurrentPrincipal() principal: Principal, @Req() request: Request, @Res() response: Response): Promise<void> {
    const overview = await this.overview.of(params.id, principal.subject);
    const view = meetingView(overview);
    this.page.send(request, response, 'sign-in-sheet', { meeting: view, people: attendanceView(overview, undefined).members }, { title: `Feuille d’émargement – ${view.committee.name}`, section: 'home' });
  }

  @Get('registre.csv')
  @Permission('meeting.convene', { meeting: 'param:id' })
  async registerCsv(@Param() params: IdParams, @Res() response: Response): Promise<void> {
    const file = await this.registers.registerCsv(params.id);
    response.setHeader('Content-Type', 'text/csv; charset=utf-8');
    response.setHeader('Content-Disposition', `attachment; filename="${file.filename}"`);
    response.send(Buffer.from(file.content, 'utf8'));
  }

  private async showMeeting(
    id: string,
    principal: Principal,
    request: Request,
    response: Response,
    form: { values: { quand: string; envoi: string; compteRendu: string }; errors: FieldMessage[]; status: number },
  ): Promise<void> {
    const view = meetingView(await this.overview.of(id, principal.subject));
    this.page.send(request, response, 'meeting', { ...view, form: form.values, errors: form.errors }, {
      title: `${form.errors.length ? 'Erreur – ' : ''}Réunion du ${view.when} – ${view.committee.name}`,
      section: 'home',
      status: form.status,
    });
  }

  private async showEdit(
    overview: Awaited<ReturnType<MeetingOverviewService['of']>>,
    request: Request,
    response: Response,
    values: MeetingFormValues,
    errors: FieldMessage[],
    status: number,
  ): Promise<void> {
    const view = meetingView(overview);
    this.page.send(request, response, 'meeting-edit', { meeting: view, values, errors }, {
      title: `${errors.length ? 'Erreur – ' : ''}Modifier la réunion – ${view.committee.name}`,
      section: 'home',
      status,
    });
  }

  private async showReschedule(id: string, principal: Principal, request: Request, response: Response, body: FormBody | undefined, errors: FieldMessage[], status: number): Promise<void> {
    const overview = await this.overview.of(id, principal.subject);
    const view = meetingView(overview);
    const values = body
      ? { date: textOf(body, 'date'), debut: textOf(body, 'debut'), fin: textOf(body, 'fin') }
      : { date: overview.meeting.start.local.slice(0, 10), debut: overview.meeting.start.local.slice(11, 16), fin: overview.meeting.end.local.slice(11, 16) };
    this.page.send(request, response, 'meeting-reschedule', { meeting: view, values, errors }, {
      title: `${errors.length ? 'Erreur – ' : ''}Déplacer la réunion – ${view.committee.name}`,
      section: 'home',
      status,
    });
  }

  private async showAttendance(id: string, principal: Principal, request: Request, response: Response, body: FormBody | undefined, errors: FieldMessage[], status: number): Promise<void> {
    const overview = await this.overview.of(id, principal.subject);
    const view = meetingView(overview);
    this.page.send(request, response, 'meeting-attendance', { meeting: view, ...attendanceView(overview, body, errors), errors }, {
      title: `${errors.length ? 'Erreur – ' : ''}Présences – ${view.committee.name}`,
      section: 'home',
      status,
    });
  }
}

