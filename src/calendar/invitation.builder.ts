import { DomainError, FieldError } from '../common/domain-error';
import { isIanaTimeZone } from '../rules/time-zone.rule';
import { conformanceProblems } from './icalendar-conformance';
import {
  contentLine,
  escapeText,
  isMailAddress,
  mailtoUri,
  multiLineText,
  Parameter,
  parameterValue,
  singleLineText,
  utcDateTime,
} from './icalendar-text';
import { meetingTimeText } from './meeting-time.text';

export const INVITATION_METHODS = ['REQUEST', 'CANCEL'] as const;
export type InvitationMethod = (typeof INVITATION_METHODS)[number];

/** Members are REQ-PARTICIPANT, guests OPT-PARTICIPANT, people sent a copy for information NON-PARTICIPANT. */
export const ATTENDEE_ROLES = ['REQ-PARTICIPANT', 'OPT-PARTICIPANT', 'NON-PARTICIPANT'] as const;
export type AttendeeRole = (typeof ATTENDEE_ROLES)[number];

export type InvitationStatus = 'CONFIRMED' | 'CANCELLED';

export interface CalendarPerson {
  name: string;
  email: string;
}

export interface CalendarAttendee extends CalendarPerson {
  role: AttendeeRole;
}

export interface InvitationInput {
  method: InvitationMethod;
  /** The meeting's UID: set once, never changed, the same for every recipient and every message. */
  uid: string;
  /** 0 for the first invitation, raised by one at each update and at the cancellation. */
  sequence: number;
  /** When this version of the message was produced. */
  dtstamp: Date;
  start: Date;
  end: Date;
  /** The convention's IANA zone: the French time line of the description is written in it. */
  timeZone: string;
  summary: string;
  description: string;
  /** A place or a video-conference link; omitted when empty. */
  location?: string | null;
  url?: string | null;
  organizer: CalendarPerson;
  attendee: CalendarAttendee;
  /** Follows from the method when absent: CONFIRMED for REQUEST, CANCELLED for CANCEL. */
  status?: InvitationStatus;
  /**
   * On a CANCEL, true when the meeting goes on and only this attendee is withdrawn (a guest no
   * longer invited, a member replaced): RFC 5546 §3.2.5 then forbids STATUS, which would tell
   * the attendee's calendar that the whole meeting is cancelled.
   */
  uninvite?: boolean;
}

export const CALENDAR_PRODUCT_ID = '-//copil//Convocations//FR';

const STATUS_FOR_METHOD: Record<InvitationMethod, InvitationStatus> = {
  REQUEST: 'CONFIRMED',
  CANCEL: 'CANCELLED',
};

/**
 * The iCalendar message (RFC 5545, iTIP RFC 5546) inviting one attendee to a meeting, or telling
 * them it is cancelled: one VEVENT, instants in UTC, folded at 75 octets with CRLF line ends.
 * Refuses invalid input with DomainError.invalid naming each field.
 */
export function buildInvitation(input: InvitationInput): string {
  const errors = invitationInputErrors(input);
  if (errors.length > 0) throw DomainError.invalid(errors, 'The calendar invitation has invalid fields');

  const status = input.uninvite ? null : (input.status ?? STATUS_FOR_METHOD[input.method]);
  const description = [multiLineText(input.description).trimEnd(), meetingTimeText(input.start, input.end, input.timeZone)]
    .filter((part) => part !== '')
    .join('\n\n');
  const location = singleLineText(input.location ?? '');
  const url = input.url ? new URL(input.url).href : '';

  const lines = [
    contentLine('BEGIN', 'VCALENDAR'),
    contentLine('PRODID', escapeText(CALENDAR_PRODUCT_ID)),
    contentLine('VERSION', '2.0'),
    contentLine('CALSCALE', 'GREGORIAN'),
    contentLine('METHOD', input.method),
    contentLine('BEGIN', 'VEVENT'),
    contentLine('UID', input.uid),
    contentLine('SEQUENCE', String(input.sequence)),
    contentLine('DTSTAMP', utcDateTime(input.dtstamp)),
    contentLine('DTSTART', utcDateTime(input.start)),
    contentLine('DTEND', utcDateTime(input.end)),
    contentLine('SUMMARY', escapeText(singleLineText(input.summary))),
    contentLine('DESCRIPTION', escapeText(description)),
    location === '' ? '' : contentLine('LOCATION', escapeText(location)),
    url === '' ? '' : contentLine('URL', url),
    contentLine('ORGANIZER', mailtoUri(input.organizer.email), nameParameter(input.organizer)),
    contentLine('ATTENDEE', mailtoUri(input.attendee.email), [
      ...nameParameter(input.attendee),
      ['ROLE', input.attendee.role],
      ['PARTSTAT', 'NEEDS-ACTION'],
      // Someone copied for information is not asked to answer.
      ['RSVP', input.attendee.role === 'NON-PARTICIPANT' ? 'FALSE' : 'TRUE'],
    ]),
    status === null ? '' : contentLine('STATUS', status),
    contentLine('TRANSP', 'OPAQUE'),
    contentLine('END', 'VEVENT'),
    contentLine('END', 'VCALENDAR'),
  ];
  const text = lines.join('');

  const problems = conformanceProblems(text);
  if (problems.length > 0) throw new Error(`The built invitation is not conformant iCalendar: ${problems.join('; ')}`);
  return text;
}

