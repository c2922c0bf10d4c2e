import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module';
import { AppConfig } from '../config/app-config';
import { DomainError } from '../common/domain-error';
import { hasCalendarPart, readReplyMail } from '../calendar/reply-mail';
import { ImapMailbox } from '../mail/imap-mailbox';
import { AnswersService } from './answers.service';

/** Calendar mail the collector read and leaves where it is (not a REPLY, or one proving nothing): not read again. */
export const LEFT_KEYWORD = '$CopilLeft';

export interface CollectionReport {
  /** Replies that changed an answer. */
  applied: number;
  /** Replies read and filed without changing anything (an older version, a meeting over…). */
  ignored: number;
  /** Calendar mail left in the folder: a REPLY proving nothing, or not a REPLY. */
  left: number;
}

/**
 * Reads the organizer's mailbox (IMAP_URL) for the REPLYs calendars send to the reply addresses
 * of the invitations, and applies them as POST /calendar/replies would. Handled replies move to
 * IMAP_DONE_FOLDER; calendar mail that proves nothing stays, marked so it is not read again; any
 * other mail is not touched (not even marked \Seen). See docs/calendar-replies.md.
 */
@Injectable()
export class ReplyCollector {
  private readonly logger = new Logger('ReplyCollector');
  /** One visit of the mailbox at a time in a process: a second run waits for the first, then reads what is left. */
  private running: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly mailbox: ImapMailbox,
    private readonly answers: AnswersService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  get enabled(): boolean {
    return this.config.replyMailbox !== null;
  }

  run(): Promise<CollectionReport> {
    const next = this.running.then(() => this.collect());
    this.running = next.catch(() => undefined);
    return next;
  }

  private async collect(): Promise<CollectionReport> {
    const report: CollectionReport = { applied: 0, ignored: 0, left: 0 };
    const config = this.config.replyMailbox;
    if (!config) return report;
    await this.mailbox.visit(config, async (session) => {
      const handled: number[] = [];
      const left: number[] = [];
      for (const message of await session.list(LEFT_KEYWORD)) {
        if (!hasCalendarPart(message.structure)) continue;
        const source = await session.download(message.uid);
        if (!source) continue;
        const outcome = await this.handle(source, message.uid);
        report[outcome] += 1;
        (outcome === 'left' ? left : handled).push(message.uid);
      }
      await session.move(handled, config.doneFolder);
      await session.mark(left, LEFT_KEYWORD);
    });
    if (report.applied + report.ignored + report.left > 0) {
      this.logger.log(`calendar replies: ${report.applied} applied, ${report.ignored} ignored, ${report.left} left in ${config.mailbox}`);
    }
    return report;
  }

  /** A refusal of the reply by copil's rules leaves the mail; anything else (the database down…) fails the run, to be retried. */
  private async handle(source: Buffer, uid: number): Promise<keyof CollectionReport> {
    const mail = await readReplyMail(source);
    if (mail.replies.length === 0) return 'left';
    let outcome: keyof CollectionReport = 'left';
    for (const reply of mail.replies) {
      try {
        const result = await this.answers.applyReply(reply, mail.recipients);
        if (result.applied) return 'applied';
        outcome = 'ignored';
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        this.logger.warn(`message ${uid} left in the mailbox: ${error.message}`);
      }
    }
    return outcome;
  }
}
