/**
 * REPLY emails as calendar clients write them, by hand from what they really send (headers,
 * MIME layout, iCalendar quirks), to deliver into a real mailbox with IMAP APPEND.
 */

export interface ClientReply {
  uid: string;
  sequence: number;
  partstat: 'ACCEPTED' | 'DECLINED' | 'TENTATIVE' | 'DELEGATED';
  attendee: { name: string; email: string };
  /** The ORGANIZER the client copies from the invitation. */
  organizer: { name: string; email: string };
  /** Where the mail is sent: the ORGANIZER's address, unless a server rewrote one of them. */
  to: string;
  summary: string;
  start: Date;
  end: Date;
  /** When the attendee answered (DTSTAMP, Date). */
  at: Date;
  delegatedTo?: string;
}

const CRLF = '\r\n';

function utc(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/** Local wall-clock time in Paris as Outlook and Thunderbird write it beside their VTIMEZONE. */
function paris(date: Date): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/Paris',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(date);
  const get = (type: string) => parts.find((part) => part.type === type)?.value ?? '';
  return `${get('year')}${get('month')}${get('day')}T${get('hour')}${get('minute')}${get('second')}`;
}

/** Folds at 75 octets, as every client does (not always at a character boundary: clients differ, readers cope). */
function fold(line: string): string {
  const bytes = Buffer.from(line, 'utf8');
  if (bytes.length <= 75) return line;
  const chunks: string[] = [];
  let start = 0;
  let width = 75;
  while (start < bytes.length) {
    let end = Math.min(start + width, bytes.length);
    while (end < bytes.length && (bytes[end] & 0xc0) === 0x80) end -= 1;
    chunks.push(bytes.subarray(start, end).toString('utf8'));
    start = end;
    width = 74;
  }
  return chunks.join(`${CRLF} `);
}

function calendar(lines: string[]): string {
  return lines.map(fold).join(CRLF) + CRLF;
}

function base64(text: string): string {
  return (Buffer.from(text, 'utf8').toString('base64').match(/.{1,76}/g) ?? []).join(CRLF);
}

function encodedWord(text: string): string {
  return /^[\x20-\x7e]*$/.test(text) ? text : `=?UTF-8?B?${Buffer.from(text, 'utf8').toString('base64')}?=`;
}

function rfc2822(date: Date): string {
  return date.toUTCString().replace('GMT', '+0000');
}

const PARIS_VTIMEZONE = [
  'BEGIN:VTIMEZONE',
  'TZID:Europe/Paris',
  'BEGIN:DAYLIGHT',
  'TZOFFSETFROM:+0100',
  'TZOFFSETTO:+0200',
  'TZNAME:CEST',
  'DTSTART:19700329T020000',
  'RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3',
  'END:DAYLIGHT',
  'BEGIN:STANDARD',
  'TZOFFSETFROM:+0200',
  'TZOFFSETTO:+0100',
  'TZNAME:CET',
  'DTSTART:19701025T030000',
  'RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10',
  'END:STANDARD',
  'END:VTIMEZONE',
];

/**
 * Outlook (Microsoft 365): multipart/alternative of text/plain and text/calendar method=REPLY,
 * both base64; English subject « Accepted: »; a Windows zone name; MAILTO in capitals; X-MICROSOFT-*
 * and X-MS-OLK-* properties; no .ics attachment.
 */
