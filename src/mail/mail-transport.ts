import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import nodemailer from 'nodemailer';
import MailComposer from 'nodemailer/lib/mail-composer';
import type { Address, Attachment, IcalAttachment, Headers, SendMailOptions, Transporter } from 'nodemailer';
import { APP_CONFIG } from '../config/config.module';
import { AppConfig } from '../config/app-config';
import { Clock } from '../common/clock';
import { outboxResponse } from './outbox-folder';

/** A message to send; `from` defaults to the configured sender. */
export interface OutgoingMail {
  from?: string;
  to: string | string[];
  cc?: string | string[];
  replyTo?: string;
  subject: string;
  text: string;
  html?: string;
  headers?: Headers;
  attachments?: Attachment[];
  /** An iCalendar invitation as the text/calendar alternative Outlook and Gmail expect. */
  icalEvent?: IcalAttachment;
}

export interface SentMail {
  messageId: string;
  /** Recipients the server (or the outbox) took. */
  accepted: string[];
  /** The server's last answer ("250 2.0.0 Ok: queued as …"), or where the outbox wrote the file. */
  response: string;
  /** The message exactly as handed over (RFC 5322, CRLF line ends): the evidence of what was sent. */
  raw: Buffer;
}

/**
 * The one way copil sends email: through SMTP (pooled), or, without SMTP_URL, into an outbox
 * folder where each message becomes an .eml file that any mail client opens.
 */
@Injectable()
export class MailTransport implements OnApplicationShutdown {
  private readonly logger = new Logger('MailTransport');
  private readonly transporter: Transporter;
  private readonly outboxDir: string | null;
  readonly destination: string;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {
    const { mail } = config;
    if (mail.smtpUrl) {
      this.outboxDir = null;
      this.transporter = nodemailer.createTransport({
        url: mail.smtpUrl,
        pool: true,
        maxConnections: mail.poolMaxConnections,
        connectionTimeout: mail.timeoutMs,
        greetingTimeout: mail.timeoutMs,
        socketTimeout: mail.timeoutMs,
      });
      this.destination = `SMTP server ${withoutCredentials(mail.smtpUrl)} (pool of ${mail.poolMaxConnections})`;
    } else {
      this.outboxDir = resolve(mail.outboxDir);
      this.transporter = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
      this.destination = `outbox folder ${this.outboxDir} (no SMTP_URL: nothing leaves this machine)`;
    }
    this.logger.log(`Mail goes to the ${this.destination}`);
  }

  /**
   * The message is built first, with CRLF line ends as SMTP carries them, then handed over as it
   * is: the bytes returned are the bytes the server received, not a second rendering.
   */
  async send(mail: OutgoingMail): Promise<SentMail> {
    const node = new MailComposer({ ...mail, from: mail.from ?? this.config.mail.from, newline: 'windows' }).compile();
    const raw = withCrlfOnly(await node.build());
    const message: SendMailOptions = { raw, envelope: node.getEnvelope() };
    const info = (await this.transporter.sendMail(message)) as {
      messageId: string;
      accepted?: Array<string | Address>;
      response?: string;
      message?: Buffer;
      envelope?: { to: string[] };
    };
    if (this.outboxDir === null) {
      return { messageId: node.messageId(), accepted: (info.accepted ?? []).map(addressOf), response: info.response ?? '', raw };
    }
    const file = await this.writeToOutbox(raw);
    this.logger.debug(`Message ${node.messageId()} written to ${file}`);
    return { messageId: node.messageId(), accepted: info.envelope?.to ?? [], response: outboxResponse(file), raw };
  }

  async onApplicationShutdown(): Promise<void> {
    this.transporter.close();
  }

  private async writeToOutbox(raw: Buffer): Promise<string> {
    const dir = this.outboxDir as string;
    await mkdir(dir, { recursive: true });
    // Sortable by time, unique without coordination between replicas.
    const file = join(dir, `${this.clock.now().toISOString().replace(/[:.]/g, '-')}-${randomBytes(4).toString('hex')}.eml`);
    await writeFile(file, raw, { flag: 'wx' });
    return file;
  }
}

/**
 * Every line end as CRLF. nodemailer's Windows line ends turn a lone LF into CRLF but leave a lone
 * CR (a part written as it is, 7bit), which SMTP's data stream would turn into CRLF on the way: the
 * bytes kept as the evidence of what was sent would then differ from those the server received.
 */
function withCrlfOnly(raw: Buffer): Buffer {
  const text = raw.toString('latin1');
  return /\r(?!\n)|(?<!\r)\n/.test(text) ? Buffer.from(text.replace(/\r\n|\r|\n/g, '\r\n'), 'latin1') : raw;
}

function addressOf(value: string | Address): string {
  return typeof value === 'string' ? value : (value.address ?? '');
}

/** For logs: the server without its user and password. */
function withoutCredentials(smtpUrl: string): string {
  const url = new URL(smtpUrl);
  url.username = '';
  url.password = '';
  url.search = '';
  return url.toString().replace(/\/$/, '');
}
