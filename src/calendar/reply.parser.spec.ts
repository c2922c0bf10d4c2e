import { buildInvitation } from './invitation.builder';
import { InvalidCalendarReplyError, InvalidReplyReason, parseReply, shouldApplyReply } from './reply.parser';

const UID = '6f1c2e0a-8d4b-4b7e-9a51-3c2d1e0f9a8b@copil';
const crlf = (lines: string[]) => lines.join('\r\n') + '\r\n';

// Shaped like what Gmail sends back when the attendee clicks "Oui".
const gmailAccepted = crlf([
  'BEGIN:VCALENDAR',
  'PRODID:-//Google Inc//Google Calendar 70.9054//EN',
  'VERSION:2.0',
  'CALSCALE:GREGORIAN',
  'METHOD:REPLY',
  'BEGIN:VEVENT',
  'DTSTART:20250331T070000Z',
  'DTEND:20250331T090000Z',
  'DTSTAMP:20250312T091502Z',
  'ORGANIZER;CN=Claire Martin:mailto:direction.0382460t@ac-grenoble.fr',
  `UID:${UID}`,
  'ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;CN=Jean Du',
  ' pont;X-NUM-GUESTS=0:mailto:Jean.Dupont@gmail.com',
  'CREATED:20250310T081500Z',
  'DESCRIPTION:Ordre du jour :\\n1. Bilan du trimestre',
  'LAST-MODIFIED:20250312T091502Z',
  'LOCATION:École élémentaire\\, salle du conseil',
  'SEQUENCE:0',
  'STATUS:CONFIRMED',
  'SUMMARY:Comité de pilotage local',
  'TRANSP:OPAQUE',
  'END:VEVENT',
  'END:VCALENDAR',
]);

// Shaped like Outlook / Exchange: MAILTO in capitals, a Windows VTIMEZONE, LANGUAGE parameters and
// the note typed by the attendee in COMMENT.
const outlookDeclined = crlf([
  'BEGIN:VCALENDAR',
  'METHOD:REPLY',
  'PRODID:Microsoft Exchange Server 2010',
  'VERSION:2.0',
  'BEGIN:VTIMEZONE',
  'TZID:Romance Standard Time',
  'BEGIN:STANDARD',
  'DTSTART:16010101T030000',
  'TZOFFSETFROM:+0200',
  'TZOFFSETTO:+0100',
  'RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=10',
  'END:STANDARD',
  'BEGIN:DAYLIGHT',
  'DTSTART:16010101T020000',
  'TZOFFSETFROM:+0100',
  'TZOFFSETTO:+0200',
  'RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=3',
  'END:DAYLIGHT',
  'END:VTIMEZONE',
  'BEGIN:VEVENT',
  'ATTENDEE;PARTSTAT=DECLINED;CN=Hélène Lefèvre:MAILTO:Helene.Lefevre@AC-GRENOBLE.',
  ' FR',
  'COMMENT;LANGUAGE=fr-FR:Je serai en formation ce jour-là\\, je me fais représ',
  ' enter par mon adjointe.',
  'SUMMARY;LANGUAGE=fr-FR:Refusé: Comité de pilotage local',
  'DTSTART;TZID=Romance Standard Time:20250331T090000',
  'DTEND;TZID=Romance Standard Time:20250331T110000',
  `UID:${UID}`,
  'CLASS:PUBLIC',
  'PRIORITY:5',
  'DTSTAMP:20250314T163015Z',
  'TRANSP:OPAQUE',
  'STATUS:CONFIRMED',
  'SEQUENCE:1',
  'LOCATION;LANGUAGE=fr-FR:École élémentaire\\, salle du conseil',
  'X-MICROSOFT-CDO-APPT-SEQUENCE:1',
  'X-MICROSOFT-CDO-OWNERAPPTID:2123456789',
  'X-MICROSOFT-CDO-BUSYSTATUS:FREE',
  'END:VEVENT',
  'END:VCALENDAR',
]);

