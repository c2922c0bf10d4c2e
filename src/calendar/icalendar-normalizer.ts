import { CRLF, foldLine, quoteParameterValue } from './icalendar-text';

/**
 * The conformance normalizer: takes iCalendar text from any writer (in practice the `ics`
 * package) and writes it again by the byte-level rules of RFC 5545 §3.1 and §3.2, whatever the
 * writer did with folding, line ends, parameter quoting and control characters. It does not touch
 * what values mean (TEXT escaping, RFC 6868 carets): that is the writer's job, on clean input.
 */

export interface ICalendarParameter {
  /** Upper-cased. */
  name: string;
  /** Several for a list such as `MEMBER="mailto:a@x.fr","mailto:b@x.fr"`; unquoted. */
  values: string[];
}

export interface ICalendarContentLine {
  /** Upper-cased. */
  name: string;
  parameters: ICalendarParameter[];
  /** Everything after the first colon outside quotes, as written (TEXT escapes kept). */
  value: string;
}

/** A step between parsing and writing, for the few lines a writer cannot be told to produce. */
export type ContentLineAdjustment = (lines: ICalendarContentLine[]) => ICalendarContentLine[];

export class MalformedICalendarError extends Error {
  constructor(reason: string, line: string) {
    super(`Malformed iCalendar content line (${reason}): ${line.slice(0, 80)}`);
    this.name = 'MalformedICalendarError';
  }
}

/**
 * Normalizes a whole iCalendar text: unfold, parse every content line, let `adjust` add, remove or
 * reorder lines, then write each line back with conformant parameters and values, folded at 75
 * octets with CRLF + one space, each ending with CRLF. Throws MalformedICalendarError on text whose
 * structure cannot be read without guessing.
 */
export function normalizeICalendar(text: string, adjust: ContentLineAdjustment = (lines) => lines): string {
  const lines = unfoldContentLines(text).map(parseContentLine);
  return adjust(lines).map(formatContentLine).join('');
}

/**
 * Joins folded lines (a CRLF, or a bare LF as some writers use, followed by one space or tab) and
 * splits the text into logical content lines; empty lines are dropped. A bare CR is no line end
 * for iCalendar: it stays inside its line, where formatting turns it into a space.
 */
export function unfoldContentLines(text: string): string[] {
  return text
    .replace(/\r?\n[ \t]/g, '')
    .split(/\r?\n/)
    .filter((line) => line !== '');
}

const NAME = /[A-Za-z0-9-]+/y;
const PARAMETER_DELIMITERS = ';:,';

/** Reads `NAME *(";" PARAM "=" value *("," value)) ":" value`; the value starts after the first colon outside quotes. */
export function parseContentLine(line: string): ICalendarContentLine {
  const name = readName(line, 0);
  if (name === null) throw new MalformedICalendarError('no property name', line);
  let position = name.length;
  const parameters: ICalendarParameter[] = [];
  while (line[position] === ';') {
    const parameterName = readName(line, position + 1);
    if (parameterName === null || line[position + 1 + parameterName.length] !== '=') {
      throw new MalformedICalendarError('a parameter without NAME=', line);
    }
    position += 1 + parameterName.length + 1;
    const values: string[] = [];
    for (;;) {
      const read = readParameterValue(line, position);
      values.push(read.value);
      position = read.end;
      if (line[position] !== ',') break;
      position += 1;
    }
    parameters.push({ name: parameterName.toUpperCase(), values });
  }
  if (line[position] !== ':') throw new MalformedICalendarError('no colon before the value', line);
  return { name: name.toUpperCase(), parameters, value: line.slice(position + 1) };
}

function readName(line: string, start: number): string | null {
  NAME.lastIndex = start;
  return NAME.exec(line)?.[0] ?? null;
}

function readParameterValue(line: string, start: number): { value: string; end: number } {
  if (line[start] !== '"') {
    let end = start;
    while (end < line.length && !PARAMETER_DELIMITERS.includes(line[end])) {
      if (line[end] === '"') throw new MalformedICalendarError('a double quote inside an unquoted parameter value', line);
      end += 1;
    }
    return { value: line.slice(start, end), end };
  }
  // A quoted value ends at the first DQUOTE followed by ";", ":" or ",": nothing else may follow
  // it. Any other DQUOTE belongs to the value, and ics writes those as `\"`, an escape iCalendar
  // does not have: the backslash is ics's, the quote the user's. A backslash before the closing
  // quote is the user's (ics escapes nothing but the DQUOTE).
  let value = '';
  for (let index = start + 1; index < line.length; index += 1) {
    const character = line[index];
    if (character !== '"') {
      value += character;
    } else if (PARAMETER_DELIMITERS.includes(line[index + 1] ?? '')) {
      return { value, end: index + 1 };
    } else {
      value = value.endsWith('\\') ? `${value.slice(0, -1)}"` : `${value}"`;
    }
  }
  throw new MalformedICalendarError('a quoted parameter value never closed', line);
}

// C0 controls but TAB (which TEXT and parameter values allow), DEL, C1 controls and the Unicode
// line separators: each reads as a line end or garbage to some client. A lone surrogate has no
// UTF-8 form. TEXT line breaks are the two characters `\n` and are not affected.
const CONTROL_BUT_TAB = /[\u0000-\u0008\u000A-\u001F\u007F-\u009F\u2028\u2029]/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function withoutControls(value: string): string {
  return value.replace(CONTROL_BUT_TAB, ' ').replace(LONE_SURROGATE, '\uFFFD');
}

// RFC 5545 §3.2 writes these with DQUOTE around every value, whatever it holds (they are URIs).
const ALWAYS_QUOTED = new Set(['ALTREP', 'DELEGATED-FROM', 'DELEGATED-TO', 'DIR', 'MEMBER', 'SENT-BY']);

function formatParameterValue(parameter: string, value: string): string {
  const text = withoutControls(value).replace(/"/g, "'");
  return ALWAYS_QUOTED.has(parameter) ? `"${text}"` : quoteParameterValue(text);
}

/**
 * One content line as conformant text ending with CRLF: names upper-cased, each parameter value
 * quoted exactly when §3.2 requires it (`:`, `;` or `,` inside, or a URI parameter) so enumerated
 * values such as ROLE or PARTSTAT come out bare, a DQUOTE in a parameter value (which cannot be
 * written) turned into an apostrophe, control characters turned into spaces, folded at 75 octets.
 */
export function formatContentLine(line: ICalendarContentLine): string {
  const name = line.name.toUpperCase();
  const parameters = line.parameters
    .map(({ name: parameter, values }) => {
      const upper = parameter.toUpperCase();
      return `;${upper}=${values.map((value) => formatParameterValue(upper, value)).join(',')}`;
    })
    .join('');
  return foldLine(`${name}${parameters}:${withoutControls(line.value)}`) + CRLF;
}
