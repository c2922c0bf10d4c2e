import ICAL from 'ical.js';
import { DateTime } from 'luxon';
import { DomainError } from '../common/domain-error';
import { createEvent } from 'ics';
import { conformanceProblems } from './icalendar-conformance';
import { normalizeICalendar, unfoldContentLines } from './icalendar-normalizer';
import { buildInvitation, calendarContentType, InvitationInput } from './invitation.builder';

function anInvitation(overrides: Partial<InvitationInput> = {}): InvitationInput {
  return {
    method: 'REQUEST',
    uid: '6f1c2e0a-8d4b-4b7e-9a51-3c2d1e0f9a8b@copil',
    sequence: 0,
    dtstamp: new Date('2025-03-10T08:15:00Z'),
    start: new Date('2025-03-31T07:00:00Z'),
    end: new Date('2025-03-31T09:00:00Z'),
    timeZone: 'Europe/Paris',
    summary: 'Comité de pilotage local',
    description: 'Ordre du jour :\n1. Bilan du trimestre\n2. Questions diverses',
    location: 'École élémentaire, salle du conseil',
    url: null,
    organizer: { name: 'Claire Martin', email: 'direction.0382460t@ac-grenoble.fr' },
    attendee: { name: 'Jean Dupont', email: 'jean.dupont@crets-en-belledonne.fr', role: 'REQ-PARTICIPANT' },
    ...overrides,
  };
}

function localInstant(iso: string, zone: string): Date {
  return DateTime.fromISO(iso, { zone }).toJSDate();
}

function parsedEvent(text: string): { calendar: ICAL.Component; event: ICAL.Component } {
  const calendar = new ICAL.Component(ICAL.parse(text) as unknown[]);
  const events = calendar.getAllSubcomponents('vevent');
  expect(events).toHaveLength(1);
  return { calendar, event: events[0] };
}

function physicalLines(text: string): Buffer[] {
  const bytes = Buffer.from(text, 'utf8');
  const lines: Buffer[] = [];
  let start = 0;
  for (let index = 0; index < bytes.length - 1; index++) {
    if (bytes[index] === 0x0d && bytes[index + 1] === 0x0a) {
      lines.push(bytes.subarray(start, index));
      start = index + 2;
    }
  }
  expect(start).toBe(bytes.length);
  return lines;
}

