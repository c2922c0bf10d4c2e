import { Body, Controller, Get, Header, Param, Post, Req, Res, StreamableFile } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Request, Response } from 'express';
import { Permission, principalOf } from '../auth';
import { AnswersService } from './answers.service';
import { ConvocationsService } from './convocations.service';
import { ManualRemindersService, RemindResponse } from './manual-reminders.service';
import { RegisterService } from './register.service';
import { ConveneDto } from './dto/convene.dto';
import { ConveneResponse } from './dto/convene.response';
import { AnswersResponse } from './dto/answers.response';
import { RegisterResponse } from './dto/register.response';
import { IdParams } from '../common/validators';
import { RegisterMessageParams } from './dto/register-message.params';

@ApiTags('convocations')
@Controller('meetings/:id')
export class ConvocationsController {
  constructor(
    private readonly convocations: ConvocationsService,
    private readonly answers: AnswersService,
    private readonly registers: RegisterService,
    private readonly reminders: ManualRemindersService,
  ) {}

  @Post('reminders')
  @Permission('meeting.convene', { meeting: 'param:id' })
  @ApiOperation({
    summary:
      'Remind now the people convened who have not answered and whose convocation the mail server accepted (at most once a day each: a second call the same day sends nothing more); never ahead of a convocation planned for later',
  })
  @ApiCreatedResponse({
    description: '{reminded}: how many reminders leave now; {notYetSent}: those without an answer not reminded because their convocation has not reached the mail server',
    schema: { type: 'object', properties: { reminded: { type: 'integer' }, notYetSent: { type: 'integer' } }, required: ['reminded', 'notYetSent'] },
  })
  @ApiNotFoundResponse({ description: 'code meeting_not_found' })
  @ApiConflictResponse({
    description:
      'code convocation_not_sent (nobody without an answer has received a convocation yet; plannedAt: when the next leaves, or null), meeting_not_convened, meeting_started, meeting_cancelled or meeting_held',
  })
  remind(@Param() params: IdParams): Promise<RemindResponse> {
    return this.reminders.remindNow(params.id);
  }

  @Post('convene')
  @Permission('meeting.convene', { meeting: 'param:id' })
  @ApiOperation({
    summary: 'Convene the meeting: one convocation per member (and guest), emailed with its calendar invitation now or at sendAt',
  })
  @ApiCreatedResponse({ type: ConveneResponse })
  @ApiNotFoundResponse({ description: 'code meeting_not_found' })
  @ApiConflictResponse({ description: 'code already_convened, or meeting_cancelled / meeting_held' })
  @ApiUnprocessableEntityResponse({
    description: 'code agenda_required, notice_too_short (with latestSendingDate and earliestLawfulDate), prerequisites_missing, no_recipients',
  })
  convene(@Param() params: IdParams, @Body() dto: ConveneDto, @Req() request: Request): Promise<ConveneResponse> {
    return this.convocations.convene(params.id, dto, principalOf(request)?.person.id ?? null);
  }

  @Get('answers')
  @Permission('meeting.read', { meeting: 'param:id' })
  @ApiOperation({ summary: 'Answers of the people convened, per signatory, and the quorum they forecast' })
  @ApiOkResponse({ type: AnswersResponse })
  @ApiNotFoundResponse({ description: 'code meeting_not_found' })
  answersOf(@Param() params: IdParams): Promise<AnswersResponse> {
    return this.answers.answersOf(params.id);
  }

  @Get('register')
  @Permission('meeting.read', { meeting: 'param:id' })
  @ApiOperation({ summary: 'Proof of sending: every message to the people convened, its acceptance by the mail server, Message-ID and attempts' })
  @ApiOkResponse({ type: RegisterResponse })
  @ApiNotFoundResponse({ description: 'code meeting_not_found' })
  register(@Param() params: IdParams): Promise<RegisterResponse> {
    return this.registers.register(params.id);
  }

  @Get('register/messages/:messageId.eml')
  @Permission('meeting.convene', { meeting: 'param:id' })
  @Header('Content-Type', 'message/rfc822')
  @ApiOperation({
    summary: 'One message exactly as the mail server accepted it (RFC 5322 bytes, .eml); its SHA-256 is in the register and in the Digest header',
  })
  @ApiProduces('message/rfc822')
  @ApiOkResponse({ description: 'The .eml file' })
  @ApiNotFoundResponse({ description: 'code meeting_not_found, or sent_message_not_found when the server accepted no such message' })
  async registerMessage(@Param() params: RegisterMessageParams, @Res({ passthrough: true }) response: Response): Promise<StreamableFile> {
    const file = await this.registers.acceptedMessage(params.id, params.messageId);
    response.setHeader('Content-Disposition', `attachment; filename="${file.filename}"`);
    response.setHeader('Digest', `sha-256=${Buffer.from(file.sha256, 'hex').toString('base64')}`);
    return new StreamableFile(file.content);
  }

  @Get('register.csv')
  @Permission('meeting.convene', { meeting: 'param:id' })
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @ApiOperation({ summary: 'The proof-of-sending register as CSV for Excel (UTF-8 with BOM, semicolons, French headers)' })
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'CSV file' })
  async registerCsv(@Param() params: IdParams, @Res({ passthrough: true }) response: Response): Promise<StreamableFile> {
    const file = await this.registers.registerCsv(params.id);
    response.setHeader('Content-Disposition', `attachment; filename="${file.filename}"`);
    return new StreamableFile(Buffer.from(file.content, 'utf8'));
  }
}
