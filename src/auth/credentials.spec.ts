import { Request } from 'express';
import { hashSecret, newSecret, readCookie, readCredential, redactSecrets, sameHash, sessionCookie } from './credentials';

const request = (headers: Record<string, string>) => ({ headers }) as unknown as Request;

describe('credentials', () => {
  it('makes 256-bit secrets with their prefix, never twice the same', () => {
    const secrets = new Set(Array.from({ length: 100 }, () => newSecret('copil_')));
    expect(secrets.size).toBe(100);
    for (const secret of secrets) expect(secret).toMatch(/^copil_[A-Za-z0-9_-]{43}$/);
  });

  it('hashes with the configured key: another key, another hash', () => {
    const key = 'k'.repeat(32);
    expect(hashSecret(key, 'copil_abc')).toMatch(/^[0-9a-f]{64}$/);
    expect(hashSecret(key, 'copil_abc')).toBe(hashSecret(key, 'copil_abc'));
    expect(hashSecret('j'.repeat(32), 'copil_abc')).not.toBe(hashSecret(key, 'copil_abc'));
  });

  it('compares hashes whatever their lengths', () => {
    expect(sameHash('ab12', 'ab12')).toBe(true);
    expect(sameHash('ab12', 'ab13')).toBe(false);
    expect(sameHash('ab12', 'ab1')).toBe(false);
  });

  it('reads the bearer token first, then the session cookie', () => {
    expect(readCredential(request({ authorization: 'Bearer copil_x-y_z', cookie: 'copil_session=s' }))).toEqual({ secret: 'copil_x-y_z', via: 'header' });
    expect(readCredential(request({ cookie: 'theme=dark; copil_session=copilsession_abc; lang=fr' }))).toEqual({ secret: 'copilsession_abc', via: 'cookie' });
    expect(readCredential(request({}))).toBeNull();
    expect(readCredential(request({ authorization: 'Basic dXNlcjpwYXNz' }))).toBe('malformed');
    expect(readCredential(request({ authorization: 'Bearer' }))).toBe('malformed');
  });

  it('ignores cookies of other names and malformed values', () => {
    expect(readCookie('xcopil_session=a', 'copil_session')).toBeNull();
    expect(readCookie('copil_session=%E0%A4%A', 'copil_session')).toBeNull();
    expect(readCookie(undefined, 'copil_session')).toBeNull();
  });

  it('writes the session cookie HttpOnly, SameSite=Lax, Secure behind https', () => {
    expect(sessionCookie('copilsession_abc', { secure: true, maxAgeSeconds: 3600 })).toBe(
      'copil_session=copilsession_abc; Path=/; HttpOnly; SameSite=Lax; Max-Age=3600; Secure',
    );
    expect(sessionCookie('x', { secure: false, maxAgeSeconds: 0 })).not.toContain('Secure');
  });

  it('strips tokens, feed addresses, links and cookies from text bound for a log', () => {
    const secret = newSecret();
    const text = [
      `GET /auth/callback?token=${secret}&x=1`,
      `Authorization: Bearer ${newSecret('copilsession_')}`,
      `failed for ${newSecret('copil_')}`,
      `cookie copil_session=${newSecret('copilsession_')}; lang=fr`,
      `GET /calendar-feeds/${newSecret('copilcal_')}.ics 304`,
    ].join('\n');
    const redacted = redactSecrets(text);
    expect(redacted).toBe(
      [
        'GET /auth/callback?token=[redacted]&x=1',
        'Authorization: Bearer [redacted]',
        'failed for copil_[redacted]',
        'cookie copil_session=[redacted]; lang=fr',
        'GET /calendar-feeds/copilcal_[redacted].ics 304',
      ].join('\n'),
    );
  });
});
