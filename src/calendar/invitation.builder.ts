import { dirname, join } from 'node:path';
import { EventAttributes } from 'ics';
import { DomainError, FieldError } from '../common/domain-error';
import { isIanaTimeZone } from '../rules/time-zone.rule';
import { conformanceProblems } from './icalendar-conformance';
import { ICalendarContentLine, ICalendarParameter, formatContentLine, parseContentLine, unfoldContentLines } from './icalendar-normalizer';
import { isMailAddress, multiLineText, parameterText, singleLineText } from './icalendar-text';
import { meetingTimeSentence } from '../common/french-time';

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

/** What the organizer knows of the attendee's answer; NEEDS-ACTION asks for one. */
export const ATTENDEE_PARTSTATS = ['NEEDS-ACTION', 'ACCEPTED', 'DECLINED', 'TENTATIVE'] as const;
export type AttendeePartstat = (typeof ATTENDEE_PARTSTATS)[number];

export interface CalendarAttendee extends CalendarPerson {
  role: AttendeeRole;
  /**
   * NEEDS-ACTION when absent. An update that does not change the time keeps the answer already given
   * (RFC 5546 §2.1.4, §3.2.2): PARTSTAT says it, and RSVP is then not asked.
   */
  partstat?: AttendeePartstat;
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
 * them it is cancelled: one VEVENT, instants in UTC. The `ics` package writes the event from
 * cleaned input; our normalizer then makes the text conformant (folded at 75 octets, CRLF line
 * ends, parameters quoted as RFC 5545 says, no control character), and the result is checked.
 * Refuses invalid input with DomainError.invalid naming each field.
 */
export function buildInvitation(input: InvitationInput): string {
  const errors = invitationInputErrors(input);
  if (errors.length > 0) throw DomainError.invalid(errors, 'The calendar invitation has invalid fields');

  const personal = personalLines(input);
  const text = sharedLines(input)
    .map((line) => {
      if (typeof line === 'string') return line;
      const own = personal.get(line.personal)?.shift();
      if (own === undefined) throw new Error(`ics wrote no ${line.personal} line for this recipient`);
      return own;
    })
    .join('');

  const problems = conformanceProblems(text);
  if (problems.length > 0) throw new Error(`The built invitation is not conformant iCalendar: ${problems.join('; ')}`);
  return text;
}

/**
 * The properties ics writes from what differs between two recipients of one version of a meeting:
 * the people, DTSTAMP (when the message is composed) and SEQUENCE (a recipient may be above the
 * meeting's). Everything else is the meeting's, the same in all its messages.
 */
const PERSONAL_PROPERTIES = new Set(['DTSTAMP', 'SEQUENCE', 'ORGANIZER', 'ATTENDEE']);

/** A line of the meeting's text, written; or the place of a line of the recipient's. */
type SharedLine = string | { personal: string };

/**
 * The meeting's lines, written once per version of the meeting rather than once per recipient:
 * ics writes the whole event with stand-in people (and its schema checks it), our normalizer
 * makes each line conformant, and the lines ics wrote from the people, DTSTAMP and SEQUENCE are
 * left as places, which `personalLines` fills for each recipient. ics writes every property on
 * its own line(s) in a fixed order, so the text is the one ics would write for that recipient alone.
 */
const SHARED_KEPT = 2000;
const shared = new Map<string, SharedLine[]>();

const STAND_IN_ORGANIZER: CalendarPerson = { name: 'Organisateur', email: 'organisateur@copil.invalid' };
const STAND_IN_ATTENDEE: CalendarAttendee = { name: 'Participant', email: 'participant@copil.invalid', role: 'REQ-PARTICIPANT' };

function sharedLines(input: InvitationInput): SharedLine[] {
  const key = JSON.stringify([
    input.method,
    input.uid,
    input.start.getTime(),
    input.end.getTime(),
    input.timeZone,
    input.summary,
    input.description,
    input.location ?? null,
    input.url ?? null,
    input.status ?? null,
    input.uninvite === true,
  ]);
  let lines = shared.get(key);
  if (lines === undefined) {
    const standIn: InvitationInput = { ...input, organizer: STAND_IN_ORGANIZER, attendee: STAND_IN_ATTENDEE, sequence: 0, dtstamp: input.start };
    const url = input.url ? new URL(input.url).href : null;
    const written = writeWithIcs(icsEvent(standIn, url));
    lines = adjustIcsLines(unfoldContentLines(written.text).map(parseContentLine), standIn, written.urlLeftOut ? url : null).map(
      (line): SharedLine => (PERSONAL_PROPERTIES.has(line.name) ? { personal: line.name } : formatContentLine(line)),
    );
    if (shared.size >= SHARED_KEPT) shared.clear();
    shared.set(key, lines);
  }
  return lines;
}

/** The recipient's own lines, written by ics from an event holding only what they depend on, by name in the order written. */
function personalLines(input: InvitationInput): Map<string, string[]> {
  // Given to ics's formatting as they are: ics's defaults (a title, a random UID, now) would only
  // write lines left out here, at the cost of a random id per message.
  const event: Partial<IcsEvent> = {
    uid: input.uid,
    timestamp: input.dtstamp.getTime(),
    sequence: input.sequence,
    start: input.start.getTime(),
    startInputType: 'utc',
    startOutputType: 'utc',
    ...icsPeople(input),
  };
  const lines = unfoldContentLines(formatEvent(event))
    .map(parseContentLine)
    .filter((line) => PERSONAL_PROPERTIES.has(line.name));
  const byName = new Map<string, string[]>();
  for (const line of adjustIcsLines(lines, input, null)) {
    const written = byName.get(line.name) ?? [];
    written.push(formatContentLine(line));
    byName.set(line.name, written);
  }
  return byName;
}

/** The MIME type of the text/calendar part; its `method` must match the METHOD property (RFC 6047 §2.4). */
export function calendarContentType(method: InvitationMethod): string {
  return `text/calendar; charset=utf-8; method=${method}`;
}

// DTSTAMP is `timestamp` for ics, which its types leave out.
type IcsEvent = EventAttributes & { timestamp: number };

/**
 * What ics is given: user text already cleaned by our rules (line breaks and controls out of
 * one-line values, DQUOTE out of names, LF kept in the description for ics to escape as `\n`),
 * instants as UTC milliseconds written in UTC.
 */
function icsEvent(input: InvitationInput, url: string | null): IcsEvent {
  const status = input.uninvite ? undefined : (input.status ?? STATUS_FOR_METHOD[input.method]);
  const description = [multiLineText(input.description).trimEnd(), meetingTimeSentence(input.start, input.end, input.timeZone)]
    .filter((part) => part !== '')
    .join('\n\n');
  const location = singleLineText(input.location ?? '');
  return {
    productId: CALENDAR_PRODUCT_ID,
    method: input.method,
    uid: input.uid,
    sequence: input.sequence,
    timestamp: input.dtstamp.getTime(),
    start: input.start.getTime(),
    startInputType: 'utc',
    startOutputType: 'utc',
    end: input.end.getTime(),
    endInputType: 'utc',
    endOutputType: 'utc',
    title: singleLineText(input.summary),
    description,
    location: location === '' ? undefined : location,
    url: url ?? undefined,
    status,
    transp: 'OPAQUE',
    ...icsPeople(input),
  };
}

/** The people as ics takes them: the organizer, and the one attendee with their role and what is asked of them. */
function icsPeople(input: InvitationInput): Pick<IcsEvent, 'organizer' | 'attendees'> {
  return {
    organizer: { name: personName(input.organizer), email: input.organizer.email },
    attendees: [
      {
        name: personName(input.attendee),
        email: input.attendee.email,
        role: input.attendee.role,
        partstat: input.attendee.partstat ?? 'NEEDS-ACTION',
        // Someone copied for information is not asked to answer, nor someone whose answer is kept;
        // a CANCEL asks nobody (RFC 5546 §3.2.5).
        rsvp:
          input.method === 'CANCEL'
            ? undefined
            : input.attendee.role !== 'NON-PARTICIPANT' && (input.attendee.partstat ?? 'NEEDS-ACTION') === 'NEEDS-ACTION',
      },
    ],
  };
}

function personName(person: CalendarPerson): string | undefined {
  const name = parameterText(person.name);
  return name === '' ? undefined : name;
}

/**
 * Runs ics. Its URL pattern refuses links the WHATWG parser accepts (an IPv6 host, a one-digit
 * port, an underscore in a host name): when ics refuses the event with the link and accepts it
 * without, the link is written by `adjustIcsLines` instead. Any other refusal is a bug: our
 * validation is stricter than ics's everywhere else.
 */
function writeWithIcs(event: IcsEvent): { text: string; urlLeftOut: boolean } {
  if (icsAccepts(event)) return { text: formatWithIcs(event), urlLeftOut: false };
  if (event.url !== undefined) {
    const withoutUrl = { ...event, url: undefined };
    if (icsAccepts(withoutUrl)) return { text: formatWithIcs(withoutUrl), urlLeftOut: true };
  }
  const refused = validateHeaderAndEvent(icsCandidate(event));
  throw new Error(`ics refused the invitation: ${icsErrorMessage(refused.error)}`);
}

/**
 * The steps ics's `createEvent` runs (defaults, schema check, formatting). The package exports
 * only its entry point, so its pipeline module is loaded by its path beside that entry point.
 */
interface IcsPipeline {
  buildHeader(attributes: object): Record<string, unknown>;
  buildEvent(attributes: object): Record<string, unknown>;
  validateHeaderAndEvent(candidate: object): { error: unknown; value: unknown };
  formatHeader(header: object): string;
  formatEvent(event: object): string;
  formatFooter(): string;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { buildEvent, buildHeader, formatEvent, formatFooter, formatHeader, validateHeaderAndEvent } = require(join(dirname(require.resolve('ics')), 'pipeline')) as IcsPipeline;

/**
 * What `createEvent` hands to ics's schema and then formats: its defaults, then our attributes
 * (ics validates in strict mode, so the value checked is the value formatted).
 */
function icsCandidate(event: IcsEvent): Record<string, unknown> {
  return { ...buildHeader(event), ...buildEvent(event) };
}

/** The text `createEvent(event).value` is, once the event is known to pass ics's schema. */
function formatWithIcs(event: IcsEvent): string {
  const candidate = icsCandidate(event);
  return formatHeader(candidate) + formatEvent(candidate) + formatFooter();
}

/** Whether ics's schema (yup, strict) takes the event: asked once per version of a meeting (`sharedLines`). */
function icsAccepts(event: IcsEvent): boolean {
  return !validateHeaderAndEvent(icsCandidate(event)).error;
}

function icsErrorMessage(error: unknown): string {
  // ics returns a plain copy of yup's ValidationError rather than an Error.
  if (error && typeof error === 'object' && 'message' in error) return String(error.message);
  return String(error);
}

// ics adds it to every calendar: a refresh interval for published feeds, meaningless in an iTIP message.
const DROPPED_ICS_PROPERTIES = new Set(['X-PUBLISHED-TTL']);
// ics writes RSVP, ROLE, PARTSTAT, CN; the name first reads better and keeps the text stable.
const ATTENDEE_PARAMETER_ORDER = ['CN', 'ROLE', 'PARTSTAT', 'RSVP'];

/**
 * The few lines ics cannot be told to write as we need, changed after parsing and before writing:
 * - X-PUBLISHED-TTL is dropped;
 * - ics puts a placeholder CN (« Organizer », « Unnamed attendee ») for a person without a name:
 *   the CN is dropped instead;
 * - the ORGANIZER address is `mailto:` like the ATTENDEE one (ics writes `MAILTO:`);
 * - the ATTENDEE parameters come in the order CN, ROLE, PARTSTAT, RSVP;
 * - a link ics refused is written as URL right after DESCRIPTION, where ics puts it.
 */
function adjustIcsLines(lines: ICalendarContentLine[], input: InvitationInput, urlLeftOut: string | null): ICalendarContentLine[] {
  const adjusted: ICalendarContentLine[] = [];
  for (const line of lines) {
    if (DROPPED_ICS_PROPERTIES.has(line.name)) continue;
    if (line.name === 'ORGANIZER') adjusted.push(adjustPerson(line, input.organizer));
    else if (line.name === 'ATTENDEE') adjusted.push(adjustPerson(line, input.attendee, ATTENDEE_PARAMETER_ORDER));
    else adjusted.push(line);
    if (line.name === 'DESCRIPTION' && urlLeftOut !== null) adjusted.push({ name: 'URL', parameters: [], value: urlLeftOut });
  }
  return adjusted;
}

function adjustPerson(line: ICalendarContentLine, person: CalendarPerson, order: readonly string[] = []): ICalendarContentLine {
  const parameters = line.parameters.filter((parameter) => parameter.name !== 'CN' || personName(person) !== undefined);
  return { ...line, parameters: inOrder(parameters, order), value: line.value.replace(/^mailto:/i, 'mailto:') };
}

function inOrder(parameters: ICalendarParameter[], order: readonly string[]): ICalendarParameter[] {
  const rank = (parameter: ICalendarParameter) => {
    const index = order.indexOf(parameter.name);
    return index === -1 ? order.length : index;
  };
  return [...parameters].sort((a, b) => rank(a) - rank(b));
}

function isValidDate(value: unknown): value is Date {
  return value instanceof Date && !Number.isNaN(value.getTime());
}

// ics takes instants as milliseconds since 1970 and refuses earlier ones; a DATE-TIME has a
// four-digit year, so nothing from the year 10000 on can be written.
const FIRST_INSTANT = Date.UTC(1970, 0, 1);
const INSTANT_AFTER_LAST = Date.UTC(10000, 0, 1);

function instantProblem(value: unknown): string | null {
  if (!isValidDate(value)) return 'must be a valid date';
  const time = value.getTime();
  return time < FIRST_INSTANT || time >= INSTANT_AFTER_LAST ? 'must be from 1970 to 9999 (UTC)' : null;
}

// A UID is compared byte for byte by every calendar: keep it to printable ASCII that TEXT escaping
// leaves alone, so what is stored is exactly what is sent.
const UID = /^[\x21-\x7E]{1,255}$/;
const UID_FORBIDDEN = /[\\;,]/;

function invitationInputErrors(input: InvitationInput): FieldError[] {
  const errors: FieldError[] = [];
  // The builder's own input, checked before anything is written: one code, the words say why.
  const fail = (path: string, message: string) => errors.push({ path, code: 'wrong_format', message });

  if (!INVITATION_METHODS.includes(input.method)) fail('method', `must be one of ${INVITATION_METHODS.join(', ')}`);
  if (typeof input.uid !== 'string' || !UID.test(input.uid) || UID_FORBIDDEN.test(input.uid)) {
    fail('uid', 'must be 1 to 255 printable ASCII characters without spaces, backslashes, semicolons or commas');
  }
  if (!Number.isInteger(input.sequence) || input.sequence < 0 || input.sequence > 2_147_483_647) {
    fail('sequence', 'must be an integer from 0 to 2147483647');
  }
  for (const field of ['dtstamp', 'start', 'end'] as const) {
    const problem = instantProblem(input[field]);
    if (problem !== null) fail(field, problem);
  }
  if (instantProblem(input.start) === null && instantProblem(input.end) === null && input.end.getTime() <= input.start.getTime()) {
    fail('end', 'must be after start');
  }
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
  if (input.attendee?.partstat !== undefined && !ATTENDEE_PARTSTATS.includes(input.attendee.partstat)) {
    fail('attendee.partstat', `must be one of ${ATTENDEE_PARTSTATS.join(', ')}`);
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
