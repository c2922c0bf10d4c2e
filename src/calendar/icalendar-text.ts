/**
 * Our rules for the text of an invitation (RFC 5545 §3.1 content lines, §3.2 parameters, §3.3.11
 * TEXT). The `ics` package writes the event; these functions clean the user text it is given and
 * give the conformance normalizer (icalendar-normalizer.ts) its folding and quoting, because ics
 * 3.12 folds at 75 characters instead of 75 octets, lets a bare CR through and escapes DQUOTE
 * inside quoted parameters with a backslash, which iCalendar does not allow
 * (see docs/calendar-invitations.md).
 */

export const CRLF = '\r\n';

/** RFC 5545 §3.1: "Lines of text SHOULD NOT be longer than 75 octets, excluding the line break." */
export const MAX_LINE_OCTETS = 75;

// CR LF, lone CR, lone LF, NEL and the Unicode line and paragraph separators all read as a line
// break to someone; treating them alike keeps a pasted Windows, Mac or Word text intact.
const LINE_BREAK = /\r\n|[\r\n\u0085\u2028\u2029]/g;
// C0 controls (TAB apart), DEL and C1 controls: none is allowed in a TEXT value (§3.3.11).
const CONTROL_BUT_TAB = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function wellFormed(value: string): string {
  // A lone surrogate has no UTF-8 encoding; NFC keeps "é" one character wherever the text came from.
  return value.replace(LONE_SURROGATE, '\uFFFD').normalize('NFC');
}

/**
 * User text meant for a one-line value (SUMMARY, LOCATION, a CN): every line break and control
 * character becomes a space, so nothing the user typed can end the content line.
 */
export function singleLineText(value: string): string {
  return wellFormed(value).replace(LINE_BREAK, ' ').replace(/\t/g, ' ').replace(CONTROL_BUT_TAB, ' ').trim();
}

/**
 * User text meant for a multi-line value (DESCRIPTION): line breaks of any kind become LF (escaped
 * later as `\n`), other control characters become spaces.
 */
export function multiLineText(value: string): string {
  return wellFormed(value).replace(LINE_BREAK, '\n').replace(CONTROL_BUT_TAB, ' ');
}

/** RFC 5545 §3.3.11: escape backslash, semicolon, comma and newline in a TEXT value. */
export function escapeText(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\n/g, '\\n');
}

/**
 * The text of a parameter value such as a CN, before quoting (§3.2). Parameters have no escaping
 * and a quoted value cannot hold a DQUOTE, so DQUOTE becomes an apostrophe. RFC 6868 readers
 * (ical.js, Apple, libical) decode `^n`, `^'` and `^^`, so a caret that would form one of those is
 * doubled; a lone caret is left alone, as RFC 6868 prescribes.
 */
export function parameterText(value: string): string {
  return singleLineText(value).replace(/"/g, "'").replace(/\^(?=[n'^])/g, '^^');
}

/** §3.2: a parameter value is quoted when it holds `:`, `;` or `,`, and only then. No DQUOTE allowed. */
export function quoteParameterValue(value: string): string {
  return /[:;,]/.test(value) ? `"${value}"` : value;
}

/** A parameter value ready to write: `parameterText`, quoted when needed. */
export function parameterValue(value: string): string {
  return quoteParameterValue(parameterText(value));
}

/** DATE-TIME in UTC form (§3.3.5 form #2), to the second. */
export function utcDateTime(instant: Date): string {
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return (
    `${pad(instant.getUTCFullYear(), 4)}${pad(instant.getUTCMonth() + 1)}${pad(instant.getUTCDate())}` +
    `T${pad(instant.getUTCHours())}${pad(instant.getUTCMinutes())}${pad(instant.getUTCSeconds())}Z`
  );
}

export function utf8Length(text: string): number {
  let octets = 0;
  for (const character of text) {
    const codePoint = character.codePointAt(0) ?? 0;
    octets += codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
  }
  return octets;
}

// Folding may legally fall anywhere between octets of different characters; keeping a backslash
// with the character it escapes also spares readers that unfold sloppily.
function foldUnits(line: string): string[] {
  const units: string[] = [];
  let pendingBackslash = false;
  for (const character of line) {
    if (pendingBackslash) {
      units[units.length - 1] += character;
      pendingBackslash = false;
    } else {
      units.push(character);
      pendingBackslash = character === '\\';
    }
  }
  return units;
}

/**
 * Folds one content line into physical lines of at most 75 octets, each continuation starting
 * with one space (which counts in its 75), never inside a UTF-8 sequence. No trailing CRLF.
 */
export function foldLine(line: string): string {
  // Most lines fit: a feed has thousands of them, and this spares splitting each into characters.
  if (Buffer.byteLength(line, 'utf8') <= MAX_LINE_OCTETS) return line;
  const physical: string[] = [];
  let current = '';
  let octets = 0;
  let limit = MAX_LINE_OCTETS;
  for (const unit of foldUnits(line)) {
    const size = utf8Length(unit);
    if (octets + size > limit && current !== '') {
      physical.push(current);
      current = '';
      octets = 0;
      limit = MAX_LINE_OCTETS - 1;
    }
    current += unit;
    octets += size;
  }
  physical.push(current);
  return physical.join(`${CRLF} `);
}

export type Parameter = readonly [name: string, value: string];

/** One property as a folded content line ending with CRLF. Values and parameters must already be encoded. */
export function contentLine(name: string, value: string, parameters: readonly Parameter[] = []): string {
  const parameterText = parameters.map(([parameter, parameterText]) => `;${parameter}=${parameterText}`).join('');
  return foldLine(`${name}${parameterText}:${value}`) + CRLF;
}

// Stricter than RFC 5321 on purpose: the address ends up in a `mailto:` URI and in SMTP commands,
// so characters with a meaning in URIs (?, #, %) and anything outside ASCII are refused. A domain
// label has at most 63 octets (RFC 1035), the limit ics checks as well.
const MAIL_ADDRESS =
  /^[A-Za-z0-9!$&'*+/=^_`{|}~-]+(\.[A-Za-z0-9!$&'*+/=^_`{|}~-]+)*@[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

/** A plain ASCII mailbox `local@domain.tld`: no spaces, controls, quotes, URI delimiters. */
export function isMailAddress(value: string): boolean {
  if (value.length > 254 || !MAIL_ADDRESS.test(value)) return false;
  return value.indexOf('@') <= 64;
}

export function mailtoUri(email: string): string {
  return `mailto:${email}`;
}