// Shaped like Apple Calendar on an iPhone delegating to a colleague: quoted CN, EMAIL parameter,
// a line folded inside a parameter.
const appleDelegated = crlf([
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//Apple Inc.//iPhone OS 17.4//EN',
  'METHOD:REPLY',
  'CALSCALE:GREGORIAN',
  'BEGIN:VEVENT',
  'ATTENDEE;CN="Dupont, Jean";DELEGATED-TO="mailto:Adjoint.Ien@ac-guyane.fr";',
  ' EMAIL=jean.dupont@icloud.com;PARTSTAT=DELEGATED:mailto:jean.dupont@icloud.c',
  ' om',
  'DTEND:20250331T140000Z',
  'DTSTAMP:20250315T101010Z',
  'DTSTART:20250331T120000Z',
  'ORGANIZER;CN="Académie de Guyane":mailto:secretariat.copil@ac-guyane.fr',
  'REQUEST-STATUS:2.0;Success',
  'SEQUENCE:2',
  'SUMMARY:Comité de pilotage',
  `UID:${UID}`,
  'END:VEVENT',
  'END:VCALENDAR',
]);

// Thunderbird's "Peut-être", with LF line ends as some mail paths leave them.
const thunderbirdTentative = [
  'BEGIN:VCALENDAR',
  'PRODID:-//Mozilla.org/NONSGML Mozilla Calendar V1.1//EN',
  'VERSION:2.0',
  'METHOD:REPLY',
  'BEGIN:VEVENT',
  `UID:${UID}`,
  'DTSTAMP:20250316T080000Z',
  'ATTENDEE;RSVP=TRUE;PARTSTAT=TENTATIVE;ROLE=OPT-PARTICIPANT:mailto:invite@ex',
  ' ample.fr',
  'SEQUENCE:0',
  'END:VEVENT',
  'END:VCALENDAR',
  '',
].join('\n');

function reasonFor(text: string): InvalidReplyReason {
  try {
    parseReply(text);
  } catch (error) {
    if (error instanceof InvalidCalendarReplyError) {
      expect(error.code).toBe('invalid_calendar_reply');
      expect(error.kind).toBe('invalid');
      return error.reason;
    }
    throw error;
  }
  throw new Error('expected the reply to be refused');
}

