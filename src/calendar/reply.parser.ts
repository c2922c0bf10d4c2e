import ICAL from 'ical.js';
import { DomainError } from '../common/domain-error';
import { isMailAddress, multiLineText } from './icalendar-text';

export const REPLY_PARTSTATS = ['ACCEPTED', 'DECLINED', 'TENTATIVE', 'DELEGATED', 'NEEDS-ACTION'] as const;
export type ReplyPartstat = (typeof REPLY_PARTSTATS)[number];

/** What an attendee's calendar answered (iTIP REPLY, RFC 5546 §3.2.3). */
export interface CalendarReply {
  uid: string;
  sequence: number;
  dtstamp: Date;
  /** Lower-cased, without `mailto:`. */
  attendeeEmail: string;
  partstat: ReplyPartstat;
  /** With DELEGATED: the first delegate named by DELEGATED-TO. */
  delegatedTo?: string;
  /** When the reply comes from a delegate: who delegated to them (DELEGATED-FROM). */
  delegatedFrom?: string;
  /** The note the attendee typed with the answer (Outlook, Apple), if any. */
  comment?: string;
  /** The ORGANIZER's address, lower-cased, when it is a mailto: (clients copy it from the invitation). */
  organizerEmail?: string;
}

export type InvalidReplyReason =
  | 'not_icalendar'
  | 'not_reply'
  | 'no_event'
  | 'several_events'
  | 'no_uid'
  | 'no_dtstamp'
  | 'invalid_sequence'
  | 'no_attendee'
  | 'several_attendees'
  | 'attendee_not_email'
  | 'unknown_partstat'
  | 'invalid_delegation';

/** A text that cannot be read as one attendee's iTIP REPLY; `reason` says which check failed. */
export class InvalidCalendarReplyError extends DomainError {
  constructor(
    readonly reason: InvalidReplyReason,
    message: string,
  ) {
    super('invalid', 'invalid_calendar_reply', message, { reason });
    this.name = 'InvalidCalendarReplyError';
  }
}

function refuse(reason: InvalidReplyReason, message: string): never {
  throw new InvalidCalendarReplyError(reason, message);
}

