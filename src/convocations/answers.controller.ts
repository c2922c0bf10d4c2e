import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiForbiddenResponse,
  ApiGoneResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiQuery,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Request, Response } from 'express';
import { AnswerLinkRateLimit, Public, RateLimit } from '../auth';
import { DomainError } from '../common/domain-error';
import { AnswersService } from './answers.service';
import { AnswerDto, LINK_ANSWERS } from './dto/answer.dto';
import { AnswerRecordedResponse, ReplyResultResponse } from './dto/answers.response';
import { TokenParams } from './dto/token.params';

const HTML = 'text/html; charset=utf-8';

/** Where the people convened answer: the signed link of their email, or their calendar. */
@ApiTags('convocations')
@Controller()
export class AnswersController {
  constructor(private readonly answers: AnswersService) {}

  @Get('answers/:token')
  @Public()
  @AnswerLinkRateLimit()
  @ApiOperation({ summary: 'The answer page of a convocation (French HTML); opening it records nothing' })
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'The meeting and the answer buttons' })
  @ApiGoneResponse({ description: 'The meeting is over' })
  // Read as it comes, never refused: a person opens this link in a browser, and a link a mail client
  // cut short (answer=acc), or one that gained tracking parameters, still gets the French page.
  @ApiQuery({
    name: 'answer',
    required: false,
    enum: LINK_ANSWERS,
    description: 'The answer to offer for confirmation; any other value opens the page with none chosen, saying the link was incomplete',
  })
  async page(@Param() params: TokenParams, @Query('answer') answer: unknown, @Res() response: Response): Promise<void> {
    const page = await this.answers.page(params.token, answer);
    response.status(page.status).type(HTML).send(page.html);
  }

  @Post('answers/:token')
  @Public()
  @AnswerLinkRateLimit()
  @HttpCode(200)
  @ApiOperation({ summary: 'Record the answer of the link’s recipient; a form post gets a French page, a JSON request JSON' })
  @ApiConsumes('application/json', 'application/x-www-form-urlencoded')
  @ApiOkResponse({ type: AnswerRecordedResponse })
  @ApiNotFoundResponse({ description: 'code answer_link_invalid' })
  @ApiGoneResponse({ description: 'code answer_link_expired: the meeting is over' })
  @ApiUnprocessableEntityResponse({ description: 'code no_substitute, substitute_not_allowed, substitute_already_convened' })
  async answer(@Param() params: TokenParams, @Body() dto: AnswerDto, @Req() request: Request, @Res() response: Response): Promise<void> {
    const wantsHtml = request.accepts(['application/json', 'text/html']) === 'text/html';
    try {
      const recorded = await this.answers.answerByLink(params.token, dto.answer);
      if (wantsHtml) response.status(200).type(HTML).send(await this.answers.recordedPage(params.token, recorded));
      else response.status(200).json(recorded);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      if (wantsHtml) {
        const page = this.answers.errorPageFor(error);
        response.status(page.status).type(HTML).send(page.html);
      } else if (error.code === 'answer_link_expired') {
        response.status(410).json({ statusCode: 410, code: error.code, message: error.message });
      } else {
        throw error;
      }
    }
  }

  @Post('calendar/replies')
  @Public()
  // Anyone may post; only a reply proving its invitation (its ORGANIZER is that recipient's reply address) applies.
  @RateLimit({ perIp: { limit: 100, windowSeconds: 15 * 60 } })
  @HttpCode(200)
  @ApiOperation({
    summary:
      'An iCalendar REPLY (text/calendar) from a recipient’s calendar: it applies only when its ORGANIZER is the reply address of that recipient’s invitation and its ATTENDEE that recipient; replies to older versions are ignored',
  })
  @ApiConsumes('text/calendar')
  @ApiBody({ schema: { type: 'string', example: 'BEGIN:VCALENDAR\r\nMETHOD:REPLY\r\n…' } })
  @ApiOkResponse({ type: ReplyResultResponse })
  @ApiForbiddenResponse({ description: 'code calendar_reply_unproven: unknown UID, attendee not convened, or no reply address of theirs' })
  reply(@Body() body: unknown): Promise<ReplyResultResponse> {
    if (typeof body !== 'string' || body.trim() === '') {
      throw DomainError.invalid([{ path: 'body', code: 'wrong_format', message: 'must be an iCalendar text sent as text/calendar' }]);
    }
    return this.answers.applyReply(body);
  }
}
