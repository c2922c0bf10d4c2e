import { conformanceProblems } from './icalendar-conformance';
import {
  escapeText,
  foldLine,
  isMailAddress,
  multiLineText,
  parameterText,
  parameterValue,
  quoteParameterValue,
  singleLineText,
  utf8Length,
} from './icalendar-text';

const octets = (line: string) => Buffer.byteLength(line, 'utf8');

describe('foldLine', () => {
  it('leaves a line of exactly 75 octets whole', () => {
    const line = `SUMMARY:${'a'.repeat(67)}`;
    expect(foldLine(line)).toBe(line);
  });

  it('folds a 76-octet line after the 75th octet, the continuation starting with one space', () => {
    expect(foldLine(`SUMMARY:${'a'.repeat(68)}`)).toBe(`SUMMARY:${'a'.repeat(67)}\r\n a`);
  });

  it('moves a two-octet character that would straddle octet 75 to the next line', () => {
    // 74 ASCII octets then "é": 76 octets, so "é" cannot end the first line.
    const folded = foldLine(`SUMMARY:${'a'.repeat(66)}é`);
    expect(folded).toBe(`SUMMARY:${'a'.repeat(66)}\r\n é`);
    expect(octets(folded.split('\r\n')[0])).toBe(74);
  });

  it('counts the leading space of a continuation line in its 75 octets', () => {
    const folded = foldLine(`DESCRIPTION:${'œ'.repeat(200)}`);
    const lines = folded.split('\r\n');
    for (const line of lines) expect(octets(line)).toBeLessThanOrEqual(75);
    expect(lines.slice(1, -1).every((line) => octets(line) === 75)).toBe(true);
    expect(folded.replace(/\r\n /g, '')).toBe(`DESCRIPTION:${'œ'.repeat(200)}`);
  });

  it('never splits a four-octet character', () => {
    const line = `SUMMARY:x${'🎓'.repeat(60)}`;
    for (const physical of foldLine(line).split('\r\n')) {
      expect(physical).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
      expect(octets(physical)).toBeLessThanOrEqual(75);
    }
  });

  it('keeps a backslash with the character it escapes', () => {
    const folded = foldLine(`DESCRIPTION:${'a'.repeat(62)}\\n`);
    expect(folded).toBe(`DESCRIPTION:${'a'.repeat(62)}\r\n \\n`);
  });
});

describe('text values', () => {
  it('escapes backslash, semicolon, comma and newline, in that order', () => {
    expect(escapeText('a\\b;c,d\ne')).toBe('a\\\\b\\;c\\,d\\ne');
    expect(escapeText('\\n')).toBe('\\\\n');
  });

  it('leaves colons and double quotes alone in TEXT', () => {
    expect(escapeText('Objet : "bilan"')).toBe('Objet : "bilan"');
  });

  it('turns any line break or control into a space in a one-line value', () => {
    expect(singleLineText(' a\r\nb\rc\nd\u0000e\tf\u2028g ')).toBe('a b c d e f g');
  });

  it('keeps line breaks as LF in a multi-line value', () => {
    expect(multiLineText('a\r\nb\rc\u0085d\u0007e')).toBe('a\nb\nc\nd e');
  });

  it('composes decomposed accents (NFC) and replaces a lone surrogate', () => {
    expect(singleLineText('e\u0301le\u0300ve')).toBe('élève');
    expect(singleLineText('a\uD800b')).toBe('a\uFFFDb');
  });

  it('counts UTF-8 octets', () => {
    expect(utf8Length('aé€🎓')).toBe(1 + 2 + 3 + 4);
  });
});

describe('parameterText and quoteParameterValue', () => {
  it('cleans a name without quoting it, for ics to receive', () => {
    expect(parameterText(' Dupont,\r\n"Jean" ^n ')).toBe("Dupont, 'Jean' ^^n");
  });

  it.each([
    ['Jean Dupont', 'Jean Dupont'],
    ['Dupont, Jean', '"Dupont, Jean"'],
    ['IEN; 3', '"IEN; 3"'],
    ['Mairie: DSI', '"Mairie: DSI"'],
    ['REQ-PARTICIPANT', 'REQ-PARTICIPANT'],
  ])('quotes %p only when it holds a colon, a semicolon or a comma', (value, written) => {
    expect(quoteParameterValue(value)).toBe(written);
  });
});

describe('parameterValue', () => {
  it.each([
    ['Jean Dupont', 'Jean Dupont'],
    ['Dupont, Jean', '"Dupont, Jean"'],
    ['Dupont, "Jean"', `"Dupont, 'Jean'"`],
    ['Mairie: DSI', '"Mairie: DSI"'],
    ['"Jean"', "'Jean'"],
    ['a^nb', 'a^^nb'],
    ['a^b', 'a^b'],
  ])('writes %p as %s', (value, written) => {
    expect(parameterValue(value)).toBe(written);
  });
});

describe('isMailAddress', () => {
  it.each(['jean.dupont@ac-grenoble.fr', 'ce.0382460T@ac-grenoble.fr', "o'neil+copil@example.org", `a@${'b'.repeat(63)}.fr`])('accepts %p', (email) => {
    expect(isMailAddress(email)).toBe(true);
  });

  it.each(['a@b', 'a@b.fr\r\n', ' a@b.fr', 'a b@c.fr', 'a@b.fr?cc=x', 'a#b@c.fr', 'a%0D@c.fr', '.a@b.fr', 'a..b@c.fr', `${'a'.repeat(65)}@b.fr`, `a@${'b'.repeat(64)}.fr`])(
    'refuses %p',
    (email) => {
      expect(isMailAddress(email)).toBe(false);
    },
  );
});

describe('conformanceProblems', () => {
  const valid = 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n';

  it('finds nothing wrong in a minimal calendar', () => {
    expect(conformanceProblems(valid)).toEqual([]);
  });

  it.each([
    ['a bare LF', valid.replace('\r\nVERSION', '\nVERSION'), 'an LF is not preceded by CR'],
    ['a bare CR', valid.replace('2.0', '2\r0'), 'a CR is not followed by LF'],
    ['no final CRLF', valid.slice(0, -2), 'the text does not end with CRLF'],
    ['a long line', valid.replace('2.0', 'é'.repeat(40)), 'line 2 is 88 octets long'],
    ['a NUL', valid.replace('2.0', '2\u00000'), 'line 2 holds a control character'],
    ['an unclosed component', valid.replace('END:VCALENDAR\r\n', ''), 'VCALENDAR never ended'],
    ['a line without a colon', valid.replace('VERSION:2.0', 'VERSION'), 'content line 2 is not "NAME;PARAM=VALUE:value": VERSION'],
    ['a DQUOTE inside a quoted parameter', valid.replace('VERSION:2.0', 'X-A;CN="a"b":c'), 'content line 2 is not "NAME;PARAM=VALUE:value": X-A;CN="a"b":c'],
  ])('reports %s', (_case, text, problem) => {
    expect(conformanceProblems(text)).toContain(problem);
  });
});
