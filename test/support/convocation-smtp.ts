import { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { ParsedMail, simpleParser } from 'mailparser';

/** What the server answers to one RCPT TO: null accepts. */
export type RcptAnswer = { code: number; message: string } | null;

export interface SmtpBehaviour {
  /** Called for each RCPT TO with the address and how many times it was offered before. */
  rcpt?: (address: string, previousOffers: number) => RcptAnswer;
  /** Milliseconds between receiving a message and answering 250: the window in which a sender may die. */
  acceptDelayMs?: number;
}

export interface ReceivedMessage {
  /** The Message-ID header as sent. */
  messageId: string | null;
  to: string[];
  raw: Buffer;
  receivedAt: number;
}

export interface ConvocationSmtp {
  /** smtp://127.0.0.1:<port>, for SMTP_URL. */
  url: string;
  received: ReceivedMessage[];
  /** Every RCPT TO seen, refused or not. */
  offers: string[];
  behaviour: SmtpBehaviour;
  waitFor: (count: number, timeoutMs?: number) => Promise<ReceivedMessage[]>;
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
 * A real SMTP server on a random loopback port that records every message it receives (the record
 * is taken when the data has arrived, before the 250 answer) and can refuse recipients or answer
 * slowly. Messages are parsed with mailparser only when a test asks, so thousands cost little.
 */
export async function startConvocationSmtp(behaviour: SmtpBehaviour = {}): Promise<ConvocationSmtp> {
  const received: ReceivedMessage[] = [];
  const offers: string[] = [];
  const parsedCache = new WeakMap<ReceivedMessage, Promise<ParsedMail>>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    size: 10 * 1024 * 1024,
    onRcptTo(address, _session, callback) {
      const previous = offers.filter((offer) => offer === address.address.toLowerCase()).length;
      offers.push(address.address.toLowerCase());
      const answer = sink.behaviour.rcpt?.(address.address.toLowerCase(), previous) ?? null;
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
        received.push({
          messageId: headerValue(raw, 'Message-ID'),
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address.toLowerCase()),
          raw,
          receivedAt: Date.now(),
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
  const sink: ConvocationSmtp = {
    url: `smtp://127.0.0.1:${port}`,
    received,
    offers,
    behaviour,
    waitFor: async (count, timeoutMs = 10_000) => {
      const deadline = Date.now() + timeoutMs;
      while (received.length < count) {
        if (Date.now() > deadline) throw new Error(`Expected ${count} message(s) within ${timeoutMs} ms, got ${received.length}`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      return received.slice(0, count);
    },
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
