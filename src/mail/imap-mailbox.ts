import { Injectable, Logger } from '@nestjs/common';
import { ImapFlow } from 'imapflow';
import { ReplyMailboxConfig } from '../config/app-config';
import { MimeNode } from '../calendar/reply-mail';

/** One message of the folder, as listed before deciding what to read. */
export interface MailboxMessage {
  uid: number;
  structure: MimeNode | undefined;
}

/** What one visit of the mailbox may do, with the folder open and locked. */
export interface MailboxSession {
  /** Messages not marked with `skipKeyword`, oldest first. */
  list(skipKeyword: string): Promise<MailboxMessage[]>;
  /** The raw message, read without marking it \Seen. */
  download(uid: number): Promise<Buffer | null>;
  /** Moves messages to the folder (created when missing). */
  move(uids: number[], folder: string[]): Promise<void>;
  /** Adds a keyword, so that the next visits skip the message while leaving it where it is. */
  mark(uids: number[], keyword: string): Promise<void>;
}

/**
 * The organizer's mailbox over IMAP (imapflow). A visit connects, locks the folder, lets the
 * caller work, and logs out: polling every minute or so, a connection held open would buy nothing
 * and would have to survive the server's idle timeouts.
 */
@Injectable()
export class ImapMailbox {
  private readonly logger = new Logger('ImapMailbox');

  async visit<T>(config: ReplyMailboxConfig, work: (session: MailboxSession) => Promise<T>): Promise<T> {
    const client = new ImapFlow({
      host: config.host,
      port: config.port,
      secure: config.secure,
      auth: { user: config.user, pass: config.password },
      logger: false,
      connectionTimeout: 30_000,
      greetingTimeout: 15_000,
      socketTimeout: 120_000,
    });
    client.on('error', (error: Error) => this.logger.warn(`IMAP ${config.host}: ${error.message}`));
    await client.connect();
    try {
      const lock = await client.getMailboxLock(config.mailbox);
      try {
        return await work(this.session(client));
      } finally {
        lock.release();
      }
    } finally {
      await client.logout().catch(() => client.close());
    }
  }

  private session(client: ImapFlow): MailboxSession {
    return {
      list: async (skipKeyword) => {
        const found = await client.search({ unKeyword: skipKeyword }, { uid: true });
        const uids = Array.isArray(found) ? found : [];
        if (uids.length === 0) return [];
        const messages: MailboxMessage[] = [];
        // Nothing else may be sent to the server while a FETCH is streamed: collect, then act.
        for await (const message of client.fetch(uids, { uid: true, bodyStructure: true }, { uid: true })) {
          messages.push({ uid: message.uid, structure: message.bodyStructure as MimeNode | undefined });
        }
        return messages.sort((a, b) => a.uid - b.uid);
      },
      download: async (uid) => {
        const message = await client.fetchOne(String(uid), { source: true }, { uid: true });
        return message && message.source ? message.source : null;
      },
      move: async (uids, folder) => {
        if (uids.length === 0) return;
        const path = await this.ensureFolder(client, folder);
        await client.messageMove(uids, path, { uid: true });
      },
      mark: async (uids, keyword) => {
        if (uids.length > 0) await client.messageFlagsAdd(uids, [keyword], { uid: true });
      },
    };
  }

  /** The folder's full path with the server's hierarchy delimiter, created with its parents when missing. */
  private async ensureFolder(client: ImapFlow, folder: string[]): Promise<string> {
    const folders = await client.list();
    const delimiter = folders.find((entry) => entry.delimiter)?.delimiter ?? '/';
    const path = folder.join(delimiter);
    if (!folders.some((entry) => entry.path === path)) await client.mailboxCreate(folder);
    return path;
  }
}
