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

/**
 * What a calendar reads in the invitation or cancellation of one recipient: the entry (UID,
 * SEQUENCE, DTSTAMP, start, place, STATUS), who it comes from (ORGANIZER: the recipient's own reply
 * address) and what it asks of them (their ATTENDEE's PARTSTAT and RSVP).
 */
export function invitationFacts(mail: ParsedMail) {
  const { method, event } = eventOf(calendarParts(mail).alternative);
  const attendee = event.getFirstProperty('attendee') as ICAL.Property;
  return {
    method,
    uid: String(event.getFirstPropertyValue('uid')),
    sequence: Number(event.getFirstPropertyValue('sequence')),
    status: event.getFirstPropertyValue('status'),
    dtstamp: (event.getFirstPropertyValue('dtstamp') as ICAL.Time).toJSDate(),
    start: (event.getFirstPropertyValue('dtstart') as ICAL.Time).toJSDate().toISOString(),
    location: event.getFirstPropertyValue('location'),
    organizer: String(event.getFirstPropertyValue('organizer')).replace(/^mailto:/i, ''),
    attendee: String(attendee.getFirstValue()).replace(/^mailto:/i, ''),
    partstat: attendee.getParameter('partstat'),
    rsvp: attendee.getParameter('rsvp'),
  };
}

/** The fields of a bare calendar REPLY: what copil reads in one, and nothing a real client adds. */
export interface BareReply {
  prodId: string;
  uid: string;
  sequence: number;
  /** DTSTAMP, in iCalendar's UTC form (20250310T090000Z). */
  stamp: string;
  partstat: string;
  attendee: { name: string; email: string };
  /** The ORGANIZER the calendar copies from the invitation; none when absent. */
  organizer?: string;
  delegatedTo?: string;
  comment?: string;
}

/** A REPLY reduced to the lines copil reads, CRLF-ended, to post to /calendar/replies. */
export function bareReply(reply: BareReply): string {
  return [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:${reply.prodId}`,
    'METHOD:REPLY',
    'BEGIN:VEVENT',
    `UID:${reply.uid}`,
    `SEQUENCE:${reply.sequence}`,
    `DTSTAMP:${reply.stamp}`,
    ...(reply.organizer ? [`ORGANIZER;CN=DSDEN 38:mailto:${reply.organizer}`] : []),
    `ATTENDEE;PARTSTAT=${reply.partstat}${reply.delegatedTo ? `;DELEGATED-TO="mailto:${reply.delegatedTo}"` : ''};CN=${reply.attendee.name}:mailto:${reply.attendee.email}`,
    ...(reply.comment ? [`COMMENT:${reply.comment}`] : []),
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n');
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
