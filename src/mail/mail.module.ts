import { Module } from '@nestjs/common';
import { TemplatesModule } from '../templates/templates.module';
import { MailTransport } from './mail-transport';

/** Sending (SMTP or outbox folder), and the template renderer every business email is written with. */
@Module({
  imports: [TemplatesModule],
  providers: [MailTransport],
  exports: [MailTransport, TemplatesModule],
})
export class MailModule {}