export function outlookReply(reply: ClientReply): string {
  const ics = calendar([
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
    `ORGANIZER;CN=${reply.organizer.name}:MAILTO:${reply.organizer.email}`,
    `ATTENDEE;PARTSTAT=${reply.partstat};CN=${reply.attendee.name}:MAILTO:${reply.attendee.email.toUpperCase()}`,
    'COMMENT;LANGUAGE=fr-FR:\\n',
    `SUMMARY;LANGUAGE=fr-FR:Accepted: ${reply.summary}`,
    `DTSTART;TZID=Romance Standard Time:${paris(reply.start)}`,
    `DTEND;TZID=Romance Standard Time:${paris(reply.end)}`,
    `UID:${reply.uid}`,
    'CLASS:PUBLIC',
    'PRIORITY:5',
    `DTSTAMP:${utc(reply.at)}`,
    'TRANSP:OPAQUE',
    'STATUS:CONFIRMED',
    `SEQUENCE:${reply.sequence}`,
    `X-MICROSOFT-CDO-APPT-SEQUENCE:${reply.sequence}`,
    'X-MICROSOFT-CDO-OWNERAPPTID:-1137826149',
    'X-MICROSOFT-CDO-BUSYSTATUS:BUSY',
    'X-MICROSOFT-CDO-INTENDEDSTATUS:BUSY',
    'X-MICROSOFT-CDO-ALLDAYEVENT:FALSE',
    'X-MICROSOFT-CDO-IMPORTANCE:1',
    'X-MICROSOFT-CDO-INSTTYPE:0',
    'X-MICROSOFT-DONOTFORWARDMEETING:FALSE',
    'X-MICROSOFT-DISALLOW-COUNTER:FALSE',
    'X-MS-OLK-AUTOSTARTCHECK:FALSE',
    'X-MS-OLK-CONFTYPE:0',
    'END:VEVENT',
    'END:VCALENDAR',
  ]);
  const boundary = '_000_PR1P264MB2415C8A1E0C9D2B0F5A0B6C2D9A3PR1P264MB2415FRAP_';
  return [
    `From: ${encodedWord(reply.attendee.name)} <${reply.attendee.email}>`,
    `To: ${encodedWord(reply.organizer.name)} <${reply.to}>`,
    `Subject: ${encodedWord(`Accepted: ${reply.summary}`)}`,
    `Thread-Topic: ${encodedWord(reply.summary)}`,
    'Thread-Index: AdtF2k3bq8Vd0m1xQ0yP8h3sZ7W1pA==',
    `Date: ${rfc2822(reply.at)}`,
    `Message-ID: <PR1P264MB2415${reply.at.getTime()}@PR1P264MB2415.FRAP264.PROD.OUTLOOK.COM>`,
    'Accept-Language: fr-FR, en-US',
    'Content-Language: fr-FR',
    'X-MS-Has-Attach:',
    'X-MS-TNEF-Correlator:',
    'X-MS-Exchange-Organization-SCL: -1',
    'X-MS-OLK-ForceInspectorOpen: TRUE',
    'MIME-Version: 1.0',
    `Content-Type: multipart/alternative; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset="utf-8"',
    'Content-Transfer-Encoding: base64',
    '',
    base64('\r\n'),
    '',
    `--${boundary}`,
    'Content-Type: text/calendar; charset="utf-8"; method=REPLY',
    'Content-Transfer-Encoding: base64',
    '',
    base64(ics),
    '',
    `--${boundary}--`,
    '',
  ].join(CRLF);
}

/**
 * Thunderbird: multipart/mixed of text/plain, text/calendar method=REPLY (8bit) and the same
 * calendar as application/ics « invite.ics » (base64); a French subject; Europe/Paris VTIMEZONE.
 */
export function thunderbirdReply(reply: ClientReply): string {
  const verb: Record<ClientReply['partstat'], string> = { ACCEPTED: 'Accepté', DECLINED: 'Refusé', TENTATIVE: 'Accepté provisoirement', DELEGATED: 'Délégué' };
  const delegation = reply.delegatedTo ? `;DELEGATED-TO="mailto:${reply.delegatedTo}"` : '';
  const ics = calendar([
    'BEGIN:VCALENDAR',
    'PRODID:-//Mozilla.org/NONSGML Mozilla Calendar V1.1//EN',
    'VERSION:2.0',
    'METHOD:REPLY',
    ...PARIS_VTIMEZONE,
    'BEGIN:VEVENT',
    `CREATED:${utc(reply.at)}`,
    `LAST-MODIFIED:${utc(reply.at)}`,
    `DTSTAMP:${utc(reply.at)}`,
    `UID:${reply.uid}`,
    `SUMMARY:${reply.summary}`,
    `ORGANIZER;CN=${reply.organizer.name}:mailto:${reply.organizer.email}`,
    `ATTENDEE;RSVP=TRUE;CN=${reply.attendee.name};PARTSTAT=${reply.partstat};ROLE=REQ-PARTICIPANT${delegation}:mailto:${reply.attendee.email}`,
    `DTSTART;TZID=Europe/Paris:${paris(reply.start)}`,
    `DTEND;TZID=Europe/Paris:${paris(reply.end)}`,
    `SEQUENCE:${reply.sequence}`,
    'TRANSP:OPAQUE',
    'X-MOZ-RECEIVED-SEQUENCE:' + reply.sequence,
    `X-MOZ-RECEIVED-DTSTAMP:${utc(reply.at)}`,
    'END:VEVENT',
    'END:VCALENDAR',
  ]);
  const boundary = '------------7T0aQ2dD1RWk3mXo9bNcVg4s';
  const subject = `${verb[reply.partstat]} : ${reply.summary}`;
  return [
    `Message-ID: <${reply.at.getTime()}.b2c4@example.thunderbird>`,
    `Date: ${rfc2822(reply.at)}`,
    'MIME-Version: 1.0',
    'User-Agent: Mozilla Thunderbird',
    'Content-Language: fr',
    `From: ${encodedWord(reply.attendee.name)} <${reply.attendee.email}>`,
    `To: ${reply.to}`,
    `Subject: ${encodedWord(subject)}`,
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
    '',
    'This is a multi-part message in MIME format.',
    `--${boundary}`,
    'Content-Type: text/plain; charset=UTF-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    `${reply.attendee.name} a répondu à l’invitation.`,
    '',
    `--${boundary}`,
    'Content-Type: text/calendar; charset=UTF-8; method=REPLY',
    'Content-Transfer-Encoding: 8bit',
    '',
    ics,
    `--${boundary}`,
    'Content-Type: application/ics; name="invite.ics"',
    'Content-Disposition: attachment; filename="invite.ics"',
    'Content-Transfer-Encoding: base64',
    '',
    base64(ics),
    '',
    `--${boundary}--`,
    '',
  ].join(CRLF);
}

/**
 * Gmail: multipart/mixed holding a multipart/alternative (text, HTML, text/calendar method=REPLY
 * 7bit) and the same calendar as application/ics « invite.ics »; UTC times; the attendee's
 * X-NUM-GUESTS; a French subject with the date; Google's headers.
 */
export function gmailReply(reply: ClientReply): string {
  const verb: Record<ClientReply['partstat'], string> = { ACCEPTED: 'Accepté', DECLINED: 'Refusé', TENTATIVE: 'Peut-être', DELEGATED: 'Délégué' };
  const ics = calendar([
    'BEGIN:VCALENDAR',
    'PRODID:-//Google Inc//Google Calendar 70.9054//EN',
    'VERSION:2.0',
    'CALSCALE:GREGORIAN',
    'METHOD:REPLY',
    'BEGIN:VEVENT',
    `DTSTART:${utc(reply.start)}`,
    `DTEND:${utc(reply.end)}`,
    `DTSTAMP:${utc(reply.at)}`,
    `ORGANIZER;CN=${reply.organizer.name}:mailto:${reply.organizer.email}`,
    `UID:${reply.uid}`,
    `ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=${reply.partstat};CN=${reply.attendee.name};X-NUM-GUESTS=0:mailto:${reply.attendee.email}`,
    `CREATED:${utc(reply.at)}`,
    'DESCRIPTION:',
    `LAST-MODIFIED:${utc(reply.at)}`,
    'LOCATION:',
    `SEQUENCE:${reply.sequence}`,
    'STATUS:CONFIRMED',
    `SUMMARY:${reply.summary}`,
    'TRANSP:OPAQUE',
    'END:VEVENT',
    'END:VCALENDAR',
  ]);
  const mixed = '000000000000e1f2a305f1c2b3d4';
  const alternative = '000000000000e1f2a105f1c2b3d2';
  const subject = `${verb[reply.partstat]} : ${reply.summary} @ lun. 14 déc. 2026 09:00 - 11:00 (UTC+1) (${reply.organizer.email})`;
  return [
    'MIME-Version: 1.0',
    `Date: ${rfc2822(reply.at)}`,
    `Message-ID: <calendar-${reply.at.getTime()}-a1b2c3@google.com>`,
    `Subject: ${encodedWord(subject)}`,
    `From: ${encodedWord(reply.attendee.name)} <${reply.attendee.email}>`,
    `To: ${reply.to}`,
    `Content-Type: multipart/mixed; boundary="${mixed}"`,
    '',
    `--${mixed}`,
    `Content-Type: multipart/alternative; boundary="${alternative}"`,
    '',
    `--${alternative}`,
    'Content-Type: text/plain; charset="UTF-8"; format=flowed; delsp=yes',
    'Content-Transfer-Encoding: base64',
    '',
    base64(`${reply.attendee.name} a répondu « ${verb[reply.partstat]} » à cette invitation.\r\n`),
    `--${alternative}`,
    'Content-Type: text/html; charset="UTF-8"',
    'Content-Transfer-Encoding: quoted-printable',
    '',
    '<span itemscope itemtype=3D"http://schema.org/InformAction"></span><p>R=C3=A9ponse</p>',
    `--${alternative}`,
    'Content-Type: text/calendar; charset="UTF-8"; method=REPLY',
    'Content-Transfer-Encoding: 7bit',
    '',
    ics,
    `--${alternative}--`,
    `--${mixed}`,
    'Content-Type: application/ics; name="invite.ics"',
    'Content-Disposition: attachment; filename="invite.ics"',
    'Content-Transfer-Encoding: base64',
    '',
    base64(ics),
    `--${mixed}--`,
    '',
  ].join(CRLF);
}

/** Apple Mail and Calendar (iPhone): delegation, a quoted-printable text/calendar named iCal-*.ics, EMAIL parameter. */
export function appleReply(reply: ClientReply): string {
  const delegation = reply.delegatedTo ? `DELEGATED-TO="mailto:${reply.delegatedTo}";` : '';
  const ics = calendar([
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Apple Inc.//iPhone OS 18.1//EN',
    'METHOD:REPLY',
    'CALSCALE:GREGORIAN',
    'BEGIN:VEVENT',
    `ATTENDEE;CN="${reply.attendee.name}";${delegation}EMAIL=${reply.attendee.email};PARTSTAT=${reply.partstat}:mailto:${reply.attendee.email}`,
    `DTEND:${utc(reply.end)}`,
    `DTSTAMP:${utc(reply.at)}`,
    `DTSTART:${utc(reply.start)}`,
    `ORGANIZER;CN="${reply.organizer.name}":mailto:${reply.organizer.email}`,
    'REQUEST-STATUS:2.0;Success',
    `SEQUENCE:${reply.sequence}`,
    `SUMMARY:${reply.summary}`,
    `UID:${reply.uid}`,
    'END:VEVENT',
    'END:VCALENDAR',
  ]);
  return [
    'Content-Type: text/calendar; method=REPLY; charset=utf-8; name="iCal-20261214-090000.ics"',
    'Content-Transfer-Encoding: base64',
    'Mime-Version: 1.0 (1.0)',
    `Subject: ${encodedWord(`Invitation déléguée : ${reply.summary}`)}`,
    `From: ${encodedWord(reply.attendee.name)} <${reply.attendee.email}>`,
    `Date: ${rfc2822(reply.at)}`,
    `Message-Id: <A1B2C3D4-${reply.at.getTime()}@icloud.com>`,
    `To: ${reply.to}`,
    'X-Mailer: iPhone Mail (22B83)',
    '',
    base64(ics),
    '',
  ].join(CRLF);
}

/** A plain email arriving in the same mailbox: copil must leave it alone. */
export function ordinaryMail(to: string, at: Date): string {
  return [
    'From: Mairie <accueil@mairie.example.fr>',
    `To: ${to}`,
    `Subject: ${encodedWord('Ordre du jour : une question à ajouter')}`,
    `Date: ${rfc2822(at)}`,
    `Message-ID: <ordinary-${at.getTime()}@mairie.example.fr>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    'Bonjour, pourriez-vous ajouter le point « cantine » à l’ordre du jour ? Merci.',
    '',
  ].join(CRLF);
}
