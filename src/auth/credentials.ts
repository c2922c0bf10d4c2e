import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { Request } from 'express';

/** Name of the HttpOnly cookie that carries a session for browsers. */
export const SESSION_COOKIE = 'copil_session';

/** Name of the cookie security scheme in the OpenAPI document. */
export const SESSION_COOKIE_SCHEME = 'session_cookie';

/** Recognisable prefixes, so that secret scanners and people can tell what leaked. */
export const API_TOKEN_PREFIX = 'copil_';
export const SESSION_TOKEN_PREFIX = 'copilsession_';
/** A calendar feed's address ends in it: the address is the secret; 256 random bits follow. */
export const FEED_TOKEN_PREFIX = 'copilcal_';

const SECRET_BYTES = 32;

/** 32 random bytes, base64url: 43 characters, 256 bits. */
export function newSecret(prefix = ''): string {
  return `${prefix}${randomBytes(SECRET_BYTES).toString('base64url')}`;
}

/**
 * What the database keeps of a secret: HMAC-SHA256 under the configured key, so that a copy of
 * the database alone can neither use nor check a token. Lookups are by this hash.
 */
export function hashSecret(key: string, secret: string): string {
  return createHmac('sha256', key).update(secret, 'utf8').digest('hex');
}

/** Compares two hashes without leaking, through timing, how much of them matched. */
export function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}

export interface PresentedCredential {
  secret: string;
  via: 'header' | 'cookie';
}

/** The bearer token of the Authorization header, else the session cookie; null when neither. */
export function readCredential(request: Request): PresentedCredential | null | 'malformed' {
  const header = request.headers.authorization;
  if (header !== undefined) {
    const match = /^Bearer\s+([A-Za-z0-9_\-.~+/]+=*)\s*$/i.exec(header);
    return match ? { secret: match[1], via: 'header' } : 'malformed';
  }
  const cookie = readCookie(request.headers.cookie, SESSION_COOKIE);
  return cookie ? { secret: cookie, via: 'cookie' } : null;
}

export function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const separator = part.indexOf('=');
    if (separator < 0) continue;
    if (part.slice(0, separator).trim() !== name) continue;
    const value = part.slice(separator + 1).trim();
    try {
      return decodeURIComponent(value) || null;
    } catch {
      return null;
    }
  }
  return null;
}

export interface CookieOptions {
  secure: boolean;
  maxAgeSeconds: number;
}

/** The session cookie: HttpOnly (no script reads it), SameSite=Lax, Secure behind https. */
export function sessionCookie(value: string, options: CookieOptions): string {
  const parts = [`${SESSION_COOKIE}=${encodeURIComponent(value)}`, 'Path=/', 'HttpOnly', 'SameSite=Lax', `Max-Age=${options.maxAgeSeconds}`];
  if (options.secure) parts.push('Secure');
  return parts.join('; ');
}

export function clearedSessionCookie(secure: boolean): string {
  return sessionCookie('', { secure, maxAgeSeconds: 0 });
}

const SECRET_PATTERNS: Array<[RegExp, string]> = [
  [/([?&](?:token|code)=)[^&#\s"']+/gi, '$1[redacted]'],
  [/(Bearer\s+)[A-Za-z0-9_\-.~+/]+=*/gi, '$1[redacted]'],
  [new RegExp(`\\b(${SESSION_TOKEN_PREFIX}|${FEED_TOKEN_PREFIX}|${API_TOKEN_PREFIX})[A-Za-z0-9_-]{20,}`, 'g'), '$1[redacted]'],
  [/(copil_session=)[^;\s"']+/gi, '$1[redacted]'],
];

/** For anything that may end in a log: strips tokens, feed addresses, links' token= and cookies. */
export function redactSecrets(text: string): string {
  return SECRET_PATTERNS.reduce((result, [pattern, replacement]) => result.replace(pattern, replacement), text);
}