/** The MIME type of the text/calendar part; its `method` must match the METHOD property (RFC 6047 §2.4). */
export function calendarContentType(method: InvitationMethod): string {
  return `text/calendar; charset=utf-8; method=${method}`;
}

function nameParameter(person: CalendarPerson): Parameter[] {
  return singleLineText(person.name) === '' ? [] : [['CN', parameterValue(person.name)]];
}

function isValidDate(value: unknown): value is Date {
  return value instanceof Date && !Number.isNaN(value.getTime());
}

// A UID is compared byte for byte by every calendar: keep it to printable ASCII that TEXT escaping
// leaves alone, so what is stored is exactly what is sent.
const UID = /^[\x21-\x7E]{1,255}$/;
const UID_FORBIDDEN = /[\\;,]/;

function invitationInputErrors(input: InvitationInput): FieldError[] {
  const errors: FieldError[] = [];
  const fail = (path: string, reason: string) => errors.push({ path, reason });

  if (!INVITATION_METHODS.includes(input.method)) fail('method', `must be one of ${INVITATION_METHODS.join(', ')}`);
  if (typeof input.uid !== 'string' || !UID.test(input.uid) || UID_FORBIDDEN.test(input.uid)) {
    fail('uid', 'must be 1 to 255 printable ASCII characters without spaces, backslashes, semicolons or commas');
  }
  if (!Number.isInteger(input.sequence) || input.sequence < 0 || input.sequence > 2_147_483_647) {
    fail('sequence', 'must be an integer from 0 to 2147483647');
  }
  if (!isValidDate(input.dtstamp)) fail('dtstamp', 'must be a valid date');
  if (!isValidDate(input.start)) fail('start', 'must be a valid date');
  if (!isValidDate(input.end)) fail('end', 'must be a valid date');
  else if (isValidDate(input.start) && input.end.getTime() <= input.start.getTime()) fail('end', 'must be after start');
  if (typeof input.timeZone !== 'string' || !isIanaTimeZone(input.timeZone)) {
    fail('timeZone', 'must be an IANA time zone such as Europe/Paris');
  }
  if (typeof input.summary !== 'string' || singleLineText(input.summary) === '') fail('summary', 'must not be empty');
  if (typeof input.description !== 'string') fail('description', 'must be a string');
  if (input.location != null && typeof input.location !== 'string') fail('location', 'must be a string');
  if (input.url != null && input.url !== '' && !isWebUrl(input.url)) {
    fail('url', 'must be an absolute http or https URL without spaces or control characters');
  }
  personErrors('organizer', input.organizer, fail);
  personErrors('attendee', input.attendee, fail);
  if (input.attendee && !ATTENDEE_ROLES.includes(input.attendee.role)) {
    fail('attendee.role', `must be one of ${ATTENDEE_ROLES.join(', ')}`);
  }
  if (input.uninvite === true && input.method !== 'CANCEL') fail('uninvite', 'applies only to method CANCEL');
  if (input.status !== undefined && input.uninvite === true) {
    fail('status', 'must be absent when uninviting one attendee');
  } else if (input.status !== undefined && INVITATION_METHODS.includes(input.method) && input.status !== STATUS_FOR_METHOD[input.method]) {
    fail('status', `must be ${STATUS_FOR_METHOD[input.method]} with method ${input.method}`);
  }
  return errors;
}

function personErrors(path: string, person: CalendarPerson | undefined, fail: (path: string, reason: string) => void): void {
  if (!person) {
    fail(path, 'is required');
    return;
  }
  if (typeof person.name !== 'string') fail(`${path}.name`, 'must be a string');
  if (typeof person.email !== 'string' || !isMailAddress(person.email)) {
    fail(`${path}.email`, 'must be a plain e-mail address (ASCII, no spaces, no line breaks)');
  }
}

function isWebUrl(value: string): boolean {
  // The WHATWG parser silently drops tabs and line breaks; refuse them instead of sending a link
  // different from the one typed.
  if (typeof value !== 'string' || /[\s\u0000-\u001F\u007F-\u009F]/.test(value)) return false;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}
