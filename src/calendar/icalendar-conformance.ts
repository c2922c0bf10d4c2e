import { MAX_LINE_OCTETS, utf8Length } from './icalendar-text';

/**
 * The byte-level rules of RFC 5545 §3.1 that calendar clients are least forgiving about, checked on
 * a finished iCalendar text. The builder runs it on everything it produces, so a regression fails
 * loudly instead of reaching a member's calendar. Returns the problems found (empty when conformant).
 */
export function conformanceProblems(text: string): string[] {
  const problems: string[] = [];
  if (!text.endsWith('\r\n')) problems.push('the text does not end with CRLF');
  if (/\r(?!\n)/.test(text)) problems.push('a CR is not followed by LF');
  if (/(?<!\r)\n/.test(text)) problems.push('an LF is not preceded by CR');
  if (/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text)) {
    problems.push('the text holds a lone surrogate, which has no UTF-8 form');
  }

  const physicalLines = text.replace(/\r\n$/, '').split('\r\n');
  physicalLines.forEach((line, index) => {
    const number = index + 1;
    const octets = utf8Length(line);
    if (octets > MAX_LINE_OCTETS) problems.push(`line ${number} is ${octets} octets long`);
    if (line === '') problems.push(`line ${number} is empty`);
    if (/[\u0000-\u0008\u000A-\u001F\u007F]/.test(line)) problems.push(`line ${number} holds a control character`);
    if (index === 0 && /^[ \t]/.test(line)) problems.push('the first line is a continuation line');
  });

  const contentLines = text.replace(/\r\n[ \t]/g, '').replace(/\r\n$/, '').split('\r\n');
  const open: string[] = [];
  contentLines.forEach((line, index) => {
    const property = propertyName(line);
    if (property === null) {
      problems.push(`content line ${index + 1} is not "NAME;PARAM=VALUE:value": ${line.slice(0, 40)}`);
      return;
    }
    const value = line.slice(property.valueStart);
    if (property.name === 'BEGIN') open.push(value);
    if (property.name === 'END' && open.pop() !== value) problems.push(`END:${value} does not close the open component`);
  });
  if (open.length > 0) problems.push(`${open.join(', ')} never ended`);
  if (contentLines[0] !== 'BEGIN:VCALENDAR') problems.push('the text does not start with BEGIN:VCALENDAR');
  return problems;
}

// name *(";" param) ":" value, where a parameter value is either a quoted string without DQUOTE or
// a run of characters other than DQUOTE, ";", ":" and ",", possibly comma-separated.
const PARAMETER_VALUE = '(?:"[^"]*"|[^";:,]*)';
const CONTENT_LINE_HEAD = new RegExp(
  `^([A-Za-z0-9-]+)(?:;[A-Za-z0-9-]+=${PARAMETER_VALUE}(?:,${PARAMETER_VALUE})*)*:`,
);

function propertyName(line: string): { name: string; valueStart: number } | null {
  const match = CONTENT_LINE_HEAD.exec(line);
  return match ? { name: match[1].toUpperCase(), valueStart: match[0].length } : null;
}
