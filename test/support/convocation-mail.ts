import ICAL from 'ical.js';
import { ParsedMail } from 'mailparser';

/** Reading back what copil sent: the calendar parts of a parsed email, and a calendar that applies them. */

export interface CalendarParts {
  /** The text/calendar alternative, decoded. */
  alternative: string;
  /** Its Content-Type header, as sent. */
  contentType: string;
  /** The .ics files attached. */
  files: { filename: string; content: string; contentType: string }[];
}

export function calendarParts(mail: ParsedMail): CalendarParts {
  const alternatives = mail.attachments.filter((part) => part.contentType === 'text/calendar');
  if (alternatives.length !== 1) throw new Error(`expected one text/calendar alternative, found ${alternatives.length}`);
  const header = alternatives[0].headers.get('content-type') as { value: string; params: Record<string, string> };
  return {
    alternative: alternatives[0].content.toString('utf8'),
    contentType: `${header.value}; ${Object.entries(header.params).map(([key, value]) => `${key}=${value}`).join('; ')}`,
    files: mail.attachments
      .filter((part) => part.filename?.endsWith('.ics'))
      .map((part) => ({ filename: part.filename as string, content: part.content.toString('utf8'), contentType: part.contentType })),
  };
}

export function eventOf(text: string): { method: string; event: ICAL.Component } {
  const calendar = new ICAL.Component(ICAL.parse(text) as unknown[]);
  return { method: String(calendar.getFirstPropertyValue('method')), event: calendar.getFirstSubcomponent('vevent') as ICAL.Component };
}

export interface CalendarEntry {
  uid: string;
  sequence: number;
  start: string;
  summary: string;
  location: string | null;
  status: string | null;
}

/**
 * What a calendar application does with iTIP messages (RFC 5546), as strictly as Exchange: keyed by
 * UID, a REQUEST not older than the SEQUENCE held replaces the entry; a CANCEL removes it only when
 * its SEQUENCE is above the one held, and is remembered, so an older REQUEST cannot bring it back.
 */
export class SimulatedCalendar {
  readonly entries = new Map<string, CalendarEntry>();
  private readonly held = new Map<string, number>();

  apply(text: string): void {
    const { method, event } = eventOf(text);
    const uid = String(event.getFirstPropertyValue('uid'));
    const sequence = Number(event.getFirstPropertyValue('sequence') ?? 0);
    const known = this.held.get(uid);
    if (known !== undefined && sequence < known) return;
    if (method === 'CANCEL') {
      if (known !== undefined && sequence === known) return;
      this.entries.delete(uid);
      this.held.set(uid, sequence);
      return;
    }
    this.held.set(uid, sequence);
    const start = event.getFirstPropertyValue('dtstart') as ICAL.Time;
    this.entries.set(uid, {
      uid,
      sequence,
      start: start.toJSDate().toISOString(),
      summary: String(event.getFirstPropertyValue('summary')),
      location: (event.getFirstPropertyValue('location') as string | null) ?? null,
      status: (event.getFirstPropertyValue('status') as string | null) ?? null,
    });
  }
}

/** The token of the answer link in a convocation's text. */
export function answerToken(mail: ParsedMail): string {
  const match = /\/answers\/([A-Za-z0-9_-]{64})/.exec(mail.text ?? '');
  if (!match) throw new Error('no answer link in the message');
  return match[1];
}
