import { Module } from '@nestjs/common';
import { MailTransport } from './mail-transport';
import { MailRenderer } from './mail-renderer';

/** Sending (SMTP or outbox folder) and rendering of templates/email; no business message here. */
@Module({
  providers: [MailTransport, MailRenderer],
  exports: [MailTransport, MailRenderer],
})
export class MailModule {}
