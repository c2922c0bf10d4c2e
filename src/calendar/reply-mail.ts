import { AddressObject, simpleParser } from 'mailparser';

/**
 * Reading an email that may carry a calendar REPLY, as Outlook, Thunderbird, Gmail or Apple write
 * them: a `text/calendar; method=REPLY` part (alternative or attachment), or an `.ics` file
 * (`invite.ics`, `application/ics`). No I/O: the mailbox hands over the bytes.
 */
export interface ReplyMail {
  /** The distinct iCalendar texts of the message that hold METHOD:REPLY, in order. */
  replies: string[];
  /** Every address the message was sent to (To, Cc, Delivered-To, X-Original-To), lower-cased: where the proof may be. */
  recipients: string[];
}

const CALENDAR_TYPES = new Set(['text/calendar', 'application/ics', 'text/x-vcalendar']);
const REPLY_METHOD = /^METHOD\s*:\s*REPLY\s*$/im;
const ADDRESS = /[^\s<>,;"]+@[^\s<>,;"]+/g;

export async function readReplyMail(source: Buffer | string): Promise<ReplyMail> {
  const mail = await simpleParser(source, { skipHtmlToText: true, skipTextToHtml: true, skipTextLinks: true, skipImageLinks: true });
  const replies: string[] = [];
  for (const part of mail.attachments) {
    const calendar = CALENDAR_TYPES.has(part.contentType.toLowerCase()) || /\.ics$/i.test(part.filename ?? '');
    if (!calendar) continue;
    const text = part.content.toString('utf8');
    if (REPLY_METHOD.test(text.replace(/\r?\n[ \t]/g, '')) && !replies.includes(text)) replies.push(text);
  }
  const recipients = new Set<string>();
  for (const field of [mail.to, mail.cc]) {
    for (const group of ([] as AddressObject[]).concat(field ?? [])) {
      for (const entry of group.value) if (entry.address) recipients.add(entry.address.toLowerCase());
    }
  }
  for (const header of ['delivered-to', 'x-original-to']) {
    for (const line of mail.headerLines.filter((item) => item.key === header)) {
      for (const address of line.line.slice(line.line.indexOf(':') + 1).match(ADDRESS) ?? []) recipients.add(address.toLowerCase());
    }
  }
  return { replies, recipients: [...recipients] };
}

/** The shape of a message's MIME tree as IMAP's BODYSTRUCTURE gives it (imapflow's field names). */
export interface MimeNode {
  type?: string;
  parameters?: Record<string, string>;
  dispositionParameters?: Record<string, string>;
  childNodes?: MimeNode[];
}

/** Whether a message has a calendar part at all, from its structure, before downloading it. */
export function hasCalendarPart(node: MimeNode | undefined): boolean {
  if (!node) return false;
  const filename = node.dispositionParameters?.filename ?? node.parameters?.name ?? '';
  if (CALENDAR_TYPES.has((node.type ?? '').toLowerCase()) || /\.ics$/i.test(filename)) return true;
  return (node.childNodes ?? []).some(hasCalendarPart);
}