describe('parseReply', () => {
  it('reads a Gmail acceptance, lower-casing the address and unfolding the CN', () => {
    expect(parseReply(gmailAccepted)).toEqual({
      uid: UID,
      sequence: 0,
      dtstamp: new Date('2025-03-12T09:15:02Z'),
      attendeeEmail: 'jean.dupont@gmail.com',
      partstat: 'ACCEPTED',
      organizerEmail: 'direction.0382460t@ac-grenoble.fr',
    });
  });

  it('reads an Outlook refusal with MAILTO in capitals and the note the attendee typed', () => {
    expect(parseReply(outlookDeclined)).toEqual({
      uid: UID,
      sequence: 1,
      dtstamp: new Date('2025-03-14T16:30:15Z'),
      attendeeEmail: 'helene.lefevre@ac-grenoble.fr',
      partstat: 'DECLINED',
      comment: 'Je serai en formation ce jour-là, je me fais représenter par mon adjointe.',
    });
  });

  it('reads an Apple Calendar delegation with the delegate’s address', () => {
    expect(parseReply(appleDelegated)).toEqual({
      uid: UID,
      sequence: 2,
      dtstamp: new Date('2025-03-15T10:10:10Z'),
      attendeeEmail: 'jean.dupont@icloud.com',
      partstat: 'DELEGATED',
      delegatedTo: 'adjoint.ien@ac-guyane.fr',
      organizerEmail: 'secretariat.copil@ac-guyane.fr',
    });
  });

  it('reads a Thunderbird tentative answer written with bare LF line ends', () => {
    expect(parseReply(thunderbirdTentative)).toMatchObject({ attendeeEmail: 'invite@example.fr', partstat: 'TENTATIVE', sequence: 0 });
  });

  it('reads the reply of a delegate, saying who delegated', () => {
    const text = gmailAccepted.replace(
      /ATTENDEE;[^]*?gmail\.com\r\n/,
      'ATTENDEE;PARTSTAT=ACCEPTED;DELEGATED-FROM="mailto:jean.dupont@icloud.com":mailto:adjoint.ien@ac-guyane.fr\r\n',
    );
    expect(parseReply(text)).toMatchObject({ attendeeEmail: 'adjoint.ien@ac-guyane.fr', delegatedFrom: 'jean.dupont@icloud.com' });
  });

  it('takes an ATTENDEE without PARTSTAT as NEEDS-ACTION and a missing SEQUENCE as 0', () => {
    const text = gmailAccepted.replace('PARTSTAT=ACCEPTED;', '').replace('SEQUENCE:0\r\n', '');
    expect(parseReply(text)).toMatchObject({ partstat: 'NEEDS-ACTION', sequence: 0 });
  });

  it('cleans control characters out of the comment and leaves out an empty one', () => {
    const withControls = outlookDeclined.replace('Je serai en formation', 'Je\\nserai\u0000 en formation');
    expect(parseReply(withControls).comment).toBe('Je\nserai  en formation ce jour-là, je me fais représenter par mon adjointe.');
    expect(parseReply(outlookDeclined.replace(/COMMENT;[^]*?adjointe\.\r\n/, 'COMMENT: \r\n'))).not.toHaveProperty('comment');
  });

  it('reads a DTSTAMP written without "Z" as UTC', () => {
    expect(parseReply(gmailAccepted.replace('DTSTAMP:20250312T091502Z', 'DTSTAMP:20250312T091502')).dtstamp).toEqual(
      new Date('2025-03-12T09:15:02Z'),
    );
  });

  it('cannot be fed one of our own invitations: it is a REQUEST', () => {
    const invitation = buildInvitation({
      method: 'REQUEST',
      uid: UID,
      sequence: 0,
      dtstamp: new Date('2025-03-10T08:15:00Z'),
      start: new Date('2025-03-31T07:00:00Z'),
      end: new Date('2025-03-31T09:00:00Z'),
      timeZone: 'Europe/Paris',
      summary: 'Comité',
      description: '',
      organizer: { name: 'Claire Martin', email: 'claire.martin@ac-grenoble.fr' },
      attendee: { name: 'Jean Dupont', email: 'jean.dupont@example.fr', role: 'REQ-PARTICIPANT' },
    });
    expect(reasonFor(invitation)).toBe('not_reply');
    expect(() => parseReply(invitation)).toThrow("The calendar's METHOD is REQUEST, expected REPLY");
  });

  describe('refuses', () => {
    it.each<[string, string, InvalidReplyReason]>([
      ['an empty text', '', 'not_icalendar'],
      ['plain prose', 'Bonjour, je serai présent.', 'not_icalendar'],
      ['a calendar that never ends', gmailAccepted.replace('END:VCALENDAR\r\n', ''), 'not_icalendar'],
      ['two calendars', gmailAccepted + gmailAccepted, 'not_icalendar'],
      ['a bare VEVENT', gmailAccepted.replace(/^[^]*?(BEGIN:VEVENT)/, '$1').replace('END:VCALENDAR\r\n', ''), 'not_icalendar'],
      ['a calendar without METHOD', gmailAccepted.replace('METHOD:REPLY\r\n', ''), 'not_reply'],
      ['a PUBLISH', gmailAccepted.replace('METHOD:REPLY', 'METHOD:PUBLISH'), 'not_reply'],
      ['a REPLY without VEVENT', gmailAccepted.replace(/BEGIN:VEVENT[^]*END:VEVENT\r\n/, ''), 'no_event'],
      ['a REPLY with two VEVENTs', gmailAccepted.replace(/(BEGIN:VEVENT[^]*END:VEVENT\r\n)/, '$1$1'), 'several_events'],
      ['a VEVENT without UID', gmailAccepted.replace(`UID:${UID}\r\n`, ''), 'no_uid'],
      ['a UID holding a NUL', gmailAccepted.replace(`UID:${UID}`, `UID:${UID}\u0000`), 'no_uid'],
      ['a VEVENT without DTSTAMP', gmailAccepted.replace('DTSTAMP:20250312T091502Z\r\n', ''), 'no_dtstamp'],
      ['a garbled DTSTAMP', gmailAccepted.replace('DTSTAMP:20250312T091502Z', 'DTSTAMP:yesterday'), 'no_dtstamp'],
      ['a non-numeric SEQUENCE', gmailAccepted.replace('SEQUENCE:0', 'SEQUENCE:abc'), 'invalid_sequence'],
      ['a negative SEQUENCE', gmailAccepted.replace('SEQUENCE:0', 'SEQUENCE:-1'), 'invalid_sequence'],
      ['a VEVENT without ATTENDEE', gmailAccepted.replace(/ATTENDEE;[^]*?gmail\.com\r\n/, ''), 'no_attendee'],
      [
        'several attendees',
        gmailAccepted.replace('TRANSP:OPAQUE', 'ATTENDEE;PARTSTAT=ACCEPTED:mailto:other@example.fr\r\nTRANSP:OPAQUE'),
        'several_attendees',
      ],
      ['an attendee that is not an e-mail', gmailAccepted.replace('mailto:Jean.Dupont@gmail.com', 'urn:uuid:1234'), 'attendee_not_email'],
      ['an attendee address with a space', gmailAccepted.replace('mailto:Jean.Dupont@gmail.com', 'mailto:jean dupont@gmail.com'), 'attendee_not_email'],
      ['a PARTSTAT for to-dos', gmailAccepted.replace('PARTSTAT=ACCEPTED', 'PARTSTAT=COMPLETED'), 'unknown_partstat'],
      ['a delegation to something that is not an e-mail', appleDelegated.replace('mailto:Adjoint.Ien@ac-guyane.fr', 'Adjoint'), 'invalid_delegation'],
    ])('%s', (_case, text, reason) => {
      expect(reasonFor(text)).toBe(reason);
    });

    it('says in English what is wrong', () => {
      expect(() => parseReply(gmailAccepted.replace('TRANSP:OPAQUE', 'ATTENDEE:mailto:b@example.fr\r\nTRANSP:OPAQUE'))).toThrow(
        'The reply VEVENT has 2 ATTENDEE properties, expected the one answering',
      );
      expect(() => parseReply('hello')).toThrow(/^The reply is not valid iCalendar: /);
    });
  });
});