/** Reads the iCalendar text a calendar client sent back. Throws InvalidCalendarReplyError. */
export function parseReply(text: string): CalendarReply {
  try {
    return readReply(text);
  } catch (error) {
    if (error instanceof InvalidCalendarReplyError) throw error;
    // ical.js decodes lazily: a malformed value it meets on first read is still malformed input.
    refuse('not_icalendar', `The reply is not valid iCalendar: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function readReply(text: string): CalendarReply {
  const calendar = readCalendar(text);

  const method = calendar.getFirstPropertyValue('method');
  if (typeof method !== 'string' || method.trim().toUpperCase() !== 'REPLY') {
    refuse('not_reply', `The calendar's METHOD is ${typeof method === 'string' ? method : 'missing'}, expected REPLY`);
  }

  const events = calendar.getAllSubcomponents('vevent');
  if (events.length === 0) refuse('no_event', 'The reply has no VEVENT');
  if (events.length > 1) refuse('several_events', `The reply has ${events.length} VEVENTs, expected one`);
  const event = events[0];

  const uid = event.getFirstPropertyValue('uid');
  if (typeof uid !== 'string' || uid.trim() === '') refuse('no_uid', 'The reply VEVENT has no UID');
  // PostgreSQL refuses NUL in text, and no UID copil sends holds a control character.
  if (/[\u0000-\u001F\u007F]/.test(uid)) refuse('no_uid', 'The reply UID holds control characters');

  const attendees = event.getAllProperties('attendee');
  if (attendees.length === 0) refuse('no_attendee', 'The reply VEVENT has no ATTENDEE');
  if (attendees.length > 1) {
    refuse('several_attendees', `The reply VEVENT has ${attendees.length} ATTENDEE properties, expected the one answering`);
  }
  const attendee = attendees[0];
  const attendeeEmail = calendarAddressEmail(attendee.getFirstValue());
  if (attendeeEmail === null) refuse('attendee_not_email', 'The ATTENDEE is not a mailto: address');

  const partstat = readPartstat(attendee.getParameter('partstat'));
  const delegatedTo = delegationAddress(attendee, 'delegated-to');
  const delegatedFrom = delegationAddress(attendee, 'delegated-from');
  const written = event.getFirstPropertyValue('comment');
  // The note is shown to people and stored: same treatment as any user text (no NUL, no controls).
  const comment = typeof written === 'string' ? multiLineText(written).trim() : '';
  const organizerEmail = calendarAddressEmail(event.getFirstPropertyValue('organizer'));

  return {
    uid,
    sequence: readSequence(event, text),
    dtstamp: readDtstamp(event),
    attendeeEmail,
    partstat,
    ...(delegatedTo === undefined ? {} : { delegatedTo }),
    ...(delegatedFrom === undefined ? {} : { delegatedFrom }),
    ...(comment === '' ? {} : { comment }),
    ...(organizerEmail === null ? {} : { organizerEmail }),
  };
}

/**
 * RFC 5546 §2.1.5: a reply answering an older version of the meeting is ignored, and of two replies
 * to the same version the one with the older DTSTAMP is ignored. `storedSequence` is the SEQUENCE
 * the organizer holds for that attendee, `storedDtstamp` the DTSTAMP of the last reply applied at
 * that sequence (null when none). A reply with the same DTSTAMP is applied again (a redelivered
 * message changes nothing), so only strictly older replies are dropped.
 */
export function shouldApplyReply(
  storedSequence: number,
  storedDtstamp: Date | null,
  reply: Pick<CalendarReply, 'sequence' | 'dtstamp'>,
): boolean {
  if (reply.sequence < storedSequence) return false;
  if (reply.sequence > storedSequence || storedDtstamp === null) return true;
  return reply.dtstamp.getTime() >= storedDtstamp.getTime();
}

function readCalendar(text: string): ICAL.Component {
  if (typeof text !== 'string' || text.trim() === '') refuse('not_icalendar', 'The reply is empty');
  let parsed: unknown;
  try {
    parsed = ICAL.parse(text);
  } catch (error) {
    refuse('not_icalendar', `The reply is not valid iCalendar: ${error instanceof Error ? error.message : String(error)}`);
  }
  // ical.js returns one jCal component, or a list of them when the text holds several.
  if (!Array.isArray(parsed) || parsed.length === 0 || Array.isArray(parsed[0])) {
    refuse('not_icalendar', 'The reply must hold exactly one VCALENDAR');
  }
  const calendar = new ICAL.Component(parsed as unknown[]);
  if (calendar.name !== 'vcalendar') refuse('not_icalendar', `The reply's root component is ${calendar.name.toUpperCase()}, expected VCALENDAR`);
  return calendar;
}

function calendarAddressEmail(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const match = /^\s*mailto:(.+?)\s*$/i.exec(value);
  if (!match) return null;
  let address: string;
  try {
    address = decodeURIComponent(match[1]);
  } catch {
    return null;
  }
  return isMailAddress(address) ? address.toLowerCase() : null;
}

function readPartstat(value: unknown): ReplyPartstat {
  // RFC 5545 §3.2.12: without PARTSTAT the attendee is NEEDS-ACTION.
  if (value === undefined || value === null) return 'NEEDS-ACTION';
  const partstat = String(value).trim().toUpperCase();
  if (!(REPLY_PARTSTATS as readonly string[]).includes(partstat)) {
    refuse('unknown_partstat', `The ATTENDEE's PARTSTAT is ${partstat}, expected one of ${REPLY_PARTSTATS.join(', ')}`);
  }
  return partstat as ReplyPartstat;
}

function delegationAddress(attendee: ICAL.Property, parameter: 'delegated-to' | 'delegated-from'): string | undefined {
  const raw: unknown = attendee.getParameter(parameter);
  if (raw === undefined || raw === null) return undefined;
  const first = Array.isArray(raw) ? raw[0] : raw;
  const email = calendarAddressEmail(first);
  if (email === null) refuse('invalid_delegation', `The ATTENDEE's ${parameter.toUpperCase()} is not a mailto: address`);
  return email;
}

function readSequence(event: ICAL.Component, text: string): number {
  const value: unknown = event.getFirstPropertyValue('sequence');
  // RFC 5545 §3.8.7.4: a missing SEQUENCE is 0.
  if (value === null || value === undefined) return 0;
  // ical.js reads a non-numeric SEQUENCE as 0, so check what was written.
  const written = writtenValues(text, 'SEQUENCE');
  if (!written.every((sequence) => /^\d+$/.test(sequence)) || typeof value !== 'number' || !Number.isSafeInteger(value)) {
    refuse('invalid_sequence', `The reply SEQUENCE is ${written.join(', ')}, expected a non-negative integer`);
  }
  return value;
}

function writtenValues(text: string, propertyName: string): string[] {
  const head = new RegExp(`^${propertyName}(;(?:"[^"]*"|[^":])*)?:`, 'i');
  const values: string[] = [];
  for (const line of text.replace(/\r?\n[ \t]/g, '').split(/\r?\n/)) {
    const match = head.exec(line);
    if (match) values.push(line.slice(match[0].length).trim());
  }
  return values;
}

function readDtstamp(event: ICAL.Component): Date {
  let value: unknown;
  try {
    // ical.js decodes values on first read, and throws there on a malformed date-time.
    value = event.getFirstPropertyValue('dtstamp');
  } catch {
    refuse('no_dtstamp', 'The reply DTSTAMP is not a date-time');
  }
  if (!(value instanceof ICAL.Time)) refuse('no_dtstamp', 'The reply VEVENT has no DTSTAMP');
  // DTSTAMP is UTC by definition (RFC 5545 §3.8.7.2); a value written without "Z" is read as UTC
  // too, rather than in this server's zone.
  const instant = new Date(Date.UTC(value.year, value.month - 1, value.day, value.hour, value.minute, value.second));
  if (Number.isNaN(instant.getTime())) refuse('no_dtstamp', 'The reply DTSTAMP is not a date-time');
  return instant;
}
