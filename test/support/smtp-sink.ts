import { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { ParsedMail, simpleParser } from 'mailparser';
import { eventually } from './eventually';

/** What the server answers to one RCPT TO: null accepts. */
export type RcptAnswer = { code: number; message: string } | null;

export interface SmtpBehaviour {
  /** Called for each RCPT TO with the address (lower case) and how many times it was offered before. */
  rcpt?: (address: string, previousOffers: number) => RcptAnswer;
  /** Milliseconds between receiving a message and answering 250: the window in which a sender may die. */
  acceptDelayMs?: number;
}

export interface ReceivedMessage {
  /** The Message-ID header as sent. */
  messageId: string | null;
  /** The envelope's sender and recipients (lower case). */
  from: string | null;
  to: string[];
  raw: Buffer;
}

export interface SmtpSink {
  /** smtp://127.0.0.1:<port>, for SMTP_URL. */
  url: string;
  /** Every message received, in order, recorded as soon as its data arrived (before the 250). */
  received: ReceivedMessage[];
  /** Every RCPT TO seen, refused or not. */
  offers: string[];
  /** May be changed between tests. */
  behaviour: SmtpBehaviour;
  /** The first `count` messages, once they arrived (hang guard after `timeoutMs`). */
  waitFor: (count: number, timeoutMs?: number) => Promise<ReceivedMessage[]>;
  /** The message read by mailparser (once, then remembered). */
  parsed: (message: ReceivedMessage) => Promise<ParsedMail>;
  /** Messages to one address, parsed, in the order received. */
  to: (address: string) => Promise<ParsedMail[]>;
  clear: () => void;
  close: () => Promise<void>;
}

function headerValue(raw: Buffer, name: string): string | null {
  const end = raw.indexOf('\r\n\r\n');
  const head = raw.subarray(0, end < 0 ? raw.length : end).toString('utf8').replace(/\r\n[ \t]+/g, ' ');
  const match = new RegExp(`^${name}:\\s*(.+)$`, 'im').exec(head);
  return match ? match[1].trim() : null;
}

/**
 * The one SMTP server of the tests: real SMTP (smtp-server) on a random loopback port, recording
 * every message it receives. It can refuse recipients (`behaviour.rcpt`) or answer slowly
 * (`behaviour.acceptDelayMs`). Messages are parsed only when a test asks, so thousands cost little.
 */
export async function startSmtpSink(behaviour: SmtpBehaviour = {}): Promise<SmtpSink> {
  const received: ReceivedMessage[] = [];
  const offers: string[] = [];
  const parsedCache = new WeakMap<ReceivedMessage, Promise<ParsedMail>>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    size: 10 * 1024 * 1024,
    onRcptTo(address, _session, callback) {
      const recipient = address.address.toLowerCase();
      const previous = offers.filter((offer) => offer === recipient).length;
      offers.push(recipient);
      const answer = sink.behaviour.rcpt?.(recipient, previous) ?? null;
      if (answer) {
        const error = new Error(answer.message) as Error & { responseCode: number };
        error.responseCode = answer.code;
        callback(error);
        return;
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        const from = session.envelope.mailFrom;
        received.push({
          messageId: headerValue(raw, 'Message-ID'),
          from: from ? from.address : null,
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address.toLowerCase()),
          raw,
        });
        const delay = sink.behaviour.acceptDelayMs ?? 0;
        if (delay > 0) setTimeout(() => callback(), delay);
        else callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  server.on('error', () => undefined);
  const port = (server.server.address() as AddressInfo).port;
  const parsed = (message: ReceivedMessage) => {
    let promise = parsedCache.get(message);
    if (!promise) {
      promise = simpleParser(message.raw);
      parsedCache.set(message, promise);
    }
    return promise;
  };
  const sink: SmtpSink = {
    url: `smtp://127.0.0.1:${port}`,
    received,
    offers,
    behaviour,
    waitFor: (count, timeoutMs = 15_000) =>
      eventually(`${count} message(s), ${received.length} received`, async () => received.length >= count && received.slice(0, count), timeoutMs),
    parsed,
    to: async (address) => Promise.all(received.filter((message) => message.to.includes(address.toLowerCase())).map(parsed)),
    clear: () => {
      received.length = 0;
      offers.length = 0;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  return sink;
}
