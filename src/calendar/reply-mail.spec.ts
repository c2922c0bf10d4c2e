import { hasCalendarPart, readReplyMail } from './reply-mail';

const CRLF = '\r\n';
const REPLY = ['BEGIN:VCALENDAR', 'METHOD:REPLY', 'BEGIN:VEVENT', 'UID:x@copil', 'END:VEVENT', 'END:VCALENDAR', ''].join(CRLF);
const REQUEST = REPLY.replace('METHOD:REPLY', 'METHOD:REQUEST');

function mail(headers: string[], parts: { type: string; body: string; filename?: string }[]): string {
  const boundary = 'b0undary';
  return [
    ...headers,
    'MIME-Version: 1.0',
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
    '',
    ...parts.flatMap((part) => [
      `--${boundary}`,
      `Content-Type: ${part.type}`,
      ...(part.filename ? [`Content-Disposition: attachment; filename="${part.filename}"`] : []),
      'Content-Transfer-Encoding: base64',
      '',
      Buffer.from(part.body).toString('base64'),
    ]),
    `--${boundary}--`,
    '',
  ].join(CRLF);
}

describe('readReplyMail', () => {
  it('finds the REPLY once when it comes both as text/calendar and as invite.ics, and every address the mail went to', async () => {
    const text = mail(
      ['From: a@example.fr', 'To: "DSDEN" <Ce.Dsden38+abc@Example.fr>, b@example.fr', 'Cc: c@example.fr', 'Delivered-To: ce.dsden38+abc@example.fr', 'X-Original-To: <d@example.fr>'],
      [
        { type: 'text/plain', body: 'Réponse' },
        { type: 'text/calendar; method=REPLY; charset=utf-8', body: REPLY },
        { type: 'application/ics; name="invite.ics"', body: REPLY, filename: 'invite.ics' },
      ],
    );
    const read = await readReplyMail(text);
    expect(read.replies).toEqual([REPLY]);
    expect(read.recipients.sort()).toEqual(['b@example.fr', 'c@example.fr', 'ce.dsden38+abc@example.fr', 'd@example.fr']);
  });

  it('finds no REPLY in an invitation or in a mail without calendar', async () => {
    expect((await readReplyMail(mail(['To: x@example.fr'], [{ type: 'text/calendar; method=REQUEST', body: REQUEST }]))).replies).toEqual([]);
    expect((await readReplyMail(mail(['To: x@example.fr'], [{ type: 'text/plain', body: 'METHOD:REPLY' }]))).replies).toEqual([]);
  });
});

describe('hasCalendarPart', () => {
  it('sees a calendar part or an .ics file anywhere in the structure, and nothing in a plain mail', () => {
    expect(hasCalendarPart({ type: 'multipart/alternative', childNodes: [{ type: 'text/plain' }, { type: 'text/calendar' }] })).toBe(true);
    expect(hasCalendarPart({ type: 'multipart/mixed', childNodes: [{ type: 'application/octet-stream', dispositionParameters: { filename: 'Invite.ICS' } }] })).toBe(true);
    expect(hasCalendarPart({ type: 'text/plain' })).toBe(false);
    expect(hasCalendarPart(undefined)).toBe(false);
  });
});
