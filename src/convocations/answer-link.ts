import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The token in an answer link: the convocation's id and an HMAC-SHA256 of it under the
 * installation's secret, base64url, so a link cannot be made for a convocation without the secret
 * and cannot be altered to point at another one. It holds no expiry of its own: a link is valid
 * until the meeting ends, as the meeting stands when the link is used, so moving a meeting later
 * does not kill the links already sent and moving it earlier shortens them.
 */

/** Separates these signatures from any other HMAC made with the same secret. */
const PURPOSE = 'copil:convocation-answer:v1:';
const UUID_BYTES = 16;
const MAC_BYTES = 32;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function mac(secret: string, id: Buffer): Buffer {
  return createHmac('sha256', secret).update(PURPOSE).update(id).digest();
}

function uuidBytes(id: string): Buffer {
  if (!UUID.test(id)) throw new RangeError(`not a lower-case UUID: ${id}`);
  return Buffer.from(id.replace(/-/g, ''), 'hex');
}

function uuidText(bytes: Buffer): string {
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function signAnswerToken(convocationId: string, secret: string): string {
  const id = uuidBytes(convocationId);
  return Buffer.concat([id, mac(secret, id)]).toString('base64url');
}

/** The convocation id a token was signed for, or null when the token is malformed or forged. */
export function verifyAnswerToken(token: string, secret: string): string | null {
  if (typeof token !== 'string' || !/^[A-Za-z0-9_-]{64}$/.test(token)) return null;
  const bytes = Buffer.from(token, 'base64url');
  if (bytes.length !== UUID_BYTES + MAC_BYTES) return null;
  const id = bytes.subarray(0, UUID_BYTES);
  const given = bytes.subarray(UUID_BYTES);
  return timingSafeEqual(given, mac(secret, id)) ? uuidText(id) : null;
}
