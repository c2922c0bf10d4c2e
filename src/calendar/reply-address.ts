import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The address a recipient's calendar sends its REPLY to: the sender's own address with a
 * per-recipient secret after a `+` (`ce.dsden38+k3…q@ac-grenoble.fr`), written as the ORGANIZER
 * of that recipient's invitation only. Mail servers deliver `local+anything@domain` to `local`,
 * so replies land in the sender's mailbox; the secret, an HMAC of the convocation's id under
 * COPIL_SECRET, proves that whoever answers holds that recipient's copy of the invitation.
 * See docs/calendar-replies.md.
 */

/** Separates these signatures from any other HMAC made with the same secret. */
const PURPOSE = 'copil:calendar-reply:v1:';
/** 15 bytes (120 bits) of the HMAC, 24 characters of base32. */
const TOKEN_BYTES = 15;
const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';
const TOKEN_IN_ADDRESS = /^[^@\s]+\+([a-z2-7]{24})@[^@\s]+$/i;

/** The secret part of a recipient's reply address: lower-case base32, so that case-folding mail systems keep it. */
export function replyToken(convocationId: string, secret: string): string {
  const mac = createHmac('sha256', secret).update(PURPOSE).update(convocationId).digest().subarray(0, TOKEN_BYTES);
  let bits = 0;
  let value = 0;
  let token = '';
  for (const byte of mac) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      token += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return token;
}

/**
 * The ORGANIZER address of one recipient's invitation: `<local>+<token>@<domain>` made from the
 * sender's address (a `+tag` it already carries is kept before ours).
 */
export function calendarReplyAddress(senderEmail: string, convocationId: string, secret: string): string {
  const at = senderEmail.lastIndexOf('@');
  if (at <= 0) throw new RangeError(`not an email address: ${senderEmail}`);
  return `${senderEmail.slice(0, at)}+${replyToken(convocationId, secret)}@${senderEmail.slice(at + 1)}`;
}

/** Whether one of the addresses (the REPLY's ORGANIZER, the mail's recipients) is that convocation's reply address. */
export function provesConvocation(addresses: readonly string[], convocationId: string, secret: string): boolean {
  const expected = Buffer.from(replyToken(convocationId, secret));
  let proven = false;
  for (const address of addresses) {
    const match = TOKEN_IN_ADDRESS.exec(address.trim());
    if (!match) continue;
    const given = Buffer.from(match[1].toLowerCase());
    // Every candidate is compared, in constant time: the answer must not leak how close a guess came.
    if (given.length === expected.length && timingSafeEqual(given, expected)) proven = true;
  }
  return proven;
}
