import ICAL from 'ical.js';
import { createEvent } from 'ics';
import { conformanceProblems } from './icalendar-conformance';
import {
  formatContentLine,
  MalformedICalendarError,
  normalizeICalendar,
  parseContentLine,
  unfoldContentLines,
} from './icalendar-normalizer';

/** A calendar around the given event lines, joined with `lineEnd` (ics writes CRLF). */
function calendarWith(eventLines: string[], lineEnd = '\r\n'): string {
  return ['BEGIN:VCALENDAR', 'VERSION:2.0', 'BEGIN:VEVENT', ...eventLines, 'END:VEVENT', 'END:VCALENDAR', ''].join(lineEnd);
}

function eventOf(text: string): ICAL.Component {
  const calendar = new ICAL.Component(ICAL.parse(text) as unknown[]);
  return calendar.getFirstSubcomponent('vevent') as ICAL.Component;
}

/** ics 3.12's folding: 75 characters, then 74, continuation lines starting with a tab. */
function foldByCharacters(line: string): string {
  const characters = [...line];
  const parts = [characters.splice(0, 75).join('')];
  while (characters.length > 0) parts.push(characters.splice(0, 74).join(''));
  return parts.join('\r\n\t');
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function expectFoldedAt75Octets(text: string): void {
  expect(conformanceProblems(text)).toEqual([]);
  for (const line of text.slice(0, -2).split('\r\n')) {
    const bytes = Buffer.from(line, 'utf8');
    expect(bytes.length).toBeLessThanOrEqual(75);
    expect(() => strictUtf8.decode(bytes)).not.toThrow();
    expect(line).not.toMatch(/^\t/);
  }
}

describe('normalizeICalendar', () => {
  describe('folding and line ends', () => {
    it('turns tab continuation lines into one-space continuations', () => {
      const raw = calendarWith(['SUMMARY:Comité de pil', '\totage local']);
      expect(normalizeICalendar(raw)).toBe(calendarWith(['SUMMARY:Comité de pilotage local']));
    });

    it('refolds accented text folded at 75 characters so that no line exceeds 75 octets', () => {
      const summary = `Réunion du comité : ${'élèves, été, œuvres, sœurs, '.repeat(8)}fin`;
      const raw = calendarWith([foldByCharacters(`SUMMARY:${summary}`)]);
      expect(conformanceProblems(raw)).toContainEqual(expect.stringMatching(/^line 4 is \d+ octets long$/));

      const text = normalizeICalendar(raw);
      expectFoldedAt75Octets(text);
      expect(text.split('\r\n').filter((line) => line.startsWith(' ')).length).toBeGreaterThan(2);
      expect(eventOf(text).getFirstPropertyValue('summary')).toBe(summary);
    });

    it('never splits a UTF-8 sequence, whatever octet the fold falls on', () => {
      for (const prefix of ['', 'a', 'ab', 'abc']) {
        const summary = `${prefix}${'é€🎓œ'.repeat(40)}`;
        const text = normalizeICalendar(calendarWith([foldByCharacters(`SUMMARY:${summary}`)]));
        expectFoldedAt75Octets(text);
        expect(eventOf(text).getFirstPropertyValue('summary')).toBe(summary);
      }
    });

    it('reads LF line ends and LF continuations and writes CRLF everywhere, ending with CRLF', () => {
      const raw = calendarWith(['SUMMARY:Comité', '  de pilotage', 'LOCATION:Salle 1'], '\n').slice(0, -1);
      expect(normalizeICalendar(raw)).toBe(calendarWith(['SUMMARY:Comité de pilotage', 'LOCATION:Salle 1']));
    });

    it('drops empty lines', () => {
      expect(normalizeICalendar(calendarWith(['SUMMARY:a', '', 'LOCATION:b']))).toBe(calendarWith(['SUMMARY:a', 'LOCATION:b']));
    });

    it('removes only the one space or tab that marks a continuation', () => {
      const text = normalizeICalendar(calendarWith(['DESCRIPTION:un', '\t\tdeux', '  trois']));
      expect(eventOf(text).getFirstPropertyValue('description')).toBe('un\tdeux trois');
    });
  });

  describe('parameters', () => {
    it('reads the backslash-escaped quote ics writes inside a quoted CN and writes an apostrophe instead', () => {
      const raw = calendarWith([
        'ATTENDEE;RSVP=TRUE;ROLE="REQ-PARTICIPANT";PARTSTAT="NEEDS-ACTION";CN="Dupont, \\"Jean\\"":mailto:jean@example.fr',
      ]);
      expect(conformanceProblems(raw)).toContainEqual(expect.stringMatching(/^content line 4 is not/));

      const text = normalizeICalendar(raw);
      expect(unfoldContentLines(text)[3]).toBe(
        `ATTENDEE;RSVP=TRUE;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;CN="Dupont, 'Jean'":mailto:jean@example.fr`,
      );
      const attendee = eventOf(text).getFirstProperty('attendee') as ICAL.Property;
      expect(attendee.getParameter('cn')).toBe("Dupont, 'Jean'");
      expect(attendee.getParameter('role')).toBe('REQ-PARTICIPANT');
      expect(attendee.getFirstValue()).toBe('mailto:jean@example.fr');
    });

    it('keeps a backslash that ends a quoted name: ics escapes nothing but the quote', () => {
      const text = normalizeICalendar(calendarWith(['ORGANIZER;CN="Jean \\":MAILTO:jean@example.fr']));
      expect(unfoldContentLines(text)[3]).toBe('ORGANIZER;CN=Jean \\:MAILTO:jean@example.fr');
      expect((eventOf(text).getFirstProperty('organizer') as ICAL.Property).getParameter('cn')).toBe('Jean \\');
    });

    it.each([
      ['an enumerated ROLE', 'ROLE="REQ-PARTICIPANT"', 'ROLE=REQ-PARTICIPANT'],
      ['an enumerated PARTSTAT', 'PARTSTAT="NEEDS-ACTION"', 'PARTSTAT=NEEDS-ACTION'],
      ['an enumerated CUTYPE', 'CUTYPE="INDIVIDUAL"', 'CUTYPE=INDIVIDUAL'],
      ['RSVP', 'RSVP="TRUE"', 'RSVP=TRUE'],
      ['a plain name', 'CN="Claire Martin"', 'CN=Claire Martin'],
      ['a name with a comma', 'CN="Dupont, Jean"', 'CN="Dupont, Jean"'],
      ['a name with a colon', 'CN="Mairie : DSI"', 'CN="Mairie : DSI"'],
      ['a name with a semicolon', 'CN="IEN; circonscription 3"', 'CN="IEN; circonscription 3"'],
      ['a lower-case parameter name', 'cn=Élodie', 'CN=Élodie'],
      ['a URI parameter, even without a colon', 'DIR=annuaire-jean', 'DIR="annuaire-jean"'],
      ['a list of URIs', 'DELEGATED-TO="mailto:a@x.fr","mailto:b@x.fr"', 'DELEGATED-TO="mailto:a@x.fr","mailto:b@x.fr"'],
    ])('quotes a parameter exactly when RFC 5545 requires: %s', (_case, written, normalized) => {
      const text = normalizeICalendar(calendarWith([`ATTENDEE;${written}:mailto:jean@example.fr`]));
      expect(unfoldContentLines(text)[3]).toBe(`ATTENDEE;${normalized}:mailto:jean@example.fr`);
    });

    it('starts the value after the first colon outside quotes', () => {
      expect(parseContentLine('ORGANIZER;CN="Mairie: DSI";X-A=b:mailto:dsi@mairie.fr')).toEqual({
        name: 'ORGANIZER',
        parameters: [
          { name: 'CN', values: ['Mairie: DSI'] },
          { name: 'X-A', values: ['b'] },
        ],
        value: 'mailto:dsi@mairie.fr',
      });
      expect(parseContentLine('description:Objet : bilan; suite').value).toBe('Objet : bilan; suite');
    });

    it.each([
      ['no colon', 'SUMMARY'],
      ['no property name', ':value'],
      ['a parameter without a value', 'ATTENDEE;RSVP:mailto:a@x.fr'],
      ['a quoted value never closed', 'ATTENDEE;CN="Dupont:mailto:a@x.fr'],
      ['a quote inside an unquoted value', 'ATTENDEE;CN=Du"pont:mailto:a@x.fr'],
    ])('refuses a line with %s rather than guess', (_case, line) => {
      expect(() => normalizeICalendar(calendarWith([line]))).toThrow(MalformedICalendarError);
    });
  });

  describe('control characters', () => {
    it('does not let a carriage return in a title add a property', () => {
      const raw = calendarWith(['SUMMARY:Comité\rATTENDEE:mailto:evil@x.fr', 'ORGANIZER:mailto:claire@example.fr']);
      expect(conformanceProblems(raw)).toContain('a CR is not followed by LF');

      const text = normalizeICalendar(raw);
      expect(conformanceProblems(text)).toEqual([]);
      expect(unfoldContentLines(text)[3]).toBe('SUMMARY:Comité ATTENDEE:mailto:evil@x.fr');
      const event = eventOf(text);
      expect(event.getAllProperties('attendee')).toHaveLength(0);
      expect(event.getFirstPropertyValue('summary')).toBe('Comité ATTENDEE:mailto:evil@x.fr');
    });

    it.each([
      ['NUL', '\u0000'],
      ['escape', '\u001B'],
      ['DEL', '\u007F'],
      ['NEL', '\u0085'],
      ['line separator', '\u2028'],
    ])('turns a %s into a space in values and parameters', (_name, control) => {
      const text = normalizeICalendar(calendarWith([`LOCATION:Salle${control}1`, `ORGANIZER;CN=Claire${control}Martin:mailto:c@x.fr`]));
      expect(unfoldContentLines(text).slice(3, 5)).toEqual(['LOCATION:Salle 1', 'ORGANIZER;CN=Claire Martin:mailto:c@x.fr']);
    });

    it('keeps tabs and the escaped line breaks of TEXT values', () => {
      const line = 'DESCRIPTION:un\\ndeux\tquatre\\\\n';
      expect(normalizeICalendar(calendarWith([line]))).toBe(calendarWith([line]));
    });
  });

  it('leaves a conformant text as it is', () => {
    const text = calendarWith([
      'SUMMARY:Comité de pilotage',
      `ATTENDEE;CN="Dupont, 'Jean'";ROLE=OPT-PARTICIPANT;DELEGATED-FROM="mailto:a@`,
      ` x.fr":mailto:b@x.fr`,
    ]);
    expect(normalizeICalendar(text)).toBe(text);
  });

  it('lets an adjustment remove, change and add lines between parsing and writing', () => {
    const comment = { name: 'COMMENT', parameters: [{ name: 'LANGUAGE', values: ['fr'] }], value: 'ajouté\r' };
    const text = normalizeICalendar(calendarWith(['X-PUBLISHED-TTL:PT1H', 'SUMMARY:a']), (lines) =>
      lines
        .filter((line) => line.name !== 'X-PUBLISHED-TTL')
        .flatMap((line) => (line.name === 'END' && line.value === 'VEVENT' ? [comment, line] : [line])),
    );
    expect(text).toBe(calendarWith(['SUMMARY:a', 'COMMENT;LANGUAGE=fr:ajouté ']));
  });

  it('writes one content line with its CRLF', () => {
    expect(formatContentLine({ name: 'summary', parameters: [{ name: 'language', values: ['fr'] }], value: 'Comité' })).toBe(
      'SUMMARY;LANGUAGE=fr:Comité\r\n',
    );
  });

  describe('on what ics 3.12 writes', () => {
    // The faults are ics's own: it is given text with a DQUOTE in a name and a bare CR in the place.
    const summary = 'Comité de pilotage : état d’avancement ; budget, équipements numériques des écoles élémentaires';
    const { value: raw, error } = createEvent({
      productId: '-//copil//Convocations//FR',
      method: 'REQUEST',
      uid: 'u-1@copil',
      start: Date.UTC(2025, 2, 31, 7, 0),
      startInputType: 'utc',
      startOutputType: 'utc',
      end: Date.UTC(2025, 2, 31, 9, 0),
      endInputType: 'utc',
      endOutputType: 'utc',
      title: summary,
      location: 'Salle\rdu conseil',
      organizer: { name: 'Claire Martin', email: 'claire.martin@ac-grenoble.fr' },
      attendees: [{ name: 'Dupont, "Jean"', email: 'jean.dupont@example.fr', rsvp: true, role: 'REQ-PARTICIPANT', partstat: 'NEEDS-ACTION' }],
    });

    it('shows the known faults before normalizing', () => {
      expect(error).toBeNull();
      expect(raw).toMatch(/\r\n\t/);
      expect(raw).toContain('ROLE="REQ-PARTICIPANT"');
      expect(conformanceProblems(raw as string)).toEqual(
        expect.arrayContaining([
          'a CR is not followed by LF',
          expect.stringMatching(/^line \d+ is \d+ octets long$/),
          expect.stringMatching(/^content line \d+ is not "NAME;PARAM=VALUE:value": ATTENDEE/),
        ]),
      );
    });

    it('makes it conformant while keeping every value', () => {
      const text = normalizeICalendar(raw as string);
      expectFoldedAt75Octets(text);
      expect(text).not.toMatch(/"REQ-PARTICIPANT"|\t/);
      expect(normalizeICalendar(text)).toBe(text);

      const event = eventOf(text);
      expect(event.getFirstPropertyValue('summary')).toBe(summary);
      expect(event.getFirstPropertyValue('location')).toBe('Salle du conseil');
      const attendees = event.getAllProperties('attendee');
      expect(attendees).toHaveLength(1);
      expect(attendees[0].getParameter('cn')).toBe("Dupont, 'Jean'");
      expect(attendees[0].getParameter('role')).toBe('REQ-PARTICIPANT');
      expect(attendees[0].getParameter('partstat')).toBe('NEEDS-ACTION');
      expect(attendees[0].getParameter('rsvp')).toBe('TRUE');
    });
  });
});