describe('shouldApplyReply', () => {
  const reply = (sequence: number, dtstamp: string) => ({ sequence, dtstamp: new Date(dtstamp) });

  it('ignores a reply to an older version of the meeting', () => {
    expect(shouldApplyReply(2, null, reply(1, '2025-03-20T10:00:00Z'))).toBe(false);
  });

  it('applies the first reply to the current version', () => {
    expect(shouldApplyReply(2, null, reply(2, '2025-03-20T10:00:00Z'))).toBe(true);
  });

  it('applies a later reply to the same version', () => {
    expect(shouldApplyReply(2, new Date('2025-03-20T10:00:00Z'), reply(2, '2025-03-20T10:05:00Z'))).toBe(true);
  });

  it('ignores a reply to the same version stamped before the one already applied', () => {
    expect(shouldApplyReply(2, new Date('2025-03-20T10:05:00Z'), reply(2, '2025-03-20T10:00:00Z'))).toBe(false);
  });

  it('applies again a reply stamped at the same second (a redelivery changes nothing)', () => {
    expect(shouldApplyReply(2, new Date('2025-03-20T10:05:00Z'), reply(2, '2025-03-20T10:05:00Z'))).toBe(true);
  });

  it('applies a reply with a higher sequence whatever its stamp', () => {
    expect(shouldApplyReply(1, new Date('2025-03-20T10:05:00Z'), reply(2, '2025-03-01T00:00:00Z'))).toBe(true);
  });

  it('works on what parseReply returns', () => {
    expect(shouldApplyReply(1, new Date('2025-03-14T16:00:00Z'), parseReply(outlookDeclined))).toBe(true);
    expect(shouldApplyReply(2, null, parseReply(outlookDeclined))).toBe(false);
  });
});
