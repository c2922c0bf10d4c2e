import { Module } from '@nestjs/common';
import { ComplianceModule } from '../compliance/compliance.module';
import { MailModule } from '../mail/mail.module';
import { MeetingsCoreModule } from '../meetings/meetings-core.module';
import { OutboxQueue } from '../queue/outbox-queue';
import { MeetingReader } from './meeting-reader';
import { OutboxRepository } from './outbox.repository';
import { AnswersWatch } from './answers.watch';
import { CommitteesAtRiskJob } from './committees-at-risk.job';
import { ConvocationWorkers } from './convocation-workers';
import { MessageComposer } from './message-composer';
import { OutboxProcessor } from './outbox.processor';
import { OutboxReconciler } from './outbox.reconciler';
import { ImapMailbox } from '../mail/imap-mailbox';
import { AnswersService } from './answers.service';
import { ReplyCollector } from './reply-collector';
import { RuleRemindersJob } from './rule-reminders.job';
import { SignInLinkMailer } from '../auth/sign-in-link.mailer';
import { SignInPurgeJob } from '../auth/sign-in-purge.job';

/** Convocations in the worker: sending the outbox (sign-in links too), reconciling it with the queue, reminders and alerts, calendar replies from the mailbox. */
@Module({
  imports: [MailModule, MeetingsCoreModule, ComplianceModule],
  providers: [
    OutboxQueue,
    OutboxRepository,
    MeetingReader,
    MessageComposer,
    OutboxProcessor,
    OutboxReconciler,
    AnswersWatch,
    CommitteesAtRiskJob,
    RuleRemindersJob,
    AnswersService,
    ImapMailbox,
    ReplyCollector,
    ConvocationWorkers,
    SignInLinkMailer,
    SignInPurgeJob,
  ],
  exports: [OutboxProcessor, OutboxReconciler, AnswersWatch, CommitteesAtRiskJob, RuleRemindersJob, ReplyCollector, SignInPurgeJob],
})
export class ConvocationsWorkerModule {}