function propertyLines(text: string, name: string): string[] {
  return text
    .replace(/\r\n /g, '')
    .split('\r\n')
    .filter((line) => line.startsWith(`${name}:`) || line.startsWith(`${name};`));
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function expectByteConformant(text: string): void {
  expect(conformanceProblems(text)).toEqual([]);
  const bytes = Buffer.from(text, 'utf8');
  expect(bytes.subarray(-2).toString('latin1')).toBe('\r\n');
  expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  for (const line of physicalLines(text)) {
    expect(line.length).toBeLessThanOrEqual(75);
    // A line folded inside a multi-byte character would not decode on its own.
    expect(() => strictUtf8.decode(line)).not.toThrow();
  }
}

function refusal(input: InvitationInput): DomainError {
  try {
    buildInvitation(input);
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected the invitation to be refused');
}

describe('buildInvitation', () => {
  it('writes this exact text for a first invitation', () => {
    const text = buildInvitation(anInvitation());
    expect(text).toBe(
      [
        'BEGIN:VCALENDAR',
        'VERSION:2.0',
        'CALSCALE:GREGORIAN',
        'PRODID:-//copil//Convocations//FR',
        'METHOD:REQUEST',
        'BEGIN:VEVENT',
        'UID:6f1c2e0a-8d4b-4b7e-9a51-3c2d1e0f9a8b@copil',
        'SUMMARY:Comité de pilotage local',
        'DTSTAMP:20250310T081500Z',
        'DTSTART:20250331T070000Z',
        'DTEND:20250331T090000Z',
        'SEQUENCE:0',
        'DESCRIPTION:Ordre du jour :\\n1. Bilan du trimestre\\n2. Questions diverses\\n',
        ' \\nSéance du lundi 31 mars 2025\\, de 9\u00A0h à 11\u00A0h (heure de Paris).',
        'LOCATION:École élémentaire\\, salle du conseil',
        'STATUS:CONFIRMED',
        'ORGANIZER;CN=Claire Martin:mailto:direction.0382460t@ac-grenoble.fr',
        'TRANSP:OPAQUE',
        'ATTENDEE;CN=Jean Dupont;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRU',
        ' E:mailto:jean.dupont@crets-en-belledonne.fr',
        'END:VEVENT',
        'END:VCALENDAR',
        '',
      ].join('\r\n'),
    );
  });

  it('is read by ical.js as one REQUEST event with the organizer and the attendee asked to answer', () => {
    const { calendar, event } = parsedEvent(buildInvitation(anInvitation({ url: 'https://visio.example.fr/copil-42' })));

    expect(calendar.getFirstPropertyValue('method')).toBe('REQUEST');
    expect(calendar.getFirstPropertyValue('version')).toBe('2.0');
    expect(calendar.getFirstPropertyValue('calscale')).toBe('GREGORIAN');
    expect(calendar.getFirstPropertyValue('prodid')).toBe('-//copil//Convocations//FR');
    expect(event.getFirstPropertyValue('uid')).toBe('6f1c2e0a-8d4b-4b7e-9a51-3c2d1e0f9a8b@copil');
    expect(event.getFirstPropertyValue('sequence')).toBe(0);
    expect((event.getFirstPropertyValue('dtstamp') as ICAL.Time).toJSDate()).toEqual(new Date('2025-03-10T08:15:00Z'));
    expect(event.getFirstPropertyValue('status')).toBe('CONFIRMED');
    expect(event.getFirstPropertyValue('transp')).toBe('OPAQUE');
    expect(event.getFirstPropertyValue('location')).toBe('École élémentaire, salle du conseil');
    expect(event.getFirstPropertyValue('url')).toBe('https://visio.example.fr/copil-42');

    const organizer = event.getFirstProperty('organizer') as ICAL.Property;
    expect(organizer.getFirstValue()).toBe('mailto:direction.0382460t@ac-grenoble.fr');
    expect(organizer.getParameter('cn')).toBe('Claire Martin');

    const attendees = event.getAllProperties('attendee');
    expect(attendees).toHaveLength(1);
    expect(attendees[0].getFirstValue()).toBe('mailto:jean.dupont@crets-en-belledonne.fr');
    expect(attendees[0].getParameter('cn')).toBe('Jean Dupont');
    expect(attendees[0].getParameter('role')).toBe('REQ-PARTICIPANT');
    expect(attendees[0].getParameter('partstat')).toBe('NEEDS-ACTION');
    expect(attendees[0].getParameter('rsvp')).toBe('TRUE');
  });

  it('round-trips a French summary and description exactly, accents, punctuation and line breaks included', () => {
    const summary = 'Comité de pilotage : état d’avancement ; budget, "ENT" et \\ partages — œuvre collective';
    const description =
      'Ordre du jour :\n' +
      '1. Approbation du compte rendu ; remarques éventuelles,\n' +
      '2. Bilan « numérique à l’école » (équipement, formation)\n' +
      '\n' +
      'Chemin des documents : \\\\serveur\\copil ; lien "intranet".';
    const start = localInstant('2025-05-12T14:30', 'Europe/Paris');
    const end = localInstant('2025-05-12T16:00', 'Europe/Paris');
    const { event } = parsedEvent(buildInvitation(anInvitation({ summary, description, start, end })));

    expect(event.getFirstPropertyValue('summary')).toBe(summary);
    expect(event.getFirstPropertyValue('description')).toBe(
      `${description}\n\nSéance du lundi 12 mai 2025, de 14\u00A0h\u00A030 à 16\u00A0h (heure de Paris).`,
    );
  });

  it('writes a description with the time line alone when no description is given', () => {
    const { event } = parsedEvent(buildInvitation(anInvitation({ description: '  \n' })));
    expect(event.getFirstPropertyValue('description')).toBe(
      'Séance du lundi 31 mars 2025, de 9\u00A0h à 11\u00A0h (heure de Paris).',
    );
  });

  describe('written by ics, made conformant by our normalizer', () => {
    const propertyNames = (text: string) => unfoldContentLines(text).map((line) => /^[A-Z-]+/.exec(line)?.[0]);

    it('writes for the next recipient of a meeting what it writes for the first (ics checks the meeting once)', () => {
      const second = { name: 'Nadia Benali', email: 'nadia.benali@ac-grenoble.fr', role: 'OPT-PARTICIPANT' as const };
      // Alone: ics checks this meeting with this recipient.
      const alone = buildInvitation(anInvitation({ uid: 'alone@copil', attendee: second, sequence: 3 }));
      // After another recipient of the same meeting: ics checked the meeting with the first one.
      buildInvitation(anInvitation({ uid: 'shared@copil', sequence: 2 }));
      const next = buildInvitation(anInvitation({ uid: 'shared@copil', attendee: second, sequence: 3 }));
      expect(next).toBe(alone.replace('UID:alone@copil', 'UID:shared@copil'));
      expectByteConformant(next);
    });

    it('writes each recipient’s own lines (people, DTSTAMP, SEQUENCE) into the meeting’s, whichever recipient came first', () => {
      const recipients: Array<Partial<InvitationInput>> = [
        { attendee: { name: '', email: 'sans.nom@ac-grenoble.fr', role: 'OPT-PARTICIPANT' } },
        { attendee: { name: 'Marie-Hélène de La Tour d’Auvergne, « dite » "Malou"', email: 'marie-helene.delatourdauvergne@crets-en-belledonne.fr', role: 'REQ-PARTICIPANT', partstat: 'ACCEPTED' }, sequence: 7 },
        { organizer: { name: '', email: 'secretariat+abc@ac-guyane.fr' }, dtstamp: new Date('2025-03-12T10:00:00.999Z') },
        { method: 'CANCEL', uninvite: true, attendee: { name: 'Jean Dupont', email: 'jean.dupont@crets-en-belledonne.fr', role: 'REQ-PARTICIPANT' }, sequence: 2 },
      ];
      for (const [index, recipient] of recipients.entries()) {
        const alone = buildInvitation(anInvitation({ ...recipient, uid: `alone-${index}@copil` }));
        // The same meeting, another recipient first: the meeting's lines come from that one's build.
        buildInvitation(anInvitation({ ...recipient, uid: `shared-${index}@copil`, attendee: { name: 'Premier', email: 'premier@ac-grenoble.fr', role: 'REQ-PARTICIPANT' }, sequence: 0 }));
        const next = buildInvitation(anInvitation({ ...recipient, uid: `shared-${index}@copil` }));
        expect(next).toBe(alone.replace(`UID:alone-${index}@copil`, `UID:shared-${index}@copil`));
        expectByteConformant(next);
      }
    });

    it('keeps the properties in the order ics writes them, without the X-PUBLISHED-TTL it adds', () => {
      const input = anInvitation({ url: 'https://visio.example.fr/copil-42' });
      const { value: raw } = createEvent({
        productId: '-//copil//Convocations//FR',
        method: 'REQUEST',
        uid: input.uid,
        sequence: 0,
        start: input.start.getTime(),
        end: input.end.getTime(),
        title: input.summary,
        description: input.description,
        location: 'Salle',
        url: 'https://visio.example.fr/copil-42',
        status: 'CONFIRMED',
        transp: 'OPAQUE',
        organizer: input.organizer,
        attendees: [{ ...input.attendee, rsvp: true, partstat: 'NEEDS-ACTION' }],
      });
      expect(propertyNames(raw as string)).toContain('X-PUBLISHED-TTL');

      const text = buildInvitation(input);
      expect(propertyNames(text)).toEqual(propertyNames(raw as string).filter((name) => name !== 'X-PUBLISHED-TTL'));
      expect(text).not.toContain('X-PUBLISHED-TTL');
    });

    it('gives text that the normalizer leaves as it is', () => {
      const text = buildInvitation(anInvitation({ summary: 'Comité : « état » ; budget, écoles — œuvres '.repeat(4), url: 'https://visio.example.fr/a?b=c,d;e' }));
      expect(normalizeICalendar(text)).toBe(text);
    });

    it('writes neither tab continuations nor quoted enumerated parameters', () => {
      const text = buildInvitation(anInvitation({ summary: `Comité de pilotage : ${'élèves, écoles, '.repeat(10)}` }));
      expect(text).not.toMatch(/\t/);
      expect(text).not.toMatch(/(ROLE|PARTSTAT|RSVP)="/);
      expectByteConformant(text);
    });

    it.each([
      ['an IPv6 host', 'http://[2001:db8::1]/copil'],
      ['a one-digit port', 'https://visio.example.fr:8/copil'],
      ['an underscore in the host', 'https://visio_1.example.fr/copil'],
    ])('writes a link that ics refuses (%s) right after the description, as ics places URL', (_case, url) => {
      const text = buildInvitation(anInvitation({ url }));
      const names = propertyNames(text);
      expect(names.filter((name) => name === 'URL')).toHaveLength(1);
      expect(names[names.indexOf('DESCRIPTION') + 1]).toBe('URL');
      expect(parsedEvent(text).event.getFirstPropertyValue('url')).toBe(url);
      expectByteConformant(text);
    });

    it('places a link ics accepts at the same spot', () => {
      const names = propertyNames(buildInvitation(anInvitation({ url: 'https://visio.example.fr/copil' })));
      expect(names[names.indexOf('DESCRIPTION') + 1]).toBe('URL');
    });

    it('leaves out the placeholder name ics gives a person without a name, and keeps a real « Organizer »', () => {
      const text = buildInvitation(
        anInvitation({
          organizer: { name: 'Organizer', email: 'secretariat@ac-guyane.fr' },
          attendee: { name: '\t', email: 'jean.dupont@example.fr', role: 'REQ-PARTICIPANT' },
        }),
      );
      expect(propertyLines(text, 'ORGANIZER')).toEqual(['ORGANIZER;CN=Organizer:mailto:secretariat@ac-guyane.fr']);
      expect(propertyLines(text, 'ATTENDEE')).toEqual([
        'ATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:jean.dupont@example.fr',
      ]);
      expect(text).not.toContain('Unnamed attendee');
    });

    it('keeps a backslash at the end of a name, which ics writes just before its closing quote', () => {
      const text = buildInvitation(anInvitation({ attendee: { name: 'Jean \\', email: 'jean@example.fr', role: 'REQ-PARTICIPANT' } }));
      expect((parsedEvent(text).event.getFirstProperty('attendee') as ICAL.Property).getParameter('cn')).toBe('Jean \\');
    });
  });

  describe('byte level', () => {
    it('keeps every line within 75 octets, ends each with CRLF and never folds inside a UTF-8 character', () => {
      // Shifting the text by one octet at a time puts every kind of character on a fold boundary.
      for (const prefix of ['', 'a', 'ab', 'abc']) {
        const summary = `${prefix}Réunion extraordinaire du comité : sœurs, œuvres, élèves, été, cœur, préférés, éléments — ${'é'.repeat(40)}${'œ'.repeat(30)}`;
        const text = buildInvitation(
          anInvitation({
            summary,
            description: `${prefix}${'Éléments déjà évoqués ; '.repeat(12)}\n${'€'.repeat(50)} 🎓🏫📚`,
            attendee: { name: `${prefix}Hélène Lefèvre-Bérégovoy de La Réunion Saint-Denis Sainte-Marie`, email: 'h.lefevre@ac-reunion.fr', role: 'REQ-PARTICIPANT' },
          }),
        );
        expectByteConformant(text);
        expect(text.split('\r\n').some((line) => line.startsWith(' '))).toBe(true);
        const { event } = parsedEvent(text);
        expect(event.getFirstPropertyValue('summary')).toBe(summary);
      }
    });

    it('starts every continuation line with exactly one space', () => {
      const text = buildInvitation(anInvitation({ summary: 'é'.repeat(200) }));
      const continuations = text.split('\r\n').filter((line) => /^[ \t]/.test(line));
      expect(continuations.length).toBeGreaterThan(2);
      for (const line of continuations) expect(line).toMatch(/^ [^ \t]/);
    });

    it('quotes a name holding a comma and turns its double quotes into apostrophes', () => {
      const text = buildInvitation(
        anInvitation({ attendee: { name: 'Dupont, "Jean"', email: 'jean.dupont@example.fr', role: 'REQ-PARTICIPANT' } }),
      );
      expect(propertyLines(text, 'ATTENDEE')).toEqual([
        `ATTENDEE;CN="Dupont, 'Jean'";ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:jean.dupont@example.fr`,
      ]);
      const { event } = parsedEvent(text);
      expect((event.getFirstProperty('attendee') as ICAL.Property).getParameter('cn')).toBe("Dupont, 'Jean'");
    });

    it.each([
      ['a colon', 'Mairie : service informatique', '"Mairie : service informatique"'],
      ['a semicolon', 'IEN; circonscription 3', '"IEN; circonscription 3"'],
      ['nothing special', 'Élodie Mérou', 'Élodie Mérou'],
    ])('quotes a CN only when needed: %s', (_case, name, written) => {
      const text = buildInvitation(anInvitation({ organizer: { name, email: 'dasen38@ac-grenoble.fr' } }));
      expect(propertyLines(text, 'ORGANIZER')).toEqual([`ORGANIZER;CN=${written}:mailto:dasen38@ac-grenoble.fr`]);
      expect((parsedEvent(text).event.getFirstProperty('organizer') as ICAL.Property).getParameter('cn')).toBe(name);
    });

    it('keeps a caret in a name from being read as an RFC 6868 escape', () => {
      const name = "Jo^n ^^ O^'Neil \"Jo\"^";
      const text = buildInvitation(anInvitation({ attendee: { name, email: 'jo@example.fr', role: 'OPT-PARTICIPANT' } }));
      expect((parsedEvent(text).event.getFirstProperty('attendee') as ICAL.Property).getParameter('cn')).toBe(
        "Jo^n ^^ O^'Neil 'Jo'^",
      );
    });

    it('leaves out CN when the name is empty', () => {
      const text = buildInvitation(anInvitation({ organizer: { name: ' ', email: 'secretariat@ac-guyane.fr' } }));
      expect(propertyLines(text, 'ORGANIZER')).toEqual(['ORGANIZER:mailto:secretariat@ac-guyane.fr']);
    });
  });

  describe('user text cannot add a property or break a line', () => {
    const injection = '\r\nATTENDEE:mailto:evil@x';

    it.each([
      ['CRLF', '\r\n'],
      ['CR', '\r'],
      ['LF', '\n'],
      ['NUL', '\u0000'],
      ['vertical tab', '\u000B'],
      ['escape', '\u001B'],
      ['DEL', '\u007F'],
      ['NEL', '\u0085'],
      ['line separator', '\u2028'],
    ])('turns a %s in the summary, location and names into a space', (_name, control) => {
      const text = buildInvitation(
        anInvitation({
          summary: `Comité${control}ATTENDEE:mailto:evil@x`,
          location: `Salle 1${control}ORGANIZER:mailto:evil@x`,
          organizer: { name: `Claire${control}Martin`, email: 'claire.martin@ac-grenoble.fr' },
          attendee: { name: `Jean${control}Dupont`, email: 'jean.dupont@example.fr', role: 'REQ-PARTICIPANT' },
        }),
      );
      expectByteConformant(text);
      expect(text.replace(/\r\n/g, '')).not.toMatch(/[\u0000-\u0008\u000A-\u001F\u007F-\u009F\u2028\u2029]/);
      const { event } = parsedEvent(text);
      expect(event.getFirstPropertyValue('summary')).toBe('Comité ATTENDEE:mailto:evil@x');
      expect(event.getFirstPropertyValue('location')).toBe('Salle 1 ORGANIZER:mailto:evil@x');
      expect((event.getFirstProperty('organizer') as ICAL.Property).getParameter('cn')).toBe('Claire Martin');
      expect(event.getAllProperties('attendee')).toHaveLength(1);
      expect(event.getAllProperties('organizer')).toHaveLength(1);
    });

    it('adds no attendee when the title carries "\\r\\nATTENDEE:mailto:evil@x"', () => {
      const text = buildInvitation(anInvitation({ summary: `Comité de pilotage${injection}`, description: `Ordre du jour${injection}` }));
      expect(propertyLines(text, 'ATTENDEE')).toHaveLength(1);
      expect(text.split('\r\n').filter((line) => line.startsWith('ATTENDEE'))).toHaveLength(1);
      const { event } = parsedEvent(text);
      expect(event.getAllProperties('attendee')).toHaveLength(1);
      expect(event.getFirstPropertyValue('summary')).toBe('Comité de pilotage ATTENDEE:mailto:evil@x');
      expect(event.getFirstPropertyValue('description')).toMatch(/^Ordre du jour\nATTENDEE:mailto:evil@x\n\n/);
    });

    it('writes every kind of line break in the description as an escaped \\n', () => {
      const text = buildInvitation(anInvitation({ description: 'un\r\ndeux\rtrois\nquatre\u2029cinq\u0000six\tsept' }));
      expect(propertyLines(text, 'DESCRIPTION')[0]).toMatch(/^DESCRIPTION:un\\ndeux\\ntrois\\nquatre\\ncinq six\tsept\\n\\n/);
      expect(parsedEvent(text).event.getFirstPropertyValue('description')).toMatch(/^un\ndeux\ntrois\nquatre\ncinq six\tsept\n\n/);
    });

    it('writes each property once', () => {
      const text = buildInvitation(anInvitation({ url: 'https://visio.example.fr/copil' }));
      const names = text
        .replace(/\r\n /g, '')
        .split('\r\n')
        .filter((line) => line !== '' && !/^(BEGIN|END):/.test(line))
        .map((line) => /^[A-Z-]+/.exec(line)?.[0]);
      expect(new Set(names).size).toBe(names.length);
    });
  });

  describe('validation', () => {
    it.each([
      'evil@x.fr\r\nATTENDEE:mailto:other@x.fr',
      'jean dupont@example.fr',
      'jean.dupont@example.fr?subject=x',
      '"jean"@example.fr',
      'jean@localhost',
      'jéan@example.fr',
      'jean@@example.fr',
      '',
    ])('refuses the attendee address %p', (email) => {
      const error = refusal(anInvitation({ attendee: { name: 'Jean', email, role: 'REQ-PARTICIPANT' } }));
      expect(error.code).toBe('validation_failed');
      expect(error.details.fields).toEqual([{ path: 'attendee.email', code: 'wrong_format', message: expect.stringContaining('e-mail address') }]);
    });

    it('refuses an organizer address with a line break', () => {
      const error = refusal(anInvitation({ organizer: { name: 'X', email: 'a@b.fr\n' } }));
      expect(error.details.fields).toEqual([{ path: 'organizer.email', code: 'wrong_format', message: expect.any(String) }]);
    });

    it('names every invalid field at once', () => {
      const error = refusal(
        anInvitation({
          uid: 'has space@copil',
          sequence: -1,
          start: new Date('2025-03-31T09:00:00Z'),
          end: new Date('2025-03-31T09:00:00Z'),
          timeZone: 'Paris',
          summary: '\r\n',
          url: 'javascript:alert(1)',
          status: 'CANCELLED',
        }),
      );
      expect((error.details.fields as { path: string }[]).map((field) => field.path)).toEqual([
        'uid',
        'sequence',
        'end',
        'timeZone',
        'summary',
        'url',
        'status',
      ]);
    });

    it.each(['https://visio.example.fr/a\r\nATTENDEE:mailto:evil@x', 'https://visio.example.fr/a b', 'ftp://files.example.fr/'])(
      'refuses the link %p',
      (url) => {
        expect(refusal(anInvitation({ url })).details.fields).toEqual([{ path: 'url', code: 'wrong_format', message: expect.any(String) }]);
      },
    );

    it.each(['a;b@copil', 'a,b@copil', 'a\\b@copil', '', 'é@copil'])('refuses the UID %p', (uid) => {
      expect(refusal(anInvitation({ uid })).details.fields).toEqual([{ path: 'uid', code: 'wrong_format', message: expect.any(String) }]);
    });

    it('refuses an invalid date', () => {
      expect(refusal(anInvitation({ dtstamp: new Date('nope') })).details.fields).toEqual([
        { path: 'dtstamp', code: 'wrong_format', message: 'must be a valid date' },
      ]);
    });

    it('refuses instants ics cannot take (before 1970) or a DATE-TIME cannot hold (from the year 10000)', () => {
      const error = refusal(
        anInvitation({ dtstamp: new Date('1969-12-31T23:59:59Z'), end: new Date('+010000-01-01T00:00:00Z') }),
      );
      expect(error.details.fields).toEqual([
        { path: 'dtstamp', code: 'wrong_format', message: 'must be from 1970 to 9999 (UTC)' },
        { path: 'end', code: 'wrong_format', message: 'must be from 1970 to 9999 (UTC)' },
      ]);
      expect(() => buildInvitation(anInvitation({ dtstamp: new Date('1970-01-01T00:00:00Z') }))).not.toThrow();
    });

    it('refuses an address whose domain has a label longer than 63 characters, which ics would refuse too', () => {
      const error = refusal(anInvitation({ attendee: { name: 'Jean', email: `jean@${'a'.repeat(64)}.fr`, role: 'REQ-PARTICIPANT' } }));
      expect(error.details.fields).toEqual([{ path: 'attendee.email', code: 'wrong_format', message: expect.stringContaining('e-mail address') }]);
      expect(() =>
        buildInvitation(anInvitation({ attendee: { name: 'Jean', email: `jean@${'a'.repeat(63)}.fr`, role: 'REQ-PARTICIPANT' } })),
      ).not.toThrow();
    });
  });

  describe('roles', () => {
    it('invites a guest as an optional participant asked to answer', () => {
      const attendee = (parsedEvent(
        buildInvitation(anInvitation({ attendee: { name: 'Invitée', email: 'invitee@example.fr', role: 'OPT-PARTICIPANT' } })),
      ).event.getFirstProperty('attendee') as ICAL.Property);
      expect(attendee.getParameter('role')).toBe('OPT-PARTICIPANT');
      expect(attendee.getParameter('rsvp')).toBe('TRUE');
    });

    it('does not ask a person copied for information to answer', () => {
      const attendee = (parsedEvent(
        buildInvitation(anInvitation({ attendee: { name: 'Copie', email: 'copie@example.fr', role: 'NON-PARTICIPANT' } })),
      ).event.getFirstProperty('attendee') as ICAL.Property);
      expect(attendee.getParameter('role')).toBe('NON-PARTICIPANT');
      expect(attendee.getParameter('partstat')).toBe('NEEDS-ACTION');
      expect(attendee.getParameter('rsvp')).toBe('FALSE');
    });

    it('keeps an answer already given as PARTSTAT and then asks nothing (an update that does not move the meeting)', () => {
      const attendee = (parsedEvent(
        buildInvitation(anInvitation({ attendee: { name: 'Jean Dupont', email: 'jean.dupont@example.fr', role: 'REQ-PARTICIPANT', partstat: 'ACCEPTED' } })),
      ).event.getFirstProperty('attendee') as ICAL.Property);
      expect(attendee.getParameter('partstat')).toBe('ACCEPTED');
      expect(attendee.getParameter('rsvp')).toBe('FALSE');
      const refused = refusal(anInvitation({ attendee: { name: 'Jean', email: 'jean@example.fr', role: 'REQ-PARTICIPANT', partstat: 'DELEGATED' as never } }));
      expect(refused.details.fields).toEqual([expect.objectContaining({ path: 'attendee.partstat' })]);
    });
  });

  describe('times', () => {
    it.each([
      ['Paris, summer time', 'Europe/Paris', '2025-03-31T09:00', '20250331T070000Z', 'lundi 31 mars 2025, de 9\u00A0h à 11\u00A0h (heure de Paris)'],
      ['Paris, winter time', 'Europe/Paris', '2025-10-27T09:00', '20251027T080000Z', 'lundi 27 octobre 2025, de 9\u00A0h à 11\u00A0h (heure de Paris)'],
      ['Cayenne (UTC−3)', 'America/Cayenne', '2025-03-31T09:00', '20250331T120000Z', 'lundi 31 mars 2025, de 9\u00A0h à 11\u00A0h (heure de Cayenne)'],
      ['Réunion (UTC+4)', 'Indian/Reunion', '2025-03-31T09:00', '20250331T050000Z', 'lundi 31 mars 2025, de 9\u00A0h à 11\u00A0h (heure de La Réunion)'],
    ])('writes a 9 o’clock meeting in %s as the right UTC instant', (_case, timeZone, localStart, utcStart, localText) => {
      const start = localInstant(localStart, timeZone);
      const end = DateTime.fromJSDate(start).plus({ hours: 2 }).toJSDate();
      const text = buildInvitation(anInvitation({ timeZone, start, end }));

      expect(propertyLines(text, 'DTSTART')).toEqual([`DTSTART:${utcStart}`]);
      const { event } = parsedEvent(text);
      const dtstart = event.getFirstPropertyValue('dtstart') as ICAL.Time;
      const dtend = event.getFirstPropertyValue('dtend') as ICAL.Time;
      expect(dtstart.zone?.tzid).toBe('UTC');
      expect(dtstart.toJSDate()).toEqual(start);
      expect(dtend.toJSDate().getTime() - dtstart.toJSDate().getTime()).toBe(2 * 3600_000);
      expect(event.getFirstPropertyValue('description')).toContain(`Séance du ${localText}.`);
    });

    it('drops the milliseconds of the instants', () => {
      const text = buildInvitation(anInvitation({ dtstamp: new Date('2025-03-10T08:15:42.999Z') }));
      expect(propertyLines(text, 'DTSTAMP')).toEqual(['DTSTAMP:20250310T081542Z']);
    });
  });

  describe('updates and cancellation', () => {
    it('keeps the UID and raises the SEQUENCE on an update, and cancels with STATUS:CANCELLED', () => {
      const first = parsedEvent(buildInvitation(anInvitation({ sequence: 0 })));
      const moved = parsedEvent(
        buildInvitation(anInvitation({ sequence: 1, start: new Date('2025-04-07T07:00:00Z'), end: new Date('2025-04-07T09:00:00Z') })),
      );
      const cancelText = buildInvitation(anInvitation({ method: 'CANCEL', sequence: 2 }));
      expect(propertyLines(cancelText, 'METHOD')).toEqual(['METHOD:CANCEL']);
      expect(propertyLines(cancelText, 'STATUS')).toEqual(['STATUS:CANCELLED']);
      expectByteConformant(cancelText);
      const cancelled = parsedEvent(cancelText);

      expect(moved.event.getFirstPropertyValue('uid')).toBe(first.event.getFirstPropertyValue('uid'));
      expect(cancelled.event.getFirstPropertyValue('uid')).toBe(first.event.getFirstPropertyValue('uid'));
      expect(moved.event.getFirstPropertyValue('sequence')).toBe(1);
      expect(cancelled.calendar.getFirstPropertyValue('method')).toBe('CANCEL');
      expect(cancelled.event.getFirstPropertyValue('sequence')).toBe(2);
      expect(cancelled.event.getFirstPropertyValue('status')).toBe('CANCELLED');
      expect(cancelled.event.getAllProperties('attendee')).toHaveLength(1);
    });

    it('lets a calendar applying RFC 5546 end with the moved meeting, then with nothing', () => {
      const calendar = new SimulatedCalendar();
      const first = buildInvitation(anInvitation({ sequence: 0, dtstamp: new Date('2025-03-10T08:00:00Z') }));
      const moved = buildInvitation(
        anInvitation({
          sequence: 1,
          dtstamp: new Date('2025-03-12T08:00:00Z'),
          summary: 'Comité de pilotage local (reporté)',
          start: new Date('2025-04-07T07:00:00Z'),
          end: new Date('2025-04-07T09:00:00Z'),
        }),
      );
      const cancel = buildInvitation(anInvitation({ method: 'CANCEL', sequence: 2, dtstamp: new Date('2025-03-20T08:00:00Z') }));

      calendar.receive(first);
      calendar.receive(moved);
      // The first invitation, delivered late, must not undo the move.
      calendar.receive(first);
      expect([...calendar.events.values()]).toEqual([
        { sequence: 1, summary: 'Comité de pilotage local (reporté)', start: new Date('2025-04-07T07:00:00Z') },
      ]);

      calendar.receive(cancel);
      expect(calendar.events.size).toBe(0);
    });

    it('withdraws one attendee from a meeting that goes on with a CANCEL without STATUS', () => {
      const text = buildInvitation(
        anInvitation({ method: 'CANCEL', sequence: 3, uninvite: true, attendee: { name: 'Invitée', email: 'invitee@example.fr', role: 'OPT-PARTICIPANT' } }),
      );
      const { calendar, event } = parsedEvent(text);
      expect(calendar.getFirstPropertyValue('method')).toBe('CANCEL');
      expect(event.getFirstProperty('status')).toBeNull();
      expect((event.getFirstProperty('attendee') as ICAL.Property).getFirstValue()).toBe('mailto:invitee@example.fr');
    });

    it('refuses to uninvite with a REQUEST or with a STATUS', () => {
      expect(refusal(anInvitation({ uninvite: true })).details.fields).toEqual([{ path: 'uninvite', code: 'wrong_format', message: 'applies only to method CANCEL' }]);
      expect(refusal(anInvitation({ method: 'CANCEL', uninvite: true, status: 'CANCELLED' })).details.fields).toEqual([
        { path: 'status', code: 'wrong_format', message: 'must be absent when uninviting one attendee' },
      ]);
    });

    it('gives the MIME type whose method matches the METHOD property', () => {
      expect(calendarContentType('REQUEST')).toBe('text/calendar; charset=utf-8; method=REQUEST');
      expect(calendarContentType('CANCEL')).toBe('text/calendar; charset=utf-8; method=CANCEL');
    });
  });
});

/** A calendar store applying iTIP REQUEST and CANCEL by RFC 5546 §2.1.5 (SEQUENCE, then DTSTAMP). */
class SimulatedCalendar {
  readonly events = new Map<string, { sequence: number; summary: string; start: Date }>();
  private readonly stamps = new Map<string, number>();

  receive(text: string): void {
    const { calendar, event } = parsedEvent(text);
    const method = calendar.getFirstPropertyValue('method');
    const uid = event.getFirstPropertyValue('uid') as string;
    const sequence = (event.getFirstPropertyValue('sequence') as number | null) ?? 0;
    const dtstamp = (event.getFirstPropertyValue('dtstamp') as ICAL.Time).toJSDate().getTime();
    const known = this.events.get(uid);
    const newer =
      !known || sequence > known.sequence || (sequence === known.sequence && dtstamp > (this.stamps.get(uid) ?? 0));
    if (!newer) return;
    if (method === 'CANCEL') {
      this.events.delete(uid);
    } else if (method === 'REQUEST') {
      this.events.set(uid, {
        sequence,
        summary: event.getFirstPropertyValue('summary') as string,
        start: (event.getFirstPropertyValue('dtstart') as ICAL.Time).toJSDate(),
      });
    }
    this.stamps.set(uid, dtstamp);
  }
}
