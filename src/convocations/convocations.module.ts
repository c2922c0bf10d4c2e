import { Global, MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { text } from 'express';
import { MeetingsModule } from '../meetings/meetings.module';
import { OutboxQueue } from '../queue/outbox-queue';
import { TemplatesModule } from '../templates/templates.module';
import { MeetingReader } from './meeting-reader';
import { OutboxRepository } from './outbox.repository';
import { AnswersController } from './answers.controller';
import { AnswersService } from './answers.service';
import { ConvocationsController } from './convocations.controller';
import { ManualRemindersService } from './manual-reminders.service';
import { ConvocationsService } from './convocations.service';
import { MeetingChangeListener } from './meeting-change.listener';
import { LateJoiners } from './late-joiners';
import { MembershipChangeListener } from './membership-change.listener';
import { RegisterService } from './register.service';
import { EmailChangeNotice } from './email-change-notice';
import { MailSupervisionService } from './mail-supervision.service';
/** The calendar replies copil reads: text/calendar as iTIP says, application/ics as some clients send. */
const CALENDAR_TYPES = ['text/calendar', 'application/ics'];

/**
 * Convocations in the API: convening, answers, the register. Global so that MeetingsService, which
 * does not import this module, receives the MeetingChangeListener that sends updates and
 * cancellations, and MembershipsService the MembershipChangeListener that convenes late joiners. Sending itself is the worker's (ConvocationsWorkerModule).
 */
@Global()
@Module({
  imports: [MeetingsModule, TemplatesModule],
  controllers: [ConvocationsController, AnswersController],
  providers: [
    ConvocationsService,
    AnswersService,
    RegisterService,
    ManualRemindersService,
    MailSupervisionService,
    OutboxQueue,
    OutboxRepository,
    MeetingReader,
    { provide: MeetingChangeListener, useExisting: ConvocationsService },
    LateJoiners,
    { provide: MembershipChangeListener, useExisting: LateJoiners },
    EmailChangeNotice,
  ],
  exports: [MeetingChangeListener, MembershipChangeListener, EmailChangeNotice, ConvocationsService, AnswersService, RegisterService, ManualRemindersService, MailSupervisionService, OutboxQueue, OutboxRepository],
})
export class ConvocationsModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(text({ type: CALENDAR_TYPES, limit: '256kb' })).forRoutes({ path: 'calendar/replies', method: RequestMethod.POST });
  }
}
