import { Controller, Get, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Request, Response } from 'express';
import { CurrentPrincipal, Principal, SignedIn } from '../auth';
import { DashboardService, MyMeeting } from '../dashboard/dashboard.service';
import { ANSWER_LABELS } from '../convocations/answers.service';
import { CsrfGuard } from './csrf';
import { MEETING_STATE_LABELS, momentText, spanText } from './french-text';
import { WebExceptionFilter } from './web-exception.filter';
import { WebPage } from './web-page';

/** « Mes réunions »: the meetings a member was convened to, with their answer, and where to answer. */
@ApiExcludeController()
@Controller('mes-reunions')
@UseGuards(CsrfGuard)
@UseFilters(WebExceptionFilter)
export class MyMeetingsPageController {
  constructor(
    private readonly page: WebPage,
    private readonly dashboard: DashboardService,
  ) {}

  @Get()
  @SignedIn()
  async myMeetings(@CurrentPrincipal() principal: Principal, @Req() request: Request, @Res() response: Response): Promise<void> {
    const { coming, past } = await this.dashboard.meetingsOf(principal.person.id);
    this.page.send(request, response, 'my-meetings', { coming: coming.map(row), past: past.map(row) }, { title: 'Mes réunions', section: 'my-meetings' });
  }
}

function row(meeting: MyMeeting) {
  return {
    committeeName: meeting.committeeName,
    when: spanText(meeting.startsAt, meeting.endsAt, meeting.timeZone),
    state: MEETING_STATE_LABELS[meeting.state],
    answer: ANSWER_LABELS[meeting.answer],
    answerHref: meeting.open ? `/answers/${meeting.answerToken}` : null,
    // A convocation that has not left yet is announced, not answered: « Répondre » comes with it.
    waiting:
      meeting.state !== 'scheduled' || meeting.sent
        ? null
        : meeting.plannedAt
          ? `Convocation prévue le ${momentText(meeting.plannedAt, meeting.timeZone)}\u00A0: vous pourrez répondre dès qu’elle sera partie.`
          : 'Votre convocation n’est pas encore partie\u00A0: vous pourrez répondre dès qu’elle vous sera envoyée.',
  };
}
